/*
** ast.c: AST building (the pa_* builders the grammar's actions call,
** parse_actions.h, and list appends), the string interner and names for
** dumps.  Everything is allocated from the arena, nodes a block at a time;
** on out of memory the builders return NULL and the callers treat NULL like
** a poison node.
*/
#include <string.h>
#include "front/front.h"
#include "front/parse_actions.h"

void
ast_list_push(Arena *a, AstList *l, AstNode *n)
{
	if (!n)
		return;
	/* slots past n are never read: no need to zero them */
	AstNode **v = arena_push_room(a, l->v, l->n, &l->cap, 8, false);
	if (!v)
		return;
	l->v = v;
	l->v[l->n++] = n;
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

/* ---- the grammar's builders (parse_actions.h) ----
   What grammar/mdf.y's actions call: they take the parse state for the
   arena, the interner and the diagnostics. */

void
pa_list_init(AstList *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

AstNode *
pa_respan(AstNode *n, Span s)
{
	if (n)
		n->span = s;
	return n;
}

/* A fresh block of FRONT_NODE_BLOCK nodes, zeroed at once, and the first
   of them: pa_node()'s slow path (parse_actions.h). */
AstNode *
pa_node_refill(ParseState *ps, AstKind k, Span s)
{
	ps->nodes = arena_array(ps->ctx->arena, FRONT_NODE_BLOCK, sizeof *ps->nodes);
	if (!ps->nodes)
		return NULL;
	ps->nodes_left = FRONT_NODE_BLOCK;
	return pa_node(ps, k, s);
}

static uint32_t
depth_of(const AstNode *n)
{
	return n ? n->depth : 1;
}

/* Expression nodes deeper than the nesting limit become poison (reported
   once per file), so nothing later recurses over a deep tree; the test is
   inline (pa_bound_depth, parse_actions.h), this is its rare case. */
AstNode *
pa_too_deep(ParseState *ps, AstNode *n)
{
	if (ps->nesting_errs++ == 0)
		diag_emit(ps->ctx, DIAG_E0203, n->span,
			  "expression nested more than %u levels deep",
			  ps->ctx->opt.limits.max_nesting);
	AstNode *bad = pa_node(ps, AST_BAD, n->span);
	return bad;
}

void
pa_set_expr(ParseState *ps, AstNode *e)
{
	ps->expr_out = e;
}

AstNode *
pa_import(ParseState *ps, Span s, const char *path, Span path_span)
{
	AstNode *n = pa_node(ps, AST_IMPORT, s);
	if (n) {
		n->u.import.path = path;
		n->u.import.path_span = path_span;
	}
	return n;
}

AstNode *
pa_param(ParseState *ps, Span s, const char *name, Span ns, AstNode *v, bool constant)
{
	AstNode *n = pa_node(ps, AST_PARAM, s);
	if (n) {
		n->u.param.name = name;
		n->u.param.name_span = ns;
		n->u.param.value = v;
		n->u.param.constant = constant;
	}
	return n;
}

AstNode *
pa_network(ParseState *ps, Span s, AstNode *name, AstList items, Span open)
{
	AstNode *n = pa_node(ps, AST_NETWORK, s);
	if (n) {
		n->u.network.name = name;
		n->u.network.items = items;
		n->u.network.open = open;
	}
	return n;
}

AstNode *
pa_accel(ParseState *ps, Span s, const char *name, Span ns, AstList items)
{
	AstNode *n = pa_node(ps, AST_ACCEL, s);
	if (n) {
		n->u.accel.name = name;
		n->u.accel.name_span = name ? ns : s;
		n->u.accel.items = items;
	}
	return n;
}

AstNode *
pa_dfdef(ParseState *ps, Span s, const char *name, Span ns, AstList params, AstList items)
{
	AstNode *n = pa_node(ps, AST_DFDEF, s);
	if (n) {
		n->u.dfdef.name = name;
		n->u.dfdef.name_span = ns;
		n->u.dfdef.params = params;
		n->u.dfdef.items = items;
	}
	return n;
}

AstNode *
pa_text(ParseState *ps, Span s, const char *text)
{
	AstNode *n = pa_node(ps, AST_TEXT, s);
	if (n)
		n->u.name = text;
	return n;
}

AstNode *
pa_text_src(ParseState *ps, Span s)
{
	return pa_text(ps, s, front_intern(ps, ps->text + s.lo, s.hi - s.lo));
}

AstNode *
pa_name(ParseState *ps, Span s, AstList pieces)
{
	AstNode *n = pa_node(ps, AST_INAME, s);
	if (n)
		n->u.iname.parts = pieces;
	return n;
}

void
pa_name_adjacent(ParseState *ps, AstList *l, AstNode *piece)
{
	if (piece && l->n > 0 && l->v[l->n - 1]) {
		Span prev = l->v[l->n - 1]->span;
		if (prev.hi != piece->span.lo) {
			Span gap = {ps->file, prev.hi, piece->span.lo};
			Diag *d = diag_emit(ps->ctx, DIAG_E0204, gap,
					    "space inside a name: the pieces of a name must touch");
			diag_hint(ps->ctx, d, "write the name without spaces, e.g. `Conv2d-1` or `conv_${i}`");
		}
	}
	pa_push(ps, l, piece);
}

AstNode *
pa_for(ParseState *ps, Span s, const char *var, Span vs, AstNode *lo, AstNode *hi)
{
	AstNode *n = pa_node(ps, AST_FOR, s);
	if (n) {
		n->u.loop.var = var;
		n->u.loop.var_span = vs;
		n->u.loop.lo = lo;
		n->u.loop.hi = hi;
	}
	return n;
}

AstNode *
pa_for_body(ParseState *ps, Span s, AstNode *head, AstList items)
{
	(void)ps;
	if (head) {
		head->span = s;
		head->u.loop.items = items;
	}
	return head;
}

AstNode *
pa_layer(ParseState *ps, Span s, AstNode *name, AstList items, Span open)
{
	AstNode *n = pa_node(ps, AST_LAYER, s);
	if (n) {
		n->u.layer.name = name;
		n->u.layer.items = items;
		n->u.layer.open = open;
	}
	return n;
}

AstNode *
pa_dfuse(ParseState *ps, Span s, const char *name, Span ns, AstList args, Span args_span)
{
	AstNode *n = pa_node(ps, AST_DFUSE, s);
	if (n) {
		n->u.use.name = name;
		n->u.use.name_span = ns;
		n->u.use.args = args;
		n->u.use.has_args = args_span.hi > args_span.lo;
	}
	return n;
}

AstNode *
pa_type(ParseState *ps, Span s, const char *name, Span ns)
{
	AstNode *n = pa_node(ps, AST_TYPE, s);
	if (n) {
		n->u.type.name = name;
		n->u.type.name_span = ns;
	}
	return n;
}

AstNode *
pa_block(ParseState *ps, AstKind kind, Span s, AstList items)
{
	AstNode *n = pa_node(ps, kind, s);
	if (n)
		n->u.block.items = items;
	return n;
}

AstNode *
pa_sitem(ParseState *ps, Span s, const char *key, Span ks, AstNode *arg, const char *family, Span fs,
	 AstList values)
{
	AstNode *n = pa_node(ps, AST_SITEM, s);
	if (n) {
		n->u.sitem.key = key;
		n->u.sitem.key_span = ks;
		n->u.sitem.arg = arg;
		n->u.sitem.family = family;
		n->u.sitem.family_span = fs;
		n->u.sitem.values = values;
	}
	return n;
}

AstNode *
pa_range(ParseState *ps, Span s, AstNode *lo, AstNode *hi)
{
	AstNode *n = pa_node(ps, AST_RANGE, s);
	if (n) {
		n->u.binary.a = lo;
		n->u.binary.b = hi;
	}
	return n;
}

AstNode *
pa_cluster(ParseState *ps, Span s, AstNode *size, const char *type, Span ts)
{
	AstNode *n = pa_node(ps, AST_CLUSTER, s);
	if (n) {
		n->u.cluster.size = size;
		n->u.cluster.type = type;
		n->u.cluster.type_span = type ? (Span){ts.file, ts.hi - (uint32_t)strlen(type), ts.hi} : s;
	}
	return n;
}

AstNode *
pa_cluster_body(ParseState *ps, Span s, AstNode *cl, AstList items)
{
	(void)ps;
	if (cl) {
		cl->span = s;
		cl->u.cluster.items = items;
		cl->u.cluster.block = true;
	}
	return cl;
}

AstNode *
pa_paren(ParseState *ps, Span s, AstNode *e)
{
	if (!e)
		return NULL;
	e->span = s;
	e->depth++;
	return pa_bound_depth(ps, e);
}

AstNode *
pa_unary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a)
{
	/* -4 is a number: fold a minus applied directly to a literal */
	if (op == OP_NEG && a && a->kind == AST_NUM && a->span.lo == os.hi) {
		a->u.num = -a->u.num;
		a->span = s;
		return a;
	}
	AstNode *n = pa_node(ps, AST_UNARY, s);
	if (!n)
		return NULL;
	n->u.unary.op = op;
	n->u.unary.op_span = os;
	n->u.unary.a = a;
	n->depth = depth_of(a) + 1;
	return pa_bound_depth(ps, n);
}

AstNode *
pa_binary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a, AstNode *b)
{
	AstNode *n = pa_node(ps, AST_BINARY, s);
	if (!n)
		return NULL;
	n->u.binary.op = op;
	n->u.binary.op_span = os;
	n->u.binary.a = a;
	n->u.binary.b = b;
	uint32_t da = depth_of(a), db = depth_of(b);
	n->depth = (da > db ? da : db) + 1;
	return pa_bound_depth(ps, n);
}

AstNode *
pa_cond(ParseState *ps, Span s, AstNode *c, AstNode *a, AstNode *b)
{
	AstNode *n = pa_node(ps, AST_COND, s);
	if (!n)
		return NULL;
	n->u.cond.c = c;
	n->u.cond.a = a;
	n->u.cond.b = b;
	uint32_t d = c ? c->depth : 1;
	if (a && a->depth > d) d = a->depth;
	if (b && b->depth > d) d = b->depth;
	n->depth = d + 1;
	return pa_bound_depth(ps, n);
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
			uint32_t j = front_hash(k, strlen(k)) & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = k;
		}
		t->slots = slots;
		t->cap = cap;
	}
	uint32_t j = front_hash(s, n) & (t->cap - 1);
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
