/*
** sizes.c: what a cluster level's mapping fixes before any iteration case
** (docs/model-spec.md §4.4, 4.5, 4.9): per dimension the map size m, the new
** elements per step u and their edge variants me, ue (CmSizes, with the
** output rows and columns Y', X' of sliding windows), the units active at
** the spatial edge E, the tensors' sizes and the level's buffer volumes.
** Reads the level's static dimension table and directives; writes CmLevel.
** Fix 3 (stride), 4 (clamped sizes) and 5 (the real edge) act here.
*/
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

/* The dimensions of each tensor (a bit per Dim; the output's are Y and X,
   read as Y' and X'), OR-ed into tmask: the IR's table (layer_types.def). */
void
cm_tensor_masks(const IrLayer *l, uint32_t tmask[COST__NTENSORS])
{
	IrLayerVars v;
	ir_layer_vars(l, &v);
	tmask[COST_INPUT] |= v.input;
	tmask[COST_WEIGHT] |= v.weight;
	tmask[COST_OUTPUT] |= v.output;
}

/* ---- static per-level preparation ---------------------------------------- */

/* Fix 13: a temporal loop on a reference dimension (Y, X) whose only
   position after the first is an Edge tile holding no whole window (a
   strided layer's tail) computes nothing there (fix 6), so its unit keeps
   the first tile and its outputs (docs/cost-model.md §4): coming back to
   the first position is no wrap, for fix 12 or fix 11 (cm_case_setup
   and out_tile_new read the level's mask of them, tailm). */
static bool
tail_only(const MdfCostEval *ev, const CmLevel *L, int i)
{
	const CmDir *d = &L->d[i];
	int v = d->dim, a = out_dim(ev, v);
	if (d->spatial || a == v || !fix_tail_keep(ev->fix))
		return false;
	int64_t N = L->sdim[v];
	return N > d->M && tdiv(N - d->M, d->O) == 0 && L->z.me[a] <= 0;
}


/* docs/model-spec.md §4.5, on the level's static dimension table. */
void
cm_level_sizes(MdfCostEval *ev, CmLevel *L)
{
	CmSizes *z = &L->z;
	memset(z, 0, sizeof *z);
	L->tailm = 0;
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		int64_t N = L->sdim[d->dim], M = d->M, O = d->O;
		int64_t k = tdiv(N - M, O);
		if (k < 0)
			k = 0;
		bool has_edge = sadd(smul(k, O), M) < N || M > N;
		z->m[d->dim] = M;
		z->u[d->dim] = min64(M, O);
		if (!d->spatial && N <= M)
			z->u[d->dim] = 0;
		int64_t e = N - smul(k + 1, O);
		if (e < 0)
			e = N;
		z->me[d->dim] = has_edge ? e : M;
		/* Fix 5: a temporal tile larger than its dimension holds the
		   whole dimension (MAESTRO: N - O, which can empty a window). */
		if (fix_partial_unit(ev->fix) && !d->spatial && M > N)
			z->me[d->dim] = N;
		z->ue[d->dim] = max64(sadd(O, e - M), 0);   /* O may be near 2^63 */
		z->has[d->dim] = true;
	}
	if (!ev->overlap)
		return;
	/* Output rows/columns Y', X' from each reference directive. */
	for (uint32_t i = 0; i < L->nd; i++) {
		const CmDir *d = &L->d[i];
		Dim ref = d->dim, sl, out;
		if (ref == DIM_Y) { sl = DIM_R; out = DIM_YP; }
		else if (ref == DIM_X) { sl = DIM_S; out = DIM_XP; }
		else continue;
		int64_t s = ev->stride[ref];
		/* With R < stride, compat mode keeps MAESTRO's mixed
		   coordinates, in which T-U+1 is its (right) count for R = 1;
		   default mode has compressed them (compress_strided). */
		bool mixed = !fix_compressed_rows(ev->fix) && ev->real_top[sl] < ev->layer->stride[ref];
		bool fix3 = fix_stride_outputs(ev->fix) && s > 1 && !mixed;
		int64_t dm = z->m[ref] - z->m[sl], de = z->me[ref] - z->me[sl];
		/* Fix 5: a tile larger than its dimension holds the whole
		   dimension (W0501 clamps it), in the window as in the rows:
		   MAESTRO's M_Y - M_R + 1 with the written M_R empties the
		   output tile (SpatialMap(4,4) R over R = 2, inherited below). */
		if (fix_partial_unit(ev->fix))
			dm = (L->sdim[ref] > 0 ? min64(z->m[ref], L->sdim[ref]) : z->m[ref])
			   - (L->sdim[sl] > 0 ? min64(z->m[sl], L->sdim[sl]) : z->m[sl]);
		if (fix3) {
			/* Fix 3: a tile of T input rows and U window rows holds
			   floor((T-U)/s)+1 outputs, not T-U+1. */
			z->m[out] = dm < 0 ? dm + 1 : dm / s + 1;
			z->me[out] = de < 0 ? de + 1 : de / s + 1;
			z->u[out] = min64(d->O / s, z->m[out]);
			z->ue[out] = min64(d->O / s, z->me[out]);
		} else {
			z->m[out] = dm + 1;
			z->me[out] = de + 1;
			z->u[out] = min64(d->O, d->M);
			z->ue[out] = min64(d->O, z->me[out]);
		}
		z->has[out] = true;
	}
	for (uint32_t i = 0; i < L->nd; i++)
		if (tail_only(ev, L, (int)i))
			L->tailm |= (uint16_t)(1u << i);
}

