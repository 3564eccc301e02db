/*
** model.c: the analytical cost model (maestro-model.md §4.4-4.12, with the
** fixes of semantics.md §2).
**
** One level at a time: enumerate the iteration cases of the level's
** directives (each directive at its Init, Steady or Edge position), compute
** per case the NoC ingress/egress volumes, the MACs and the compute delay,
** and recurse into the level below for the compute delay of upper levels.
** Two phases: A (build) enumerates the cases and computes every volume,
** counter and buffer size, none of which depends on the NoC or SIMD
** parameters; B computes delays and runtimes from A's case tables.  A level
** is analysed once per distinct tile size handed down (tiles are shared), A
** reruns only when the PE count changes, and B caches each sub-tile's
** runtime per parameter set.  After the first evaluation, evaluations under
** new hardware allocate nothing.
**
** The PE count changes only the top level's unit count P, hence its
** SpatialMaps' states and its active units E.  A case's per-unit volumes
** depend on its states' positions and flags (with a SpatialMap at an edge,
** also on whether E is 1 and on the partial last unit's extent); P, E and
** the occurrences only combine them.  So the top level keeps each case's
** volumes as forms (k[ka]*a + k[kb]*b + c over P and E) in blocks, one per
** combination of SpatialMap states; another P recombines the blocks of its
** states in build's case order (top_replay), analysing only states not met
** before.  mdf_cost_layer, evaluating once, analyses every case (build).
*/
#include <math.h>
#include <string.h>
#include "mdfc/checked.h"
#include "mdfc/cost.h"
#include "cost/cost_int.h"

enum { POS_INIT, POS_STEADY, POS_EDGE };

typedef struct SpInfo {
	bool mapped, edge, has_ee;
} SpInfo;

/* The positions of one case, by directive index, and what every volume
   function of the case needs (computed once per case). */
typedef struct CmCase {
	const CmLevel *L;
	const CmState *s[CM_MAXD];
	int cstar;              /* innermost directive not at Init; -1: all-Init */
	SpInfo sp[COST__NTENSORS], sp_all;
	bool inited[2];
	int64_t in_cache[2][4], eg_cache[16];   /* see pe_ingress, pe_egress */
	uint8_t in_valid[2];
	uint16_t eg_valid;
} CmCase;

/* Tensor variables in MAESTRO's order (API ConfigConvTensors).  The output
   names the input coordinates Y and X; its sizes are read as Y' and X'. */
typedef struct TensorVars {
	uint8_t n;
	uint8_t v[6];
} TensorVars;

unsigned
cm_fixes(const MdfCostOpts *o)
{
	unsigned f = 0x1FE | CM_COMPRESS | CM_CLIP;     /* fixes 1..8 */
	if (o && o->compat_maestro)
		f &= ~(CM_FIX(2) | CM_FIX(4) | CM_FIX(5) | CM_FIX(7) | CM_COMPRESS | CM_CLIP);
	if (o)
		f &= ~o->disable_fixes;
	return f;
}

static void
tensor_vars(const IrLayer *l, TensorVars tv[COST__NTENSORS])
{
	bool batch = l->dim[DIM_N] > 0;
	memset(tv, 0, sizeof(TensorVars) * COST__NTENSORS);
#define TV(t, ...) do { static const uint8_t a_[] = {__VA_ARGS__}; \
	tv[t].n = sizeof a_; memcpy(tv[t].v, a_, sizeof a_); } while (0)
	switch (l->type) {
	case LT_GEMM:
		TV(COST_INPUT, DIM_M, DIM_K);
		TV(COST_WEIGHT, DIM_K, DIM_N);
		TV(COST_OUTPUT, DIM_M, DIM_N);
		return;
	case LT_DSCONV:
	case LT_POOL:
		if (batch) {
			TV(COST_INPUT, DIM_N, DIM_C, DIM_Y, DIM_X);
			TV(COST_WEIGHT, DIM_C, DIM_R, DIM_S);
			TV(COST_OUTPUT, DIM_N, DIM_C, DIM_Y, DIM_X);
		} else {
			TV(COST_INPUT, DIM_C, DIM_Y, DIM_X);
			TV(COST_WEIGHT, DIM_C, DIM_R, DIM_S);
			TV(COST_OUTPUT, DIM_C, DIM_Y, DIM_X);
		}
		return;
	case LT_NGCONV:
		if (batch) {
			TV(COST_INPUT, DIM_N, DIM_G, DIM_C, DIM_Y, DIM_X);
			TV(COST_WEIGHT, DIM_G, DIM_K, DIM_C, DIM_R, DIM_S);
			TV(COST_OUTPUT, DIM_N, DIM_G, DIM_K, DIM_C, DIM_Y, DIM_X);
		} else {
			TV(COST_INPUT, DIM_G, DIM_C, DIM_Y, DIM_X);
			TV(COST_WEIGHT, DIM_G, DIM_K, DIM_C, DIM_R, DIM_S);
			TV(COST_OUTPUT, DIM_G, DIM_K, DIM_C, DIM_Y, DIM_X);
		}
		return;
	default:        /* CONV, TRCONV, FC */
		if (batch) {
			TV(COST_INPUT, DIM_N, DIM_C, DIM_Y, DIM_X);
			TV(COST_WEIGHT, DIM_K, DIM_C, DIM_R, DIM_S);
			TV(COST_OUTPUT, DIM_N, DIM_K, DIM_Y, DIM_X);
		} else {
			TV(COST_INPUT, DIM_C, DIM_Y, DIM_X);
			TV(COST_WEIGHT, DIM_K, DIM_C, DIM_R, DIM_S);
			TV(COST_OUTPUT, DIM_K, DIM_Y, DIM_X);
		}
		return;
	}
#undef TV
}

/* ---- checked arithmetic with a sticky overflow flag ---------------------- */

static inline int64_t
mul(MdfCostEval *ev, int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r)) {
		ev->overflow = true;
		return 0;
	}
	return r;
}

static inline int64_t
add(MdfCostEval *ev, int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r)) {
		ev->overflow = true;
		return 0;
	}
	return r;
}

/* C++-style truncating division; 0 when b == 0 (callers guard). */
static inline int64_t
tdiv(int64_t a, int64_t b)
{
	if (b == 0 || (a == INT64_MIN && b == -1))
		return 0;
	return a / b;
}

static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Saturating product for the iteration-space arithmetic of §4.4, whose
   results are only compared: a saturated value compares as "beyond". */
static inline int64_t
smul(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
	return r;
}

static inline int64_t
sadd(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return a < 0 ? INT64_MIN : INT64_MAX;
	return r;
}
static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* ---- static per-level preparation ---------------------------------------- */

/* maestro-model §4.5, on the level's static dimension table. */
static void
level_sizes(MdfCostEval *ev, CmLevel *L)
{
	CmSizes *z = &L->z;
	memset(z, 0, sizeof *z);
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		int64_t N = L->sdim[d->dim], M = d->M, O = d->O;
		int64_t k = tdiv(N - M, O);
		if (k < 0)
			k = 0;
		bool has_edge = sadd(smul(k, O), M) < N || M > N;
		z->m[d->dim] = M;
		z->u[d->dim] = min64(M, O);
		if (!d->spatial && N <= M)
			z->u[d->dim] = 0;
		int64_t e = N - smul(k + 1, O);
		if (e < 0)
			e = N;
		z->me[d->dim] = has_edge ? e : M;
		/* Fix 5: a temporal tile larger than its dimension holds the
		   whole dimension (MAESTRO: N - O, which can empty a window). */
		if ((ev->fix & CM_FIX(5)) && !d->spatial && M > N)
			z->me[d->dim] = N;
		z->ue[d->dim] = max64(O - (M - e), 0);
		z->has[d->dim] = true;
	}
	if (!ev->overlap)
		return;
	/* Output rows/columns Y', X' from each reference directive. */
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		Dim ref = d->dim, sl, out;
		if (ref == DIM_Y) { sl = DIM_R; out = DIM_YP; }
		else if (ref == DIM_X) { sl = DIM_S; out = DIM_XP; }
		else continue;
		int64_t s = ev->stride[ref];
		/* With R < stride, compat mode keeps MAESTRO's mixed
		   coordinates, in which T-U+1 is its (right) count for R = 1;
		   default mode has compressed them (compress_strided). */
		bool mixed = !(ev->fix & CM_COMPRESS) && ev->real_top[sl] < ev->layer->stride[ref];
		bool fix3 = (ev->fix & CM_FIX(3)) && s > 1 && !mixed;
		int64_t dm = z->m[ref] - z->m[sl], de = z->me[ref] - z->me[sl];
		/* Fix 5: a tile larger than its dimension holds the whole
		   dimension (W0501 clamps it), in the window as in the rows:
		   MAESTRO's M_Y - M_R + 1 with the written M_R empties the
		   output tile (SpatialMap(4,4) R over R = 2, inherited below). */
		if (ev->fix & CM_FIX(5))
			dm = (L->sdim[ref] > 0 ? min64(z->m[ref], L->sdim[ref]) : z->m[ref])
			   - (L->sdim[sl] > 0 ? min64(z->m[sl], L->sdim[sl]) : z->m[sl]);
		if (fix3) {
			/* Fix 3: a tile of T input rows and U window rows holds
			   floor((T-U)/s)+1 outputs, not T-U+1. */
			z->m[out] = dm < 0 ? dm + 1 : dm / s + 1;
			z->me[out] = de < 0 ? de + 1 : de / s + 1;
			z->u[out] = min64(d->O / s, z->m[out]);
			z->ue[out] = min64(d->O / s, z->me[out]);
		} else {
			z->m[out] = dm + 1;
			z->me[out] = de + 1;
			z->u[out] = min64(d->O, d->M);
			z->ue[out] = min64(d->O, z->me[out]);
		}
		z->has[out] = true;
	}
}

/* Active units at the spatial edge (maestro-model §4.4, on static dims). */
static void
level_edge(const MdfCostEval *ev, CmLevel *L)
{
	const CmDir *d = &L->d[L->sp];
	int64_t N = L->sdim[d->dim], M = d->M, O = d->O, P = L->P;
	int64_t cov = sadd(smul(O, P - 1), M), E;
	L->ee_rem = N;
	if (N > cov) {
		int64_t k = tdiv(tdiv(N - M, O) + 1, P) - 1;
		int64_t rem = N - smul(smul(k + 1, O), P);
		E = rem < M ? 1 : tdiv(rem - M, O) + 1;
		/* Fix 5: the last fold's chunks as the loop nest makes them
		   (a last, partial chunk is a chunk).  MAESTRO's floor drops
		   a partial chunk after E whole ones, though it can hold a
		   whole window: SpatialMap(2,2) Y over 7 rows, R = 1, has
		   the 1-row chunk [6,7) in a fold with [4,6). */
		if ((ev->fix & CM_FIX(5)) && rem > M)
			E = min64(1 + (rem - M + O - 1) / O, (rem + O - 1) / O);
		L->ee_rem = rem;
	} else if (N > M) {
		E = tdiv(N - M, O) + 1;
		if (sadd(smul(O, E - 1), M) < N)
			E++;
	} else {
		E = 1;
	}
	if (N <= M)
		E = 1;
	L->E = E;
}

/* ---- iteration cases (maestro-model §4.4) -------------------------------- */

static uint8_t
dir_states(const CmLevel *L, const CmDir *d, int64_t N, CmState st[3])
{
	int64_t M = d->M, O = d->O;
	uint8_t n = 0;
	if (!d->spatial) {
		bool ie = N < M;
		st[n++] = (CmState){POS_INIT, N <= M, ie, false, 1};
		int64_t k = tdiv(N - M, O);
		if (M < N && k > 0)
			st[n++] = (CmState){POS_STEADY, false, false, false, k};
		if (!ie && sadd(smul(k, O), M) < N)
			st[n++] = (CmState){POS_EDGE, false, false, false, 1};
		return n;
	}
	int64_t P = L->P;
	int64_t cov = sadd(M, smul(O, P - 1));
	bool unroll = N <= cov, ie = N < cov;
	st[n++] = (CmState){POS_INIT, unroll, ie, ie, 1};
	int64_t k = tdiv(tdiv(N - M, O) + 1, P) - 1;
	if (cov < N && k > 0)
		st[n++] = (CmState){POS_STEADY, false, false, false, k};
	int64_t OP = smul(O, P);
	int64_t rem = N - smul(k + 1, OP);
	int64_t a = rem < M ? 1 : tdiv(rem - M, O) + 1;
	bool ee = sadd(smul(a - 1, O), M) < rem;
	bool has_edge = !unroll && sadd(smul(k + 1, OP), cov) > N && sadd(smul(k, OP), cov) != N;
	if (!ie && has_edge)
		st[n++] = (CmState){POS_EDGE, false, false, ee, 1};
	return n;
}

