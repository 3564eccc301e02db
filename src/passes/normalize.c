/*
** normalize.c: complete every cluster level's directive list the way
** MAESTRO does (docs/ir.md §2, after MAESTRO's
** ClusterAnalysis::AnalyzeClusters), so the backends see exactly the
** directives MAESTRO's cost model sees.  Per level, top first:
**
**   1. Y'/X' -> Y/X       size + (R tile) - 1, offset kept     (ORIG_CONVERTED)
**   2. inherit            upper directives on dimensions this level does not
**                         map, as TemporalMaps of the upper (stride-adjusted)
**                         size and offset, prepended: reverse upper order
**                                                              (ORIG_INHERITED)
**   3. unroll             input-tensor variables still unmapped, in
**                         alphabetical order: TemporalMap(Sz, Sz) at this
**                         level's size, appended              (ORIG_UNROLLED)
**   4. stride             ApplyOuterStride on every Y/X directive
**   5. dimension table    of the next level: min(map size, size) per
**                         input-tensor variable
**
** docs/ir.md states each rule with the MAESTRO source that confirms it.
*/
#include <string.h>
#include "mdfc/arena.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "mdfc/passes.h"

static int
find_in(const IrDirective *v, uint32_t n, Dim d)
{
	for (uint32_t i = 0; i < n; i++)
		if (v[i].dim == d)
			return (int)i;
	return -1;
}

/* d's bit in a set of dimensions; 0 for a value beyond the set's 32 bits
   (only a broken IR has one: dim_mapped then searches). */
static uint32_t
dim_bit(Dim d)
{
	return (unsigned)d < 32u ? 1u << d : 0;
}

/* find_in(v, n, d) >= 0, where `mapped` holds the dimensions of v[0..n). */
static bool
dim_mapped(uint32_t mapped, const IrDirective *v, uint32_t n, Dim d)
{
	return (unsigned)d < 32u ? (mapped & (1u << d)) != 0 : find_in(v, n, d) >= 0;
}

static bool
overflow(PassCtx *pc, IrLayer *l, Span at, const char *what)
{
	diag_emit(pc->ctx, DIAG_E0517, at, "layer '%s': %s does not fit in 64 bits",
		  l->name ? l->name : "", what);
	return false;
}

/* The top level's dimension table (API_user-interface-v2.hpp:
   ConstructConvDimensionTable): the declared sizes, FC's implicit 1s, and
   the derived one of Y/Y' (X/X'). */
static bool
top_dims(PassCtx *pc, IrLayer *l, const LayerVars *v, int64_t *D)
{
	for (int d = 0; d < DIM__COUNT; d++)
		D[d] = l->dim[d];
	if (l->type == LT_FC) {
		static const Dim one[] = {DIM_R, DIM_S, DIM_Y, DIM_X};
		for (size_t i = 0; i < 4; i++)
			if (D[one[i]] == 0 && !(one[i] == DIM_Y && D[DIM_YP]) && !(one[i] == DIM_X && D[DIM_XP]))
				D[one[i]] = 1;
	}
	if (!v->conv)
		return true;
	static const Dim in[2] = {DIM_Y, DIM_X}, out[2] = {DIM_YP, DIM_XP}, flt[2] = {DIM_R, DIM_S};
	if (l->type == LT_TRCONV) {
		/* Gather form (docs/ir.md 2.0): the declared Y is the real input,
		   the stride s the upsampling factor.  The filter slides with
		   unit stride over the input dilated by s, (Y-1)*s+1 rows, with
		   no padding.  With s = 1 this is CONV on the declared sizes. */
		for (int i = 0; i < 2; i++) {
			int64_t s = l->stride[in[i]] > 0 ? l->stride[in[i]] : 1, r;
			if (D[in[i]] == 0 && D[out[i]] != 0) {
				/* only Y' declared: the fewest real rows whose
				   dilation gives Y' outputs */
				if (!ck_add(D[out[i]], D[flt[i]] - 2, &r))
					return overflow(pc, l, l->dim_span[out[i]], "the input size derived from the output size");
				D[in[i]] = r / s + 1;
				D[out[i]] = 0;
			}
			if (D[in[i]] > 0 && (!ck_sub(D[in[i]], 1, &r) || !ck_mul(r, s, &r) || !ck_add(r, 1, &D[in[i]])))
				return overflow(pc, l, l->dim_span[in[i]], "the dilated input size");
			l->dilation[in[i]] = s;
			l->stride[in[i]] = 1;
		}
	}
	for (int i = 0; i < 2; i++) {
		int64_t f = D[flt[i]], r;
		if (D[in[i]] != 0 && D[out[i]] == 0) {
			/* MAESTRO: Y' = Y - R + 1, stride ignored (the cost model
			   derives its own output extents) */
			D[out[i]] = D[in[i]] - f + 1;
		} else if (D[in[i]] == 0 && D[out[i]] != 0) {
			/* Y = (Y' - 1) * stride + R: MAESTRO drops the stride here
			   (docs/ir.md §2.0: a declared Y' gives Y = Y' + R - 1); with stride 1 the two agree */
			int64_t s = l->stride[in[i]] > 0 ? l->stride[in[i]] : 1;
			if (!ck_sub(D[out[i]], 1, &r) || !ck_mul(r, s, &r) || !ck_add(r, f, &r))
				return overflow(pc, l, l->dim_span[out[i]], "the input size derived from the output size");
			D[in[i]] = r;
		}
	}
	return true;
}

