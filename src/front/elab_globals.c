/*
** elab_globals.c: the global definitions of every loaded file.
**
** -D values, params and MAESTRO Constants are evaluated in file order, each
** seeing the ones before it (a -D overrides the param of its name, in the
** param's place; a -D no param declares comes first); named dataflows are
** recorded for the layers; Accelerator blocks and hardware files become
** IrHw records through hw_fields.def (keys, MAESTRO's spellings, ranges,
** fixed-unit energies).  Unused -D values are reported by front_elaborate.
*/
#include <string.h>
#include "mdfc/buf.h"
#include "front/elab_int.h"

/* ---- hardware ---- */

/* The keys of hw_fields.def: first each field's own, then MAESTRO's
   hardware-file spellings (NULL where it has none; the order "did you
   mean" breaks ties in). */
static const struct {
	const char *key;
	int field;
} hw_keys[] = {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) {KEY, HW_##NAME},
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) {KEY, HW_##NAME},
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) {MAESTRO_KEY, HW_##NAME},
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT)
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
};
#define NHWKEYS (sizeof hw_keys / sizeof hw_keys[0])

static void
hw_entry(Elab *E, IrHw *hw, const AstNode *en)
{
	const char *key = en->u.entry.key;
	int field = -1;
	for (size_t i = 0; i < NHWKEYS; i++)
		if (hw_keys[i].key && strcmp(key, hw_keys[i].key) == 0)
			field = hw_keys[i].field;
	if (field < 0) {
		const char *names[NHWKEYS];
		size_t n = 0;
		for (size_t i = 0; i < NHWKEYS; i++)
			if (hw_keys[i].key)
				names[n++] = hw_keys[i].key;
		Diag *d = diag_emit(E->ctx, DIAG_E0307, en->u.entry.key_span,
				    "unknown hardware key `%s`", key);
		const char *s = diag_suggest(key, names, n);
		if (s) {
			diag_hint(E->ctx, d, "did you mean `%s`?", s);
		} else {
			/* the first HW__COUNT names are the fields' own keys */
			MdfBuf b = {0};
			for (int f = 0; f < HW__COUNT; f++)
				buf_printf(&b, "%s%s", f == 0 ? "the keys are "
					   : f == HW_AREA_PE ? ", and for --dse " : ", ", names[f]);
			diag_hint(E->ctx, d, "%s", b.data ? b.data : "");
			buf_free(&b);
		}
		return;
	}
	int64_t v;
	if (!elab_eval(E, en->u.entry.value, &v))
		return;
	int64_t min = 0;        /* reals are never negative */
	double r = 0;
	switch (field) {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) \
	case HW_##NAME: min = MIN_KEY; break;
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) \
	case HW_##NAME: r = FROM_KEY; break;
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	}
	if (v < min) {
		diag_emit(E->ctx, DIAG_E0402, en->u.entry.value->span, "%s must be %s, but is %lld",
			  key, min == 0 ? "0 or more" : "positive", (long long)v);
		return;
	}
	ir_hw_store(hw, field, v, r);
	hw->set |= 1u << field;
	hw->field_span[field] = en->span;
}

/* ---- globals ---- */


/* The names every file declares as params. */
static void
declared_params(MdfCtx *ctx, FileSet *set, NameMap *out)
{
	for (uint32_t fi = 0; fi < set->n; fi++)
		for (uint32_t i = 0; i < set->files[fi]->items.n; i++) {
			const AstNode *n = set->files[fi]->items.v[i];
			if (n->kind == AST_PARAM)
				names_put(ctx, out, n->u.param.name, 0);
		}
}

/* The -D of a name (the last one wins: later inserts replace). */
static PendingDef *
find_pending(PendingDef *p, const NameMap *map, const char *name)
{
	uint32_t i;
	return names_get(map, name, &i) ? &p[i] : NULL;
}

static bool
eval_define(Elab *E, const PendingDef *d, int64_t *v)
{
	size_t before = E->ctx->diags.nerrors;
	if (d->bad || !d->expr)
		return false;
	bool ok = elab_eval(E, d->expr, v);
	if (!ok && E->ctx->diags.nerrors == before)
		diag_emit(E->ctx, DIAG_E0309, d->span, "-D %s: the value is not an integer expression", d->name);
	return ok;
}

