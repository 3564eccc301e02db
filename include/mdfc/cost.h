/*
** cost.h: the analytical cost model (MAESTRO's model, docs/fidelity.md §3) and
** its reports.  Reads only normalized, valid IR (IrLayer.normalized and
** .valid set by mdf_passes).
**
**   MdfCostOpts o = {0};                 default mode: all fixes on
**   o.compat_maestro = true;             MAESTRO's accounting (fixes 2,4,5,7 off)
**   MdfModuleCost mc;
**   mdf_cost_module(ctx, m, &hw, &o, &mc);     every layer of every network
**   mdf_report_table(&mc, &hw, &o, &buf);      or _csv / _json
**
** Sweeps: one MdfCostEval per layer, evaluated under many IrHw; after the
** first evaluation nothing is allocated (sub-level analyses are shared by
** tile size, hardware-independent figures computed once).
**
** All counts are int64 and overflow-checked; an overflow records E0602 and
** the layer's `ok` is false (its figures are not to be used).
**
** Threads: one MdfCtx per thread (ctx.h).  Every function here allocates
** in, or records diagnostics into, the context it is given, and an
** MdfCostEval lives in its context: to evaluate in parallel, give each
** thread its own context, module and evaluators.
*/
#ifndef MDFC_COST_H
#define MDFC_COST_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/buf.h"
#include "mdfc/ctx.h"
#include "mdfc/ir.h"

typedef struct MdfCostOpts {
	bool compat_maestro;    /* --compat=maestro: undo fixes 2, 4, 5, 7 */
	/* Diagnosis only (docs/fidelity.md): bit n turns fix n of docs/fidelity.md §3
	   off as well (bit 6: skipped cases add MAESTRO's output counters; bit 8:
	   a NoC transfer of 0 elements costs latency-1; bit 10: strided layers
	   with R < stride in MAESTRO's mixed coordinates; bit 11: a window
	   tiled inside a level counts outputs that do not exist, as MAESTRO
	   does; bit 12: fix 10, a sub-tile sized on the level's static
	   dimensions, as MAESTRO does).  0 normally. */
	uint32_t disable_fixes;
	/* Also compute the breakdown of MdfLayerCost (runtime components, the
	   bound, the bandwidth needs, the energy split; docs/cost-model.md
	   §3.1-3.2).  The needs cost some 20-40 further delay passes over the
	   layer's cases, so sweeps leave it off. */
	bool breakdown;
} MdfCostOpts;

/* Tensors, in MAESTRO's CSV order. */
enum { COST_INPUT, COST_WEIGHT, COST_OUTPUT, COST__NTENSORS };

typedef struct MdfTensorCost {
	int64_t l1_read, l1_write, l2_read, l2_write;
	double reuse;               /* l1_read / l1_write (0 when l1_write is 0) */
	double multicast;           /* l1_write / l2_read (0 when l2_read is 0;
				       inputs only: 0 for the output) */
	int64_t l2_size;            /* top level's buffer need (double-buffered) */
	int64_t l1_size;            /* innermost level's per-PE buffer need */
	int64_t total_elems;        /* declared tensor size (input, weight: CSV 19-20) */
} MdfTensorCost;

/* Runtime components (docs/cost-model.md §3.1); they add up to the runtime. */
enum { COST_T_COMPUTE, COST_T_INGRESS, COST_T_EGRESS, COST_T_OFFCHIP, COST__NTIME };
/* Energy levels of the breakdown (docs/cost-model.md §3.2); the MAC energy
   is not per tensor and is kept apart. */
enum { COST_E_L1, COST_E_L2, COST_E_NOC, COST_E_OFFCHIP, COST__NELEVELS };

/* One cluster level (index 0 = top), from the analysis along the first
   (all-Init) recursion path: for levels below the top these are the figures
   of one sub-tile as the level above first hands it down. */
typedef struct MdfLevelCost {
	int64_t units;              /* sub-units the level distributes over */
	int64_t active_units;       /* units busy at the level's spatial edge */
	int64_t ncases;             /* iteration cases analysed (non-skipped) */
	int64_t iterations;         /* sum of case occurrences */
	int64_t runtime;            /* cycles */
	int64_t macs;
	int64_t upstream[COST__NTENSORS];   /* the level's own buffer (x2) */
	int64_t downstream[COST__NTENSORS]; /* each sub-unit's buffer (x2) */
	int64_t l2_read[COST__NTENSORS];    /* NoC ingress/egress traffic at this level */
	int64_t l2_write[COST__NTENSORS];
	int64_t noc_bw_peak;
	double noc_bw_avg;
} MdfLevelCost;