/* ApplyOuterStride for one directive on a reference dimension. */
static bool
apply_stride(IrDirective *d, int64_t s, int64_t Rf, bool top)
{
	if (s == 1 || d->size < Rf)
		return true;
	int64_t t, ns, no;
	if (!ck_add(d->size, s, &t))
		return false;
	t = (t - Rf) / s;       /* size >= Rf, so t >= 1 */
	int64_t lo = s < Rf ? s : Rf, extra = Rf > s ? Rf - s : 0;
	if (!ck_mul(t, lo, &ns) || !ck_add(ns, extra, &ns) || !ck_mul(t, s, &no))
		return false;
	if (!top && Rf < s && !ck_mul(t, Rf, &no))
		return false;
	if (ns != d->size || no != d->offset) {
		d->size = ns;
		d->offset = no;
		d->stride_adjusted = true;
	}
	return true;
}

static bool
normalize_level(PassCtx *pc, IrLayer *l, const LayerVars *v, uint32_t li, const IrLevel *up,
		const int64_t *D, int64_t Rf, int64_t Sf)
{
	IrLevel *lv = &l->levels[li];
	MdfCtx *ctx = pc->ctx;
	uint32_t nup = up ? up->ndirs : 0;
	uint32_t cap = lv->ndirs + nup + DIM__COUNT;
	/* One block: the level's new table (out, kept), then scratch for its
	   own directives and the inherited ones.  Not zeroed: every element
	   used is written whole first. */
	size_t need = (size_t)cap + lv->ndirs + nup;
	IrDirective *out;
	if (pc->dir_room && need <= pc->dir_room_n - pc->dir_room_used) {
		out = pc->dir_room + pc->dir_room_used;
		pc->dir_room_used += need;
	} else {
		out = arena_grow_raw(ctx->arena, NULL, 0, need, sizeof *out);
	}
	if (!out)
		return overflow(pc, l, l->span, "the directive table (out of memory)");
	IrDirective *own = out + cap;
	uint32_t nown = lv->ndirs;
	if (nown)
		memcpy(own, lv->dirs, nown * sizeof *own);
	for (uint32_t i = 0; i < nown; i++) {
		if (!own[i].inferred) {
			own[i].src_size = own[i].size;
			own[i].src_offset = own[i].offset;
			own[i].src_dim = own[i].dim;
			own[i].origin = ORIG_SOURCE;
		}
	}

	/* 1. Y'/X' -> Y/X.  The R tile: this level's R directive; without one
	   (MAESTRO reads an uninitialised variable), the R tile this level
	   will get: inherited from above, else its whole R. */
	if (v->conv) {
		static const Dim o[2] = {DIM_YP, DIM_XP}, in[2] = {DIM_Y, DIM_X}, f[2] = {DIM_R, DIM_S};
		for (int k = 0; k < 2; k++) {
			int fi = find_in(own, nown, f[k]);
			int64_t fs;
			if (fi >= 0)
				fs = own[fi].size;
			else if (up && pass_find_dir(up, f[k]) >= 0)
				fs = up->dirs[pass_find_dir(up, f[k])].size;
			else
				fs = D[f[k]];
			for (uint32_t i = 0; i < nown; i++) {
				if (own[i].dim != o[k])
					continue;
				int64_t ns;
				if (!ck_add(own[i].size, fs, &ns) || !ck_sub(ns, 1, &ns))
					return overflow(pc, l, own[i].span, "a converted map size");
				own[i].src_dim = o[k];
				own[i].src_size = own[i].size;
				own[i].src_offset = own[i].offset;
				own[i].dim = in[k];
				own[i].size = ns;
				own[i].origin = ORIG_CONVERTED;
				own[i].inferred = true;
			}
		}
	}

	/* 2. inherit: each upper directive, in upper order, whose dimension
	   this level does not map yet is prepended, so the inherited block
	   comes out in reverse upper order.  `mapped`: the dimensions mapped
	   so far (find_in's answer for dimensions below 32, dim_mapped) */
	uint32_t mapped = 0;
	for (uint32_t i = 0; i < nown; i++)
		mapped |= dim_bit(own[i].dim);
	uint32_t n = 0;
	if (up) {
		IrDirective *inh = own + lv->ndirs;
		uint32_t ninh = 0;
		for (uint32_t i = 0; i < up->ndirs; i++) {
			const IrDirective *u = &up->dirs[i];
			if (dim_mapped(mapped, own, nown, u->dim) || dim_mapped(mapped, inh, ninh, u->dim))
				continue;
			mapped |= dim_bit(u->dim);
			IrDirective *d = &inh[ninh++];
			memset(d, 0, sizeof *d);
			d->kind = DIR_TEMPORAL;
			d->dim = u->dim;
			d->size = d->src_size = u->size;
			d->offset = d->src_offset = u->offset;
			d->src_dim = u->dim;
			d->origin = ORIG_INHERITED;
			d->inferred = true;
			d->span = u->span;
		}
		while (ninh > 0)
			out[n++] = inh[--ninh];
	}
	for (uint32_t i = 0; i < nown; i++)
		out[n++] = own[i];

	/* 3. unroll the input-tensor variables still unmapped, alphabetically */
	uint32_t uv = pass_unroll_vars(v);
	for (int k = 0; k < DIM__COUNT && (uv & ~mapped); k++) {
		Dim d = pass_alpha_dims[k];
		if (!(uv & DIM_BIT(d)) || dim_mapped(mapped, out, n, d) || D[d] <= 0)
			continue;
		mapped |= dim_bit(d);
		IrDirective *x = &out[n++];
		memset(x, 0, sizeof *x);
		x->kind = DIR_TEMPORAL;
		x->dim = x->src_dim = d;
		x->size = x->src_size = D[d];
		x->offset = x->src_offset = D[d];
		x->origin = ORIG_UNROLLED;
		x->inferred = true;
		x->span = l->dataflow_span.file != SPAN_NOFILE ? l->dataflow_span : l->span;
	}

	/* 4. stride: every directive on Y or X, inherited ones included (the
	   adjustment is not idempotent when R < stride) */
	if (v->conv) {
		for (uint32_t i = 0; i < n; i++) {
			IrDirective *d = &out[i];
			if (d->dim == DIM_Y || d->dim == DIM_X) {
				int64_t s = l->stride[d->dim] > 0 ? l->stride[d->dim] : 1;
				if (!apply_stride(d, s, d->dim == DIM_Y ? Rf : Sf, li == 0))
					return overflow(pc, l, d->span, "a stride-adjusted map size");
			}
		}
	}

	lv->dirs = out;
	lv->ndirs = n;
	memcpy(lv->dims, D, sizeof lv->dims);
	return true;
}

