/*
** constrain.c: a layer's Search block as a space (docs/search.md section
** 4, docs/language.md section 13): whether a mapping is in it (number of
** levels, each level's Order, Spatial dimensions and cluster range, tile
** ranges), and moving a mapping into it where that can be done locally.
**
** Needs: the Space (space.c: its spec, extents and the directive makers
** used to fill a fixed order or an allowed spatial dimension) and a
** caller's rng state.  Directives on Y' and X' count as Y and X.
*/
#include "search_int.h"

static Dim
input_dim(Dim d)
{
	return d == DIM_YP ? DIM_Y : d == DIM_XP ? DIM_X : d;
}

static int
find_input_dir(const MdfMapLevel *l, Dim d)
{
	for (uint32_t j = 0; j < l->ndirs; j++)
		if (input_dim((Dim)l->dirs[j].dim) == d)
			return (int)j;
	return -1;
}

/* True when m is in the space the constraints allow. */
bool
search_satisfies(const Space *s, const MdfMapping *m)
{
	const IrSearchSpec *sp = s->spec;
	if (!sp)
		return true;
	if (sp->levels_lo && ((int64_t)m->nlevels < sp->levels_lo || (int64_t)m->nlevels > sp->levels_hi))
		return false;
	for (uint32_t i = 0; i < m->nlevels && i < IR_SEARCH_MAXL; i++) {
		const MdfMapLevel *L = &m->lv[i];
		if (sp->spatial[i]) {
			int n = 0;
			for (uint32_t j = 0; j < L->ndirs; j++)
				if (L->dirs[j].kind == DIR_SPATIAL) {
					if (!(sp->spatial[i] & DIM_BIT(input_dim((Dim)L->dirs[j].dim))))
						return false;
					n++;
				}
			if (n == 0)
				return false;
		}
		if (sp->norder[i]) {
			if (L->ndirs != sp->norder[i])
				return false;
			for (uint32_t j = 0; j < L->ndirs; j++)
				if (input_dim((Dim)L->dirs[j].dim) != (Dim)sp->order[i][j])
					return false;
		}
		if (i > 0 && sp->cluster_lo[i] &&
		    (L->cluster_size < sp->cluster_lo[i] || L->cluster_size > sp->cluster_hi[i]))
			return false;
		for (uint32_t j = 0; j < L->ndirs; j++) {
			Dim d = input_dim((Dim)L->dirs[j].dim);
			if (sp->tile_lo[d] && (L->dirs[j].size < sp->tile_lo[d] || L->dirs[j].size > sp->tile_hi[d]))
				return false;
		}
	}
	/* a tile bound below the extent needs the top level to map the
	   dimension (else every level works on the whole extent) */
	for (int d = 0; d < DIM__COUNT; d++)
		if (sp->tile_lo[d] && (s->dims & DIM_BIT(d)) && sp->tile_hi[d] < s->ext[d] &&
		    find_input_dir(&m->lv[0], (Dim)d) < 0)
			return false;
	return true;
}

/* Clamp a directive's size into [lo, hi], keeping its kind of step: a
   sliding window (offset below size) keeps its overlap, a plain tile
   (offset = size) stays plain. */
static void
clamp_tile(MdfMapDir *d, int64_t lo, int64_t hi)
{
	int64_t size = d->size < lo ? lo : d->size > hi ? hi : d->size;
	if (size == d->size)
		return;
	if (d->offset == d->size)
		d->offset = size;
	else if (d->offset < d->size) {
		int64_t overlap = d->size - d->offset;
		d->offset = size - overlap >= 1 ? size - overlap : 1;
	}
	d->size = size;
}

/* Move m into the constrained space where it can be done locally: levels
   added or dropped, each level's directives put in the fixed order, its
   spatial dimension made an allowed one, cluster sizes and tiles clamped.
   The result may still break a constraint (search_satisfies() decides). */
void
search_project(const Space *s, uint64_t *rng, MdfMapping *m)
{
	const IrSearchSpec *sp = s->spec;
	if (!sp)
		return;
	if (sp->levels_lo) {
		while ((int64_t)m->nlevels > sp->levels_hi)
			m->nlevels--;
		while ((int64_t)m->nlevels < sp->levels_lo && m->nlevels < MDF_MAP_MAXL)
			search_add_level(s, rng, m);
	}
	for (uint32_t i = 0; i < m->nlevels && i < IR_SEARCH_MAXL; i++) {
		MdfMapLevel *L = &m->lv[i];
		if (sp->norder[i]) {
			MdfMapLevel nl = *L;
			nl.ndirs = 0;
			for (uint32_t j = 0; j < sp->norder[i] && nl.ndirs < MDF_MAP_MAXD; j++) {
				Dim d = (Dim)sp->order[i][j];
				int k = find_input_dir(L, d);
				nl.dirs[nl.ndirs++] = k >= 0 ? L->dirs[k] : search_new_dir(s, rng, m, i, d, DIR_TEMPORAL);
			}
			*L = nl;
		}
		if (sp->spatial[i]) {
			int n = 0;
			for (uint32_t j = 0; j < L->ndirs; j++)
				if (L->dirs[j].kind == DIR_SPATIAL) {
					if (sp->spatial[i] & DIM_BIT(input_dim((Dim)L->dirs[j].dim)))
						n++;
					else
						L->dirs[j].kind = DIR_TEMPORAL;
				}
			if (n == 0) {
				Dim c[DIM__COUNT];
				int nc = 0;
				for (int d = 0; d < DIM__COUNT; d++)
					if (sp->spatial[i] & DIM_BIT(d))
						c[nc++] = (Dim)d;
				Dim d = c[rng_below(rng, nc)];
				int k = find_input_dir(L, d);
				if (k < 0 && L->ndirs < MDF_MAP_MAXD) {
					L->dirs[L->ndirs] = search_new_dir(s, rng, m, i, d, DIR_SPATIAL);
					k = (int)L->ndirs++;
				}
				if (k >= 0) {
					L->dirs[k].kind = DIR_SPATIAL;
					search_retile(s, rng, m, i, (uint32_t)k);
				}
			}
		}
		if (i > 0 && sp->cluster_lo[i]) {
			if (L->cluster_size < sp->cluster_lo[i])
				L->cluster_size = sp->cluster_lo[i];
			if (L->cluster_size > sp->cluster_hi[i])
				L->cluster_size = sp->cluster_hi[i];
		}
	}
	for (int d = 0; d < DIM__COUNT; d++) {
		if (!sp->tile_lo[d])
			continue;
		if ((s->dims & DIM_BIT(d)) && sp->tile_hi[d] < s->ext[d] && find_input_dir(&m->lv[0], (Dim)d) < 0 &&
		    !sp->norder[0] && m->lv[0].ndirs < MDF_MAP_MAXD)
			m->lv[0].dirs[m->lv[0].ndirs++] = search_new_dir(s, rng, m, 0, (Dim)d, DIR_TEMPORAL);
		for (uint32_t i = 0; i < m->nlevels; i++)
			for (uint32_t j = 0; j < m->lv[i].ndirs; j++)
				if (input_dim((Dim)m->lv[i].dirs[j].dim) == (Dim)d)
					clamp_tile(&m->lv[i].dirs[j], sp->tile_lo[d], sp->tile_hi[d]);
	}
}
