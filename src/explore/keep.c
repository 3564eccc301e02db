/*
** keep.c: --front-only (docs/explore.md): a worker keeps only the rows
** that can be on the Pareto front or be the best design, and the failed
** rows, instead of writing every row.  The front and the best are decided
** by explore_finish() on the figures as the rows print them (energy and
** area to 10 significant digits); a point is dropped here only when the
** decision cannot come out otherwise:
**
** - front: q "surely dominates" p when q is no worse in runtime, energy
**   and area and better by more than the printing can blur (runtime is an
**   integer, printed exactly; energy or area lower by a relative 1e-8,
**   where printing moves a value by at most 5e-10).  Printing is monotone,
**   so a surely dominated point is dominated in print too, and surely
**   dominating chains stay sure: every dropped point is surely dominated
**   by one that is kept.
** - best: every point whose objective is within a relative 1e-8 of the
**   best seen so far is kept.
**
** The rows kept are a superset of the front and the best, so the single
** run, and a merge of shards (each a superset for its slice), decide
** exactly as when every row is written.
**
** Finding a point's dominator is the cost of a large front.  The front
** is also kept sorted by runtime and energy (`byfig`), and a point looks
** first at the last dominator found, then at the members with its own
** runtime and energy (a design with larger buffers, or a wider NoC past
** the bandwidth the mapping can use, has the same runtime and energy as
** a smaller one), then at those with a lower runtime, nearest first; no
** other member can dominate it.  The order only changes how soon a
** dominator is found, not whether: the rows kept are the same.
*/
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "explore/explore_int.h"

#define BLUR 1e-8

struct Cand {
	uint64_t idx;
	double rt, e, a, v, macs;
	bool front, best, err;
	char *row;                  /* NULL until keep_flush formats it */
	size_t len;
	int64_t vals[MDF_MAX_AXES];
	RowFig f;                   /* without its `own` message (only errors have one) */
};

static bool
surely_dominates(const Cand *q, const Cand *p)
{
	return q->rt <= p->rt && q->e <= p->e && q->a <= p->a &&
	       (q->rt < p->rt || q->e < p->e * (1 - BLUR) || q->a < p->a * (1 - BLUR));
}

/* Order of byfig: runtime, then energy. */
static int
fig_cmp(const Cand *q, double rt, double e)
{
	if (q->rt != rt)
		return q->rt < rt ? -1 : 1;
	return q->e < e ? -1 : q->e > e;
}

/* The first index of byfig whose (runtime, energy) is not below (rt, e). */
static size_t
fig_lower(const Keep *k, double rt, double e)
{
	size_t lo = 0, hi = k->nfront;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fig_cmp(k->byfig[mid], rt, e) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether a member of the front surely dominates p: the last one found,
   then those with p's runtime and energy, then those with a lower
   runtime, or the same runtime and lower energy (byfig's order: no other
   member can), the nearest first. */
static bool
front_dominates(Keep *k, const Cand *p)
{
	if (k->last && surely_dominates(k->last, p))
		return true;
	size_t j0 = fig_lower(k, p->rt, p->e);
	for (size_t j = j0; j < k->nfront && fig_cmp(k->byfig[j], p->rt, p->e) == 0; j++)
		if (surely_dominates(k->byfig[j], p)) {
			k->last = k->byfig[j];
			return true;
		}
	for (size_t j = j0; j-- > 0;)
		if (surely_dominates(k->byfig[j], p)) {
			k->last = k->byfig[j];
			return true;
		}
	return false;
}

/* The objective as a quantity to minimise (positive). */
static double
objective_value(int objective, const RowFig *f)
{
	double rt = (double)f->runtime, macs = (double)f->macs;
	switch (objective) {
	case MDF_DSE_ENERGY: return f->energy;
	case MDF_DSE_EDP: return f->energy * rt;
	case MDF_DSE_PERF_PER_AREA: return rt * f->area / macs;
	default: return rt / macs;
	}
}

/* Whether p's objective is computed from the same figures as c's: then it
   prints the same and p, a later row, cannot be the best. */
static bool
same_objective(int objective, const Cand *c, const Cand *p)
{
	switch (objective) {
	case MDF_DSE_ENERGY: return c->e == p->e;
	case MDF_DSE_EDP: return c->e == p->e && c->rt == p->rt;
	case MDF_DSE_PERF_PER_AREA: return c->rt == p->rt && c->a == p->a && c->macs == p->macs;
	default: return c->rt == p->rt && c->macs == p->macs;
	}
}

static void
cand_drop(Cand *c)
{
	if (c->front || c->best || c->err)
		return;
	free(c->row);
	free(c);
}

static bool
push(Cand ***v, size_t *n, size_t *cap, Cand *c)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		Cand **nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return false;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = c;
	return true;
}

/* The row's text. */
static bool
cand_format(Keep *k, Cand *c, const Grid *g, const RowFig *f, const MdfExploreOpts *o)
{
	buf_reset(&k->scratch);
	rows_put(&k->scratch, g, c->vals, f, o);
	c->row = malloc(k->scratch.len + 1);
	if (!c->row || k->scratch.oom) {
		free(c->row);
		c->row = NULL;
		k->oom = true;
		return false;
	}
	memcpy(c->row, k->scratch.data, k->scratch.len);
	c->len = k->scratch.len;
	return true;
}

/* A candidate; its row is formatted later (keep_flush), once it has
   survived, while the names it borrows are still alive. */
