/*
** eval.c: evaluation and totals.  mdf_cost_eval_new turns a normalized,
** valid IrLayer into the model's levels (CmLevel); mdf_cost_eval runs phase
** A when the PE count is new (cases.c, sweep.c) and phase B, the delays
** under the NoC and SIMD parameters (docs/model-spec.md §4.7, 4.10, 4.11),
** then fills MdfLayerCost with energy, area and power (§4.12);
** mdf_cost_layer evaluates once (no sweep tables).  The network totals are
** in totals.c.
*/
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "mdfc/checked.h"
#include "mdfc/cost.h"
#include "cost/cost_int.h"

unsigned
cm_fixes(const MdfCostOpts *o)
{
	bool compat = o && o->compat_maestro;
	unsigned f = 0;
#define CM_FIX_ROW(bit, name, on_in_compat, section) \
	if (!compat || (on_in_compat)) \
		f |= 1u << (bit);
#include "cost/fixes.def"
#undef CM_FIX_ROW
	if (o)
		f &= ~o->disable_fixes;
	return f;
}

/* NoC delay of x elements: latency + ceil(x/B) - 1 (fix 8: 0 for x = 0). */
static inline int64_t
noc_delay(const MdfCostEval *ev, int64_t x)
{
	if (x == 0 && fix_empty_transfer(ev->fix))
		return 0;
	int64_t sends;
	if (x >= 0 && x <= ev->noc_bw)
		sends = x > 0;
	else if (x > 0 && x < ((int64_t)1 << 52)) {
		/* q = floor(x/B) through the reciprocal, corrected exactly */
		int64_t q = (int64_t)((double)x * ev->inv_bw);
		while (q * ev->noc_bw > x)
			q--;
		while ((q + 1) * ev->noc_bw <= x)
			q++;
		sends = q + (q * ev->noc_bw != x);
	} else
		sends = x / ev->noc_bw + (x % ev->noc_bw != 0);
	return ev->noc_lat + sends - 1;
}

int64_t
cm_noc_delay(const MdfCostEval *ev, int64_t x)
{
	return noc_delay(ev, x);
}

/* floor(a/b) for 0 <= a < 2^52, b > 0, with b's reciprocal `inv`. */
static inline int64_t
fdiv_pos(int64_t a, int64_t b, double inv)
{
	if (a < 0 || a >= ((int64_t)1 << 52))
		return a / b;
	int64_t q = (int64_t)((double)a * inv);
	while (q * b > a)
		q--;
	while ((q + 1) * b <= a)
		q++;
	return q;
}

/* A case's delay with double buffering (§4.7): the all-Init case computes
   after its ingress, the others overlap ingress, compute and egress. */
int64_t
cm_case_delay(MdfCostEval *ev, const CmRec *r, int64_t tau, int64_t *din, int64_t *dout)
{
	*din = noc_delay(ev, r->ingress);
	*dout = noc_delay(ev, r->egress);
	return r->all_init ? add(ev, tau, *din) : max64(*dout, max64(tau, *din));
}

/* Phase B: the runtime of a tile below the top under the current NoC and
   SIMD parameters (§4.7), cached per parameter epoch. */
int64_t
cm_tile_runtime(MdfCostEval *ev, int32_t ti)
{
	CmTile *T = &ev->tiles[ti];
	if (T->epoch == ev->epoch) {
		ev->overflow |= T->rt_bad;
		return T->runtime;
	}
	bool outer = ev->overflow;
	ev->overflow = false;
	bool last = T->level + 1 == ev->nlev;
	int64_t rt = 0;
	const CmRec *recs = cm_tile_recs(ev, T);
	for (uint32_t k = 0; k < T->nrec; k++) {
		const CmRec *r = &recs[k];
		int64_t tau = cm_rec_tau(ev, r, last), din, dout;
		int64_t delay = cm_case_delay(ev, r, tau, &din, &dout);
		rt = add(ev, rt, mul(ev, mul(ev, r->m, r->n), delay));
	}
	T->runtime = rt;
	T->epoch = ev->epoch;
	T->rt_bad = ev->overflow;
	ev->overflow |= outer;
	return rt;
}

/* Compute delay of a case: the runtime of the level below (the worse
   variant), or the PE's partial sums over the SIMD lanes. */
int64_t
cm_rec_tau(MdfCostEval *ev, const CmRec *r, bool last)
{
	if (last)
		return r->psums / ev->simd + (r->psums % ev->simd != 0);
	int64_t tau = 0;
	for (int k = 0; k < 2; k++)
		if (r->sub[k] >= 0)
			tau = max64(tau, cm_tile_runtime(ev, r->sub[k]));
	return tau;
}

/* Phase B at the top: runtime with the off-chip bound, bandwidth needs and
   delay statistics (§4.7, 4.10, 4.11). */
