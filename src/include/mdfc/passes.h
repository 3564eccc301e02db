/*
** passes.h: internals of the normalization and validation passes
** (src/passes/) and the IR verifier (src/ir/ir_verify.c).  Not a public
** API: the driver and the backends call only mdf_passes() and
** mdf_emit_ir() from mdfc.h.  docs/ir.md explains every rule.
*/
#ifndef MDFC_PASSES_H
#define MDFC_PASSES_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/ctx.h"
#include "mdfc/ir.h"
#include "mdfc/ir_verify.h"


/* What a layer type computes on: the IR's table (layer_types.def,
   ir_layer_vars). */
typedef IrLayerVars LayerVars;
static inline void pass_layer_vars(const IrLayer *l, LayerVars *v) { ir_layer_vars(l, v); }
/* The "input-tensor variables" of MAESTRO: input | weight. */
static inline uint32_t pass_unroll_vars(const LayerVars *v) { return v->input | v->weight; }
/* Dimensions in the alphabetical order of their names (MAESTRO's
   std::list<std::string>::sort on the unroll variables). */
extern const Dim pass_alpha_dims[DIM__COUNT];

/* The window check's verdicts for a caller that checks many mappings of
   one layer (the search's points, src/search/point.c): per pair (Y with R,
   X with S), a few sets of the values the check reads (validate_window.c,
   win_key) after which it emitted no diagnostic at all, the oldest
   replaced first.  A pair whose values equal a remembered set is not
   checked again: the check is a function of them. */
#define PASS_WIN_MEMO_LEVELS 4
#define PASS_WIN_MEMO_ENTRIES 8
#define PASS_WIN_KEY (2 + 10 * PASS_WIN_MEMO_LEVELS)
typedef struct PassWinMemo {
	uint32_t n[2][PASS_WIN_MEMO_ENTRIES];   /* key length, 0: empty */
	uint64_t hash[2][PASS_WIN_MEMO_ENTRIES];
	int64_t key[2][PASS_WIN_MEMO_ENTRIES][PASS_WIN_KEY];
	uint32_t next[2];
} PassWinMemo;

/* Normalization's plans for a caller that normalizes many mappings of one
   layer (the search's points, src/search/point.c).  What normalization
   makes of a layer depends on its levels' values only through the sign
   of each level's dimension table; the rest follows from the written
   structure (per level, its directives' kinds and dimensions in order).
   A plan records, per normalized directive, where it comes from (a
   written directive, converted or not; the level above's; an unrolled
   dimension) and, per level, which dimensions the table holds (positive)
   and each one's first directive.  A mapping of the same structure is
   normalized by filling the plan in, and falls back to the full pass when
   its tables' signs differ or a value overflows.  A plan also keeps the
   level check's verdict (validate_levels.c, a function of the normalized
   structure) once it passed.  One layer per memo: the caller's. */
#define PASS_PLAN_LEVELS 4
#define PASS_PLAN_DIRS 12       /* written directives per level */
#define PASS_PLAN_OUT (PASS_PLAN_DIRS + DIM__COUNT)
#define PASS_PLAN_ENTRIES 8
#define PASS_PLAN_KEY (1 + PASS_PLAN_LEVELS * (1 + PASS_PLAN_DIRS))
typedef enum PlanFrom { PLAN_OWN, PLAN_CONVERTED, PLAN_INHERITED, PLAN_UNROLLED } PlanFrom;
typedef struct PassPlanDir {
	uint8_t from;           /* PlanFrom */
	uint8_t idx;            /* the written directive, the level above's, the dimension */
	uint8_t fs_from;        /* PLAN_CONVERTED: the window's size from PLAN_OWN, */
	uint8_t fs_idx;         /* PLAN_INHERITED or the table (PLAN_UNROLLED) */
} PassPlanDir;
typedef struct PassPlanLevel {
	uint32_t n;
	uint32_t pos;           /* the dimensions of a positive table entry */
	uint32_t carried;       /* those that the next level's table holds */
	int first[DIM__COUNT];  /* the first directive on each, -1: none */
	PassPlanDir d[PASS_PLAN_OUT];
} PassPlanLevel;
typedef struct PassPlan {
	bool ok;
	bool levels_clean;      /* pass_validate_levels emitted nothing */
	uint64_t hash;
	uint8_t key[PASS_PLAN_KEY];
	uint32_t nlevels;
	PassPlanLevel lv[PASS_PLAN_LEVELS];
} PassPlan;
typedef struct PassPlanMemo {
	PassPlan p[PASS_PLAN_ENTRIES];
	uint32_t next;          /* the entry to replace */
} PassPlanMemo;

