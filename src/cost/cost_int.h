/*
** cost_int.h: internals of the cost model shared by model.c and report.c.
*/
#ifndef MDFC_COST_INT_H
#define MDFC_COST_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/cost.h"

#define CM_MAXD 16      /* directives per level (beyond: E0602) */
#define CM_MAXL 16      /* cluster levels (beyond: E0602; the front end allows 16) */
#define CM_MAXCASES (1 << 20)   /* iteration cases of one level (beyond: E0602) */

/* Bits of MdfCostOpts-derived fix set: bit n = fix n of semantics.md §2 on. */
#define CM_FIX(n) (1u << (n))
/* Part of fix 3 in default mode only: strided layers with R < stride are
   evaluated in compressed rows (see compress_strided). */
#define CM_COMPRESS (1u << 10)
/* Part of fix 3 in default mode only: with a window tile narrower than its
   window (R or S tiled inside a level), a tile owns only the outputs that
   exist (see clip_pair). */
#define CM_CLIP (1u << 11)

typedef struct CmDir {
	bool spatial;
	uint8_t dim;
	uint8_t coupled;        /* bit t: dimension is a variable of tensor t */
	int64_t M, O;
} CmDir;

/* Per-dimension mapping sizes of one level (maestro-model §4.5), computed
   once from the level's static dimensions.  `has` = an entry exists
   (MAESTRO reads absent entries as 0). */
typedef struct CmSizes {
	int64_t m[DIM__COUNT], u[DIM__COUNT], me[DIM__COUNT], ue[DIM__COUNT];
	bool has[DIM__COUNT];
} CmSizes;

typedef struct CmLevel {
	uint32_t nd;
	CmDir d[CM_MAXD];
	int sp;                 /* first SpatialMap */
	int8_t spc[COST__NTENSORS][CM_MAXD];  /* SpatialMaps on each tensor's variables */
	uint8_t nspc[COST__NTENSORS];
	int8_t spall[CM_MAXD];              /* every SpatialMap, in order */
	uint8_t nspall;
	int dir_of[DIM__COUNT]; /* first directive on each dimension, -1 if none */
	int64_t sdim[DIM__COUNT];       /* static dimension table */
	int64_t P, E;           /* units; units active at the spatial edge */
	int64_t ee_rem;         /* fix 5: extent left for the last fold (static) */
	CmSizes z;
} CmLevel;

/* Result of analysing one level for one tile (a CostAnalysisResults). */
typedef struct CmRes {
	int64_t runtime, macs;
	double avg_active;
	int64_t l2r[COST__NTENSORS], l2w[COST__NTENSORS];
	int64_t l1r[COST__NTENSORS], l1w[COST__NTENSORS];
	int64_t up[COST__NTENSORS], down[COST__NTENSORS];
	int64_t peak_bw, offchip;
	double avg_bw;
	int64_t dmin[3], dmax[3], davg[3];  /* ingress, egress, compute */
	double ai;
	int64_t ncases, iters;
	/* Element 0 of MAESTRO's result list for this subtree: its level and
	   downstream buffer sizes (the CSV's L1 requirement). */
	int elem0_level;
	int64_t elem0_down[COST__NTENSORS];
} CmRes;

/* One computing iteration case of a tile, as phase B (the hardware-dependent
   delays) needs it. */
typedef struct CmRec {
	int64_t m;              /* identical cases merged into this record */
	int64_t n, ingress, egress, psums;
	int32_t sub[2];         /* tiles of the level below (-1: none) */
	bool all_init;
} CmRec;

/* The analysis of one level for one tile size (MAESTRO's per-call
   CostAnalysisResults).  Phase A fills everything that does not depend on
   the NoC/SIMD parameters; phase B caches the runtime per parameter epoch. */
typedef struct CmTile {
	uint32_t level;
	int64_t key[CM_MAXD];
	uint32_t rec0, nrec;
	CmRes res;
	uint64_t epoch;
	int64_t runtime;
	int32_t first_sub;      /* sub-tile of the first computing case, -1 */
	bool bad;               /* an overflow in this tile or below */
	int dead_level;         /* a level computing nothing here or below, -1 */
} CmTile;

/* The top level's analysis for one unit count, kept for sweeps that come
   back to it (a PE-count sweep inside another sweep). */
#define CM_TOPSLOTS 16
typedef struct CmTopSlot {
	int64_t P;              /* top-level units; 0: empty slot */
	CmTile tile;            /* tiles[0] for this P (records at 0..nrec) */
	CmRec *recs;
	uint32_t cap;
	int32_t first_tile[CM_MAXL];
	bool a_overflow, a_toomany, a_nocompute;
	int a_nocompute_level;
} CmTopSlot;

struct MdfCostEval {
	MdfCtx *ctx;
	const IrLayer *layer;
	unsigned fix;
	uint32_t nlev;
	CmLevel *lv;                        /* nlev levels, arena */
	uint32_t tmask[COST__NTENSORS];     /* dims of each tensor (Y, X for output) */
	bool overlap;                       /* Y/R, X/S sliding pairs exist */
	int64_t stride[DIM__COUNT];         /* effective (fix 3: R if R < stride) */
	int64_t real_top[DIM__COUNT];       /* the layer's own dimensions */
	int64_t cluster_prod;
	bool ok;                            /* construction succeeded */
	/* per evaluation */
	int64_t noc_bw, noc_lat, simd, offchip_bw;
	double inv_bw;
	bool overflow, nocompute;
	int nocompute_level;
	/* Phase A tables.  Tiles below the top do not depend on the PE count
	   and are kept; the top tile (tiles[0], its records in trecs) is
	   rebuilt when the PE count changes.  The tables grow in the arena
	   only when they need more room than ever before. */
	CmRec *recs, *trecs;
	uint32_t nrecs, caprecs, ntrecs, captrecs;
	CmTile *tiles;
	uint32_t ntiles, captiles;
	int32_t first_tile[CM_MAXL];
	bool built, hard_fail, a_overflow, a_toomany, a_nocompute;
	int a_nocompute_level;
	int64_t built_P;                    /* top-level units of tiles[0] */
	const CmRec *top_recs;              /* tiles[0]'s records (trecs or a slot's) */
	CmTopSlot *slots;                   /* CM_TOPSLOTS, arena, on first use */
	uint32_t next_slot;
	bool one_shot;                      /* mdf_cost_layer: no slots */
	/* Phase B epoch: bumped when the NoC/SIMD parameters change. */
	uint64_t epoch;
	int64_t ep_bw, ep_lat, ep_simd;
};

unsigned cm_fixes(const MdfCostOpts *o);

#endif
