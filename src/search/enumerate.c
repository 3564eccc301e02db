/*
** enumerate.c: exhaustive enumeration with pruning (docs/search.md
** section 3).
**
** When the constraints fix the structure (one number of levels, and for
** every level its Order and its Spatial dimensions), what is left is a
** choice per level of the spatial dimension and the cluster size, and a
** tile per directive: every size from 1 to the extent the level receives
** (for Y and X: every number t of output rows, as TemporalMap(t + R - 1,
** t); for R and S: the whole window or 1), within the Tile bounds.  A
** space of at most --budget such points is enumerated whole instead of
** searched.  Pruning: tiles never exceed what the level above hands down
** (larger ones would be the same mapping); a mapping seen already is not
** evaluated again; and for the runtime objective a point whose lower
** bound MACs / (PEs it can keep busy x SIMD) is above the best runtime
** found is skipped.
**
** Needs: the Space with its spec (space.c), a Pool to count points into
** (task.c: its evaluator, seen set, task and population).
*/
#include <string.h>
#include "search_int.h"

typedef struct Enum {
	const Space *s;
	Pool *pl;
	int64_t limit;              /* counting: stop past this many points */
	int64_t count;
	bool counting;
	bool prune;                 /* lower-bound pruning (runtime objective) */
	bool bound_broken;          /* a point ran faster than its bound: pruning off */
	int64_t pruned;
	uint8_t todo[MDF_MAP_MAXL][MDF_MAP_MAXD];   /* per level: directive indices, R and S first */
	int64_t cl_lo[MDF_MAP_MAXL], cl_hi[MDF_MAP_MAXL];
} Enum;

/* True when the constraints fix the structure: the space is enumerable. */
bool
search_enumerable(const Space *s)
{
	const IrSearchSpec *sp = s->spec;
	if (!sp || sp->family || !sp->levels_lo || sp->levels_lo != sp->levels_hi)
		return false;
	for (int64_t i = 0; i < sp->levels_lo; i++)
		if (!sp->norder[i] || !sp->spatial[i])
			return false;
	return true;
}

/* Tile values of directive j of level li: out[] gets sizes (offset via
   the same rule); returns the count (at most max). */
static uint32_t
tile_values(const Space *s, const MdfMapping *m, uint32_t li, uint32_t j, int64_t *size, int64_t *off,
	    uint32_t max)
{
	const MdfMapDir *d = &m->lv[li].dirs[j];
	Dim dim = (Dim)d->dim;
	int64_t ext = search_level_ext(s, m, li, dim);
	const IrSearchSpec *sp = s->spec;
	int64_t lo = sp->tile_lo[dim] ? sp->tile_lo[dim] : 1, hi = sp->tile_lo[dim] ? sp->tile_hi[dim] : INT64_MAX;
	uint32_t n = 0;
	if (search_sliding(s, dim)) {
		int64_t w = search_window_tile(s, m, li, search_window_of(dim));
		for (int64_t t = 1; t <= ext - w + 1 && n < max; t++)
			if (t + w - 1 >= lo && t + w - 1 <= hi) {
				size[n] = t + w - 1;
				off[n++] = t;
			}
	} else if (s->v.conv && (dim == DIM_R || dim == DIM_S)) {
		if (ext >= lo && ext <= hi)
			size[n] = off[n] = ext, n++;
		if (ext > 1 && lo <= 1)
			size[n] = off[n] = 1, n++;
	} else {
		for (int64_t t = 1; t <= ext && n < max; t++)
			if (t >= lo && t <= hi)
				size[n] = off[n] = t, n++;
	}
	return n;
}

static void
enum_leaf(Enum *e, MdfMapping *m)
{
	if (e->counting) {
		e->count++;
		return;
	}
	uint64_t h = search_map_hash(m);
	const Task *t = e->pl->t;
	if (e->prune && t->best.status == MDF_POINT_OK && search_busy_bound(e->s, m, t->macs) > t->best.runtime) {
		e->pruned++;
		return;
	}
	if (search_seen_add(&e->pl->seen, h))
		return;
	MdfPointResult r;
	mdf_point_eval(e->pl->p, m, &r);
	if (r.status == MDF_POINT_OK && r.runtime < search_busy_bound(e->s, m, t->macs))
		e->bound_broken = true;
	search_consider(e->pl, m, &r);
}

