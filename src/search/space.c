/*
** space.c: the space of one layer's mappings (docs/search.md section 3):
** the extents each level receives and the random changes the search makes
** to a mapping (a tile, the loop order, the spatial dimension, a cluster
** size, a level or a directive added or removed).
**
** Needs: the layer's dimensions and strides (pass_layer_vars) and the
** accelerator's PEs and SIMD lanes; a caller's rng state.  Every change
** keeps a mapping well formed (sizes >= 1, at most MDF_MAP_MAXL levels and
** MDF_MAP_MAXD directives a level); whether it is valid is validation's
** business (mdf_point_eval).
*/
#include <string.h>
#include "search_int.h"

void
search_space_init(Space *s, const IrLayer *l, const IrHw *hw)
{
	memset(s, 0, sizeof *s);
	s->l = l;
	s->spec = l->search;
	pass_layer_vars(l, &s->v);
	s->pes = hw->num_pes;
	s->simd = hw->simd_lanes;
	for (int d = 0; d < DIM__COUNT; d++)
		s->ext[d] = l->dim[d];
	if (l->type == LT_FC)
		for (int d = DIM_R; d <= DIM_X; d++)
			if (!s->ext[d])
				s->ext[d] = 1;
	if (l->type == LT_TRCONV && l->normalized && l->nlevels > 0) {
		/* tiles of Y and X are over the dilated input (docs/ir.md 2.0),
		   which normalization put in the top level's table */
		for (int k = 0; k < 2; k++) {
			Dim in = k ? DIM_X : DIM_Y;
			if (l->levels[0].dims[in] > 0)
				s->ext[in] = l->levels[0].dims[in];
		}
	}
	if (s->v.conv) {
		for (int k = 0; k < 2; k++) {
			Dim in = k ? DIM_X : DIM_Y, out = k ? DIM_XP : DIM_YP, f = k ? DIM_S : DIM_R;
			int64_t st = l->stride[in] > 0 ? l->stride[in] : 1;
			if (!s->ext[in] && s->ext[out])
				s->ext[in] = (s->ext[out] - 1) * st + s->ext[f];
		}
	}
	uint32_t all = s->v.allowed | s->v.input | s->v.weight | s->v.output;
	for (int d = 0; d < DIM__COUNT; d++)
		if ((all & DIM_BIT(d)) && d != DIM_YP && d != DIM_XP && s->ext[d] > 0)
			s->dims |= DIM_BIT(d);
}

int
search_find_dir(const MdfMapLevel *l, Dim d)
{
	for (uint32_t j = 0; j < l->ndirs; j++)
		if (l->dirs[j].dim == d)
			return (int)j;
	return -1;
}

/* Move directive a of L to position b (the others keep their order). */
void
search_move_dir(MdfMapLevel *L, uint32_t a, uint32_t b)
{
	MdfMapDir d = L->dirs[a];
	if (a < b)
		memmove(&L->dirs[a], &L->dirs[a + 1], (b - a) * sizeof d);
	else if (b < a)
		memmove(&L->dirs[b + 1], &L->dirs[b], (a - b) * sizeof d);
	L->dirs[b] = d;
}

bool
search_sliding(const Space *s, Dim d)
{
	return s->v.conv && (d == DIM_Y || d == DIM_X);
}

Dim
search_window_of(Dim d)
{
	return d == DIM_Y ? DIM_R : DIM_S;
}

/* Extent of d at level li: the tile of the nearest level above that maps d. */
int64_t
search_level_ext(const Space *s, const MdfMapping *m, uint32_t li, Dim d)
{
	int64_t e = s->ext[d];
	for (uint32_t i = 0; i < li; i++) {
		int j = search_find_dir(&m->lv[i], d);
		if (j >= 0 && m->lv[i].dirs[j].size < e)
			e = m->lv[i].dirs[j].size;
	}
	return e > 0 ? e : 1;
}

/* The window tile (R or S) at level li: its directive there, else above. */
int64_t
search_window_tile(const Space *s, const MdfMapping *m, uint32_t li, Dim w)
{
	int j = search_find_dir(&m->lv[li], w);
	if (j >= 0)
		return m->lv[li].dirs[j].size;
	return search_level_ext(s, m, li, w);
}

/* A tile size for an extent: a divisor, a power of two, the whole, or any. */
static int64_t
pick_size(uint64_t *rng, int64_t ext)
{
	if (ext <= 1)
		return 1;
	switch (rng_below(rng, 5)) {
	case 0: return ext;
	case 1: {
		int64_t p = 1, k = rng_below(rng, 64);
		while (p * 2 <= ext && k-- > 0)
			p *= 2;
		return p;
	}
	case 2: {
		/* a divisor: scan from a random start */
		int64_t start = 1 + rng_below(rng, ext);
		for (int64_t x = start; x <= ext; x++)
			if (ext % x == 0)
				return x;
		return ext;
	}
	default: return 1 + rng_below(rng, ext);
	}
}

