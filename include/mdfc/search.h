/*
** search.h: mapping points evaluated in process, and the mapping search
** behind `mdfc --search` (docs/search.md).
**
** A mapping (MdfMapping) is a plain value: up to MDF_MAP_MAXL cluster
** levels, each with its cluster size and its directives in loop order, as
** a user would write them (Y'/X' allowed; Sz() already resolved).  A point
** evaluator (MdfPoint) takes a layer's shape once, then for each mapping
** builds the layer in a scratch arena, runs normalization and validation
** (the legality check: a mapping that skips or repeats a MAC is rejected)
** and the cost model, and gives the memory back: evaluating millions of
** points uses constant memory.
**
**   MdfPoint *p = mdf_point_new(layer, &hw, &opts);
**   MdfMapping m; mdf_mapping_from_layer(layer, &m);   the layer's own
**   m.lv[0].dirs[1].size = 16; ...                     change directives
**   MdfPointResult r; mdf_point_eval(p, &m, &r);       r.status, r.runtime ...
**   mdf_point_free(p);
**
** Threads: an MdfPoint owns its own MdfCtx (one per thread): use one
** MdfPoint per thread, never one from two threads at once.  The layer and
** the hardware it was made from are only read and must outlive it.
*/
#ifndef MDFC_SEARCH_H
#define MDFC_SEARCH_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/buf.h"
#include "mdfc/cost.h"
#include "mdfc/ctx.h"
#include "mdfc/ir.h"

enum { MDF_MAP_MAXL = 4, MDF_MAP_MAXD = 12 };

typedef struct MdfMapDir {
	uint8_t kind;           /* DirKind */
	uint8_t dim;            /* Dim; DIM_YP / DIM_XP are converted as written ones */
	int64_t size, offset;
} MdfMapDir;

typedef struct MdfMapLevel {
	int64_t cluster_size;   /* ignored for level 0 */
	uint32_t ndirs;
	MdfMapDir dirs[MDF_MAP_MAXD];
} MdfMapLevel;

typedef struct MdfMapping {
	uint32_t nlevels;       /* 1 .. MDF_MAP_MAXL */
	MdfMapLevel lv[MDF_MAP_MAXL];
} MdfMapping;

/* The directives as written of a layer straight from the front end, or of a
   normalized one (its source and converted directives, as written).  False
   when the layer has no mapping or one that does not fit an MdfMapping. */
bool mdf_mapping_from_layer(const IrLayer *l, MdfMapping *out);

/* Append `m` as the body of a Dataflow block (directives, `Cluster(n, P) {`
   blocks), one directive per line, each line prefixed by `indent`. */
void mdf_mapping_print(const MdfMapping *m, const char *indent, MdfBuf *out);

typedef enum MdfPointStatus {
	MDF_POINT_OK,           /* valid, fits the buffers: figures below */
	MDF_POINT_INVALID,      /* rejected by validation (code in `code`) */
	MDF_POINT_INFEASIBLE,   /* valid, but needs more L1 or L2 than the accelerator has */
	MDF_POINT_BOUND,        /* the model reported a runtime below MACs/(PEs x SIMD)
				   or a MAC count other than the layer's: a model bug */
	MDF_POINT_ERROR         /* out of memory, overflow (E0602) */
} MdfPointStatus;

typedef struct MdfPointResult {
	MdfPointStatus status;
	DiagCode code;          /* first error, for MDF_POINT_INVALID / _ERROR */
	int64_t runtime, macs, l1_req, l2_req;
	double energy_nj;
} MdfPointResult;

typedef struct MdfPoint MdfPoint;

/* `layer`: any layer of a module after mdf_front() or mdf_passes(); only
   its type, dimensions, strides and names are used.  NULL on OOM or a
   layer type the search does not handle (TRCONV, POOL). */
