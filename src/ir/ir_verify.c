/*
** ir_verify.c: structural invariants of the IR, checked between passes
** (src/passes/pass.c).  A violation is a bug in mdfc, never a user error:
** everything a user can get wrong is diagnosed by a pass first.
**
** Always: levels exist; level 0 has no Cluster and lower levels have one;
** every directive has a known kind, dimension and origin, and `inferred`
** agrees with the origin.  After normalization: every level has
** directives, all sizes and offsets are positive, no Y'/X' directive is
** left, every directive's dimension is in its level's dimension table, and
** every input-tensor variable is mapped at every level.
*/
#include "mdfc/arena.h"
#include "mdfc/ir_verify.h"


const char *
ir_verify_layer(MdfCtx *ctx, const IrLayer *l)
{
	Arena *a = ctx->arena;
	if (l->nlevels > 0 && !l->levels)
		return "levels array missing";
	if ((unsigned)l->type >= LT__COUNT)
		return arena_printf(a, "layer type %d out of range", (int)l->type);
	IrLayerVars v;
	ir_layer_vars(l, &v);
	uint32_t uv = v.input | v.weight;   /* MAESTRO's input-tensor variables */
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const IrLevel *lv = &l->levels[i];
		if (lv->ndirs > 0 && !lv->dirs)
			return arena_printf(a, "level %u: directive array missing", i);
		if (i == 0 && lv->cluster_size != 0)
			return "level 0 carries a cluster size";
		/* the dimensions mapped at this level, gathered once: the
		   verifier runs after every pass, so a search per variable
		   showed up in profiles of big networks */
		uint32_t mapped = 0;
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			if ((unsigned)d->dim < DIM__COUNT)
				mapped |= DIM_BIT(d->dim);
			if (d->kind != DIR_TEMPORAL && d->kind != DIR_SPATIAL)
				return arena_printf(a, "level %u directive %u: bad kind", i, j);
			if ((unsigned)d->dim >= DIM__COUNT)
				return arena_printf(a, "level %u directive %u: bad dimension", i, j);
			if ((unsigned)d->origin > ORIG_CONVERTED)
				return arena_printf(a, "level %u directive %u: bad origin", i, j);
			if (d->inferred != (d->origin != ORIG_SOURCE))
				return arena_printf(a, "level %u directive %u: inferred flag disagrees with origin", i, j);
			if (!l->normalized)
				continue;
			if (d->size <= 0 || d->offset <= 0)
				return arena_printf(a, "level %u directive %u: size/offset not positive", i, j);
			if (d->dim == DIM_YP || d->dim == DIM_XP)
				return arena_printf(a, "level %u directive %u: %s left after conversion",
						    i, j, ir_dim_name(d->dim));
			if (lv->dims[d->dim] <= 0)
				return arena_printf(a, "level %u directive %u: %s not in the level's dimension table",
						    i, j, ir_dim_name(d->dim));
			if (d->origin == ORIG_INHERITED && d->kind != DIR_TEMPORAL)
				return arena_printf(a, "level %u directive %u: inherited directive is spatial", i, j);
		}
		if (!l->normalized)
			continue;
		if (i > 0 && lv->cluster_size <= 0)
			return arena_printf(a, "level %u: cluster size not positive", i);
		if (lv->ndirs == 0)
			return arena_printf(a, "level %u: no directives after normalization", i);
		for (int d = 0; d < DIM__COUNT; d++) {
			if (!(uv & DIM_BIT(d)))
				continue;
			if (lv->dims[d] <= 0)
				return arena_printf(a, "level %u: input-tensor variable %s has no size", i,
						    ir_dim_name((Dim)d));
			if (!(mapped & DIM_BIT(d)))
				return arena_printf(a, "level %u: input-tensor variable %s is not mapped", i,
						    ir_dim_name((Dim)d));
		}
	}
	return NULL;
}
