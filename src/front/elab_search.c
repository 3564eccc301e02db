/*
** elab_search.c: a layer's Search block (docs/language.md section 9) ->
** IrSearchSpec, the constraints --search honours.
**
** Takes the block's items (Levels, Spatial(L), Order(L), Cluster(L),
** Tile(D), Dataflow: family(ranges)) with the layer's dimensions known,
** checks keys, levels, dimensions and ranges (E0417-E0419), and elaborates
** a family constraint once per argument tuple (at most SEARCH_MAX_TUPLES)
** through the dataflow code of elab.c.  A network's block applies to its
** layers without one.
*/
#include <stdio.h>
#include <string.h>
#include "front/elab_int.h"
#include "mdfc/checked.h"

/* ---- search constraints (docs/language.md section 9) ---- */

/* A family constraint is elaborated once per argument tuple: at most this
   many tuples per layer. */
#define SEARCH_MAX_TUPLES 4096

static const char *const search_keys[] = {"Levels", "Spatial", "Order", "Cluster", "Tile", "Dataflow"};
#define NSEARCHKEYS (sizeof search_keys / sizeof search_keys[0])

/* The levels built so far (E->lv) as exact-size arena copies. */
bool
elab_take_levels(Elab *E, IrLevel **out, uint32_t *n)
{
	IrLevel *lv = arena_array(E->ctx->arena, E->nlv + 1, sizeof *lv);
	*out = lv;
	*n = lv ? E->nlv : 0;
	if (!lv)
		return false;
	for (uint32_t i = 0; i < E->nlv; i++) {
		lv[i] = E->lv[i].lv;
		uint32_t nd = E->lv[i].lv.ndirs;
		/* not zeroed: the copy fills the first nd, the last is spare */
		IrDirective *d = arena_grow_raw(E->ctx->arena, NULL, 0, nd + 1, sizeof *d);
		if (d && nd)
			memcpy(d, E->lv[i].lv.dirs, nd * sizeof *d);
		lv[i].dirs = d;
		lv[i].ndirs = d ? nd : 0;
	}
	return true;
}

/* A dimension named by a search item (Y' and X' stand for Y and X). */
static bool
search_dim(Elab *E, const AstNode *v, Dim *d)
{
	if (v && v->kind == AST_NAME && elab_dim_lookup(E, v->u.name, d)) {
		if (*d == DIM_YP)
			*d = DIM_Y;
		else if (*d == DIM_XP)
			*d = DIM_X;
		return true;
	}
	if (v && v->kind != AST_BAD) {
		Diag *g = diag_emit(E->ctx, DIAG_E0418, v->span, "a search constraint expects a dimension here");
		const char *sug = v->kind == AST_NAME ? elab_suggest_dim(v->u.name) : NULL;
		if (sug)
			diag_hint(E->ctx, g, "did you mean `%s`?", sug);
		else
			diag_hint(E->ctx, g, "the dimensions are N G K C M R S Y X (Y' and X' mean Y and X)");
	}
	return false;
}

/* One value or a range lo..hi (both ends included), within 1..max. */
static bool
search_range(Elab *E, const AstNode *v, int64_t max, const char *what, int64_t *lo, int64_t *hi)
{
	if (!v)
		return false;
	if (v->kind == AST_RANGE) {
		bool a = elab_eval(E, v->u.binary.a, lo), b = elab_eval(E, v->u.binary.b, hi);
		if (!a || !b)
			return false;
	} else {
		if (!elab_eval(E, v, lo))
			return false;
		*hi = *lo;
	}
	if (*lo < 1 || *hi > max || *lo > *hi) {
		char bound[48] = "at least 1";
		if (max < INT64_MAX)
			snprintf(bound, sizeof bound, "from 1 to %lld", (long long)max);
		char got[48];
		if (*lo == *hi)
			snprintf(got, sizeof got, "%lld", (long long)*lo);
		else
			snprintf(got, sizeof got, "%lld..%lld", (long long)*lo, (long long)*hi);
		Diag *d = diag_emit(E->ctx, DIAG_E0418, v->span, "%s must be %s, but is %s", what, bound, got);
		if (*lo > *hi)
			diag_hint(E->ctx, d, "a range lo..hi includes both ends and needs lo <= hi");
		return false;
	}
	return true;
}

