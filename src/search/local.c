/*
** local.c: the neighbourhood of a mapping and the hill climb over it
** (docs/search.md section 3, "Local search").
**
** A neighbour differs from the mapping by one change: a tile moved to a
** nearby value (one more or less, twice or half, the neighbouring
** divisors of the extent, the smallest tile with one step more or less or
** the same number of steps, 1, the whole extent; for Y and X in output
** rows, also in the strided form TemporalMap((t - 1) x s + R, t x s)), two
** directives of a level swapped or one moved to the front or back, another
** spatial dimension, a cluster size moved the same way as a tile, a
** temporal directive removed or one added, a cluster level removed or
** added inside.  The climb takes the neighbours in a random order, moves
** to the first one that is better, and stops at a mapping none of whose
** neighbours is (or when the budget is spent).
**
** Needs: the Space (space.c: extents per level, the directive makers), a
** Pool (task.c: the evaluator, the seen set, the task's counts).  All
** randomness comes from the caller's rng, so the climb is deterministic.
*/
#include <string.h>
#include "search_int.h"

enum { MAX_VALUES = 24 };

typedef struct Values {
	int64_t v[MAX_VALUES];
	uint32_t n;
} Values;

static void
val_add(Values *vs, int64_t x, int64_t lo, int64_t hi, int64_t cur)
{
	if (x < lo || x > hi || x == cur || vs->n == MAX_VALUES)
		return;
	for (uint32_t i = 0; i < vs->n; i++)
		if (vs->v[i] == x)
			return;
	vs->v[vs->n++] = x;
}

/* Values near cur for a tile (or a cluster size) within [1, e]. */
static void
near_values(int64_t cur, int64_t e, Values *vs)
{
	vs->n = 0;
	if (e <= 1)
		return;
	val_add(vs, 1, 1, e, cur);
	val_add(vs, e, 1, e, cur);
	val_add(vs, cur - 1, 1, e, cur);
	val_add(vs, cur + 1, 1, e, cur);
	val_add(vs, cur * 2, 1, e, cur);
	val_add(vs, cur / 2, 1, e, cur);
	/* the neighbouring divisors of e */
	for (int64_t x = cur - 1; x >= 1; x--)
		if (e % x == 0) {
			val_add(vs, x, 1, e, cur);
			break;
		}
	for (int64_t x = cur + 1; x <= e; x++)
		if (e % x == 0) {
			val_add(vs, x, 1, e, cur);
			break;
		}
	/* the smallest tile with the same number of steps, one more, one less */
	int64_t steps = e / cur + (e % cur != 0);
	for (int64_t k = steps - 1; k <= steps + 1; k++)
		if (k >= 1)
			val_add(vs, e / k + (e % k != 0), 1, e, cur);
}

/* The neighbour list being built. */
typedef struct Nb {
	MdfMapping *out;
	uint32_t n, max;
} Nb;

static MdfMapping *
nb_new(Nb *nb, const MdfMapping *m)
{
	if (nb->n == nb->max)
		return NULL;
	MdfMapping *c = &nb->out[nb->n++];
	*c = *m;
	return c;
}

/* Chunks of a directive over an extent n (its steps). */
static int64_t
chunks_of(const MdfMapDir *d, int64_t n)
{
	if (n <= d->size || d->offset <= 0)
		return 1;
	return 1 + (n - d->size) / d->offset + ((n - d->size) % d->offset != 0);
}

/* Coupled with a tile of dim at level li: when the level below maps dim
   spatially, the same change with that level's cluster size set to the
   chunks it now receives (one unit per chunk). */
static void
couple_below(const Space *s, Nb *nb, const MdfMapping *c, uint32_t li, Dim dim)
{
	uint32_t lo = li + 1;
	if (lo >= c->nlevels)
		return;
	int k = search_spatial_index(&c->lv[lo]);
	if (k < 0 || c->lv[lo].dirs[k].dim != dim)
		return;
	int64_t room = s->pes / search_cluster_product(c, lo);
	int64_t n = chunks_of(&c->lv[lo].dirs[k], search_level_ext(s, c, lo, dim));
	if (n > room)
		n = room;
	if (n < 1 || n == c->lv[lo].cluster_size)
		return;
	MdfMapping *c2 = nb_new(nb, c);
	if (c2)
		c2->lv[lo].cluster_size = n;
}

