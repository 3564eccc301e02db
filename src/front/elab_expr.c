/*
** elab_expr.c: scopes, expressions and names during elaboration.
**
** Takes AST expressions and the bindings in scope, gives 64-bit values:
** every operation checked (mdfc/checked.h; overflow and division by zero
** are E04xx errors at the operator), Sz(D) read from the layer being
** elaborated, min/max/cdiv, comparisons and ?:.  A name bound to a value
** that failed to evaluate stays silent (its first error was enough).
** Scopes: lookups search the current frame (loop variables, a named
** dataflow's parameters), then the globals (-D values, params, constants);
** elab_int.h says who calls what.
*/
#include <string.h>
#include "front/elab_int.h"
#include "mdfc/checked.h"

static const char *const fn_names[] = {"min", "max", "cdiv", "Sz"};

void
elab_intern_fns(Elab *E)
{
	for (int i = 0; i < 4; i++)
		E->fn_str[i] = intern_str(E->ctx, E->strs, fn_names[i], strlen(fn_names[i]));
}

/* ---- scope ---- */

void
elab_bind(Elab *E, const char *name, int64_t v, Span s, BindKind k, bool bad)
{
	Binding *nbv = arena_push_room(E->ctx->arena, E->b, E->nb, &E->capb, 32, true);
	if (!nbv)
		return;
	E->b = nbv;
	E->b[E->nb++] = (Binding){name, v, s, k, bad, false};
}

Binding *
elab_lookup(Elab *E, const char *name)
{
	for (uint32_t i = E->nb; i-- > E->frame;)
		if (strcmp(E->b[i].name, name) == 0)
			return &E->b[i];
	uint32_t i;
	if (names_get(&E->gmap, name, &i) && i < E->nglobals)
		return &E->b[i];
	return NULL;
}

/* Make the last binding a global one (a param or a -D name). */
void
elab_bind_global(Elab *E)
{
	E->nglobals = E->frame = E->nb;
	if (E->nb)
		names_put(E->ctx, &E->gmap, E->b[E->nb - 1].name, E->nb - 1);
}

static void
suggest_name(Elab *E, Diag *d, const char *name)
{
	uint32_t n = (E->nb - E->frame) + E->nglobals;
	const char **c = arena_array(E->ctx->arena, n + 1, sizeof *c);
	if (!c)
		return;
	uint32_t k = 0;
	for (uint32_t i = E->frame; i < E->nb; i++)
		c[k++] = E->b[i].name;
	for (uint32_t i = 0; i < E->nglobals; i++)
		c[k++] = E->b[i].name;
	const char *s = diag_suggest(name, c, k);
	if (s && strcmp(s, name) != 0)
		diag_hint(E->ctx, d, "did you mean `%s`?", s);
}

/* elab_count()'s report, past the limit (elab_int.h). */
bool
elab_count_over(Elab *E, Span at)
{
	diag_emit(E->ctx, DIAG_E0411, at,
		  "runaway expansion: more than %llu loop iterations, layers and directives",
		  (unsigned long long)E->ctx->opt.limits.max_expansion);
	E->stop = true;
	return false;
}

/* ---- expressions ---- */


/* ir_dim_lookup() for the front end's interned names: a pointer
   comparison with the interned spellings (E->dim_str), then the bytes for
   a name from elsewhere.  It runs for every directive, Sz() and Dimensions
   entry, and string comparisons were a visible share of checking a big
   network. */
bool
elab_dim_lookup_any(Elab *E, const char *name, Dim *out)
{
	for (int i = 0; i < DIM__COUNT; i++)
		if (E->dim_str[i] == name) {
			*out = (Dim)i;
			return true;
		}
	return ir_dim_lookup(name, out);
}

/* A did-you-mean for a dimension name; one-letter names are too close to
   every other one-letter name for a guess to help, unless only case differs. */
const char *
elab_suggest_dim(const char *word)
{
	const char *s = diag_suggest(word, ir_dim_names, DIM__COUNT);
	if (!s || strcmp(s, word) == 0)
		return NULL;
	if (strlen(word) >= 2 || (word[0] | 32) == (s[0] | 32))
		return s;
	return NULL;
}