static void
top_phase_b(MdfCostEval *ev, int32_t ti, CmRes *res)
{
	const CmTile *T = &ev->tiles[ti];
	const unsigned fix = ev->fix;
	bool last = ev->nlev == 1;
	*res = T->res;
	res->runtime = 0;
	res->peak_bw = 0;
	res->offchip = 0;
	/* Sums of integers, exact in 64 bits (MAESTRO: long double). */
	int64_t avg_bw = 0, dsum[3] = {0, 0, 0}, dmin[3], dmax[3];
	long double avg_exact = 0;      /* default mode: no per-case floor */
	bool exact = fix_plain_bandwidth(fix);
	for (int k = 0; k < 3; k++) {
		dmin[k] = INT64_MAX;
		dmax[k] = INT64_MIN;
	}
	int64_t upin = add(ev, res->up[COST_INPUT], res->up[COST_WEIGHT]);
	int64_t upout = res->up[COST_OUTPUT];
	int64_t d_out = upout / ev->offchip_bw, d_in = upin / ev->offchip_bw;
	int64_t off_floor = max64(d_in / 2, d_out / 2);
	int64_t prev_tau = -1, q_out = 0, q_in = 0;
	double inv = 0;
	const CmRec *recs = cm_tile_recs(ev, T);
	for (uint32_t k = 0; k < T->nrec; k++) {
		const CmRec *r = &recs[k];
		int64_t n = r->n, m = r->m, mn = mul(ev, m, n);
		int64_t tau = cm_rec_tau(ev, r, last), din, dout;
		int64_t delay = cm_case_delay(ev, r, tau, &din, &dout);
		/* every top-level iteration moves one L2 tile off chip */
		delay = max64(off_floor, delay);
		if (tau != prev_tau) {
			prev_tau = tau;
			if (tau > 0) {
				inv = 1.0 / (double)tau;
				q_out = fdiv_pos(upout, tau, inv);
				q_in = fdiv_pos(upin, tau, inv);
			} else {
				inv = 1.0;
			}
		}
		if (tau == 0) {
			ev->nocompute = true;
			ev->nocompute_level = 1;
		} else if (fix_plain_bandwidth(fix)) {
			res->offchip = max64(res->offchip, max64(q_out, q_in) / 2);
		} else {
			/* MAESTRO halves its running value once per case */
			for (int64_t j = 0; j < m; j++) {
				int64_t v = max64(res->offchip, max64(q_out, q_in)) / 2;
				if (v == res->offchip)
					break;
				res->offchip = v;
			}
		}
		res->runtime = add(ev, res->runtime, mul(ev, mn, delay));
		int64_t traffic = max64(r->ingress, r->egress);
		if (tau <= 1) {
			res->peak_bw = max64(res->peak_bw, traffic);
			avg_bw = add(ev, avg_bw, mul(ev, mn, traffic));
			tau = 1;
		} else {
			res->peak_bw = max64(res->peak_bw, fdiv_pos(traffic, tau, inv));
			if (exact)
				avg_exact += (long double)mn * traffic / tau;
			else    /* floored per case, as MAESTRO does */
				avg_bw = add(ev, avg_bw, mul(ev, m, fdiv_pos(mul(ev, n, traffic), tau, inv)));
		}
		int64_t dl[3] = {din, dout, tau};
		for (int j = 0; j < 3; j++) {
			dsum[j] = add(ev, dsum[j], mul(ev, mn, dl[j]));
			if (dl[j] < dmin[j]) dmin[j] = dl[j];
			if (dl[j] > dmax[j]) dmax[j] = dl[j];
		}
	}
	if (res->iters > 0) {
		res->avg_bw = (double)(((long double)avg_bw + avg_exact) / res->iters);
		for (int j = 0; j < 3; j++) {
			res->davg[j] = (int64_t)((long double)dsum[j] / res->iters);
			res->dmin[j] = dmin[j];
			/* MAESTRO starts its maximum at the least positive long
			   double, so it never prints one below 0; only compat
			   mode's negative output extents (fix_clip_outputs off) make a
			   delay negative */
			res->dmax[j] = fix_clip_outputs(fix) ? dmax[j] : max64(dmax[j], 0);
		}
	}
}


static inline uint64_t
magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/* Phase B at the top for a mapping point: top_phase_b's runtime and its
   no-compute flag alone (the bandwidths and delay statistics are not
   made).  False when the sums top_phase_b makes of them might overflow,
   which it diagnoses: every term of those sums is at most max(m*n, n)
   times the largest magnitude of a case's delays and traffic (at most
   the OR of them all), so below 2^62 in all none can.  The caller then
   runs top_phase_b. */