/* Set directive j of level li to a new tile (same kind and dimension). */
void
search_retile(const Space *s, uint64_t *rng, MdfMapping *m, uint32_t li, uint32_t j)
{
	MdfMapDir *d = &m->lv[li].dirs[j];
	Dim dim = (Dim)d->dim;
	if (dim == DIM_YP || dim == DIM_XP)
		return;
	int64_t ext = search_level_ext(s, m, li, dim);
	if (search_sliding(s, dim)) {
		int64_t w = search_window_tile(s, m, li, search_window_of(dim));
		int64_t outs = ext - w + 1;
		if (outs < 1)
			return;
		int64_t t = d->kind == DIR_SPATIAL && rng_below(rng, 2) ? 1 : pick_size(rng, outs);
		d->size = t + w - 1;
		d->offset = t;
	} else if (s->v.conv && (dim == DIM_R || dim == DIM_S)) {
		d->size = d->offset = rng_below(rng, 2) ? ext : 1;
	} else {
		int64_t t = d->kind == DIR_SPATIAL && rng_below(rng, 2) ? 1 : pick_size(rng, ext);
		d->size = d->offset = t;
	}
}

/* A new directive on dim at level li (temporal or spatial). */
MdfMapDir
search_new_dir(const Space *s, uint64_t *rng, const MdfMapping *m, uint32_t li, Dim dim, DirKind k)
{
	MdfMapDir d = {(uint8_t)k, (uint8_t)dim, 1, 1};
	int64_t ext = search_level_ext(s, m, li, dim);
	if (search_sliding(s, dim)) {
		int64_t w = search_window_tile(s, m, li, search_window_of(dim));
		int64_t outs = ext - w + 1 > 0 ? ext - w + 1 : 1;
		int64_t t = k == DIR_SPATIAL ? 1 : pick_size(rng, outs);
		d.size = t + w - 1;
		d.offset = t;
	} else if (s->v.conv && (dim == DIM_R || dim == DIM_S)) {
		d.size = d.offset = k == DIR_SPATIAL ? 1 : ext;
	} else {
		int64_t t = k == DIR_SPATIAL ? 1 : pick_size(rng, ext);
		d.size = d.offset = t;
	}
	return d;
}

static Dim
random_dim(const Space *s, uint64_t *rng)
{
	int n = 0;
	Dim c[DIM__COUNT];
	for (int d = 0; d < DIM__COUNT; d++)
		if (s->dims & DIM_BIT(d))
			c[n++] = (Dim)d;
	return n ? c[rng_below(rng, n)] : DIM_K;
}

int64_t
search_cluster_product(const MdfMapping *m, uint32_t skip)
{
	int64_t p = 1;
	for (uint32_t i = 1; i < m->nlevels; i++)
		if (i != skip && m->lv[i].cluster_size > 0 && p <= INT64_MAX / m->lv[i].cluster_size)
			p *= m->lv[i].cluster_size;
	return p;
}

static int64_t
pick_cluster(const Space *s, uint64_t *rng, const MdfMapping *m, uint32_t li, Dim spatial)
{
	int64_t room = s->pes / search_cluster_product(m, li);
	if (room < 1)
		room = 1;
	int64_t e = search_level_ext(s, m, li, spatial);
	if (rng_below(rng, 2) && e <= room)
		return e;   /* one unit per index of the spatial dimension */
	return pick_size(rng, room);
}

int
search_spatial_index(const MdfMapLevel *l)
{
	for (uint32_t j = 0; j < l->ndirs; j++)
		if (l->dirs[j].kind == DIR_SPATIAL)
			return (int)j;
	return -1;
}

static int
count_spatial(const MdfMapLevel *l)
{
	int n = 0;
	for (uint32_t j = 0; j < l->ndirs; j++)
		n += l->dirs[j].kind == DIR_SPATIAL;
	return n;
}

/* A cluster level more, inside: one SpatialMap of a random dimension. */
void
search_add_level(const Space *s, uint64_t *rng, MdfMapping *m)
{
	uint32_t ni = m->nlevels;
	MdfMapLevel *N = &m->lv[ni];
	memset(N, 0, sizeof *N);
	m->nlevels++;
	Dim nd = random_dim(s, rng);
	N->dirs[0] = search_new_dir(s, rng, m, ni, nd, DIR_SPATIAL);
	N->ndirs = 1;
	N->cluster_size = pick_cluster(s, rng, m, ni, nd);
}

/* m's lean form: the innermost level also iterates, one index (one output
   row for Y and X) at a time, over every dimension it does not map, so a
   PE holds the least of each tensor.  False when nothing changed (every
   dimension mapped there, or no room for more directives). */