static bool
eval_sz(Elab *E, const AstNode *e, int64_t *out)
{
	const AstNode *a = e->u.call.args.v[0];
	if (!E->layer) {
		Diag *d = diag_emit(E->ctx, DIAG_E0415, e->span,
				    "Sz() is only available inside a dataflow or a dataflow's arguments");
		diag_hint(E->ctx, d, "write the size itself, or a param");
		return false;
	}
	if (!a || a->kind != AST_NAME) {
		if (a && a->kind != AST_BAD)
			diag_emit(E->ctx, DIAG_E0403, a->span, "Sz() takes a dimension name such as R or Y'");
		return false;
	}
	Dim d;
	if (!elab_dim_lookup(E, a->u.name, &d)) {
		Diag *dg = diag_emit(E->ctx, DIAG_E0403, a->span, "`%s` is not a dimension", a->u.name);
		const char *s = elab_suggest_dim(a->u.name);
		if (s)
			diag_hint(E->ctx, dg, "did you mean `%s`?", s);
		return false;
	}
	if (E->dim_bad[d])
		return false;
	if (E->layer->dim[d] == 0 && E->layer->type == LT_FC
	    && (d == DIM_R || d == DIM_S || d == DIM_Y || d == DIM_X)) {
		/* an FC layer is a CONV with R = S = Y = X = 1 (docs/language.md) */
		*out = 1;
		return true;
	}
	if (E->layer->dim[d] == 0) {
		Diag *dg = diag_emit(E->ctx, DIAG_E0409, e->span, "layer `%s` does not declare dimension %s",
				     E->layer->name, ir_dim_name(d));
		if (E->layer->dims_span.file != SPAN_NOFILE && E->layer->dims_span.hi > 0)
			diag_note(E->ctx, dg, E->layer->dims_span, "the layer's dimensions are declared here");
		return false;
	}
	*out = E->layer->dim[d];
	return true;
}

static bool
eval_call(Elab *E, const AstNode *e, int64_t *out)
{
	const char *fn = e->u.call.fn;
	uint32_t n = e->u.call.args.n;
	int which = -1;
	/* a name from the source is interned: a pointer comparison */
	for (int i = 0; i < 4 && which < 0; i++)
		if (fn == E->fn_str[i])
			which = i;
	for (int i = 0; i < 4 && which < 0; i++)
		if (fn[0] == fn_names[i][0] && strcmp(fn, fn_names[i]) == 0)
			which = i;
	if (which < 0) {
		Diag *d = diag_emit(E->ctx, DIAG_E0306, e->u.call.fn_span,
				    "unknown function `%s`: the functions are min, max, cdiv and Sz", fn);
		const char *s = diag_suggest(fn, fn_names, 4);
		if (s)
			diag_hint(E->ctx, d, "did you mean `%s`?", s);
		return false;
	}
	uint32_t want = which == 3 ? 1 : 2;
	if (n != want) {
		diag_emit(E->ctx, DIAG_E0305, e->span, "`%s` takes %u argument%s, but %u %s given",
			  fn, want, want == 1 ? "" : "s", n, n == 1 ? "was" : "were");
		return false;
	}
	if (which == 3)
		return eval_sz(E, e, out);
	int64_t a, b;
	bool oka = elab_eval(E, e->u.call.args.v[0], &a);
	bool okb = elab_eval(E, e->u.call.args.v[1], &b);
	if (!oka || !okb)
		return false;
	switch (which) {
	case 0: *out = a < b ? a : b; return true;
	case 1: *out = a > b ? a : b; return true;
	default:
		if (b == 0) {
			diag_emit(E->ctx, DIAG_E0407, e->span, "cdiv by zero");
			return false;
		}
		if (!ck_cdiv(a, b, out)) {
			diag_emit(E->ctx, DIAG_E0406, e->span, "cdiv(%lld, %lld) overflows",
				  (long long)a, (long long)b);
			return false;
		}
		return true;
	}
}

