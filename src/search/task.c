/*
** task.c: the search of one layer shape (docs/search.md section 3).
** Evaluate the starting points (the layer's own mapping, every standard
** dataflow at its default parameters and over a grid, two-level skeletons
** for each pair of dimensions), then a steady-state
** evolutionary search (a small population of the best distinct points,
** at most NICHE of one structure once it is full; each step takes a
** parent by tournament, applies one to three mutations, evaluates the
** child and keeps it if it beats the member it would replace), a hill
** climb (local.c) from the best starting point of each structure (from
** its lean form, space.c, when none of the structure fits the buffers), then
** rounds of a hill climb from the population and more evolution.  A mapping already seen is not evaluated again; for the
** runtime objective a mapping whose busy-PE bound cannot beat the point
** it is compared with is not evaluated at all.  A fixed-structure space
** no larger than the budget is enumerated instead (enumerate.c); a family
** space is its instances, all of them or a sample of --budget.
**
** Needs: the task's seeds (search.c), a worker's scratch context for the
** seen set, the space and its constraints (space.c, constrain.c).  All
** randomness comes from the task's seed, so the result does not depend
** on the thread that runs it.
*/
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>
#include "mdfc/arena.h"
#include "search_int.h"

uint64_t
search_map_hash(const MdfMapping *m)
{
	uint64_t h = mix(1469598103934665603ull, m->nlevels);
	for (uint32_t i = 0; i < m->nlevels; i++) {
		const MdfMapLevel *l = &m->lv[i];
		h = mix(h, i ? (uint64_t)l->cluster_size : 0);
		h = mix(h, l->ndirs);
		for (uint32_t j = 0; j < l->ndirs; j++) {
			const MdfMapDir *d = &l->dirs[j];
			h = mix(h, (uint64_t)d->kind << 8 | d->dim);
			h = mix(h, (uint64_t)d->size);
			h = mix(h, (uint64_t)d->offset);
		}
	}
	return h ? h : 1;
}

/* ---- objective ---- */

static double
objective(MdfObjective o, const MdfPointResult *r)
{
	switch (o) {
	case MDF_OBJ_ENERGY: return r->energy_nj;
	case MDF_OBJ_EDP: return (double)r->runtime * r->energy_nj;
	default: return (double)r->runtime;
	}
}

/* a strictly better than b: the objective, then the other figure. */
static bool
better(MdfObjective o, const MdfPointResult *a, const MdfPointResult *b)
{
	double x = objective(o, a), y = objective(o, b);
	if (x != y)
		return x < y;
	if (o == MDF_OBJ_ENERGY)
		return a->runtime < b->runtime;
	return a->energy_nj < b->energy_nj;
}

