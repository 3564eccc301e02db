/*
** search_int.h: internals shared by the files of src/search/.
**
**   search.c     the module: tasks (one per layer shape), threads, results
**   task.c       one task: starting points, evolution and hill climbs,
**                the population, the Pareto front, the seen set
**   space.c      the space of a layer: extents per level, mutations
**   local.c      the neighbourhood of a mapping (the hill climb's moves)
**   constrain.c  the Search block: membership and projection into it
**   enumerate.c  exhaustive enumeration of a fixed structure, pruned
**   point.c      one point evaluated in process (the public MdfPoint API)
**   families.c   the stdlib dataflows as starting points
**   report.c     table, CSV, JSON and the winners' .mdf
*/
#ifndef MDFC_SEARCH_INT_H
#define MDFC_SEARCH_INT_H

#include <pthread.h>
#include "mdfc/passes.h"
#include "mdfc/search.h"

enum { POP = 12, NICHE = 3, MAX_STARTS = 64, CLIMB_STARTS = 8, MAX_SEEDS = 400, MAX_PARETO = 64, DEFAULT_BUDGET = 3000, PAIR_SEED_BUDGET = 1000 };

/* ---- random numbers: splitmix64, the same sequence on every platform ---- */

static inline uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1. */
static inline int64_t
rng_below(uint64_t *s, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)(rng_next(s) % (uint64_t)n);
}

/* One step of the hashes (mapping, shape, per-shape seed). */
static inline uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0x100000001b3ull;
}

/* ---- the space of one layer (space.c) ---- */

typedef struct Space {
	const IrLayer *l;
	const IrSearchSpec *spec;   /* NULL: unconstrained */
	LayerVars v;
	uint32_t dims;              /* mappable dimensions (no Y', X') */
	int64_t ext[DIM__COUNT];    /* top-level extents (Y, X in input rows) */
	int64_t pes, simd;
} Space;

void search_space_init(Space *s, const IrLayer *l, const IrHw *hw);
/* Y or X of a CONV-like layer: tiles are written TemporalMap(t + R - 1, t). */
bool search_sliding(const Space *s, Dim d);
/* The window dimension of Y (R) or X (S). */
Dim search_window_of(Dim d);
/* Extent of d at level li: the tile of the nearest level above that maps d. */
int64_t search_level_ext(const Space *s, const MdfMapping *m, uint32_t li, Dim d);
/* The window tile (R or S) at level li: its directive there, else above. */
int64_t search_window_tile(const Space *s, const MdfMapping *m, uint32_t li, Dim w);
/* Product of the cluster sizes of levels 1.. except `skip` (0: none). */
int64_t search_cluster_product(const MdfMapping *m, uint32_t skip);
/* Index of the level's directive on d, or -1. */
int search_find_dir(const MdfMapLevel *l, Dim d);
/* Move directive a of L to position b (the others keep their order). */
void search_move_dir(MdfMapLevel *L, uint32_t a, uint32_t b);
/* Index of the level's first SpatialMap, or -1. */
int search_spatial_index(const MdfMapLevel *l);
/* Set directive j of level li to a new random tile (same kind and dimension). */
void search_retile(const Space *s, uint64_t *rng, MdfMapping *m, uint32_t li, uint32_t j);
/* A new directive on dim at level li (temporal or spatial). */
MdfMapDir search_new_dir(const Space *s, uint64_t *rng, const MdfMapping *m, uint32_t li, Dim dim, DirKind k);
/* A cluster level more, inside: one SpatialMap of a random dimension. */
void search_add_level(const Space *s, uint64_t *rng, MdfMapping *m);
/* One random change of m (docs/search.md section 3's list). */
void search_mutate(const Space *s, uint64_t *rng, MdfMapping *m);
/* m's lean form: its innermost level also iterates one index at a time
   over every dimension it does not map (the least a PE holds); false when
   nothing changed. */
bool search_lean(const Space *s, MdfMapping *m);
/* The runtime no mapping like m can beat: `macs` over the PEs its spatial
   maps can keep busy at once (x SIMD lanes). */
int64_t search_busy_bound(const Space *s, const MdfMapping *m, int64_t macs);

/* ---- the neighbourhood (local.c) ---- */

/* Every mapping one change away from m (docs/search.md section 3), up to
   max into out, in a random order; returns the count. */
uint32_t search_neighbours(const Space *s, uint64_t *rng, const MdfMapping *m, MdfMapping *out, uint32_t max);

/* ---- the Search block (constrain.c) ---- */

