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