double
search_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* True if h was already there. */
bool
search_seen_add(Seen *s, uint64_t h)
{
	if (!s->slot || s->n * 2 >= s->cap)
		return false;   /* full: treat as new (evaluating twice is harmless) */
	size_t i = (size_t)(h & (s->cap - 1));
	while (s->slot[i]) {
		if (s->slot[i] == h)
			return true;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = h;
	s->n++;
	return false;
}

static void
pareto_add(Task *t, const MdfMapping *m, const MdfPointResult *r)
{
	for (uint32_t i = 0; i < t->npareto; i++) {
		const MdfParetoPoint *p = &t->pareto[i];
		if (p->runtime <= r->runtime && p->energy_nj <= r->energy_nj)
			return;     /* dominated or equal */
	}
	uint32_t k = 0;
	for (uint32_t i = 0; i < t->npareto; i++) {
		const MdfParetoPoint *p = &t->pareto[i];
		if (!(r->runtime <= p->runtime && r->energy_nj <= p->energy_nj))
			t->pareto[k++] = *p;
	}
	t->npareto = k;
	if (k == MAX_PARETO)
		return;     /* front full: keep what it holds */
	/* insert sorted by runtime */
	uint32_t at = k;
	while (at > 0 && t->pareto[at - 1].runtime > r->runtime) {
		t->pareto[at] = t->pareto[at - 1];
		at--;
	}
	t->pareto[at].runtime = r->runtime;
	t->pareto[at].energy_nj = r->energy_nj;
	t->pareto[at].map = *m;
	t->npareto++;
}

/* Population order: points that fit the buffers first, then the objective. */
static bool
pop_better(MdfObjective o, const MdfPointResult *a, const MdfPointResult *b)
{
	bool fa = a->status == MDF_POINT_OK, fb = b->status == MDF_POINT_OK;
	if (fa != fb)
		return fa;
	return better(o, a, b);
}

/* The structure of a mapping: its levels and each one's spatial dimensions. */
static uint64_t
structure_sig(const MdfMapping *m)
{
	uint64_t h = mix(5, m->nlevels);
	for (uint32_t i = 0; i < m->nlevels; i++)
		for (uint32_t j = 0; j < m->lv[i].ndirs; j++)
			if (m->lv[i].dirs[j].kind == DIR_SPATIAL)
				h = mix(h, (uint64_t)i << 8 | m->lv[i].dirs[j].dim);
	return h;
}

/* A valid starting point: the best of its structure so far, one that fits
   the buffers before one that does not (the list is kept in that order). */
static void
start_add(Pool *pl, const MdfMapping *m, const MdfPointResult *r, uint64_t sig)
{
	MdfObjective o = pl->o->objective;
	uint32_t at = 0;
	while (at < pl->nstarts && pl->starts[at].sig != sig)
		at++;
	if (at < pl->nstarts) {
		if (!pop_better(o, r, &pl->starts[at].r))
			return;
	} else if (pl->nstarts < MAX_STARTS)
		pl->nstarts++;
	else {
		at = pl->nstarts - 1;       /* full: the worst structure's place */
		if (!pop_better(o, r, &pl->starts[at].r))
			return;
	}
	while (at > 0 && pop_better(o, r, &pl->starts[at - 1].r)) {
		pl->starts[at] = pl->starts[at - 1];
		at--;
	}
	pl->starts[at].map = *m;
	pl->starts[at].r = *r;
	pl->starts[at].sig = sig;
}

void
search_consider(Pool *pl, const MdfMapping *m, const MdfPointResult *r)
{
	Task *t = pl->t;
	const MdfSearchOpts *o = pl->o;
	Member *pop = pl->pop;
	t->evaluated++;
	if (r->status == MDF_POINT_BOUND) {
		if (t->bound++ == 0) {
			t->bound_map = *m;
			t->bound_res = *r;
		}
		return;
	}
	if (r->status != MDF_POINT_OK && r->status != MDF_POINT_INFEASIBLE)
		return;
	t->valid++;
	if (r->status == MDF_POINT_INFEASIBLE)
		t->infeasible++;
	else {
		if (pl->emin == 0 || r->energy_nj < pl->emin)
			pl->emin = r->energy_nj;
		pareto_add(t, m, r);
		if (t->best.status != MDF_POINT_OK || better(o->objective, r, &t->best)) {
			t->best = *r;
			t->best_map = *m;
		}
	}
	uint64_t sig = structure_sig(m);
	if (pl->seeding && pl->starts)
		start_add(pl, m, r, sig);
	/* population: the POP best, sorted best first; mappings that do not
	   fit the buffers only while there are not enough that do */
	uint32_t n = pl->npop;
	/* a full population keeps its structures (levels and their spatial
	   dimensions) apart: a point whose structure has NICHE members takes
	   the place of that structure's worst, any other the place of the
	   worst member of a structure with more than NICHE (else the worst) */
	if (n == POP) {
		uint32_t victim = n - 1, same = 0, worst_same = 0;
		for (uint32_t i = 0; i < n; i++)
			if (pop[i].sig == sig) {
				same++;
				worst_same = i;
			}
		if (same >= NICHE)
			victim = worst_same;
		else
			for (uint32_t i = n; i-- > 0;) {
				uint32_t c = 0;
				for (uint32_t k = 0; k < n; k++)
					c += pop[k].sig == pop[i].sig;
				if (c > NICHE) {
					victim = i;
					break;
				}
			}
		if (!pop_better(o->objective, r, &pop[victim].r))
			return;
		memmove(&pop[victim], &pop[victim + 1], (n - victim - 1) * sizeof *pop);
		n--;
	}
	if (n < POP)
		n++;
	uint32_t at = n - 1;
	while (at > 0 && pop_better(o->objective, r, &pop[at - 1].r)) {
		pop[at] = pop[at - 1];
		at--;
	}
	pop[at].map = *m;
	pop[at].r = *r;
	pop[at].sig = sig;
	pl->npop = n;
}

/* m is not worth evaluating against `than`.  Runtime: its busy-PE bound
   is above than's runtime (it cannot beat it).  EDP: that bound times the
   least energy seen so far is above than's EDP (a heuristic: a point could
   use less energy than any seen). */
static bool
hopeless(const Pool *pl, const Space *s, const MdfMapping *m, const MdfPointResult *than)
{
	if (than->status != MDF_POINT_OK)
		return false;
	if (pl->o->objective == MDF_OBJ_RUNTIME)
		return search_busy_bound(s, m, pl->t->macs) > than->runtime;
	if (pl->o->objective == MDF_OBJ_EDP && pl->emin > 0)
		return (double)search_busy_bound(s, m, pl->t->macs) * pl->emin > (double)than->runtime * than->energy_nj;
	return false;
}

static bool
out_of_time(Run *run, const Task *t)
{
	if (run->deadline > 0 && (t->evaluated & 63) == 0 && search_now() > run->deadline) {
		pthread_mutex_lock(&run->mu);
		run->timed_out = true;
		pthread_mutex_unlock(&run->mu);
		return true;
	}
	return run->timed_out && run->deadline > 0;
}

/* Evolutionary steps until `until` points are evaluated (or too many
   children in a row were seen already or outside the space). */
static void
evolve(Run *run, Pool *pl, const Space *s, uint64_t *rng, int64_t until)
{
	Task *t = pl->t;
	int64_t misses = 0;
	MdfPointResult r;
	while (t->evaluated < until && misses < run->budget * 20 && !out_of_time(run, t)) {
		/* parent: the better of two random members; while no valid
		   point is known, a starting point */
		MdfMapping child;
		if (pl->npop > 0) {
			uint32_t a = (uint32_t)rng_below(rng, pl->npop), b = (uint32_t)rng_below(rng, pl->npop);
			child = pl->pop[a < b ? a : b].map;
		} else
			child = t->seeds[rng_below(rng, t->nseeds)];
		int k = 1 + (int)rng_below(rng, 3);
		for (int i = 0; i < k; i++)
			search_mutate(s, rng, &child);
		search_project(s, rng, &child);
		if (!search_satisfies(s, &child) ||
		    hopeless(pl, s, &child, &t->best) ||
		    search_seen_add(&pl->seen, search_map_hash(&child))) {
			misses++;
			continue;
		}
		mdf_point_eval(pl->p, &child, &r);
		search_consider(pl, &child, &r);
	}
}

/* Hill climb from `from` until no neighbour is better or `until` points
   are evaluated; true when it stopped at a local optimum. */
static bool
climb(Run *run, Pool *pl, const Space *s, uint64_t *rng, const Member *from, MdfMapping *nb, uint32_t maxnb,
      int64_t until)
{
	Task *t = pl->t;
	Member cur = *from;
	MdfPointResult r;
	for (;;) {
		uint32_t n = search_neighbours(s, rng, &cur.map, nb, maxnb);
		bool moved = false;
		for (uint32_t i = 0; i < n && !moved; i++) {
			if (t->evaluated >= until || out_of_time(run, t))
				return false;
			if (!search_satisfies(s, &nb[i]) || hopeless(pl, s, &nb[i], &cur.r) ||
			    search_seen_add(&pl->seen, search_map_hash(&nb[i])))
				continue;
			mdf_point_eval(pl->p, &nb[i], &r);
			search_consider(pl, &nb[i], &r);
			if (r.status == MDF_POINT_OK && better(pl->o->objective, &r, &cur.r)) {
				cur.map = nb[i];
				cur.r = r;
				moved = true;
			}
		}
		if (!moved)
			return true;
	}
}

/* Evaluate the starting point sd (moved into the space when it is outside
   it, unless the space is a family's instances), as a starting point. */
static void
seed_point(Pool *pl, const Space *s, uint64_t *rng, MdfMapping *sd, bool family)
{
	MdfPointResult r;
	if (!search_satisfies(s, sd)) {
		if (family)
			return;
		search_project(s, rng, sd);
		if (!search_satisfies(s, sd))
			return;
	}
	if (search_seen_add(&pl->seen, search_map_hash(sd)))
		return;
	pl->seeding = true;
	mdf_point_eval(pl->p, sd, &r);
	search_consider(pl, sd, &r);
	pl->seeding = false;
}

/* Each structure whose best starting point does not fit the buffers: its
   lean form (space.c), evaluated as a starting point, so that it takes the
   structure's place in the ranked list of starts if it fits (until `until`
   points are evaluated). */
static void
lean_starts(Pool *pl, const Space *s, int64_t until, MdfCtx *scratch)
{
	Task *t = pl->t;
	uint32_t n = pl->nstarts;
	Member *snap = arena_array(scratch->arena, n + 1, sizeof *snap);
	MdfPointResult r;
	if (!snap)
		return;
	memcpy(snap, pl->starts, n * sizeof *snap);
	pl->seeding = true;
	for (uint32_t i = 0; i < n && t->evaluated < until; i++) {
		MdfMapping *m = &snap[i].map;
		if (snap[i].r.status == MDF_POINT_OK || !search_lean(s, m) || !search_satisfies(s, m) ||
		    search_seen_add(&pl->seen, search_map_hash(m)))
			continue;
		mdf_point_eval(pl->p, m, &r);
		search_consider(pl, m, &r);
	}
	pl->seeding = false;
}

/* After the starting points: evolution for a third of what is left of
   the budget, short climbs from each structure's best starting point for
   a third of what is then left, then rounds of a hill climb from the best
   point found (or,
   when that one is a local optimum already, from another member of the
   population) and more evolution. */
static void
search_loop(Run *run, Pool *pl, const Space *s, uint64_t *rng, MdfCtx *scratch)
{
	Task *t = pl->t;
	enum { MAXNB = 640 };
	MdfMapping *nb = arena_array(scratch->arena, MAXNB, sizeof *nb);
	int64_t left = run->budget - t->evaluated;
	evolve(run, pl, s, rng, t->evaluated + left / 3);
	uint64_t climbed[64];
	uint32_t nclimbed = 0;
	/* a climb from the best starting point of each structure, best
	   first, though the population may have crowded the structure out
	   (a structure none of whose starting points fits the buffers is
	   ranked by its best one's lean form first); they share a third of
	   what is left, the best CLIMB_STARTS first (what a short climb
	   leaves goes to the next) */
	left = run->budget - t->evaluated;
	int64_t end = t->evaluated + left / 3;
	/* the late starting points (search_int.h: Task.late) join the
	   structures climbed from */
	for (uint32_t i = t->late; i < t->nseeds && t->evaluated < end; i++)
		seed_point(pl, s, rng, &t->seeds[i], false);
	lean_starts(pl, s, end, scratch);
	for (uint32_t i = 0; nb && i < pl->nstarts && t->evaluated < end; i++) {
		uint32_t ahead = pl->nstarts - i < CLIMB_STARTS ? pl->nstarts - i : CLIMB_STARTS;
		int64_t share = (end - t->evaluated) / ahead;
		if (pl->starts[i].r.status != MDF_POINT_OK)
			continue;
		if (nclimbed < 64)
			climbed[nclimbed++] = search_map_hash(&pl->starts[i].map);
		climb(run, pl, s, rng, &pl->starts[i], nb, MAXNB, t->evaluated + (share > 1 ? share : 1));
	}
	while (nb && t->evaluated < run->budget && !(run->timed_out && run->deadline > 0)) {
		int64_t before = t->evaluated;
		/* the best member not climbed from yet */
		uint32_t k = 0;
		for (; k < pl->npop; k++) {
			uint64_t h = search_map_hash(&pl->pop[k].map);
			uint32_t i = 0;
			while (i < nclimbed && climbed[i] != h)
				i++;
			if (i == nclimbed)
				break;
		}
		if (k < pl->npop && pl->pop[k].r.status == MDF_POINT_OK) {
			Member from = pl->pop[k];
			if (nclimbed < 64)
				climbed[nclimbed++] = search_map_hash(&from.map);
			climb(run, pl, s, rng, &from, nb, MAXNB, run->budget);
			/* the optimum it reached is climbed from already */
			if (nclimbed < 64 && pl->npop)
				climbed[nclimbed++] = search_map_hash(&pl->pop[0].map);
		}
		left = run->budget - t->evaluated;
		evolve(run, pl, s, rng, t->evaluated + (left < 200 ? left : left / 4 > 200 ? left / 4 : 200));
		if (t->evaluated == before)
			break;      /* nothing new to evaluate */
	}
	if (!nb)
		evolve(run, pl, s, rng, run->budget);
}

void
search_run_task(Worker *w, Task *t)
{
	Run *run = w->run;
	const MdfSearchOpts *o = run->o;
	double t0 = search_now();
	MdfPoint *p = mdf_point_new(t->layer, run->hw, &o->cost);
	if (!p) {
		t->failed = true;
		return;
	}
	t->macs = mdf_point_macs(p);
	Space s;
	search_space_init(&s, t->layer, run->hw);
	ArenaMark mk = arena_mark(w->scratch->arena);
	Pool pl;
	memset(&pl, 0, sizeof pl);
	pl.t = t;
	pl.o = o;
	pl.p = p;
	pl.seen.cap = 1;
	while (pl.seen.cap < (size_t)run->budget * 4 + 64)
		pl.seen.cap *= 2;
	pl.seen.slot = arena_array(w->scratch->arena, pl.seen.cap, sizeof *pl.seen.slot);
	uint64_t rng = t->seed;
	bool family = s.spec && s.spec->family;
	/* the order the starting points are taken in: as given, or (a family
	   space larger than the budget) a random sample of it */
	uint32_t *order = arena_array(w->scratch->arena, t->nseeds + 1, sizeof *order);
	if (!order) {
		t->failed = true;
		arena_release(w->scratch->arena, mk);
		mdf_point_free(p);
		return;
	}
	for (uint32_t i = 0; i < t->nseeds; i++)
		order[i] = i;
	if (family && t->nseeds > run->budget)
		for (uint32_t i = t->nseeds; i-- > 1;) {
			uint32_t j = (uint32_t)rng_below(&rng, (int64_t)i + 1), x = order[i];
			order[i] = order[j];
			order[j] = x;
		}
	uint32_t taken = 0;
	bool enumerated = false;
	pl.starts = arena_array(w->scratch->arena, MAX_STARTS, sizeof *pl.starts);
	if (search_enumerable(&s)) {
		enumerated = t->exhaustive =
			search_enumerate(&s, &pl, o->objective == MDF_OBJ_RUNTIME, run->budget, &t->pruned);
	}
	uint32_t first = !family && t->late < t->nseeds ? t->late : t->nseeds;
	for (; !enumerated && taken < first && t->evaluated < run->budget; taken++)
		seed_point(&pl, &s, &rng, &t->seeds[order[taken]], family);
	if (family)
		t->exhaustive = taken == t->nseeds;
	if (!family && !enumerated && (pl.npop > 0 || t->nseeds > 0))
		search_loop(run, &pl, &s, &rng, w->scratch);
	arena_release(w->scratch->arena, mk);
	mdf_point_free(p);
	t->seconds = search_now() - t0;
}