#define ISEDGE(c, i) ((c)->s[i]->pos == POS_EDGE || (c)->s[i]->init_edge)

/* Fix 5: the extent the last, partially filled unit of a spatial edge
   really holds (MAESTRO uses the temporal-style edge remainder, which can
   drop a complete final window, and unique_edge, which is 0 when the
   dimension divides exactly). */
static int64_t
ee_len(const CmLevel *L, int i, int pos)
{
	const CmDir *d = &L->d[i];
	int64_t r = pos == POS_EDGE ? L->ee_rem : L->sdim[d->dim];
	int64_t len = min64(d->M, r - smul(L->E - 1, d->O));
	return len > 0 ? len : 0;
}

static bool
sliding_ref(const MdfCostEval *ev, int v)
{
	return ev->overlap && (v == DIM_Y || v == DIM_X);
}

/* Outputs owned by a tile of `len` rows of reference dimension v. */
static int64_t
ee_outputs(const MdfCostEval *ev, const CmLevel *L, int v, int64_t len)
{
	Dim sl = v == DIM_Y ? DIM_R : DIM_S;
	/* the window clamped to its dimension, as in mapped_volume */
	int64_t w = L->z.has[sl] ? min64(L->z.m[sl], L->sdim[sl] > 0 ? L->sdim[sl] : L->z.m[sl]) : 1;
	int64_t s = (ev->fix & CM_FIX(3)) ? ev->stride[v] : 1;
	return len < w ? 0 : (len - w) / s + 1;
}

static int64_t
sp_me_in(const MdfCostEval *ev, const CmCase *c, int i)
{
	const CmLevel *L = c->L;
	if (!(ev->fix & CM_FIX(5)))
		return L->z.me[L->d[i].dim];
	return ee_len(L, i, c->s[i]->pos);
}

static int64_t
sp_ue_in(const MdfCostEval *ev, const CmCase *c, int i)
{
	const CmLevel *L = c->L;
	const CmDir *d = &L->d[i];
	if (!(ev->fix & CM_FIX(5)))
		return L->z.ue[d->dim];
	return max64(0, ee_len(L, i, c->s[i]->pos) - max64(0, d->M - d->O));
}

static int64_t
sp_me_out(const MdfCostEval *ev, const CmCase *c, int i, int a, int v)
{
	const CmLevel *L = c->L;
	if (!(ev->fix & CM_FIX(5)))
		return L->z.me[a];
	int64_t len = ee_len(L, i, c->s[i]->pos);
	return sliding_ref(ev, v) ? ee_outputs(ev, L, v, len) : len;
}

static int64_t
sp_ue_out(const MdfCostEval *ev, const CmCase *c, int i, int a, int v)
{
	const CmLevel *L = c->L;
	const CmDir *d = &L->d[i];
	if (!(ev->fix & CM_FIX(5)))
		return L->z.ue[a];
	int64_t len = ee_len(L, i, c->s[i]->pos);
	if (sliding_ref(ev, v))
		return ee_outputs(ev, L, v, len);
	return max64(0, len - max64(0, d->M - d->O));
}

/* ---- per-PE volumes (maestro-model §4.6) --------------------------------- */

static int64_t
pe_mapped(MdfCostEval *ev, const CmCase *c, int t, bool first, bool ee)
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	int64_t r = 1;
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		if (!(d->coupled & (1u << t)))
			continue;
		int v = d->dim;
		if (!d->spatial) {
			r = mul(ev, r, ISEDGE(c, i) ? z->me[v] : z->m[v]);
		} else if (ISEDGE(c, i)) {
			if (L->E == 1 && (first || ee))
				r = mul(ev, r, sp_me_in(ev, c, (int)i));
			else if (L->E > 1)
				r = mul(ev, r, ee ? sp_me_in(ev, c, (int)i) : z->m[v]);
		} else {
			r = mul(ev, r, z->m[v]);
		}
	}
	return r;
}

static bool
tensor_inited(const CmCase *c, int t)
{
	const CmLevel *L = c->L;
	for (uint32_t i = (uint32_t)(c->cstar + 1); i < L->nd; i++)
		if (c->s[i]->pos == POS_INIT && (L->d[i].coupled & (1u << t)) && !c->s[i]->unrolled)
			return true;
	return false;
}

/* Elements one unit must receive in this case (temporal and spatial reuse). */
static int64_t
pe_ingress_calc(MdfCostEval *ev, const CmCase *c, int t, bool first, bool ee, bool inited)
{
	if (c->cstar < 0)
		return pe_mapped(ev, c, t, first, ee);
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	int64_t r = 1;
	bool changing = false;
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		if (!(d->coupled & (1u << t)))
			continue;
		int v = d->dim;
		bool is_c = (int)i == c->cstar;
		if (is_c)
			changing = true;
		uint8_t pos = c->s[i]->pos;
		int64_t f;
		if (!d->spatial) {
			if (pos == POS_INIT)
				f = ISEDGE(c, i) ? z->me[v] : z->m[v];
			else if (is_c && !inited)
				f = max64(z->u[v], 1);
			else
				f = z->m[v];
		} else if (first) {
			f = ee ? sp_me_in(ev, c, (int)i) : z->m[v];
		} else if (pos == POS_INIT) {
			if ((int)i <= c->cstar)
				f = ee ? sp_me_in(ev, c, (int)i) : z->m[v];
			else
				f = ee ? sp_ue_in(ev, c, (int)i) : z->u[v];
		} else if (!inited && is_c) {
			f = ee ? sp_ue_in(ev, c, (int)i) : z->u[v];
		} else {
			f = ee ? sp_me_in(ev, c, (int)i) : z->m[v];
		}
		r = mul(ev, r, f);
	}
	return changing ? r : 0;
}

static int
out_dim(const MdfCostEval *ev, int v)
{
	if (ev->overlap && v == DIM_Y)
		return DIM_YP;
	if (ev->overlap && v == DIM_X)
		return DIM_XP;
	return v;
}

/* An output extent of a tile: with a stride, the edge tile of a window
   dimension can hold no whole window, and MAESTRO's M - R + 1 goes to zero
   or below.  Default mode counts only outputs that exist (CM_CLIP): such a
   tile computes nothing, even when two negative extents would multiply to a
   positive count (R = S = 11, stride 4, Y = X = 29 gave 26 output positions
   instead of 25).  Compat mode multiplies as MAESTRO does. */
static int64_t
omul(MdfCostEval *ev, int64_t r, bool *dead, int64_t extent)
{
	if (extent <= 0 && (ev->fix & CM_CLIP))
		*dead = true;
	return mul(ev, r, extent);
}

/* Output tile of one unit, optionally times the reduction extents (the
   partial sums it computes).  Mirrors GetPEEgressVolume. */
static int64_t
pe_egress_calc(MdfCostEval *ev, const CmCase *c, bool partial, bool first, bool ee, bool reuse_at_edge)
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	uint32_t omask = ev->tmask[COST_OUTPUT];
	int64_t r = 1;
	bool dead = false;
	if (partial) {
		for (uint32_t i = 0; i < L->nd; i++) {
			const CmDir *d = &L->d[i];
			int v = d->dim;
			if (omask & (1u << v))
				continue;
			if (!d->spatial) {
				r = mul(ev, r, ISEDGE(c, i) ? z->me[v] : z->m[v]);
				continue;
			}
			uint8_t pos = c->s[i]->pos;
			if (pos == POS_INIT && ISEDGE(c, i) && ee) {
				r = mul(ev, r, sp_me_in(ev, c, (int)i));
			} else if (pos == POS_INIT || pos == POS_STEADY) {
				if (first)
					r = mul(ev, r, z->m[v]);
				else if (z->u[v] != 0)
					r = mul(ev, r, z->u[v]);
			} else {        /* Edge */
				if (L->E == 1 && (first || ee))
					r = mul(ev, r, sp_me_in(ev, c, (int)i));
				else if (L->E > 1) {
					if (ee)
						r = mul(ev, r, sp_ue_in(ev, c, (int)i));
					else if (first)
						r = mul(ev, r, z->m[v]);
					else if (z->u[v] != 0)
						r = mul(ev, r, z->u[v]);
				}
			}
		}
	}
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		int v = d->dim;
		if (!(omask & (1u << v)) || L->dir_of[v] != (int)i)
			continue;
		int a = out_dim(ev, v);
		uint8_t pos = c->s[i]->pos;
		if (!d->spatial) {
			if (pos == POS_INIT)
				r = omul(ev, r, &dead, ISEDGE(c, i) ? z->me[a] : z->m[a]);
			else if (pos == POS_STEADY)
				r = omul(ev, r, &dead, z->m[a]);
			else
				r = omul(ev, r, &dead, z->me[a]);
			continue;
		}
		if (pos == POS_INIT && ISEDGE(c, i) && ee) {
			if (L->E == 1)
				r = omul(ev, r, &dead, sp_me_out(ev, c, (int)i, a, v));
			else if (L->E > 1)
				r = omul(ev, r, &dead, reuse_at_edge ? sp_ue_out(ev, c, (int)i, a, v) : sp_me_out(ev, c, (int)i, a, v));
		} else if (pos == POS_INIT || pos == POS_STEADY) {
			if (first)
				r = omul(ev, r, &dead, z->m[a]);
			else if (z->u[a] != 0)
				r = omul(ev, r, &dead, z->u[a]);
		} else {
			if (L->E == 1 && (first || ee))
				/* MAESTRO reads the input-coordinate entry here. */
				r = omul(ev, r, &dead, (ev->fix & CM_FIX(5)) ? sp_me_out(ev, c, (int)i, a, v) : z->me[v]);
			else if (L->E > 1) {
				if (ee)
					r = omul(ev, r, &dead, sp_ue_out(ev, c, (int)i, a, v));
				else if (first)
					r = omul(ev, r, &dead, z->m[a]);
				else if (z->u[a] != 0)
					r = omul(ev, r, &dead, z->u[a]);
			}
		}
	}
	return dead ? 0 : r;
}

/* The same per-unit volume is asked for several times per case (traffic,
   L1 writes, MACs, partial sums): compute each once.  `inited` is a
   function of the case and tensor, so it is not part of the key. */
static int64_t
pe_ingress(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee, bool inited)
{
	unsigned key = (unsigned)first | (unsigned)ee << 1;
	if (!(c->in_valid[t] & (1u << key))) {
		c->in_cache[t][key] = pe_ingress_calc(ev, c, t, first, ee, inited);
		c->in_valid[t] |= (uint8_t)(1u << key);
	}
	return c->in_cache[t][key];
}

static int64_t
pe_egress(MdfCostEval *ev, CmCase *c, bool partial, bool first, bool ee, bool reuse_at_edge)
{
	unsigned key = (unsigned)partial | (unsigned)first << 1 | (unsigned)ee << 2 | (unsigned)reuse_at_edge << 3;
	if (!(c->eg_valid & (1u << key))) {
		c->eg_cache[key] = pe_egress_calc(ev, c, partial, first, ee, reuse_at_edge);
		c->eg_valid |= (uint16_t)(1u << key);
	}
	return c->eg_cache[key];
}

/* ---- spatial combination (GetSpatial*Traffic, *SpatialMappingSize) ------- */


static SpInfo
sp_info(const CmCase *c, int t, bool all_spatial)
{
	const CmLevel *L = c->L;
	SpInfo s = {false, false, false};
	const CmState *st = NULL;
	/* the spatial directives on the tensor's variables, then (for the
	   partial-sum view) every spatial directive: the last one's state */
	for (int k = 0; k < L->nspc[t]; k++) {
		int i = L->spc[t][k];
		s.mapped = true;
		st = c->s[i];
		if (ISEDGE(c, i))
			s.edge = true;
	}
	if (all_spatial) {
		for (int k = 0; k < L->nspall; k++) {
			int i = L->spall[k];
			s.mapped = true;
			st = c->s[i];
			if (ISEDGE(c, i))
				s.edge = true;
		}
	}
	if (st)
		s.has_ee = st->ee;
	return s;
}

/* One unit's share of tensor t in the case: the first unit or another one,
   the last, partially filled one (ee) or a full one. */
typedef int64_t (*UnitVolume)(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee);

static int64_t
unit_ingress(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee)
{
	return pe_ingress(ev, c, t, first, ee, c->inited[t]);
}

static int64_t
unit_egress(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee)
{
	(void)t;
	return pe_egress(ev, c, false, first, ee, true);
}

/* One unit's partial sums: the first unit (the last, partial one when it is
   the only one), another full one, the partial last one. */
