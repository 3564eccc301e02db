/*
** cases.c: phase A, one level for one tile size (docs/model-spec.md §4.4-4.6,
** 4.8, 4.9).  A directive takes up to three states (Init, Steady, Edge,
** with how often each occurs); a case is one state per directive.  For
** each case: its volumes (volumes.c), whether it computes, its counters
** and the level's buffer sizes (accumulated in a CmAcc), its record for
** phase B, and the tiles of the level below it hands down (built once per
** size: tiles are shared).  Nothing here depends on the NoC bandwidth,
** latency or SIMD width.
*/
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

/* ---- iteration cases (docs/model-spec.md §4.4) -------------------------------- */

uint8_t
cm_dir_states(const CmLevel *L, const CmDir *d, int64_t N, CmState st[3])
{
	int64_t M = d->M, O = d->O;
	uint8_t n = 0;
	if (!d->spatial) {
		bool ie = N < M;
		st[n++] = (CmState){POS_INIT, N <= M, ie, false, 1, ie};
		int64_t k = tdiv(N - M, O);
		if (M < N && k > 0)
			st[n++] = (CmState){POS_STEADY, false, false, false, k, false};
		if (!ie && sadd(smul(k, O), M) < N)
			st[n++] = (CmState){POS_EDGE, false, false, false, 1, true};
		return n;
	}
	int64_t P = L->P;
	int64_t cov = sadd(M, smul(O, P - 1));
	bool unroll = N <= cov, ie = N < cov;
	st[n++] = (CmState){POS_INIT, unroll, ie, ie, 1, ie};
	int64_t k = tdiv(tdiv(N - M, O) + 1, P) - 1;
	if (cov < N && k > 0)
		st[n++] = (CmState){POS_STEADY, false, false, false, k, false};
	int64_t OP = smul(O, P);
	int64_t rem = N - smul(k + 1, OP);
	int64_t a = rem < M ? 1 : tdiv(rem - M, O) + 1;
	bool ee = sadd(smul(a - 1, O), M) < rem;
	bool has_edge = !unroll && sadd(smul(k + 1, OP), cov) > N && sadd(smul(k, OP), cov) != N;
	if (!ie && has_edge)
		st[n++] = (CmState){POS_EDGE, false, false, ee, 1, true};
	return n;
}


/* Fix 22: the co-indexed pair of level L (Y with R, or X with S, both
   SpatialMaps: unit p of fold f takes chunk fP + p of both, docs/ir.md
   §4), its directives in *i and *j; false when it has none. */
bool
cm_coindexed(const MdfCostEval *ev, const CmLevel *L, int *i, int *j)
{
	if (!fix_paired_folds(ev->fix) || !ev->overlap)
		return false;
	for (int k = 0; k < 2; k++) {
		int a = L->dir_of[k ? DIM_X : DIM_Y], b = L->dir_of[k ? DIM_S : DIM_R];
		if (a >= 0 && b >= 0 && L->d[a].spatial && L->d[b].spatial) {
			*i = a, *j = b;
			return true;
		}
	}
	return false;
}

/* The folds of a SpatialMap's state (cm_dir_states): Init fold 0, Steady
   folds 1 to k, Edge the last. */
static void
fold_range(const CmState *st, const CmState *s, int64_t *lo, int64_t *hi)
{
	int64_t k = s != st && st[1].pos == POS_STEADY ? st[1].occ : 0;
	if (s->pos == POS_INIT)
		*lo = *hi = 0;
	else if (s->pos == POS_STEADY)
		*lo = 1, *hi = s->occ;
	else
		*lo = *hi = k + 1;
}

/* Fix 22: how often a case's states of the co-indexed pair (i, j) occur
   together.  The pair's folds advance together (fold f of one with fold
   f of the other), not as a product: the folds both have in the states'
   ranges; 0 when they have none (then the case never occurs, and a fold
   one of them lacks computes nothing). */
static int64_t
paired_occ(CmState st[][3], const CmCase *c, int i, int j)
{
	int64_t a0, a1, b0, b1;
	fold_range(st[i], c->s[i], &a0, &a1);
	fold_range(st[j], c->s[j], &b0, &b1);
	int64_t lo = max64(a0, b0), hi = min64(a1, b1);
	return hi < lo ? 0 : hi - lo + 1;
}

