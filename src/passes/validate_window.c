/*
** validate_window.c: sliding windows (docs/ir.md §4).  Y slides with R
** and X with S.  A unit holding input rows [a, a+T) and filter rows
** [b, b+U) computes exactly the outputs y' whose restricted window fits:
**
**     y'*s + b >= a   and   y'*s + b + U - 1 <= a + T - 1
**
** Every MAC (y', r), y' in [0, Y'), r in [0, R), must be computed by
** exactly one innermost unit.  The rule holds at every level, intersected
** with the level above: a sub-unit owns the outputs whose window fits in
** its tiles and that its parent owns (the loop nest computes the same).
** This pass enumerates the (Y tile, R tile) pairs level by level, carrying
** the owned interval down to the innermost units (tile i of a map
** (M, O) over an extent n starts at i*O and holds min(M, n - i*O) rows;
** MAESTRO's tile count, pass_num_tiles), pairing Y and R tiles as a
** product, or index by index where Y and R are the co-indexed spatial
** pair of a level, and counts each (y', r) in a 2-D difference array;
** for the common shape (whole windows, offsets multiples of the stride)
** a closed form (partitions) shows exactness first without the
** enumeration, and for any other tiling (windows split into chunks, the
** co-indexed pair) a second one (exact_unit), per distinct unit state.
** Before that, a level whose largest Y tile is smaller than its smallest R
** tile computes nothing at all (fix 6: the *_rs files).  docs/ir.md has
** the derivation.
*/
#include <string.h>
#include "mdfc/arena.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "mdfc/hash.h"
#include "mdfc/passes.h"

#define WIN_MAX_LEAVES  (1ll << 22)
#define WIN_MAX_CELLS   (1ll << 24)

typedef struct WinLv {
	int64_t T, O, U, P;
	bool zip;
} WinLv;

typedef struct Win {
	const WinLv *lv;
	uint32_t nlv;
	int64_t s, Yout, R;
	int32_t *g;             /* (R+1) x (Yout+1) difference array */
	int64_t w;              /* row width: Yout + 1 */
} Win;

