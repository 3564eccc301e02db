/*
** util.c: what each layer type computes on, and small helpers the passes
** share.
*/
#include "mdfc/arena.h"
#include "mdfc/checked.h"
#include "mdfc/passes.h"

#define B(d) DIM_BIT(DIM_##d)

/* "C" < "G" < "K" < "M" < "N" < "R" < "S" < "X" < "X'" < "Y" < "Y'" */
const Dim pass_alpha_dims[DIM__COUNT] = {
	DIM_C, DIM_G, DIM_K, DIM_M, DIM_N, DIM_R, DIM_S, DIM_X, DIM_XP, DIM_Y, DIM_YP,
};

/* Tensor variables per type: API_user-interface-v2.hpp:ConfigConvTensors.
   FC is a CONV whose R, S, Y, X are 1; TRCONV is a CONV for the mapping
   (as in MAESTRO); POOL has DSCONV's shape (one channel per window). */
void
pass_layer_vars(const IrLayer *l, LayerVars *v)
{
	uint32_t n = l->dim[DIM_N] != 0 ? B(N) : 0;
	v->extra = 0;
	v->conv = true;
	switch (l->type) {
	case LT_GEMM:
		v->input = B(M) | B(K);
		v->weight = B(K) | B(N);
		v->output = B(M) | B(N);
		v->conv = false;
		n = 0;
		break;
	case LT_DSCONV:
	case LT_POOL:
		v->input = n | B(C) | B(Y) | B(X);
		v->weight = B(C) | B(R) | B(S);
		v->output = n | B(C) | B(Y) | B(X);
		/* MobileNet files declare K: 1 and Resnet50_nlr maps it */
		if (l->dim[DIM_K] != 0)
			v->extra = B(K);
		break;
	case LT_NGCONV:
		v->input = n | B(G) | B(C) | B(Y) | B(X);
		v->weight = B(G) | B(K) | B(C) | B(R) | B(S);
		v->output = n | B(G) | B(K) | B(C) | B(Y) | B(X);
		break;
	case LT_CONV:
	case LT_TRCONV:
	case LT_FC:
	default:
		v->input = n | B(C) | B(Y) | B(X);
		v->weight = B(K) | B(C) | B(R) | B(S);
		v->output = n | B(K) | B(Y) | B(X);
		break;
	}
	v->need = v->input | v->weight | v->output;
	if (l->type == LT_FC)
		v->need &= ~(B(R) | B(S) | B(Y) | B(X));
	v->allowed = v->need | v->extra;
	if (l->type == LT_FC)
		v->allowed |= B(R) | B(S) | B(Y) | B(X);
	if (v->conv)
		v->allowed |= B(YP) | B(XP);
}

int
pass_find_dir(const IrLevel *lv, Dim d)
{
	for (uint32_t i = 0; i < lv->ndirs; i++)
		if (lv->dirs[i].dim == d)
			return (int)i;
	return -1;
}

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
