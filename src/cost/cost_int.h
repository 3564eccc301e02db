/*
** cost_int.h: internals of the cost model, shared by its files.
**
** The model (docs/model-spec.md §4.4-4.12, with the fixes of docs/fidelity.md §3),
** one concept per file, in the order a reader meets them:
**
**   sizes.c    per-level mapping sizes (m, u, me, ue per dimension), the
**              active units at a spatial edge, tensor sizes and the level's
**              buffer volumes: static, from the level's dimensions
**   volumes.c  per-unit (per-PE) NoC volumes of one iteration case and
**              their combination over the units as forms in P and E
**   cases.c    phase A: the iteration cases of a level for one tile size,
**              their accounting (counters, buffer sizes, records) and the
**              recursion into the level below (tiles shared by size)
**   clip.c     fix 3 in default mode: only outputs that exist, when a
**              window is tiled inside a level
**   sweep.c    the top level replayed for another PE count from its case
**              forms, and the tables kept per PE count (sweeps)
**   eval.c     phase B (delays, runtime, bandwidth under the NoC/SIMD
**              parameters), the API (mdf_cost_eval_new, mdf_cost_eval,
**              mdf_cost_layer) and the network totals (mdf_cost_module)
**
** MAESTRO compatibility is a set of fixes (fixes.def), each tested through
** its named predicate fix_<name>(ev->fix); the clean model is the one with
** every fix on.
**
** One level at a time: enumerate the iteration cases of the level's
** directives (each directive at its Init, Steady or Edge position), compute
** per case the NoC ingress/egress volumes, the MACs and the compute delay,
** and recurse into the level below for the compute delay of upper levels.
** Two phases: A (build) enumerates the cases and computes every volume,
** counter and buffer size, none of which depends on the NoC or SIMD
** parameters; B computes delays and runtimes from A's case tables.  A level
** is analysed once per distinct tile size handed down (tiles are shared), A
** reruns only when the PE count changes, and B caches each sub-tile's
** runtime per parameter set.  After the first evaluation, evaluations under
** new hardware allocate nothing.
**
** The PE count changes only the top level's unit count P, hence its
** SpatialMaps' states and its active units E.  A case's per-unit volumes
** depend on its states' positions and flags (with a SpatialMap at an edge,
** also on whether E is 1 and on the partial last unit's extent); P, E and
** the occurrences only combine them.  So the top level keeps each case's
** volumes as forms (k[ka]*a + k[kb]*b + c over P and E) in blocks, one per
** combination of SpatialMap states; another P recombines the blocks of its
** states in build's case order (top_replay), analysing only states not met
** before.  mdf_cost_layer, evaluating once, analyses every case (build).
*/
#ifndef MDFC_COST_INT_H
#define MDFC_COST_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/checked.h"
#include "mdfc/cost.h"

#define CM_MAXD IR_MAX_LEVEL_DIRS      /* directives per level (beyond: E0602) */
_Static_assert(CM_MAXD <= 16, "CmLevel's directive masks are 16 bits");
#define CM_MAXL IR_MAX_LEVELS      /* levels (the front end never makes more) */
#define CM_MAXCASES (1 << 20)   /* iteration cases of one level (beyond: E0602) */

/* The fixes (fixes.def): CM_FIX_<name> is the bit of fix <name> in a fix
   set, fix_<name>(set) whether it is on. */
enum {
#define CM_FIX_ROW(bit, name, compat, section) CM_FIX_##name = bit,
#include "cost/fixes.def"
#undef CM_FIX_ROW
};
#define CM_FIX_ROW(bit, name, compat, section) \
	static inline bool fix_##name(unsigned set) { return (set >> (bit)) & 1u; }
#include "cost/fixes.def"
#undef CM_FIX_ROW

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
	bool edge;              /* at an edge: pos == POS_EDGE or init_edge */
} CmState;

