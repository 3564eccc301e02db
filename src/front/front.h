/*
** front.h: internals shared by the front end's files (not a public API).
**
**   parse.c   one source -> AstFile (flex/bison glue, brace recovery)
**   ast.c     node builders (ast_*, and the grammar's pa_*), interning
**   ast_dump.c  AST -> indented text
**   import.c  import resolution (search path, import-once, cycles)
**   elab.c    AST of all files -> IrModule (with elab_expr.c,
**             elab_globals.c; elab_int.h)
**   front.c   mdf_front(), mdf_emit_ast()
*/
#ifndef MDFC_FRONT_H
#define MDFC_FRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mdfc/ast.h"
#include "mdfc/buf.h"
#include "mdfc/ctx.h"
#include "mdfc/diag.h"
#include "mdfc/ir.h"

/* The parser's stack limit (bison's YYMAXDEPTH). */
#define FRONT_PARSER_MAX_DEPTH 10000

/* A keyword written in the wrong case is pointed out when it is at most
   three tokens before a syntax error (parse.c); the last four identifiers
   cover every token that close. */
#define FRONT_RECENT_IDS 4

/* AST nodes are allocated this many at a time (ast.c): a block stays
   under the size above which memset switches to `rep stosb` (2 KiB in
   glibc), which callgrind counts byte by byte. */
#define FRONT_NODE_BLOCK 16

/* Interned strings: one table per front-end run. */
typedef struct Interner {
	const char **slots;
	uint32_t cap, n;
	/* the table's one-byte names, by their byte (front_intern_name's
	   fast path: most dimension names are one letter) */
	const char *one[128];
} Interner;

/* The interner's hash, FNV-1a; the table is open-addressed and kept at
   most half full. */
static inline uint32_t
front_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

const char *intern_str(MdfCtx *ctx, Interner *t, const char *s, size_t n);

/* An open brace the scanner wrapper has seen (parse.c). */
typedef enum BraceKind {
	BR_NETWORK, BR_LAYER, BR_DIMS, BR_DATAFLOW, BR_FOR, BR_OTHER, BR_INTERP
} BraceKind;

typedef struct BraceEnt {
	Span open;
	BraceKind kind;
	uint32_t indent;        /* indentation of the line holding the `{` */
} BraceEnt;

/* A token held back while virtual '}' tokens are delivered. */
typedef struct HeldTok {
	int tok;
	int64_t num;
	const char *str;
	Span loc;
} HeldTok;

typedef struct ParseState {
	MdfCtx *ctx;
	Interner *strs;
	uint32_t file;
	const char *text;
	size_t len;
	const char *base;       /* text as the scanner sees it (a span's lo = yytext - base) */
	void *scanner;
	AstFile *out;
	/* scanner wrapper */
	BraceEnt *braces;
	uint32_t nbraces, capbraces;
	int lastkw;             /* last block-opening keyword token, for brace kinds */
	uint32_t parens;
	HeldTok held;
	bool have_held;
	uint32_t close_to;      /* deliver virtual '}' until nbraces == close_to */
	bool closing;
	Span trigger;           /* the token that made us close braces */
	bool eof, fatal;
	bool unclosed_at_eof;   /* a missing `}` was supplied somewhere */
	bool indent_mode;       /* second try: a `}` less indented than its `{`
				   line closes the blocks in between */
	uint32_t nesting_errs;
	/* for did-you-mean on case-mangled keywords: the last few identifiers,
	   compared with the keywords only when a syntax error is reported (a
	   check on every identifier cost more than scanning the whole file) */
	struct {
		const char *str;
		Span span;
		uint32_t at;            /* its token number (ntokens, from 1) */
	} recent_ids[FRONT_RECENT_IDS];
	uint32_t nrecent_ids;       /* identifiers seen; the ring holds the last ones */
	uint32_t kw_used_at;        /* token number of the last one a report used */
	uint32_t ntokens;
	/* the parse's mode (parse.c): the plain parser takes the fast path
	   and stops at the first syntax error; the LAC parser (full) keeps
	   every token's bookkeeping and reports the errors */
	bool full;              /* LAC parse, or front_tokens() */
	bool slow;              /* next token through the slow path (set_slow) */
	bool raw;               /* the slow path is calling the scanner */
	uint32_t syntax_errors; /* seen by the plain parser */
	uint32_t max_nesting;   /* ctx->opt.limits.max_nesting */
	AstNode *nodes;         /* the rest of the current block of nodes */
	uint32_t nodes_left;
	/* -D values: parse one expression */
	bool expr_mode, expr_started;
	AstNode *expr_out;
} ParseState;

const char *front_intern(ParseState *ps, const char *s, size_t n);

/* front_intern() of a name the scanner matched (no NUL byte in s[0..n)),
   looked up inline: most names are already in the table (one a token
   was the scanner's largest cost after the tables), and a one-byte name
   is remembered by its byte. */
static inline const char *
front_intern_name(ParseState *ps, const char *s, size_t n)
{
	Interner *t = ps->strs;
	unsigned char c = (unsigned char)s[0];
	bool one = n == 1 && c < 128;
	if (one && t->one[c])
		return t->one[c];
	const char *k = NULL;
	if (t->cap) {
		uint32_t mask = t->cap - 1;
		for (uint32_t j = front_hash(s, n) & mask; t->slots[j] && !k; j = (j + 1) & mask) {
			const char *e = t->slots[j];
			size_t i = 0;
			while (i < n && e[i] == s[i])
				i++;
			if (i == n && e[n] == '\0')
				k = e;
		}
	}
	if (!k)
		k = front_intern(ps, s, n);
	if (one)
		t->one[c] = k;
	return k;
}

/* parse.c: parse one source.  Never NULL except on out of memory. */
AstFile *front_parse(MdfCtx *ctx, Interner *strs, uint32_t file);
/* Parse `text` (a -D value) as a lone expression in source `file`. */
AstNode *front_parse_expr(MdfCtx *ctx, Interner *strs, uint32_t file);

/* The token stream of a source as the parser sees it (tests, tools):
   up to `max` tokens, ending with end of file (tok 0).  Returns the count. */
typedef struct FrontToken {
	int tok;                /* TOK_* from mdf_parser.h, or a character */
	int64_t num;            /* TOK_NUMBER */
	const char *str;        /* TOK_IDENT, TOK_STRING */
	Span span;
} FrontToken;
size_t front_tokens(MdfCtx *ctx, Interner *strs, uint32_t file, FrontToken *out, size_t max);

/* ast_dump.c */
void ast_dump_file(const AstFile *f, MdfBuf *out);

/* import.c: the files a root file pulls in, depth-first, each once, imports
   before the importing file (so definitions precede their uses). */
typedef struct FileSet {
	AstFile **files;
	uint32_t n, cap;
	bool ok;
} FileSet;
bool front_load(MdfCtx *ctx, Interner *strs, uint32_t root, FileSet *set);

/* names.c: name -> index hash table (arena-allocated; no free). */
typedef struct NameSlot {
	const char *name;
	uint32_t index;
} NameSlot;
typedef struct NameMap {
	NameSlot *slots;
	uint32_t cap, n;
} NameMap;
/* Map `name` (kept by pointer) to `index`, replacing an earlier entry;
   false on out of memory. */
bool names_put(MdfCtx *ctx, NameMap *m, const char *name, uint32_t index);
bool names_get(const NameMap *m, const char *name, uint32_t *index);

/* elab.c */
IrModule *front_elaborate(MdfCtx *ctx, Interner *strs, FileSet *set);

#endif