static bool
top_runtime(MdfCostEval *ev, int32_t ti, CmRes *res)
{
	const CmTile *T = &ev->tiles[ti];
	bool last = ev->nlev == 1;
	*res = T->res;
	res->runtime = 0;
	int64_t upin = add(ev, res->up[COST_INPUT], res->up[COST_WEIGHT]);
	int64_t upout = res->up[COST_OUTPUT];
	int64_t off_floor = max64(upin / ev->offchip_bw / 2, upout / ev->offchip_bw / 2);
	int64_t terms = 0;
	uint64_t big = 1;
	bool small = true;
	const CmRec *recs = cm_tile_recs(ev, T);
	for (uint32_t k = 0; k < T->nrec; k++) {
		const CmRec *r = &recs[k];
		int64_t mn = mul(ev, r->m, r->n);
		int64_t tau = cm_rec_tau(ev, r, last), din, dout;
		int64_t delay = max64(off_floor, cm_case_delay(ev, r, tau, &din, &dout));
		if (tau == 0) {
			ev->nocompute = true;
			ev->nocompute_level = 1;
		}
		res->runtime = add(ev, res->runtime, mul(ev, mn, delay));
		small = small && r->m >= 0 && r->n >= 0 && !__builtin_add_overflow(terms, max64(mn, r->n), &terms);
		big |= magnitude(din) | magnitude(dout) | magnitude(tau) | magnitude(max64(r->ingress, r->egress));
	}
	uint64_t bound;
	return small && !__builtin_mul_overflow((uint64_t)terms, big, &bound) && bound < ((uint64_t)1 << 62);
}

/* The model's levels as far as they depend on the mapping's structure:
   per level, its directives' kinds and dimensions (and the layer's type
   and tensors, fixed for a memo's layer).  An entry's lv[i] holds level
   i's fields before sdim as eval_setup made them; an evaluation of that
   structure works in the entry's levels themselves (the sizes M, O of
   d[] and the fields from sdim on are each mapping's own and are written
   over; nothing else before sdim is written after eval_setup).  A few
   structures are kept, the oldest replaced first. */
enum { MEMO_MAXL = 4, MEMO_ENTRIES = 8 };
typedef struct MemoKey {
	uint32_t nlev;
	uint8_t nd[MEMO_MAXL];
	uint8_t kd[MEMO_MAXL][CM_MAXD];         /* kind << 4 | dim, 0 beyond nd */
} MemoKey;
typedef struct MemoEntry {
	bool ok;
	uint64_t hash;
	LayerType type;
	uint32_t tmask[COST__NTENSORS];
	MemoKey key;
	CmLevel lv[MEMO_MAXL];
} MemoEntry;
struct MdfCostMemo {
	MemoEntry e[MEMO_ENTRIES];
	uint32_t next;                          /* the entry to replace */
};

MdfCostMemo *
mdf_cost_memo_new(MdfCtx *ctx)
{
	return arena_alloc(ctx->arena, sizeof(MdfCostMemo));
}

/* The structure's key and hash; false when a memo cannot hold it. */
static bool
memo_key(const IrLayer *layer, MemoKey *k, uint64_t *h)
{
	if (layer->nlevels > MEMO_MAXL)
		return false;
	memset(k, 0, sizeof *k);
	k->nlev = layer->nlevels;
	uint64_t x = layer->nlevels;
	for (uint32_t i = 0; i < layer->nlevels; i++) {
		const IrLevel *il = &layer->levels[i];
		if (il->ndirs > CM_MAXD)
			return false;
		k->nd[i] = (uint8_t)il->ndirs;
		x = x * 31 + il->ndirs;
		for (uint32_t j = 0; j < il->ndirs; j++) {
			const IrDirective *d = &il->dirs[j];
			if ((unsigned)d->dim >= 16u)
				return false;
			k->kd[i][j] = (uint8_t)((d->kind == DIR_SPATIAL) << 4 | (unsigned)d->dim);
			x = x * 131 + k->kd[i][j];
		}
	}
	*h = x;
	return true;
}

/* The entry holding structure k (tmask: ev's), or NULL. */
static MemoEntry *
memo_find(MdfCostMemo *mm, uint64_t h, const MemoKey *k, LayerType type, const uint32_t *tmask)
{
	for (int j = 0; j < MEMO_ENTRIES; j++) {
		MemoEntry *e = &mm->e[j];
		if (e->ok && e->hash == h && e->type == type && memcmp(e->tmask, tmask, sizeof e->tmask) == 0
		    && memcmp(&e->key, k, sizeof *k) == 0)
			return e;
	}
	return NULL;
}

/* A level's structure from the memo (L: the entry's), then what depends
   on the mapping's sizes, as the loop of eval_setup makes it.  False after
   a diagnostic. */
static bool
level_from_memo(MdfCostEval *ev, CmLevel *L, uint32_t i)
{
	const IrLevel *il = &ev->layer->levels[i];
	memcpy(L->sdim, il->dims, sizeof L->sdim);
	L->P = L->E = L->ee_rem = 0;
	for (uint32_t k = 0; k < il->ndirs; k++) {
		const IrDirective *d = &il->dirs[k];
		L->d[k].M = d->size;
		L->d[k].O = d->offset;
		if (d->offset <= 0 || d->size <= 0) {
			diag_emit(ev->ctx, DIAG_E0999, d->span,
				  "cost model given a directive with a non-positive size or offset");
			return false;
		}
	}
	return true;
}

/* Level i's structure and sizes (the memo's miss): L zeroed before z
   first when `zero`.  False after a diagnostic. */