typedef struct MdfLayerCost {
	const char *network;        /* names, borrowed from the IR */
	const char *name;
	LayerType type;
	bool ok;                    /* false: not evaluated (invalid layer or overflow) */
	bool compat;                /* computed in compat_maestro mode */

	int64_t num_pes, vector_width;
	int64_t runtime;            /* cycles */
	int64_t macs;
	double throughput;          /* MACs / cycle */
	double utilization;         /* avg_utilized_pes / num_pes */
	double avg_utilized_pes;
	double energy_nj;           /* activity-count energy (CSV col 5, own counters) */
	double energy_mac_units;    /* screen energy, in MAC energies (incl. MAC term) */
	double throughput_per_energy, ops_per_j;
	double area, power, pe_power, l1_power, l2_power, noc_power;
	int64_t noc_bw_peak, offchip_bw;   /* elements/cycle */
	double noc_bw_avg;
	int64_t l1_size_req, l2_size_req;
	MdfTensorCost t[COST__NTENSORS];
	/* NoC and compute delays per case (cycles): min, max, occurrence-weighted
	   average (truncated, as MAESTRO prints it). */
	int64_t ingress_min, ingress_max, ingress_avg;
	int64_t egress_min, egress_max, egress_avg;
	int64_t compute_min, compute_max, compute_avg;
	double arith_intensity;

	/* The breakdown (only with MdfCostOpts.breakdown: has_breakdown). */
	bool has_breakdown;
	int64_t time[COST__NTIME];  /* cycles; sum = runtime */
	int bound;                  /* COST_T_* of the largest component */
	/* The top-level case contributing most to the bound: its delay of the
	   bound's kind, and its compute, ingress and egress delays (cycles per
	   step). */
	int64_t bound_step, bound_compute, bound_ingress, bound_egress;
	/* Bandwidths at and above which the runtime no longer drops (elements
	   per cycle; docs/cost-model.md §3.1); default-mode warnings use them. */
	int64_t noc_bw_need, offchip_bw_need;
	/* Cycles the layer would save with each need provisioned (the other
	   bandwidth as given); default-mode warnings fire when a need exceeds
	   the accelerator's and would save at least 1% of the runtime. */
	int64_t noc_bw_saving, offchip_bw_saving;
	double energy_mac;          /* nJ of the MACs */
	double energy_split[COST__NELEVELS][COST__NTENSORS];      /* nJ */
	double energy_total;        /* nJ, MAC + every level and tensor */

	/* Needs above what the accelerator provides (also reported as W06xx). */
	bool over_l1, over_l2, over_noc_bw, over_offchip_bw;

	MdfLevelCost *levels;       /* nlevels entries, arena-allocated */
	uint32_t nlevels;
} MdfLayerCost;

typedef struct MdfNetworkCost {
	const char *name;
	MdfLayerCost *layers;       /* one per IrNetwork layer, same order */
	uint32_t nlayers;
	int64_t runtime, macs;      /* sums over ok layers */
	double energy_nj;
	int64_t max_l1_req, max_l2_req, max_noc_bw, max_offchip_bw;
	int64_t sum_l1_req, sum_l2_req;
	/* With the breakdown: the maxima of the layers' needs and the sums
	   of their runtime components and energy (total, MAC). */
	int64_t max_noc_bw_need, max_offchip_bw_need;
	int64_t time[COST__NTIME];
	double energy_total, energy_mac;
} MdfNetworkCost;

typedef struct MdfModuleCost {
	MdfNetworkCost *networks;
	uint32_t nnetworks;
} MdfModuleCost;

/* Evaluate one normalized layer once: the lean path (no sweep tables; the
   evaluator lives on the stack, its case tables and out->levels in
   ctx->arena, so an arena mark/release around the call gives everything
   back).  For many evaluations of one layer under different hardware use
   the sweep evaluator below.  False (and out->ok false) when the layer is
   not valid or an overflow was diagnosed.  Signature stable. */
bool mdf_cost_layer(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
		    const MdfCostOpts *opts, MdfLayerCost *out);
/* The same figures without the per-level ones (out->levels NULL, nlevels
   0): what a mapping search reads, at less cost (the report's first
   sub-tiles of fix 16 are not built). */
bool mdf_cost_layer_totals(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
			   const MdfCostOpts *opts, MdfLayerCost *out);
/* For many mappings of one layer (a mapping search's points): what the
   model makes of a mapping's structure alone (each level's directives'
   kinds and dimensions, in order) is kept in `memo` and reused while the
   structure stays the same; every figure is mdf_cost_layer_totals's.  A
   memo serves one layer (its type and dimensions) and one thread; it
   lives in ctx's arena (mdf_cost_memo_new, NULL when out of memory) and
   must be made before any arena mark the evaluations release. */