MdfPoint *mdf_point_new(const IrLayer *layer, const IrHw *hw, const MdfCostOpts *opts);
void mdf_point_free(MdfPoint *p);
/* Evaluate one mapping.  Returns r->status == MDF_POINT_OK. */
bool mdf_point_eval(MdfPoint *p, const MdfMapping *m, MdfPointResult *r);
/* Evaluate one mapping and keep its full figures in `out` (levels NULL). */
bool mdf_point_cost(MdfPoint *p, const MdfMapping *m, MdfLayerCost *out);
/* The MACs the layer asks for (any valid mapping computes exactly these). */
int64_t mdf_point_macs(const MdfPoint *p);
/* Bytes of the point's own arena in use (flat over any number of points). */
size_t mdf_point_arena_used(const MdfPoint *p);

/* ---- the search ---- */

typedef enum MdfObjective { MDF_OBJ_RUNTIME, MDF_OBJ_ENERGY, MDF_OBJ_EDP } MdfObjective;

typedef struct MdfSearchOpts {
	MdfObjective objective;
	int64_t budget;         /* evaluations per layer; 0: default (docs/search.md) */
	double time_limit;      /* seconds for the whole search; 0: none.  Output then
				   depends on machine speed (not deterministic). */
	uint64_t seed;
	int threads;            /* >= 1 */
	MdfCostOpts cost;
	/* progress on a long search: called from the calling thread with
	   (layers done, layers in all); may be NULL */
	void (*progress)(void *arg, uint32_t done, uint32_t total);
	void *progress_arg;
} MdfSearchOpts;

/* One point on a layer's Pareto front of runtime against energy. */
typedef struct MdfParetoPoint {
	int64_t runtime;
	double energy_nj;
	MdfMapping map;
} MdfParetoPoint;

typedef struct MdfLayerSearch {
	const IrLayer *layer;   /* borrowed */
	bool searched;          /* false: layer type not searched, or not valid */
	bool has_given;         /* the layer's own mapping was valid and evaluated */
	MdfPointResult given;
	MdfPointResult best;    /* status MDF_POINT_OK when a winner was found */
	MdfMapping best_map;
	int64_t evaluated, valid, infeasible, bound;
	double seconds;         /* wall time of this layer's search (0 when shared) */
	bool shared;            /* same shape as an earlier layer: its result reused */
	bool exhaustive;        /* the whole constrained space was enumerated */
	int64_t pruned;         /* points of that enumeration skipped by the busy-PE bound */
	MdfParetoPoint *pareto; /* by runtime ascending, energy descending */
	uint32_t npareto;
} MdfLayerSearch;

typedef struct MdfNetworkSearch {
	const IrNetwork *net;
	MdfLayerSearch *layers;
	uint32_t nlayers;
} MdfNetworkSearch;

typedef struct MdfModuleSearch {
	MdfNetworkSearch *networks;
	uint32_t nnetworks;
	double seconds;
	bool timed_out;
} MdfModuleSearch;

/* Search every valid layer of `m` (after mdf_passes) on `hw`.  Starting
   points: the layer's own mapping and the standard dataflows at their
   default parameters (stdlib dataflows/select.mdf, found through ctx's
   import path).  Results live in ctx->arena.  False (with a diagnostic in
   ctx) on an internal error, e.g. a winner that breaks the hardware
   bound. */
bool mdf_search_module(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		       const MdfSearchOpts *opts, MdfModuleSearch *out);

/* Reports.  Byte-deterministic for a given search result. */
void mdf_search_report_table(const MdfModuleSearch *s, const MdfSearchOpts *o, MdfBuf *out);
void mdf_search_report_csv(const MdfModuleSearch *s, const MdfSearchOpts *o, MdfBuf *out);
void mdf_search_report_json(const MdfModuleSearch *s, const IrHw *hw, const MdfSearchOpts *o, MdfBuf *out);
/* The networks with every searched layer's winning mapping as explicit
   directives, and `hw` as an Accelerator block: a file mdfc compiles to
   the same figures. */
void mdf_search_write_mdf(const MdfModuleSearch *s, const IrHw *hw, MdfBuf *out);

#endif