static bool
level_build(MdfCostEval *ev, CmLevel *L, const IrLevel *il, const uint8_t *coupled_of, bool zero)
{
	MdfCtx *ctx = ev->ctx;
	if (zero)
		memset(L, 0, offsetof(CmLevel, z));
	if (il->ndirs > CM_MAXD) {
		diag_emit(ctx, DIAG_E0602, il->span,
			  "a cluster level with %u directives; the cost model handles at most %d",
			  il->ndirs, CM_MAXD);
		return false;
	}
	L->nd = il->ndirs;
	L->sp = -1;
	for (int d = 0; d < DIM__COUNT; d++) {
		L->dir_of[d] = -1;
		L->sdim[d] = il->dims[d];
	}
	for (uint32_t k = 0; k < il->ndirs; k++) {
		const IrDirective *d = &il->dirs[k];
		CmDir *cd = &L->d[k];
		cd->spatial = d->kind == DIR_SPATIAL;
		cd->dim = (uint8_t)d->dim;
		cd->M = d->size;
		cd->O = d->offset;
		cd->coupled = (unsigned)d->dim < DIM__COUNT ? coupled_of[d->dim] : 0;
		if (L->dir_of[d->dim] < 0)
			L->dir_of[d->dim] = (int)k;
		if (cd->spatial && L->sp < 0)
			L->sp = (int)k;
		if (d->offset <= 0 || d->size <= 0) {
			diag_emit(ctx, DIAG_E0999, d->span,
				  "cost model given a directive with a non-positive size or offset");
			return false;
		}
	}
	if (L->sp < 0) {
		diag_emit(ctx, DIAG_E0999, il->span,
			  "cost model given a cluster level without a SpatialMap");
		return false;
	}
	/* spatial directives per tensor (in variable order) and overall */
	for (int t = 0; t < COST__NTENSORS; t++)
		for (uint32_t bits = ev->tmask[t]; bits; bits &= bits - 1) {
			int k = L->dir_of[__builtin_ctz(bits)];
			if (k >= 0 && L->d[k].spatial) {
				L->spc[t][L->nspc[t]++] = (int8_t)k;
				L->spcm[t] |= (uint16_t)(1u << k);
			}
		}
	for (int t = 0; t < COST__NTENSORS; t++)
		L->spl[t] = L->nspc[t] ? L->spc[t][L->nspc[t] - 1] : -1;
	for (uint32_t k = 0; k < L->nd; k++) {
		const CmDir *cd = &L->d[k];
		uint16_t bit = (uint16_t)(1u << k);
		if (cd->spatial) {
			L->spall[L->nspall++] = (int8_t)k;
			L->spallm |= bit;
		}
		if ((cd->coupled & (1u << COST_OUTPUT)) || (ev->overlap && (cd->dim == DIM_R || cd->dim == DIM_S)))
			L->decm |= bit;
		for (unsigned cb = cd->coupled; cb; cb &= cb - 1) {
			int t = __builtin_ctz(cb);
			L->cpl[t][L->ncpl[t]++] = (uint8_t)k;
			L->cplm[t] |= bit;
		}
		if (!(cd->coupled & (1u << COST_OUTPUT)))
			L->redd[L->nredd++] = (uint8_t)k;
		else if (L->dir_of[cd->dim] == (int)k)
			L->outd[L->noutd++] = (uint8_t)k;
	}
	L->spl_all = L->nspall ? L->spall[L->nspall - 1] : L->spl[COST_OUTPUT];
	return true;
}

/* Turn the layer into the model's levels: ev zeroed, lv room for the
   layer's levels, zeroed before z unless memo is given (NULL when there is
   none: ev stays not ok). */
