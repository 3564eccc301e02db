/*
** check_shape.c: the first pass.  Everything normalization relies on:
** the dimensions the layer type needs are declared, every directive names
** a dimension of the layer, sizes are positive, the filter fits in the
** input.  A layer that fails here is not normalized (later passes would
** only repeat the same problem in other words).
*/
#include <stdio.h>
#include <string.h>
#include "mdfc/checked.h"
#include "mdfc/arena.h"
#include "mdfc/diag.h"
#include "mdfc/passes.h"

/* "K, C, R, S, Y (or Y'), X (or X')" for a hint. */
static const char *
need_list(MdfCtx *ctx, const IrLayer *l, const LayerVars *v)
{
	static const Dim order[] = {DIM_N, DIM_G, DIM_M, DIM_K, DIM_C, DIM_R, DIM_S, DIM_Y, DIM_X};
	char buf[128];
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		Dim d = order[i];
		if (!(v->need & DIM_BIT(d)))
			continue;
		const char *alt = "";
		if (v->conv && d == DIM_Y)
			alt = " (or Y')";
		else if (v->conv && d == DIM_X)
			alt = " (or X')";
		int w = snprintf(buf + n, sizeof buf - n, "%s%s%s", n ? ", " : "", ir_dim_name(d), alt);
		if (w > 0 && (size_t)w < sizeof buf - n)
			n += (size_t)w;
	}
	(void)l;
	return arena_strdup(ctx->arena, buf);
}

static bool
declared(const IrLayer *l, Dim d)
{
	return l->dim[d] != 0;
}

/* Which types compute on d (for "G is a dimension of NGCONV layers"). */
static const char *
types_with(Dim d)
{
	switch (d) {
	case DIM_G: return "NGCONV and GEMM layers";
	case DIM_M: return "GEMM layers";
	case DIM_R: case DIM_S: case DIM_Y: case DIM_X: case DIM_YP: case DIM_XP:
		return "convolution layers (CONV, DSCONV, NGCONV, TRCONV, FC)";
	case DIM_K: return "CONV, NGCONV, TRCONV, FC and GEMM layers";
	default: return NULL;
	}
}

static void
check_dims(PassCtx *pc, IrLayer *l, const LayerVars *v)
{
	MdfCtx *ctx = pc->ctx;
	for (int d = 0; d < DIM__COUNT; d++) {
		if (l->dim[d] < 0)
			diag_emit(ctx, DIAG_E0504, l->dim_span[d],
				  "dimension %s of layer '%s' is %lld; sizes must be positive",
				  ir_dim_name((Dim)d), l->name ? l->name : "", (long long)l->dim[d]);
		if (l->stride[d] < 0 || (l->stride[d] == 0 && l->stride_span[d].file != SPAN_NOFILE))
			diag_emit(ctx, DIAG_E0504, l->stride_span[d],
				  "stride of %s is %lld; strides must be positive",
				  ir_dim_name((Dim)d), (long long)l->stride[d]);
	}
	if (v->conv) {
		static const Dim in[2] = {DIM_Y, DIM_X}, out[2] = {DIM_YP, DIM_XP};
		for (int i = 0; i < 2; i++)
			if (declared(l, in[i]) && declared(l, out[i])) {
				Diag *dg = diag_emit(ctx, DIAG_E0503, l->dim_span[out[i]],
						     "layer '%s' declares both %s and %s",
						     l->name ? l->name : "", ir_dim_name(in[i]), ir_dim_name(out[i]));
				diag_note(ctx, dg, l->dim_span[in[i]], "%s declared here", ir_dim_name(in[i]));
				diag_hint(ctx, dg, "declare the input size %s or the output size %s, not both",
					  ir_dim_name(in[i]), ir_dim_name(out[i]));
			}
	}
	/* missing dimensions: one diagnostic listing them all */
	char miss[64];
	size_t n = 0;
	miss[0] = 0;
	for (int d = 0; d < DIM__COUNT; d++) {
		if (!(v->need & DIM_BIT(d)) || declared(l, (Dim)d))
			continue;
		if (v->conv && d == DIM_Y && declared(l, DIM_YP))
			continue;
		if (v->conv && d == DIM_X && declared(l, DIM_XP))
			continue;
		int w = snprintf(miss + n, sizeof miss - n, "%s%s", n ? ", " : "", ir_dim_name((Dim)d));
		if (w > 0 && (size_t)w < sizeof miss - n)
			n += (size_t)w;
	}
	if (n) {
		Span at = l->dims_span.file != SPAN_NOFILE ? l->dims_span : l->span;
		Diag *dg = diag_emit(ctx, DIAG_E0501, at, "%s layer '%s' does not declare %s",
				     ir_layer_type_name(l->type), l->name ? l->name : "", miss);
		diag_hint(ctx, dg, "a %s layer needs %s", ir_layer_type_name(l->type), need_list(ctx, l, v));
	}
	/* the filter must fit in the input (declared input sizes only) */
	if (v->conv) {
		static const Dim in[2] = {DIM_Y, DIM_X}, flt[2] = {DIM_R, DIM_S};
		for (int i = 0; i < 2; i++) {
			int64_t a = l->dim[in[i]], f = l->dim[flt[i]], eff = a;
			/* TRCONV slides over its input dilated by the stride
			   (docs/ir.md): (a - 1) * s + 1 rows */
			int64_t s = l->stride[in[i]] > 1 ? l->stride[in[i]] : 1;
			if (l->type == LT_TRCONV && a > 0 && s > 1
			    && !(ck_mul(a - 1, s, &eff) && ck_add(eff, 1, &eff)))
				eff = INT64_MAX;
			if (a > 0 && f > 0 && eff < f) {
				Diag *dg = diag_emit(ctx, DIAG_E0505, l->dim_span[in[i]],
						     "%s = %lld is smaller than the filter %s = %lld, so the layer has no output",
						     ir_dim_name(in[i]), (long long)eff, ir_dim_name(flt[i]), (long long)f);
				diag_note(ctx, dg, l->dim_span[flt[i]], "%s declared here", ir_dim_name(flt[i]));
			}
		}
	}
}