/* Coupled with a cluster size of level li (li >= 1): the tile of its
   spatial dimension at the level above set to hand down exactly one chunk
   per unit (same overlap as the spatial map's). */
static void
couple_above(const Space *s, Nb *nb, const MdfMapping *c, uint32_t li)
{
	int k = search_spatial_index(&c->lv[li]);
	if (k < 0)
		return;
	const MdfMapDir *sd = &c->lv[li].dirs[k];
	int j = search_find_dir(&c->lv[li - 1], (Dim)sd->dim);
	if (j < 0 || sd->offset <= 0 || sd->size < sd->offset)
		return;
	int64_t ext = search_level_ext(s, c, li - 1, (Dim)sd->dim);
	int64_t size = (c->lv[li].cluster_size - 1) * sd->offset + sd->size;
	if (size > ext || size == c->lv[li - 1].dirs[j].size)
		return;
	MdfMapping *c2 = nb_new(nb, c);
	if (c2) {
		c2->lv[li - 1].dirs[j].size = size;
		c2->lv[li - 1].dirs[j].offset = size - (sd->size - sd->offset);
	}
}

/* Tile neighbours of directive j of level li (and each coupled with the
   cluster size below). */
static void
tile_moves(const Space *s, Nb *nb, const MdfMapping *m, uint32_t li, uint32_t j)
{
	const MdfMapDir *d = &m->lv[li].dirs[j];
	Dim dim = (Dim)d->dim;
	if (dim == DIM_YP || dim == DIM_XP)
		return;
	int64_t ext = search_level_ext(s, m, li, dim);
	Values vs;
	if (search_sliding(s, dim)) {
		int64_t w = search_window_tile(s, m, li, search_window_of(dim));
		int64_t st = s->l->stride[dim] > 1 ? s->l->stride[dim] : 1;
		/* output rows per step: as written (offset t) ... */
		int64_t outs = ext - w + 1, cur = d->offset;
		if (outs < 1)
			return;
		near_values(cur < 1 ? 1 : cur > outs ? outs : cur, outs, &vs);
		for (uint32_t i = 0; i < vs.n; i++) {
			MdfMapping *c = nb_new(nb, m);
			if (!c)
				return;
			c->lv[li].dirs[j].size = vs.v[i] + w - 1;
			c->lv[li].dirs[j].offset = vs.v[i];
			couple_below(s, nb, c, li, dim);
		}
		/* ... and strided: t output rows, (t - 1) x s + w input rows */
		if (st > 1 && ext >= w) {
			int64_t souts = (ext - w) / st + 1, sc = d->offset / st;
			sc = sc < 1 ? 1 : sc > souts ? souts : sc;
			near_values(sc, souts, &vs);
			if (d->offset != sc * st || d->size != (sc - 1) * st + w)
				val_add(&vs, sc, 1, souts, 0);      /* the strided form of this tile */
			for (uint32_t i = 0; i < vs.n; i++) {
				MdfMapping *c = nb_new(nb, m);
				if (!c)
					return;
				c->lv[li].dirs[j].size = (vs.v[i] - 1) * st + w;
				c->lv[li].dirs[j].offset = vs.v[i] * st;
				couple_below(s, nb, c, li, dim);
			}
		}
	} else if (s->v.conv && (dim == DIM_R || dim == DIM_S)) {
		int64_t x = d->size == ext ? 1 : ext;
		if (x != d->size) {
			MdfMapping *c = nb_new(nb, m);
			if (c)
				c->lv[li].dirs[j].size = c->lv[li].dirs[j].offset = x;
		}
	} else {
		near_values(d->size < 1 ? 1 : d->size > ext ? ext : d->size, ext, &vs);
		for (uint32_t i = 0; i < vs.n; i++) {
			MdfMapping *c = nb_new(nb, m);
			if (!c)
				return;
			c->lv[li].dirs[j].size = c->lv[li].dirs[j].offset = vs.v[i];
			couple_below(s, nb, c, li, dim);
		}
	}
}

/* Neighbours of one level: its tiles, its order, its spatial dimension,
   its cluster size, its directives. */
