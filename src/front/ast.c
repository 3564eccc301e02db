/*
** ast.c: AST node builders, the string interner and names for dumps.
** Everything is allocated from the arena; on out of memory the builders
** return NULL and the callers treat NULL like a poison node.
*/
#include <string.h>
#include "front/front.h"

AstNode *
ast_new(Arena *a, AstKind kind, Span span)
{
	AstNode *n = arena_alloc(a, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->span = span;
	n->depth = 1;
	return n;
}

void
ast_list_push(Arena *a, AstList *l, AstNode *n)
{
	if (!n)
		return;
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 4;
		AstNode **v = arena_grow(a, l->v, l->n, cap, sizeof *v);
		if (!v)
			return;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = n;
}

AstNode *
ast_num(Arena *a, Span s, int64_t v)
{
	AstNode *n = ast_new(a, AST_NUM, s);
	if (n)
		n->u.num = v;
	return n;
}

AstNode *
ast_name(Arena *a, Span s, const char *name)
{
	AstNode *n = ast_new(a, AST_NAME, s);
	if (n)
		n->u.name = name;
	return n;
}

static uint32_t
depth_of(const AstNode *n)
{
	return n ? n->depth : 1;
}

AstNode *
ast_unary(Arena *a, Span s, AstOp op, Span op_span, AstNode *x)
{
	AstNode *n = ast_new(a, AST_UNARY, s);
	if (!n)
		return NULL;
	n->u.unary.op = op;
	n->u.unary.op_span = op_span;
	n->u.unary.a = x;
	n->depth = depth_of(x) + 1;
	return n;
}

AstNode *
ast_binary(Arena *a, Span s, AstOp op, Span op_span, AstNode *x, AstNode *y)
{
	AstNode *n = ast_new(a, AST_BINARY, s);
	if (!n)
		return NULL;
	n->u.binary.op = op;
	n->u.binary.op_span = op_span;
	n->u.binary.a = x;
	n->u.binary.b = y;
	uint32_t dx = depth_of(x), dy = depth_of(y);
	n->depth = (dx > dy ? dx : dy) + 1;
	return n;
}

const char *
ast_op_text(AstOp op)
{
	static const char *const t[] = {
		[OP_NEG] = "-", [OP_NOT] = "!", [OP_ADD] = "+", [OP_SUB] = "-",
		[OP_MUL] = "*", [OP_DIV] = "/", [OP_MOD] = "%", [OP_EQ] = "==",
		[OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">",
		[OP_GE] = ">=", [OP_AND] = "&&", [OP_OR] = "||",
	};
	return (unsigned)op < sizeof t / sizeof t[0] ? t[op] : "?";
}

const char *
ast_kind_name(AstKind k)
{
	static const char *const t[AST__COUNT] = {
		[AST_NUM] = "Num", [AST_NAME] = "Name", [AST_UNARY] = "Unary",
		[AST_BINARY] = "Binary", [AST_COND] = "Cond", [AST_CALL] = "Call",
		[AST_BAD] = "Bad", [AST_TEXT] = "Text", [AST_INAME] = "Name",
		[AST_IMPORT] = "Import", [AST_PARAM] = "Param", [AST_ENTRY] = "Entry",
		[AST_ACCEL] = "Accelerator", [AST_DFDEF] = "DataflowDef",
		[AST_NETWORK] = "Network", [AST_LAYER] = "Layer", [AST_FOR] = "For",
		[AST_DFUSE] = "DataflowUse", [AST_TYPE] = "Type", [AST_STRIDE] = "Stride",
		[AST_DIMS] = "Dimensions", [AST_DATAFLOW] = "Dataflow", [AST_MAP] = "Map",
		[AST_CLUSTER] = "Cluster", [AST_SEARCH] = "Search", [AST_SITEM] = "SearchItem",
		[AST_RANGE] = "Range",
	};
	return (unsigned)k < AST__COUNT && t[k] ? t[k] : "?";
}

/* FNV-1a; the table is open-addressed and kept at most half full. */
static uint32_t
hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

const char *
intern_str(MdfCtx *ctx, Interner *t, const char *s, size_t n)
{
	if (t->n * 2 >= t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 256;
		const char **slots = arena_array(ctx->arena, cap, sizeof *slots);
		if (!slots)
			return arena_strndup(ctx->arena, s, n);
		for (uint32_t i = 0; i < t->cap; i++) {
			const char *k = t->slots[i];
			if (!k)
				continue;
			uint32_t j = hash_str(k, strlen(k)) & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = k;
		}
		t->slots = slots;
		t->cap = cap;
	}
	uint32_t j = hash_str(s, n) & (t->cap - 1);
	while (t->slots[j]) {
		const char *k = t->slots[j];
		if (strncmp(k, s, n) == 0 && k[n] == '\0')
			return k;
		j = (j + 1) & (t->cap - 1);
	}
	char *k = arena_strndup(ctx->arena, s, n);
	if (!k)
		return "";
	t->slots[j] = k;
	t->n++;
	return k;
}

const char *
front_intern(ParseState *ps, const char *s, size_t n)
{
	return intern_str(ps->ctx, ps->strs, s, n);
}
