/*
** ir.h: the intermediate representation between the front end and the
** backends.  Elaboration (src/front/elab.c) builds it from the AST: every
** expression evaluated, every loop expanded, every named dataflow
** instantiated, Sz() resolved, the dataflow split into cluster levels.
** The passes (src/passes/) then normalize it in place (Y'/X' conversion,
** inheritance, unrolling, stride adjustment: the directives gain
** `inferred` entries) and validate it.  The backends read only the IR.
**
** Arrays with counts, no pointers between siblings; every element keeps the
** span of the source that produced it so passes can point at it.
*/
#ifndef MDFC_IR_H
#define MDFC_IR_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/source.h"

/* Sizes of a layer's dataflow every backend relies on (docs/reliability.md,
   "Resource limits").  The front end enforces them, so a layer that passes
   --check is never rejected by a backend for its shape: at most
   IR_MAX_LEVELS levels (the top level and IR_MAX_LEVELS - 1 Clusters;
   MdfLimits.max_cluster_depth may only lower that) and at most
   IR_MAX_LEVEL_DIRS directives per level (a level maps each dimension once,
   so more can only be duplicates). */
#define IR_MAX_LEVELS 16
#define IR_MAX_LEVEL_DIRS 16

/* Data dimensions.  Y and X are input rows/columns, Y' and X' (YP, XP) output
   rows/columns.  GEMM uses M, N, K (N is GEMM's column count there, the batch
   elsewhere). */
typedef enum Dim {
#define IR_DIM(name, spelling, token) DIM_##name,
#include "mdfc/dims.def"
#undef IR_DIM
	DIM__COUNT
} Dim;

#define DIM_BIT(d) (1u << (d))                   /* a dimension in a bit mask */

const char *ir_dim_name(Dim d);                 /* "N" ... "Y'" "X'" */
bool ir_dim_lookup(const char *name, Dim *out); /* exact spelling */
extern const char *const ir_dim_names[DIM__COUNT];      /* by Dim */
extern const char *const ir_dim_tokens[DIM__COUNT];     /* C identifiers: "YP" */

typedef enum LayerType {
#define IR_LAYER_TYPE(name, spelling, input, weight, output, sliding, batch, batch_w) LT_##name,
#include "mdfc/layer_types.def"
#undef IR_LAYER_TYPE
	LT__COUNT
} LayerType;

const char *ir_layer_type_name(LayerType t);    /* "CONV" ... */
bool ir_layer_type_lookup(const char *name, LayerType *out);
extern const char *const ir_layer_type_names[LT__COUNT];

typedef enum DirKind { DIR_TEMPORAL, DIR_SPATIAL } DirKind;

/* Why a directive is there (for --emit=ir and for diagnostics). */
typedef enum DirOrigin {
	ORIG_SOURCE,        /* written by the user (possibly via a named dataflow/loop) */
	ORIG_INHERITED,     /* restated from the level above as a TemporalMap */
	ORIG_UNROLLED,      /* dimension never mapped: TemporalMap(Sz,Sz) */
	ORIG_CONVERTED      /* a Y'/X' directive rewritten in input coordinates */
} DirOrigin;

typedef struct IrDirective {
	DirKind kind;
	Dim dim;
	int64_t size, offset;
	/* As written, before stride adjustment / conversion (for messages and
	   for the loop-nest backend's comments). */
	int64_t src_size, src_offset;
	Dim src_dim;
	DirOrigin origin;
	bool inferred;      /* origin != ORIG_SOURCE */
	bool stride_adjusted;
	Span span;          /* the directive in source, or the layer for inferred ones */
} IrDirective;

/* One cluster level.  Level 0 is the top (outermost).  Level i > 0 was
   opened by `Cluster(cluster_size, cluster_type)`: each unit of level i-1
   is a cluster of cluster_size units of level i, so level i's directives
   distribute over cluster_size units.  The top level's directives distribute
   over floor(num_pes / product of all cluster sizes) units (with no Cluster
   at all: over num_pes PEs).  See ir_level_units(). */
typedef struct IrLevel {
	int64_t cluster_size;   /* 0 for the top level */
	char cluster_type;      /* 'P' or 'L' (no cost effect); 0 for the top level */
	Span span;              /* the Cluster directive (top: the Dataflow block) */
	IrDirective *dirs;
	uint32_t ndirs;
	/* Filled by normalization: this level's static dimension sizes
	   (top: the layer's; below: min(upper map size, upper size)). 0 = absent. */
	int64_t dims[DIM__COUNT];
} IrLevel;

/* Search constraints of a layer (`Search { ... }` in the layer or its
   network, docs/language.md section 9): what `mdfc --search` may choose.
   Only the search reads them; every other mode ignores them.  Levels count
   from 0 (the top); a field left 0 does not constrain. */
#define IR_SEARCH_MAXL 4
#define IR_SEARCH_MAXARGS 8

typedef struct IrSearchMap {    /* one instance of the family, elaborated */
	IrLevel *levels;
	uint32_t nlevels;
	int64_t args[IR_SEARCH_MAXARGS];
} IrSearchMap;

typedef struct IrSearchSpec {
	Span span;
	int64_t levels_lo, levels_hi;                   /* number of levels (1 = no Cluster) */
	uint32_t spatial[IR_SEARCH_MAXL];               /* bit d: d may be the level's SpatialMap */
	uint8_t order[IR_SEARCH_MAXL][DIM__COUNT];      /* the level's directives, in this order */
	uint8_t norder[IR_SEARCH_MAXL];
	int64_t cluster_lo[IR_SEARCH_MAXL], cluster_hi[IR_SEARCH_MAXL]; /* level >= 1 */
	int64_t tile_lo[DIM__COUNT], tile_hi[DIM__COUNT];   /* a directive's size as written */
	/* `Dataflow: family(ranges)`: the space is the family's instances */
	const char *family;
	uint32_t nargs;
	int64_t arg_lo[IR_SEARCH_MAXARGS], arg_hi[IR_SEARCH_MAXARGS];
	IrSearchMap *maps;      /* every argument tuple that elaborated, first argument slowest */
	uint32_t nmaps;
} IrSearchSpec;