/* Level li, directive step k (of e->todo order); k == ndirs: next level. */
static void
enum_level(Enum *e, MdfMapping *m, uint32_t li, uint32_t k)
{
	if (e->counting && e->count > e->limit)
		return;
	if (li == m->nlevels) {
		enum_leaf(e, m);
		return;
	}
	MdfMapLevel *L = &m->lv[li];
	if (k == L->ndirs) {
		enum_level(e, m, li + 1, 0);
		return;
	}
	uint32_t j = e->todo[li][k];
	int64_t size[256], off[256];
	uint32_t n = tile_values(e->s, m, li, j, size, off, 256);
	MdfMapDir keep = L->dirs[j];
	for (uint32_t v = 0; v < n && !(e->counting && e->count > e->limit); v++) {
		L->dirs[j].size = size[v];
		L->dirs[j].offset = off[v];
		enum_level(e, m, li, k + 1);
	}
	L->dirs[j] = keep;
}

/* The structure's choices: each level's spatial dimension, then its
   cluster size; then the tiles (enum_level). */
static void
enum_structure(Enum *e, MdfMapping *m, uint32_t li)
{
	if (li == m->nlevels) {
		enum_level(e, m, 0, 0);
		return;
	}
	if (li >= MDF_MAP_MAXL || li >= IR_SEARCH_MAXL)
		return;         /* never: nlevels is at most both (and gcc -O2 asks) */
	const IrSearchSpec *sp = e->s->spec;
	MdfMapLevel *L = &m->lv[li];
	for (uint32_t sj = 0; sj < L->ndirs; sj++) {
		if (!(sp->spatial[li] & DIM_BIT(L->dirs[sj].dim)))
			continue;
		for (uint32_t j = 0; j < L->ndirs; j++)
			L->dirs[j].kind = j == sj ? DIR_SPATIAL : DIR_TEMPORAL;
		if (li == 0) {
			enum_structure(e, m, li + 1);
			continue;
		}
		int64_t hi = e->cl_hi[li];
		for (int64_t c = e->cl_lo[li]; c <= hi && !(e->counting && e->count > e->limit); c++) {
			L->cluster_size = c;
			if (search_cluster_product(m, 0) > e->s->pes)
				break;  /* more PEs than the accelerator has: invalid */
			enum_structure(e, m, li + 1);
		}
	}
}

bool
search_enumerate(const Space *s, Pool *pl, bool prune, int64_t limit, int64_t *pruned)
{
	Enum en, *e = &en;
	memset(e, 0, sizeof *e);
	e->s = s;
	e->pl = pl;
	e->prune = prune;
	*pruned = 0;
	const IrSearchSpec *sp = s->spec;
	MdfMapping m;
	memset(&m, 0, sizeof m);
	m.nlevels = (uint32_t)sp->levels_lo;
	for (uint32_t i = 0; i < m.nlevels; i++) {
		MdfMapLevel *L = &m.lv[i];
		L->ndirs = sp->norder[i] < MDF_MAP_MAXD ? sp->norder[i] : MDF_MAP_MAXD;
		uint32_t k = 0;
		for (uint32_t j = 0; j < L->ndirs; j++) {
			L->dirs[j].dim = sp->order[i][j];
			L->dirs[j].size = L->dirs[j].offset = 1;
			if (sp->order[i][j] == DIM_R || sp->order[i][j] == DIM_S)
				e->todo[i][k++] = (uint8_t)j;
		}
		for (uint32_t j = 0; j < L->ndirs; j++)
			if (sp->order[i][j] != DIM_R && sp->order[i][j] != DIM_S)
				e->todo[i][k++] = (uint8_t)j;
		e->cl_lo[i] = i && sp->cluster_lo[i] ? sp->cluster_lo[i] : 1;
		e->cl_hi[i] = i && sp->cluster_lo[i] ? sp->cluster_hi[i] : s->pes;
	}
	e->counting = true;
	e->count = 0;
	e->limit = limit;
	enum_structure(e, &m, 0);
	if (e->count > limit)
		return false;
	e->counting = false;
	enum_structure(e, &m, 0);
	if (e->bound_broken && e->pruned) {
		/* a point beat its busy-PE bound: the pruned ones are
		   evaluated after all (the seen set skips the rest) */
		e->prune = false;
		e->pruned = 0;
		enum_structure(e, &m, 0);
	}
	*pruned = e->pruned;
	return true;
}