static int64_t
unit_psums(MdfCostEval *ev, CmCase *c, int t, bool first, bool ee)
{
	(void)t;
	if (first)
		return pe_egress(ev, c, true, true, ee, true);
	return ee ? pe_egress(ev, c, true, false, true, false) : pe_egress(ev, c, true, true, false, true);
}

/* The scalars of the level's unit count that the forms multiply by. */
static void
unit_scales(const CmLevel *L, int64_t k[CM_K__N])
{
	k[CM_K0] = 0;
	k[CM_K1] = 1;
	k[CM_KP] = L->P;
	k[CM_KP1] = L->P - 1;
	k[CM_KE] = L->E;
	k[CM_KE1] = L->E - 1;
	k[CM_KFULL] = max64(L->E - 1, 0);      /* full units besides the first */
	k[CM_KFULL_EE] = max64(L->E - 2, 0);   /* ... when the last is partial */
}

/* The products and sums of the formula the form stands for, less a factor
   1 and terms 0, which cannot overflow. */
static inline int64_t
form_eval(MdfCostEval *ev, const int64_t *k, const CmForm *f)
{
	int64_t r = f->ka == CM_K1 ? f->a : mul(ev, k[f->ka], f->a);
	if (f->kb != CM_K0)
		r = add(ev, r, mul(ev, k[f->kb], f->b));
	return f->c ? add(ev, r, f->c) : r;
}

static inline CmForm
form1(int64_t a)
{
	return (CmForm){a, 0, 0, CM_K1, CM_K0};
}

/* At a spatial edge: the first unit's share (the partial last unit's when
   E is 1), plus the other full units' and the partial last unit's. */
static CmForm
edge_form(MdfCostEval *ev, CmCase *c, int t, bool has_ee, UnitVolume vol)
{
	const CmLevel *L = c->L;
	CmForm f = form1(vol(ev, c, t, true, L->E == 1 && has_ee));
	if (L->E > 1) {
		f.b = vol(ev, c, t, false, false);
		f.kb = has_ee ? CM_KFULL_EE : CM_KFULL;
		if (has_ee)
			f.c = vol(ev, c, t, false, true);
	}
	return f;
}

/* NoC traffic of tensor t for the case, from the units' shares (maestro-model
   4.6): a tensor the spatial dimension does not index is multicast (counted
   once); otherwise the first unit's share plus the others' (spatial reuse),
   with the active units and the partially filled last unit at an edge. */
static CmForm
traffic_form(MdfCostEval *ev, CmCase *c, int t, UnitVolume vol)
{
	SpInfo s = c->sp[t];
	if (!s.mapped)
		return form1(vol(ev, c, t, true, false));
	if (!s.edge) {
		CmForm f = form1(vol(ev, c, t, true, false));
		f.b = vol(ev, c, t, false, false);
		f.kb = CM_KP1;
		return f;
	}
	return edge_form(ev, c, t, s.has_ee, vol);
}

/* Fix 2: elements written into the units' buffers (every active unit keeps
   its own copy: no multicast, no neighbour sharing). */
static CmForm
l1w_form(MdfCostEval *ev, CmCase *c, int t)
{
	const CmLevel *L = c->L;
	const CmState *sp = c->s[L->sp];
	bool inited = c->inited[t];
	CmForm f = form1(pe_ingress(ev, c, t, true, ISEDGE(c, L->sp) && L->E == 1 && sp->ee, inited));
	if (!ISEDGE(c, L->sp)) {
		f.ka = CM_KP;
	} else if (L->E != 1) {
		f.ka = sp->ee ? CM_KE1 : CM_KE;
		if (sp->ee)
			f.c = pe_ingress(ev, c, t, true, true, inited);
	}
	return f;
}

/* Partial sums on the critical path (one unit). */
static int64_t
crit_psums(MdfCostEval *ev, CmCase *c)
{
	const CmLevel *L = c->L;
	SpInfo s = c->sp[COST_OUTPUT];
	if (!s.mapped || !s.edge)
		return pe_egress(ev, c, true, true, false, true);
	return pe_egress(ev, c, true, true, L->E == 1 && s.has_ee, true);
}

/* MACs of the case over all units (GetOutputTensorSpatialMappingSize with
   partial sums). */
static CmForm
macs_form(MdfCostEval *ev, CmCase *c)
{
	SpInfo s = c->sp_all;
	if (s.mapped && s.edge)
		return edge_form(ev, c, COST_OUTPUT, s.has_ee, unit_psums);
	CmForm f = form1(unit_psums(ev, c, COST_OUTPUT, true, false));
	f.ka = CM_KP;
	return f;
}

/* Sub-tile dimensions handed to the level below (ConstructSubClusterDimension). */
static void
sub_dims(const MdfCostEval *ev, const CmCase *c, bool ee, int64_t out[DIM__COUNT])
{
	const CmLevel *L = c->L;
	const CmSizes *z = &L->z;
	memset(out, 0, sizeof(int64_t) * DIM__COUNT);
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		int v = d->dim;
		uint8_t pos = c->s[i]->pos;
		int64_t sz;
		if (!d->spatial)
			sz = ISEDGE(c, i) ? z->me[v] : z->m[v];
		else if (pos == POS_STEADY)
			sz = z->m[v];
		else if (pos == POS_EDGE || ISEDGE(c, i))
			sz = (L->E == 1 || ee) ? sp_me_in(ev, c, (int)i) : z->m[v];
		else
			sz = z->m[v];
		out[v] = sz;
	}
	(void)ev;
}

/* NoC delay of x elements: latency + ceil(x/B) - 1 (fix 8: 0 for x = 0). */
static int64_t
noc_delay(const MdfCostEval *ev, int64_t x)
{
	if (x == 0 && (ev->fix & CM_FIX(8)))
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

/* ---- one level ------------------------------------------------------------ */

static int64_t
tensor_size(const MdfCostEval *ev, int t, const int64_t *N, bool out_true, bool real)
{
	int64_t r = 1;
	for (int v = 0; v < DIM__COUNT; v++) {
		if (!(ev->tmask[t] & (1u << v)))
			continue;
		int64_t n = N[v];
		if (t == COST_OUTPUT && ev->overlap && (v == DIM_Y || v == DIM_X)) {
			int64_t w = N[v == DIM_Y ? DIM_R : DIM_S];
			int64_t s = !out_true ? 1 : real ? ev->layer->stride[v] : ev->stride[v];
			if (s < 1)
				s = 1;
			n = n - w < 0 ? n - w + 1 : (n - w) / s + 1;
		}
		int64_t q;
		r = __builtin_mul_overflow(r, n, &q) ? 0 : q;
	}
	return r;
}

/* Downstream (sub-unit) buffer for tensor t: the level's map sizes. */
static int64_t
mapped_volume(MdfCostEval *ev, const CmLevel *L, int t)
{
	int64_t r = 1;
	bool fix4 = ev->fix & CM_FIX(4);
	for (int v = 0; v < DIM__COUNT; v++) {
		if (!(ev->tmask[t] & (1u << v)) || !L->z.has[v])
			continue;
		int64_t m = L->z.m[v];
		if (fix4) {
			/* clamped to the dimension; the output holds outputs */
			if (L->sdim[v] > 0)
				m = min64(m, L->sdim[v]);
			if (t == COST_OUTPUT && (v == DIM_Y || v == DIM_X)
			    && ev->overlap && L->z.has[out_dim(ev, v)]) {
				Dim sl = v == DIM_Y ? DIM_R : DIM_S;
				int64_t w = L->z.has[sl] ? min64(L->z.m[sl], L->sdim[sl] > 0 ? L->sdim[sl] : L->z.m[sl]) : 1;
				int64_t s = (ev->fix & CM_FIX(3)) ? ev->stride[v] : 1;
				m = m < w ? 0 : (m - w) / s + 1;
			}
		}
		r = mul(ev, r, m);
	}
	return r;
}

/* Room for n more case records / one more tile.  The tables live in the
   arena and only grow (doubling); a rebuild reuses them. */
static bool
reserve_recs(MdfCostEval *ev, bool top, int64_t n, uint32_t *at)
{
	CmRec **pool = top ? &ev->trecs : &ev->recs;
	uint32_t *np = top ? &ev->ntrecs : &ev->nrecs, *capp = top ? &ev->captrecs : &ev->caprecs;
	if (n > (int64_t)(UINT32_MAX / 2) - *np) {
		ev->a_overflow = true;
		return false;
	}
	uint32_t need = *np + (uint32_t)n;
	if (need > *capp) {
		uint32_t cap = *capp ? *capp * 2 : 32;
		while (cap < need)
			cap *= 2;
		CmRec *r = arena_grow(ev->ctx->arena, *pool, *np, cap, sizeof *r);
		if (!r) {
			ev->a_overflow = true;
			return false;
		}
		*pool = r;
		*capp = cap;
	}
	*at = *np;
	*np = need;
	return true;
}

static inline const CmRec *
tile_recs(const MdfCostEval *ev, const CmTile *t)
{
	return (t->level == 0 ? ev->top_recs : ev->recs) + t->rec0;
}

/* A tile met again (or built) below the top: it is the first of its level
   in this build if none was yet, and so is its own first sub-tile chain;
   its flags hold for the layer. */
static void
note_sub(MdfCostEval *ev, int32_t ti)
{
	const CmTile *t = &ev->tiles[ti];
	for (int32_t k = ti; k >= 0 && ev->first_tile[ev->tiles[k].level] < 0; k = ev->tiles[k].first_sub)
		ev->first_tile[ev->tiles[k].level] = k;
	if (t->bad)
		ev->overflow = true;
	if (t->dead_level >= 0 && !ev->a_nocompute) {
		ev->a_nocompute = true;
		ev->a_nocompute_level = t->dead_level;
	}
}

static int32_t
new_tile(MdfCostEval *ev)
{
	if (ev->ntiles == ev->captiles) {
		uint32_t cap = ev->captiles ? ev->captiles * 2 : 8;
		CmTile *t = arena_grow(ev->ctx->arena, ev->tiles, ev->ntiles, cap, sizeof *t);
		if (!t) {
			ev->a_overflow = true;
			return -1;
		}
		ev->tiles = t;
		ev->captiles = cap;
	}
	CmTile *t = &ev->tiles[ev->ntiles];
	memset(t, 0, sizeof *t);
	return (int32_t)ev->ntiles++;
}

static bool
same_rec(const CmRec *a, const CmRec *b, bool any_n)
{
	return (any_n || a->n == b->n) && a->ingress == b->ingress && a->egress == b->egress
		&& a->psums == b->psums && a->sub[0] == b->sub[0] && a->sub[1] == b->sub[1]
		&& a->all_init == b->all_init;
}

/* Cases with the same volumes and sub-tiles have the same delays under any
   hardware: keep one record.  Default mode (fix 7) merges any such cases
   and sums their occurrences (m = 1, n = the sum).  MAESTRO's accounting
   depends on the order of the cases (its off-chip running value) and
   floors each case's bandwidth share, so in compat mode only runs of
   consecutive equal cases with equal counts merge (m = the run length). */
static uint32_t
merge_recs(MdfCostEval *ev, CmRec *r, uint32_t n)
{
	bool global = (ev->fix & CM_FIX(7)) && n <= 4096;
	uint32_t out = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = out;
		if (global) {
			for (j = 0; j < out; j++)
				if (same_rec(&r[j], &r[i], true))
					break;
		} else if (out > 0 && same_rec(&r[out - 1], &r[i], false)) {
			j = out - 1;
		}
		if (j == out)
			r[out++] = r[i];
		else if (global)
			r[j].n = add(ev, r[j].n, r[i].n);
		else
			r[j].m += r[i].m;
	}
	return out;
}

/* ---- outputs that exist (fix 3, default mode) ----------------------------- */

/* A sliding pair (Y with R, X with S) whose window dimension is tiled inside
   the level: the window tile at b (U rows) and a reference tile at a (T
   rows) own the outputs x' with x'*s + b >= a, x'*s + b + U - 1 <= a + T - 1
   and 0 <= x' < X' (semantics.md §1, as the loop nest executes them).
   MAESTRO's T - U + 1 per tile also counts window positions whose output
   does not exist: x' < 0 for a window tile at b > 0 in the first tiles,
   x' >= X' for one that ends before the window does in the last ones
   (docs/fidelity.md, fix 3).  Per case, the owned outputs are summed over
   the case's instances instead. */
typedef struct CmClip {
	int i, j;               /* directives of the reference and window dims */
	int64_t Nv, Ns, s, nxp; /* tile extents, stride, outputs of the tile */
	int64_t isteady, jsteady;       /* Steady occurrences (0: none) */
} CmClip;

