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

/* d: a TemporalMap that normalization adds (inherited or unrolled). */
static void
added_dir(IrDirective *d, Dim dim, int64_t size, int64_t offset, DirOrigin origin, Span span)
{
	memset(d, 0, sizeof *d);
	d->kind = DIR_TEMPORAL;
	d->dim = d->src_dim = dim;
	d->size = d->src_size = size;
	d->offset = d->src_offset = offset;
	d->origin = origin;
	d->inferred = true;
	d->span = span;
}

/* Level li of l normalized, its table D; rec (or NULL) records where each
   normalized directive comes from (PassPlan). */
static bool
normalize_level(PassCtx *pc, IrLayer *l, const LayerVars *v, uint32_t li, const IrLevel *up,
		const int64_t *D, int64_t Rf, int64_t Sf, PassPlanLevel *rec)
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
	/* with rec: the sources of own[] and of the inherited ones */
	PassPlanDir own_from[PASS_PLAN_DIRS], inh_from[PASS_PLAN_OUT];
	for (uint32_t i = 0; rec && i < nown; i++)
		own_from[i] = (PassPlanDir){PLAN_OWN, (uint8_t)i, 0, 0};
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
			int fi = find_in(own, nown, f[k]), ui = -1;
			int64_t fs;
			if (fi >= 0)
				fs = own[fi].size;
			else if (up && (ui = pass_find_dir(up, f[k])) >= 0)
				fs = up->dirs[ui].size;
			else
				fs = D[f[k]];
			for (uint32_t i = 0; i < nown; i++) {
				if (own[i].dim != o[k])
					continue;
				if (rec)
					own_from[i] = fi >= 0 ? (PassPlanDir){PLAN_CONVERTED, (uint8_t)i, PLAN_OWN, (uint8_t)fi}
						    : ui >= 0 ? (PassPlanDir){PLAN_CONVERTED, (uint8_t)i, PLAN_INHERITED, (uint8_t)ui}
						    : (PassPlanDir){PLAN_CONVERTED, (uint8_t)i, PLAN_UNROLLED, (uint8_t)f[k]};
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
			if (rec)
				inh_from[ninh] = (PassPlanDir){PLAN_INHERITED, (uint8_t)i, 0, 0};
			added_dir(&inh[ninh++], u->dim, u->size, u->offset, ORIG_INHERITED, u->span);
		}
		while (ninh > 0) {
			ninh--;
			if (rec)
				rec->d[n] = inh_from[ninh];
			out[n++] = inh[ninh];
		}
	}
	for (uint32_t i = 0; i < nown; i++) {
		if (rec)
			rec->d[n] = own_from[i];
		out[n++] = own[i];
	}

	/* 3. unroll the input-tensor variables still unmapped, alphabetically */
	uint32_t uv = pass_unroll_vars(v);
	for (int k = 0; k < DIM__COUNT && (uv & ~mapped); k++) {
		Dim d = pass_alpha_dims[k];
		if (!(uv & DIM_BIT(d)) || dim_mapped(mapped, out, n, d) || D[d] <= 0)
			continue;
		mapped |= dim_bit(d);
		if (rec)
			rec->d[n] = (PassPlanDir){PLAN_UNROLLED, (uint8_t)d, 0, 0};
		added_dir(&out[n++], d, D[d], D[d], ORIG_UNROLLED,
			  l->dataflow_span.file != SPAN_NOFILE ? l->dataflow_span : l->span);
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
	if (rec)
		rec->n = n;
	return true;
}

/* The next level's table: min(map size, size) for each input-tensor
   variable (ConstructLowerClusterDimensionTable) with a directive at lv;
   outputs (Y', X') are not carried.  DSCONV's K, in no tensor, is carried
   when mapped (MAESTRO would fail on it below the top).  first: lv's
   first directive per dimension (pass_find_dir). */
static void
next_table(const IrLevel *lv, const int *first, uint32_t carry, int64_t *D)
{
	int64_t next[DIM__COUNT] = {0};
	for (int d = 0; d < DIM__COUNT; d++) {
		if (!(carry & DIM_BIT(d)) || D[d] <= 0 || first[d] < 0)
			continue;
		int64_t s = lv->dirs[first[d]].size;
		next[d] = s < D[d] ? s : D[d];
	}
	memcpy(D, next, sizeof next);
}

