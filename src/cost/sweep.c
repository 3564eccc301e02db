/*
** sweep.c: the sweep cache.  Another PE count changes only the top level's
** unit count P, hence its SpatialMaps' states and its active units E; each
** top-level case's volumes are forms in P and E (volumes.c), kept in blocks
** per combination of SpatialMap states, and another P recombines the
** blocks of its states in build's case order (top_replay) instead of
** analysing the cases again.  The top level's tables are also kept per P
** (CM_TOPSLOTS slots) for sweeps that come back to a PE count.  A single
** evaluation (ev->one_shot) uses none of this.
*/
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

/* ---- the top level for another unit count --------------------------------- */

/* Room for the top level's case forms, at the evaluator's first build: 4
   blocks for every combination of SpatialMap states a unit count can give
   (3 states each), each with a form per TemporalMap combination, and room
   for the most top-level records, so that later unit counts allocate
   nothing.  None when the top level clips outputs (its figures depend on
   the unit count case by case), has a co-indexed pair (fix 22) or too
   many cases. */
static void
forms_alloc(MdfCostEval *ev)
{
	const CmLevel *L = &ev->lv[0];
	if (ev->one_shot || ev->no_forms || ev->blocks)
		return;
	ev->no_forms = true;
	CmClip clip[2];
	bool sp;
	int pi, pj;
	/* a co-indexed pair's cases occur as its folds pair up, not as
	   products of the states' occurrences */
	if (L->nspall > CM_FORMSP || cm_clip_find(ev, 0, L, L->sdim, NULL, clip, &sp) > 0
	    || cm_coindexed(ev, L, &pi, &pj))
		return;
	uint32_t ntau = 1, ncomb = 1;
	for (int i = (int)L->nd - 1; i >= 0; i--) {
		if (L->d[i].spatial) {
			ncomb *= 3;
			continue;
		}
		ev->top_nst[i] = cm_dir_states(L, &L->d[i], L->sdim[L->d[i].dim], ev->top_st[i]);
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
	if (!b || !pool || !group || !grp || !order || !gfig || !cm_reserve_recs(ev, true, ntau * ncomb, &at))
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
		int64_t total = cm_case_order(L->nd, nst, freq, cnt);
		for (int64_t cid = 0; cid < total; cid++) {
			unsigned comb = 0, tau = 0;
			for (uint32_t i = 0; i < L->nd; i++) {
				if (L->d[i].spatial)
					comb = comb * nst[i] + cnt[i];
				else
					tau += cnt[i] * ev->tstride[i];
			}
			order[ev->order_off[p] + cid] = (uint16_t)(comb << 8 | tau);
			cm_case_next(L->nd, nst, freq, cnt, cid);
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
	for (int j = 0; j < L->nspall && fix_partial_unit(ev->fix); j++) {
		int pos = ev->top_st[L->spall[j]][sidx[j]].pos;
		key[2 + j] = cm_ee_len(L, L->spall[j], pos == POS_EDGE ? POS_EDGE : POS_INIT);
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
	c.subs = NULL;
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
		cm_case_setup(ev, &c);
		CmCaseForm *f = &b->cf[tau];
		cm_case_form(ev, &c, f);
		f->nt = nt;
		for (int t = 0; t < 2; t++)
			f->in[t] = cm_in_form(ev, &c, t);
		for (int t = 0; t < 2; t++)
			f->l1w[t] = f->psums > 0 && fix_l1_writes(ev->fix) ? cm_l1w_form(ev, &c, t) : (CmForm){0};
		if (f->psums > 0 && !last && !cm_case_subs(ev, 0, &c, f))
			return false;
		for (int k = cm_idle_partial(ev, f) ? 1 : 0; k < 2; k++)
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
		cm_note_sub(ev, f->sub[1]);
	bool dead = ev->a_nocompute;
	int dead_level = ev->a_nocompute_level;
	cm_note_sub(ev, f->sub[0]);
	if (f->sub[1] >= 0 && !f->full_first)
		cm_note_sub(ev, f->sub[1]);
	if (cm_idle_partial(ev, f)) {       /* as cm_case_subs */
		ev->a_nocompute = dead;
		ev->a_nocompute_level = dead_level;
	}
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
		cm_case_figures(ev, k, f, mul(ev, f->nt, r->occ[comb]), &g);
		/* the first computing case's sub-tiles start the levels'
		   first tiles; later ones only matter when one computes
		   nothing */
		if (g.valid && !last && (a->nvalid == 0 || r->dead))
			note_case_subs(ev, f);
		cm_case_account(ev, a, k, f, &g);
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
			if (fix_l1_writes(fix))
				res->l1w[t] = add(ev, res->l1w[t], mul(ev, o, form_eval(ev, k, &s->l1w[t])));
		}
		a->ntotal = add(ev, a->ntotal, mul(ev, o, s->nt));
	}
	/* every case adds its MACs to all of these */
	res->macs = res->l1w[COST_OUTPUT] = res->l1r[COST_OUTPUT] = macs;
	for (int t = 0; t < 2; t++) {
		res->l1r[t] = macs;
		if (!fix_l1_writes(fix))
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
			x->active = cm_case_active(ev, k, f);
			x->n = mul(ev, r->occ[comb], b->grp[g].nt);
			x->rec = -1;
		}
	}
	/* compat mode merges only runs of equal cases: a record per case */
	bool per_case = !fix_plain_bandwidth(fix);
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
			cm_case_sizing(ev, a, k, f, gx->egress);
			if (ev->nlev > 1)
				note_case_subs(ev, f);
			cm_case_first(ev, a, f);
		}
		/* fix 18, as cm_case_account */
		if (cid > 0 && fix_output_held(fix))
			a->res.up[COST_OUTPUT] = max64(a->res.up[COST_OUTPUT], mul(ev, 2, gx->egress));
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
	cm_tile_start(ev, 0, 0, L->sdim, &a);
	if (!cm_reserve_recs(ev, true, r.total, &a.rec0))
		return -1;
	a.sizing = ev->top_sizing;
	int64_t k[CM_K__N];
	cm_unit_scales(L, k);
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
	return cm_tile_finish(ev, &a);
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
int32_t
cm_build_top(MdfCostEval *ev)
{
	CmLevel *L = &ev->lv[0];
	top_reset(ev);
	forms_alloc(ev);
	if (!ev->blocks || (ev->ntiles == 0 && cm_new_tile(ev) < 0))
		return cm_build(ev, 0, L->sdim);
	uint32_t ncomb = 1, pattern = 0;
	for (int j = L->nspall - 1; j >= 0; j--) {
		int i = L->spall[j];
		ev->top_nst[i] = cm_dir_states(L, &L->d[i], L->sdim[L->d[i].dim], ev->top_st[i]);
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
	return bad ? cm_build(ev, 0, L->sdim) : top_replay(ev, bp, ncomb, pattern);
}

bool
cm_top_from_slot(MdfCostEval *ev, int64_t P)
{
	if (!ev->built || !ev->slots)
		return false;
	for (uint32_t k = 0; k < CM_TOPSLOTS; k++) {
		const CmTopSlot *s = &ev->slots[k];
		if (s->P != P)
			continue;
		CmLevel *top = &ev->lv[0];
		top->P = P;
		cm_level_edge(ev, top);
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
void
cm_top_to_slot(MdfCostEval *ev, int64_t P)
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