/* True when m is in the space the constraints allow. */
bool search_satisfies(const Space *s, const MdfMapping *m);
/* Move m into the constrained space where that can be done locally; the
   result may still break a constraint (search_satisfies decides). */
void search_project(const Space *s, uint64_t *rng, MdfMapping *m);

/* ---- a task: one layer shape (task.c) ---- */

typedef struct Task {
	const IrLayer *layer;       /* the first layer of the shape */
	const IrSearchSpec *spec;   /* its Search constraints, or NULL */
	MdfMapping *seeds;          /* ctx's arena, room for capseeds */
	uint32_t nseeds, capseeds;
	/* seeds[late..nseeds) are evaluated after the first evolution, just
	   before the climbs from each structure (nseeds: none such) */
	uint32_t late;
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
	uint64_t sig;               /* its structure (task.c) */
} Member;

/* Seen set: open addressing over mapping hashes. */
typedef struct Seen {
	uint64_t *slot;
	size_t cap, n;
} Seen;

/* What a task's points go into: its results, its population (the POP
   best, best first) and the mappings already evaluated. */
typedef struct Pool {
	Task *t;
	const MdfSearchOpts *o;
	MdfPoint *p;                /* the task's evaluator */
	Seen seen;
	Member pop[POP];
	uint32_t npop;
	double emin;                /* least energy of a point that fits (0: none yet) */
	/* while the starting points are evaluated: the best of each
	   structure that fits the buffers (task.c), climbed from later */
	Member *starts;
	uint32_t nstarts;
	bool seeding;               /* the starting points are being evaluated */
} Pool;

/* The whole search: shared by the workers under mu. */
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

typedef struct Worker {
	Run *run;
	MdfCtx *scratch;            /* seen sets */
	bool reports;               /* calls the progress callback */
} Worker;

/* Monotonic seconds. */
double search_now(void);
uint64_t search_map_hash(const MdfMapping *m);
/* True if h was already there (and adds it). */
bool search_seen_add(Seen *s, uint64_t h);
/* Count m's result r into the pool: the task's counts, best and Pareto
   front, and the population. */
void search_consider(Pool *pl, const MdfMapping *m, const MdfPointResult *r);
/* Search task t on worker w's thread. */
void search_run_task(Worker *w, Task *t);

/* ---- exhaustive enumeration (enumerate.c) ---- */

/* True when the constraints fix the structure: the space is enumerable. */
bool search_enumerable(const Space *s);
/* Enumerate s's space into pl if it has at most `limit` points; true when
   it was (every point considered).  `prune`: skip points whose busy-PE
   bound is above the best runtime; *pruned gets how many were. */
bool search_enumerate(const Space *s, Pool *pl, bool prune, int64_t limit, int64_t *pruned);

/* ---- points, starting points, reports ---- */

/* Levels as written (of a normalized layer: the source and converted
   directives) as a mapping; false when they do not fit one (point.c). */
bool search_mapping_from_levels(const IrLevel *lvs, uint32_t nlevels, bool normalized, MdfMapping *out);

/* The layer `base` (shape only) with m's levels and directives, in
   ctx's arena; NULL on OOM or a mapping too large. */
IrLayer *search_build_layer(MdfCtx *ctx, const IrLayer *base, const MdfMapping *m);

/* Starting points from the standard dataflows at their default parameters
   for `layer` (families.c): up to `max` mappings into out; returns the
   count.  Runs the front end in a context of its own made with `opt`. */
uint32_t search_family_seeds(const MdfOptions *opt, const IrLayer *layer, MdfMapping *out, uint32_t max);

/* Two-level skeletons, one spatial dimension across the array and another
   within clusters, for every pair of the layer's dimensions (families.c):
   up to `max` into out; returns the count. */
uint32_t search_pair_seeds(const Space *s, MdfMapping *out, uint32_t max);

/* Skeletons that keep the most PEs busy (families.c): a spatial dimension
   at each of two or three levels and the units of each, chosen for the
   fewest steps of those dimensions together (one structure each, the
   best few), then the other orders of the best few sets of spatial
   dimensions; up to `max` into out; returns the count, *ntop the number
   of the first kind. */
uint32_t search_fill_seeds(const Space *s, MdfMapping *out, uint32_t max, uint32_t *ntop);

/* The layer's header as .mdf: `Type: T; Stride { ... } Dimensions { ... } `
   (report.c). */
void search_print_shape(const IrLayer *l, MdfBuf *b);

#endif