typedef struct ClipSum {
	int64_t sum;            /* owned outputs over instances (and units) */
	int64_t nonempty;       /* instances owning any output */
	int64_t max_unit;       /* most owned by one unit in one instance */
	int64_t max_step;       /* most owned by all units in one instance */
} ClipSum;

static inline int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int64_t
owned_outputs(const CmClip *p, int64_t a, int64_t T, int64_t b, int64_t U)
{
	if (T <= 0 || U <= 0)
		return 0;
	int64_t lo = -floor_div(b - a, p->s), hi = floor_div(a + T - U - b, p->s);
	if (lo < 0)
		lo = 0;
	if (hi > p->nxp - 1)
		hi = p->nxp - 1;
	return hi >= lo ? hi - lo + 1 : 0;
}

/* First and last tile (or fold) index of a directive's position. */
static void
pos_range(const CmState *st, int64_t steady, int64_t *first, int64_t *last)
{
	if (st->pos == POS_INIT)
		*first = *last = 0;
	else if (st->pos == POS_STEADY) {
		*first = 1;
		*last = steady;
	} else
		*first = *last = steady + 1;
}

static bool
clip_pair(const CmCase *c, const CmClip *p, ClipSum *r)
{
	const CmLevel *L = c->L;
	const CmDir *dv = &L->d[p->i], *ds = &L->d[p->j];
	int64_t f0, f1, s0, s1;
	pos_range(c->s[p->i], p->isteady, &f0, &f1);
	pos_range(c->s[p->j], p->jsteady, &s0, &s1);
	/* the loop nest's chunk count: a last, partial chunk is a chunk */
	int64_t nch = p->Nv <= dv->M ? 1 : min64(1 + (p->Nv - dv->M + dv->O - 1) / dv->O,
						 (p->Nv + dv->O - 1) / dv->O);
	int64_t units = dv->spatial ? L->P : 1;
	/* bounded work (phase A only); beyond it the case keeps MAESTRO's
	   count */
	if (smul(smul(f1 - f0 + 1, units), s1 - s0 + 1) > 4000000)
		return false;
	memset(r, 0, sizeof *r);
	for (int64_t si = s0; si <= s1; si++) {
		int64_t b = si * ds->O, U = min64(ds->M, p->Ns - b);
		for (int64_t f = f0; f <= f1; f++) {
			int64_t step = 0;
			for (int64_t u = 0; u < units; u++) {
				int64_t ch = f * units + u;
				if (ch >= nch)
					break;
				int64_t a = ch * dv->O;
				int64_t o = owned_outputs(p, a, min64(dv->M, p->Nv - a), b, U);
				step += o;
				r->max_unit = max64(r->max_unit, o);
			}
			r->sum += step;
			r->nonempty += step > 0;
			r->max_step = max64(r->max_step, step);
		}
	}
	return true;
}


/* A case's figures under the level's unit count. */
typedef struct CmFig {
	int64_t n;              /* instances that compute (clipped: fewer) */
	int64_t egress, macs, psums, macs_tot, egress_tot;
	bool valid, clipped;
} CmFig;

/* The case's figures with the clipped sliding pairs: the model's per-unit
   factors with the pairs' output extents set to 1, times the owned outputs
   of clip_pair.  False (figures unchanged) when an instance range is too
   long to enumerate. */
static bool
clip_case(MdfCostEval *ev, CmCase *c, const CmClip *clip, int nclip, bool spatial, CmFig *g)
{
	CmLevel *L = &ev->lv[c->L - ev->lv];
	ClipSum tot = {1, 1, 1, 1};
	int64_t ninst = 1;
	for (int k = 0; k < nclip; k++) {
		ClipSum r;
		if (!clip_pair(c, &clip[k], &r))
			return false;
		tot.sum = mul(ev, tot.sum, r.sum);
		tot.nonempty = mul(ev, tot.nonempty, r.nonempty);
		tot.max_unit = mul(ev, tot.max_unit, r.max_unit);
		tot.max_step = mul(ev, tot.max_step, r.max_step);
		ninst = mul(ev, ninst, mul(ev, c->s[clip[k].i]->occ, c->s[clip[k].j]->occ));
	}
	/* the model's factors with each pair's output extent 1 */
	int64_t save[2][4];
	for (int k = 0; k < nclip; k++) {
		int a = out_dim(ev, L->d[clip[k].i].dim);
		save[k][0] = L->z.m[a]; save[k][1] = L->z.me[a];
		save[k][2] = L->z.u[a]; save[k][3] = L->z.ue[a];
		L->z.m[a] = L->z.me[a] = L->z.u[a] = L->z.ue[a] = 1;
	}
	int64_t fm, fe, fp;
	c->eg_valid = 0;
	if (spatial) {
		/* one unit's factors (the pair's spatial map is the only one) */
		fm = fp = pe_egress_calc(ev, c, true, false, false, true);
		fe = pe_egress_calc(ev, c, false, false, false, true);
	} else {
		int64_t k[CM_K__N];
		unit_scales(L, k);
		CmForm m = macs_form(ev, c), e = traffic_form(ev, c, COST_OUTPUT, unit_egress);
		fm = form_eval(ev, k, &m);
		fe = form_eval(ev, k, &e);
		fp = crit_psums(ev, c);
	}
	for (int k = 0; k < nclip; k++) {
		int a = out_dim(ev, L->d[clip[k].i].dim);
		L->z.m[a] = save[k][0]; L->z.me[a] = save[k][1];
		L->z.u[a] = save[k][2]; L->z.ue[a] = save[k][3];
	}
	c->eg_valid = 0;
	int64_t other = ninst > 0 ? g->n / ninst : 0;
	g->n = mul(ev, other, tot.nonempty);
	g->macs_tot = mul(ev, other, mul(ev, fm, tot.sum));
	g->egress_tot = mul(ev, other, mul(ev, fe, tot.sum));
	g->psums = mul(ev, fp, tot.max_unit);
	g->egress = mul(ev, fe, tot.max_step);
	g->macs = mul(ev, fm, spatial ? tot.max_step : tot.max_unit);
	g->clipped = true;
	g->valid = g->n > 0 && g->psums > 0;
	return true;
}

/* Sliding pairs whose window is tiled in level L (fix 3, default mode):
   outputs summed over instances (clip_pair).  Static but for the Steady
   occurrences, which the caller fills in. */
static int
clip_find(const MdfCostEval *ev, const CmLevel *L, const int64_t *N, CmClip clip[2], bool *spatial)
{
	int nclip = 0;
	*spatial = false;
	for (int k = 0; k < 2 && (ev->fix & CM_CLIP) && (ev->fix & CM_FIX(3)) && ev->overlap; k++) {
		Dim v = k ? DIM_X : DIM_Y, sl = k ? DIM_S : DIM_R;
		int i = L->dir_of[v], j = L->dir_of[sl];
		if (i < 0 || j < 0 || L->d[j].spatial || N[sl] <= L->d[j].M
		    || ev->stride[v] != (ev->layer->stride[v] > 0 ? ev->layer->stride[v] : 1))
			continue;
		if (L->d[i].spatial && (i != L->sp || L->nspall != 1))
			continue;
		CmClip *p = &clip[nclip++];
		p->i = i;
		p->j = j;
		p->Nv = N[v];
		p->Ns = N[sl];
		p->s = ev->stride[v];
		p->nxp = N[v] < N[sl] ? 0 : (N[v] - N[sl]) / p->s + 1;
		*spatial |= L->d[i].spatial;
	}
	return nclip;
}

/* One tile's analysis as its cases are added up. */
typedef struct CmAcc {
	CmRes res;
	uint32_t l;
	const int64_t *N;
	int32_t ti;
	uint32_t rec0, nvalid;  /* the tile's records, in the level's pool */
	bool sized;
	CmSizing sizing;
	double active_acc;      /* MAESTRO keeps this sum in a double */
	int64_t ntotal;
	/* the flags of the analysis around this one, restored at the end */
	bool outer_overflow, outer_dead;
	int outer_dead_level;
} CmAcc;

static void
tile_start(MdfCostEval *ev, int32_t ti, uint32_t l, const int64_t *N, CmAcc *a)
{
	const CmLevel *L = &ev->lv[l];
	CmTile *t = &ev->tiles[ti];
	/* new_tile zeroed a new tile; tile_finish sets the rest */
	t->level = l;
	t->first_sub = -1;
	t->dead_level = -1;
	for (uint32_t i = 0; i < L->nd; i++)
		t->key[i] = N[L->d[i].dim];
	if (ev->first_tile[l] < 0)
		ev->first_tile[l] = ti;
	memset(a, 0, sizeof *a);
	a->res.elem0_level = -1;
	a->l = l;
	a->N = N;
	a->ti = ti;
	a->outer_overflow = ev->overflow;
	a->outer_dead = ev->a_nocompute;
	a->outer_dead_level = ev->a_nocompute_level;
	ev->overflow = false;
	ev->a_nocompute = false;
}

/* The tensor sizes and mapped volumes of the level's buffer sizes: static,
   computed when a case first needs them (with their overflow, which every
   build that needs them meets again). */
static const CmSizing *
acc_sizing(MdfCostEval *ev, CmAcc *a)
{
	CmSizing *z = &a->sizing;
	if (z->have) {
		ev->overflow |= z->bad;
		return z;
	}
	const int64_t *N = a->l ? a->N : ev->real_top;
	bool outer = ev->overflow;
	ev->overflow = false;
	for (int t = 0; t < COST__NTENSORS; t++) {
		z->ts[t] = tensor_size(ev, t, N, t == COST_OUTPUT && (ev->fix & CM_FIX(4)), a->l == 0);
		z->mv[t] = mapped_volume(ev, &ev->lv[a->l], t);
	}
	z->have = true;
	z->bad = ev->overflow;
	ev->overflow |= outer;
	return z;
}

/* A case's volumes under the unit count (k), before clipping. */
static void
case_figures(MdfCostEval *ev, const int64_t *k, const CmCaseForm *f, int64_t n, CmFig *g)
{
	g->n = n;
	g->egress = form_eval(ev, k, &f->eg);
	g->macs = form_eval(ev, k, &f->macs);
	g->psums = f->psums;
	g->macs_tot = mul(ev, n, g->macs);
	g->egress_tot = mul(ev, n, g->egress);
	g->valid = g->psums > 0;
	g->clipped = false;
}

/* Buffer sizes from the first computing case (MAESTRO: from every case up
   to it, inputs accumulating). */
static void
case_sizing(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmCaseForm *f, int64_t egress)
{
	const unsigned fix = ev->fix;
	CmRes *res = &a->res;
	const CmSizing *z = acc_sizing(ev, a);
	for (int t = 0; t < 2; t++) {
		int64_t in = form_eval(ev, k, &f->in[t]);
		res->up[t] = add(ev, res->up[t], mul(ev, 2, in));
		res->l2w[t] = z->ts[t];
		res->down[t] = add(ev, (fix & CM_FIX(4)) ? 0 : res->down[t], mul(ev, 2, z->mv[t]));
	}
	res->up[COST_OUTPUT] = mul(ev, 2, egress);
	res->l2r[COST_OUTPUT] = z->ts[COST_OUTPUT];
	res->down[COST_OUTPUT] = mul(ev, 2, z->mv[COST_OUTPUT]);
}

/* The tile's first computing case: the first sub-tile and MAESTRO's
   element 0. */
static void
case_first(MdfCostEval *ev, CmAcc *a, const CmCaseForm *f)
{
	CmTile *t = &ev->tiles[a->ti];
	if (t->first_sub < 0)
		t->first_sub = f->sub[f->full_first];
	if (f->sub[0] >= 0) {
		const CmRes *r0 = &ev->tiles[f->sub[0]].res;
		a->res.elem0_level = r0->elem0_level;
		memcpy(a->res.elem0_down, r0->elem0_down, sizeof a->res.elem0_down);
	}
}

/* The units busy in a computing case: the level below's average over its
   units, else the units. */
static long double
case_active(const MdfCostEval *ev, const int64_t *k, const CmCaseForm *f)
{
	long double active = 0;
	int64_t nactive = f->sp_edge ? k[CM_KE] : k[CM_KP];
	if (f->sub[0] >= 0) {
		const CmRes *r0 = &ev->tiles[f->sub[0]].res;
		if (f->split) {
			active += r0->avg_active * 1;
			if (f->sub[1] >= 0)
				active += (long double)ev->tiles[f->sub[1]].res.avg_active * k[CM_KE1];
		} else {
			active += (long double)r0->avg_active * nactive;
		}
	}
	if (active == 0)
		active = nactive;
	return active;
}

/* Add a case to the tile: counters, buffer sizes, its record, the active
   units.  Its input forms must be there when it is valid or sizes the
   buffers, its sub-tiles when it is valid. */
