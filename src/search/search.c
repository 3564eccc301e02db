/*
** search.c: the mapping search (docs/search.md).  Layers of the same shape
** are searched once.  Each shape is one task, searched by one thread from
** a seed derived from --seed and the shape alone, so the result does not
** depend on how many threads run or in which order they take tasks.
**
** Per task: evaluate the starting points (the layer's own mapping, every
** standard dataflow at its default parameters), then a steady-state
** evolutionary search: a small population of the best distinct points;
** each step takes a parent (tournament), applies one to three mutations
** (tile size, loop order, spatial dimension, cluster size, a level added
** or removed, a directive added or removed), evaluates the child and
** keeps it if it beats the population's worst.  A mapping already seen is
** not evaluated again.
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "mdfc/arena.h"
#include "mdfc/passes.h"
#include "mdfc/search.h"
#include "search_int.h"

enum { POP = 12, MAX_SEEDS = 400, MAX_PARETO = 64, DEFAULT_BUDGET = 3000 };

/* ---- random numbers: splitmix64, the same sequence on every platform ---- */

static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1. */
static int64_t
rng_below(uint64_t *s, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)(rng_next(s) % (uint64_t)n);
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0x100000001b3ull;
}

static uint64_t
map_hash(const MdfMapping *m)
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

static uint64_t
shape_hash(const IrLayer *l)
{
	uint64_t h = mix(7, (uint64_t)l->type);
	for (int d = 0; d < DIM__COUNT; d++) {
		h = mix(h, (uint64_t)l->dim[d]);
		h = mix(h, (uint64_t)l->stride[d]);
	}
	return h;
}

/* Two layers' Search constraints allow the same mappings (the family's
   instances follow from its name, its ranges and the shape). */
static bool
same_spec(const IrSearchSpec *a, const IrSearchSpec *b)
{
	if (!a || !b)
		return a == b;
	if (a->family || b->family) {
		if (!a->family || !b->family || strcmp(a->family, b->family) != 0 || a->nargs != b->nargs ||
		    a->nmaps != b->nmaps || memcmp(a->arg_lo, b->arg_lo, sizeof a->arg_lo) != 0 ||
		    memcmp(a->arg_hi, b->arg_hi, sizeof a->arg_hi) != 0)
			return false;
	}
	return a->levels_lo == b->levels_lo && a->levels_hi == b->levels_hi &&
	       memcmp(a->spatial, b->spatial, sizeof a->spatial) == 0 &&
	       memcmp(a->order, b->order, sizeof a->order) == 0 &&
	       memcmp(a->norder, b->norder, sizeof a->norder) == 0 &&
	       memcmp(a->cluster_lo, b->cluster_lo, sizeof a->cluster_lo) == 0 &&
	       memcmp(a->cluster_hi, b->cluster_hi, sizeof a->cluster_hi) == 0 &&
	       memcmp(a->tile_lo, b->tile_lo, sizeof a->tile_lo) == 0 &&
	       memcmp(a->tile_hi, b->tile_hi, sizeof a->tile_hi) == 0;
}

