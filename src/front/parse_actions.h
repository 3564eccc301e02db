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
/* A list of `n` alone (none when n is NULL). */
void pa_list1(ParseState *ps, AstList *l, AstNode *n);
/* `n` with span `s` (NULL stays NULL). */
AstNode *pa_respan(AstNode *n, Span s);
void pa_set_expr(ParseState *ps, AstNode *e);
AstNode *pa_import(ParseState *ps, Span s, const char *path, Span ps_);
AstNode *pa_param(ParseState *ps, Span s, const char *name, Span ns, AstNode *v, bool constant);
AstNode *pa_network(ParseState *ps, Span s, AstNode *name, AstList items, Span open);
AstNode *pa_accel(ParseState *ps, Span s, const char *name, Span ns, AstList items);
AstNode *pa_dfdef(ParseState *ps, Span s, const char *name, Span ns, AstList params, AstList items);
AstNode *pa_entry(ParseState *ps, Span s, const char *key, Span ks, AstNode *v);
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
AstNode *pa_map(ParseState *ps, Span s, bool spatial, AstNode *size, AstNode *offset);
AstNode *pa_map_dim(ParseState *ps, Span s, AstNode *map, const char *dim, Span ds);
AstNode *pa_cluster(ParseState *ps, Span s, AstNode *size, const char *type, Span ts);
AstNode *pa_cluster_body(ParseState *ps, Span s, AstNode *cl, AstList items);
AstNode *pa_sitem(ParseState *ps, Span s, const char *key, Span ks, AstNode *arg,
		  const char *family, Span fs, AstList values);
AstNode *pa_range(ParseState *ps, Span s, AstNode *lo, AstNode *hi);
AstNode *pa_call(ParseState *ps, Span s, const char *fn, Span fs, AstList args);
AstNode *pa_paren(ParseState *ps, Span s, AstNode *e);
AstNode *pa_num(ParseState *ps, Span s, int64_t v);
AstNode *pa_ident(ParseState *ps, Span s, const char *name);
AstNode *pa_unary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a);
AstNode *pa_binary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a, AstNode *b);
AstNode *pa_cond(ParseState *ps, Span s, AstNode *c, AstNode *a, AstNode *b);
void pa_report_syntax(ParseState *ps, Span at, const char *found, bool at_eof,
		      const char *const *expected, int nexpected);
void pa_report_error(ParseState *ps, Span at, const char *msg);

#endif