static Cand *
cand_new(Keep *k, uint64_t idx, const Grid *g, const int64_t *vals, const RowFig *f, const MdfExploreOpts *o)
{
	Cand *c = malloc(sizeof *c);
	if (!c) {
		k->oom = true;
		return NULL;
	}
	c->idx = idx;
	c->rt = (double)f->runtime;
	c->e = f->energy;
	c->a = f->area;
	c->v = f->ok ? objective_value(o->objective, f) : 0;
	c->macs = (double)f->macs;
	c->front = c->best = c->err = false;
	c->row = NULL;
	c->len = 0;
	memcpy(c->vals, vals, sizeof c->vals);
	memcpy(&c->f, f, offsetof(RowFig, own));
	if (!f->ok && !cand_format(k, c, g, f, o)) {
		free(c);
		return NULL;
	}
	return c;
}

void
keep_flush(Keep *k, const Grid *g, const MdfExploreOpts *o)
{
	for (size_t j = 0; j < k->nfront; j++)
		if (!k->front[j]->row)
			cand_format(k, k->front[j], g, &k->front[j]->f, o);
	for (size_t j = 0; j < k->nbest; j++)
		if (!k->best[j]->row)
			cand_format(k, k->best[j], g, &k->best[j]->f, o);
}

void
keep_point(Keep *k, uint64_t idx, const Grid *g, const int64_t *vals, const RowFig *f, const MdfExploreOpts *o)
{
	if (k->oom)
		return;
	if (!f->ok) {
		Cand *c = cand_new(k, idx, g, vals, f, o);
		if (c) {
			c->err = true;
			if (!push(&k->errs, &k->nerrs, &k->caperrs, c)) {
				k->oom = true;
				free(c->row);
				free(c);
			}
		}
		return;
	}
	if (!f->feasible)
		return;
	Cand probe;
	probe.rt = (double)f->runtime;
	probe.e = f->energy;
	probe.a = f->area;
	probe.v = objective_value(o->objective, f);
	probe.macs = (double)f->macs;
	bool near_best = k->nbest == 0 || probe.v <= k->bmin * (1 + BLUR);
	for (size_t j = 0; j < k->nbest && near_best; j++)
		near_best = !same_objective(o->objective, k->best[j], &probe);
	bool on_front = !front_dominates(k, &probe);
	if (!near_best && !on_front)
		return;
	Cand *c = cand_new(k, idx, g, vals, f, o);
	if (!c)
		return;
	if (on_front && k->nfront + 1 > k->capbyfig) {
		size_t nc = k->capbyfig ? k->capbyfig * 2 : 64;
		Cand **nv = realloc(k->byfig, nc * sizeof *nv);
		if (!nv) {
			k->oom = true;
			on_front = false;
		} else {
			k->byfig = nv;
			k->capbyfig = nc;
		}
	}
	if (on_front) {
		/* the members c dominates leave the front (and byfig) */
		for (size_t j = 0; j < k->nfront; j++)
			if (surely_dominates(c, k->front[j])) {
				k->front[j]->front = false;
				if (k->front[j] == k->last)
					k->last = NULL;
			}
		size_t w = 0, at = 0;
		for (size_t j = 0; j < k->nfront; j++)
			if (k->byfig[j]->front) {
				at += fig_cmp(k->byfig[j], c->rt, c->e) < 0;
				k->byfig[w++] = k->byfig[j];
			}
		memmove(k->byfig + at + 1, k->byfig + at, (w - at) * sizeof *k->byfig);
		k->byfig[at] = c;
		w = 0;
		for (size_t j = 0; j < k->nfront; j++) {
			Cand *q = k->front[j];
			if (q->front)
				k->front[w++] = q;
			else
				cand_drop(q);
		}
		k->nfront = w;
		c->front = true;
		if (!push(&k->front, &k->nfront, &k->capfront, c))
			c->front = false, k->oom = true;
	}
	if (near_best) {
		if (k->nbest == 0 || c->v < k->bmin) {
			k->bmin = c->v;
			size_t w = 0;
			for (size_t j = 0; j < k->nbest; j++) {
				Cand *q = k->best[j];
				if (q->v > k->bmin * (1 + BLUR)) {
					q->best = false;
					cand_drop(q);
				} else
					k->best[w++] = q;
			}
			k->nbest = w;
		}
		c->best = true;
		if (!push(&k->best, &k->nbest, &k->capbest, c))
			c->best = false, k->oom = true;
	}
	cand_drop(c);
}

static int
by_idx(const void *x, const void *y)
{
	const Cand *a = *(const Cand *const *)x, *b = *(const Cand *const *)y;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

bool
keep_finish(Keep *k, MdfBuf *out)
{
	size_t n = 0, cap = 0;
	Cand **all = NULL;
	bool ok = !k->oom;
	for (size_t j = 0; j < k->nfront && ok; j++)
		ok = push(&all, &n, &cap, k->front[j]);
	for (size_t j = 0; j < k->nbest && ok; j++)
		if (!k->best[j]->front)
			ok = push(&all, &n, &cap, k->best[j]);
	for (size_t j = 0; j < k->nerrs && ok; j++)
		ok = push(&all, &n, &cap, k->errs[j]);
	if (ok && n) {      /* (qsort must not be given NULL, even for no rows) */
		qsort(all, n, sizeof *all, by_idx);
		for (size_t j = 0; j < n; j++)
			buf_putn(out, all[j]->row, all[j]->len);
	}
	for (size_t j = 0; j < n; j++) {
		all[j]->front = all[j]->best = all[j]->err = false;
		cand_drop(all[j]);
	}
	free(all);
	free(k->front);
	free(k->byfig);
	free(k->best);
	free(k->errs);
	buf_free(&k->scratch);
	memset(k, 0, sizeof *k);
	return ok;
}