static bool
same_shape(const IrLayer *a, const IrLayer *b)
{
	return a->type == b->type && memcmp(a->dim, b->dim, sizeof a->dim) == 0 &&
	       memcmp(a->stride, b->stride, sizeof a->stride) == 0 && same_spec(a->search, b->search);
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

/* ---- a task: one layer shape ---- */

typedef struct Task {
	const IrLayer *layer;       /* the first layer of the shape */
	const IrSearchSpec *spec;   /* its Search constraints, or NULL */
	MdfMapping *seeds;          /* ctx's arena, room for capseeds */
	uint32_t nseeds, capseeds;
	bool exhaustive;            /* every point of the constrained space evaluated */
	int64_t pruned;             /* points of an enumeration skipped by the bound */
	uint64_t seed;
	/* results */
	MdfPointResult best;
	MdfMapping best_map;
	int64_t evaluated, valid, infeasible, bound;
	MdfMapping bound_map;       /* the first mapping that broke the bound */
	MdfPointResult bound_res;
	int64_t macs;               /* the layer's true MAC count */
	double seconds;
	MdfParetoPoint pareto[MAX_PARETO];
	uint32_t npareto;
	bool failed;                /* no evaluator (out of memory) */
} Task;

typedef struct Member {
	MdfMapping map;
	MdfPointResult r;
} Member;

typedef struct Run {
	const IrHw *hw;
	const MdfSearchOpts *o;
	int64_t budget;
	double deadline;            /* monotonic seconds; 0 = none */
	Task *tasks;
	uint32_t ntasks, next, done;
	bool timed_out;
	pthread_mutex_t mu;
} Run;

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Seen set: open addressing over mapping hashes. */
typedef struct Seen {
	uint64_t *slot;
	size_t cap, n;
} Seen;

/* True if h was already there. */
static bool
seen_add(Seen *s, uint64_t h)
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

/* ---- the space: per-level extents and mutations ---- */

typedef struct Space {
	const IrLayer *l;
	const IrSearchSpec *spec;   /* NULL: unconstrained */
	LayerVars v;
	uint32_t dims;              /* mappable dimensions (no Y', X') */
	int64_t ext[DIM__COUNT];    /* top-level extents (Y, X in input rows) */
	int64_t pes, simd;
} Space;

static void
space_init(Space *s, const IrLayer *l, const IrHw *hw)
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

static int
find_dir(const MdfMapLevel *l, Dim d)
{
	for (uint32_t j = 0; j < l->ndirs; j++)
		if (l->dirs[j].dim == d)
			return (int)j;
	return -1;
}

static bool
sliding(const Space *s, Dim d)
{
	return s->v.conv && (d == DIM_Y || d == DIM_X);
}

static Dim
window_of(Dim d)
{
	return d == DIM_Y ? DIM_R : DIM_S;
}

/* Extent of d at level li: the tile of the nearest level above that maps d. */
static int64_t
level_ext(const Space *s, const MdfMapping *m, uint32_t li, Dim d)
{
	int64_t e = s->ext[d];
	for (uint32_t i = 0; i < li; i++) {
		int j = find_dir(&m->lv[i], d);
		if (j >= 0 && m->lv[i].dirs[j].size < e)
			e = m->lv[i].dirs[j].size;
	}
	return e > 0 ? e : 1;
}

/* The window tile (R or S) at level li: its directive there, else above. */
static int64_t
window_tile(const Space *s, const MdfMapping *m, uint32_t li, Dim w)
{
	int j = find_dir(&m->lv[li], w);
	if (j >= 0)
		return m->lv[li].dirs[j].size;
	return level_ext(s, m, li, w);
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
static void
retile(const Space *s, uint64_t *rng, MdfMapping *m, uint32_t li, uint32_t j)
{
	MdfMapDir *d = &m->lv[li].dirs[j];
	Dim dim = (Dim)d->dim;
	if (dim == DIM_YP || dim == DIM_XP)
		return;
	int64_t ext = level_ext(s, m, li, dim);
	if (sliding(s, dim)) {
		int64_t w = window_tile(s, m, li, window_of(dim));
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
static MdfMapDir
new_dir(const Space *s, uint64_t *rng, const MdfMapping *m, uint32_t li, Dim dim, DirKind k)
{
	MdfMapDir d = {(uint8_t)k, (uint8_t)dim, 1, 1};
	int64_t ext = level_ext(s, m, li, dim);
	if (sliding(s, dim)) {
		int64_t w = window_tile(s, m, li, window_of(dim));
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

static int64_t
cluster_product(const MdfMapping *m, uint32_t skip)
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
	int64_t room = s->pes / cluster_product(m, li);
	if (room < 1)
		room = 1;
	int64_t e = level_ext(s, m, li, spatial);
	if (rng_below(rng, 2) && e <= room)
		return e;   /* one unit per index of the spatial dimension */
	return pick_size(rng, room);
}

static int
spatial_index(const MdfMapLevel *l)
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
static void
add_level(const Space *s, uint64_t *rng, MdfMapping *m)
{
	uint32_t ni = m->nlevels;
	MdfMapLevel *N = &m->lv[ni];
	memset(N, 0, sizeof *N);
	m->nlevels++;
	Dim nd = random_dim(s, rng);
	N->dirs[0] = new_dir(s, rng, m, ni, nd, DIR_SPATIAL);
	N->ndirs = 1;
	N->cluster_size = pick_cluster(s, rng, m, ni, nd);
}

static void
mutate_once(const Space *s, uint64_t *rng, MdfMapping *m)
{
	uint32_t li = (uint32_t)rng_below(rng, m->nlevels);
	MdfMapLevel *L = &m->lv[li];
	switch (rng_below(rng, 10)) {
	case 0: case 1: case 2:     /* a tile */
		if (L->ndirs)
			retile(s, rng, m, li, (uint32_t)rng_below(rng, L->ndirs));
		break;
	case 3: {                   /* loop order: move one directive */
		if (L->ndirs < 2)
			break;
		uint32_t a = (uint32_t)rng_below(rng, L->ndirs), b = (uint32_t)rng_below(rng, L->ndirs);
		MdfMapDir d = L->dirs[a];
		if (a < b)
			memmove(&L->dirs[a], &L->dirs[a + 1], (b - a) * sizeof d);
		else if (b < a)
			memmove(&L->dirs[b + 1], &L->dirs[b], (a - b) * sizeof d);
		L->dirs[b] = d;
		break;
	}
	case 4: {                   /* the spatial dimension */
		if (count_spatial(L) != 1)
			break;
		int sp = spatial_index(L);
		Dim nd = random_dim(s, rng);
		if (nd == L->dirs[sp].dim)
			break;
		L->dirs[sp].kind = DIR_TEMPORAL;
		int j = find_dir(L, nd);
		if (j < 0) {
			if (L->ndirs == MDF_MAP_MAXD)
				break;
			L->dirs[L->ndirs] = new_dir(s, rng, m, li, nd, DIR_SPATIAL);
			j = (int)L->ndirs++;
		}
		L->dirs[j].kind = DIR_SPATIAL;
		retile(s, rng, m, li, (uint32_t)j);
		if (li > 0 && rng_below(rng, 2))
			L->cluster_size = pick_cluster(s, rng, m, li, nd);
		break;
	}
	case 5:                     /* a cluster size */
		if (li > 0 && count_spatial(L) >= 1)
			L->cluster_size = pick_cluster(s, rng, m, li, (Dim)L->dirs[spatial_index(L)].dim);
		break;
	case 6:                     /* a level more, inside */
		if (m->nlevels < MDF_MAP_MAXL)
			add_level(s, rng, m);
		break;
	case 7:                     /* the innermost level less */
		if (m->nlevels > 1)
			m->nlevels--;
		break;
	case 8: {                   /* a directive more */
		if (L->ndirs == MDF_MAP_MAXD)
			break;
		Dim nd = random_dim(s, rng);
		if (find_dir(L, nd) >= 0)
			break;
		uint32_t at = (uint32_t)rng_below(rng, L->ndirs + 1);
		memmove(&L->dirs[at + 1], &L->dirs[at], (L->ndirs - at) * sizeof L->dirs[0]);
		L->dirs[at] = new_dir(s, rng, m, li, nd, DIR_TEMPORAL);
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

/* ---- constraints: the layer's Search block (docs/search.md section 4) ---- */

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
static bool
satisfies(const Space *s, const MdfMapping *m)
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
   The result may still break a constraint (satisfies() decides). */
static void
project(const Space *s, uint64_t *rng, MdfMapping *m)
{
	const IrSearchSpec *sp = s->spec;
	if (!sp)
		return;
	if (sp->levels_lo) {
		while ((int64_t)m->nlevels > sp->levels_hi)
			m->nlevels--;
		while ((int64_t)m->nlevels < sp->levels_lo && m->nlevels < MDF_MAP_MAXL)
			add_level(s, rng, m);
	}
	for (uint32_t i = 0; i < m->nlevels && i < IR_SEARCH_MAXL; i++) {
		MdfMapLevel *L = &m->lv[i];
		if (sp->norder[i]) {
			MdfMapLevel nl = *L;
			nl.ndirs = 0;
			for (uint32_t j = 0; j < sp->norder[i] && nl.ndirs < MDF_MAP_MAXD; j++) {
				Dim d = (Dim)sp->order[i][j];
				int k = find_input_dir(L, d);
				nl.dirs[nl.ndirs++] = k >= 0 ? L->dirs[k] : new_dir(s, rng, m, i, d, DIR_TEMPORAL);
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
					L->dirs[L->ndirs] = new_dir(s, rng, m, i, d, DIR_SPATIAL);
					k = (int)L->ndirs++;
				}
				if (k >= 0) {
					L->dirs[k].kind = DIR_SPATIAL;
					retile(s, rng, m, i, (uint32_t)k);
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
			m->lv[0].dirs[m->lv[0].ndirs++] = new_dir(s, rng, m, 0, (Dim)d, DIR_TEMPORAL);
		for (uint32_t i = 0; i < m->nlevels; i++)
			for (uint32_t j = 0; j < m->lv[i].ndirs; j++)
				if (input_dim((Dim)m->lv[i].dirs[j].dim) == (Dim)d)
					clamp_tile(&m->lv[i].dirs[j], sp->tile_lo[d], sp->tile_hi[d]);
	}
}

/* ---- one task ---- */

typedef struct Worker {
	Run *run;
	MdfCtx *scratch;            /* seen sets */
	bool reports;               /* calls the progress callback */
} Worker;

/* Population order: points that fit the buffers first, then the objective. */
static bool
pop_better(MdfObjective o, const MdfPointResult *a, const MdfPointResult *b)
{
	bool fa = a->status == MDF_POINT_OK, fb = b->status == MDF_POINT_OK;
	if (fa != fb)
		return fa;
	return better(o, a, b);
}

static void
consider(Task *t, const MdfSearchOpts *o, const MdfMapping *m, const MdfPointResult *r,
	 Member *pop, uint32_t *npop)
{
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
		pareto_add(t, m, r);
		if (t->best.status != MDF_POINT_OK || better(o->objective, r, &t->best)) {
			t->best = *r;
			t->best_map = *m;
		}
	}
	/* population: the POP best, sorted best first; mappings that do not
	   fit the buffers only while there are not enough that do */
	uint32_t n = *npop;
	if (n == POP && !pop_better(o->objective, r, &pop[n - 1].r))
		return;
	if (n < POP)
		n++;
	uint32_t at = n - 1;
	while (at > 0 && pop_better(o->objective, r, &pop[at - 1].r)) {
		pop[at] = pop[at - 1];
		at--;
	}
	pop[at].map = *m;
	pop[at].r = *r;
	*npop = n;
}

/* ---- exhaustive enumeration with pruning (docs/search.md section 3) ----

   When the constraints fix the structure (one number of levels, and for
   every level its Order and its Spatial dimensions), what is left is a
   choice per level of the spatial dimension and the cluster size, and a
   tile per directive: every size from 1 to the extent the level receives
   (for Y and X: every number t of output rows, as TemporalMap(t + R - 1,
   t); for R and S: the whole window or 1), within the Tile bounds.  A
   space of at most --budget such points is enumerated whole instead of
   searched.  Pruning: tiles never exceed what the level above hands down
   (larger ones would be the same mapping); a mapping seen already is not
   evaluated again; and for the runtime objective a point whose lower
   bound MACs / (PEs it can keep busy x SIMD) is above the best runtime
   found is skipped. */

typedef struct Enum {
	const Space *s;
	Worker *w;
	Task *t;
	MdfPoint *p;
	Member *pop;
	uint32_t *npop;
	Seen *seen;
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
static bool
enumerable(const Space *s)
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
	int64_t ext = level_ext(s, m, li, dim);
	const IrSearchSpec *sp = s->spec;
	int64_t lo = sp->tile_lo[dim] ? sp->tile_lo[dim] : 1, hi = sp->tile_lo[dim] ? sp->tile_hi[dim] : INT64_MAX;
	uint32_t n = 0;
	if (sliding(s, dim)) {
		int64_t w = window_tile(s, m, li, window_of(dim));
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

/* The runtime no mapping like m can beat: MACs over the PEs its spatial
   maps can keep busy at once. */
static int64_t
busy_bound(const Enum *e, const MdfMapping *m)
{
	int64_t busy = 1, other = cluster_product(m, 0);
	for (uint32_t i = 0; i < m->nlevels; i++) {
		const MdfMapLevel *L = &m->lv[i];
		int64_t units = i ? L->cluster_size : e->s->pes / (other > 0 ? other : 1);
		int k = spatial_index(L);
		int64_t chunks = 1;
		if (k >= 0) {
			const MdfMapDir *d = &L->dirs[k];
			int64_t n = level_ext(e->s, m, i, (Dim)d->dim);
			chunks = n <= d->size || d->offset <= 0 ? 1 : 1 + (n - d->size) / d->offset +
				 ((n - d->size) % d->offset != 0);
		}
		int64_t b = units < chunks ? units : chunks;
		busy = b > 0 && busy <= INT64_MAX / b ? busy * b : busy;
	}
	int64_t lanes = e->s->simd > 0 ? e->s->simd : 1, slots;
	if (busy > INT64_MAX / lanes)
		return 0;
	slots = busy * lanes;
	return e->t->macs / slots + (e->t->macs % slots != 0);
}

static void
enum_leaf(Enum *e, MdfMapping *m)
{
	if (e->counting) {
		e->count++;
		return;
	}
	uint64_t h = map_hash(m);
	if (e->prune && e->t->best.status == MDF_POINT_OK && busy_bound(e, m) > e->t->best.runtime) {
		e->pruned++;
		return;
	}
	if (seen_add(e->seen, h))
		return;
	MdfPointResult r;
	mdf_point_eval(e->p, m, &r);
	if (r.status == MDF_POINT_OK && r.runtime < busy_bound(e, m))
		e->bound_broken = true;
	consider(e->t, e->w->run->o, m, &r, e->pop, e->npop);
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
			if (cluster_product(m, 0) > e->s->pes)
				break;  /* more PEs than the accelerator has: invalid */
			enum_structure(e, m, li + 1);
		}
	}
}

/* Enumerate the task's space if it has at most `limit` points; true when
   it was (every point considered). */
static bool
enumerate(Enum *e, int64_t limit)
{
	const Space *s = e->s;
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
	return true;
}


static void
run_task(Worker *w, Task *t)
{
	Run *run = w->run;
	const MdfSearchOpts *o = run->o;
	double t0 = now();
	MdfPoint *p = mdf_point_new(t->layer, run->hw, &o->cost);
	if (!p) {
		t->failed = true;
		return;
	}
	t->macs = mdf_point_macs(p);
	Space s;
	space_init(&s, t->layer, run->hw);
	ArenaMark mk = arena_mark(w->scratch->arena);
	Seen seen = {0};
	seen.cap = 1;
	while (seen.cap < (size_t)run->budget * 4 + 64)
		seen.cap *= 2;
	seen.slot = arena_array(w->scratch->arena, seen.cap, sizeof *seen.slot);
	Member pop[POP];
	uint32_t npop = 0;
	MdfPointResult r;
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
	if (enumerable(&s)) {
		Enum e;
		memset(&e, 0, sizeof e);
		e.s = &s;
		e.w = w;
		e.t = t;
		e.p = p;
		e.pop = pop;
		e.npop = &npop;
		e.seen = &seen;
		e.prune = o->objective == MDF_OBJ_RUNTIME;
		enumerated = t->exhaustive = enumerate(&e, run->budget);
		t->pruned = e.pruned;
	}
	for (; !enumerated && taken < t->nseeds && t->evaluated < run->budget; taken++) {
		MdfMapping *sd = &t->seeds[order[taken]];
		if (!satisfies(&s, sd)) {
			/* a family space is its instances; any other starting
			   point is moved into the space */
			if (family)
				continue;
			project(&s, &rng, sd);
			if (!satisfies(&s, sd))
				continue;
		}
		if (seen_add(&seen, map_hash(sd)))
			continue;
		mdf_point_eval(p, sd, &r);
		consider(t, o, sd, &r, pop, &npop);
	}
	if (family)
		t->exhaustive = taken == t->nseeds;
	int64_t misses = 0;
	while (!family && !enumerated && (npop > 0 || t->nseeds > 0) && t->evaluated < run->budget &&
	       misses < run->budget * 20) {
		if (run->deadline > 0 && (t->evaluated & 63) == 0 && now() > run->deadline) {
			pthread_mutex_lock(&run->mu);
			run->timed_out = true;
			pthread_mutex_unlock(&run->mu);
			break;
		}
		/* parent: the better of two random members; while no valid
		   point is known, a starting point */
		MdfMapping child;
		if (npop > 0) {
			uint32_t a = (uint32_t)rng_below(&rng, npop), b = (uint32_t)rng_below(&rng, npop);
			child = pop[a < b ? a : b].map;
		} else
			child = t->seeds[rng_below(&rng, t->nseeds)];
		int k = 1 + (int)rng_below(&rng, 3);
		for (int i = 0; i < k; i++)
			mutate_once(&s, &rng, &child);
		project(&s, &rng, &child);
		if (!satisfies(&s, &child) || seen_add(&seen, map_hash(&child))) {
			misses++;
			continue;
		}
		mdf_point_eval(p, &child, &r);
		consider(t, o, &child, &r, pop, &npop);
	}
	arena_release(w->scratch->arena, mk);
	mdf_point_free(p);
	t->seconds = now() - t0;
}

/* Take tasks until none is left; worker 0 (the calling thread) reports
   progress after each of its tasks. */
static void *
worker_main(void *arg)
{
	Worker *w = arg;
	Run *run = w->run;
	for (;;) {
		pthread_mutex_lock(&run->mu);
		uint32_t i = run->next < run->ntasks ? run->next++ : UINT32_MAX;
		pthread_mutex_unlock(&run->mu);
		if (i == UINT32_MAX)
			break;
		run_task(w, &run->tasks[i]);
		pthread_mutex_lock(&run->mu);
		uint32_t done = ++run->done;
		pthread_mutex_unlock(&run->mu);
		if (w->reports && run->o->progress)
			run->o->progress(run->o->progress_arg, done, run->ntasks);
	}
	return NULL;
}

/* ---- the module ---- */

static bool
within_bound(const MdfPointResult *r, int64_t macs, const IrHw *hw)
{
	int64_t slots = hw->num_pes * (hw->simd_lanes > 0 ? hw->simd_lanes : 1);
	return r->macs == macs && (double)r->runtime * (double)slots >= (double)macs;
}

static bool
searchable(const IrLayer *l)
{
	return l->normalized && l->valid && l->type != LT_TRCONV && l->type != LT_POOL;
}

static void
add_seed(Task *t, const MdfMapping *m)
{
	if (t->nseeds < t->capseeds)
		t->seeds[t->nseeds++] = *m;
}

bool
mdf_search_module(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		  const MdfSearchOpts *opts, MdfModuleSearch *out)
{
	double t0 = now();
	memset(out, 0, sizeof *out);
	Run run;
	memset(&run, 0, sizeof run);
	run.hw = hw;
	run.o = opts;
	run.budget = opts->budget > 0 ? opts->budget : DEFAULT_BUDGET;
	run.deadline = opts->time_limit > 0 ? t0 + opts->time_limit : 0;

	/* tasks: one per distinct searchable shape, in first-seen order */
	uint32_t nl = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		nl += m->networks[n].nlayers;
	uint32_t *task_of = arena_array(ctx->arena, nl ? nl : 1, sizeof *task_of);
	run.tasks = arena_array(ctx->arena, nl ? nl : 1, sizeof *run.tasks);
	out->networks = arena_array(ctx->arena, m->nnetworks ? m->nnetworks : 1, sizeof *out->networks);
	if (!task_of || !run.tasks || !out->networks)
		return false;
	out->nnetworks = m->nnetworks;
	uint32_t k = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		for (uint32_t i = 0; i < net->nlayers; i++, k++) {
			const IrLayer *l = &net->layers[i];
			task_of[k] = UINT32_MAX;
			if (!searchable(l))
				continue;
			uint32_t t;
			for (t = 0; t < run.ntasks; t++)
				if (same_shape(run.tasks[t].layer, l))
					break;
			if (t == run.ntasks) {
				Task *nt = &run.tasks[run.ntasks++];
				nt->layer = l;
				nt->spec = l->search;
				nt->capseeds = MAX_SEEDS + (l->search ? l->search->nmaps : 0);
				nt->seeds = arena_array(ctx->arena, nt->capseeds, sizeof *nt->seeds);
				if (!nt->seeds)
					return false;
				nt->best.status = MDF_POINT_ERROR;  /* none yet */
				nt->seed = mix(opts->seed, shape_hash(l));
			}
			/* the layer's own mapping starts the search, unless the
			   space is a family's instances (it is then one of them
			   or outside the space) */
			MdfMapping given;
			if (!(l->search && l->search->family) && mdf_mapping_from_layer(l, &given))
				add_seed(&run.tasks[t], &given);
			task_of[k] = t;
		}
	}
	for (uint32_t t = 0; t < run.ntasks; t++) {
		Task *tk = &run.tasks[t];
		const IrSearchSpec *sp = tk->spec;
		if (sp && sp->family) {
			/* the space is the family's instances (elaborated by the
			   front end, one per argument tuple) */
			for (uint32_t i = 0; i < sp->nmaps; i++) {
				MdfMapping fm;
				if (search_mapping_from_levels(sp->maps[i].levels, sp->maps[i].nlevels, false, &fm))
					add_seed(tk, &fm);
			}
			continue;
		}
		tk->nseeds += search_family_seeds(&ctx->opt, tk->layer, tk->seeds + tk->nseeds,
						  tk->capseeds - tk->nseeds);
	}

	/* the workers: the calling thread is worker 0 */
	int nth = opts->threads > 1 ? opts->threads : 1;
	if ((uint32_t)nth > run.ntasks)
		nth = run.ntasks ? (int)run.ntasks : 1;
	pthread_mutex_init(&run.mu, NULL);
	Worker *ws = arena_array(ctx->arena, (size_t)nth, sizeof *ws);
	pthread_t *tid = arena_array(ctx->arena, (size_t)nth, sizeof *tid);
	bool ok = ws && tid;
	int started = 1;
	for (int i = 0; ok && i < nth; i++) {
		ws[i].run = &run;
		ws[i].scratch = mdf_ctx_new(NULL);
		if (!ws[i].scratch)
			ok = false;
	}
	for (int i = 1; ok && i < nth; i++, started++)
		if (pthread_create(&tid[i], NULL, worker_main, &ws[i]) != 0)
			break;      /* fewer threads: the work still gets done */
	if (ok) {
		ws[0].reports = true;
		worker_main(&ws[0]);
	}
	for (int i = 1; i < started; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; ws && i < nth; i++)
		mdf_ctx_free(ws[i].scratch);
	pthread_mutex_destroy(&run.mu);
	if (!ok)
		return false;

	/* results per layer */
	bool good = true;
	k = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		MdfNetworkSearch *ns = &out->networks[n];
		ns->net = net;
		ns->nlayers = net->nlayers;
		ns->layers = arena_array(ctx->arena, net->nlayers ? net->nlayers : 1, sizeof *ns->layers);
		if (!ns->layers)
			return false;
		for (uint32_t i = 0; i < net->nlayers; i++, k++) {
			MdfLayerSearch *ls = &ns->layers[i];
			const IrLayer *l = &net->layers[i];
			ls->layer = l;
			if (task_of[k] == UINT32_MAX)
				continue;
			Task *t = &run.tasks[task_of[k]];
			if (t->failed)
				continue;
			ls->searched = true;
			ls->best = t->best;
			ls->best_map = t->best_map;
			ls->evaluated = t->evaluated;
			ls->valid = t->valid;
			ls->infeasible = t->infeasible;
			ls->bound = t->bound;
			ls->exhaustive = t->exhaustive;
			ls->pruned = t->pruned;
			/* the first layer of a shape carries the search's figures */
			ls->shared = t->layer != l;
			ls->seconds = ls->shared ? 0 : t->seconds;
			if (!ls->shared && t->npareto) {
				ls->pareto = arena_array(ctx->arena, t->npareto, sizeof *ls->pareto);
				if (ls->pareto) {
					memcpy(ls->pareto, t->pareto, t->npareto * sizeof *ls->pareto);
					ls->npareto = t->npareto;
				}
			}
			MdfMapping given;
			if (mdf_mapping_from_layer(l, &given)) {
				MdfPoint *p = mdf_point_new(l, hw, &opts->cost);
				if (p) {
					mdf_point_eval(p, &given, &ls->given);
					ls->has_given = ls->given.status == MDF_POINT_OK ||
							ls->given.status == MDF_POINT_INFEASIBLE;
					mdf_point_free(p);
				}
			}
			if (t->bound && !ls->shared) {
				MdfBuf b = {0};
				mdf_mapping_print(&t->bound_map, "    ", &b);
				diag_emit(ctx, DIAG_W1001, l->span,
					  "layer '%s': the cost model gave %lld of %lld mapping point(s) a runtime "
					  "below MACs / (PEs x SIMD lanes) or a wrong MAC count; they were set aside. "
					  "First: %lld cycles, %lld MACs (the layer has %lld):\n%s",
					  l->name ? l->name : "", (long long)t->bound, (long long)t->evaluated,
					  (long long)t->bound_res.runtime, (long long)t->bound_res.macs,
					  (long long)t->macs, b.data ? b.data : "");
				buf_free(&b);
			}
			/* the winner passed the bound when it was evaluated; check
			   it once more here, where it is reported */
			if (ls->best.status == MDF_POINT_OK && !within_bound(&ls->best, t->macs, hw)) {
				diag_emit(ctx, DIAG_E0999, l->span, "internal error: the search's winner for layer "
					  "'%s' breaks the hardware bound (%lld cycles, %lld MACs)",
					  l->name ? l->name : "", (long long)ls->best.runtime,
					  (long long)ls->best.macs);
				good = false;
			}
		}
	}
	out->timed_out = run.timed_out;
	out->seconds = now() - t0;
	return good;
}