/* Per-dimension mapping sizes of one level (docs/model-spec.md §4.5), computed
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
	/* Directives in order: those on each tensor's variables (coupled), the
	   first on each of the output's dimensions, those on none of them. */
	uint8_t cpl[COST__NTENSORS][CM_MAXD], ncpl[COST__NTENSORS];
	uint8_t outd[CM_MAXD], noutd;
	uint8_t redd[CM_MAXD], nredd;
	/* The same as bit masks by directive index (bit i: directive i), for
	   a case's flags in a few bit operations (cm_case_setup): those on
	   each tensor's variables, the SpatialMaps on them and overall, those
	   that decide a unit's output tile (fix 11), and the directive whose
	   state says whether a tensor's (the partial sums': spl_all) last
	   spatial unit is partial (-1: none). */
	uint16_t cplm[COST__NTENSORS], spcm[COST__NTENSORS], spallm, decm;
	int8_t spl[COST__NTENSORS], spl_all;
	uint16_t tailm;         /* fix 13: tail-only loops (cm_level_sizes) */
	int64_t sdim[DIM__COUNT];       /* static dimension table */
	int64_t P, E;           /* units; units active at the spatial edge */
	int64_t ee_rem;         /* fix 5: extent left for the last fold (static) */
	CmSizes z;              /* last: mdf_cost_layer zeroes a level up to it */
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
	uint64_t split_epoch;   /* runtime components (breakdown), per epoch */
	int64_t split[3];       /* compute, ingress, egress cycles */
	int32_t first_sub;      /* sub-tile of the first computing case, -1 */
	bool bad;               /* an overflow in this tile or below */
	int dead_level;         /* a level computing nothing here or below, -1 */
	bool origin;            /* built for the report of the first sub-tiles
				   (fix 16, cm_origin_firsts) */
	int64_t ocap[2];        /* such a tile's Y', X' cap (cm_origin_caps) */
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

typedef struct CmFigs CmFigs;
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
	bool origin;                        /* building fix 16's report tiles */
	bool built, hard_fail, a_overflow, a_toomany, a_nocompute;
	int a_nocompute_level;
	int64_t built_P;                    /* top-level units of tiles[0] */
	const CmRec *top_recs;              /* tiles[0]'s records (trecs or a slot's) */
	bool one_shot;                      /* mdf_cost_layer: no slots, no forms */
	bool breakdown;                     /* MdfCostOpts.breakdown (breakdown.c) */
	/* Phase B epoch: bumped when the NoC/SIMD parameters change. */
	uint64_t epoch;
	int64_t ep_bw, ep_lat, ep_simd;
	CmFigs *figs;                       /* mdf_cost_eval_fig (sweep_fig.c), on first use */
	uint32_t fig_slots;                 /* unit counts it keeps (0: its default) */
	/* The top level's case forms (top_replay), made at the first build
	   unless the top level cannot replay (no_forms); NULL in one_shot. */
	CmBlock *blocks;                    /* nblocks, arena */
	/* From `slots` on: the sweep's own state (the tables kept per unit
	   count, the case forms' bookkeeping).  A one-shot evaluator never
	   reads it, and mdf_cost_layer zeroes the struct only up to it. */
	CmTopSlot *slots;                   /* CM_TOPSLOTS, arena, on first use */
	uint32_t next_slot;
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
};

/* A directive's position in an iteration case. */
enum { POS_INIT, POS_STEADY, POS_EDGE };

/* What a case's spatial maps on a tensor's variables look like. */
typedef struct SpInfo {
	bool mapped, edge, has_ee;
} SpInfo;

/* The sub-tiles a tile's cases last handed down (cm_case_subs), by what
   cm_sub_dims reads of a case (cases.c sub_key, CmCase.subkey): the same key gives the
   same dimensions, so the same tile of the level below (the first
   analysed with them, which find_tile would find again). */
#define CM_SUBMEMO 4
typedef struct CmSubMemo {
	uint64_t key[CM_SUBMEMO];
	int32_t ti[CM_SUBMEMO];         /* -1: empty */
	uint32_t next;
} CmSubMemo;

/* The positions of one case, by directive index, and what every volume
   function of the case needs (computed once per case, cm_case_setup). */
typedef struct CmCase {
	const CmLevel *L;
	const CmState *s[CM_MAXD];
	CmSubMemo *subs;        /* the tile's; NULL: none */
	uint64_t subkey;        /* the memo's key (cases.c sub_key) */
	int cstar;              /* innermost directive not at Init; -1: all-Init */
	int cpart;              /* fix 22: the later of a co-indexed pair when
				   cstar is the first (it moves with it); -1 */
	uint16_t initm;         /* directives at Init, not unrolled */
	uint16_t tailm;         /* the level's tail-only loops (clip.c clears some) */
	SpInfo sp[COST__NTENSORS], sp_all;
	bool inited[2];
	int64_t in_cache[2][4], eg_cache[16];   /* see pe_ingress, pe_egress */
	uint8_t in_valid[2];
	uint16_t eg_valid;
} CmCase;