/* Room for n more case records / one more tile.  The tables live in the
   arena and only grow (doubling); a rebuild reuses them. */
bool
cm_reserve_recs(MdfCostEval *ev, bool top, int64_t n, uint32_t *at)
{
	CmRec **pool = top ? &ev->trecs : &ev->recs;
	uint32_t *np = top ? &ev->ntrecs : &ev->nrecs, *capp = top ? &ev->captrecs : &ev->caprecs;
	if (n > (int64_t)(UINT32_MAX / 2) - *np) {
		ev->a_overflow = true;
		return false;
	}
	CmRec *r = arena_reserve_u32(ev->ctx->arena, *pool, *np, (uint32_t)n, capp, 32, sizeof *r, false);
	if (!r) {
		ev->a_overflow = true;
		return false;
	}
	*pool = r;
	*at = *np;
	*np += (uint32_t)n;
	return true;
}


/* A tile met again (or built) below the top: it is the first of its level
   in this build if none was yet, and so is its own first sub-tile chain;
   its flags hold for the layer. */
void
cm_note_sub(MdfCostEval *ev, int32_t ti)
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

int32_t
cm_new_tile(MdfCostEval *ev)
{
	CmTile *v = arena_push_room(ev->ctx->arena, ev->tiles, ev->ntiles, &ev->captiles, 8, false);
	if (!v) {
		ev->a_overflow = true;
		return -1;
	}
	ev->tiles = v;
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
	bool global = fix_plain_bandwidth(ev->fix) && n <= 4096;
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


void
cm_tile_start(MdfCostEval *ev, int32_t ti, uint32_t l, const int64_t *N, CmAcc *a)
{
	const CmLevel *L = &ev->lv[l];
	CmTile *t = &ev->tiles[ti];
	/* new_tile zeroed a new tile; tile_finish sets the rest */
	t->level = l;
	t->first_sub = -1;
	t->dead_level = -1;
	t->origin = ev->origin;
	if (ev->origin)
		cm_origin_caps(ev, l, t->ocap);
	for (uint32_t i = 0; i < L->nd; i++)
		t->key[i] = N[L->d[i].dim];
	if (ev->first_tile[l] < 0)
		ev->first_tile[l] = ti;
	memset(a, 0, sizeof *a);
	a->res.elem0_level = -1;
	a->l = l;
	a->L = L;
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
		z->ts[t] = cm_tensor_size(ev, t, N, t == COST_OUTPUT && fix_true_sizes(ev->fix), a->l == 0);
		z->mv[t] = cm_mapped_volume(ev, a->L, t);
	}
	z->have = true;
	z->bad = ev->overflow;
	ev->overflow |= outer;
	return z;
}

/* A case's volumes under the unit count (k), before clipping. */
void
cm_case_figures(MdfCostEval *ev, const int64_t *k, const CmCaseForm *f, int64_t n, CmFig *g)
{
	g->n = n;
	g->egress = form_eval(ev, k, &f->eg);
	g->macs = form_eval(ev, k, &f->macs);
	g->psums = f->psums;
	g->macs_tot = mul(ev, n, g->macs);
	g->egress_tot = mul(ev, n, g->egress);
	g->valid = g->psums > 0;
	g->clipped = false;
	memset(g->after, 0, sizeof g->after);
}

/* Buffer sizes from the first computing case (MAESTRO: from every case up
   to it, inputs accumulating). */
void
cm_case_sizing(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmCaseForm *f, int64_t egress)
{
	const unsigned fix = ev->fix;
	CmRes *res = &a->res;
	const CmSizing *z = acc_sizing(ev, a);
	for (int t = 0; t < 2; t++) {
		int64_t in = form_eval(ev, k, &f->in[t]);
		res->up[t] = add(ev, res->up[t], mul(ev, 2, in));
		res->l2w[t] = z->ts[t];
		res->down[t] = add(ev, fix_true_sizes(fix) ? 0 : res->down[t], mul(ev, 2, z->mv[t]));
	}
	res->up[COST_OUTPUT] = mul(ev, 2, egress);
	res->l2r[COST_OUTPUT] = z->ts[COST_OUTPUT];
	res->down[COST_OUTPUT] = mul(ev, 2, z->mv[COST_OUTPUT]);
}