bool
pass_normalize(PassCtx *pc, IrLayer *l)
{
	if (l->normalized)
		return true;
	LayerVars v;
	pass_vars(pc, l, &v);
	int64_t D[DIM__COUNT];
	if (!top_dims(pc, l, &v, D))
		return false;
	int64_t Rf = D[DIM_R], Sf = D[DIM_S];
	uint32_t carry = pass_unroll_vars(&v) | v.extra;
	for (uint32_t i = 0; i < l->nlevels; i++) {
		if (!normalize_level(pc, l, &v, i, i ? &l->levels[i - 1] : NULL, D, Rf, Sf))
			return false;
		/* 5. the next level's table: min(map size, size) for each
		   input-tensor variable (ConstructLowerClusterDimensionTable);
		   outputs (Y', X') are not carried.  DSCONV's K, in no tensor,
		   is carried when mapped (MAESTRO would fail on it below the
		   top). */
		const IrLevel *lv = &l->levels[i];
		int64_t next[DIM__COUNT] = {0};
		/* the first directive on each dimension (pass_find_dir) */
		int first[DIM__COUNT];
		for (int d = 0; d < DIM__COUNT; d++)
			first[d] = -1;
		for (uint32_t j = lv->ndirs; j-- > 0;)
			if ((unsigned)lv->dirs[j].dim < DIM__COUNT)
				first[lv->dirs[j].dim] = (int)j;
		for (int d = 0; d < DIM__COUNT; d++) {
			if (!(carry & DIM_BIT(d)) || D[d] <= 0)
				continue;
			int j = first[d];
			if (j < 0)
				continue;
			next[d] = lv->dirs[j].size < D[d] ? lv->dirs[j].size : D[d];
		}
		memcpy(D, next, sizeof D);
	}
	l->normalized = true;
	return true;
}