/* A sliding pair whose window is tiled inside a level (clip.c). */
typedef struct CmClip {
	int i, j;               /* directives of the reference and window dims */
	int64_t Nv, Ns, s, nxp; /* tile extents, stride, outputs of the tile */
	int64_t isteady, jsteady;       /* Steady occurrences (0: none) */
	bool taps;              /* count each unit's own taps (clip.c pair_step) */
	int64_t subv, subs;     /* fix 20: the level below's co-indexed pair
				   chunks (reference rows, window taps); 0:
				   none */
} CmClip;

/* A case's figures under the level's unit count. */
typedef struct CmFig {
	int64_t n;              /* instances that compute (clipped: fewer) */
	int64_t egress, macs, psums, macs_tot, egress_tot;
	int64_t after[4];       /* fix 15: of n, those after a step computing
				   nothing, by the input tensors (bit t) whose
				   whole tile they are charged */
	bool valid, clipped;
} CmFig;

/* One tile's analysis as its cases are added up. */
typedef struct CmAcc {
	CmRes res;
	uint32_t l;
	const CmLevel *L;       /* the level, sized for this tile (fix 10) */
	const int64_t *N;
	int32_t ti;
	uint32_t rec0, nvalid;  /* the tile's records, in the level's pool */
	bool sized;
	CmSizing sizing;
	double active_acc;      /* MAESTRO keeps this sum in a double */
	int64_t ntotal;
	/* the flags of the analysis around this one, restored at the end */
	bool outer_overflow, outer_dead;
	int outer_dead_level;
} CmAcc;

/* Checked arithmetic with a sticky overflow flag (ev->overflow). */
static inline int64_t
mul(MdfCostEval *ev, int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r)) {
		ev->overflow = true;
		return 0;
	}
	return r;
}

static inline int64_t
add(MdfCostEval *ev, int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r)) {
		ev->overflow = true;
		return 0;
	}
	return r;
}

/* C++-style truncating division; 0 when b == 0 (callers guard). */
static inline int64_t
tdiv(int64_t a, int64_t b)
{
	if (b == 0 || (a == INT64_MIN && b == -1))
		return 0;
	return a / b;
}

static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Saturating product for the iteration-space arithmetic of §4.4, whose
   results are only compared: a saturated value compares as "beyond". */
static inline int64_t
smul(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
	return r;
}

static inline int64_t
sadd(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return a < 0 ? INT64_MIN : INT64_MAX;
	return r;
}
static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* Chunks of M elements, O apart, over n > 0 elements, as the loop nest
   makes them: a last, partial chunk is a chunk (fix 5). */
static inline int64_t
loop_chunks(int64_t n, int64_t M, int64_t O)
{
	if (n <= M)
		return 1;
	return min64(1 + ceil_div_nn(n - M, O), ceil_div_nn(n, O));
}

/* The products and sums of the formula the form stands for, less a factor
   1 and terms 0, which cannot overflow. */
static inline int64_t
form_eval(MdfCostEval *ev, const int64_t *k, const CmForm *f)
{
	int64_t r = f->ka == CM_K1 ? f->a : mul(ev, k[f->ka], f->a);
	if (f->kb != CM_K0)
		r = add(ev, r, mul(ev, k[f->kb], f->b));
	return f->c ? add(ev, r, f->c) : r;
}

/* The output coordinate (Y', X') a reference dimension's outputs use. */
static inline int
out_dim(const MdfCostEval *ev, int v)
{
	if (ev->overlap && v == DIM_Y)
		return DIM_YP;
	if (ev->overlap && v == DIM_X)
		return DIM_XP;
	return v;
}

/* sizes.c */
void cm_tensor_masks(const IrLayer *l, uint32_t tmask[COST__NTENSORS]);
void cm_level_sizes(MdfCostEval *ev, CmLevel *L);
void cm_level_edge(const MdfCostEval *ev, CmLevel *L);
bool cm_tile_level(MdfCostEval *ev, const CmLevel *L, const int64_t *N, CmLevel *Lt);
void cm_compress_strided(MdfCostEval *ev);
int64_t cm_tensor_size(const MdfCostEval *ev, int t, const int64_t *N, bool out_true, bool real);
int64_t cm_mapped_volume(MdfCostEval *ev, const CmLevel *L, int t);

/* volumes.c */
int64_t cm_ee_len(const CmLevel *L, int i, int pos);
void cm_case_setup(const MdfCostEval *ev, CmCase *c);
void cm_case_setup_masks(const MdfCostEval *ev, CmCase *c, unsigned notinit, unsigned initm, unsigned edgem);
/* A state's bits for cm_case_setup_masks: 1 not at Init, 2 at Init and
   not unrolled, 4 at an edge. */
