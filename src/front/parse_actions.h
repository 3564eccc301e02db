/*
** parse_actions.h: what grammar/mdf.y's actions call (builders in
** src/front/ast.c, error reports in src/front/parse.c).
** Builders take the parse state for the arena, the interner and the
** diagnostics; none of them can fail visibly (out of memory yields empty
** lists and poison nodes, and the context records nothing further).
*/
#ifndef MDFC_PARSE_ACTIONS_H
#define MDFC_PARSE_ACTIONS_H

#include "front/front.h"
#include "mdfc/arena.h"

void pa_list_init(AstList *l);
/* Append n (nothing when n is NULL); inline, the grammar's actions
   append one item a reduction. */
static inline void
pa_push(ParseState *ps, AstList *l, AstNode *n)
{
	if (n && l->n < l->cap)
		l->v[l->n++] = n;
	else
		ast_list_push(ps->ctx->arena, l, n);
}
/* The builders the grammar calls for nearly every token or two (numbers,
   names, calls, map directives, entries) are inline below: a parse makes
   about one node per two tokens, and the call into ast.c cost as much as
   the node.  Nodes come from blocks of FRONT_NODE_BLOCK, zeroed at once
   (pa_node_refill, ast.c). */
AstNode *pa_node_refill(ParseState *ps, AstKind k, Span s);
static inline AstNode *
pa_node(ParseState *ps, AstKind k, Span s)
{
	if (ps->nodes_left == 0)
		return pa_node_refill(ps, k, s);
	ps->nodes_left--;
	AstNode *n = ps->nodes++;
	n->kind = k;
	n->span = s;
	n->depth = 1;
	return n;
}
/* `n`, or a poison node when it is nested deeper than the limit
   (pa_too_deep reports it, once per file). */
AstNode *pa_too_deep(ParseState *ps, AstNode *n);
static inline AstNode *
pa_bound_depth(ParseState *ps, AstNode *n)
{
	if (!n || n->depth <= ps->max_nesting)
		return n;
	return pa_too_deep(ps, n);
}
/* A list of `n` alone (none when n is NULL); one slot: most one-item
   lists are a call's only argument. */
static inline void
pa_list1(ParseState *ps, AstList *l, AstNode *n)
{
	pa_list_init(l);
	if (!n)
		return;
	AstNode **v = arena_alloc_raw(ps->ctx->arena, sizeof *v);
	if (!v)
		return;
	v[0] = n;
	l->v = v;
	l->n = l->cap = 1;
}
static inline AstNode *
pa_num(ParseState *ps, Span s, int64_t v)
{
	AstNode *n = pa_node(ps, AST_NUM, s);
	if (n)
		n->u.num = v;
	return n;
}
static inline AstNode *
pa_ident(ParseState *ps, Span s, const char *name)
{
	AstNode *n = pa_node(ps, AST_NAME, s);
	if (n)
		n->u.name = name;
	return n;
}
static inline AstNode *
pa_call(ParseState *ps, Span s, const char *fn, Span fs, AstList args)
{
	AstNode *n = pa_node(ps, AST_CALL, s);
	if (!n)
		return NULL;
	n->u.call.fn = fn;
	n->u.call.fn_span = fs;
	n->u.call.args = args;
	uint32_t d = 0;
	for (uint32_t i = 0; i < args.n; i++)
		if (args.v[i] && args.v[i]->depth > d)
			d = args.v[i]->depth;
	n->depth = d + 1;
	return pa_bound_depth(ps, n);
}
static inline AstNode *
pa_map(ParseState *ps, Span s, bool spatial, AstNode *size, AstNode *offset)
{
	AstNode *n = pa_node(ps, AST_MAP, s);
	if (n) {
		n->u.map.spatial = spatial;
		n->u.map.size = size;
		n->u.map.offset = offset;
	}
	return n;
}
static inline AstNode *
pa_map_dim(ParseState *ps, Span s, AstNode *map, const char *dim, Span ds)
{
	(void)ps;
	if (map) {
		map->span = s;
		map->u.map.dim = dim;
		map->u.map.dim_span = ds;
	}
	return map;
}
static inline AstNode *
pa_entry(ParseState *ps, Span s, const char *key, Span ks, AstNode *v)
{
	AstNode *n = pa_node(ps, AST_ENTRY, s);
	if (n) {
		n->u.entry.key = key;
		n->u.entry.key_span = ks;
		n->u.entry.value = v;
	}
	return n;
}
/* `n` with span `s` (NULL stays NULL). */
AstNode *pa_respan(AstNode *n, Span s);
void pa_set_expr(ParseState *ps, AstNode *e);
AstNode *pa_import(ParseState *ps, Span s, const char *path, Span ps_);
AstNode *pa_param(ParseState *ps, Span s, const char *name, Span ns, AstNode *v, bool constant);
AstNode *pa_network(ParseState *ps, Span s, AstNode *name, AstList items, Span open);
AstNode *pa_accel(ParseState *ps, Span s, const char *name, Span ns, AstList items);
AstNode *pa_dfdef(ParseState *ps, Span s, const char *name, Span ns, AstList params, AstList items);
AstNode *pa_text(ParseState *ps, Span s, const char *text);
AstNode *pa_text_src(ParseState *ps, Span s);
AstNode *pa_name(ParseState *ps, Span s, AstList pieces);
void pa_name_adjacent(ParseState *ps, AstList *l, AstNode *piece);
AstNode *pa_for(ParseState *ps, Span s, const char *var, Span vs, AstNode *lo, AstNode *hi);
AstNode *pa_for_body(ParseState *ps, Span s, AstNode *head, AstList items);
AstNode *pa_layer(ParseState *ps, Span s, AstNode *name, AstList items, Span open);
AstNode *pa_dfuse(ParseState *ps, Span s, const char *name, Span ns, AstList args, Span args_span);
AstNode *pa_type(ParseState *ps, Span s, const char *name, Span ns);
AstNode *pa_block(ParseState *ps, AstKind kind, Span s, AstList items);
AstNode *pa_cluster(ParseState *ps, Span s, AstNode *size, const char *type, Span ts);
AstNode *pa_cluster_body(ParseState *ps, Span s, AstNode *cl, AstList items);
AstNode *pa_sitem(ParseState *ps, Span s, const char *key, Span ks, AstNode *arg,
		  const char *family, Span fs, AstList values);
AstNode *pa_range(ParseState *ps, Span s, AstNode *lo, AstNode *hi);
AstNode *pa_paren(ParseState *ps, Span s, AstNode *e);
AstNode *pa_unary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a);
AstNode *pa_binary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a, AstNode *b);
AstNode *pa_cond(ParseState *ps, Span s, AstNode *c, AstNode *a, AstNode *b);
void pa_report_syntax(ParseState *ps, Span at, const char *found, bool at_eof,
		      const char *const *expected, int nexpected);
void pa_report_error(ParseState *ps, Span at, const char *msg);

#endif