PendingDef *
elab_defines(Elab *E, FileSet *set, uint32_t *npending, NameMap *pmap)
{
	MdfCtx *ctx = E->ctx;
	PendingDef *all = arena_array(ctx->arena, ctx->opt.ndefines + 1, sizeof *all);
	uint32_t n = 0;
	*npending = 0;
	if (!all)
		return NULL;
	for (size_t i = 0; i < ctx->opt.ndefines; i++) {
		const MdfDefine *df = &ctx->opt.defines[i];
		const char *nm = df->name ? df->name : "";
		bool ident = (nm[0] >= 'A' && nm[0] <= 'Z') || (nm[0] >= 'a' && nm[0] <= 'z') || nm[0] == '_';
		for (const char *c = nm; *c && ident; c++)
			ident = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
				(*c >= '0' && *c <= '9') || *c == '_';
		if (!ident) {
			diag_emit(ctx, DIAG_E0309, span_none(), "-D %s=%s: `%s` is not a valid name",
				  nm, df->value ? df->value : "", nm);
			continue;
		}
		const char *val = df->value ? df->value : "";
		char *label = arena_printf(ctx->arena, "<-D %s>", nm);
		uint32_t f = mdf_ctx_add_source(ctx, label ? label : "<-D>", NULL, val, strlen(val));
		if (f == SPAN_NOFILE)
			continue;
		PendingDef *d = &all[n++];
		d->name = intern_str(ctx, E->strs, nm, strlen(nm));
		d->span = (Span){f, 0, (uint32_t)strlen(val)};
		size_t before = ctx->diags.nerrors;
		d->expr = front_parse_expr(ctx, E->strs, f);
		d->bad = !d->expr;
		if (d->bad && ctx->diags.nerrors == before)
			diag_emit(ctx, DIAG_E0309, d->span, "-D %s=%s: the value is not an integer expression", nm, val);
	}
	NameMap declared = {0};
	declared_params(ctx, set, &declared);
	for (uint32_t i = 0; i < n; i++)
		names_put(ctx, pmap, all[i].name, i);
	/* names no param declares: defined up front, in order */
	for (uint32_t i = 0; i < n; i++) {
		PendingDef *d = &all[i];
		uint32_t k;
		if (names_get(&declared, d->name, &k) || find_pending(all, pmap, d->name) != d)
			continue;
		int64_t v = 0;
		bool ok = eval_define(E, d, &v);
		elab_bind(E, d->name, v, d->span, B_DEFINE, !ok);
		elab_bind_global(E);
	}
	*npending = n;
	return all;
}

void
elab_globals(Elab *E, FileSet *set, IrModule *m, uint32_t *cap_accels, PendingDef *defs, const NameMap *pmap)
{
	MdfCtx *ctx = E->ctx;
	NameMap accmap = {0};
	for (uint32_t fi = 0; fi < set->n; fi++) {
		const AstFile *f = set->files[fi];
		int32_t file_hw = -1;
		for (uint32_t i = 0; i < f->items.n; i++) {
			const AstNode *n = f->items.v[i];
			switch (n->kind) {
			case AST_PARAM: {
				Binding *b = elab_lookup(E, n->u.param.name);
				if (b) {
					Diag *d = diag_emit(ctx, DIAG_E0302, n->u.param.name_span,
							    "`%s` is already defined", n->u.param.name);
					diag_note(ctx, d, b->span, "first defined here");
					break;
				}
				int64_t v = 0;
				PendingDef *d = find_pending(defs, pmap, n->u.param.name);
				/* a -D of this name replaces the param's value */
				bool ok = d ? eval_define(E, d, &v) : elab_eval(E, n->u.param.value, &v);
				elab_bind(E, n->u.param.name, v, n->u.param.name_span, B_PARAM, !ok);
				elab_bind_global(E);
				break;
			}
			case AST_DFDEF: {
				const AstNode *prev = elab_find_df(E, n->u.dfdef.name);
				if (prev) {
					Diag *d = diag_emit(ctx, DIAG_E0302, n->u.dfdef.name_span,
							    "dataflow `%s` is already defined", n->u.dfdef.name);
					diag_note(ctx, d, prev->u.dfdef.name_span, "first defined here");
					break;
				}
				const AstList *ps = &n->u.dfdef.params;
				for (uint32_t a = 0; a < ps->n; a++)
					for (uint32_t b = 0; b < a; b++)
						if (strcmp(ps->v[a]->u.name, ps->v[b]->u.name) == 0) {
							Diag *d = diag_emit(ctx, DIAG_E0302, ps->v[a]->span,
									    "parameter `%s` appears twice", ps->v[a]->u.name);
							diag_note(ctx, d, ps->v[b]->span, "first here");
						}
				const AstNode **v = arena_push_room(ctx->arena, E->dfs, E->ndfs, &E->capdfs, 8, true);
				if (!v)
					break;
				E->dfs = v;
				names_put(ctx, &E->dfmap, n->u.dfdef.name, E->ndfs);
				E->dfs[E->ndfs++] = n;
				break;
			}
			case AST_ACCEL:
			case AST_ENTRY: {
				/* hardware-file lines of one file make one anonymous accelerator */
				int32_t idx = n->kind == AST_ENTRY ? file_hw : -1;
				if (idx < 0) {
					uint32_t k;
					if (n->kind == AST_ACCEL && n->u.accel.name &&
					    names_get(&accmap, n->u.accel.name, &k)) {
						Diag *d = diag_emit(ctx, DIAG_E0302, n->u.accel.name_span,
								    "accelerator `%s` is already defined",
								    n->u.accel.name);
						diag_note(ctx, d, m->accels[k].span, "first defined here");
					}
					IrHw *v = arena_push_room(ctx->arena, m->accels, m->naccels, cap_accels, 4, true);
					if (!v)
						break;
					m->accels = v;
					idx = (int32_t)m->naccels++;
					IrHw *hw = &m->accels[idx];
					ir_hw_defaults(hw);
					hw->set = 0;
					for (int k = 0; k < HW__COUNT; k++)
						hw->field_span[k] = span_none();
					hw->span = n->span;
					if (n->kind == AST_ACCEL)
						hw->name = n->u.accel.name;
					if (hw->name && !names_get(&accmap, hw->name, &k))
						names_put(ctx, &accmap, hw->name, (uint32_t)idx);
					else
						file_hw = idx;
				}
				IrHw *hw = &m->accels[idx];
				if (n->kind == AST_ENTRY) {
					hw->span = span_join(hw->span, n->span);
					hw_entry(E, hw, n);
				} else {
					for (uint32_t k = 0; k < n->u.accel.items.n; k++)
						hw_entry(E, hw, n->u.accel.items.v[k]);
				}
				break;
			}
			default:
				break;
			}
		}
	}
}