/* The level in an item's argument: from `min` to IR_SEARCH_MAXL - 1. */
static bool
search_level(Elab *E, const AstNode *it, int64_t min, uint32_t *out)
{
	const AstNode *a = it->u.sitem.arg;
	int64_t v;
	if (!a) {
		Diag *d = diag_emit(E->ctx, DIAG_E0418, it->u.sitem.key_span, "`%s` needs a level", it->u.sitem.key);
		diag_hint(E->ctx, d, "write %s(L): ..., L from %lld (%s) to %d", it->u.sitem.key, (long long)min,
			  min ? "the first Cluster" : "the top level", IR_SEARCH_MAXL - 1);
		return false;
	}
	if (!elab_eval(E, a, &v))
		return false;
	if (v < min || v >= IR_SEARCH_MAXL) {
		diag_emit(E->ctx, DIAG_E0418, a->span, "level %lld is out of range: %s(L) takes L from %lld to %d",
			  (long long)v, it->u.sitem.key, (long long)min, IR_SEARCH_MAXL - 1);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

static bool
search_one_value(Elab *E, const AstNode *it)
{
	if (it->u.sitem.values.n == 1)
		return true;
	diag_emit(E->ctx, DIAG_E0418, it->span, "`%s` takes one value or one range lo..hi, not %u",
		  it->u.sitem.key, it->u.sitem.values.n);
	return false;
}

/* `Dataflow: family(ranges)`: every argument tuple, elaborated for L. */
static void
search_family(Elab *E, IrLayer *L, IrSearchSpec *sp, const AstNode *it)
{
	const AstNode *def = elab_find_df_used(E, it->u.sitem.family, it->u.sitem.family_span);
	if (!def)
		return;
	uint32_t want = def->u.dfdef.params.n, got = it->u.sitem.values.n;
	if (want != got) {
		Diag *d = diag_emit(E->ctx, DIAG_E0305, it->span,
				    "dataflow `%s` takes %u argument%s, but the search constraint gives %u",
				    def->u.dfdef.name, want, want == 1 ? "" : "s", got);
		diag_note(E->ctx, d, def->u.dfdef.name_span, "`%s` is defined here", def->u.dfdef.name);
		return;
	}
	if (got > IR_SEARCH_MAXARGS) {
		diag_emit(E->ctx, DIAG_E0418, it->span, "a search constraint's dataflow takes at most %d arguments",
			  IR_SEARCH_MAXARGS);
		return;
	}
	uint64_t tuples = 1;
	bool ok = true;
	for (uint32_t i = 0; i < got; i++) {
		if (!search_range(E, it->u.sitem.values.v[i], INT64_MAX, "a dataflow argument",
				  &sp->arg_lo[i], &sp->arg_hi[i])) {
			ok = false;
			continue;
		}
		uint64_t n = (uint64_t)(sp->arg_hi[i] - sp->arg_lo[i]) + 1;
		tuples = tuples > SEARCH_MAX_TUPLES || n > SEARCH_MAX_TUPLES ? SEARCH_MAX_TUPLES + 1 : tuples * n;
	}
	if (!ok)
		return;
	if (tuples > SEARCH_MAX_TUPLES) {
		Diag *d = diag_emit(E->ctx, DIAG_E0419, it->span,
				    "the ranges of `%s` give more than %d argument combinations", def->u.dfdef.name,
				    SEARCH_MAX_TUPLES);
		diag_hint(E->ctx, d, "narrow the ranges, or leave the family out and bound tiles with Tile(D)");
		return;
	}
	sp->family = def->u.dfdef.name;
	sp->nargs = got;
	sp->maps = arena_array(E->ctx->arena, (size_t)tuples, sizeof *sp->maps);
	if (!sp->maps)
		return;
	int64_t vals[IR_SEARCH_MAXARGS + 1];
	bool bad[IR_SEARCH_MAXARGS + 1];
	memset(bad, 0, sizeof bad);
	for (uint32_t i = 0; i < got; i++)
		vals[i] = sp->arg_lo[i];
	for (uint64_t t = 0; t < tuples && !E->stop; t++) {
		if (!elab_count(E, it->span, 1))
			break;
		E->nlv = 0;
		elab_new_level(E, 0, 0, it->span);
		E->layer = L;
		elab_df_body(E, def, vals, bad, it->span, 0);
		E->layer = NULL;
		IrSearchMap *m = &sp->maps[sp->nmaps];
		if (elab_take_levels(E, &m->levels, &m->nlevels)) {
			memcpy(m->args, vals, got * sizeof *vals);
			sp->nmaps++;
		}
		/* next tuple: the last argument fastest */
		for (uint32_t i = got; i-- > 0;) {
			if (vals[i] < sp->arg_hi[i]) {
				vals[i]++;
				break;
			}
			vals[i] = sp->arg_lo[i];
		}
	}
}

/* A layer's Search block (its own or its network's) as an IrSearchSpec. */
const IrSearchSpec *
elab_search(Elab *E, IrLayer *L, const AstNode *blk)
{
	IrSearchSpec *sp = arena_alloc(E->ctx->arena, sizeof *sp);
	if (!sp)
		return NULL;
	memset(sp, 0, sizeof *sp);
	sp->span = blk->span;
	/* the item that set each key (and level or dimension), for repeats */
	const AstNode *first[NSEARCHKEYS][DIM__COUNT > IR_SEARCH_MAXL ? DIM__COUNT : IR_SEARCH_MAXL];
	memset(first, 0, sizeof first);
	Span spatial_at[IR_SEARCH_MAXL];
	for (uint32_t i = 0; i < blk->u.block.items.n; i++) {
		const AstNode *it = blk->u.block.items.v[i];
		if (!it || it->kind != AST_SITEM)
			continue;
		size_t k;
		for (k = 0; k < NSEARCHKEYS; k++)
			if (strcmp(it->u.sitem.key, search_keys[k]) == 0)
				break;
		if (k == NSEARCHKEYS) {
			Diag *d = diag_emit(E->ctx, DIAG_E0417, it->u.sitem.key_span,
					    "`%s` is not a search constraint", it->u.sitem.key);
			const char *sug = diag_suggest(it->u.sitem.key, search_keys, NSEARCHKEYS);
			if (sug)
				diag_hint(E->ctx, d, "did you mean `%s`?", sug);
			else
				diag_hint(E->ctx, d, "the constraints are Levels, Spatial(L), Order(L), Cluster(L), "
					  "Tile(D) and Dataflow");
			continue;
		}
		uint32_t slot = 0;
		Dim dim = DIM_K;
		bool ok = true;
		switch (k) {
		case 1: case 2: ok = search_level(E, it, 0, &slot); break;
		case 3: ok = search_level(E, it, 1, &slot); break;
		case 4:
			ok = it->u.sitem.arg ? search_dim(E, it->u.sitem.arg, &dim) : false;
			if (!it->u.sitem.arg)
				diag_emit(E->ctx, DIAG_E0418, it->u.sitem.key_span, "`Tile` needs a dimension: Tile(D): lo..hi");
			slot = (uint32_t)dim;
			break;
		default:
			if (it->u.sitem.arg) {
				diag_emit(E->ctx, DIAG_E0418, it->u.sitem.arg->span, "`%s` takes no argument",
					  it->u.sitem.key);
				ok = false;
			}
			break;
		}
		if (!ok)
			continue;
		if (first[k][slot]) {
			Diag *d = diag_emit(E->ctx, DIAG_E0418, it->span, "this search constraint is given twice");
			diag_note(E->ctx, d, first[k][slot]->span, "first given here");
			continue;
		}
		first[k][slot] = it;
		const AstList *vs = &it->u.sitem.values;
		switch (k) {
		case 0:
			if (search_one_value(E, it))
				search_range(E, vs->v[0], IR_SEARCH_MAXL, "the number of levels", &sp->levels_lo,
					     &sp->levels_hi);
			break;
		case 1:
			for (uint32_t j = 0; j < vs->n; j++)
				if (search_dim(E, vs->v[j], &dim))
					sp->spatial[slot] |= DIM_BIT(dim);
			spatial_at[slot] = it->span;
			break;
		case 2: {
			uint32_t seen = 0;
			for (uint32_t j = 0; j < vs->n; j++) {
				if (!search_dim(E, vs->v[j], &dim))
					continue;
				if (seen & DIM_BIT(dim)) {
					diag_emit(E->ctx, DIAG_E0418, vs->v[j]->span, "%s is listed twice in this Order",
						  ir_dim_name(dim));
					continue;
				}
				seen |= DIM_BIT(dim);
				sp->order[slot][sp->norder[slot]++] = (uint8_t)dim;
			}
			break;
		}
		case 3:
			if (search_one_value(E, it))
				search_range(E, vs->v[0], INT64_MAX, "a cluster size", &sp->cluster_lo[slot],
					     &sp->cluster_hi[slot]);
			break;
		case 4:
			if (search_one_value(E, it))
				search_range(E, vs->v[0], INT64_MAX, "a tile size", &sp->tile_lo[slot],
					     &sp->tile_hi[slot]);
			break;
		default:
			search_family(E, L, sp, it);
			break;
		}
	}
	/* a level's spatial dimensions must be among its ordered ones */
	for (uint32_t l = 0; l < IR_SEARCH_MAXL; l++) {
		if (!sp->spatial[l] || !sp->norder[l])
			continue;
		uint32_t in_order = 0;
		for (uint32_t j = 0; j < sp->norder[l]; j++)
			in_order |= DIM_BIT(sp->order[l][j]);
		if (sp->spatial[l] & ~in_order) {
			Diag *d = diag_emit(E->ctx, DIAG_E0418, spatial_at[l],
					    "Spatial(%u) names a dimension that Order(%u) does not list", l, l);
			diag_note(E->ctx, d, first[2][l]->span, "Order(%u) is here", l);
		}
	}
	return sp;
}