typedef struct MdfCostMemo MdfCostMemo;
MdfCostMemo *mdf_cost_memo_new(MdfCtx *ctx);
bool mdf_cost_layer_totals_memo(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
				const MdfCostOpts *opts, MdfLayerCost *out, MdfCostMemo *memo);
/* The same evaluation for a mapping point (include/mdfc/search.h): only
   the figures a point reports are made (runtime, macs, energy_nj,
   l1_size_req, l2_size_req, over_l1, over_l2), each equal to
   mdf_cost_layer_totals_memo's, and the same verdict and diagnostics;
   every other figure is 0. */
bool mdf_cost_layer_point_memo(MdfCtx *ctx, const IrLayer *layer, const IrHw *hw,
			       const MdfCostOpts *opts, MdfLayerCost *out, MdfCostMemo *memo);

/* Every layer of every network of `m` (after mdf_passes).  Invalid layers get
   ok == false and are skipped by the reports.  Emits W0601-W0604 where a
   network's needs exceed `hw`.  False when any E06xx was recorded. */
bool mdf_cost_module(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		     const MdfCostOpts *opts, MdfModuleCost *out);

/* Sweeps.  The evaluator lives in ctx->arena and does no I/O.  Its first
   evaluation builds the layer's case tables (every volume, counter and
   buffer size: they do not depend on NoC bandwidth, latency, off-chip
   bandwidth, SIMD width or energy constants); later evaluations only
   recompute delays and runtimes, and allocate nothing.  The tables depend
   on the PE count only through the top level's unit count; the top
   level's tables are kept for the last 16 unit counts met, so a sweep
   that comes back to a PE count rebuilds nothing.  Another unit count
   recombines the top level's per-case volumes, kept per combination of
   its SpatialMaps' states, and analyses only states not met before
   (docs/cost-model.md §6).  out->levels is NULL unless `levels` storage is
   given with room for layer->nlevels entries. */
typedef struct MdfCostEval MdfCostEval;
MdfCostEval *mdf_cost_eval_new(MdfCtx *ctx, const IrLayer *layer, const MdfCostOpts *opts);
bool mdf_cost_eval(MdfCostEval *ev, const IrHw *hw, MdfLayerCost *out, MdfLevelCost *levels);
/* Whether the evaluations that follow compute the breakdown
   (MdfCostOpts.breakdown; off unless the options given to
   mdf_cost_eval_new asked for it). */
void mdf_cost_eval_set_breakdown(MdfCostEval *ev, bool on);
/* The figures of a sweep row, equal to mdf_cost_eval's (the same
   diagnostics when it fails), faster for hardware points that differ from
   earlier ones only in NoC bandwidth or latency, SIMD lanes, off-chip
   bandwidth or buffer sizes: mdf_cost_eval runs once per PE count (for the
   last 16 met, or as many as mdf_cost_eval_keep says before the first
   call), and another point replays only the runtime (src/cost/sweep_fig.c). */
typedef struct MdfCostFig {
	int64_t runtime, macs, l1_size_req, l2_size_req;
	double energy_nj;
	bool over_l1, over_l2;
} MdfCostFig;
bool mdf_cost_eval_fig(MdfCostEval *ev, const IrHw *hw, MdfCostFig *out);
void mdf_cost_eval_keep(MdfCostEval *ev, uint32_t unit_counts);

/* Reports.  Byte-deterministic.  The table is for people (per layer, network
   totals, and a warning line for every need above the accelerator); the CSV
   has MAESTRO's 52 columns, header spelled as MAESTRO spells it, one row per
   ok layer; the JSON holds the same figures plus per-level/per-tensor detail
   under the keys documented in docs/cost-model.md. */
void mdf_report_table(const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts, MdfBuf *out);
void mdf_report_csv(const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts, MdfBuf *out);
void mdf_report_json(const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts, MdfBuf *out);
/* The bound in words ("NoC ingress-bound: 5 cycles per step, compute 2")
   into buf (at most n bytes, NUL-terminated); "" without a breakdown. */
void mdf_cost_bound_text(const MdfLayerCost *c, char *buf, size_t n);
/* The names of the components and levels, for reports. */
extern const char *const mdf_cost_time_names[COST__NTIME];
extern const char *const mdf_cost_energy_names[COST__NELEVELS];

/* One layer's object of the JSON report (e.g. a sweep point's). */
void mdf_report_json_layer(const MdfLayerCost *c, MdfBuf *out);

#endif
