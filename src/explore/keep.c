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
	bool on_front = true;
	for (size_t j = 0; j < k->nfront && on_front; j++)
		if (surely_dominates(k->front[j], &probe)) {
			on_front = false;
			if (j > 0) {        /* the next point is likely dominated by it too */
				Cand *t = k->front[j];
				k->front[j] = k->front[0];
				k->front[0] = t;
			}
		}
	if (!near_best && !on_front)
		return;
	Cand *c = cand_new(k, idx, g, vals, f, o);
	if (!c)
		return;
	if (on_front) {
		size_t w = 0;
		for (size_t j = 0; j < k->nfront; j++) {
			Cand *q = k->front[j];
			if (surely_dominates(c, q)) {
				q->front = false;
				cand_drop(q);
			} else
				k->front[w++] = q;
		}
		k->nfront = w;
		c->front = true;
		if (!push(&k->front, &k->nfront, &k->capfront, c))
			c->front = false, k->oom = true;
		else {              /* first: the next points are its neighbours */
			k->front[k->nfront - 1] = k->front[0];
			k->front[0] = c;
		}
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
	if (ok) {
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
	free(k->best);
	free(k->errs);
	buf_free(&k->scratch);
	memset(k, 0, sizeof *k);
	return ok;
}
