/*
** clip.c: fix 3 in default mode, outputs that exist.
**
** A sliding pair (Y with R, X with S) whose window dimension is tiled inside
** the level: the window tile at b (U rows) and a reference tile at a (T
** rows) own the outputs x' with x'*s + b >= a, x'*s + b + U - 1 <= a + T - 1
** and 0 <= x' < X' (docs/ir.md §4, as the loop nest executes them).
** MAESTRO's T - U + 1 per tile also counts window positions whose output
** does not exist: x' < 0 for a window tile at b > 0 in the first tiles,
** x' >= X' for one that ends before the window does in the last ones
** (docs/fidelity.md, fix 3).  Per case, the owned outputs are summed over
** the case's instances instead.
*/
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

typedef struct ClipSum {
	int64_t sum;            /* owned outputs over instances (and units);
				   with the window spatial, times each unit's
				   taps (pair_step) */
	int64_t nonempty;       /* instances owning any output */
	int64_t max_unit;       /* most owned by one unit in one instance */
	int64_t max_step;       /* most owned by all units in one instance */
	int64_t usum;           /* distinct outputs over instances */
	int64_t max_ustep;      /* most distinct outputs of one instance */
	int64_t pred_ok;        /* instances owning outputs whose previous step
				   (in loop order) owns some too (fix 15) */
	int64_t after[4];       /* the others by the tensors (bit t) whose tile
				   may differ from the last computing step's */
	int64_t split;          /* fix 19: outputs that leave a second time,
				   from the units idle in a partial fold */
} ClipSum;

static inline int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;   /* b > 0; truncates toward zero */
	return a % b < 0 ? q - 1 : q;
}

/* The outputs [*lo, *hi] a unit with reference rows [a, a+T) and window
   rows [b, b+U) owns, and their count. */