static int64_t
tile_ext(int64_t n, int64_t m, int64_t o, int64_t i)
{
	if (m >= n)
		return n;
	int64_t rest = n - i * o;
	return rest < m ? rest : m;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* The outputs a unit holding rows [ya, ya+yn) and filter rows [rb, rb+rn)
   owns on its own: y'*s >= ya - rb and y'*s <= ya + yn - rn - rb, as the
   inclusive interval [*lo, *hi] intersected with [lo, hi] from above. */
static void
own(const Win *w, int64_t ya, int64_t yn, int64_t rb, int64_t rn, int64_t *lo, int64_t *hi)
{
	int64_t a = -floordiv(-(ya - rb), w->s);     /* ceil */
	int64_t b = floordiv(ya + yn - rn - rb, w->s);
	if (a > *lo)
		*lo = a;
	if (b < *hi)
		*hi = b;
}

static void
leaf(Win *w, int64_t lo, int64_t hi, int64_t rb, int64_t rn)
{
	if (lo > hi || rn <= 0)
		return;
	int64_t r1 = rb + rn;
	w->g[rb * w->w + lo]++;
	w->g[rb * w->w + hi + 1]--;
	w->g[r1 * w->w + lo]--;
	w->g[r1 * w->w + hi + 1]++;
}

/* Level li splits the tiles (ya, yn) x (rb, rn) of level li-1, whose units
   own outputs [lo, hi].  The ownership rule holds at every level,
   intersected with the level above (docs/ir.md section 4): a sub-unit owns
   the outputs whose window fits in its tiles and that its parent owns. */
static void
walk(Win *w, uint32_t li, int64_t ya, int64_t yn, int64_t rb, int64_t rn, int64_t lo, int64_t hi)
{
	if (lo > hi)
		return;         /* owns nothing: neither does any sub-unit */
	if (li == w->nlv) {
		leaf(w, lo, hi, rb, rn);
		return;
	}
	const WinLv *v = &w->lv[li];
	int64_t ny = pass_num_tiles(yn, v->T, v->O), nr = pass_num_tiles(rn, v->U, v->P);
	int64_t k = v->zip ? (ny < nr ? ny : nr) : ny * nr;
	for (int64_t q = 0; q < k; q++) {
		int64_t i = v->zip ? q : q / nr, j = v->zip ? q : q % nr;
		int64_t cy = ya + i * v->O, cyn = tile_ext(yn, v->T, v->O, i);
		int64_t cr = rb + j * v->P, crn = tile_ext(rn, v->U, v->P, j);
		int64_t clo = lo, chi = hi;
		own(w, cy, cyn, cr, crn, &clo, &chi);
		walk(w, li + 1, cy, cyn, cr, crn, clo, chi);
	}
}

/* The closed form for the common shape: at every level the whole window
   in one tile, and every offset a multiple of the stride s.  A unit
   holding rows [a, a+t), a a multiple of s, then owns the outputs
   [a/s, a/s + floor((t-R)/s)] (none when t < R), and each unit's own
   tiles lie inside its parent's, so it owns a subset of its parent's
   outputs.  If at every level the units' outputs partition their
   parent's (checked once per distinct parent extent: the offset a, a
   multiple of s, does not matter), every output is computed exactly once.
   Where Y and R are the co-indexed spatial pair, chunk j of Y goes with
   chunk j of R: with the window in one R chunk only Y's chunk 0 computes.
   The converse need not hold (two parents owning the same output, one
   child of each missing it), so `false' only means "not shown": walk's
   enumeration (the test oracle of this form) decides then.  Returns
   whether the partition holds; depth-first over at most WIN_MAX_EXTS
   distinct extents per level. */
#define WIN_MAX_EXTS 8
static bool
partitions(const Win *w, uint32_t li, int64_t n)
{
	if (li == w->nlv || n < w->R)
		return true;    /* a leaf, or a tile that owns nothing */
	const WinLv *v = &w->lv[li];
	if (v->O <= 0)
		return false;
	int64_t nt = pass_num_tiles(n, v->T, v->O), next = 0;
	if (v->zip)
		nt = 1;         /* one R chunk: only Y's chunk 0 pairs with it */
	int64_t os = v->O / w->s;       /* outputs between tile starts */
	int64_t ext[WIN_MAX_EXTS];
	int next_ext = 0;
	/* the full tiles (T rows at j*O) own [j*os, j*os + floor((T-R)/s)]:
	   consecutive ones hand over exactly when os = floor((T-R)/s) + 1 */
	int64_t nfull = n >= v->T ? (n - v->T) / v->O + 1 : 0;
	if (nfull > nt)
		nfull = nt;
	if (nfull > 0) {
		if (v->T >= w->R) {
			int64_t own = (v->T - w->R) / w->s + 1;
			if (nfull > 1 && os != own)
				return false;
			next = (nfull - 1) * os + own;
		}
		ext[next_ext++] = v->T;
	}
	/* the edge tiles, shorter than T, one by one */
	for (int64_t j = nfull; j < nt; j++) {
		int64_t a = j * os, t = tile_ext(n, v->T, v->O, j);
		if (t >= w->R) {
			if (a != next)
				return false;   /* a gap or an overlap */
			next = a + (t - w->R) / w->s + 1;
		}
		int k = 0;
		while (k < next_ext && ext[k] != t)
			k++;
		if (k == next_ext) {
			if (next_ext == WIN_MAX_EXTS)
				return false;
			ext[next_ext++] = t;
		}
	}
	if (next != (n - w->R) / w->s + 1)
		return false;
	for (int k = 0; k < next_ext; k++)
		if (!partitions(w, li + 1, ext[k]))
			return false;
	return true;
}

/* Whether the closed form applies: at every level the window (R rows) in
   one tile and the Y offset a multiple of the stride. */
static bool
whole_windows(const Win *w)
{
	for (uint32_t li = 0; li < w->nlv; li++) {
		const WinLv *v = &w->lv[li];
		if (v->U < w->R || pass_num_tiles(w->R, v->U, v->P) != 1 || v->O % w->s != 0)
			return false;
	}
	return true;
}

/* The general closed form, for any tiling (a window split into chunks,
   the co-indexed pair, offsets that are not multiples of the stride): a
   unit's MACs are the rectangle (its outputs [lo, hi]) x (its R rows),
   every sub-unit's a part of its parent's (ownership is intersected), so
   if at every unit the sub-units' rectangles partition the unit's, the
   innermost units' partition the layer's and every MAC is computed once.
   A unit's sub-units partition it when its R tiles partition its R rows
   and, per R tile, the outputs of the Y tiles paired with it follow each
   other from lo to hi without a gap or an overlap (for the co-indexed
   pair: each chunk's one Y tile owns all of [lo, hi]).  A unit is
   described relative to its outputs: d = ya - rb - lo*s (every bound of
   own() shifts by lo with it), its Y and R extents and H = hi - lo; units
   of a level in the same state are checked once (memo).  As partitions,
   `false' only means "not shown"; walk decides then, and it is this
   form's test oracle (tests/unit/test_passes.c, window brute force). */
#define WIN_MEMO 8
typedef struct WinState {
	int64_t d, yn, rn, H;
} WinState;
typedef struct WinMemo {
	WinState st[IR_MAX_LEVELS][WIN_MEMO];
	int n[IR_MAX_LEVELS];
} WinMemo;

/* The k first tiles of a map (m, o) over n rows are [0, n) cut without
   overlap. */
static bool
tiles_cut(int64_t n, int64_t m, int64_t o, int64_t k)
{
	if (k == 1)
		return tile_ext(n, m, o, 0) == n;
	return m == o && (k - 1) * o < n && n <= k * o;
}

static bool
exact_unit(const Win *w, WinMemo *mm, uint32_t li, int64_t d, int64_t yn, int64_t rn, int64_t H)
{
	if (H < 0 || li == w->nlv)
		return true;    /* owns nothing, or an innermost unit: counted once */
	WinState *seen = mm->st[li];
	for (int k = 0; k < mm->n[li]; k++)
		if (seen[k].d == d && seen[k].yn == yn && seen[k].rn == rn && seen[k].H == H)
			return true;
	const WinLv *v = &w->lv[li];
	int64_t ny = pass_num_tiles(yn, v->T, v->O), nr = pass_num_tiles(rn, v->U, v->P);
	if ((v->zip && ny < nr) || !tiles_cut(rn, v->U, v->P, nr))
		return false;
	for (int64_t j = 0; j < nr; j++) {
		int64_t cr = j * v->P, crn = tile_ext(rn, v->U, v->P, j), next = 0;
		for (int64_t i = v->zip ? j : 0; i < (v->zip ? j + 1 : ny); i++) {
			int64_t cy = i * v->O, cyn = tile_ext(yn, v->T, v->O, i);
			int64_t lo = -floordiv(-(d + cy - cr), w->s), hi = floordiv(d + cy + cyn - crn - cr, w->s);
			if (lo < 0)
				lo = 0;
			if (hi > H)
				hi = H;
			if (lo > hi)
				continue;
			if (lo != next || !exact_unit(w, mm, li + 1, d + cy - cr - lo * w->s, cyn, crn, hi - lo))
				return false;
			next = hi + 1;
		}
		if (next != H + 1)
			return false;
	}
	if (mm->n[li] < WIN_MEMO)
		seen[mm->n[li]++] = (WinState){d, yn, rn, H};
	return true;
}

static const char *
level_name(MdfCtx *ctx, uint32_t i)
{
	return i == 0 ? "the top level" : arena_printf(ctx->arena, "cluster level %u", i);
}

static const char *
shown(MdfCtx *ctx, const IrDirective *d)
{
	const char *now = pass_dir_text(ctx, d->kind, d->size, d->offset, d->dim);
	switch (d->origin) {
	case ORIG_INHERITED:
		return arena_printf(ctx->arena, "%s (inherited from the level above)", now);
	case ORIG_UNROLLED:
		return arena_printf(ctx->arena, "%s (implicit: the dimension is not mapped)", now);
	case ORIG_CONVERTED:
		return arena_printf(ctx->arena, "%s (converted from %s)", now,
				    pass_dir_text(ctx, d->kind, d->src_size, d->src_offset, d->src_dim));
	default:
		if (d->stride_adjusted)
			return arena_printf(ctx->arena, "%s (written %s, adjusted for the stride)", now,
					    pass_dir_text(ctx, d->kind, d->src_size, d->src_offset, d->src_dim));
		return now;
	}
}

/* The smallest R tile a level hands out, on its static extent. */
static int64_t
min_tile(int64_t n, int64_t m, int64_t o)
{
	int64_t t = pass_num_tiles(n, m, o);
	int64_t e = tile_ext(n, m, o, t - 1);
	int64_t f = tile_ext(n, m, o, 0);
	return e < f ? e : f;
}

/* Fix 6: a level whose tiles cannot hold one window computes nothing. */
static bool
check_nothing(PassCtx *pc, IrLayer *l, Dim yd, Dim rd)
{
	MdfCtx *ctx = pc->ctx;
	for (uint32_t li = 0; li < l->nlevels; li++) {
		IrLevel *lv = &l->levels[li];
		int yi = pass_find_dir(lv, yd), ri = pass_find_dir(lv, rd);
		if (yi < 0 || ri < 0)
			continue;
		IrDirective *y = &lv->dirs[yi], *r = &lv->dirs[ri];
		int64_t ny = lv->dims[yd], nr = lv->dims[rd];
		if (ny <= 0 || nr <= 0)
			continue;
		int64_t ymax = y->size < ny ? y->size : ny;
		int64_t rmin = min_tile(nr, r->size, r->offset);
		if (ymax >= rmin)
			continue;
		IrDirective *blame = (y->origin == ORIG_INHERITED || y->origin == ORIG_UNROLLED) ? r : y;
		Diag *dg = diag_emit(ctx, DIAG_E0514, pass_dir_span(l, lv, blame),
				     "%s of layer '%s' computes nothing: each unit holds %lld of %s (%s) "
				     "but %lld of %s (%s), and a %lld-wide window does not fit in %lld, "
				     "so %s per tile is %lld - %lld + 1 = %lld",
				     level_name(ctx, li), l->name ? l->name : "",
				     (long long)ymax, ir_dim_name(yd), shown(ctx, y),
				     (long long)rmin, ir_dim_name(rd), shown(ctx, r),
				     (long long)rmin, (long long)ymax,
				     ir_dim_name(yd == DIM_Y ? DIM_YP : DIM_XP),
				     (long long)ymax, (long long)rmin, (long long)(ymax - rmin + 1));
		if (blame == y)
			diag_note(ctx, dg, pass_dir_span(l, lv, r), "the %s tile comes from %s",
				  ir_dim_name(rd), shown(ctx, r));
		diag_hint(ctx, dg, "map %s together with %s (SpatialMap(1,1) %s; SpatialMap(1,1) %s) "
			  "or give %s at least %lld per unit", ir_dim_name(yd), ir_dim_name(rd),
			  ir_dim_name(yd), ir_dim_name(rd), ir_dim_name(yd), (long long)rmin);
		return false;
	}
	return true;
}

static bool
ensure_grid(PassCtx *pc, size_t cells)
{
	if (pc->ngrid >= cells) {
		memset(pc->grid, 0, cells * sizeof *pc->grid);
		return true;
	}
	int32_t *g = arena_array(pc->ctx->arena, cells, sizeof *g);
	if (!g)
		return false;
	pc->grid = g;
	pc->ngrid = cells;
	return true;
}

/* The level to blame for a wrong tiling: the deepest one that writes its
   own Y directive (else the top). */
static uint32_t
blame_level(const IrLayer *l, Dim yd)
{
	for (uint32_t li = l->nlevels; li-- > 0;) {
		int yi = pass_find_dir(&l->levels[li], yd);
		if (yi >= 0 && (l->levels[li].dirs[yi].origin == ORIG_SOURCE ||
				l->levels[li].dirs[yi].origin == ORIG_CONVERTED))
			return li;
	}
	return 0;
}

static void
check_pair(PassCtx *pc, IrLayer *l, Dim yd, Dim rd)
{
	MdfCtx *ctx = pc->ctx;
	if (pc->bad_dims & (DIM_BIT(yd) | DIM_BIT(rd)))
		return;
	if (!check_nothing(pc, l, yd, rd) || pc->bad_spatial)
		return;
	const IrLevel *top = &l->levels[0];
	int64_t Y = top->dims[yd], R = top->dims[rd];
	int64_t s = l->stride[yd] > 0 ? l->stride[yd] : 1;
	if (Y <= 0 || R <= 0 || Y < R)
		return;
	int64_t Yout = (Y - R) / s + 1;
	/* With R < stride the windows do not touch, and MAESTRO's stride
	   adjustment describes tiles in "compressed" rows: a top-level tile
	   (t*R, t*s) holds the t*R rows used by t outputs, and every level
	   below counts only used rows (its extent is min(t*R, ...), its
	   offsets t'*R).  Check in that space: output j uses rows
	   [j*R, j*R + R), the extent is Y'*R, the top tile is (t*R, t*R).
	   (A top tile smaller than R was not adjusted: plain rows.) */
	int tyi = pass_find_dir(top, yd);
	bool compressed = R < s && tyi >= 0 && top->dirs[tyi].size >= R;
	int64_t ext = Y;
	if (compressed && !ck_mul(Yout, R, &ext))
		return;

	/* every field of the levels' entries is written below */
	WinLv few[IR_MAX_LEVELS];
	WinLv *lvs = l->nlevels <= IR_MAX_LEVELS ? few : arena_array(ctx->arena, l->nlevels, sizeof *lvs);
	if (!lvs)
		return;
	int64_t leaves = 1;
	bool big = false;
	for (uint32_t li = 0; li < l->nlevels; li++) {
		const IrLevel *lv = &l->levels[li];
		int yi = pass_find_dir(lv, yd), ri = pass_find_dir(lv, rd);
		if (yi < 0 || ri < 0)
			return;     /* the verifier guarantees both; be safe */
		const IrDirective *y = &lv->dirs[yi], *r = &lv->dirs[ri];
		lvs[li].T = y->size;
		lvs[li].O = y->offset;
		lvs[li].U = r->size;
		lvs[li].P = r->offset;
		lvs[li].zip = y->kind == DIR_SPATIAL && r->kind == DIR_SPATIAL;
		if (compressed && li == 0)
			lvs[li].O = y->offset / s * R;
		int64_t ny = (compressed && li == 0) ? pass_num_tiles(ext, y->size, lvs[0].O)
			     : pass_num_tiles(lv->dims[yd] > 0 ? lv->dims[yd] : 1, y->size, y->offset);
		int64_t nr = pass_num_tiles(lv->dims[rd] > 0 ? lv->dims[rd] : 1, r->size, r->offset);
		int64_t k = lvs[li].zip ? (ny < nr ? ny : nr) : 0;
		if (!lvs[li].zip && !ck_mul(ny, nr, &k))
			big = true;
		if (!ck_mul(leaves, k, &leaves) || leaves > WIN_MAX_LEAVES)
			big = true;
	}
	int64_t cells, r1, y1;
	if (!ck_add(R, 1, &r1) || !ck_add(Yout, 1, &y1) || !ck_mul(r1, y1, &cells)
	    || cells > WIN_MAX_CELLS)
		big = true;
	if (big) {
		Diag *dg = diag_emit(ctx, DIAG_W0505, l->dims_span.file != SPAN_NOFILE ? l->dims_span : l->span,
				     "layer '%s': the %s/%s tiles are too many to check that every output is computed once",
				     l->name ? l->name : "", ir_dim_name(yd), ir_dim_name(rd));
		diag_hint(ctx, dg, "the check enumerates at most %lld innermost tiles and %lld outputs",
			  (long long)WIN_MAX_LEAVES, (long long)WIN_MAX_CELLS);
		return;
	}
	Win w = {lvs, l->nlevels, compressed ? R : s, Yout, R, NULL, Yout + 1};
	if (whole_windows(&w) && partitions(&w, 0, ext))
		return;
	WinMemo mm;
	memset(mm.n, 0, sizeof mm.n);
	if (exact_unit(&w, &mm, 0, 0, ext, R, Yout - 1))
		return;
	if (!ensure_grid(pc, (size_t)cells))
		return;
	w.g = pc->grid;
	walk(&w, 0, 0, ext, 0, R, 0, Yout - 1);

	/* 2-D prefix sums (along y, then along r) turn the differences
	   into counts, then classify */
	int64_t missing = 0, twice = 0, my = -1, mr = -1, ty = -1, tr = -1, tc = 0;
	for (int64_t r = 0; r < R; r++) {
		int32_t *row = &w.g[r * w.w];
		for (int64_t y = 1; y < Yout; y++)
			row[y] += row[y - 1];
		if (r > 0)
			for (int64_t y = 0; y < Yout; y++)
				row[y] += row[y - w.w];
	}
	for (int64_t r = 0; r < R; r++)
		for (int64_t y = 0; y < Yout; y++) {
			int32_t c = w.g[r * w.w + y];
			if (c == 0) {
				if (missing++ == 0) {
					my = y;
					mr = r;
				}
			} else if (c > 1) {
				if (twice++ == 0) {
					ty = y;
					tr = r;
					tc = c;
				}
			}
		}
	if (!missing && !twice)
		return;

	uint32_t bl = blame_level(l, yd);
	const IrLevel *blv = &l->levels[bl];
	const IrDirective *by = &blv->dirs[pass_find_dir(blv, yd)];
	const IrDirective *br = &blv->dirs[pass_find_dir(blv, rd)];
	Span at = pass_dir_span(l, blv, by);
	const char *yp = ir_dim_name(yd == DIM_Y ? DIM_YP : DIM_XP);
	int64_t total;
	if (!ck_mul(R, Yout, &total))
		total = INT64_MAX;
	Diag *dg;
	if (missing) {
		dg = diag_emit(ctx, DIAG_E0512, at,
				     "the %s tiles of layer '%s' leave outputs uncomputed: no unit computes "
				     "%lld of the %lld (%s, %s) pairs, e.g. %s = %lld with %s = %lld",
				     ir_dim_name(yd), l->name ? l->name : "", (long long)missing,
				     (long long)total, yp, ir_dim_name(rd), yp, (long long)my,
				     ir_dim_name(rd), (long long)mr);
		diag_note(ctx, dg, pass_dir_span(l, blv, br), "at %s: %s with %s, stride %lld", level_name(ctx, bl),
			  shown(ctx, by), shown(ctx, br), (long long)s);
		if (twice)
			diag_note(ctx, dg, pass_dir_span(l, blv, by), "and %lld are computed more than once, e.g. %s = %lld with %s = %lld (%d times)",
				  (long long)twice, yp, (long long)ty, ir_dim_name(rd), (long long)tr, (int)tc);
	} else {
		dg = diag_emit(ctx, DIAG_E0513, at,
				     "the %s tiles of layer '%s' compute outputs more than once: %lld of the %lld "
				     "(%s, %s) pairs are computed twice or more, e.g. %s = %lld with %s = %lld (%d times)",
				     ir_dim_name(yd), l->name ? l->name : "", (long long)twice,
				     (long long)total, yp, ir_dim_name(rd), yp, (long long)ty,
				     ir_dim_name(rd), (long long)tr, (int)tc);
		diag_note(ctx, dg, pass_dir_span(l, blv, br), "at %s: %s with %s, stride %lld", level_name(ctx, bl),
			  shown(ctx, by), shown(ctx, br), (long long)s);
	}
	/* a tile of T rows with a U-row window holds floor((T-U)/s)+1 windows;
	   consecutive tiles hand over exactly when the offset is that many
	   strides */
	int64_t T = by->size, U = br->size, n = blv->dims[yd];
	if (by->kind == DIR_TEMPORAL || br->kind == DIR_TEMPORAL) {
		if (T < n && T >= U) {
			int64_t good = ((T - U) / s + 1) * s;
			if (good != by->offset && !by->stride_adjusted)
				diag_hint(ctx, dg, "a tile of %lld indices of %s with a %lld-wide window%s holds %lld "
					  "complete windows; to hand over exactly use offset %lld: %s",
					  (long long)T, ir_dim_name(yd), (long long)U,
					  s > 1 ? arena_printf(ctx->arena, " (stride %lld)", (long long)s) : "",
					  (long long)((T - U) / s + 1), (long long)good,
					  pass_dir_text(ctx, by->kind, T, good, yd));
			else if (by->stride_adjusted)
				diag_hint(ctx, dg, "with stride %lld the written map was rewritten for the stride; "
					  "a tile of %lld hands over exactly only when its windows end where "
					  "the next tile's begin: try a tile of exactly %lld",
					  (long long)s, (long long)T, (long long)U);
		}
	}
}

/* Every value check_pair reads before it emits a diagnostic: the
   layer's stride and level count, and per level the positions of the
   first directives on yd and rd (pass_find_dir), their kinds, sizes and
   offsets and the level's extents of yd and rd (the top's are Y and R).
   The diagnostics read more (spans, origins, the written maps), so only a
   check that emitted none is remembered.  0: too many levels to remember. */
static uint32_t
win_key(const PassCtx *pc, const IrLayer *l, Dim yd, Dim rd, int64_t *key)
{
	if (l->nlevels > PASS_WIN_MEMO_LEVELS)
		return 0;
	uint32_t n = 0;
	key[n++] = l->nlevels;
	key[n++] = l->stride[yd];
	for (uint32_t li = 0; li < l->nlevels; li++) {
		const IrLevel *lv = &l->levels[li];
		/* a plan knows each level's first directives */
		const int *first = pc->plan ? pc->plan->lv[li].first : NULL;
		int yi = first ? first[yd] : pass_find_dir(lv, yd);
		int ri = first ? first[rd] : pass_find_dir(lv, rd);
		key[n++] = yi;
		key[n++] = ri;
		key[n++] = lv->dims[yd];
		key[n++] = lv->dims[rd];
		if (yi >= 0) {
			key[n++] = lv->dirs[yi].kind;
			key[n++] = lv->dirs[yi].size;
			key[n++] = lv->dirs[yi].offset;
		}
		if (ri >= 0) {
			key[n++] = lv->dirs[ri].kind;
			key[n++] = lv->dirs[ri].size;
			key[n++] = lv->dirs[ri].offset;
		}
	}
	return n;
}

/* check_pair, through the caller's memo when it has one. */
static void
check_pair_memo(PassCtx *pc, IrLayer *l, int p, Dim yd, Dim rd)
{
	PassWinMemo *mm = pc->win_memo;
	int64_t key[PASS_WIN_KEY];
	uint32_t n = 0;
	/* a broken dimension or level makes check_pair return early, silent
	   or not: those layers are checked in full */
	if (mm && !pc->bad_spatial && !(pc->bad_dims & (DIM_BIT(yd) | DIM_BIT(rd))))
		n = win_key(pc, l, yd, rd, key);
	if (n == 0) {
		check_pair(pc, l, yd, rd);
		return;
	}
	uint64_t h = n;
	for (uint32_t i = 0; i < n; i++)
		h = mdf_hash_step(h, key[i]);
	for (int j = 0; j < PASS_WIN_MEMO_ENTRIES; j++)
		if (mm->hash[p][j] == h && mm->n[p][j] == n && memcmp(mm->key[p][j], key, n * sizeof *key) == 0)
			return;
	const DiagBag *b = &pc->ctx->diags;
	size_t before = b->nerrors + b->nwarnings + b->nallowed;
	check_pair(pc, l, yd, rd);
	if (b->nerrors + b->nwarnings + b->nallowed != before || pc->bad_spatial
	    || (pc->bad_dims & (DIM_BIT(yd) | DIM_BIT(rd))))
		return;
	uint32_t j = mm->next[p];
	mm->next[p] = (j + 1) % PASS_WIN_MEMO_ENTRIES;
	mm->n[p][j] = n;
	mm->hash[p][j] = h;
	memcpy(mm->key[p][j], key, n * sizeof *key);
}

bool
pass_validate_window(PassCtx *pc, IrLayer *l)
{
	LayerVars v;
	pass_vars(pc, l, &v);
	if (!v.conv || l->nlevels == 0)
		return true;
	check_pair_memo(pc, l, 0, DIM_Y, DIM_R);
	check_pair_memo(pc, l, 1, DIM_X, DIM_S);
	return true;
}