static void
check_directive(PassCtx *pc, IrLayer *l, const LayerVars *v, IrLevel *lv, IrDirective *d)
{
	MdfCtx *ctx = pc->ctx;
	if (d->size <= 0 || d->offset <= 0) {
		Diag *dg = diag_emit(ctx, DIAG_E0504, pass_dir_span(l, lv, d), "%s: the %s must be positive",
				     pass_dir_text(ctx, d->kind, d->size, d->offset, d->dim),
				     d->size <= 0 ? "size" : "offset");
		diag_hint(ctx, dg, "a map holds `size` indices and advances by `offset`; both are at least 1");
	}
	Dim dd = d->dim;
	if (dd >= DIM__COUNT)
		return;
	if (v->allowed & DIM_BIT(dd)) {
		/* Y' needs R to convert, which every convolution type declares;
		   Y' is fine with Y declared (it is converted). */
		if (dd == DIM_YP || dd == DIM_XP)
			return;
		if (declared(l, dd) || l->type == LT_FC)
			return;
		if ((v->need & DIM_BIT(dd)))    /* already reported as missing */
			return;
	}
	const char *tn = ir_layer_type_name(l->type);
	Span at = pass_dir_span(l, lv, d);
	Diag *dg;
	if (dd == DIM_N && l->type != LT_GEMM) {
		dg = diag_emit(ctx, DIAG_E0502, at, "the directive maps N, but layer '%s' does not declare N",
			       l->name ? l->name : "");
		diag_hint(ctx, dg, "declare the batch in Dimensions (N: 1) or remove the directive");
		return;
	}
	dg = diag_emit(ctx, DIAG_E0502, at, "%s is not a dimension of a %s layer",
		       ir_dim_name(dd), tn);
	const char *w = types_with(dd);
	if (w)
		diag_hint(ctx, dg, "%s is a dimension of %s; a %s layer computes on %s",
			  ir_dim_name(dd), w, tn, need_list(ctx, l, v));
	else
		diag_hint(ctx, dg, "a %s layer computes on %s", tn, need_list(ctx, l, v));
}

bool
pass_check_shape(PassCtx *pc, IrLayer *l)
{
	MdfCtx *ctx = pc->ctx;
	size_t before = ctx->diags.nerrors;
	LayerVars v;
	pass_vars(pc, l, &v);
	if (!pc->shape_checked)
		check_dims(pc, l, &v);
	if (l->nlevels == 0) {
		Span at = l->dataflow_span.file != SPAN_NOFILE ? l->dataflow_span : l->span;
		diag_emit(ctx, DIAG_E0507, at, "layer '%s' has an empty dataflow", l->name ? l->name : "");
	}
	for (uint32_t i = 0; i < l->nlevels; i++) {
		IrLevel *lv = &l->levels[i];
		if (i > 0 && lv->cluster_size <= 0)
			diag_emit(ctx, DIAG_E0504, lv->span, "Cluster(%lld): the cluster size must be positive",
				  (long long)lv->cluster_size);
		for (uint32_t j = 0; j < lv->ndirs; j++)
			check_directive(pc, l, &v, lv, &lv->dirs[j]);
	}
	uint32_t limit = ctx->opt.limits.max_cluster_depth ? ctx->opt.limits.max_cluster_depth : 16;
	if (l->nlevels > 1 && l->nlevels - 1 > limit) {
		diag_emit(ctx, DIAG_E0516, l->levels[limit + 1].span,
			  "layer '%s' has %u Cluster levels; the limit is %u",
			  l->name ? l->name : "", l->nlevels - 1, limit);
	}
	return ctx->diags.nerrors == before;
}
