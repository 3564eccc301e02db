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

/* One state of a directive in a level's iteration cases: its position
   (Init, Steady, Edge), its flags and how often it occurs. */
typedef struct CmState {
	uint8_t pos;
	bool unrolled, init_edge, ee;
	int64_t occ;
} CmState;

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
	bool rt_bad;            /* computing runtime overflowed */
	int32_t first_sub;      /* sub-tile of the first computing case, -1 */
	bool bad;               /* an overflow in this tile or below */
	int dead_level;         /* a level computing nothing here or below, -1 */
} CmTile;

/* A volume of a case as the unit count of its level enters it:
   k[ka]*a + k[kb]*b + c, k the level's unit-count scalars (CM_K*: 0, 1, P,
   P-1, E, E-1, the full units besides the first, without and with a
   partial last one), a, b, c per-unit volumes.  form_eval checks the same
   products and sums as the formula it stands for. */
enum { CM_K0, CM_K1, CM_KP, CM_KP1, CM_KE, CM_KE1, CM_KFULL, CM_KFULL_EE, CM_K__N };
typedef struct CmForm {
	int64_t a, b, c;
	uint8_t ka, kb;
} CmForm;

/* One iteration case of a level, everything in it that the level's unit
   count does not change: its volumes as forms, its partial sums and its
   sub-tiles.  They depend on the case's states (positions and flags, not
   occurrences) and, with a SpatialMap at an edge, on E's class (1 or more)
   and the extents of the partial last unit. */
typedef struct CmCaseForm {
	CmForm eg, macs, in[2], l1w[2];
	int64_t psums;
	int64_t nt;                 /* occurrences of the TemporalMaps' states */
	int32_t sub[2];             /* sub-tiles (-1: none), as CmRec.sub */
	bool all_init;
	bool sp_edge;               /* first SpatialMap at an edge */
	bool split;                 /* last unit partial: sub-tiles of both kinds */
	bool full_first;            /* of those, the full units' built first */
} CmCaseForm;

/* The buffer sizes a level's first computing case records (static). */
typedef struct CmSizing {
	bool have, bad;             /* bad: their products overflowed */
	int64_t ts[COST__NTENSORS];     /* tensor sizes (l2w of inputs, l2r of output) */
	int64_t mv[COST__NTENSORS];     /* mapped volumes (downstream buffers) */
} CmSizing;

/* The top level's case forms for one combination of its SpatialMaps'
   states, one per combination of its TemporalMaps' states (tau, mixed
   radix in directive order).  A unit count recombines the blocks of its
   states (top_replay). */
#define CM_FORMSP 4             /* SpatialMaps of a top level that replays */
#define CM_FORMCOMB 81          /* 3^CM_FORMSP: combinations of their states */
#define CM_FORMCAP 256          /* top-level cases beyond which nothing replays */
#define CM_BLOCKKEY (2 + CM_FORMSP)
/* Cases of a block whose forms are the same: the same figures under any
   unit count. */
typedef struct CmGroup {
	uint32_t rep;               /* tau of one of them */
	int64_t nt;                 /* the sum of their nt */
} CmGroup;
typedef struct CmBlock {
	int64_t key[CM_BLOCKKEY];   /* see block_key */
	uint64_t stamp;             /* the top-level build that last used it */
	bool used;
	bool dead;                  /* a sub-tile computes nothing */
	bool grouped;               /* every case computes, no volume is negative */
	CmCaseForm *cf;             /* MdfCostEval.ntau entries */
	uint8_t *group;             /* per tau, its group */
	CmGroup *grp;
	uint32_t ngroups;
	CmCaseForm sum;             /* grouped: the forms' terms and nt, weighted
				       by nt and summed over the cases */
} CmBlock;

/* A group's figures under the current unit count (replay_groups). */
typedef struct CmGroupFig {
	int64_t egress, ingress;
	int64_t n;                  /* occurrences, summed over its cases */
	long double active;
	int32_t rec;                /* its record, -1 before its first case */
} CmGroupFig;

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
	int64_t total_elems[2];             /* declared input, weight sizes */
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
	/* The top level's case forms (top_replay), made at the first build
	   unless the top level cannot replay (no_forms). */
	CmBlock *blocks;                    /* nblocks, arena */
	uint32_t nblocks, next_block;
	uint64_t stamp;
	uint32_t formcap;                   /* most top-level cases of any unit count */
	uint32_t ntau, tstride[CM_MAXD];    /* TemporalMaps' state combinations */
	CmState top_st[CM_MAXD][3];         /* top-level states (SpatialMaps': current P) */
	uint8_t top_nst[CM_MAXD];
	/* build's case order for each count of SpatialMap states (pattern
	   sum (n_j - 1) 3^j): per case its block combination << 8 | tau */
	uint16_t *order;
	uint32_t order_off[CM_FORMCOMB];
	CmGroupFig *gfig;                   /* formcap */
	CmSizing top_sizing;
	bool no_forms;
	bool one_shot;                      /* mdf_cost_layer: no slots, no forms */
	/* Phase B epoch: bumped when the NoC/SIMD parameters change. */
	uint64_t epoch;
	int64_t ep_bw, ep_lat, ep_simd;
};

unsigned cm_fixes(const MdfCostOpts *o);

#endif