static void
case_account(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmCaseForm *f, const CmFig *g)
{
	const unsigned fix = ev->fix;
	CmRes *res = &a->res;
	if (!a->sized && (g->valid || !(fix & CM_FIX(4))))
		case_sizing(ev, a, k, f, g->egress);
	if (g->valid || !(fix & CM_FIX(6))) {
		res->l2w[COST_OUTPUT] = add(ev, res->l2w[COST_OUTPUT], g->egress_tot);
		res->l1w[COST_OUTPUT] = add(ev, res->l1w[COST_OUTPUT], g->macs_tot);
		res->l1r[COST_OUTPUT] = add(ev, res->l1r[COST_OUTPUT], g->macs_tot);
	}
	if (!g->valid)
		return;
	a->sized = true;
	int64_t n = g->n, ingress = 0;
	for (int t = 0; t < 2; t++) {
		int64_t in = form_eval(ev, k, &f->in[t]);
		ingress = add(ev, ingress, in);
		res->l2r[t] = add(ev, res->l2r[t], mul(ev, n, in));
		if (fix & CM_FIX(2))
			res->l1w[t] = add(ev, res->l1w[t], mul(ev, n, form_eval(ev, k, &f->l1w[t])));
		else
			res->l1w[t] = res->l2r[t];
		res->l1r[t] = add(ev, res->l1r[t], g->macs_tot);
	}
	/* MACs of one occurrence (clipped: their average) per ingress */
	res->ai = g->clipped ? (double)g->macs_tot / (double)n / (double)ingress
			     : (double)g->macs / (double)ingress;
	if (a->nvalid == 0)
		case_first(ev, a, f);
	CmRec rec = {1, n, ingress, g->egress, g->psums, {f->sub[0], f->sub[1]}, f->all_init};
	(a->l == 0 ? ev->trecs : ev->recs)[a->rec0 + a->nvalid++] = rec;
	res->macs = add(ev, res->macs, g->macs_tot);
	a->active_acc = (double)((long double)a->active_acc + case_active(ev, k, f) * n);
	a->ntotal = add(ev, a->ntotal, n);
	res->ncases++;
}

static int32_t
tile_finish(MdfCostEval *ev, CmAcc *a)
{
	CmRes *res = &a->res;
	res->iters = a->ntotal;
	if (a->ntotal > 0) {
		res->avg_active = a->active_acc / (double)a->ntotal;
	} else if (!ev->a_nocompute) {
		ev->a_nocompute = true;
		ev->a_nocompute_level = (int)a->l;
	}
	if (res->elem0_level < 0) {
		res->elem0_level = (int)a->l;
		memcpy(res->elem0_down, res->down, sizeof res->down);
	}
	CmTile *t = &ev->tiles[a->ti];
	t->rec0 = a->rec0;
	t->nrec = merge_recs(ev, (a->l == 0 ? ev->trecs : ev->recs) + a->rec0, a->nvalid);
	t->res = *res;
	/* Flags of this subtree, kept with the tile for later builds. */
	t->bad = ev->overflow;
	t->dead_level = ev->a_nocompute ? ev->a_nocompute_level : -1;
	ev->overflow = a->outer_overflow || t->bad;
	if (!a->outer_dead && t->dead_level >= 0) {
		ev->a_nocompute = true;
		ev->a_nocompute_level = t->dead_level;
	} else {
		ev->a_nocompute = a->outer_dead;
		ev->a_nocompute_level = a->outer_dead_level;
	}
	return a->ti;
}

static int32_t
build(MdfCostEval *ev, uint32_t l, const int64_t *N);

/* The sub-tiles of a computing case: the level below for the tile of a full
   unit and, at a spatial edge, of the last, partially filled unit. */
static bool
case_subs(MdfCostEval *ev, uint32_t l, const CmCase *c, CmCaseForm *f)
{
	const CmLevel *L = c->L;
	int64_t sd[DIM__COUNT];
	if (!f->sp_edge || !c->s[L->sp]->ee) {
		sub_dims(ev, c, false, sd);
		f->sub[0] = build(ev, l + 1, sd);
		return f->sub[0] >= 0;
	}
	/* Fix 5: with full units besides the last one, the first unit's (a
	   full) sub-tile is the level's first, as the loop nest reports it:
	   build it first.  MAESTRO's element 0 stays the last unit's (elem0
	   in case_account). */
	f->split = true;
	f->full_first = (ev->fix & CM_FIX(5)) && L->E - 1 > 0;
	if (f->full_first) {
		sub_dims(ev, c, false, sd);
		if ((f->sub[1] = build(ev, l + 1, sd)) < 0)
			return false;
	}
	sub_dims(ev, c, true, sd);
	if ((f->sub[0] = build(ev, l + 1, sd)) < 0)
		return false;
	if (L->E - 1 > 0 && !f->full_first) {
		sub_dims(ev, c, false, sd);
		if ((f->sub[1] = build(ev, l + 1, sd)) < 0)
			return false;
	}
	return true;
}

/* The tile of level l > 0 with dimensions N, if analysed before.  The
   tensor-size products read the same dimensions: after unrolling, the
   directives cover every input variable. */
static int32_t
find_tile(const MdfCostEval *ev, uint32_t l, const int64_t *N)
{
	const CmLevel *L = &ev->lv[l];
	for (uint32_t k = 1; k < ev->ntiles; k++) {
		const CmTile *t = &ev->tiles[k];
		if (t->level != l)
			continue;
		bool eq = true;
		for (uint32_t i = 0; i < L->nd && eq; i++)
			eq = t->key[i] == N[L->d[i].dim];
		if (eq)
			return (int32_t)k;
	}
	return -1;
}

/* What the volume functions read of a case, once per case: the innermost
   directive not at Init (c->s set), the spatial views, the volume caches. */
static void
case_setup(CmCase *c)
{
	const CmLevel *L = c->L;
	c->cstar = -1;
	for (uint32_t i = 0; i < L->nd; i++)
		if (c->s[i]->pos != POS_INIT)
			c->cstar = (int)i;
	for (int t = 0; t < COST__NTENSORS; t++)
		c->sp[t] = sp_info(c, t, false);
	c->sp_all = sp_info(c, COST_OUTPUT, true);
	for (int t = 0; t < 2; t++) {
		c->inited[t] = c->cstar >= 0 && tensor_inited(c, t);
		c->in_valid[t] = 0;
	}
	c->eg_valid = 0;
}

/* The forms every case has (the output's traffic, the MACs, the partial
   sums that decide whether it computes); the others empty. */
static void
case_form(MdfCostEval *ev, CmCase *c, CmCaseForm *f)
{
	const CmLevel *L = c->L;
	*f = (CmCaseForm){.sub = {-1, -1}, .all_init = c->cstar < 0, .sp_edge = ISEDGE(c, L->sp)};
	f->eg = traffic_form(ev, c, COST_OUTPUT, unit_egress);
	f->macs = macs_form(ev, c);
	f->psums = crit_psums(ev, c);
}

/* Build's order of a level's cases: directive i moves to its next state
   after every freq[i] cases (freq: the product of the later directives'
   state counts).  Returns the number of cases. */
static int64_t
case_order(uint32_t nd, const uint8_t *nst, int64_t *freq, uint8_t *cnt)
{
	int64_t total = 1;
	for (int i = (int)nd - 1; i >= 0; i--) {
		freq[i] = total;
		total *= nst[i];
		cnt[i] = 0;
	}
	return total;
}

/* After case cid: the states of case cid + 1. */
static void
case_next(uint32_t nd, const uint8_t *nst, const int64_t *freq, uint8_t *cnt, int64_t cid)
{
	for (uint32_t i = 0; i < nd; i++)
		if (cid % freq[i] == 0)
			cnt[i] = (uint8_t)(cnt[i] + 1 == nst[i] ? 0 : cnt[i] + 1);
}

/* Phase A: analyse level l for the tile dimensions N (maestro-model
   §4.4-4.6, 4.8, 4.9): the iteration cases, their NoC volumes, MACs and
   partial sums, the access counters and buffer sizes.  Everything here is
   independent of NoC bandwidth, latency and SIMD width.  Tiles are shared:
   the same sub-tile handed down by many cases is analysed once. */
static int32_t
build(MdfCostEval *ev, uint32_t l, const int64_t *N)
{
	const CmLevel *L = &ev->lv[l];
	const unsigned fix = ev->fix;
	bool last = l + 1 == ev->nlev;

	int32_t ti;
	if (l == 0) {
		/* the top tile is always tiles[0], rebuilt in place */
		if (ev->ntiles == 0 && new_tile(ev) < 0)
			return -1;
		ti = 0;
	} else {
		ti = find_tile(ev, l, N);
		if (ti >= 0) {
			note_sub(ev, ti);
			return ti;
		}
		ti = new_tile(ev);
		if (ti < 0)
			return -1;
	}
	CmAcc a;
	tile_start(ev, ti, l, N, &a);

	CmState st[CM_MAXD][3];
	uint8_t nst[CM_MAXD], cnt[CM_MAXD];
	int64_t freq[CM_MAXD];
	for (uint32_t i = 0; i < L->nd; i++)
		nst[i] = dir_states(L, &L->d[i], N[L->d[i].dim], st[i]);
	int64_t total = case_order(L->nd, nst, freq, cnt);
	if (total > CM_MAXCASES) {
		ev->a_overflow = true;
		ev->a_toomany = true;
		return -1;
	}
	if (!reserve_recs(ev, l == 0, total, &a.rec0))
		return -1;

	CmClip clip[2];
	bool clip_spatial;
	int nclip = clip_find(ev, L, N, clip, &clip_spatial);
	for (int k = 0; k < nclip; k++) {
		int i = clip[k].i, j = clip[k].j;
		clip[k].isteady = nst[i] > 1 && st[i][1].pos == POS_STEADY ? st[i][1].occ : 0;
		clip[k].jsteady = nst[j] > 1 && st[j][1].pos == POS_STEADY ? st[j][1].occ : 0;
	}

	int64_t k[CM_K__N];
	unit_scales(L, k);
	CmCase c;
	c.L = L;
	for (int64_t cid = 0; cid < total; cid++) {
		int64_t n = 1;
		for (uint32_t i = 0; i < L->nd; i++) {
			c.s[i] = &st[i][cnt[i]];
			n = mul(ev, n, c.s[i]->occ);
		}
		case_next(L->nd, nst, freq, cnt, cid);
		case_setup(&c);
		CmCaseForm f;
		case_form(ev, &c, &f);
		CmFig g;
		case_figures(ev, k, &f, n, &g);
		if (nclip > 0)
			clip_case(ev, &c, clip, nclip, clip_spatial, &g);
		if (g.valid || (!a.sized && !(fix & CM_FIX(4))))
			for (int t = 0; t < 2; t++)
				f.in[t] = traffic_form(ev, &c, t, unit_ingress);
		if (g.valid && (fix & CM_FIX(2)))
			for (int t = 0; t < 2; t++)
				f.l1w[t] = l1w_form(ev, &c, t);
		if (g.valid && !last && !case_subs(ev, l, &c, &f))
			return -1;
		case_account(ev, &a, k, &f, &g);
	}
	return tile_finish(ev, &a);
}

/* ---- the top level for another unit count --------------------------------- */

/* Room for the top level's case forms, at the evaluator's first build: 4
   blocks for every combination of SpatialMap states a unit count can give
   (3 states each), each with a form per TemporalMap combination, and room
   for the most top-level records, so that later unit counts allocate
   nothing.  None when the top level clips outputs (its figures depend on
   the unit count case by case) or has too many cases. */
