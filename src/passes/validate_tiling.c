/*
** validate_tiling.c: tiles of a dimension without a sliding window (every
** dimension but Y and X of a convolution) must partition it: offset ==
** size, unless one tile already covers the whole dimension at its level.
** Y and X are checked against their window by validate_window.c.  Also
** warns about tiles larger than their dimension (they are clamped).
*/
#include "mdfc/arena.h"
#include "mdfc/diag.h"
#include "mdfc/passes.h"

static const char *
written(MdfCtx *ctx, const IrDirective *d)
{
	return pass_dir_text(ctx, d->kind, d->src_size, d->src_offset, d->src_dim);
}

static const char *
level_name(MdfCtx *ctx, uint32_t i)
{
	return i == 0 ? "the top level" : arena_printf(ctx->arena, "cluster level %u", i);
}

bool
pass_validate_tiling(PassCtx *pc, IrLayer *l)
{
	MdfCtx *ctx = pc->ctx;
	LayerVars v;
	pass_vars(pc, l, &v);
	for (uint32_t li = 0; li < l->nlevels; li++) {
		IrLevel *lv = &l->levels[li];
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			IrDirective *d = &lv->dirs[j];
			int64_t n = lv->dims[d->dim], m = d->size, o = d->offset;
			bool own = d->origin == ORIG_SOURCE || d->origin == ORIG_CONVERTED;
			bool window = v.conv && (d->dim == DIM_Y || d->dim == DIM_X);
			if (n <= 0 || !own)
				continue;
			if (m <= n && (window || o == m))
				continue;       /* the usual case: nothing below applies */
			Span at = pass_dir_span(l, lv, d);
			if (m > n) {
				bool changed = d->stride_adjusted || d->origin == ORIG_CONVERTED;
				diag_emit(ctx, DIAG_W0501, at,
					  "%s%s%s maps %lld indices of %s, but %s has %lld at %s; the tile is clamped to %lld",
					  written(ctx, d), changed ? ", normalized to " : "",
					  changed ? pass_dir_text(ctx, d->kind, d->size, d->offset, d->dim) : "",
					  (long long)m, ir_dim_name(d->dim),
					  ir_dim_name(d->dim), (long long)n, level_name(ctx, li), (long long)n);
			}
			if (window)
				continue;
			if (m >= n) {
				if (o != m)
					diag_emit(ctx, DIAG_W0504, at,
						  "%s covers all %lld of %s at %s in one tile, so its offset %lld has no effect",
						  written(ctx, d), (long long)n, ir_dim_name(d->dim),
						  level_name(ctx, li), (long long)o);
				continue;
			}
			if (o > m) {
				Diag *dg = diag_emit(ctx, DIAG_E0510, at,
						     "%s: tiles of %lld start every %lld, so %lld of every %lld indices of %s are never mapped",
						     written(ctx, d), (long long)m, (long long)o, (long long)(o - m),
						     (long long)o, ir_dim_name(d->dim));
				diag_hint(ctx, dg, "use the size as the offset: %s",
					  pass_dir_text(ctx, d->kind, m, m, d->dim));
				pc->bad_dims |= DIM_BIT(d->dim);
			} else if (o < m) {
				Diag *dg = diag_emit(ctx, DIAG_E0511, at,
						     "%s: tiles of %lld start every %lld, so consecutive tiles share %lld of the indices of %s and that work is done twice",
						     written(ctx, d), (long long)m, (long long)o, (long long)(m - o),
						     ir_dim_name(d->dim));
				diag_hint(ctx, dg, "%s has no sliding window (only Y with R and X with S overlap); use %s",
					  ir_dim_name(d->dim), pass_dir_text(ctx, d->kind, o, o, d->dim));
				pc->bad_dims |= DIM_BIT(d->dim);
			}
		}
	}
	return true;
}