static int64_t
owned_range(const CmClip *p, int64_t a, int64_t T, int64_t b, int64_t U, int64_t *lo, int64_t *hi)
{
	*lo = 0, *hi = -1;
	if (T <= 0 || U <= 0)
		return 0;
	/* a, T, b, U >= 0; saturated sums stay ordered, and such a window
	   owns nothing a real layer could hold */
	int64_t l = -floor_div(sadd(b, -a), p->s);
	int64_t h = floor_div(sadd(sadd(a, T), -sadd(U, b)), p->s);
	if (l < 0)
		l = 0;
	if (h > p->nxp - 1)
		h = p->nxp - 1;
	if (h < l)
		return 0;
	*lo = l, *hi = h;
	return h - l + 1;
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

/* The loop nest's chunk counts of a pair: a last, partial chunk is a chunk. */
typedef struct PairGeom {
	const CmDir *dv, *ds;
	int64_t nchv, nchs, uv, us;
} PairGeom;

/* Fix 20: the rows of a reference tile at a that compute.  When the level
   below maps the pair as its co-indexed SpatialMaps (unit p takes chunk p
   of both) and the window tile of U taps fits one of its chunks, only the
   first reference chunk has a window chunk to pair with: the tile's other
   rows own nothing there (docs/ir.md §4), though their windows fit in the
   tile.  With more window chunks the union is not one interval; the tile
   keeps its rows. */
static int64_t
ref_rows(const CmClip *p, const PairGeom *g, int64_t a, int64_t U)
{
	int64_t T = min64(g->dv->M, p->Nv - a);
	if (p->subv > 0 && U <= p->subs)
		T = min64(T, p->subv);
	return T;
}

/* One step of the pair: reference tile (or fold) f, window tile (or fold)
   si.  Returns the outputs its units own, summed over the units; *ustep
   their union, *max_unit the most one unit owns (both may be NULL).  With
   the window spatial the units hold different taps: the last, partial
   chunk of a fold fewer than the tile (R 3 in chunks of 2: taps [0,2) and
   [2,3)).  Each unit's outputs then count once per tap it holds, in the
   return value and *max_unit, and the caller's factors leave the window
   out (cm_clip_case). */
static int64_t
pair_step(const CmClip *p, const PairGeom *g, int64_t f, int64_t si, int64_t *ustep, int64_t *max_unit)
{
	int64_t step = 0, us_ = 0, mu = 0, plo = 0, phi = -1;
	for (int64_t w = 0; w < g->us; w++) {
		int64_t cs = si * g->us + w;
		if (cs >= g->nchs)
			break;
		int64_t b = cs * g->ds->O, U = min64(g->ds->M, p->Ns - b);
		for (int64_t u = 0; u < g->uv; u++) {
			int64_t ch = f * g->uv + u;
			if (ch >= g->nchv)
				break;
			int64_t a = ch * g->dv->O, lo, hi;
			int64_t o = owned_range(p, a, ref_rows(p, g, a, U), b, U, &lo, &hi);
			int64_t taps = p->taps ? smul(o, U) : o;
			step = sadd(step, taps);
			mu = max64(mu, taps);
			if (g->us == 1) {
				us_ += o;       /* distinct units, distinct outputs */
				continue;
			}
			int64_t olo = max64(lo, plo), ohi = min64(hi, phi);
			us_ += o - (o > 0 && ohi >= olo ? ohi - olo + 1 : 0);
			if (o > 0)
				plo = lo, phi = hi;
		}
	}
	if (ustep)
		*ustep = us_;
	if (max_unit)
		*max_unit = mu;
	return step;
}

/* Fix 15: the index directive k had in the step before one of the case's
   (loop order: the innermost directive not at Init, cstar, went back by
   one, every directive inside it was at its last index). */
static int64_t
pred_index(const CmCase *c, int k, int64_t at, int64_t last)
{
	if (k > c->cstar)
		return last;
	return k == c->cstar ? at - 1 : at;
}

/* The last step of the pair (in loop order: the outer of the two
   directives first) with reference index in [a0, a1] and window index in
   [b0, b1] that owns an output, in *fa, *fb: 1; 0 when none does; -1 when
   *budget steps were looked at without an answer. */
static int
last_owner(const CmClip *p, const PairGeom *g, int64_t a0, int64_t a1, int64_t b0, int64_t b1,
	   int64_t *budget, int64_t *fa, int64_t *fb)
{
	bool ref_outer = p->i < p->j;
	int64_t x0 = ref_outer ? a0 : b0, x1 = ref_outer ? a1 : b1;
	int64_t y0 = ref_outer ? b0 : a0, y1 = ref_outer ? b1 : a1;
	for (int64_t x = x1; x >= x0; x--)
		for (int64_t y = y1; y >= y0; y--) {
			if (--*budget < 0)
				return -1;
			int64_t a = ref_outer ? x : y, b = ref_outer ? y : x;
			if (pair_step(p, g, a, b, NULL, NULL) > 0) {
				*fa = a, *fb = b;
				return 1;
			}
		}
	return 0;
}

/* Fix 15: a step (f, si) of the case that owns outputs after one that
   owns none.  The units hold the tiles of the last step before it that
   owns some: the step agreeing with this one outside the largest
   directive L at which such a step can be smaller, at its last index
   inside L (only the pair decides what a step owns).  Returns the input
   tensors (bit t) whose tile may differ in that step: a directive of
   theirs at L, or inside it at another index (a directive at Init or
   Steady is taken to differ from its last index).  3 (both) when there
   is no earlier step that owns outputs or the search is too long. */
static unsigned
moved_since(const CmCase *c, const CmClip *p, const PairGeom *g, int64_t f, int64_t si, int64_t lastv, int64_t lasts)
{
	const CmLevel *Lv = c->L;
	int64_t budget = 4096, fa = -1, fb = -1;
	int at = -1;
	for (int L = (int)Lv->nd - 1; L >= 0 && at < 0; L--) {
		int64_t a0 = 0, a1 = lastv, b0 = 0, b1 = lasts;
		if (p->i < L)
			a0 = a1 = f;
		if (p->j < L)
			b0 = b1 = si;
		if (L == p->i)
			a1 = f - 1;
		else if (L == p->j)
			b1 = si - 1;
		else if (c->s[L]->pos == POS_INIT)
			continue;       /* at its first index: no smaller one */
		if (a1 < a0 || b1 < b0)
			continue;
		int r = last_owner(p, g, a0, a1, b0, b1, &budget, &fa, &fb);
		if (r < 0)
			return 3;
		if (r > 0)
			at = L;
	}
	if (at < 0)
		return 3;
	unsigned m = 0;
	for (int t = 0; t < 2; t++)
		for (uint32_t k = 0; k < Lv->ncpl[t]; k++) {
			int i = Lv->cpl[t][k];
			bool differs;
			if (i < at || c->s[i]->unrolled)
				differs = false;
			else if (i == at)
				differs = true;
			else if (i == p->i)
				differs = fa != f;
			else if (i == p->j)
				differs = fb != si;
			else
				differs = c->s[i]->pos != POS_EDGE;
			if (differs)
				m |= 1u << t;
		}
	return m;
}

/* Fix 19: a step (f, lasts) of the window's last fold, where the units
   past the partial chunk are idle and keep their output tiles while the
   others take new ones.  In the step the units last computed together
   (before this visit of the last fold), the idle units owned outputs the
   active ones owned too: one departure where the units move on together
   (the model counts a step's outputs once, their union), two now, the
   active units' partial sums now and the idle units' later.  Counted at
   the first step of the visit that owns outputs; returns their number:
   with both ends of the owned interval non-increasing in the window
   start, the interval from the last active unit's first output to the
   first idle unit's last one.  (When the idle units later leave them in
   the step the active ones leave the same outputs, they leave once: the
   count is then above the loop nest's.) */
static int64_t
idle_split(const CmCase *c, const CmClip *p, const PairGeom *g, int64_t f, int64_t lasts, int64_t lastv)
{
	int64_t nact = g->nchs - lasts * g->us, budget = 4096, fa = 0, fb = 0;
	if (lasts < 1 || nact >= g->us)
		return 0;
	bool ref_inner = p->i > p->j;
	if (ref_inner && c->cstar == p->i) {
		/* an earlier reference tile of this visit owns outputs */
		if (f > 0 && last_owner(p, g, 0, f - 1, lasts, lasts, &budget, &fa, &fb) > 0)
			return 0;
	} else if (c->cstar != p->j)
		return 0;
	int r;
	if (ref_inner)
		r = last_owner(p, g, 0, lastv, 0, lasts - 1, &budget, &fa, &fb);
	else {
		r = last_owner(p, g, f, f, 0, lasts - 1, &budget, &fa, &fb);
		if (r == 0 && f > 0)
			r = last_owner(p, g, 0, f - 1, 0, lasts, &budget, &fa, &fb);
	}
	if (r <= 0 || fb == lasts)
		return 0;       /* none, or the units parted there already */
	int64_t alo = 0, ihi = -1;
	bool have_a = false, have_i = false;
	int64_t a = fa * g->dv->O;
	for (int64_t w = 0; w < g->us && !have_i; w++) {
		int64_t b = (fb * g->us + w) * g->ds->O, lo, hi, U = min64(g->ds->M, p->Ns - b);
		if (owned_range(p, a, ref_rows(p, g, a, U), b, U, &lo, &hi) == 0)
			continue;
		if (w < nact)
			alo = lo, have_a = true;
		else
			ihi = hi, have_i = true;
	}
	return have_a && have_i && ihi >= alo ? ihi - alo + 1 : 0;
}

/* One sliding pair over the case's instances.  At most one of the two
   directives is spatial (cm_clip_find): over the units either the
   reference tiles (each unit owns its own outputs) or the window tiles
   (the units own overlapping sets of the same outputs, their partial
   sums; what leaves the level is their union).  With both ends of the
   owned interval non-increasing in the window start b, the union is the
   sum of the intervals less each one's overlap with its predecessor (an
   output in units u-1 and u+1 is in u too). */
static bool
clip_pair(const CmCase *c, const CmClip *p, unsigned fix, ClipSum *r)
{
	const CmLevel *L = c->L;
	PairGeom g;
	g.dv = &L->d[p->i], g.ds = &L->d[p->j];
	int64_t f0, f1, s0, s1;
	pos_range(c->s[p->i], p->isteady, &f0, &f1);
	pos_range(c->s[p->j], p->jsteady, &s0, &s1);
	g.nchv = loop_chunks(p->Nv, g.dv->M, g.dv->O), g.nchs = loop_chunks(p->Ns, g.ds->M, g.ds->O);
	g.uv = g.dv->spatial ? L->P : 1, g.us = g.ds->spatial ? L->P : 1;
	/* the last tile (fold) of each: where an inner loop stood before it
	   wrapped */
	int64_t lastv = ceil_div_nn(g.nchv, g.uv) - 1, lasts = ceil_div_nn(g.nchs, g.us) - 1;
	/* bounded work (phase A only); beyond it the case keeps MAESTRO's
	   count */
	if (smul(smul(smul(f1 - f0 + 1, g.uv), s1 - s0 + 1), g.us) > 4000000)
		return false;
	memset(r, 0, sizeof *r);
	for (int64_t si = s0; si <= s1; si++) {
		for (int64_t f = f0; f <= f1; f++) {
			int64_t ustep, mu;
			int64_t step = pair_step(p, &g, f, si, &ustep, &mu);
			r->max_unit = max64(r->max_unit, mu);
			r->sum += step;
			r->usum += ustep;
			r->max_step = max64(r->max_step, step);
			r->max_ustep = max64(r->max_ustep, ustep);
			if (step == 0)
				continue;
			r->nonempty++;
			if (si == lasts && g.us > 1 && fix_idle_split(fix))
				r->split = sadd(r->split, idle_split(c, p, &g, f, lasts, lastv));
			if (c->cstar < 0) {
				r->pred_ok++;   /* the level's first step */
				continue;
			}
			int64_t pf = pred_index(c, p->i, f, lastv), ps = pred_index(c, p->j, si, lasts);
			if ((pf == f && ps == si) || pair_step(p, &g, pf, ps, NULL, NULL) > 0)
				r->pred_ok++;
			else
				r->after[moved_since(c, p, &g, f, si, lastv, lasts)]++;
		}
	}
	return true;
}

/* The case's figures with the clipped sliding pairs: the model's per-unit
   factors with the pairs' output extents set to 1, times the owned outputs
   of clip_pair.  False (figures unchanged) when an instance range is too
   long to enumerate. */
bool
cm_clip_case(MdfCostEval *ev, CmLevel *L, CmCase *c, const CmClip *clip, int nclip, bool spatial, CmFig *g)
{
	ClipSum tot = {1, 1, 1, 1, 1, 1, 1, {0, 0, 0, 0}, 0};
	int64_t split = 0;
	int64_t ninst = 1, last_after[4] = {0, 0, 0, 0};
	for (int k = 0; k < nclip; k++) {
		ClipSum r;
		if (!clip_pair(c, &clip[k], ev->fix, &r))
			return false;
		/* fix 19: at most one pair is spatial; its second departures
		   times the other pair's distinct outputs */
		split = k ? mul(ev, split, r.usum) : 0;
		if (r.split > 0)
			split = k ? mul(ev, r.split, tot.usum) : r.split;
		tot.sum = mul(ev, tot.sum, r.sum);
		tot.nonempty = mul(ev, tot.nonempty, r.nonempty);
		tot.max_unit = mul(ev, tot.max_unit, r.max_unit);
		tot.max_step = mul(ev, tot.max_step, r.max_step);
		tot.usum = mul(ev, tot.usum, r.usum);
		tot.max_ustep = mul(ev, tot.max_ustep, r.max_ustep);
		tot.pred_ok = mul(ev, tot.pred_ok, r.pred_ok);
		memcpy(last_after, r.after, sizeof last_after);
		ninst = mul(ev, ninst, mul(ev, c->s[clip[k].i]->occ, c->s[clip[k].j]->occ));
	}
	/* the model's factors with each pair's output extent 1, and a spatial
	   window's taps 1 (clip_pair counted each unit's own) */
	int64_t save[2][2][4];
	uint16_t tailm = c->tailm;
	for (int k = 0; k < nclip; k++) {
		int a = out_dim(ev, L->d[clip[k].i].dim);
		int w = clip[k].taps ? L->d[clip[k].j].dim : a;
		for (int e = 0; e < 2; e++) {
			int v = e ? w : a;
			save[k][e][0] = L->z.m[v]; save[k][e][1] = L->z.me[v];
			save[k][e][2] = L->z.u[v]; save[k][e][3] = L->z.ue[v];
		}
		L->z.m[a] = L->z.me[a] = L->z.u[a] = L->z.ue[a] = 1;
		L->z.m[w] = L->z.me[w] = L->z.u[w] = L->z.ue[w] = 1;
		/* an Edge extent of 1 holds a window: no tail-only loop on a */
		for (uint32_t i = 0; i < L->nd; i++)
			if (out_dim(ev, L->d[i].dim) == a)
				c->tailm &= (uint16_t)~(1u << i);
	}
	int64_t fm, fe, fp;
	c->eg_valid = 0;
	if (spatial) {
		/* one unit's factors (the pair's spatial map is the only one) */
		fm = fp = cm_pe_egress_calc(ev, c, true, false, false, true);
		fe = cm_pe_egress_calc(ev, c, false, false, false, true);
	} else {
		int64_t k[CM_K__N];
		cm_unit_scales(L, k);
		CmForm m = cm_macs_form(ev, c), e = cm_out_form(ev, c);
		fm = form_eval(ev, k, &m);
		fe = form_eval(ev, k, &e);
		fp = cm_crit_psums(ev, c);
	}
	for (int k = nclip - 1; k >= 0; k--) {
		int a = out_dim(ev, L->d[clip[k].i].dim);
		int w = clip[k].taps ? L->d[clip[k].j].dim : a;
		for (int e = 1; e >= 0; e--) {
			int v = e ? w : a;
			L->z.m[v] = save[k][e][0]; L->z.me[v] = save[k][e][1];
			L->z.u[v] = save[k][e][2]; L->z.ue[v] = save[k][e][3];
		}
	}
	c->tailm = tailm;
	c->eg_valid = 0;
	int64_t other = ninst > 0 ? g->n / ninst : 0;
	g->n = mul(ev, other, tot.nonempty);
	/* fix 15: one pair's steps by the tensors to charge; with two, a step
	   is empty when either owns nothing, and every tensor is charged */
	if (fix_after_empty(ev->fix)) {
		if (nclip == 1)
			for (int m = 0; m < 4; m++)
				g->after[m] = mul(ev, other, last_after[m]);
		else
			g->after[3] = mul(ev, other, tot.nonempty - tot.pred_ok);
	}
	g->macs_tot = mul(ev, other, mul(ev, fm, tot.sum));
	g->egress_tot = mul(ev, other, mul(ev, fe, add(ev, tot.usum, split)));
	g->psums = mul(ev, fp, tot.max_unit);
	g->egress = mul(ev, fe, tot.max_ustep);
	g->macs = mul(ev, fm, spatial ? tot.max_step : tot.max_unit);
	g->clipped = true;
	g->valid = g->n > 0 && g->psums > 0;
	return true;
}

/* The outputs a tile of T reference rows and U window rows owns from its
   start: x' with x'*s + U - 1 <= T - 1. */
static int64_t
origin_outputs(int64_t T, int64_t U, int64_t s)
{
	return T < U ? 0 : (T - U) / s + 1;
}

/* Fix 16: the first sub-tile of level l (unit 0 of every level above at
   its first step) owns only outputs that every enclosing first sub-tile
   owns too (the loop nest intersects the owned ranges level by level,
   docs/loop-nest.md §1): its Y' (cap[0]) and X' (cap[1]) outputs end where
   the first of those end, the layer's (level 0) or an enclosing level's,
   with its window whole or itself tiled.  Every enclosing tile starts at
   the origin with the window's tap 0, so only the end clips.  For the
   tiles built while ev->origin is set (docs/fidelity.md, fix 16). */
void
cm_origin_caps(const MdfCostEval *ev, uint32_t l, int64_t cap[2])
{
	for (int k = 0; k < 2; k++) {
		Dim v = k ? DIM_X : DIM_Y, sl = k ? DIM_S : DIM_R;
		int64_t s = ev->stride[v];
		const int64_t *T = ev->lv[0].sdim;
		cap[k] = origin_outputs(T[v], T[sl], s);
		for (uint32_t e = 1; e < l && e < CM_MAXL; e++) {
			const CmLevel *Le = &ev->lv[e];
			int32_t ti = ev->first_tile[e];
			if (ti < 0)
				break;
			int iv = Le->dir_of[v], is = Le->dir_of[sl];
			const int64_t *key = ev->tiles[ti].key;
			int64_t Tv = iv >= 0 ? key[iv] : Le->sdim[v], Ts = is >= 0 ? key[is] : Le->sdim[sl];
			cap[k] = min64(cap[k], origin_outputs(Tv, Ts, s));
		}
	}
}

/* Sliding pairs whose window is tiled in level L (fix 3, default mode),
   or, in the first sub-tiles of the report, whose reference tiles start at
   different phases of the stride (fix 17), or whose outputs end before
   the tile's own (fix 16, ocap: cm_origin_caps, NULL outside the
   report's first sub-tiles): outputs summed over instances (clip_pair).
   Static but for the Steady occurrences, which the caller fills in. */
int
cm_clip_find(const MdfCostEval *ev, uint32_t l, const CmLevel *L, const int64_t *N, const int64_t *ocap,
	     CmClip clip[2], bool *spatial)
{
	int nclip = 0;
	*spatial = false;
	for (int k = 0; k < 2 && fix_clip_outputs(ev->fix) && fix_stride_outputs(ev->fix) && ev->overlap; k++) {
		Dim v = k ? DIM_X : DIM_Y, sl = k ? DIM_S : DIM_R;
		int i = L->dir_of[v], j = L->dir_of[sl];
		if (i < 0 || j < 0)
			continue;
		int64_t s = ev->stride[v];
		/* fix 17: reference tiles (chunks) at offsets that are not a
		   multiple of the stride start at different phases of it: a
		   tile at phase (a - b) mod s owns fewer outputs than
		   floor((T-U)/s) + 1.  The first sub-tile sums them, in the
		   compressed rows too (stride R, cm_compress_strided) */
		bool phase = ev->origin && fix_phase_outputs(ev->fix) && s > 1 && L->d[i].O % s != 0;
		if (!phase && s != (ev->layer->stride[v] > 0 ? ev->layer->stride[v] : 1))
			continue;
		int64_t nxp = origin_outputs(N[v], N[sl], s);
		/* fix 16: a first sub-tile starts at the layer's origin, so its
		   outputs end where the enclosing first sub-tiles' do */
		int64_t gxp = ocap ? ocap[k] : nxp;
		bool cap = ev->origin && gxp < nxp;
		if (N[sl] <= L->d[j].M && !cap && !phase)
			continue;
		/* a spatial end must be the level's only spatial map */
		if ((L->d[i].spatial && (i != L->sp || L->nspall != 1)) ||
		    (L->d[j].spatial && (j != L->sp || L->nspall != 1)))
			continue;
		CmClip *p = &clip[nclip++];
		p->i = i;
		p->j = j;
		p->Nv = N[v];
		p->Ns = N[sl];
		p->s = s;
		p->nxp = cap ? gxp : nxp;
		/* a spatial window's units hold different taps (a last,
		   partial chunk fewer), at any level: the level's MACs are
		   its units' outputs times their own taps, with one unit
		   (its folds) as with several */
		p->taps = L->d[j].spatial;
		/* fix 20: the level below's co-indexed pair */
		p->subv = p->subs = 0;
		if (l + 1 < ev->nlev && fix_paired_rows(ev->fix)) {
			const CmLevel *C = &ev->lv[l + 1];
			int ci = C->dir_of[v], cj = C->dir_of[sl];
			if (ci >= 0 && cj >= 0 && C->d[ci].spatial && C->d[cj].spatial) {
				p->subv = C->d[ci].M;
				p->subs = C->d[cj].M;
			}
		}
		*spatial |= L->d[i].spatial || L->d[j].spatial;
	}
	return nclip;
}