bool
search_lean(const Space *s, MdfMapping *m)
{
	uint32_t li = m->nlevels - 1;
	MdfMapLevel *L = &m->lv[li];
	bool changed = false;
	for (int d = 0; d < DIM__COUNT && L->ndirs < MDF_MAP_MAXD; d++) {
		if (!(s->dims & DIM_BIT(d)) || search_find_dir(L, (Dim)d) >= 0 || search_level_ext(s, m, li, (Dim)d) <= 1)
			continue;
		MdfMapDir *n = &L->dirs[L->ndirs++];
		n->kind = DIR_TEMPORAL;
		n->dim = (uint8_t)d;
		if (search_sliding(s, (Dim)d)) {
			n->size = search_window_tile(s, m, li, search_window_of((Dim)d));
			n->offset = 1;
		} else if (s->v.conv && (d == DIM_R || d == DIM_S))
			n->size = n->offset = search_level_ext(s, m, li, (Dim)d);
		else
			n->size = n->offset = 1;
		changed = true;
	}
	return changed;
}

/* The runtime no mapping like m can beat: MACs over the PEs its spatial
   maps can keep busy at once. */
int64_t
search_busy_bound(const Space *s, const MdfMapping *m, int64_t macs)
{
	int64_t busy = 1, other = search_cluster_product(m, 0);
	for (uint32_t i = 0; i < m->nlevels; i++) {
		const MdfMapLevel *L = &m->lv[i];
		int64_t units = i ? L->cluster_size : s->pes / (other > 0 ? other : 1);
		int k = search_spatial_index(L);
		int64_t chunks = 1;
		if (k >= 0) {
			const MdfMapDir *d = &L->dirs[k];
			int64_t n = search_level_ext(s, m, i, (Dim)d->dim);
			chunks = n <= d->size || d->offset <= 0 ? 1 : 1 + (n - d->size) / d->offset +
				 ((n - d->size) % d->offset != 0);
		}
		int64_t b = units < chunks ? units : chunks;
		busy = b > 0 && busy <= INT64_MAX / b ? busy * b : busy;
	}
	int64_t lanes = s->simd > 0 ? s->simd : 1, slots;
	if (busy > INT64_MAX / lanes)
		return 0;
	slots = busy * lanes;
	return macs / slots + (macs % slots != 0);
}

void
search_mutate(const Space *s, uint64_t *rng, MdfMapping *m)
{
	uint32_t li = (uint32_t)rng_below(rng, m->nlevels);
	MdfMapLevel *L = &m->lv[li];
	switch (rng_below(rng, 10)) {
	case 0: case 1: case 2:     /* a tile */
		if (L->ndirs)
			search_retile(s, rng, m, li, (uint32_t)rng_below(rng, L->ndirs));
		break;
	case 3: {                   /* loop order: move one directive */
		if (L->ndirs < 2)
			break;
		uint32_t a = (uint32_t)rng_below(rng, L->ndirs), b = (uint32_t)rng_below(rng, L->ndirs);
		search_move_dir(L, a, b);
		break;
	}
	case 4: {                   /* the spatial dimension */
		if (count_spatial(L) != 1)
			break;
		int sp = search_spatial_index(L);
		Dim nd = random_dim(s, rng);
		if (nd == L->dirs[sp].dim)
			break;
		L->dirs[sp].kind = DIR_TEMPORAL;
		int j = search_find_dir(L, nd);
		if (j < 0) {
			if (L->ndirs == MDF_MAP_MAXD)
				break;
			L->dirs[L->ndirs] = search_new_dir(s, rng, m, li, nd, DIR_SPATIAL);
			j = (int)L->ndirs++;
		}
		L->dirs[j].kind = DIR_SPATIAL;
		search_retile(s, rng, m, li, (uint32_t)j);
		if (li > 0 && rng_below(rng, 2))
			L->cluster_size = pick_cluster(s, rng, m, li, nd);
		break;
	}
	case 5:                     /* a cluster size */
		if (li > 0 && count_spatial(L) >= 1)
			L->cluster_size = pick_cluster(s, rng, m, li, (Dim)L->dirs[search_spatial_index(L)].dim);
		break;
	case 6:                     /* a level more, inside */
		if (m->nlevels < MDF_MAP_MAXL)
			search_add_level(s, rng, m);
		break;
	case 7:                     /* the innermost level less */
		if (m->nlevels > 1)
			m->nlevels--;
		break;
	case 8: {                   /* a directive more */
		if (L->ndirs == MDF_MAP_MAXD)
			break;
		Dim nd = random_dim(s, rng);
		if (search_find_dir(L, nd) >= 0)
			break;
		uint32_t at = (uint32_t)rng_below(rng, L->ndirs + 1);
		memmove(&L->dirs[at + 1], &L->dirs[at], (L->ndirs - at) * sizeof L->dirs[0]);
		L->dirs[at] = search_new_dir(s, rng, m, li, nd, DIR_TEMPORAL);
		L->ndirs++;
		break;
	}
	default: {                  /* a temporal directive less */
		if (L->ndirs < 2)
			break;
		uint32_t j = (uint32_t)rng_below(rng, L->ndirs);
		if (L->dirs[j].kind == DIR_SPATIAL)
			break;
		memmove(&L->dirs[j], &L->dirs[j + 1], (L->ndirs - j - 1) * sizeof L->dirs[0]);
		L->ndirs--;
		break;
	}
	}
}