static void
eval_setup(MdfCostEval *ev, CmLevel *lv, MdfCtx *ctx, const IrLayer *layer, const MdfCostOpts *opts,
	   MdfCostMemo *memo)
{
	ev->ctx = ctx;
	ev->layer = layer;
	ev->fix = cm_fixes(opts);
	ev->breakdown = opts && opts->breakdown;
	if (!layer->normalized || !layer->valid || layer->nlevels == 0)
		return;
	if (layer->nlevels > CM_MAXL) {
		diag_emit(ctx, DIAG_E0602, layer->dataflow_span,
			  "layer '%s' has %u cluster levels; the cost model handles at most %d",
			  layer->name ? layer->name : "?", layer->nlevels, CM_MAXL);
		return;
	}
	ev->nlev = layer->nlevels;
	ev->lv = lv;
	if (!ev->lv)
		return;
	ev->overlap = layer->type != LT_GEMM;
	for (int d = 0; d < DIM__COUNT; d++)
		ev->stride[d] = layer->stride[d] > 0 ? layer->stride[d] : 1;

	cm_tensor_masks(layer, ev->tmask);
	/* with a memo: the levels of the entry that holds the structure, or
	   of the one it replaces (ok again once they are built) */
	MemoKey key;
	uint64_t h = 0;
	bool hashed = memo && memo_key(layer, &key, &h);
	MemoEntry *hit = hashed ? memo_find(memo, h, &key, layer->type, ev->tmask) : NULL;
	MemoEntry *fill = hashed && !hit ? &memo->e[memo->next] : NULL;
	if (hit)
		ev->lv = hit->lv;
	if (fill) {
		fill->ok = false;
		ev->lv = fill->lv;
	}
	/* per dimension, the tensors it is a variable of (CmDir.coupled) */
	uint8_t coupled_of[DIM__COUNT] = {0};
	for (int t = 0; t < COST__NTENSORS && !hit; t++)
		for (uint32_t bits = ev->tmask[t]; bits; bits &= bits - 1)
			coupled_of[__builtin_ctz(bits)] |= (uint8_t)(1u << t);

	ev->cluster_prod = 1;
	for (uint32_t i = 0; i < ev->nlev; i++) {
		const IrLevel *il = &layer->levels[i];
		CmLevel *L = &ev->lv[i];
		if (hit ? !level_from_memo(ev, L, i) : !level_build(ev, L, il, coupled_of, memo != NULL))
			return;
		memcpy(ev->real_top, layer->levels[0].dims, sizeof ev->real_top);
		if (i > 0) {
			L->P = il->cluster_size;
			if (!ck_mul(ev->cluster_prod, il->cluster_size, &ev->cluster_prod)) {
				diag_emit(ctx, DIAG_E0602, il->span, "the product of the cluster sizes overflows");
				return;
			}
			cm_level_edge(ev, L);
		}
	}
	if (fill) {
		fill->key = key;
		fill->hash = h;
		fill->type = layer->type;
		memcpy(fill->tmask, ev->tmask, sizeof fill->tmask);
		fill->ok = true;
		memo->next = (memo->next + 1) % MEMO_ENTRIES;
	}
	cm_compress_strided(ev);
	for (uint32_t i = 0; i < ev->nlev; i++)
		cm_level_sizes(ev, &ev->lv[i]);
	ev->ok = true;
}

/* The levels a layer needs room for in the model (0: it will not be
   evaluated). */
static uint32_t
model_levels(const IrLayer *layer)
{
	if (!layer->normalized || !layer->valid || layer->nlevels > CM_MAXL)
		return 0;
	return layer->nlevels;
}

MdfCostEval *
mdf_cost_eval_new(MdfCtx *ctx, const IrLayer *layer, const MdfCostOpts *opts)
{
	MdfCostEval *ev = arena_alloc(ctx->arena, sizeof *ev);
	if (!ev)
		return NULL;
	uint32_t n = model_levels(layer);
	eval_setup(ev, n ? arena_array(ctx->arena, n, sizeof(CmLevel)) : NULL, ctx, layer, opts, NULL);
	return ev;
}

static double
sram_cells(int64_t size)
{
	return size == 0 ? 1.0 : (double)size;
}

/* Area and power (docs/model-spec.md §4.12), from the required buffer sizes. */
static void
area_power(MdfLayerCost *o, int64_t noc_bw)
{
	double np = (double)o->num_pes, w = (double)o->vector_width;
	double q = 1.2886 * np * np + 5.5814 * np - 23.711;
	double bus = 14.662 * np + 28.895;
	double arb_a = 395.473 * q, arb_p = 0.34 * q / 1000;
	if (arb_a < 395.473) arb_a = 395.473;
	if (arb_p < 0.34) arb_p = 0.34;
	double l1c = sram_cells(o->l1_size_req), l2c = sram_cells(o->l2_size_req);
	o->area = np * (283 * w + 0.104 * l1c) + 0.104 * l2c
		+ 101.7938 * bus * (double)noc_bw + arb_a;
	o->pe_power = np * 1.2223 * w;
	o->l1_power = np * 0.00345 * l1c;
	o->l2_power = 0.00345 * l2c;
	o->noc_power = 0.8 * bus / 1000 * (double)noc_bw + arb_p;
	o->power = o->pe_power + o->l1_power + o->l2_power + o->noc_power;
}

static void
fill_level(MdfLevelCost *lc, const CmLevel *L, const CmRes *r)
{
	lc->units = L->P;
	lc->active_units = L->E;
	lc->ncases = r->ncases;
	lc->iterations = r->iters;
	lc->runtime = r->runtime;
	lc->macs = r->macs;
	for (int t = 0; t < COST__NTENSORS; t++) {
		lc->upstream[t] = r->up[t];
		lc->downstream[t] = r->down[t];
		lc->l2_read[t] = r->l2r[t];
		lc->l2_write[t] = r->l2w[t];
	}
	lc->noc_bw_peak = r->peak_bw;
	lc->noc_bw_avg = r->avg_bw;
}

/* Fix 16: the first sub-tile of each level below the top, as the loop
   nest reports it (unit 0 of every level above at its first step, so at
   the layer's origin): the same tiles built again with each sliding
   pair's outputs ending where the layer's do (cm_clip_find).  Only the
   per-level report reads them; the runtime stays the shared tile's,
   which covers every unit (docs/cost-model.md §4).  ofirst[l]: the tile
   to report for level l. */