static uint32_t
positive(const int64_t *D)
{
	uint32_t m = 0;
	for (int d = 0; d < DIM__COUNT; d++)
		m |= (uint32_t)(D[d] > 0) << d;
	return m;
}

/* Every level normalized from the top's table D. */
static bool
normalize_levels(PassCtx *pc, IrLayer *l, const LayerVars *v, int64_t *D, PassPlan *rec)
{
	int64_t Rf = D[DIM_R], Sf = D[DIM_S];
	uint32_t carry = pass_unroll_vars(v) | v->extra;
	for (uint32_t i = 0; i < l->nlevels; i++) {
		PassPlanLevel *rl = rec ? &rec->lv[i] : NULL;
		if (rl)
			rl->pos = positive(D);
		if (!normalize_level(pc, l, v, i, i ? &l->levels[i - 1] : NULL, D, Rf, Sf, rl))
			return false;
		const IrLevel *lv = &l->levels[i];
		int first[DIM__COUNT];
		for (int d = 0; d < DIM__COUNT; d++)
			first[d] = -1;
		for (uint32_t j = lv->ndirs; j-- > 0;)
			if ((unsigned)lv->dirs[j].dim < DIM__COUNT)
				first[lv->dirs[j].dim] = (int)j;
		if (rl) {
			memcpy(rl->first, first, sizeof first);
			rl->carried = 0;
			for (int d = 0; d < DIM__COUNT; d++)
				if ((carry & DIM_BIT(d)) && D[d] > 0 && first[d] >= 0)
					rl->carried |= DIM_BIT(d);
		}
		next_table(lv, first, carry, D);
	}
	return true;
}

/* The plan key of l's written structure; false when no plan can hold it
   (then the full pass runs). */
static bool
plan_key(const IrLayer *l, uint8_t *key, uint64_t *hash)
{
	if (l->nlevels == 0 || l->nlevels > PASS_PLAN_LEVELS)
		return false;
	memset(key, 0, PASS_PLAN_KEY);
	uint32_t n = 0;
	uint64_t h = l->nlevels;
	key[n++] = (uint8_t)l->nlevels;
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const IrLevel *lv = &l->levels[i];
		if (lv->ndirs > PASS_PLAN_DIRS)
			return false;
		key[n++] = (uint8_t)lv->ndirs;
		h = h * 31 + lv->ndirs;
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			if (d->inferred || (unsigned)d->dim >= DIM__COUNT || (unsigned)d->kind >= 8u)
				return false;
			key[n] = (uint8_t)((unsigned)d->kind << 4 | (unsigned)d->dim);
			h = h * 131 + key[n++];
		}
	}
	*hash = h;
	return true;
}

static PassPlan *
plan_find(PassPlanMemo *mm, const uint8_t *key, uint64_t h)
{
	for (uint32_t j = 0; j < PASS_PLAN_ENTRIES; j++)
		if (mm->p[j].ok && mm->p[j].hash == h && memcmp(mm->p[j].key, key, PASS_PLAN_KEY) == 0)
			return &mm->p[j];
	return NULL;
}

/* Level li's directives by its plan into out (room for pl->n), from the
   written ones and the level above's normalized ones (up, nup).  False
   when a value overflows (the full pass then says so). */
