/*
** lsp.h: the language server's core (docs/editors.md).  Bytes in, bytes
** out: the caller reads the client's stream and hands it over in pieces of
** any size; every complete message is answered into `out` (framed with
** Content-Length, ready to write).  No I/O, no global state: the driver
** (`mdfc --lsp`), the protocol tests and the fuzz target all feed it.
*/
#ifndef MDFC_LSP_H
#define MDFC_LSP_H

#include <stdbool.h>
#include <stddef.h>
#include "mdfc/buf.h"
#include "mdfc/ctx.h"

typedef struct MdfLsp MdfLsp;

/* `opt` (include folders, stdlib, -D, warning levels) is copied, not its
   arrays: they must outlive the server.  `docs_uri` is the base URI of the
   docs/errors pages (codeDescription.href = docs_uri + "E0201.md"), or NULL. */
MdfLsp *mdf_lsp_new(const MdfOptions *opt, const char *docs_uri);
void mdf_lsp_free(MdfLsp *s);

/* Feed client bytes.  Returns false once the server is done (the `exit`
   notification, or an unrecoverable framing error); then mdf_lsp_status()
   is the exit status: 0 after shutdown + exit, 1 otherwise (LSP 3.17). */
bool mdf_lsp_feed(MdfLsp *s, const char *data, size_t n, MdfBuf *out);
int mdf_lsp_status(const MdfLsp *s);

/* Largest message body accepted (a bigger Content-Length is answered with
   an error and its body skipped without being stored). */
#define MDF_LSP_MAX_MESSAGE ((size_t)64 * 1024 * 1024)

#endif
