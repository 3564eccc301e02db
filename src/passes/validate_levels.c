/*
** validate_levels.c: the structure of each cluster level after
** normalization: one directive per dimension, one SpatialMap (or the
** co-indexed sliding pair Y with R, X with S), no more than two.
*/
#include "mdfc/arena.h"
#include "mdfc/diag.h"
#include "mdfc/passes.h"

static const char *
level_name(MdfCtx *ctx, uint32_t i)
{
	return i == 0 ? "the top level" : arena_printf(ctx->arena, "cluster level %u", i);
}

static const char *
as_written(MdfCtx *ctx, const IrDirective *d)
{
	if (d->origin == ORIG_CONVERTED)
		return arena_printf(ctx->arena, "%s (converted to %s)",
				    pass_dir_text(ctx, d->kind, d->src_size, d->src_offset, d->src_dim),
				    ir_dim_name(d->dim));
	return pass_dir_text(ctx, d->kind, d->src_size, d->src_offset, d->src_dim);
}

static void
check_duplicates(PassCtx *pc, IrLayer *l, uint32_t li)
{
	MdfCtx *ctx = pc->ctx;
	IrLevel *lv = &l->levels[li];
	uint32_t seen = 0;      /* dimensions written so far (the usual case: no repeat) */
	for (uint32_t j = 0; j < lv->ndirs; j++) {
		IrDirective *d = &lv->dirs[j];
		if (d->origin == ORIG_INHERITED || d->origin == ORIG_UNROLLED)
			continue;
		if ((unsigned)d->dim < DIM__COUNT && !(seen & DIM_BIT(d->dim))) {
			seen |= DIM_BIT(d->dim);
			continue;
		}
		for (uint32_t k = 0; k < j; k++) {
			IrDirective *e = &lv->dirs[k];
			if (e->dim != d->dim || e->origin == ORIG_INHERITED || e->origin == ORIG_UNROLLED)
				continue;
			Diag *dg = diag_emit(ctx, DIAG_E0506, pass_dir_span(l, lv, d),
					     "%s maps %s a second time in %s",
					     as_written(ctx, d), ir_dim_name(d->dim), level_name(ctx, li));
			diag_note(ctx, dg, pass_dir_span(l, lv, e), "first mapped here by %s", as_written(ctx, e));
			diag_hint(ctx, dg, "a level maps each dimension once: remove one (MAESTRO iterates "
				  "both, multiplying the MACs, and sizes the window by the last one)");
			pc->bad_dims |= DIM_BIT(d->dim);
			break;
		}
	}
}

static bool
sliding_pair(const LayerVars *v, Dim a, Dim b)
{
	if (!v->conv)
		return false;
	return (a == DIM_Y && b == DIM_R) || (a == DIM_R && b == DIM_Y) ||
	       (a == DIM_X && b == DIM_S) || (a == DIM_S && b == DIM_X);
}

static void
check_spatial(PassCtx *pc, IrLayer *l, const LayerVars *v, uint32_t li)
{
	MdfCtx *ctx = pc->ctx;
	IrLevel *lv = &l->levels[li];
	int sp[3], nsp = 0;
	for (uint32_t j = 0; j < lv->ndirs && nsp < 3; j++)
		if (lv->dirs[j].kind == DIR_SPATIAL)
			sp[nsp++] = (int)j;
	if (nsp == 0) {
		Span at = pass_dir_span(l, lv, NULL);
		Diag *dg = diag_emit(ctx, DIAG_E0507, at, "%s of layer '%s' has no SpatialMap",
				     level_name(ctx, li), l->name ? l->name : "");
		uint32_t own = 0;
		for (uint32_t j = 0; j < lv->ndirs; j++)
			own += lv->dirs[j].origin == ORIG_SOURCE || lv->dirs[j].origin == ORIG_CONVERTED;
		const IrLevel *up = li > 0 ? &l->levels[li - 1] : NULL;
		int usp = -1;
		for (uint32_t j = 0; up && j < up->ndirs; j++)
			if (up->dirs[j].kind == DIR_SPATIAL) {
				usp = (int)j;
				break;
			}
		if (li > 0 && own == 0)
			diag_hint(ctx, dg, "this Cluster opens a level with no directives of its own; "
				  "what it inherits from the level above is temporal: add a SpatialMap "
				  "after the Cluster, or remove the Cluster");
		else if (usp >= 0)
			diag_hint(ctx, dg, "the level above maps %s spatially, but inherited directives "
				  "are temporal: this level needs its own SpatialMap to spread work over its units",
				  ir_dim_name(up->dirs[usp].dim));
		else
			diag_hint(ctx, dg, "make one directive a SpatialMap to spread work over the level's units");
		pc->bad_spatial = true;
		return;
	}
	if (nsp > 2) {
		IrDirective *d = &lv->dirs[sp[2]];
		Diag *dg = diag_emit(ctx, DIAG_E0509, pass_dir_span(l, lv, d),
				     "a third SpatialMap in %s (%s)", level_name(ctx, li), as_written(ctx, d));
		diag_note(ctx, dg, pass_dir_span(l, lv, &lv->dirs[sp[0]]), "first SpatialMap here");
		diag_note(ctx, dg, pass_dir_span(l, lv, &lv->dirs[sp[1]]), "second SpatialMap here");
		diag_hint(ctx, dg, "a level spreads one dimension over its units (or the sliding pair "
			  "Y with R, X with S); open a Cluster level for another spatial dimension");
		pc->bad_spatial = true;
		return;
	}
	if (nsp == 2) {
		IrDirective *a = &lv->dirs[sp[0]], *b = &lv->dirs[sp[1]];
		if (!sliding_pair(v, a->dim, b->dim) && a->dim != b->dim) {
			Diag *dg = diag_emit(ctx, DIAG_E0508, pass_dir_span(l, lv, b),
					     "%s and %s are both spatial in %s, but they are not a sliding pair",
					     as_written(ctx, a), as_written(ctx, b), level_name(ctx, li));
			diag_note(ctx, dg, pass_dir_span(l, lv, a), "first SpatialMap here");
			diag_hint(ctx, dg, "two SpatialMaps in one level are co-indexed (unit p holds tile p "
				  "of both), which computes only the diagonal unless they are the window "
				  "pair Y with R or X with S; map one of them temporally or in its own "
				  "Cluster level");
			pc->bad_spatial = true;
		}
	}
}

/* A function of the normalized structure (each directive's kind,
   dimension and origin): a layer normalized by a plan whose structure
   passed once passes again (PassPlan). */
bool
pass_validate_levels(PassCtx *pc, IrLayer *l)
{
	if (pc->plan && pc->plan->levels_clean)
		return true;
	const DiagBag *b = &pc->ctx->diags;
	size_t before = b->nerrors + b->nwarnings + b->nallowed;
	LayerVars v;
	pass_vars(pc, l, &v);
	for (uint32_t i = 0; i < l->nlevels; i++) {
		check_duplicates(pc, l, i);
		check_spatial(pc, l, &v, i);
	}
	if (pc->plan && b->nerrors + b->nwarnings + b->nallowed == before)
		pc->plan->levels_clean = true;
	return true;
}