static bool
plan_level(const IrLayer *l, const LayerVars *v, uint32_t li, const PassPlanLevel *pl, const IrDirective *up,
	   const int64_t *D, int64_t Rf, int64_t Sf, IrDirective *out)
{
	const IrDirective *own = l->levels[li].dirs;
	for (uint32_t k = 0; k < pl->n; k++) {
		const PassPlanDir *p = &pl->d[k];
		IrDirective *d = &out[k];
		if (p->from == PLAN_OWN || p->from == PLAN_CONVERTED) {
			*d = own[p->idx];
			d->src_size = d->size;
			d->src_offset = d->offset;
			d->src_dim = d->dim;
			d->origin = ORIG_SOURCE;
			if (p->from == PLAN_CONVERTED) {
				int64_t fs = p->fs_from == PLAN_OWN ? own[p->fs_idx].size
					   : p->fs_from == PLAN_INHERITED ? up[p->fs_idx].size : D[p->fs_idx];
				int64_t ns;
				if (!ck_add(d->size, fs, &ns) || !ck_sub(ns, 1, &ns))
					return false;
				d->dim = d->dim == DIM_YP ? DIM_Y : DIM_X;
				d->size = ns;
				d->origin = ORIG_CONVERTED;
				d->inferred = true;
			}
		} else if (p->from == PLAN_INHERITED) {
			const IrDirective *u = &up[p->idx];
			added_dir(d, u->dim, u->size, u->offset, ORIG_INHERITED, u->span);
		} else {
			Dim x = (Dim)p->idx;
			added_dir(d, x, D[x], D[x], ORIG_UNROLLED,
				  l->dataflow_span.file != SPAN_NOFILE ? l->dataflow_span : l->span);
		}
		if (v->conv && (d->dim == DIM_Y || d->dim == DIM_X)) {
			int64_t s = l->stride[d->dim] > 0 ? l->stride[d->dim] : 1;
			if (s != 1 && !apply_stride(d, s, d->dim == DIM_Y ? Rf : Sf, li == 0))
				return false;
		}
	}
	return true;
}

/* normalize_levels by plan p: the same tables, or false (nothing of l
   changed) when a table's signs differ from the plan's or a value
   overflows.  The top's table is the layer's (one layer per memo). */
static bool
normalize_by_plan(PassCtx *pc, IrLayer *l, const LayerVars *v, const PassPlan *p, const int64_t *Dtop)
{
	IrDirective *out[PASS_PLAN_LEVELS];
	int64_t D[PASS_PLAN_LEVELS][DIM__COUNT];
	memcpy(D[0], Dtop, sizeof D[0]);
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const PassPlanLevel *pl = &p->lv[i];
		size_t used = pc->dir_room_used;
		if (pc->dir_room && pl->n <= pc->dir_room_n - used) {
			out[i] = pc->dir_room + used;
			pc->dir_room_used += pl->n;
		} else {
			out[i] = arena_grow_raw(pc->ctx->arena, NULL, 0, pl->n ? pl->n : 1, sizeof *out[i]);
		}
		if (!out[i] || !plan_level(l, v, i, pl, i ? out[i - 1] : NULL, D[i], Dtop[DIM_R], Dtop[DIM_S], out[i]))
			return false;
		if (i + 1 < l->nlevels) {
			/* next_table on the carried dimensions, the only ones
			   it can make positive */
			memset(D[i + 1], 0, sizeof D[i + 1]);
			uint32_t pos = 0;
			for (uint32_t bits = pl->carried; bits; bits &= bits - 1) {
				int d = __builtin_ctz(bits);
				int64_t s = out[i][pl->first[d]].size;
				D[i + 1][d] = s < D[i][d] ? s : D[i][d];
				pos |= (uint32_t)(D[i + 1][d] > 0) << d;
			}
			if (pos != p->lv[i + 1].pos)
				return false;
		}
	}
	for (uint32_t i = 0; i < l->nlevels; i++) {
		IrLevel *lv = &l->levels[i];
		lv->dirs = out[i];
		lv->ndirs = p->lv[i].n;
		memcpy(lv->dims, D[i], sizeof lv->dims);
	}
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
	pc->plan = NULL;
	if (!top_dims(pc, l, &v, D))
		return false;
	uint8_t key[PASS_PLAN_KEY];
	uint64_t h = 0;
	PassPlan *rec = NULL;
	if (pc->plans && plan_key(l, key, &h)) {
		PassPlan *p = plan_find(pc->plans, key, h);
		if (p && normalize_by_plan(pc, l, &v, p, D)) {
			pc->plan = p;
			l->normalized = true;
			return true;
		}
		if (!p) {
			PassPlanMemo *mm = pc->plans;
			rec = &mm->p[mm->next];
			rec->ok = false;
		}
	}
	if (!normalize_levels(pc, l, &v, D, rec))
		return false;
	if (rec) {
		PassPlanMemo *mm = pc->plans;
		memcpy(rec->key, key, sizeof rec->key);
		rec->hash = h;
		rec->nlevels = l->nlevels;
		rec->levels_clean = false;
		rec->ok = true;
		mm->next = (mm->next + 1) % PASS_PLAN_ENTRIES;
		pc->plan = rec;
	}
	l->normalized = true;
	return true;
}