/* Active units at the spatial edge (docs/model-spec.md §4.4, on static dims). */
void
cm_level_edge(const MdfCostEval *ev, CmLevel *L)
{
	const CmDir *d = &L->d[L->sp];
	int64_t N = L->sdim[d->dim], M = d->M, O = d->O, P = L->P;
	int64_t cov = sadd(smul(O, P - 1), M), E;
	L->ee_rem = N;
	if (N > cov) {
		int64_t k = tdiv(tdiv(N - M, O) + 1, P) - 1;
		int64_t rem = N - smul(smul(k + 1, O), P);
		E = rem < M ? 1 : tdiv(rem - M, O) + 1;
		/* Fix 5: the last fold's chunks as the loop nest makes them
		   (a last, partial chunk is a chunk).  MAESTRO's floor drops
		   a partial chunk after E whole ones, though it can hold a
		   whole window: SpatialMap(2,2) Y over 7 rows, R = 1, has
		   the 1-row chunk [6,7) in a fold with [4,6). */
		if (fix_partial_unit(ev->fix) && rem > M)
			E = loop_chunks(rem, M, O);
		L->ee_rem = rem;
	} else if (N > M) {
		E = tdiv(N - M, O) + 1;
		if (sadd(smul(O, E - 1), M) < N)
			E++;
	} else {
		E = 1;
	}
	if (N <= M)
		E = 1;
	L->E = E;
}

/* Fix 10 (default mode): the level's sizes for a tile smaller than its
   static dimensions.  MAESTRO computes a level's mapping sizes, edge sizes
   and active units once, on the level's static dimensions (the tile of a
   full unit above), and only the positions on the tile handed down; an
   edge tile then inherits the full tile's edge.  GAMMA's ResNet-18 layer 2
   (docs/fidelity.md, fix 10): TemporalMap(29,27) Y over a 28-row edge tile
   was costed with the 3-row edge of the 30-row full tile, 1 output row
   instead of 26, and the layer ran faster than its PEs can compute.
   Fills Lt and returns true when N is not the static tile. */
bool
cm_tile_level(MdfCostEval *ev, const CmLevel *L, const int64_t *N, CmLevel *Lt)
{
	bool same = true;
	for (uint32_t i = 0; i < L->nd; i++)
		same = same && N[L->d[i].dim] == L->sdim[L->d[i].dim];
	if (same)
		return false;
	*Lt = *L;
	for (uint32_t i = 0; i < L->nd; i++)
		Lt->sdim[L->d[i].dim] = N[L->d[i].dim];
	cm_level_edge(ev, Lt);
	cm_level_sizes(ev, Lt);
	return true;
}

/* ---- one level ------------------------------------------------------------ */

/* Fix 23 (default mode): the rows of reference dimension v (Y or X) the
   top level's units ever receive, which is what is loaded from off-chip
   memory.  A step whose tiles own no output takes no tile (docs/loop-nest.md
   §5), so the rows loaded end where the last tile that owns an output ends.
   A SpatialMap keeps its whole extent: a fold's units take their chunks
   in the step one of them computes, so where its rows end depends on the
   unit count, which the top level's sizing (kept across unit counts,
   sweep.c) must not depend on; that is above the nest only when the last
   fold owns nothing (docs/cost-model.md §4.1).  Rows a strided window
   never reads are then loaded only when such a tile holds them: ResNet-50's
   strided 1x1 projections load every other row, a 3x3 layer at stride 2
   over 6 rows loads 5 (docs/cost-model.md §4.1).  With compressed rows (fix
   3, R < stride) the extent is in used rows, one per row loaded (a
   SpatialMap's too).  Where the
   rule does not apply (the window tiled at the top, a transposed
   convolution's dilated input) the declared extent N. */
static int64_t
loaded_extent(const MdfCostEval *ev, int v, int64_t N)
{
	const CmLevel *top = &ev->lv[0];
	int sl = v == DIM_Y ? DIM_R : DIM_S;
	int i = top->dir_of[v], j = top->dir_of[sl];
	if (ev->layer->type == LT_TRCONV || i < 0 || top->sdim[v] > N)
		return N;
	const CmDir *d = &top->d[i];
	int64_t n = top->sdim[v], R = top->sdim[sl], s = ev->stride[v], M = d->M, O = d->O;
	if (d->spatial)
		return n;
	if ((j >= 0 && top->d[j].M < R) || R < 1 || O < 1 || M < R || n < R)
		return N;
	int64_t outs = (n - R) / s + 1, chunks = loop_chunks(n, M, O), last, end;
	if (__builtin_mul_overflow(outs - 1, s, &last) || __builtin_add_overflow(last, s, &end)
	    || __builtin_add_overflow(end, M, &end))
		return N;
	/* from the last chunk starting at or before the last output's window:
	   a chunk owns an output when the first window at or after its start
	   fits in it, which repeats with the chunk's phase in the stride (at
	   most s tries) */
	int64_t c = min64(chunks - 1, last / O);
	for (int64_t k = 0; k <= s && c >= 0; k++, c--) {
		int64_t st = c * O, w = st / s * s + (st % s != 0) * s;
		if (w + R > st + M)
			continue;
		return min64(n, c * O + M);
	}
	return N;
}

