/*
** util.c: what each layer type computes on, and small helpers the passes
** share.
*/
#include "mdfc/arena.h"
#include "mdfc/checked.h"
#include "mdfc/passes.h"


/* "C" < "G" < "K" < "M" < "N" < "R" < "S" < "X" < "X'" < "Y" < "Y'" */
const Dim pass_alpha_dims[DIM__COUNT] = {
	DIM_C, DIM_G, DIM_K, DIM_M, DIM_N, DIM_R, DIM_S, DIM_X, DIM_XP, DIM_Y, DIM_YP,
};

int64_t
pass_num_tiles(int64_t n, int64_t m, int64_t o)
{
	if (m >= n || o <= 0)
		return 1;
	int64_t k = (n - m) / o;        /* steady steps after the first */
	int64_t t = k + 1;
	/* k*o + m < n: an edge tile remains (k*o <= n - m, so no overflow) */
	if (k * o + m < n && (k + 1) <= (n - 1) / o)
		t++;
	return t;
}

const char *
pass_dir_text(MdfCtx *ctx, DirKind k, int64_t size, int64_t ofs, Dim d)
{
	return arena_printf(ctx->arena, "%s(%lld,%lld) %s",
			    k == DIR_SPATIAL ? "SpatialMap" : "TemporalMap",
			    (long long)size, (long long)ofs, ir_dim_name(d));
}

Span
pass_dir_span(const IrLayer *l, const IrLevel *lv, const IrDirective *d)
{
	if (d && d->span.file != SPAN_NOFILE)
		return d->span;
	if (lv && lv->span.file != SPAN_NOFILE)
		return lv->span;
	if (l->dataflow_span.file != SPAN_NOFILE)
		return l->dataflow_span;
	return l->span;
}