static void
forms_alloc(MdfCostEval *ev)
{
	const CmLevel *L = &ev->lv[0];
	if (ev->one_shot || ev->no_forms || ev->blocks)
		return;
	ev->no_forms = true;
	CmClip clip[2];
	bool sp;
	if (L->nspall > CM_FORMSP || clip_find(ev, L, L->sdim, clip, &sp) > 0)
		return;
	uint32_t ntau = 1, ncomb = 1;
	for (int i = (int)L->nd - 1; i >= 0; i--) {
		if (L->d[i].spatial) {
			ncomb *= 3;
			continue;
		}
		ev->top_nst[i] = dir_states(L, &L->d[i], L->sdim[L->d[i].dim], ev->top_st[i]);
		ev->tstride[i] = ntau;
		ntau *= ev->top_nst[i];
	}
	if ((uint64_t)ntau * ncomb > CM_FORMCAP)
		return;
	uint32_t nb = 4 * ncomb, at, norder = 0;
	/* as many patterns of state counts (1 to 3 each) as combinations */
	for (uint32_t p = 0; p < ncomb; p++) {
		uint32_t cases = ntau;
		for (uint32_t j = 0, r = p; j < L->nspall; j++, r /= 3)
			cases *= r % 3 + 1;
		ev->order_off[p] = norder;
		norder += cases;
	}
	Arena *ar = ev->ctx->arena;
	CmBlock *b = arena_array(ar, nb, sizeof *b);
	CmCaseForm *pool = arena_array(ar, (size_t)nb * ntau, sizeof *pool);
	uint8_t *group = arena_array(ar, (size_t)nb * ntau, sizeof *group);
	CmGroup *grp = arena_array(ar, (size_t)nb * ntau, sizeof *grp);
	uint16_t *order = arena_array(ar, norder, sizeof *order);
	CmGroupFig *gfig = arena_array(ar, (size_t)ncomb * ntau, sizeof *gfig);
	if (!b || !pool || !group || !grp || !order || !gfig || !reserve_recs(ev, true, ntau * ncomb, &at))
		return;
	ev->ntrecs = 0;
	for (uint32_t p = 0; p < ncomb; p++) {
		uint8_t nst[CM_MAXD], cnt[CM_MAXD];
		int64_t freq[CM_MAXD];
		for (uint32_t i = 0, r = p; i < L->nd; i++) {
			nst[i] = ev->top_nst[i];
			if (L->d[i].spatial) {
				nst[i] = (uint8_t)(r % 3 + 1);
				r /= 3;
			}
		}
		int64_t total = case_order(L->nd, nst, freq, cnt);
		for (int64_t cid = 0; cid < total; cid++) {
			unsigned comb = 0, tau = 0;
			for (uint32_t i = 0; i < L->nd; i++) {
				if (L->d[i].spatial)
					comb = comb * nst[i] + cnt[i];
				else
					tau += cnt[i] * ev->tstride[i];
			}
			order[ev->order_off[p] + cid] = (uint16_t)(comb << 8 | tau);
			case_next(L->nd, nst, freq, cnt, cid);
		}
	}
	ev->order = order;
	for (uint32_t k = 0; k < nb; k++) {
		b[k].cf = pool + (size_t)k * ntau;
		b[k].group = group + (size_t)k * ntau;
		b[k].grp = grp + (size_t)k * ntau;
	}
	ev->gfig = gfig;
	ev->blocks = b;
	ev->nblocks = nb;
	ev->ntau = ntau;
	ev->formcap = ntau * ncomb;
	ev->no_forms = false;
}

/* The key of the block for the SpatialMaps' states sidx (spall order):
   their positions and flags, and when one is at an edge also E's class and
   each one's partial last unit at its position (sp_me_in and the like; fix
   5), which only edge cases read. */
static void
block_key(const MdfCostEval *ev, const uint8_t *sidx, int64_t key[CM_BLOCKKEY])
{
	const CmLevel *L = &ev->lv[0];
	bool edge = false;
	memset(key, 0, sizeof(int64_t) * CM_BLOCKKEY);
	for (int j = 0; j < L->nspall; j++) {
		int i = L->spall[j];
		const CmState *x = &ev->top_st[i][sidx[j]];
		unsigned bits = x->pos | (unsigned)x->unrolled << 2 | (unsigned)x->init_edge << 3
			| (unsigned)x->ee << 4;
		key[0] |= (int64_t)bits << (5 * j);
		edge |= x->pos == POS_EDGE || x->init_edge;
	}
	if (!edge)
		return;
	key[0] |= (int64_t)1 << 40;
	key[1] = min64(L->E, 2);
	for (int j = 0; j < L->nspall && (ev->fix & CM_FIX(5)); j++) {
		int pos = ev->top_st[L->spall[j]][sidx[j]].pos;
		key[2 + j] = ee_len(L, L->spall[j], pos == POS_EDGE ? POS_EDGE : POS_INIT);
	}
}

static bool
form_eq(const CmForm *x, const CmForm *y)
{
	return x->a == y->a && x->b == y->b && x->c == y->c && x->ka == y->ka && x->kb == y->kb;
}

static bool
form_nonneg(const CmForm *f)
{
	return f->a >= 0 && f->b >= 0 && f->c >= 0;
}

/* Cases with the same forms, partial sums and sub-tiles have the same
   figures under every unit count (replay_groups). */
static bool
same_case_form(const CmCaseForm *x, const CmCaseForm *y)
{
	return x->psums == y->psums && x->sub[0] == y->sub[0] && x->sub[1] == y->sub[1]
		&& x->all_init == y->all_init && x->sp_edge == y->sp_edge
		&& x->split == y->split && x->full_first == y->full_first
		&& form_eq(&x->eg, &y->eg) && form_eq(&x->macs, &y->macs)
		&& form_eq(&x->in[0], &y->in[0]) && form_eq(&x->in[1], &y->in[1])
		&& form_eq(&x->l1w[0], &y->l1w[0]) && form_eq(&x->l1w[1], &y->l1w[1]);
}

/* sum += w * f, term by term; false when the multipliers differ or a
   term overflows. */
static bool
form_sum(CmForm *sum, const CmForm *f, int64_t w, bool first)
{
	int64_t a, b, c;
	if (!first && (sum->ka != f->ka || sum->kb != f->kb))
		return false;
	sum->ka = f->ka;
	sum->kb = f->kb;
	return !__builtin_mul_overflow(w, f->a, &a) && !__builtin_add_overflow(sum->a, a, &sum->a)
		&& !__builtin_mul_overflow(w, f->b, &b) && !__builtin_add_overflow(sum->b, b, &sum->b)
		&& !__builtin_mul_overflow(w, f->c, &c) && !__builtin_add_overflow(sum->c, c, &sum->c);
}

/* Group a filled block's cases, and sum its forms over them.  It is
   `grouped' when every case computes and no term of its volumes is
   negative, so that replay_groups' totals bound every partial sum of
   build's. */
static void
block_group(const MdfCostEval *ev, CmBlock *b)
{
	b->ngroups = 0;
	b->grouped = true;
	for (uint32_t tau = 0; tau < ev->ntau; tau++) {
		const CmCaseForm *f = &b->cf[tau];
		b->grouped &= f->psums > 0 && form_nonneg(&f->eg) && form_nonneg(&f->macs)
			&& form_nonneg(&f->in[0]) && form_nonneg(&f->in[1])
			&& form_nonneg(&f->l1w[0]) && form_nonneg(&f->l1w[1]);
		uint32_t g = 0;
		while (g < b->ngroups && !same_case_form(&b->cf[b->grp[g].rep], f))
			g++;
		if (g == b->ngroups)
			b->grp[b->ngroups++] = (CmGroup){tau, 0};
		b->group[tau] = (uint8_t)g;
		if (__builtin_add_overflow(b->grp[g].nt, f->nt, &b->grp[g].nt))
			b->grouped = false;
	}
	CmCaseForm *s = &b->sum;
	memset(s, 0, sizeof *s);
	for (uint32_t g = 0; g < b->ngroups && b->grouped; g++) {
		const CmCaseForm *f = &b->cf[b->grp[g].rep];
		int64_t w = b->grp[g].nt;
		b->grouped = form_sum(&s->eg, &f->eg, w, g == 0) && form_sum(&s->macs, &f->macs, w, g == 0)
			&& form_sum(&s->in[0], &f->in[0], w, g == 0) && form_sum(&s->in[1], &f->in[1], w, g == 0)
			&& form_sum(&s->l1w[0], &f->l1w[0], w, g == 0) && form_sum(&s->l1w[1], &f->l1w[1], w, g == 0)
			&& !__builtin_add_overflow(s->nt, w, &s->nt);
	}
}

/* Fill block b for the SpatialMaps' states sidx: build's analysis of its
   cases, every input form included (build computes them only for cases
   that size or compute).  False when a level below cannot be built. */
static bool
block_fill(MdfCostEval *ev, CmBlock *b, const uint8_t *sidx)
{
	const CmLevel *L = &ev->lv[0];
	bool last = ev->nlev == 1;
	CmCase c;
	c.L = L;
	b->dead = false;
	for (uint32_t tau = 0; tau < ev->ntau; tau++) {
		int64_t nt = 1;
		for (uint32_t i = 0, j = 0; i < L->nd; i++) {
			const CmState *s = L->d[i].spatial ? &ev->top_st[i][sidx[j++]]
				: &ev->top_st[i][tau / ev->tstride[i] % ev->top_nst[i]];
			c.s[i] = s;
			if (!L->d[i].spatial)
				nt = mul(ev, nt, s->occ);
		}
		case_setup(&c);
		CmCaseForm *f = &b->cf[tau];
		case_form(ev, &c, f);
		f->nt = nt;
		for (int t = 0; t < 2; t++)
			f->in[t] = traffic_form(ev, &c, t, unit_ingress);
		if (f->psums > 0 && (ev->fix & CM_FIX(2)))
			for (int t = 0; t < 2; t++)
				f->l1w[t] = l1w_form(ev, &c, t);
		if (f->psums > 0 && !last && !case_subs(ev, 0, &c, f))
			return false;
		for (int k = 0; k < 2; k++)
			b->dead |= f->sub[k] >= 0 && ev->tiles[f->sub[k]].dead_level >= 0;
	}
	block_group(ev, b);
	return true;
}

/* The sub-tiles of a computing case as build meets them (case_subs'
   order). */
static void
note_case_subs(MdfCostEval *ev, const CmCaseForm *f)
{
	if (f->full_first)
		note_sub(ev, f->sub[1]);
	note_sub(ev, f->sub[0]);
	if (f->sub[1] >= 0 && !f->full_first)
		note_sub(ev, f->sub[1]);
}

/* The cases of a replay, in build's order, and their blocks. */
typedef struct CmReplay {
	CmBlock *const *bp;         /* by combination of SpatialMap states */
	uint32_t ncomb;
	const uint16_t *order;      /* combination << 8 | tau, per case */
	int64_t total;
	int64_t occ[CM_FORMCOMB];   /* SpatialMaps' occurrences, by combination */
	bool dead;                  /* a sub-tile computes nothing */
} CmReplay;

/* build's accounting of each case from its forms. */
static void
replay_cases(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmReplay *r)
{
	bool last = ev->nlev == 1;
	for (int64_t cid = 0; cid < r->total; cid++) {
		unsigned comb = r->order[cid] >> 8;
		const CmCaseForm *f = &r->bp[comb]->cf[r->order[cid] & 0xff];
		CmFig g;
		case_figures(ev, k, f, mul(ev, f->nt, r->occ[comb]), &g);
		/* the first computing case's sub-tiles start the levels'
		   first tiles; later ones only matter when one computes
		   nothing */
		if (g.valid && !last && (a->nvalid == 0 || r->dead))
			note_case_subs(ev, f);
		case_account(ev, a, k, f, &g);
	}
}

/* The same when every case computes and no term is negative (grouped
   blocks).  build's sums over the cases are sums over the blocks of the
   SpatialMaps' occurrences times the block's forms summed (over nt); every
   partial sum in build's order is at most the total here, so these
   overflow exactly when build's do.  Only the records (merged as build
   merges them) and the active units' sum, rounded case by case, need the
   cases, and each group's figures once. */