static void
origin_firsts(MdfCostEval *ev, int32_t *ofirst)
{
	memcpy(ofirst, ev->first_tile, sizeof ev->first_tile);
	if (!fix_first_origin(ev->fix) || !fix_clip_outputs(ev->fix) || !ev->overlap
	    || ev->nlev < 2 || ev->first_tile[1] < 0)
		return;
	const CmLevel *L = &ev->lv[1];
	const CmTile *t = &ev->tiles[ev->first_tile[1]];
	int64_t N[DIM__COUNT];
	memcpy(N, L->sdim, sizeof N);
	for (uint32_t i = 0; i < L->nd; i++)
		N[L->d[i].dim] = t->key[i];
	int32_t save[CM_MAXL];
	memcpy(save, ev->first_tile, sizeof save);
	bool overflow = ev->overflow, a_overflow = ev->a_overflow, a_toomany = ev->a_toomany;
	bool a_nocompute = ev->a_nocompute;
	int a_level = ev->a_nocompute_level;
	for (uint32_t l = 1; l < ev->nlev; l++)
		ev->first_tile[l] = -1;
	ev->origin = true;
	int32_t ti = cm_build(ev, 1, N);
	ev->origin = false;
	if (ti >= 0 && !ev->overflow && !ev->tiles[ti].bad)
		for (uint32_t l = 1; l < ev->nlev; l++)
			if (ev->first_tile[l] >= 0)
				ofirst[l] = ev->first_tile[l];
	memcpy(ev->first_tile, save, sizeof save);
	ev->overflow = overflow, ev->a_overflow = a_overflow, ev->a_toomany = a_toomany;
	ev->a_nocompute = a_nocompute, ev->a_nocompute_level = a_level;
}

/* Declared tensor sizes (CSV 19-20) into ev->total_elems: declared
   dimensions only (0 after an overflow, which is not diagnosed). */
static void
declared_sizes(MdfCostEval *ev)
{
	for (int t = 0; t < 2; t++) {
		int64_t p = 1;
		for (uint32_t bits = ev->tmask[t]; bits; bits &= bits - 1) {
			int v = __builtin_ctz(bits);
			if (ev->layer->dim[v] > 0 && __builtin_mul_overflow(p, ev->layer->dim[v], &p))
				p = 0;
		}
		ev->total_elems[t] = p;
	}
}

/* The energy in nJ (docs/model-spec.md §4.12) of the top's result r. */
static double
energy_nj(const IrHw *hw, const CmRes *r)
{
	double l1sum = 0;
	for (int t = 0; t < COST__NTENSORS; t++)
		l1sum += (double)r->l1r[t] + (double)r->l1w[t];
	double l2sum_csv = (double)r->l2r[0] + (double)r->l2w[0] + (double)r->l2r[1] + (double)r->l2w[1]
		+ (double)r->l2w[2];
	return (hw->e_l2 * l2sum_csv + hw->e_l1 * l1sum) * hw->e_mac_nj;
}

/* mdf_cost_eval; for a mapping point (`point`) only the figures it
   reports: runtime, MACs, energy, the buffer requirements and whether
   they exceed the accelerator's (the others stay 0). */