/* Fix 10: sized on its own extents, the last, partial unit's sub-tile may
   hold no whole window (2 rows of a 3-row window): that unit is idle in
   the fold, which is no error while the full units' sub-tile computes. */
bool
cm_idle_partial(const MdfCostEval *ev, const CmCaseForm *f)
{
	return fix_tile_sizes(ev->fix) && f->split && f->sub[0] >= 0 && f->sub[1] >= 0
	       && ev->tiles[f->sub[0]].dead_level >= 0 && ev->tiles[f->sub[1]].dead_level < 0;
}

/* The tile's first computing case: the first sub-tile and MAESTRO's
   element 0. */
void
cm_case_first(MdfCostEval *ev, CmAcc *a, const CmCaseForm *f)
{
	CmTile *t = &ev->tiles[a->ti];
	if (t->first_sub < 0)
		t->first_sub = f->sub[f->full_first];
	if (f->sub[0] >= 0) {
		/* the full units' need when an idle partial unit holds nothing,
		   and in default mode whenever there are full units (fix 5: the
		   last, partial unit's smaller tiles, MAESTRO's element 0, would
		   under-size every full unit's L1) */
		const CmRes *r0 = &ev->tiles[f->sub[cm_idle_partial(ev, f) || f->full_first ? 1 : 0]].res;
		a->res.elem0_level = r0->elem0_level;
		memcpy(a->res.elem0_down, r0->elem0_down, sizeof a->res.elem0_down);
	}
}

/* The units busy in a computing case: the level below's average over its
   units, else the units. */
long double
cm_case_active(const MdfCostEval *ev, const int64_t *k, const CmCaseForm *f)
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
void
cm_case_account(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmCaseForm *f, const CmFig *g)
{
	const unsigned fix = ev->fix;
	CmRes *res = &a->res;
	if (!a->sized && (g->valid || !fix_true_sizes(fix)))
		cm_case_sizing(ev, a, k, f, g->egress);
	if (g->valid || !fix_idle_cases(fix)) {
		res->l2w[COST_OUTPUT] = add(ev, res->l2w[COST_OUTPUT], g->egress_tot);
		res->l1w[COST_OUTPUT] = add(ev, res->l1w[COST_OUTPUT], g->macs_tot);
		res->l1r[COST_OUTPUT] = add(ev, res->l1r[COST_OUTPUT], g->macs_tot);
	}
	if (!g->valid)
		return;
	/* fix 18: the output buffer holds what any computing case's units
	   take at once, not only the first case's (a spatial window's units
	   own more distinct outputs once the rows have filled them) */
	if (a->sized && fix_output_held(fix))
		res->up[COST_OUTPUT] = max64(res->up[COST_OUTPUT], mul(ev, 2, g->egress));
	a->sized = true;
	int64_t n = g->n, ingress = 0;
	for (int t = 0; t < 2; t++) {
		int64_t in = form_eval(ev, k, &f->in[t]);
		ingress = add(ev, ingress, in);
		res->l2r[t] = add(ev, res->l2r[t], mul(ev, n, in));
		if (fix_l1_writes(fix))
			res->l1w[t] = add(ev, res->l1w[t], mul(ev, n, form_eval(ev, k, &f->l1w[t])));
		else
			res->l1w[t] = res->l2r[t];
		res->l1r[t] = add(ev, res->l1r[t], g->macs_tot);
	}
	/* MACs of one occurrence (clipped: their average) per ingress */
	res->ai = g->clipped ? (double)g->macs_tot / (double)n / (double)ingress
			     : (double)g->macs / (double)ingress;
	if (a->nvalid == 0)
		cm_case_first(ev, a, f);
	CmRec rec = {1, n, ingress, g->egress, g->psums, {f->sub[0], f->sub[1]}, f->all_init};
	(a->l == 0 ? ev->trecs : ev->recs)[a->rec0 + a->nvalid++] = rec;
	res->macs = add(ev, res->macs, g->macs_tot);
	a->active_acc = (double)((long double)a->active_acc + cm_case_active(ev, k, f) * n);
	a->ntotal = add(ev, a->ntotal, n);
	res->ncases++;
}