static void
replay_groups(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmReplay *r)
{
	const unsigned fix = ev->fix;
	CmRes *res = &a->res;
	int64_t macs = 0;
	for (uint32_t comb = 0; comb < r->ncomb; comb++) {
		const CmCaseForm *s = &r->bp[comb]->sum;
		int64_t o = r->occ[comb];
		res->l2w[COST_OUTPUT] = add(ev, res->l2w[COST_OUTPUT], mul(ev, o, form_eval(ev, k, &s->eg)));
		macs = add(ev, macs, mul(ev, o, form_eval(ev, k, &s->macs)));
		for (int t = 0; t < 2; t++) {
			res->l2r[t] = add(ev, res->l2r[t], mul(ev, o, form_eval(ev, k, &s->in[t])));
			if (fix & CM_FIX(2))
				res->l1w[t] = add(ev, res->l1w[t], mul(ev, o, form_eval(ev, k, &s->l1w[t])));
		}
		a->ntotal = add(ev, a->ntotal, mul(ev, o, s->nt));
	}
	/* every case adds its MACs to all of these */
	res->macs = res->l1w[COST_OUTPUT] = res->l1r[COST_OUTPUT] = macs;
	for (int t = 0; t < 2; t++) {
		res->l1r[t] = macs;
		if (!(fix & CM_FIX(2)))
			res->l1w[t] = res->l2r[t];
	}

	CmGroupFig *gf = ev->gfig;
	uint32_t goff[CM_FORMCOMB], ng = 0;
	for (uint32_t comb = 0; comb < r->ncomb; comb++) {
		const CmBlock *b = r->bp[comb];
		goff[comb] = ng;
		for (uint32_t g = 0; g < b->ngroups; g++) {
			const CmCaseForm *f = &b->cf[b->grp[g].rep];
			CmGroupFig *x = &gf[ng++];
			x->egress = form_eval(ev, k, &f->eg);
			x->ingress = add(ev, add(ev, 0, form_eval(ev, k, &f->in[0])), form_eval(ev, k, &f->in[1]));
			x->active = case_active(ev, k, f);
			x->n = mul(ev, r->occ[comb], b->grp[g].nt);
			x->rec = -1;
		}
	}
	/* compat mode merges only runs of equal cases: a record per case */
	bool per_case = !(fix & CM_FIX(7));
	CmRec *recs = ev->trecs + a->rec0;
	const CmCaseForm *f = NULL;
	const CmGroupFig *x = NULL;
	for (int64_t cid = 0; cid < r->total; cid++) {
		unsigned comb = r->order[cid] >> 8, tau = r->order[cid] & 0xff;
		const CmBlock *b = r->bp[comb];
		CmGroupFig *gx = &gf[goff[comb] + b->group[tau]];
		int64_t n = mul(ev, b->cf[tau].nt, r->occ[comb]);
		f = &b->cf[tau];
		x = gx;
		a->active_acc = (double)((long double)a->active_acc + gx->active * n);
		if (cid == 0) {
			case_sizing(ev, a, k, f, gx->egress);
			if (ev->nlev > 1)
				note_case_subs(ev, f);
			case_first(ev, a, f);
		}
		if (gx->rec < 0 || per_case) {
			gx->rec = (int32_t)a->nvalid;
			recs[a->nvalid++] = (CmRec){1, per_case ? n : gx->n, gx->ingress, gx->egress, f->psums,
						    {f->sub[0], f->sub[1]}, f->all_init};
		}
	}
	/* the last case's */
	res->ai = (double)form_eval(ev, k, &f->macs) / (double)x->ingress;
	res->ncases = r->total;
	a->sized = true;
}

/* The top level for the current unit count from the blocks of its
   SpatialMaps' states (bp, by combination; pattern: their state counts):
   build's accounting of the same cases, in build's order, without
   analysing them. */
static int32_t
top_replay(MdfCostEval *ev, CmBlock *const *bp, uint32_t ncomb, uint32_t pattern)
{
	const CmLevel *L = &ev->lv[0];
	CmReplay r;
	r.bp = bp;
	r.ncomb = ncomb;
	r.order = ev->order + ev->order_off[pattern];
	r.total = ev->ntau;
	r.dead = false;
	bool grouped = true;
	for (int j = 0; j < L->nspall; j++)
		r.total *= ev->top_nst[L->spall[j]];
	CmAcc a;
	tile_start(ev, 0, 0, L->sdim, &a);
	if (!reserve_recs(ev, true, r.total, &a.rec0))
		return -1;
	a.sizing = ev->top_sizing;
	int64_t k[CM_K__N];
	unit_scales(L, k);
	/* n is the TemporalMaps' occurrences times the SpatialMaps' (all
	   >= 1: the product overflows exactly when build's does) */
	for (uint32_t comb = 0; comb < ncomb; comb++) {
		r.occ[comb] = 1;
		for (int j = L->nspall - 1, q = (int)comb; j >= 0; j--) {
			int i = L->spall[j];
			r.occ[comb] = mul(ev, r.occ[comb], ev->top_st[i][q % ev->top_nst[i]].occ);
			q /= ev->top_nst[i];
		}
		r.dead |= bp[comb]->dead;
		grouped &= bp[comb]->grouped;
	}
	if (grouped && !r.dead)
		replay_groups(ev, &a, k, &r);
	else
		replay_cases(ev, &a, k, &r);
	ev->top_sizing = a.sizing;
	return tile_finish(ev, &a);
}

/* The top level's tables start empty for each unit count. */
static void
top_reset(MdfCostEval *ev)
{
	ev->ntrecs = 0;
	for (uint32_t i = 0; i < CM_MAXL; i++)
		ev->first_tile[i] = -1;
	ev->overflow = false;
	ev->a_overflow = false;
	ev->a_toomany = false;
	ev->a_nocompute = false;
}

/* Phase A of the top level for its current unit count: its cases
   recombined from the blocks of its SpatialMaps' states (filled as met),
   or, when the top level cannot replay or a block's volumes overflow,
   build's full analysis. */
static int32_t
build_top(MdfCostEval *ev)
{
	CmLevel *L = &ev->lv[0];
	top_reset(ev);
	forms_alloc(ev);
	if (!ev->blocks || (ev->ntiles == 0 && new_tile(ev) < 0))
		return build(ev, 0, L->sdim);
	uint32_t ncomb = 1, pattern = 0;
	for (int j = L->nspall - 1; j >= 0; j--) {
		int i = L->spall[j];
		ev->top_nst[i] = dir_states(L, &L->d[i], L->sdim[L->d[i].dim], ev->top_st[i]);
		ncomb *= ev->top_nst[i];
		pattern = pattern * 3 + ev->top_nst[i] - 1u;
	}
	CmBlock *bp[CM_FORMCOMB];
	ev->stamp++;
	bool bad = false;
	for (uint32_t comb = 0; comb < ncomb && !bad; comb++) {
		uint8_t sidx[CM_FORMSP];
		for (int j = L->nspall - 1, r = (int)comb; j >= 0; j--) {
			int i = L->spall[j];
			sidx[j] = (uint8_t)(r % ev->top_nst[i]);
			r /= ev->top_nst[i];
		}
		int64_t key[CM_BLOCKKEY];
		block_key(ev, sidx, key);
		CmBlock *b = NULL;
		for (uint32_t k = 0; k < ev->nblocks && !b; k++)
			if (ev->blocks[k].used && ev->blocks[k].key[0] == key[0]
			    && memcmp(ev->blocks[k].key, key, sizeof key) == 0)
				b = &ev->blocks[k];
		if (!b) {
			/* the next block not used by this unit count */
			do {
				b = &ev->blocks[ev->next_block];
				ev->next_block = (ev->next_block + 1) % ev->nblocks;
			} while (b->stamp == ev->stamp);
			memcpy(b->key, key, sizeof key);
			b->used = false;
			if (!block_fill(ev, b, sidx))
				return -1;
			/* volumes that overflowed here may be ones build does not
			   compute: let build decide */
			bad = ev->overflow;
			b->used = !bad;
		}
		b->stamp = ev->stamp;
		bp[comb] = b;
	}
	/* the blocks' builds below touched the flags and first tiles */
	top_reset(ev);
	return bad ? build(ev, 0, L->sdim) : top_replay(ev, bp, ncomb, pattern);
}

static int64_t
rec_tau(MdfCostEval *ev, const CmRec *r, bool last);

/* Phase B: the runtime of a tile below the top under the current NoC and
   SIMD parameters (§4.7), cached per parameter epoch. */
static int64_t
tile_runtime(MdfCostEval *ev, int32_t ti)
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
	const CmRec *recs = tile_recs(ev, T);
	for (uint32_t k = 0; k < T->nrec; k++) {
		const CmRec *r = &recs[k];
		int64_t tau = rec_tau(ev, r, last);
		int64_t din = noc_delay(ev, r->ingress), dout = noc_delay(ev, r->egress);
		int64_t delay = r->all_init ? add(ev, tau, din) : max64(dout, max64(tau, din));
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
static int64_t
rec_tau(MdfCostEval *ev, const CmRec *r, bool last)
{
	if (last)
		return r->psums / ev->simd + (r->psums % ev->simd != 0);
	int64_t tau = 0;
	for (int k = 0; k < 2; k++)
		if (r->sub[k] >= 0)
			tau = max64(tau, tile_runtime(ev, r->sub[k]));
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
	bool exact = fix & CM_FIX(7);
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
	const CmRec *recs = tile_recs(ev, T);
	for (uint32_t k = 0; k < T->nrec; k++) {
		const CmRec *r = &recs[k];
		int64_t n = r->n, m = r->m, mn = mul(ev, m, n);
		int64_t tau = rec_tau(ev, r, last);
		int64_t din = noc_delay(ev, r->ingress), dout = noc_delay(ev, r->egress);
		int64_t delay = r->all_init ? add(ev, tau, din) : max64(dout, max64(tau, din));
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
		} else if (fix & CM_FIX(7)) {
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
			   mode's negative output extents (no CM_CLIP) make a
			   delay negative */
			res->dmax[j] = (fix & CM_CLIP) ? dmax[j] : max64(dmax[j], 0);
		}
	}
}

/* ---- evaluator ------------------------------------------------------------ */

/* Fix 3 with a window smaller than the stride (R < s): the windows do not
   touch, and the stride adjustment of the directives (maestro-model §4.3
   step 4) describes tiles in "compressed" rows: a top tile (t*R, t*s) holds
   the t*R rows used by t outputs, and the levels below count used rows only
   (offsets t'*R).  Work in that space throughout, as the window validation
   and the loop nest do when the top map was adjusted (size >= R): the
   extent is Y'*R, the top offset t*R, and outputs are R rows apart
   (effective stride R).  Default mode only: --compat=maestro keeps
   MAESTRO's mixed coordinates (where its MAC count is right for R = 1). */
static void
compress_strided(MdfCostEval *ev)
{
	if (!(ev->fix & CM_FIX(3)) || !(ev->fix & CM_COMPRESS) || !ev->overlap)
		return;
	for (int k = 0; k < 2; k++) {
		Dim v = k ? DIM_X : DIM_Y, sl = k ? DIM_S : DIM_R;
		int64_t s = ev->stride[v], R = ev->real_top[sl], Y = ev->real_top[v];
		if (R <= 0 || R >= s || Y < R)
			continue;
		/* Only when the top map holds a whole window, i.e. it was
		   stride-adjusted: otherwise no directive was, and the layer
		   is plain rows (the condition of the window validation and
		   the loop nest). */
		CmLevel *top = &ev->lv[0];
		int i = top->dir_of[v];
		if (i < 0 || top->d[i].M < R)
			continue;
		top->sdim[v] = ((Y - R) / s + 1) * R;
		if (top->d[i].O % s == 0)
			top->d[i].O = top->d[i].O / s * R;
		for (uint32_t l = 1; l < ev->nlev; l++) {
			const CmLevel *up = &ev->lv[l - 1];
			int j = up->dir_of[v];
			if (j >= 0)
				ev->lv[l].sdim[v] = min64(up->d[j].M, up->sdim[v]);
		}
		ev->stride[v] = R;
	}
}