typedef struct IrLayer {
	const char *name;
	Span span, name_span, type_span, dims_span, dataflow_span;
	LayerType type;
	int64_t dim[DIM__COUNT];        /* declared sizes; 0 = not declared */
	Span dim_span[DIM__COUNT];
	int64_t stride[DIM__COUNT];     /* 1 unless declared (only Y, X have effect) */
	Span stride_span[DIM__COUNT];
	/* TRCONV after normalization: the declared stride of Y, X, now the
	   dilation of the input (s-1 zeros between pixels); stride[] is then 1
	   and the top level's Y, X are the dilated extents (Y-1)*s+1.  0 for
	   every other layer (docs/ir.md 2.0). */
	int64_t dilation[DIM__COUNT];
	IrLevel *levels;
	uint32_t nlevels;
	bool normalized, valid;         /* set by the passes */
	const IrSearchSpec *search;     /* NULL: the search's space is unconstrained */
} IrLayer;

/* What a layer's type computes on (layer_types.def), for one layer: bit d
   of a mask is dimension d.  The batch (N; GEMM's heads G) is a variable
   iff the layer declares it (MAESTRO decides by the first layer of the
   type; mdfc per layer). */
typedef struct IrLayerVars {
	uint32_t input, weight, output;  /* tensor variables (Y, X for all three) */
	uint32_t need;          /* must be declared (Y may be given as Y', X as X') */
	uint32_t allowed;       /* may be named by a directive */
	uint32_t extra;         /* declared, mappable, in no tensor (DSCONV's K) */
	bool conv;              /* has the sliding pairs (Y, R) and (X, S) */
} IrLayerVars;
void ir_layer_vars(const IrLayer *l, IrLayerVars *v);

typedef struct IrNetwork {
	const char *name;
	Span span;
	IrLayer *layers;
	uint32_t nlayers;
} IrNetwork;

/* Hardware.  `set` bits record which fields the source gave, for precedence
   (defaults < --hw file / Accelerator block < command-line flags). */
enum {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) HW_##NAME,
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) HW_##NAME,
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	HW__COUNT
};
typedef struct IrHw {
	const char *name;       /* Accelerator name, or NULL */
	Span span;
	int64_t num_pes, l1_size, l2_size, noc_bw, noc_latency, offchip_bw, simd_lanes;
	double e_mac_nj;        /* nJ per MAC (MAESTRO: 0.00023) */
	double e_l1, e_l2;      /* per access, in MAC units (MAESTRO: 1.68, 18.61) */
	double e_noc, e_offchip;        /* per element moved, in MAC units (2, 200:
					   docs/cost-model.md §3.2) */
	/* --dse (docs/explore.md): um^2 and mW per PE (per SIMD lane), per KiB
	   (1024 elements) of L1 (each PE's) and of L2, per element/cycle of NoC
	   bandwidth per PE */
	double area_pe, area_l1_kb, area_l2_kb, area_noc_bw;
	double power_pe, power_l1_kb, power_l2_kb, power_noc_bw;
	/* the NoC's arbiter: um^2 and mW per pair of PEs it arbitrates */
	double area_arbiter, power_arbiter;
	uint32_t set;           /* bit HW_x set when given explicitly */
	Span field_span[HW__COUNT];
} IrHw;

void ir_hw_defaults(IrHw *hw);  /* MAESTRO's accelerator_1-like defaults, see docs/cli.md */
/* Integer field `field` (an HW_INT row of hw_fields.def) of hw: its
   address, NULL for a real one; its value, 0 for a real one. */
int64_t *ir_hw_int_field(IrHw *hw, int field);
int64_t ir_hw_int(const IrHw *hw, int field);
/* Store `n` in field `field` of hw when it is an integer one, `r` when it
   is a real one (the caller marks it set). */
void ir_hw_store(IrHw *hw, int field, int64_t n, double r);
/* Overlay the fields `src` set explicitly (its `set` bits) onto `dst`. */
void ir_hw_overlay(IrHw *dst, const IrHw *src);

typedef struct IrModule {
	IrNetwork *networks;
	uint32_t nnetworks;
	IrHw *accels;           /* Accelerator blocks / hardware files, in order */
	uint32_t naccels;
} IrModule;

/* The Accelerator of a module: the one named `name`, else the only one.
   NULL when there is none, when `name` names none (*missing set) or when
   there are several and no name (*ambiguous set). */
const IrHw *ir_module_accel(const IrModule *m, const char *name, bool *ambiguous, bool *missing);

/* Number of units level `i` distributes over (its SpatialMap's P), given the
   PE count.  0 if the cluster sizes exceed num_pes. */
int64_t ir_level_units(const IrLayer *l, uint32_t i, int64_t num_pes);

/* Tiles of a map of size m, offset o (both > 0) over n indices: the last
   is the first that reaches the end, and none starts beyond it (the
   loop nest's trip count, docs/loop-nest.md §1). */
int64_t ir_map_tiles(int64_t n, int64_t m, int64_t o);

/* The MACs the layer's definition asks for (every output element times its
   reduction, output rows (Y-R)/stride+1): what any valid mapping computes.
   False when the layer is not normalized or the count does not fit. */
bool ir_layer_macs(const IrLayer *l, int64_t *out);

#endif