int64_t
cm_tensor_size(const MdfCostEval *ev, int t, const int64_t *N, bool out_true, bool real)
{
	int64_t r = 1;
	for (uint32_t bits = ev->tmask[t]; bits; bits &= bits - 1) {
		int v = __builtin_ctz(bits);
		int64_t n = N[v];
		if (t == COST_INPUT && real && ev->overlap && (v == DIM_Y || v == DIM_X)
		    && fix_loaded_rows(ev->fix))
			n = loaded_extent(ev, v, n);
		if (t == COST_OUTPUT && ev->overlap && (v == DIM_Y || v == DIM_X)) {
			int64_t w = N[v == DIM_Y ? DIM_R : DIM_S];
			int64_t s = !out_true ? 1 : real ? ev->layer->stride[v] : ev->stride[v];
			if (s < 1)
				s = 1;
			n = n - w < 0 ? n - w + 1 : (n - w) / s + 1;
		}
		int64_t q;
		r = __builtin_mul_overflow(r, n, &q) ? 0 : q;
	}
	return r;
}

/* Downstream (sub-unit) buffer for tensor t: the level's map sizes. */
int64_t
cm_mapped_volume(MdfCostEval *ev, const CmLevel *L, int t)
{
	int64_t r = 1;
	bool fix4 = fix_true_sizes(ev->fix);
	for (uint32_t bits = ev->tmask[t]; bits; bits &= bits - 1) {
		int v = __builtin_ctz(bits);
		if (!L->z.has[v])
			continue;
		int64_t m = L->z.m[v];
		if (fix4) {
			/* clamped to the dimension; the output holds outputs */
			if (L->sdim[v] > 0)
				m = min64(m, L->sdim[v]);
			if (t == COST_OUTPUT && (v == DIM_Y || v == DIM_X)
			    && ev->overlap && L->z.has[out_dim(ev, v)]) {
				Dim sl = v == DIM_Y ? DIM_R : DIM_S;
				int64_t w = L->z.has[sl] ? min64(L->z.m[sl], L->sdim[sl] > 0 ? L->sdim[sl] : L->z.m[sl]) : 1;
				int64_t s = fix_stride_outputs(ev->fix) ? ev->stride[v] : 1;
				m = m < w ? 0 : (m - w) / s + 1;
			}
		}
		r = mul(ev, r, m);
	}
	return r;
}


/* Fix 3 with a window smaller than the stride (R < s): the windows do not
   touch, and the stride adjustment of the directives (docs/model-spec.md §4.3
   step 4) describes tiles in "compressed" rows: a top tile (t*R, t*s) holds
   the t*R rows used by t outputs, and the levels below count used rows only
   (offsets t'*R).  Work in that space throughout, as the window validation
   and the loop nest do when the top map was adjusted (size >= R): the
   extent is Y'*R, the top offset t*R, and outputs are R rows apart
   (effective stride R).  Default mode only: --compat=maestro keeps
   MAESTRO's mixed coordinates (where its MAC count is right for R = 1). */
void
cm_compress_strided(MdfCostEval *ev)
{
	if (!fix_stride_outputs(ev->fix) || !fix_compressed_rows(ev->fix) || !ev->overlap)
		return;
	for (int k = 0; k < 2; k++) {
		Dim v = k ? DIM_X : DIM_Y, sl = k ? DIM_S : DIM_R;
		int64_t s = ev->stride[v], R = ev->real_top[sl], Y = ev->real_top[v];
		if (R <= 0 || R >= s || Y < R)
			continue;
		/* Only when the top map holds a whole window, i.e. it was
		   stride-adjusted: otherwise no directive was, and the layer
		   is plain rows (the condition of the window validation and
		   the loop nest). */
		CmLevel *top = &ev->lv[0];
		int i = top->dir_of[v];
		if (i < 0 || top->d[i].M < R)
			continue;
		top->sdim[v] = ((Y - R) / s + 1) * R;
		if (top->d[i].O % s == 0)
			top->d[i].O = top->d[i].O / s * R;
		for (uint32_t l = 1; l < ev->nlev; l++) {
			const CmLevel *up = &ev->lv[l - 1];
			int j = up->dir_of[v];
			if (j >= 0)
				ev->lv[l].sdim[v] = min64(up->d[j].M, up->sdim[v]);
		}
		ev->stride[v] = R;
	}
}