/* State shared by the passes of one mdf_passes() run. */
typedef struct PassCtx {
	MdfCtx *ctx;
	const IrHw *hw;         /* NULL: hardware checks are skipped */
	IrNetwork *net;
	const char *pass;       /* name of the pass running (for E0999) */
	/* per layer: dimensions whose directives are already reported broken
	   (later checks that depend on them stay silent), and whether a level's
	   spatial structure is broken */
	uint32_t bad_dims;
	bool bad_spatial;
	/* scratch for the window check, reused across layers */
	int32_t *grid;
	size_t ngrid;
	PassWinMemo *win_memo;  /* NULL: every pair checked (mdf_passes) */
	/* For a caller that runs the passes on many mappings of one layer
	   (the search's points): the layer's variables (ir_layer_vars: they
	   depend on its type and dimensions only), and true when its shape
	   alone already passed check_shape (check_dims: the layer's own
	   dimensions and strides), so that only its directives are checked. */
	const LayerVars *vars;
	bool shape_checked;
	/* room for normalization's directive tables, in place of the arena
	   while it lasts (the caller keeps it as long as the layer) */
	IrDirective *dir_room;
	size_t dir_room_n, dir_room_used;
	/* normalization's plans (NULL: none); the one the layer was
	   normalized by or recorded into */
	PassPlanMemo *plans;
	PassPlan *plan;
} PassCtx;

/* The layer's variables: pc's when it has them. */
static inline void
pass_vars(const PassCtx *pc, const IrLayer *l, LayerVars *v)
{
	if (pc->vars)
		*v = *pc->vars;
	else
		ir_layer_vars(l, v);
}

/* One pass over one layer.  Returns false when the layer cannot go on to
   later passes (its errors are recorded). */
typedef bool (*PassFn)(PassCtx *pc, IrLayer *l);

typedef struct Pass {
	const char *name;
	PassFn fn;
	bool needs_normalized;  /* run only on layers that were normalized */
} Pass;

bool pass_check_shape(PassCtx *pc, IrLayer *l);         /* check_shape.c */
bool pass_normalize(PassCtx *pc, IrLayer *l);           /* normalize.c */
bool pass_validate_levels(PassCtx *pc, IrLayer *l);     /* validate_levels.c */
bool pass_validate_tiling(PassCtx *pc, IrLayer *l);     /* validate_tiling.c */
bool pass_validate_window(PassCtx *pc, IrLayer *l);     /* validate_window.c */
bool pass_validate_hw(PassCtx *pc, IrLayer *l);         /* validate_hw.c */

/* Helpers (util.c). */
/* The first directive on d, -1 if none (inline: the passes ask often). */
static inline int
pass_find_dir(const IrLevel *lv, Dim d)
{
	for (uint32_t i = 0; i < lv->ndirs; i++)
		if (lv->dirs[i].dim == d)
			return (int)i;
	return -1;
}
/* Number of tiles a map (size m, offset o) makes of an extent n, as
   MAESTRO iterates it (docs/model-spec.md §4.4): 1 if m >= n, else
   1 + floor((n-m)/o) + [an edge tile remains].  Start of tile i is i*o, its
   extent min(m, n - i*o). */
int64_t pass_num_tiles(int64_t n, int64_t m, int64_t o);
/* A directive written as text, e.g. "TemporalMap(3,1) Y'", in the arena. */
const char *pass_dir_text(MdfCtx *ctx, DirKind k, int64_t size, int64_t ofs, Dim d);
/* The span to point at for a directive (its own, else the level's, else the layer's). */
Span pass_dir_span(const IrLayer *l, const IrLevel *lv, const IrDirective *d);


#endif
