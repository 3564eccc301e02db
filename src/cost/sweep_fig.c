/*
** sweep_fig.c: mdf_cost_eval_fig, the figures of a sweep row (runtime,
** MACs, energy, buffer needs) at another hardware point without a whole
** evaluation (docs/explore.md, "Cost").
**
** Of those figures only the runtime depends on the NoC bandwidth and
** latency, the SIMD lanes and the off-chip bandwidth; the MACs, the energy
** and the buffer needs depend on the PE count alone (phase A, through the
** top level's unit count P).  When mdf_cost_eval succeeds at a unit count,
** its figures are kept with a program of its runtime: the tiles the top
** tile reaches, children first, each with its records (occurrences m x n,
** the indices of its ingress and egress volumes among the program's
** distinct volumes, and its compute: sub-tiles, or partial sums at the
** last level).  A point at a kept unit count then costs one NoC delay per
** distinct volume and a few operations per record: phase B's runtime
** (eval.c: cm_tile_runtime, top_phase_b) in the same checked arithmetic,
** without its statistics (bandwidths, delay minima, maxima and averages),
** which no row shows.
**
** The answer is always mdf_cost_eval's.  A program is made only when every
** record's counts are non-negative and m x n fits; a point uses it only when
** the statistics mdf_cost_eval would compute cannot overflow either (their
** sums are bounded by sums kept with the program), and any overflow or top
** case computing nothing in the program's own arithmetic sends the point to
** mdf_cost_eval, which diagnoses it.  tests/unit/test_sweep_fig.c compares
** the two over grids of hardware.
*/
#include <stdlib.h>
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

#define CM_FIGSLOTS 16          /* unit counts kept by default */
#define FIG_LATOK ((int64_t)1 << 16)

#if defined(__GNUC__)
#define FIG_INLINE static inline __attribute__((always_inline))
#else
#define FIG_INLINE static inline
#endif

/* A record: its delays read values of the point (FigProg's `val` layout:
   0, the NoC delay of each distinct volume, the compute of each distinct
   partial sums, each tile's runtime). */
typedef struct FigRec {
	int64_t mn;                 /* m x n */
	uint32_t in, out;           /* its ingress and egress delays */
	uint32_t a, b;              /* its compute: the larger of the two */
	bool all_init;
} FigRec;

typedef struct FigTile {
	uint32_t r0, nr;
	bool last;                  /* of the last level (compute: partial sums) */
} FigTile;

typedef struct FigProg {
	int64_t P;                  /* top-level units; 0: empty */
	double ekey[3];             /* e_mac_nj, e_l1, e_l2 of `fig` */
	MdfCostFig fig;             /* runtime aside */
	int64_t upin, upout;        /* top level's buffer needs: the off-chip floor */
	int64_t sum_traffic, sum_mn;        /* top records: sums of mn x traffic, of mn */
	int64_t lat_ok;             /* no sum overflows at latencies up to this (-1: check) */
	FigTile *tiles;             /* children first; the top tile last */
	FigRec *recs;
	int64_t *vol, *ps;          /* distinct volumes, partial sums (ascending) */
	uint32_t ntiles, captiles, nrecs, caprecs, nvol, capvol, nps, capps;
} FigProg;

struct CmFigs {
	FigProg *slot;
	uint32_t nslot, next, cur;
	int64_t *val;               /* per point: the values records read */
	uint32_t capval;
	int32_t *map;               /* during a build: ev tile -> program tile */
	uint32_t capmap;
};

/* Room for n elements of size in *p (capacity *cap), grown in the arena
   only past the largest ever needed. */
