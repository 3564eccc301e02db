/*
** explore_int.h: internals of src/explore/ (docs/explore.md), shared by
** axes.c (the grid), explore.c (evaluation, workers), rows.c (the CSV
** and JSON rows), dse.c (area, power, Pareto front, best design) and
** merge.c (--merge).
*/
#ifndef MDFC_EXPLORE_INT_H
#define MDFC_EXPLORE_INT_H

#include "mdfc/explore.h"

/* One --sweep axis: its values in the order given. */
typedef struct Axis {
	const char *name;
	int hw;                 /* HW_x, or -1 for a param */
	int64_t *v;
	uint32_t n;
	Span span;              /* the spec, in its own source "--sweep" */
} Axis;

/* The grid.  Point i = pi * H + hi: the param axes vary slowest (a param
   point is elaborated once for all its hardware points), each group's
   last axis fastest. */
typedef struct Grid {
	Axis ax[MDF_MAX_AXES];
	uint32_t nax;
	uint32_t pidx[MDF_MAX_AXES], np;    /* param axes, in the order given */
	uint32_t hidx[MDF_MAX_AXES], nh;    /* hardware axes */
	uint64_t P, H, total;
} Grid;

/* Parse the specs into g (values in ctx->arena); E1401 / E1403 in ctx. */
bool explore_parse_axes(MdfCtx *ctx, const char *const *specs, size_t n, Grid *g);
/* The values of param point pi (vals[axis index]) and of hardware point hi. */
void grid_param_values(const Grid *g, uint64_t pi, int64_t *vals);
void grid_hw_values(const Grid *g, uint64_t hi, int64_t *vals);
/* The same as digits (dig[k]: the value index of hardware axis k), and the
   next hardware point after them (wrapping to the first): it returns the
   first hardware axis k whose value changed (those after it changed too). */
void grid_hw_digits(const Grid *g, uint64_t hi, uint32_t *dig, int64_t *vals);
uint32_t grid_hw_next(const Grid *g, uint32_t *dig, int64_t *vals);
/* fld[k]: the field of hw that hardware axis k sets. */
void grid_hw_fields(const Grid *g, IrHw *hw, int64_t **fld);
/* Set the fields of hardware axes from..nh-1 to their values in `vals`. */
void grid_apply_hw(const Grid *g, const int64_t *vals, int64_t *const *fld, uint32_t from);
/* The name of hardware field f as an axis ("num_pes"), NULL past the end. */
const char *explore_hw_name(int f);

/* One row's figures. */
typedef struct RowFig {
	const char *network, *layer;    /* layer NULL in network rows */
	bool ok;
	int64_t runtime, macs, l1, l2;
	double energy;
	bool fits;                      /* needs within L1 and L2 */
	uint32_t searched;              /* --search: layers with a searched mapping */
	double area, power;             /* --dse */
	double apart[MDF_DSE__NPARTS], ppart[MDF_DSE__NPARTS];  /* their parts */
	bool feasible;
	DiagCode code;                  /* when !ok */
	const char *msg;
	char own[256];                  /* msg made for this row (E0515); last */
} RowFig;

/* rows.c */
void rows_header(const Grid *g, const MdfExploreOpts *o, MdfBuf *b);
void rows_put(MdfBuf *b, const Grid *g, const int64_t *vals, const RowFig *f, const MdfExploreOpts *o);

/* keep.c: --front-only, the rows a worker keeps (a superset of the front
   and the best design, and the failed rows). */
typedef struct Cand Cand;
typedef struct Keep {
	Cand **front, **best, **errs;
	size_t nfront, capfront, nbest, capbest, nerrs, caperrs;
	Cand **byfig;               /* the front again, by (runtime, energy) */
	Cand *last;                 /* the last dominator found (on the front) */
	size_t capbyfig;
	double bmin;
	MdfBuf scratch;
	bool oom;
} Keep;
void keep_point(Keep *k, uint64_t idx, const Grid *g, const int64_t *vals, const RowFig *f,
		const MdfExploreOpts *o);
/* Format the rows kept so far (before the names they borrow go away). */
void keep_flush(Keep *k, const Grid *g, const MdfExploreOpts *o);
/* The rows kept, in point order, into out; frees everything.  False on OOM. */
bool keep_finish(Keep *k, MdfBuf *out);

/* dse.c */
extern const char *const explore_objective_names[];     /* by MdfDseObjective */
/* A design's area and power and their parts (mdf_dse_parts) into f. */
void dse_design(const IrHw *hw, RowFig *f);
/* The output: `head` (CSV header line, or JSON up to "rows":[), then the
   rows (one a line, as rows_put writes them) and the JSON end; with --dse
   the pareto and best marks, decided on the figures as the rows print
   them.  *failed: rows with status error.  False on out of memory or a
   row that cannot be read. */
bool explore_finish(bool json, bool front_only, const char *head, size_t head_len, const MdfBuf *rows,
		    MdfBuf *out, uint64_t *failed);

#endif
