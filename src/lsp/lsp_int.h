/*
** lsp_int.h: the language server's internals shared by lsp.c (protocol,
** documents, diagnostics) and query.c (hover, definition, symbols,
** completion, code actions).  JSON through Jansson (docs/editors.md says
** why): every message is parsed by json_loadb and built with json_t.
*/
#ifndef MDFC_LSP_INT_H
#define MDFC_LSP_INT_H

#include <jansson.h>
#include "front/front.h"
#include "mdfc/lsp.h"
#include "mdfc/mdfc.h"

/* One open document and its last analysis. */
typedef struct LspDoc {
	char *uri;              /* as the client spells it */
	char *path;             /* decoded file path (the URI if not file:) */
	char *canon;            /* realpath, to stand for the file in imports */
	char *text;
	size_t len, cap;
	int64_t version;
	/* analysis of the current text (NULL ctx: not analysed yet) */
	MdfCtx *ctx;
	uint32_t file;
	Interner strs;
	FileSet set;
	IrModule *m;
	IrHw hw;
	char **published;       /* other URIs given diagnostics last time */
	size_t npublished;
} LspDoc;

struct MdfLsp {
	MdfOptions opt;
	char *docs_uri;
	/* framing */
	MdfBuf in;              /* bytes not consumed yet */
	size_t skip;            /* body bytes of an oversized message still to drop */
	/* state */
	bool initialized, shutdown, done;
	int status;
	LspDoc **docs;
	size_t ndocs, capdocs;
	MdfOverlay *overlays;
};

/* lsp.c */
LspDoc *lsp_doc_by_uri(MdfLsp *s, const char *uri);
void lsp_analyse(MdfLsp *s, LspDoc *d);
json_t *lsp_range(MdfCtx *ctx, Span sp);
/* A JSON string of text that may quote the input (mdf_safe_text: valid
   UTF-8, which Jansson requires, with no control or bidi characters). */
json_t *lsp_text(const char *text);
json_t *lsp_location(MdfLsp *s, LspDoc *d, Span sp);
uint32_t lsp_offset(const char *text, size_t len, int64_t line, int64_t character);

/* query.c: each returns the result (never NULL: json_null() when none) */
json_t *lsp_hover(MdfLsp *s, LspDoc *d, uint32_t off);
json_t *lsp_definition(MdfLsp *s, LspDoc *d, uint32_t off);
json_t *lsp_symbols(MdfLsp *s, LspDoc *d);
json_t *lsp_completion(MdfLsp *s, LspDoc *d, uint32_t off);
json_t *lsp_code_actions(MdfLsp *s, LspDoc *d, uint32_t lo, uint32_t hi);

#endif