/* Fix 15: instances of a computing case whose previous step (in loop
   order) computed nothing (a window tiled inside the level, whose tiles
   own no output there).  In that step no unit took its tiles (the loop
   nest's rule, docs/loop-nest.md §5): a unit holds the tiles of the last
   step that computed, and the case's rule (what the advancing directive
   brings) can miss a tile that changed since, or charge one that did not.
   Such an instance is charged, per input tensor, nothing when its tile is
   the one of that step, else the whole tile as a first fill: at least what
   arrives, whatever the units hold (clip.c, moved_since;
   docs/cost-model.md §4).  Those instances get records of their own, with
   that ingress. */
void
cm_case_after_empty(MdfCostEval *ev, CmAcc *a, const int64_t *k, CmCase *c, const CmCaseForm *f, const CmFig *g)
{
	if (!g->valid || (g->after[0] | g->after[1] | g->after[2] | g->after[3]) == 0)
		return;
	CmRes *res = &a->res;
	int64_t in[2], full[2], w[2], wfull[2];
	int cstar = c->cstar;
	c->cstar = -1;          /* pe_ingress: the whole tile (pe_mapped) */
	c->in_valid[0] = c->in_valid[1] = 0;
	for (int t = 0; t < 2; t++) {
		CmForm fi = cm_in_form(ev, c, t), fw = cm_l1w_form(ev, c, t);
		in[t] = form_eval(ev, k, &f->in[t]);
		full[t] = max64(in[t], form_eval(ev, k, &fi));
		w[t] = fix_l1_writes(ev->fix) ? form_eval(ev, k, &f->l1w[t]) : 0;
		wfull[t] = fix_l1_writes(ev->fix) ? max64(w[t], form_eval(ev, k, &fw)) : 0;
	}
	c->cstar = cstar;
	c->in_valid[0] = c->in_valid[1] = 0;
	CmRec *recs = a->l == 0 ? ev->trecs : ev->recs;
	uint32_t r0 = a->rec0 + a->nvalid - 1;
	for (unsigned m = 0; m < 4; m++) {
		int64_t n = g->after[m], ingress = 0;
		if (n <= 0)
			continue;
		for (int t = 0; t < 2; t++) {
			bool moved = (m >> t) & 1u;
			int64_t to = moved ? full[t] : 0;
			ingress = add(ev, ingress, to);
			res->l2r[t] = add(ev, res->l2r[t], mul(ev, n, to - in[t]));
			if (fix_l1_writes(ev->fix))
				res->l1w[t] = add(ev, res->l1w[t], mul(ev, n, (moved ? wfull[t] : 0) - w[t]));
			else
				res->l1w[t] = res->l2r[t];
		}
		if (ingress == recs[r0].ingress || n > recs[r0].n)
			continue;
		CmRec split = recs[r0];
		recs[r0].n -= n;
		split.n = n;
		split.ingress = ingress;
		recs[a->rec0 + a->nvalid++] = split;
	}
}

int32_t
cm_tile_finish(MdfCostEval *ev, CmAcc *a)
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

/* What cm_sub_dims reads of a case, from its masks (cm_case_setup_masks):
   per directive whether it is at an edge and, for a SpatialMap, whether
   it is not at Init (at Steady or, at an edge, Edge). */
static uint64_t
sub_key(const CmLevel *L, unsigned notinit, unsigned edgem)
{
	return (uint64_t)edgem | (uint64_t)(notinit & L->spallm) << 16;
}

/* cm_build of the level below for the sub-tile of a full unit or (ee) of
   the last, partial one, through the tile's memo of the sub-tiles its
   cases handed down last. */