static inline unsigned
cm_state_bits(const CmState *st)
{
	return (st->pos != POS_INIT ? 1u : st->unrolled ? 0u : 2u) | (st->edge ? 4u : 0u);
}
void cm_case_form(MdfCostEval *ev, CmCase *c, CmCaseForm *f);
void cm_unit_scales(const CmLevel *L, int64_t k[CM_K__N]);
int64_t cm_pe_egress_calc(MdfCostEval *ev, const CmCase *c, bool partial, bool first, bool ee, bool reuse_at_edge);
CmForm cm_in_form(MdfCostEval *ev, CmCase *c, int t);
CmForm cm_out_form(MdfCostEval *ev, CmCase *c);
bool cm_coindexed(const MdfCostEval *ev, const CmLevel *L, int *i, int *j);
CmForm cm_l1w_form(MdfCostEval *ev, CmCase *c, int t);
CmForm cm_macs_form(MdfCostEval *ev, CmCase *c);
int64_t cm_crit_psums(MdfCostEval *ev, CmCase *c);
void cm_sub_dims(const MdfCostEval *ev, const CmCase *c, bool ee, int64_t out[DIM__COUNT]);

/* cases.c */
uint8_t cm_dir_states(const CmLevel *L, const CmDir *d, int64_t N, CmState st[3]);
int64_t cm_case_order(uint32_t nd, const uint8_t *nst, int64_t *freq, uint8_t *cnt);
void cm_case_next(uint32_t nd, const uint8_t *nst, const int64_t *freq, uint8_t *cnt, int64_t cid);
bool cm_reserve_recs(MdfCostEval *ev, bool top, int64_t n, uint32_t *at);
int32_t cm_new_tile(MdfCostEval *ev);
void cm_note_sub(MdfCostEval *ev, int32_t ti);
void cm_tile_start(MdfCostEval *ev, int32_t ti, uint32_t l, const int64_t *N, CmAcc *a);
int32_t cm_tile_finish(MdfCostEval *ev, CmAcc *a);
void cm_case_figures(MdfCostEval *ev, const int64_t *k, const CmCaseForm *f, int64_t n, CmFig *g);
void cm_case_sizing(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmCaseForm *f, int64_t egress);
void cm_case_first(MdfCostEval *ev, CmAcc *a, const CmCaseForm *f);
bool cm_idle_partial(const MdfCostEval *ev, const CmCaseForm *f);
long double cm_case_active(const MdfCostEval *ev, const int64_t *k, const CmCaseForm *f);
void cm_case_account(MdfCostEval *ev, CmAcc *a, const int64_t *k, const CmCaseForm *f, const CmFig *g);
void cm_case_after_empty(MdfCostEval *ev, CmAcc *a, const int64_t *k, CmCase *c, const CmCaseForm *f, const CmFig *g);
bool cm_case_subs(MdfCostEval *ev, uint32_t l, const CmCase *c, CmCaseForm *f);
int32_t cm_build(MdfCostEval *ev, uint32_t l, const int64_t *N);

/* clip.c */
void cm_origin_caps(const MdfCostEval *ev, uint32_t l, int64_t cap[2]);
int cm_clip_find(const MdfCostEval *ev, uint32_t l, const CmLevel *L, const int64_t *N, const int64_t *ocap,
		 CmClip clip[2], bool *spatial);
bool cm_clip_case(MdfCostEval *ev, CmLevel *L, CmCase *c, const CmClip *clip, int nclip, bool spatial, CmFig *g);

/* sweep.c */
int32_t cm_build_top(MdfCostEval *ev);
bool cm_top_from_slot(MdfCostEval *ev, int64_t P);
void cm_top_to_slot(MdfCostEval *ev, int64_t P);

/* A tile's records: the top tile's (current unit count) or a sub-tile's. */
static inline const CmRec *
cm_tile_recs(const MdfCostEval *ev, const CmTile *t)
{
	return (t->level == 0 ? ev->top_recs : ev->recs) + t->rec0;
}

/* eval.c */
unsigned cm_fixes(const MdfCostOpts *o);
int64_t cm_noc_delay(const MdfCostEval *ev, int64_t x);
int64_t cm_case_delay(MdfCostEval *ev, const CmRec *r, int64_t tau, int64_t *din, int64_t *dout);
int64_t cm_tile_runtime(MdfCostEval *ev, int32_t ti);
int64_t cm_rec_tau(MdfCostEval *ev, const CmRec *r, bool last);

/* breakdown.c */
void cm_breakdown(MdfCostEval *ev, const IrHw *hw, MdfLayerCost *o);

#endif