static void
level_moves(const Space *s, uint64_t *rng, Nb *nb, const MdfMapping *m, uint32_t li)
{
	const MdfMapLevel *L = &m->lv[li];
	for (uint32_t j = 0; j < L->ndirs; j++)
		tile_moves(s, nb, m, li, j);
	/* order: adjacent swaps, one directive to the front or the back */
	for (uint32_t j = 0; j < L->ndirs; j++) {
		MdfMapping *c;
		if (j + 1 < L->ndirs && (c = nb_new(nb, m)))
			search_move_dir(&c->lv[li], j, j + 1);
		if (j > 1 && (c = nb_new(nb, m)))
			search_move_dir(&c->lv[li], j, 0);
		if (j + 2 < L->ndirs && (c = nb_new(nb, m)))
			search_move_dir(&c->lv[li], j, L->ndirs - 1);
	}
	/* the spatial dimension (a level with exactly one SpatialMap) */
	int sp = search_spatial_index(L), nsp = 0;
	for (uint32_t j = 0; j < L->ndirs; j++)
		nsp += L->dirs[j].kind == DIR_SPATIAL;
	for (int d = 0; nsp == 1 && d < DIM__COUNT; d++) {
		if (!(s->dims & DIM_BIT(d)) || d == L->dirs[sp].dim)
			continue;
		MdfMapping *c = nb_new(nb, m);
		if (!c)
			return;
		MdfMapLevel *C = &c->lv[li];
		C->dirs[sp].kind = DIR_TEMPORAL;
		int k = search_find_dir(C, (Dim)d);
		if (k < 0) {
			if (C->ndirs == MDF_MAP_MAXD) {
				nb->n--;
				continue;
			}
			C->dirs[C->ndirs] = search_new_dir(s, rng, c, li, (Dim)d, DIR_SPATIAL);
			k = (int)C->ndirs++;
		}
		C->dirs[k].kind = DIR_SPATIAL;
	}
	/* the cluster size */
	if (li > 0) {
		int64_t room = s->pes / search_cluster_product(m, li);
		Values vs;
		near_values(L->cluster_size, room < 1 ? 1 : room, &vs);
		if (sp >= 0) {
			int64_t e = search_level_ext(s, m, li, (Dim)L->dirs[sp].dim);
			val_add(&vs, e, 1, room, L->cluster_size);
		}
		for (uint32_t i = 0; i < vs.n; i++) {
			MdfMapping *c = nb_new(nb, m);
			if (!c)
				return;
			c->lv[li].cluster_size = vs.v[i];
			couple_above(s, nb, c, li);
		}
	}
	/* a temporal directive less; a directive more (of a dimension the
	   level does not map), first or last */
	for (uint32_t j = 0; L->ndirs > 1 && j < L->ndirs; j++) {
		if (L->dirs[j].kind == DIR_SPATIAL)
			continue;
		MdfMapping *c = nb_new(nb, m);
		if (!c)
			return;
		search_move_dir(&c->lv[li], j, L->ndirs - 1);
		c->lv[li].ndirs--;
	}
	for (int d = 0; L->ndirs < MDF_MAP_MAXD && d < DIM__COUNT; d++) {
		if (!(s->dims & DIM_BIT(d)) || search_find_dir(L, (Dim)d) >= 0)
			continue;
		for (int at = 0; at < 2; at++) {
			MdfMapping *c = nb_new(nb, m);
			if (!c)
				return;
			MdfMapLevel *C = &c->lv[li];
			C->dirs[C->ndirs++] = search_new_dir(s, rng, c, li, (Dim)d, DIR_TEMPORAL);
			if (at == 0)
				search_move_dir(C, C->ndirs - 1, 0);
		}
	}
}

uint32_t
search_neighbours(const Space *s, uint64_t *rng, const MdfMapping *m, MdfMapping *out, uint32_t max)
{
	Nb nb = {out, 0, max};
	for (uint32_t li = 0; li < m->nlevels; li++)
		level_moves(s, rng, &nb, m, li);
	MdfMapping *c;
	if (m->nlevels > 1 && (c = nb_new(&nb, m)))
		c->nlevels--;
	if (m->nlevels < MDF_MAP_MAXL && (c = nb_new(&nb, m)))
		search_add_level(s, rng, c);
	/* a random order: the climb takes the first better one */
	for (uint32_t i = nb.n; i-- > 1;) {
		uint32_t j = (uint32_t)rng_below(rng, (int64_t)i + 1);
		MdfMapping x = out[i];
		out[i] = out[j];
		out[j] = x;
	}
	return nb.n;
}