static int32_t
build_sub(MdfCostEval *ev, uint32_t l, const CmCase *c, bool ee)
{
	int64_t N[DIM__COUNT];
	CmSubMemo *m = c->subs;
	uint64_t key = m ? c->subkey | (uint64_t)ee << 32 : 0;
	if (m) {
		for (uint32_t k = 0; k < CM_SUBMEMO; k++)
			if (m->ti[k] >= 0 && m->key[k] == key) {
				cm_note_sub(ev, m->ti[k]);
				return m->ti[k];
			}
	}
	cm_sub_dims(ev, c, ee, N);
	int32_t ti = cm_build(ev, l + 1, N);
	if (m && ti >= 0) {
		uint32_t k = m->next++ % CM_SUBMEMO;
		m->key[k] = key;
		m->ti[k] = ti;
	}
	return ti;
}

/* The sub-tiles of a computing case: the level below for the tile of a full
   unit and, at a spatial edge, of the last, partially filled unit. */
bool
cm_case_subs(MdfCostEval *ev, uint32_t l, const CmCase *c, CmCaseForm *f)
{
	const CmLevel *L = c->L;
	if (!f->sp_edge || !c->s[L->sp]->ee) {
		f->sub[0] = build_sub(ev, l, c, false);
		return f->sub[0] >= 0;
	}
	/* Fix 5: with full units besides the last one, the first unit's (a
	   full) sub-tile is the level's first, as the loop nest reports it:
	   build it first.  MAESTRO's element 0, the last unit's, gives the
	   L1 need only in compat mode (cm_case_first). */
	f->split = true;
	f->full_first = fix_partial_unit(ev->fix) && L->E - 1 > 0;
	if (f->full_first && (f->sub[1] = build_sub(ev, l, c, false)) < 0)
		return false;
	bool dead = ev->a_nocompute;
	int dead_level = ev->a_nocompute_level;
	if ((f->sub[0] = build_sub(ev, l, c, true)) < 0)
		return false;
	if (L->E - 1 > 0 && !f->full_first && (f->sub[1] = build_sub(ev, l, c, false)) < 0)
		return false;
	if (cm_idle_partial(ev, f)) {
		ev->a_nocompute = dead;
		ev->a_nocompute_level = dead_level;
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
	int64_t cap[2] = {0, 0};
	if (ev->origin)
		cm_origin_caps(ev, l, cap);
	for (uint32_t k = 1; k < ev->ntiles; k++) {
		const CmTile *t = &ev->tiles[k];
		if (t->level != l || t->origin != ev->origin
		    || (ev->origin && (t->ocap[0] != cap[0] || t->ocap[1] != cap[1])))
			continue;
		uint32_t i = 0;
		while (i < L->nd && t->key[i] == N[L->d[i].dim])
			i++;
		if (i == L->nd)
			return (int32_t)k;
	}
	return -1;
}

/* Directive i's bits in a case's masks (cm_case_setup_masks), packed:
   not at Init, at Init and not unrolled, at an edge, 16 bits apart. */
static uint64_t
case_bits(const CmState *st, uint32_t i)
{
	unsigned b = cm_state_bits(st);
	return ((uint64_t)(b & 1u) | (uint64_t)(b >> 1 & 1u) << 16 | (uint64_t)(b >> 2 & 1u) << 32) << i;
}

/* Build's order of a level's cases: directive i moves to its next state
   after every freq[i] cases (freq: the product of the later directives'
   state counts).  Returns the number of cases. */
int64_t
cm_case_order(uint32_t nd, const uint8_t *nst, int64_t *freq, uint8_t *cnt)
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
void
cm_case_next(uint32_t nd, const uint8_t *nst, const int64_t *freq, uint8_t *cnt, int64_t cid)
{
	for (uint32_t i = 0; i < nd; i++)
		if (cid % freq[i] == 0)
			cnt[i] = (uint8_t)(cnt[i] + 1 == nst[i] ? 0 : cnt[i] + 1);
}

/* Phase A: analyse level l for the tile dimensions N (docs/model-spec.md
   §4.4-4.6, 4.8, 4.9): the iteration cases, their NoC volumes, MACs and
   partial sums, the access counters and buffer sizes.  Everything here is
   independent of NoC bandwidth, latency and SIMD width.  Tiles are shared:
   the same sub-tile handed down by many cases is analysed once. */
static int32_t build_tile(MdfCostEval *ev, uint32_t l, const int64_t *N, int32_t ti);

int32_t
cm_build(MdfCostEval *ev, uint32_t l, const int64_t *N)
{
	int32_t ti;
	if (l == 0) {
		/* the top tile is always tiles[0], rebuilt in place */
		if (ev->ntiles == 0 && cm_new_tile(ev) < 0)
			return -1;
		ti = 0;
	} else {
		ti = find_tile(ev, l, N);
		if (ti >= 0) {
			cm_note_sub(ev, ti);
			return ti;
		}
		ti = cm_new_tile(ev);
		if (ti < 0)
			return -1;
	}
	return build_tile(ev, l, N, ti);
}

/* Cases with the same forms and sub-tiles (one class): those whose
   directives outside the advancing one (multi-state, index below the
   innermost not at Init) differ only by being at Steady rather than Init.
   Such a directive's Init is neither unrolled nor at an edge (it has more
   than one state), and outside the advancing directive every rule of
   volumes.c reads of a state only its edge flag, its partial last unit
   (ee, false at both) and, for a SpatialMap, whether it is at Edge
   (cm_ee_len): the per-unit volumes (pe_ingress_calc, cm_pe_egress_calc),
   the spatial views (cm_case_setup_masks: the wrap and new output tile
   read only directives inside the advancing one) and the sub-tiles
   (cm_sub_dims) are the same.  Only the occurrences differ, and
   cm_case_account takes them from the case: the first case of a class met
   is analysed, the others reuse its forms, in build's order, so every
   counter, record and merge is the one of analysing each.  Not with a
   clipped window (clip.c reads the states of its pair). */
#define CM_CLASSES 64
typedef struct CaseClass {
	CmCaseForm f;
	bool in, l1w, subs;     /* which optional parts of f are filled */
	/* its figures per occurrence once accounted (vals): what
	   cm_case_account evaluates from the forms */
	bool vals, valid;
	int64_t egress, macs, psums, ingress, in_v[2], l1w_v[2];
	long double active;
	int32_t rec;            /* a record of a case of it in the tile, -1 */
} CaseClass;

/* The figures of a class's cases (cm_case_figures, cm_case_account),
   evaluated when its second case comes: the same evaluations, so the same
   overflows, which are sticky. */
static void
class_vals(MdfCostEval *ev, const int64_t *k, CaseClass *x)
{
	const CmCaseForm *f = &x->f;
	x->vals = true;
	x->egress = form_eval(ev, k, &f->eg);
	x->macs = form_eval(ev, k, &f->macs);
	x->psums = f->psums;
	x->valid = x->psums > 0;
	if (!x->valid)
		return;
	x->ingress = 0;
	for (int t = 0; t < 2; t++) {
		x->in_v[t] = form_eval(ev, k, &f->in[t]);
		x->ingress = add(ev, x->ingress, x->in_v[t]);
		x->l1w_v[t] = fix_l1_writes(ev->fix) ? form_eval(ev, k, &f->l1w[t]) : 0;
	}
	x->active = cm_case_active(ev, k, f);
}

/* cm_case_account of another case of class x (n occurrences), from the
   class's figures: the same sums, in the same order.  False when the case
   sizes the level's buffers (cm_case_account then does).  Its record
   equals the class's record but for n, so where cm_tile_finish merges any
   equal records (default mode, merge_recs: a level with classes has at
   most CM_CLASSES records) its occurrences go to that record at once: the
   same merged records (a sum that overflows fails the evaluation either
   way). */
static bool
account_again(MdfCostEval *ev, CmAcc *a, CaseClass *x, int64_t n)
{
	const unsigned fix = ev->fix;
	if (!a->sized && (x->valid || !fix_true_sizes(fix)))
		return false;
	CmRes *res = &a->res;
	int64_t macs_tot = mul(ev, n, x->macs), egress_tot = mul(ev, n, x->egress);
	if (x->valid || !fix_idle_cases(fix)) {
		res->l2w[COST_OUTPUT] = add(ev, res->l2w[COST_OUTPUT], egress_tot);
		res->l1w[COST_OUTPUT] = add(ev, res->l1w[COST_OUTPUT], macs_tot);
		res->l1r[COST_OUTPUT] = add(ev, res->l1r[COST_OUTPUT], macs_tot);
	}
	if (!x->valid)
		return true;
	if (fix_output_held(fix))
		res->up[COST_OUTPUT] = max64(res->up[COST_OUTPUT], mul(ev, 2, x->egress));
	for (int t = 0; t < 2; t++) {
		res->l2r[t] = add(ev, res->l2r[t], mul(ev, n, x->in_v[t]));
		if (fix_l1_writes(fix))
			res->l1w[t] = add(ev, res->l1w[t], mul(ev, n, x->l1w_v[t]));
		else
			res->l1w[t] = res->l2r[t];
		res->l1r[t] = add(ev, res->l1r[t], macs_tot);
	}
	res->ai = (double)x->macs / (double)x->ingress;
	if (a->nvalid == 0)
		cm_case_first(ev, a, &x->f);
	const CmCaseForm *f = &x->f;
	CmRec *recs = (a->l == 0 ? ev->trecs : ev->recs) + a->rec0;
	if (x->rec >= 0 && fix_plain_bandwidth(fix)) {
		recs[x->rec].n = add(ev, recs[x->rec].n, n);
	} else {
		x->rec = (int32_t)a->nvalid;
		recs[a->nvalid++] = (CmRec){1, n, x->ingress, x->egress, x->psums, {f->sub[0], f->sub[1]}, f->all_init};
	}
	res->macs = add(ev, res->macs, macs_tot);
	a->active_acc = (double)((long double)a->active_acc + x->active * n);
	a->ntotal = add(ev, a->ntotal, n);
	res->ncases++;
	return true;
}

/* cm_build of a tile not analysed before (tiles[ti], new or the top's):
   apart, so that finding one analysed before costs only the search. */
static __attribute__((noinline)) int32_t
build_tile(MdfCostEval *ev, uint32_t l, const int64_t *N, int32_t ti)
{
	CmLevel *L = &ev->lv[l];      /* clip_case sets factors aside in it */
	const unsigned fix = ev->fix;
	bool last = l + 1 == ev->nlev;
	CmLevel Lt;
	if (l > 0 && fix_tile_sizes(fix) && cm_tile_level(ev, L, N, &Lt))
		L = &Lt;
	CmAcc a;
	cm_tile_start(ev, ti, l, N, &a);
	a.L = L;        /* the sized copy, if any */

	/* Only directives with more than one state change from case to case:
	   the others stay at Init, which occurs once */
	CmState st[CM_MAXD][3];
	uint8_t nst[CM_MAXD], cnt[CM_MAXD], multi[CM_MAXD], mnst[CM_MAXD];
	uint32_t nm = 0;
	int64_t freq[CM_MAXD];
	CmCase c;
	CmSubMemo subs = {.ti = {-1, -1, -1, -1}};
	_Static_assert(CM_SUBMEMO == 4, "the memo starts empty");
	c.L = L;
	c.subs = &subs;
	/* the case masks of cm_case_setup: the single-state directives' bits
	   once, each multi-state directive's per state */
	uint64_t base = 0, sbits[CM_MAXD][3];
	for (uint32_t i = 0; i < L->nd; i++) {
		nst[i] = cm_dir_states(L, &L->d[i], N[L->d[i].dim], st[i]);
		c.s[i] = &st[i][0];
		if (nst[i] > 1) {
			for (uint8_t k = 0; k < nst[i]; k++)
				sbits[nm][k] = case_bits(&st[i][k], i);
			multi[nm] = (uint8_t)i;
			mnst[nm++] = nst[i];
		} else {
			base |= case_bits(&st[i][0], i);
		}
	}
	int64_t total = cm_case_order(nm, mnst, freq, cnt);
	if (total > CM_MAXCASES) {
		ev->a_overflow = true;
		ev->a_toomany = true;
		return -1;
	}
	CmClip clip[2];
	bool clip_spatial;
	int nclip = cm_clip_find(ev, l, L, N, ev->origin ? ev->tiles[ti].ocap : NULL, clip, &clip_spatial);
	/* fix 15 can split a clipped case's record in up to four */
	if (!cm_reserve_recs(ev, l == 0, nclip > 0 ? mul(ev, 4, total) : total, &a.rec0))
		return -1;

	for (int k = 0; k < nclip; k++) {
		int i = clip[k].i, j = clip[k].j;
		clip[k].isteady = nst[i] > 1 && st[i][1].pos == POS_STEADY ? st[i][1].occ : 0;
		clip[k].jsteady = nst[j] > 1 && st[j][1].pos == POS_STEADY ? st[j][1].occ : 0;
	}

	int pi = -1, pj = -1;
	bool paired = cm_coindexed(ev, L, &pi, &pj);

	int64_t k[CM_K__N];
	cm_unit_scales(L, k);
	/* the classes of the cases (CaseClass), by the mixed-radix index of
	   their first case's states */
	bool classes = nclip == 0 && !paired && total <= CM_CLASSES;
	uint64_t seen = 0;
	CaseClass cl[CM_CLASSES], one;
	for (int64_t cid = 0; cid < total; cid++) {
		int64_t n = 1;
		uint64_t mk = base;
		int cs = -1;
		for (uint32_t j = 0; j < nm; j++) {
			uint32_t i = multi[j];
			c.s[i] = &st[i][cnt[j]];
			if (!paired || ((int)i != pi && (int)i != pj))
				n = mul(ev, n, c.s[i]->occ);
			mk |= sbits[j][cnt[j]];
			if (cnt[j])
				cs = (int)j;
		}
		if (paired) {
			n = mul(ev, n, paired_occ(st, &c, pi, pj));
			if (n == 0) {
				cm_case_next(nm, mnst, freq, cnt, cid);
				continue;
			}
		}
		CaseClass *x = &one;
		bool met = false;
		if (classes) {
			int64_t key = 0;
			for (int j = 0; j < (int)nm; j++)
				if (j >= cs || c.s[multi[j]]->pos != POS_STEADY)
					key += cnt[j] * freq[j];
			x = &cl[key];
			met = seen >> key & 1u;
			seen |= (uint64_t)1 << key;
		}
		cm_case_next(nm, mnst, freq, cnt, cid);
		CmCaseForm *f = &x->f;
		CmFig g;
		if (met) {
			if (!x->vals)
				class_vals(ev, k, x);
			if (account_again(ev, &a, x, n))
				continue;
			cm_case_figures(ev, k, f, n, &g);
			bool need_in = g.valid || (!a.sized && !fix_true_sizes(fix));
			if ((!need_in || x->in) && (!g.valid || ((x->l1w || !fix_l1_writes(fix)) && (x->subs || last)))) {
				cm_case_account(ev, &a, k, f, &g);
				x->rec = g.valid ? (int32_t)a.nvalid - 1 : -1;
				continue;
			}
		}
		cm_case_setup_masks(ev, &c, (unsigned)(mk & 0xffff), (unsigned)(mk >> 16 & 0xffff),
				    (unsigned)(mk >> 32 & 0xffff));
		c.subkey = sub_key(L, (unsigned)(mk & 0xffff), (unsigned)(mk >> 32 & 0xffff));
		cm_case_form(ev, &c, f);
		x->in = x->l1w = x->subs = x->vals = false;
		cm_case_figures(ev, k, f, n, &g);
		if (nclip > 0)
			cm_clip_case(ev, L, &c, clip, nclip, clip_spatial, &g);
		if (g.valid || (!a.sized && !fix_true_sizes(fix))) {
			for (int t = 0; t < 2; t++)
				f->in[t] = cm_in_form(ev, &c, t);
			x->in = true;
		}
		if (g.valid && fix_l1_writes(fix)) {
			for (int t = 0; t < 2; t++)
				f->l1w[t] = cm_l1w_form(ev, &c, t);
			x->l1w = true;
		}
		if (g.valid && !last) {
			if (!cm_case_subs(ev, l, &c, f))
				return -1;
			x->subs = true;
		}
		cm_case_account(ev, &a, k, f, &g);
		x->rec = g.valid ? (int32_t)a.nvalid - 1 : -1;
		cm_case_after_empty(ev, &a, k, &c, f, &g);
	}
	return cm_tile_finish(ev, &a);
}

