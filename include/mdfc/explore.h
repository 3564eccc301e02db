/*
** explore.h: design-space exploration behind `mdfc --sweep` and `--dse`
** (docs/explore.md): a grid of points over hardware fields and `param`s,
** each point evaluated in process, one row per point (or per layer), rows
** that failed carrying their diagnostic's code and message.
**
**   MdfExploreOpts o = {0};
**   o.axes = (const char *[]){"num_pes=64..1024:*2", "KCP_WS_TC=8,16"};
**   o.naxes = 2;  o.threads = 1;  o.emit_json = false;
**   MdfExploreResult r;
**   mdf_explore(ctx, file, &over, &o, &buf, &r);    rows into buf
**
** Hardware axes re-evaluate the layers' MdfCostEval (cost.h), nothing else;
** param axes elaborate the parse again (mdf_front_elaborate) in scratch
** arena memory.  Threads: each worker owns its own MdfCtx and parse; the
** output is byte-identical whatever the thread count, and the K-th of N
** shards writes exactly its slice of the rows, which mdf_explore_merge
** joins back into the single run's output.
*/
#ifndef MDFC_EXPLORE_H
#define MDFC_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/buf.h"
#include "mdfc/cost.h"
#include "mdfc/ctx.h"
#include "mdfc/ir.h"
#include "mdfc/search.h"

/* Mapping points per layer shape and design a co-design search evaluates
   when --budget is not given. */
enum { MDF_CODESIGN_BUDGET = 200 };

/* Hard limits: values of one axis, axes, points of the whole grid. */
enum { MDF_AXIS_MAX_VALUES = 1000000, MDF_MAX_AXES = 16 };
#define MDF_EXPLORE_MAX_POINTS 1000000000000LL

typedef enum MdfDseObjective {
	MDF_DSE_THROUGHPUT, MDF_DSE_ENERGY, MDF_DSE_EDP, MDF_DSE_PERF_PER_AREA
} MdfDseObjective;

typedef struct MdfExploreOpts {
	const char *const *axes;    /* --sweep specs, "NAME=LIST" or "NAME=A..B[:+S|:*S]" */
	size_t naxes;
	bool per_layer;             /* one row per layer, not per network */
	bool emit_json;             /* else CSV */
	int threads;                /* >= 1 */
	uint32_t shard_k, shard_n;  /* the K-th (1-based) of N slices; 0/0: all */
	MdfCostOpts cost;
	const char *accel;          /* --accel: the module's Accelerator block to use */
	/* --dse (docs/explore.md): feasibility under budgets, Pareto front, best */
	bool dse;
	MdfDseObjective objective;
	double area_budget, power_budget;   /* 0: none */
	bool front_only;            /* --front-only: only front, best and failed rows */
	/* --search, co-design (docs/explore.md): each point's layers take the
	   mapping the search finds best on that point's hardware (threads
	   and time_limit are not used: one search thread per worker, no
	   limit but the budget) */
	bool search;
	MdfSearchOpts search_opts;
} MdfExploreOpts;

typedef struct MdfExploreResult {
	uint64_t points;            /* points of the grid (all shards) */
	uint64_t evaluated;         /* points this run evaluated (its shard) */
	uint64_t failed;            /* of those, points with at least one error row */
	double seconds;
} MdfExploreResult;

/* Explore source `file` of ctx (already read).  `over` holds the hardware
   set above the file's Accelerator block (--hw file, then flags; its `set`
   bits say which fields).  Errors in the axes, or in the file at its
   defaults, are diagnostics in ctx (E14xx for the axes) and the result is
   false; a point that fails is a row, not a failure of the run (count in
   r->failed). */
bool mdf_explore(MdfCtx *ctx, uint32_t file, const IrHw *over, const MdfExploreOpts *o,
		 MdfBuf *out, MdfExploreResult *r);

/* `mdfc --merge`: sources files[0..n) of ctx, the outputs of the N
   shards of one run in any order, joined into the single run's output
   (the --dse front and best recomputed over all rows).  *failed: rows
   with status error.  False with a diagnostic (E1404) in ctx when they
   are not the N distinct shards of one exploration. */
bool mdf_explore_merge(MdfCtx *ctx, const uint32_t *files, size_t n, MdfBuf *out, uint64_t *failed);

/* The area (um^2) and power (mW) model of --dse for a design (docs/explore.md),
   in three parts: the PEs (their MACs), the buffers (L1s and L2), the NoC
   (bus and arbiter); the totals are their sums. */
enum { MDF_DSE_PES, MDF_DSE_BUFFERS, MDF_DSE_NOC, MDF_DSE__NPARTS };
void mdf_dse_area_power(const IrHw *hw, double *area_um2, double *power_mw);
void mdf_dse_parts(const IrHw *hw, double area_um2[MDF_DSE__NPARTS], double power_mw[MDF_DSE__NPARTS]);

#endif