MdfCostEval *
mdf_cost_eval_new(MdfCtx *ctx, const IrLayer *layer, const MdfCostOpts *opts)
{
	MdfCostEval *ev = arena_alloc(ctx->arena, sizeof *ev);
	if (!ev)
		return NULL;
	ev->ctx = ctx;
	ev->layer = layer;
	ev->fix = cm_fixes(opts);
	if (!layer->normalized || !layer->valid || layer->nlevels == 0)
		return ev;
	if (layer->nlevels > CM_MAXL) {
		diag_emit(ctx, DIAG_E0602, layer->dataflow_span,
			  "layer '%s' has %u cluster levels; the cost model handles at most %d",
			  layer->name ? layer->name : "?", layer->nlevels, CM_MAXL);
		return ev;
	}
	ev->nlev = layer->nlevels;
	ev->lv = arena_array(ctx->arena, ev->nlev, sizeof *ev->lv);
	if (!ev->lv)
		return ev;
	ev->overlap = layer->type != LT_GEMM;
	for (int d = 0; d < DIM__COUNT; d++)
		ev->stride[d] = layer->stride[d] > 0 ? layer->stride[d] : 1;

	TensorVars tv[COST__NTENSORS];
	tensor_vars(layer, tv);
	for (int t = 0; t < COST__NTENSORS; t++)
		for (int k = 0; k < tv[t].n; k++)
			ev->tmask[t] |= 1u << tv[t].v[k];

	ev->cluster_prod = 1;
	for (uint32_t i = 0; i < ev->nlev; i++) {
		const IrLevel *il = &layer->levels[i];
		CmLevel *L = &ev->lv[i];
		if (il->ndirs > CM_MAXD) {
			diag_emit(ctx, DIAG_E0602, il->span,
				  "a cluster level with %u directives; the cost model handles at most %d",
				  il->ndirs, CM_MAXD);
			return ev;
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
			for (int t = 0; t < COST__NTENSORS; t++)
				if (ev->tmask[t] & (1u << d->dim))
					cd->coupled |= (uint8_t)(1u << t);
			if (L->dir_of[d->dim] < 0)
				L->dir_of[d->dim] = (int)k;
			if (cd->spatial && L->sp < 0)
				L->sp = (int)k;
			if (d->offset <= 0 || d->size <= 0) {
				diag_emit(ctx, DIAG_E0999, d->span,
					  "cost model given a directive with a non-positive size or offset");
				return ev;
			}
		}
		if (L->sp < 0) {
			diag_emit(ctx, DIAG_E0999, il->span,
				  "cost model given a cluster level without a SpatialMap");
			return ev;
		}
		/* spatial directives per tensor (in variable order) and overall */
		for (int t = 0; t < COST__NTENSORS; t++)
			for (int v = 0; v < DIM__COUNT; v++) {
				int k = L->dir_of[v];
				if ((ev->tmask[t] & (1u << v)) && k >= 0 && L->d[k].spatial)
					L->spc[t][L->nspc[t]++] = (int8_t)k;
			}
		for (uint32_t k = 0; k < L->nd; k++)
			if (L->d[k].spatial)
				L->spall[L->nspall++] = (int8_t)k;
		memcpy(ev->real_top, layer->levels[0].dims, sizeof ev->real_top);
		if (i > 0) {
			L->P = il->cluster_size;
			if (!ck_mul(ev->cluster_prod, il->cluster_size, &ev->cluster_prod)) {
				diag_emit(ctx, DIAG_E0602, il->span, "the product of the cluster sizes overflows");
				return ev;
			}
			level_edge(ev, L);
		}
	}
	compress_strided(ev);
	for (uint32_t i = 0; i < ev->nlev; i++)
		level_sizes(ev, &ev->lv[i]);
	/* Declared tensor sizes (CSV 19-20): declared dimensions only (0
	   after an overflow, which is not diagnosed). */
	for (int t = 0; t < 2; t++) {
		int64_t p = 1;
		for (int v = 0; v < DIM__COUNT; v++)
			if ((ev->tmask[t] & (1u << v)) && layer->dim[v] > 0 && __builtin_mul_overflow(p, layer->dim[v], &p))
				p = 0;
		ev->total_elems[t] = p;
	}
	ev->ok = true;
	return ev;
}

static double
sram_cells(int64_t size)
{
	return size == 0 ? 1.0 : (double)size;
}

/* Area and power (maestro-model §4.12), from the required buffer sizes. */
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

/* The top level's tables for unit count P, if kept: make them current. */
static bool
top_from_slot(MdfCostEval *ev, int64_t P)
{
	if (!ev->built || !ev->slots)
		return false;
	for (uint32_t k = 0; k < CM_TOPSLOTS; k++) {
		const CmTopSlot *s = &ev->slots[k];
		if (s->P != P)
			continue;
		CmLevel *top = &ev->lv[0];
		top->P = P;
		level_edge(ev, top);
		ev->tiles[0] = s->tile;
		ev->top_recs = s->recs;
		memcpy(ev->first_tile, s->first_tile, sizeof ev->first_tile);
		ev->a_overflow = s->a_overflow;
		ev->a_toomany = s->a_toomany;
		ev->a_nocompute = s->a_nocompute;
		ev->a_nocompute_level = s->a_nocompute_level;
		ev->built_P = P;
		return true;
	}
	return false;
}

/* Keep the tables just built (round robin over CM_TOPSLOTS slots; the
   slots' storage grows in the arena only for a larger table). */
static void
top_to_slot(MdfCostEval *ev, int64_t P)
{
	const CmTile *t = &ev->tiles[0];
	if (ev->one_shot)
		return;
	if (!ev->slots) {
		/* at the first build: room for tables twice this size, so
		   that later unit counts usually allocate nothing */
		uint32_t cap = t->nrec < 8 ? 16 : t->nrec * 2;
		if (cap < ev->formcap)
			cap = ev->formcap;
		ev->slots = arena_array(ev->ctx->arena, CM_TOPSLOTS, sizeof *ev->slots);
		CmRec *pool = arena_array(ev->ctx->arena, (size_t)cap * CM_TOPSLOTS, sizeof *pool);
		if (!ev->slots || !pool) {
			ev->one_shot = true;
			return;
		}
		for (uint32_t k = 0; k < CM_TOPSLOTS; k++) {
			ev->slots[k].recs = pool + (size_t)k * cap;
			ev->slots[k].cap = cap;
		}
	}
	CmTopSlot *s = &ev->slots[ev->next_slot];
	if (t->nrec > s->cap) {
		CmRec *r = arena_array(ev->ctx->arena, t->nrec, sizeof *r);
		if (!r) {
			s->P = 0;
			return;
		}
		s->recs = r;
		s->cap = t->nrec;
	}
	ev->next_slot = (ev->next_slot + 1) % CM_TOPSLOTS;
	if (t->nrec)
		memcpy(s->recs, ev->trecs + t->rec0, t->nrec * sizeof *s->recs);
	s->tile = *t;
	s->tile.rec0 = 0;
	s->P = P;
	memcpy(s->first_tile, ev->first_tile, sizeof s->first_tile);
	s->a_overflow = ev->a_overflow;
	s->a_toomany = ev->a_toomany;
	s->a_nocompute = ev->a_nocompute;
	s->a_nocompute_level = ev->a_nocompute_level;
}

bool
mdf_cost_eval(MdfCostEval *ev, const IrHw *hw, MdfLayerCost *o, MdfLevelCost *levels)
{
	const IrLayer *l = ev->layer;
	memset(o, 0, sizeof *o);
	o->name = l->name;
	o->type = l->type;
	o->compat = !(ev->fix & CM_FIX(2));
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
	if (!ev->hard_fail && (!ev->built || ev->built_P != P) && !top_from_slot(ev, P)) {
		/* Phase A: the case tables (once per unit count). */
		top->P = P;
		level_edge(ev, top);
		/* A failed build (too many cases, no memory) leaves partial
		   tiles behind: the evaluator stays failed. */
		if (build_top(ev) < 0)
			ev->hard_fail = true;
		ev->a_overflow |= ev->overflow;
		ev->overflow = false;
		ev->built = true;
		ev->built_P = P;
		ev->top_recs = ev->trecs;
		if (!ev->hard_fail)
			top_to_slot(ev, P);
	}
	if (ev->ep_bw != ev->noc_bw || ev->ep_lat != ev->noc_lat || ev->ep_simd != ev->simd) {
		ev->ep_bw = ev->noc_bw;
		ev->ep_lat = ev->noc_lat;
		ev->ep_simd = ev->simd;
		ev->epoch++;
	}
	CmRes r;
	if (!ev->a_overflow && !ev->a_nocompute)
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
	double l1sum = 0, l2sum_csv = 0, l2sum = 0;
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
	for (int t = 0; t < 2; t++)
		o->t[t].total_elems = ev->total_elems[t];
	l2sum_csv = (double)o->t[0].l2_read + (double)o->t[0].l2_write
		+ (double)o->t[1].l2_read + (double)o->t[1].l2_write + (double)o->t[2].l2_write;
	double e_l1 = hw->e_l1, e_l2 = hw->e_l2;
	o->energy_nj = (e_l2 * l2sum_csv + e_l1 * l1sum) * hw->e_mac_nj;
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
		o->levels = levels;
		o->nlevels = ev->nlev;
		for (uint32_t i = 0; i < ev->nlev; i++) {
			memset(&levels[i], 0, sizeof levels[i]);
			if (i == 0) {
				fill_level(&levels[i], &ev->lv[i], &r);
			} else if (ev->first_tile[i] >= 0) {
				CmRes fr = ev->tiles[ev->first_tile[i]].res;
				fr.runtime = tile_runtime(ev, ev->first_tile[i]);
				fill_level(&levels[i], &ev->lv[i], &fr);
			}
		}
	}
	o->ok = true;
	return true;
}

bool
mdf_cost_layer(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
	       const MdfCostOpts *opts, MdfLayerCost *out)
{
	memset(out, 0, sizeof *out);
	MdfCostEval *ev = mdf_cost_eval_new(ctx, layer, opts);
	if (!ev)
		return false;
	ev->one_shot = true;    /* evaluated once: keep no tables for sweeps */
	MdfLevelCost *lv = NULL;
	if (layer->nlevels > 0)
		lv = arena_array(ctx->arena, layer->nlevels, sizeof *lv);
	bool ok = mdf_cost_eval(ev, hw, out, lv);
	out->name = layer->name;
	out->type = layer->type;
	return ok;
}

bool
mdf_cost_module(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		const MdfCostOpts *opts, MdfModuleCost *out)
{
	size_t errors0 = ctx->diags.nerrors;
	unsigned fix = cm_fixes(opts);
	memset(out, 0, sizeof *out);
	out->nnetworks = m->nnetworks;
	out->networks = arena_array(ctx->arena, m->nnetworks ? m->nnetworks : 1, sizeof *out->networks);
	if (!out->networks)
		return false;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		MdfNetworkCost *nc = &out->networks[n];
		nc->name = net->name;
		nc->nlayers = net->nlayers;
		nc->layers = arena_array(ctx->arena, net->nlayers ? net->nlayers : 1, sizeof *nc->layers);
		if (!nc->layers)
			return false;
		double prev_l1 = 0;
		for (uint32_t i = 0; i < net->nlayers; i++) {
			MdfLayerCost *lc = &nc->layers[i];
			const IrLayer *layer = &net->layers[i];
			if (layer->normalized && layer->valid)
				mdf_cost_layer(ctx, layer, hw, opts, lc);
			else {
				memset(lc, 0, sizeof *lc);
				lc->name = layer->name;
				lc->type = layer->type;
			}
			lc->network = net->name;
			if (!lc->ok)
				continue;
			int64_t true_macs;
			if ((opts && opts->compat_maestro) && ir_layer_macs(layer, &true_macs) && true_macs != lc->macs)
				diag_emit(ctx, DIAG_W0605, layer->dataflow_span,
					  "layer '%s': MAESTRO's accounting (--compat=maestro) counts %lld MACs, "
					  "but the layer has %lld; default mode reports %lld",
					  layer->name ? layer->name : "", (long long)lc->macs,
					  (long long)true_macs, (long long)true_macs);
			double l1 = 0;
			for (int t = 0; t < COST__NTENSORS; t++)
				l1 += (double)lc->t[t].l1_read + (double)lc->t[t].l1_write;
			if (!(fix & CM_FIX(1)) && lc->nlevels > 1) {
				/* MAESTRO's CSV: the L1 term of the previous layer. */
				lc->energy_nj += (prev_l1 - l1) * hw->e_l1 * hw->e_mac_nj;
				lc->throughput_per_energy = (double)((long double)lc->macs / lc->runtime / lc->energy_nj * 1e9L);
				lc->ops_per_j = (double)lc->macs / lc->energy_nj * 1e9;
			}
			prev_l1 = l1;
			nc->runtime += lc->runtime;
			nc->macs += lc->macs;
			nc->energy_nj += lc->energy_nj;
			nc->sum_l1_req += lc->l1_size_req;
			nc->sum_l2_req += lc->l2_size_req;
			nc->max_l1_req = max64(nc->max_l1_req, lc->l1_size_req);
			nc->max_l2_req = max64(nc->max_l2_req, lc->l2_size_req);
			nc->max_noc_bw = max64(nc->max_noc_bw, lc->noc_bw_peak);
			nc->max_offchip_bw = max64(nc->max_offchip_bw, lc->offchip_bw);
		}
		Span sp = net->span;
		if (nc->max_l1_req > hw->l1_size)
			diag_emit(ctx, DIAG_W0601, sp, "network '%s' needs %lld elements of L1 per PE; the accelerator has %lld",
				  net->name ? net->name : "", (long long)nc->max_l1_req, (long long)hw->l1_size);
		if (nc->max_l2_req > hw->l2_size)
			diag_emit(ctx, DIAG_W0602, sp, "network '%s' needs %lld elements of L2; the accelerator has %lld",
				  net->name ? net->name : "", (long long)nc->max_l2_req, (long long)hw->l2_size);
		if (nc->max_noc_bw > hw->noc_bw)
			diag_emit(ctx, DIAG_W0603, sp, "network '%s' needs a NoC bandwidth of %lld elements/cycle; the accelerator has %lld",
				  net->name ? net->name : "", (long long)nc->max_noc_bw, (long long)hw->noc_bw);
		if (nc->max_offchip_bw > hw->offchip_bw)
			diag_emit(ctx, DIAG_W0604, sp, "network '%s' needs an off-chip bandwidth of %lld elements/cycle; the accelerator has %lld",
				  net->name ? net->name : "", (long long)nc->max_offchip_bw, (long long)hw->offchip_bw);
	}
	return ctx->diags.nerrors == errors0;
}