static bool
room(Arena *ar, void **p, uint32_t *cap, uint32_t n, size_t size)
{
	if (n <= *cap)
		return true;
	uint32_t c = n < 16 ? 16 : n + n / 2;
	void *q = arena_grow_raw(ar, *p, *cap, c, size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static int
cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* The index of x among the sorted distinct values v[0..n). */
static uint32_t
value_index(const int64_t *v, uint32_t n, int64_t x)
{
	uint32_t lo = 0, hi = n;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Sort and deduplicate v[0..*n). */
static void
distinct(int64_t *v, uint32_t *n)
{
	if (*n == 0)
		return;
	qsort(v, *n, sizeof *v, cmp_i64);
	uint32_t w = 1;
	for (uint32_t i = 1; i < *n; i++)
		if (v[i] != v[w - 1])
			v[w++] = v[i];
	*n = w;
}

#define FIG_NONE UINT32_MAX

/* Add tile ti and the tiles below it to the program, children first.
   Records keep raw values for now (program_index): in and out index their
   volumes in `vol`, a the partial sums in `ps` (b FIG_NONE) at the last
   level, else a and b the program tiles of the sub-tiles (FIG_NONE: none). */
static int32_t
add_tile(MdfCostEval *ev, CmFigs *F, FigProg *p, int32_t ti)
{
	if (F->map[ti] >= 0)
		return F->map[ti];
	Arena *ar = ev->ctx->arena;
	const CmTile *T = &ev->tiles[ti];
	const CmRec *recs = cm_tile_recs(ev, T);
	bool last = T->level + 1 == ev->nlev;
	for (uint32_t k = 0; k < T->nrec && !last; k++)
		for (int j = 0; j < 2; j++)
			if (recs[k].sub[j] >= 0 && add_tile(ev, F, p, recs[k].sub[j]) < 0)
				return -1;
	if (!room(ar, (void **)&p->tiles, &p->captiles, p->ntiles + 1, sizeof *p->tiles)
	    || !room(ar, (void **)&p->recs, &p->caprecs, p->nrecs + T->nrec, sizeof *p->recs)
	    || !room(ar, (void **)&p->vol, &p->capvol, p->nvol + 2 * T->nrec, sizeof *p->vol)
	    || !room(ar, (void **)&p->ps, &p->capps, p->nps + T->nrec, sizeof *p->ps))
		return -1;
	FigTile *t = &p->tiles[p->ntiles];
	t->r0 = p->nrecs;
	t->nr = T->nrec;
	t->last = last;
	for (uint32_t k = 0; k < T->nrec; k++) {
		const CmRec *r = &recs[k];
		FigRec *f = &p->recs[p->nrecs++];
		if (r->m < 0 || r->n < 0 || r->ingress < 0 || r->egress < 0 || r->psums < 0
		    || __builtin_mul_overflow(r->m, r->n, &f->mn))
			return -1;
		f->in = p->nvol;
		p->vol[p->nvol++] = r->ingress;
		f->out = p->nvol;
		p->vol[p->nvol++] = r->egress;
		f->all_init = r->all_init;
		if (last) {
			f->a = p->nps;
			p->ps[p->nps++] = r->psums;
			f->b = FIG_NONE;
		} else {
			f->a = r->sub[0] >= 0 ? (uint32_t)F->map[r->sub[0]] : FIG_NONE;
			f->b = r->sub[1] >= 0 ? (uint32_t)F->map[r->sub[1]] : FIG_NONE;
		}
	}
	F->map[ti] = (int32_t)p->ntiles;
	return (int32_t)p->ntiles++;
}

/* The records' raw values as indices in `val`: volumes and partial sums
   among the distinct ones, the tiles after them. */
static bool
program_index(MdfCostEval *ev, FigProg *p)
{
	Arena *ar = ev->ctx->arena;
	ArenaMark mk = arena_mark(ar);
	int64_t *raw_v = arena_array(ar, (size_t)p->nvol + p->nps + 1, sizeof *raw_v);
	if (!raw_v)
		return false;
	int64_t *raw_p = raw_v + p->nvol;
	memcpy(raw_v, p->vol, p->nvol * sizeof *raw_v);
	memcpy(raw_p, p->ps, p->nps * sizeof *raw_p);
	distinct(p->vol, &p->nvol);
	distinct(p->ps, &p->nps);
	uint32_t ps0 = 1 + p->nvol, t0 = ps0 + p->nps;
	for (uint32_t t = 0; t < p->ntiles; t++) {
		const FigTile *T = &p->tiles[t];
		for (uint32_t k = T->r0; k < T->r0 + T->nr; k++) {
			FigRec *f = &p->recs[k];
			f->in = 1 + value_index(p->vol, p->nvol, raw_v[f->in]);
			f->out = 1 + value_index(p->vol, p->nvol, raw_v[f->out]);
			if (T->last) {
				f->a = ps0 + value_index(p->ps, p->nps, raw_p[f->a]);
				f->b = 0;
			} else {
				f->a = f->a == FIG_NONE ? 0 : t0 + f->a;
				f->b = f->b == FIG_NONE ? 0 : t0 + f->b;
			}
		}
	}
	arena_release(ar, mk);
	return true;
}

/* ceil(x / b) for x > b > 0, x < 2^52, b's reciprocal inv: the quotient
   through the reciprocal is off by at most one, corrected exactly. */
FIG_INLINE int64_t
sends(int64_t x, int64_t b, double inv)
{
	int64_t q = (int64_t)((double)x * inv), r = x - q * b;
	while (r < 0)
		q--, r += b;
	while (r >= b)
		q++, r -= b;
	return q + (r != 0);
}

/* The runtime of program p (phase B's, eval.c: cm_tile_runtime, top_phase_b)
   for NoC bandwidth bw and latency lat, SIMD lanes simd and off-chip
   bandwidth off, into val[] (the values the records read, then each tile's
   runtime).  `checked`: every sum and product checked, false on an
   overflow; otherwise the caller knows none can overflow.  False also when
   a top case computes nothing (mdf_cost_eval diagnoses it). */
FIG_INLINE bool
program_run(const MdfCostEval *ev, const FigProg *p, int64_t *val, int64_t bw, int64_t lat, int64_t simd,
	    int64_t off, bool checked, int64_t *runtime)
{
	int64_t d0 = fix_empty_transfer(ev->fix) ? 0 : lat - 1;
	double inv = 1.0 / (double)bw;
	int64_t *dv = val + 1, *pt = dv + p->nvol, *tr = pt + p->nps;
	val[0] = 0;
	uint32_t v = 0;
	for (; v < p->nvol && p->vol[v] <= bw; v++)
		dv[v] = p->vol[v] == 0 ? d0 : lat;
	for (; v < p->nvol; v++) {
		int64_t x = p->vol[v];
		dv[v] = lat - 1 + (x < ((int64_t)1 << 52) ? sends(x, bw, inv) : x / bw + (x % bw != 0));
	}
	for (v = 0; v < p->nps; v++)
		pt[v] = p->ps[v] / simd + (p->ps[v] % simd != 0);
	int64_t off_floor = max64(p->upin / off / 2, p->upout / off / 2);
	const FigRec *r = p->recs;
	for (uint32_t t = 0; t < p->ntiles; t++) {
		/* the top tile: every iteration moves one L2 tile off chip */
		bool top = t + 1 == p->ntiles;
		int64_t floor = top ? off_floor : 0, rt = 0;
		for (const FigRec *e = r + p->tiles[t].nr; r < e; r++) {
			int64_t tau = max64(val[r->a], val[r->b]), din = val[r->in], delay, x;
			if (top && tau == 0)
				return false;
			if (!checked) {
				delay = r->all_init ? tau + din : max64(val[r->out], max64(tau, din));
				rt += r->mn * max64(floor, delay);
				continue;
			}
			if (r->all_init) {
				if (__builtin_add_overflow(tau, din, &delay))
					return false;
			} else
				delay = max64(val[r->out], max64(tau, din));
			if (__builtin_mul_overflow(r->mn, max64(floor, delay), &x) || __builtin_add_overflow(rt, x, &rt))
				return false;
		}
		tr[t] = rt;
	}
	*runtime = tr[p->ntiles - 1];
	return true;
}

/* Whether top_phase_b's delay sums cannot overflow at latency lat: its
   ingress and egress delays are at most latency + volume (bandwidth >= 1),
   its computes at most the case's delay (bounded by the runtime). */
static bool
stats_fit(const FigProg *p, int64_t lat)
{
	int64_t b;
	return !__builtin_mul_overflow(lat, p->sum_mn, &b) && !__builtin_add_overflow(b, p->sum_traffic, &b);
}

/* The largest latency up to which no sum of the program can overflow
   under any bandwidth, SIMD width and off-chip bandwidth >= 1: the delays
   only grow as the bandwidths and the width shrink and the latency grows,
   and every term is non-negative, so a run at bandwidths 1 checked at that
   latency bounds every partial sum.  -1: none known (every point checks). */
static int64_t
latency_bound(const MdfCostEval *ev, const FigProg *p, int64_t *val, int64_t lat)
{
	int64_t rt;
	const int64_t tries[2] = {max64(lat, FIG_LATOK), lat};
	for (int k = 0; k < 2; k++)
		if (stats_fit(p, tries[k]) && program_run(ev, p, val, 1, tries[k], 1, 1, true, &rt))
			return tries[k];
	return -1;
}

/* The program of unit count P from the tables mdf_cost_eval just used, and
   the figures it gave (c).  False: none (the slot stays empty). */
static bool
program_build(MdfCostEval *ev, CmFigs *F, FigProg *p, int64_t P, const IrHw *hw, const MdfLayerCost *c)
{
	Arena *ar = ev->ctx->arena;
	p->P = 0;
	p->ntiles = p->nrecs = p->nvol = p->nps = 0;
	if (!room(ar, (void **)&F->map, &F->capmap, ev->ntiles, sizeof *F->map))
		return false;
	for (uint32_t i = 0; i < ev->ntiles; i++)
		F->map[i] = -1;
	if (add_tile(ev, F, p, 0) < 0 || !program_index(ev, p))
		return false;
	/* the sums that bound the statistics of top_phase_b */
	const FigTile *top = &p->tiles[p->ntiles - 1];
	int64_t st = 0, sm = 0;
	for (uint32_t k = top->r0; k < top->r0 + top->nr; k++) {
		const FigRec *f = &p->recs[k];
		int64_t x, tr = max64(p->vol[f->in - 1], p->vol[f->out - 1]);
		if (__builtin_mul_overflow(f->mn, tr, &x) || __builtin_add_overflow(st, x, &st)
		    || __builtin_add_overflow(sm, f->mn, &sm))
			return false;
	}
	const CmRes *res = &ev->tiles[0].res;
	if (__builtin_add_overflow(res->up[COST_INPUT], res->up[COST_WEIGHT], &p->upin))
		return false;
	p->upout = res->up[COST_OUTPUT];
	p->sum_traffic = st;
	p->sum_mn = sm;
	if (!room(ar, (void **)&F->val, &F->capval, 1 + p->nvol + p->nps + p->ntiles, sizeof *F->val))
		return false;
	p->lat_ok = latency_bound(ev, p, F->val, hw->noc_latency);
	p->ekey[0] = hw->e_mac_nj;
	p->ekey[1] = hw->e_l1;
	p->ekey[2] = hw->e_l2;
	p->fig = (MdfCostFig){0, c->macs, c->l1_size_req, c->l2_size_req, c->energy_nj, false, false};
	p->P = P;
	return true;
}

/* The runtime of program p under hw; false when mdf_cost_eval must decide. */
static bool
program_runtime(const MdfCostEval *ev, CmFigs *F, const FigProg *p, const IrHw *hw, int64_t *runtime)
{
	int64_t lat = hw->noc_latency, simd = hw->simd_lanes > 0 ? hw->simd_lanes : 1;
	/* negative delays (compat mode, latency 0) break the bounds */
	if (lat < (fix_empty_transfer(ev->fix) ? 0 : 1))
		return false;
	if (lat <= p->lat_ok)
		return program_run(ev, p, F->val, hw->noc_bw, lat, simd, hw->offchip_bw, false, runtime);
	return stats_fit(p, lat) && program_run(ev, p, F->val, hw->noc_bw, lat, simd, hw->offchip_bw, true, runtime);
}

static bool
same_energy(const FigProg *p, const IrHw *hw)
{
	return p->ekey[0] == hw->e_mac_nj && p->ekey[1] == hw->e_l1 && p->ekey[2] == hw->e_l2;
}

void
mdf_cost_eval_keep(MdfCostEval *ev, uint32_t unit_counts)
{
	ev->fig_slots = unit_counts;
}

bool
mdf_cost_eval_fig(MdfCostEval *ev, const IrHw *hw, MdfCostFig *out)
{
	CmFigs *F = ev->figs;
	bool fast = ev->ok && !ev->one_shot && !ev->breakdown && hw->num_pes > 0 && hw->noc_bw > 0
		    && hw->offchip_bw > 0 && ev->cluster_prod > 0;
	int64_t P = fast ? hw->num_pes / ev->cluster_prod : 0;
	if (fast && !F) {
		F = ev->figs = arena_alloc(ev->ctx->arena, sizeof *F);
		uint32_t n = ev->fig_slots ? ev->fig_slots : CM_FIGSLOTS;
		if (F && !(F->slot = arena_array(ev->ctx->arena, n, sizeof *F->slot)))
			F = ev->figs = NULL;
		if (F)
			F->nslot = n;
		fast = F != NULL;
	}
	if (fast && P > 0) {
		/* the current program, else the next one (unit counts met in
		   the same order again), else any */
		uint32_t k = F->cur;
		for (uint32_t j = 0; F->slot[k].P != P && j < F->nslot; j++)
			k = k + 1 < F->nslot ? k + 1 : 0;
		const FigProg *p = &F->slot[k];
		int64_t rt;
		if (p->P == P && same_energy(p, hw) && program_runtime(ev, F, p, hw, &rt)) {
			F->cur = k;
			*out = p->fig;
			out->runtime = rt;
			out->over_l1 = p->fig.l1_size_req > hw->l1_size;
			out->over_l2 = p->fig.l2_size_req > hw->l2_size;
			return true;
		}
	}
	MdfLayerCost c;
	memset(out, 0, sizeof *out);
	if (!mdf_cost_eval(ev, hw, &c, NULL) || !c.ok)
		return false;
	*out = (MdfCostFig){c.runtime, c.macs, c.l1_size_req, c.l2_size_req, c.energy_nj, c.over_l1, c.over_l2};
	/* keep a program for this unit count (the tables just used are P's),
	   unless one is kept: then this point needed mdf_cost_eval's checks */
	if (!fast || P <= 0 || !ev->built || ev->built_P != P || ev->hard_fail)
		return true;
	uint32_t k = 0;
	while (k < F->nslot && F->slot[k].P != P)
		k++;
	if (k < F->nslot && same_energy(&F->slot[k], hw))
		return true;
	if (k == F->nslot) {
		k = F->next;
		F->next = F->next + 1 < F->nslot ? F->next + 1 : 0;
	}
	if (program_build(ev, F, &F->slot[k], P, hw, &c))
		F->cur = k;
	return true;
}
