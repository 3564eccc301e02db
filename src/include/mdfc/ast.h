/*
** ast.h: the syntax tree the parser builds (grammar/mdf.y through the
** ast_* builders in src/front/ast.c).  It records what was written, nothing
** more: no name resolution, no evaluation (that is elaboration, elab.c).
** Every node is a tagged union with the span of the source it came from;
** everything lives in the compilation's arena.  Identifiers are interned,
** so equal names are equal pointers (strcmp still works).
*/
#ifndef MDFC_AST_H
#define MDFC_AST_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/arena.h"
#include "mdfc/source.h"

typedef enum AstKind {
	/* expressions */
	AST_NUM,        /* 42 */
	AST_NAME,       /* a param, loop variable or dataflow parameter */
	AST_UNARY,      /* -a  !a */
	AST_BINARY,     /* a op b */
	AST_COND,       /* c ? a : b */
	AST_CALL,       /* min(a,b) max(a,b) cdiv(a,b) Sz(D) */
	AST_BAD,        /* poison: an error was already reported here */
	/* names */
	AST_TEXT,       /* literal piece of a layer/network name */
	AST_INAME,      /* a layer/network name: AST_TEXT and ${expr} pieces */
	/* top level */
	AST_IMPORT,     /* import "path"; */
	AST_PARAM,      /* param N = e;  Constant N e; */
	AST_ENTRY,      /* key: expr  (dimensions, strides, accelerator fields, hw lines) */
	AST_ACCEL,      /* Accelerator NAME { entries } */
	AST_DFDEF,      /* Dataflow NAME(p, ...) { items } */
	AST_NETWORK,    /* Network NAME { items } */
	/* network body */
	AST_LAYER,      /* Layer NAME { items } */
	AST_FOR,        /* for v in lo..hi { items } (network or dataflow body) */
	AST_DFUSE,      /* Dataflow: NAME(args);  (layer or network default) */
	/* layer body */
	AST_TYPE,       /* Type: CONV */
	AST_STRIDE,     /* Stride { entries } */
	AST_DIMS,       /* Dimensions { entries } */
	AST_DATAFLOW,   /* Dataflow { items } */
	/* dataflow body */
	AST_MAP,        /* TemporalMap(size, offset) D;  SpatialMap(...) D; */
	AST_CLUSTER,    /* Cluster(n, P);  or  Cluster(n, P) { items } */
	/* search constraints (layer or network body) */
	AST_SEARCH,     /* Search { items }: block.items are AST_SITEM */
	AST_SITEM,      /* Key(arg): values;  Dataflow: family(values); */
	AST_RANGE,      /* lo..hi in a search item's values (binary.a, binary.b) */
	AST__COUNT
} AstKind;

typedef enum AstOp {
	OP_NEG, OP_NOT,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_AND, OP_OR,
} AstOp;

typedef struct AstNode AstNode;

typedef struct AstList {
	AstNode **v;
	uint32_t n, cap;
} AstList;

struct AstNode {
	AstKind kind;
	uint32_t depth;         /* expression nesting depth (bounded by limits.max_nesting) */
	Span span;
	union {
		int64_t num;                                    /* AST_NUM */
		const char *name;                               /* AST_NAME, AST_TEXT */
		struct { AstOp op; Span op_span; AstNode *a; } unary;
		struct { AstOp op; Span op_span; AstNode *a, *b; } binary;
		struct { AstNode *c, *a, *b; } cond;
		struct { const char *fn; Span fn_span; AstList args; } call;
		struct { AstList parts; } iname;
		struct { const char *path; Span path_span; } import;
		struct { const char *name; Span name_span; AstNode *value; bool constant; } param;
		struct { const char *key; Span key_span; AstNode *value; } entry;
		struct { const char *name; Span name_span; AstList items; } accel;
		struct { const char *name; Span name_span; AstList params; AstList items; } dfdef;
		struct { AstNode *name; AstList items; Span open; } network;  /* name may be NULL */
		struct { AstNode *name; AstList items; Span open; } layer;
		struct { const char *var; Span var_span; AstNode *lo, *hi; AstList items; } loop;
		struct { const char *name; Span name_span; AstList args; bool has_args; } use;
		struct { const char *name; Span name_span; } type;
		struct { AstList items; } block;                /* STRIDE, DIMS: entries; DATAFLOW: directives */
		struct { bool spatial; AstNode *size, *offset; const char *dim; Span dim_span; } map;
		struct { AstNode *size; const char *type; Span type_span; AstList items; bool block; } cluster;
		struct { const char *key; Span key_span; AstNode *arg; const char *family; Span family_span;
			 AstList values; } sitem;
	} u;
};

/* One parsed source file. */
typedef struct AstFile {
	uint32_t file;          /* source index */
	AstList items;
	bool ok;                /* no lexical or syntax error */
} AstFile;

/* Append to a list (src/front/ast.c; the parser's node builders are in
   src/front/parse_actions.h).  On out of memory the list stays as it was,
   so callers need not check. */
void ast_list_push(Arena *a, AstList *l, AstNode *n);
const char *ast_op_text(AstOp op);
const char *ast_kind_name(AstKind k);

#endif