static bool
cost_eval(MdfCostEval *ev, const IrHw *hw, MdfLayerCost *o, MdfLevelCost *levels, bool point)
{
	const IrLayer *l = ev->layer;
	memset(o, 0, sizeof *o);
	o->name = l->name;
	o->type = l->type;
	o->compat = !fix_l1_writes(ev->fix);
	o->num_pes = hw->num_pes;
	o->vector_width = hw->simd_lanes > 0 ? hw->simd_lanes : 1;
	if (!ev->ok)
		return false;
	if (hw->noc_bw <= 0 || hw->offchip_bw <= 0 || hw->num_pes <= 0) {
		diag_emit(ev->ctx, DIAG_E0999, hw->span, "cost model given hardware with a zero bandwidth or PE count");
		return false;
	}
	ev->noc_bw = hw->noc_bw;
	ev->inv_bw = 1.0 / (double)hw->noc_bw;
	ev->noc_lat = hw->noc_latency;
	ev->simd = o->vector_width;
	ev->offchip_bw = hw->offchip_bw;
	ev->overflow = false;
	ev->nocompute = false;
	CmLevel *top = &ev->lv[0];
	int64_t P = hw->num_pes / ev->cluster_prod;
	if (P <= 0) {
		diag_emit(ev->ctx, DIAG_E0999, l->dataflow_span,
			  "cost model given cluster sizes whose product exceeds the PE count");
		return false;
	}
	/* Phase A depends on the PE count only through the top level's unit
	   count: the tables are kept per unit count. */
	if (!ev->hard_fail && (!ev->built || ev->built_P != P) && !cm_top_from_slot(ev, P)) {
		/* Phase A: the case tables (once per unit count). */
		top->P = P;
		cm_level_edge(ev, top);
		/* A failed build (too many cases, no memory) leaves partial
		   tiles behind: the evaluator stays failed. */
		if (cm_build_top(ev) < 0)
			ev->hard_fail = true;
		ev->a_overflow |= ev->overflow;
		ev->overflow = false;
		ev->built = true;
		ev->built_P = P;
		ev->top_recs = ev->trecs;
		if (!ev->hard_fail)
			cm_top_to_slot(ev, P);
	}
	if (ev->ep_bw != ev->noc_bw || ev->ep_lat != ev->noc_lat || ev->ep_simd != ev->simd) {
		ev->ep_bw = ev->noc_bw;
		ev->ep_lat = ev->noc_lat;
		ev->ep_simd = ev->simd;
		ev->epoch++;
	}
	CmRes r;
	if (!ev->a_overflow && !ev->a_nocompute && !(point && top_runtime(ev, 0, &r)))
		top_phase_b(ev, 0, &r);
	if (ev->a_toomany) {
		diag_emit(ev->ctx, DIAG_E0602, l->span,
			  "layer '%s': a cluster level has more than %d iteration cases "
			  "(3 positions per directive); the cost model does not enumerate them",
			  l->name ? l->name : "?", CM_MAXCASES);
		return false;
	}
	if (ev->a_overflow || ev->overflow) {
		diag_emit(ev->ctx, DIAG_E0602, l->span,
			  "layer '%s': a count of the cost model does not fit in 64 bits",
			  l->name ? l->name : "?");
		return false;
	}
	if (ev->a_nocompute || ev->nocompute) {
		int lvl = ev->a_nocompute ? ev->a_nocompute_level : ev->nocompute_level;
		Diag *d = diag_emit(ev->ctx, DIAG_E0601, l->dataflow_span,
				    "layer '%s': no iteration case of cluster level %d computes anything",
				    l->name ? l->name : "?", lvl);
		/* Say which window is empty: a reference tile narrower than
		   its sliding window, in full tiles or at the edge. */
		int li = lvl >= 0 && lvl < (int)ev->nlev ? lvl : 0;
		const CmLevel *L = &ev->lv[li];
		bool said = false;
		for (int k = 0; k < 2 && ev->overlap && !said; k++) {
			Dim v = k ? DIM_X : DIM_Y, sl = k ? DIM_S : DIM_R, o = k ? DIM_XP : DIM_YP;
			if (!L->z.has[o] || L->dir_of[v] < 0)
				continue;
			bool full = L->z.m[o] <= 0;
			if (!full && L->z.me[o] > 0)
				continue;
			const IrDirective *dv = &l->levels[li].dirs[L->dir_of[v]];
			diag_note(ev->ctx, d, dv->span,
				  "%s the tiles of this map hold %lld %s of %s, fewer than the %lld of the %s window",
				  full ? "in every case" : "at the edge", (long long)(full ? L->z.m[v] : L->z.me[v]),
				  k ? "columns" : "rows", ir_dim_name(v),
				  (long long)(full ? L->z.m[sl] : L->z.me[sl]), ir_dim_name(sl));
			diag_hint(ev->ctx, d, "give each unit whole windows: tiles of %s at least as large as "
				  "%s's, or map %s and %s together", ir_dim_name(v), ir_dim_name(sl),
				  ir_dim_name(v), ir_dim_name(sl));
			said = true;
		}
		if (!said)
			diag_hint(ev->ctx, d, "every case of the level has an empty output tile");
		return false;
	}
	if (point) {
		o->runtime = r.runtime;
		o->macs = r.macs;
		o->l2_size_req = r.up[0] + r.up[1] + r.up[2];
		o->l1_size_req = r.elem0_down[0] + r.elem0_down[1] + r.elem0_down[2];
		o->energy_nj = energy_nj(hw, &r);
		o->over_l1 = o->l1_size_req > hw->l1_size;
		o->over_l2 = o->l2_size_req > hw->l2_size;
		o->ok = true;
		return true;
	}

	o->runtime = r.runtime;
	o->macs = r.macs;
	o->noc_bw_peak = r.peak_bw;
	o->noc_bw_avg = r.avg_bw;
	o->offchip_bw = r.offchip;
	o->avg_utilized_pes = r.avg_active;
	o->utilization = r.avg_active / (double)hw->num_pes;
	o->arith_intensity = r.ai;
	o->ingress_min = r.dmin[0]; o->ingress_max = r.dmax[0]; o->ingress_avg = r.davg[0];
	o->egress_min = r.dmin[1]; o->egress_max = r.dmax[1]; o->egress_avg = r.davg[1];
	o->compute_min = r.dmin[2]; o->compute_max = r.dmax[2]; o->compute_avg = r.davg[2];
	o->l2_size_req = r.up[0] + r.up[1] + r.up[2];
	o->l1_size_req = r.elem0_down[0] + r.elem0_down[1] + r.elem0_down[2];
	double l1sum = 0, l2sum = 0;
	for (int t = 0; t < COST__NTENSORS; t++) {
		MdfTensorCost *tc = &o->t[t];
		tc->l1_read = r.l1r[t];
		tc->l1_write = r.l1w[t];
		tc->l2_read = r.l2r[t];
		tc->l2_write = r.l2w[t];
		tc->reuse = tc->l1_write ? (double)tc->l1_read / (double)tc->l1_write : 0;
		tc->multicast = tc->l2_read && t != COST_OUTPUT ? (double)tc->l1_write / (double)tc->l2_read : 0;
		tc->l2_size = r.up[t];
		tc->l1_size = r.elem0_down[t];
		l1sum += (double)tc->l1_read + (double)tc->l1_write;
		l2sum += (double)tc->l2_read + (double)tc->l2_write;
	}
	declared_sizes(ev);
	for (int t = 0; t < 2; t++)
		o->t[t].total_elems = ev->total_elems[t];
	double e_l1 = hw->e_l1, e_l2 = hw->e_l2;
	o->energy_nj = energy_nj(hw, &r);
	o->energy_mac_units = e_l2 * l2sum + e_l1 * l1sum + (double)o->macs;
	o->throughput = (double)o->macs / (double)o->runtime;
	o->throughput_per_energy = (double)((long double)o->macs / o->runtime / o->energy_nj * 1e9L);
	o->ops_per_j = (double)o->macs / o->energy_nj * 1e9;
	area_power(o, hw->noc_bw);
	o->over_l1 = o->l1_size_req > hw->l1_size;
	o->over_l2 = o->l2_size_req > hw->l2_size;
	o->over_noc_bw = o->noc_bw_peak > hw->noc_bw;
	o->over_offchip_bw = o->offchip_bw > hw->offchip_bw;
	if (levels) {
		int32_t ofirst[CM_MAXL];
		origin_firsts(ev, ofirst);
		o->levels = levels;
		o->nlevels = ev->nlev;
		for (uint32_t i = 0; i < ev->nlev; i++) {
			memset(&levels[i], 0, sizeof levels[i]);
			if (i == 0) {
				fill_level(&levels[i], &ev->lv[i], &r);
			} else if (ev->first_tile[i] >= 0) {
				CmRes fr = ev->tiles[ofirst[i] >= 0 ? ofirst[i] : ev->first_tile[i]].res;
				fr.runtime = cm_tile_runtime(ev, ev->first_tile[i]);
				fill_level(&levels[i], &ev->lv[i], &fr);
			}
		}
	}
	if (ev->breakdown) {
		cm_breakdown(ev, hw, o);
	}
	if (o->has_breakdown) {
		/* a need above the accelerator's that matters (1%) */
		o->over_noc_bw = o->noc_bw_need > hw->noc_bw && o->noc_bw_saving > 0
			&& o->noc_bw_saving >= o->runtime / 100;
		o->over_offchip_bw = o->offchip_bw_need > hw->offchip_bw && o->offchip_bw_saving > 0
			&& o->offchip_bw_saving >= o->runtime / 100;
	}
	o->ok = true;
	return true;
}