bool
elab_eval(Elab *E, const AstNode *e, int64_t *out)
{
	if (!e)
		return false;
	int64_t a, b;
	switch (e->kind) {
	case AST_NUM:
		*out = e->u.num;
		return true;
	case AST_NAME: {
		Binding *bd = elab_lookup(E, e->u.name);
		if (!bd) {
			Diag *d = diag_emit(E->ctx, DIAG_E0301, e->span, "undefined name `%s`", e->u.name);
			Dim dim;
			if (elab_dim_lookup(E, e->u.name, &dim))
				diag_hint(E->ctx, d, "the size of dimension %s is written Sz(%s)",
					  e->u.name, e->u.name);
			else
				suggest_name(E, d, e->u.name);
			return false;
		}
		bd->used = true;
		if (bd->bad)
			return false;
		*out = bd->value;
		return true;
	}
	case AST_UNARY:
		if (!elab_eval(E, e->u.unary.a, &a))
			return false;
		if (e->u.unary.op == OP_NOT) {
			*out = !a;
			return true;
		}
		if (!ck_sub(0, a, out)) {
			diag_emit(E->ctx, DIAG_E0406, e->u.unary.op_span, "negating %lld overflows",
				  (long long)a);
			return false;
		}
		return true;
	case AST_BINARY: {
		AstOp op = e->u.binary.op;
		if (op == OP_AND || op == OP_OR) {
			if (!elab_eval(E, e->u.binary.a, &a))
				return false;
			if ((op == OP_AND && !a) || (op == OP_OR && a)) {
				*out = op == OP_OR;
				return true;
			}
			if (!elab_eval(E, e->u.binary.b, &b))
				return false;
			*out = b != 0;
			return true;
		}
		bool oka = elab_eval(E, e->u.binary.a, &a);
		bool okb = elab_eval(E, e->u.binary.b, &b);
		if (!oka || !okb)
			return false;
		bool ok = true;
		switch (op) {
		case OP_ADD: ok = ck_add(a, b, out); break;
		case OP_SUB: ok = ck_sub(a, b, out); break;
		case OP_MUL: ok = ck_mul(a, b, out); break;
		case OP_DIV:
		case OP_MOD:
			if (b == 0) {
				Diag *d = diag_emit(E->ctx, DIAG_E0407, e->u.binary.op_span, "%s by zero",
						    op == OP_DIV ? "division" : "modulo");
				diag_note(E->ctx, d, e->u.binary.b->span, "this is 0");
				return false;
			}
			ok = op == OP_DIV ? ck_floordiv(a, b, out) : ck_floormod(a, b, out);
			break;
		case OP_EQ: *out = a == b; break;
		case OP_NE: *out = a != b; break;
		case OP_LT: *out = a < b; break;
		case OP_LE: *out = a <= b; break;
		case OP_GT: *out = a > b; break;
		case OP_GE: *out = a >= b; break;
		default: ok = false; break;
		}
		if (!ok) {
			diag_emit(E->ctx, DIAG_E0406, e->u.binary.op_span,
				  "%lld %s %lld overflows 64-bit integers",
				  (long long)a, ast_op_text(op), (long long)b);
			return false;
		}
		return true;
	}
	case AST_COND:
		if (!elab_eval(E, e->u.cond.c, &a))
			return false;
		return elab_eval(E, a ? e->u.cond.a : e->u.cond.b, out);
	case AST_CALL:
		return eval_call(E, e, out);
	default:
		return false;   /* poison: already reported */
	}
}

/* elab_eval_positive() (elab_int.h) past its inline case, a positive
   number. */
bool
elab_eval_positive_any(Elab *E, const AstNode *e, const char *what, int64_t *out)
{
	/* most sizes are written as a number or as Sz(D) */
	if (e && e->kind == AST_NUM)
		*out = e->u.num;
	else if (e && e->kind == AST_CALL && e->u.call.fn == E->fn_str[3] && e->u.call.args.n == 1) {
		if (!eval_sz(E, e, out))
			return false;
	} else if (!elab_eval(E, e, out))
		return false;
	if (*out <= 0) {
		diag_emit(E->ctx, DIAG_E0402, e->span, "%s must be positive, but is %lld",
			  what, (long long)*out);
		return false;
	}
	return true;
}

/* ---- names ---- */

/* A name without control characters (E0413 otherwise). */
static bool
name_ok(Elab *E, const AstNode *n, const char *s)
{
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			diag_emit(E->ctx, DIAG_E0413, n->span,
				  "name contains the control character 0x%02x", (unsigned char)*c);
			return false;
		}
	return true;
}

const char *
elab_eval_name(Elab *E, const AstNode *n, Span *span)
{
	if (!n) {
		*span = span_none();
		return "";
	}
	*span = n->span;
	const AstList *parts = &n->u.iname.parts;
	if (parts->n == 1 && parts->v[0]->kind == AST_TEXT) {
		/* a plain name (no interpolation): no buffer needed */
		const char *s = arena_strdup(E->ctx->arena, parts->v[0]->u.name);
		return s && name_ok(E, n, s) ? s : NULL;
	}
	MdfBuf b = {0};
	bool ok = true;
	for (uint32_t i = 0; i < n->u.iname.parts.n; i++) {
		const AstNode *p = n->u.iname.parts.v[i];
		int64_t v;
		if (p->kind == AST_TEXT)
			buf_puts(&b, p->u.name);
		else if (elab_eval(E, p, &v))
			buf_printf(&b, "%lld", (long long)v);
		else
			ok = false;
	}
	const char *s = arena_strdup(E->ctx->arena, b.data ? b.data : "");
	buf_free(&b);
	if (!ok || !s)
		return NULL;
	return name_ok(E, n, s) ? s : NULL;
}