/* The top level's tables for unit count P, if kept: make them current. */
bool
mdf_cost_eval(MdfCostEval *ev, const IrHw *hw, MdfLayerCost *o, MdfLevelCost *levels)
{
	return cost_eval(ev, hw, o, levels, false);
}

void
mdf_cost_eval_set_breakdown(MdfCostEval *ev, bool on)
{
	ev->breakdown = on;
}

/* The lean single evaluation: the evaluator and its levels on the stack, no
   sweep state (one_shot: no case forms, no tables kept per PE count); the
   tile and record tables and `levels` come from the arena. */
static bool
cost_once(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw, const MdfCostOpts *opts, MdfLayerCost *out,
	  bool want_levels, MdfCostMemo *memo, bool point)
{
	/* out: mdf_cost_eval zeroes it first */
	MdfCostEval ev;
	CmLevel lv[CM_MAXL];
	uint32_t n = model_levels(layer);
	memset(&ev, 0, offsetof(MdfCostEval, slots));   /* the rest is the sweep's */
	for (uint32_t i = 0; i < n && !memo; i++)       /* z: cm_level_sizes fills it */
		memset(&lv[i], 0, offsetof(CmLevel, z));
	eval_setup(&ev, n ? lv : NULL, ctx, layer, opts, memo);
	ev.one_shot = true;
	MdfLevelCost *levels = NULL;
	if (want_levels && layer->nlevels > 0)
		levels = arena_array(ctx->arena, layer->nlevels, sizeof *levels);
	bool ok = cost_eval(&ev, hw, out, levels, point);
	out->name = layer->name;
	out->type = layer->type;
	return ok;
}

bool
mdf_cost_layer(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
	       const MdfCostOpts *opts, MdfLayerCost *out)
{
	return cost_once(ctx, layer, hw, opts, out, true, NULL, false);
}

/* Without the per-level figures, nor fix 16's report tiles that only they
   read (origin_firsts): every other figure is mdf_cost_layer's. */
bool
mdf_cost_layer_totals(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
		      const MdfCostOpts *opts, MdfLayerCost *out)
{
	return cost_once(ctx, layer, hw, opts, out, false, NULL, false);
}

bool
mdf_cost_layer_totals_memo(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
			   const MdfCostOpts *opts, MdfLayerCost *out, MdfCostMemo *memo)
{
	return cost_once(ctx, layer, hw, opts, out, false, memo, false);
}

bool
mdf_cost_layer_point_memo(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
			  const MdfCostOpts *opts, MdfLayerCost *out, MdfCostMemo *memo)
{
	return cost_once(ctx, layer, hw, opts, out, false, memo, true);
}
