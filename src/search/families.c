/*
** families.c: the standard dataflows as starting points of a layer's
** search (docs/search.md section 3): every family at its default
** parameters (stdlib select.mdf), then every family over a grid of its
** parameters.  A small source naming the layer's shape once per use is
** compiled in a context of its own, and the elaborated directives become
** mappings.  Also two-level skeletons for each pair of the layer's
** dimensions (search_pair_seeds) and skeletons of two or three levels
** that keep the most PEs busy (search_fill_seeds), built directly as
** mappings.
*/
#include <stdio.h>
#include <string.h>
#include "mdfc/checked.h"
#include "mdfc/mdfc.h"
#include "search_int.h"

enum { MAX_USES = 320 };

typedef struct Uses {
	char text[MAX_USES][48];
	uint32_t n;
} Uses;

static void
use(Uses *u, const char *fmt, long long a, long long b, long long c)
{
	if (u->n < MAX_USES)
		snprintf(u->text[u->n++], sizeof u->text[0], fmt, a, b, c);
}

/* Parameter values for an extent e: 1, 2, 4, ... and e itself, thinned to
   at most `max` values (the ends kept). */
static uint32_t
grid(int64_t e, int64_t *v, uint32_t max)
{
	int64_t all[64];
	uint32_t n = 0;
	for (int64_t p = 1; p < e && n < 63; p *= 2)
		all[n++] = p;
	all[n++] = e > 0 ? e : 1;
	if (n <= max) {
		memcpy(v, all, n * sizeof *v);
		return n;
	}
	for (uint32_t i = 0; i < max; i++)
		v[i] = all[(uint64_t)i * (n - 1) / (max - 1)];
	return max;
}

/* The family uses for a layer: first every family at its default
   parameters (the select.mdf numbering), then each family over a grid of
   its parameters. */
static void
family_uses(const IrLayer *l, Uses *u)
{
	int64_t K = l->dim[DIM_K], C = l->dim[DIM_C], M = l->dim[DIM_M], N = l->dim[DIM_N];
	int64_t X = l->dim[DIM_XP] ? l->dim[DIM_XP] : l->dim[DIM_X] - l->dim[DIM_S] + 1;
	if (l->type == LT_TRCONV && l->nlevels > 0 && l->levels[0].dims[DIM_XP] > 0)
		X = l->levels[0].dims[DIM_XP];  /* over the dilated input (docs/ir.md 2.0) */
	int64_t g1[8], g2[8], g3[8];
	uint32_t n1, n2, n3;
	u->n = 0;
	switch (l->type) {
	case LT_CONV: case LT_FC: case LT_NGCONV: case LT_TRCONV:
		for (int i = 1; i <= 8; i++)
			use(u, "conv_select(%lld)", i, 0, 0);
		if (l->type == LT_FC)
			X = 1;
		n1 = grid(C, g1, 8);
		for (uint32_t i = 0; i < n1; i++) {
			use(u, "kcp_ws(%lld)", g1[i], 0, 0);
			use(u, "maeri_vn(%lld)", g1[i], 0, 0);
		}
		n1 = grid(K, g1, 8);
		for (uint32_t i = 0; i < n1; i++)
			use(u, "cp_nlr(%lld)", g1[i], 0, 0);
		n1 = grid(K, g1, 5);
		n2 = grid(C, g2, 5);
		for (uint32_t i = 0; i < n1; i++)
			for (uint32_t j = 0; j < n2; j++) {
				use(u, "rs(%lld, %lld)", g1[i], g2[j], 0);
				use(u, "xp_ws(%lld, %lld)", g1[i], g2[j], 0);
			}
		n1 = grid(X > 0 ? X : 1, g1, 5);
		for (uint32_t i = 0; i < n1; i++)
			for (uint32_t j = 0; j < n2; j++)
				use(u, "yxp_os(%lld, %lld)", g1[i], g2[j], 0);
		for (int64_t r = 4; r <= 64; r *= 2) {
			use(u, "tpu_ws(%lld)", r, 0, 0);
			use(u, "tpu_os(%lld)", r, 0, 0);
		}
		break;
	case LT_GEMM:
		use(u, "gemm_select(%lld)", 1, 0, 0);
		use(u, "gemm_select(%lld)", 7, 0, 0);
		use(u, "gemm_select(%lld)", 8, 0, 0);
		n1 = grid(M, g1, 4);
		n2 = grid(N, g2, 4);
		n3 = grid(K, g3, 4);
		for (uint32_t i = 0; i < n1; i++)
			for (uint32_t j = 0; j < n2; j++)
				for (uint32_t k = 0; k < n3; k++)
					use(u, "gemm_tiled(%lld, %lld, %lld)", g1[i], g2[j], g3[k]);
		for (int64_t r = 4; r <= 64; r *= 2) {
			use(u, "tpu_ws_gemm(%lld)", r, 0, 0);
			use(u, "tpu_os_gemm(%lld)", r, 0, 0);
		}
		break;
	case LT_DSCONV:
		use(u, "depthwise(DEPTHWISE_TX)%.0lld", 0, 0, 0);
		n1 = grid(X > 0 ? X : 1, g1, 8);
		for (uint32_t i = 0; i < n1; i++)
			use(u, "depthwise(%lld)", g1[i], 0, 0);
		break;
	default:
		break;
	}
	(void)N;
}

/* Compile one source holding the layer once per use in uses[from, to);
   append the mappings.  False when the front end failed. */
static bool
compile_uses(const MdfOptions *opt, const IrLayer *l, const Uses *uses, uint32_t from, uint32_t to,
	     MdfMapping *out, uint32_t max, uint32_t *n)
{
	MdfBuf b = {0};
	buf_puts(&b, "import \"dataflows/select.mdf\";\nNetwork __mdfc_search {\n");
	for (uint32_t i = from; i < to; i++) {
		buf_printf(&b, "Layer f%u { ", i);
		search_print_shape(l, &b);
		buf_printf(&b, "Dataflow: %s; }\n", uses->text[i]);
	}
	buf_puts(&b, "}\n");
	bool ok = false;
	MdfCtx *ctx = b.oom ? NULL : mdf_ctx_new(opt);
	if (ctx) {
		uint32_t f = mdf_ctx_add_source(ctx, "<search>", "./<search>.mdf", b.data, b.len);
		IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
		const IrNetwork *net = NULL;
		for (uint32_t i = 0; m && i < m->nnetworks; i++)
			if (m->networks[i].name && strcmp(m->networks[i].name, "__mdfc_search") == 0)
				net = &m->networks[i];
		if (net) {
			ok = true;
			for (uint32_t i = 0; i < net->nlayers && *n < max; i++)
				if (mdf_mapping_from_layer(&net->layers[i], &out[*n]))
					(*n)++;
		}
		mdf_ctx_free(ctx);
	}
	buf_free(&b);
	return ok;
}

uint32_t
search_family_seeds(const MdfOptions *opt, const IrLayer *layer, MdfMapping *out, uint32_t max)
{
	Uses uses, *u = &uses;
	uint32_t n = 0;
	family_uses(layer, u);
	if (u->n && !compile_uses(opt, layer, u, 0, u->n, out, max, &n)) {
		/* one family failed to elaborate on this shape: take the others */
		n = 0;
		for (uint32_t i = 0; i < u->n; i++)
			compile_uses(opt, layer, u, i, i + 1, out, max, &n);
	}
	return n;
}

/* ---- skeletons: a pair of dimensions; the array filled ---- */

/* The stride of d where it slides (Y, X of a CONV-like layer), else 1. */
static int64_t
skel_stride(const Space *s, int d)
{
	int64_t st = search_sliding(s, (Dim)d) ? s->l->stride[d] : 1;
	return st > 0 ? st : 1;
}

/* Chunks of one index of d: its extent, or for Y and X its output rows
   ((extent - window) / stride + 1). */
static int64_t
skel_chunks(const Space *s, int d)
{
	int64_t e = s->ext[d];
	if (search_sliding(s, (Dim)d)) {
		int64_t w = s->ext[search_window_of((Dim)d)];
		e = e >= w ? (e - w) / skel_stride(s, d) + 1 : 1;
	}
	return e > 1 ? e : 1;
}

/* A temporal directive on d stepping by u chunks: for Y and X u output
   rows, the input rows they read, (u - 1) x stride + window, stepping by
   u x stride (what normalization's stride adjustment leaves as it is:
   docs/language.md section 7); the whole extent should that overflow. */
static MdfMapDir
skel_step(const Space *s, int d, int64_t u)
{
	MdfMapDir t = {DIR_TEMPORAL, (uint8_t)d, u, u};
	if (search_sliding(s, (Dim)d)) {
		int64_t st = skel_stride(s, d), w = s->ext[search_window_of((Dim)d)];
		if (!ck_mul(u - 1, st, &t.size) || !ck_add(t.size, w, &t.size) || !ck_mul(u, st, &t.offset))
			t.size = t.offset = s->ext[d];
	}
	return t;
}

/* Two-level skeletons for each ordered pair (A, B) of the layer's
   dimensions with an extent above 1 (R and S left out): the top level maps
   A spatially and B temporally by tb, a cluster of tb PEs maps B spatially
   (one unit per index), tb over a grid of B's chunks; the rest is left to
   inheritance.  Structures no stdlib family has (C across the array, K
   within a cluster, ...), for the climb to tune. */
uint32_t
search_pair_seeds(const Space *s, MdfMapping *out, uint32_t max)
{
	uint32_t n = 0;
	uint64_t rng = 1;   /* search_new_dir draws nothing for size-1 spatial maps */
	for (int a = 0; a < DIM__COUNT; a++)
		for (int b = 0; b < DIM__COUNT; b++) {
			if (a == b || !(s->dims & DIM_BIT(a)) || !(s->dims & DIM_BIT(b)) || s->ext[a] <= 1 ||
			    s->ext[b] <= 1 || a == DIM_R || a == DIM_S || b == DIM_R || b == DIM_S)
				continue;
			int64_t g[8];
			int64_t eb = skel_chunks(s, b);
			uint32_t ng = grid(eb < s->pes ? eb : s->pes, g, 5);
			for (uint32_t i = 0; i < ng && n < max; i++) {
				if (g[i] < 2)
					continue;
				MdfMapping *m = &out[n];
				memset(m, 0, sizeof *m);
				m->nlevels = 2;
				m->lv[0].ndirs = 2;
				m->lv[0].dirs[0] = search_new_dir(s, &rng, m, 0, (Dim)a, DIR_SPATIAL);
				m->lv[0].dirs[1] = skel_step(s, b, g[i]);
				m->lv[1].cluster_size = g[i];
				m->lv[1].ndirs = 1;
				m->lv[1].dirs[0] = search_new_dir(s, &rng, m, 1, (Dim)b, DIR_SPATIAL);
				n++;
			}
		}
	return n;
}

/* Skeletons that fill the array: the FILL_TOP best structures (the
   spatial dimension of each level, in order, with its best units), then
   the other orders of the FILL_SETS best sets of spatial dimensions.  The
   orders of one set tie or nearly tie on the steps, which cannot tell
   them apart (which dimension goes across the clusters and which within
   decides the traffic): the model does, when they are evaluated as
   starting points.  The second group is evaluated after the first
   evolution (task.c, Task.late): with the first, it took the
   population's places from the structures the evolution improves
   (docs/search.md section 3, step 5). */
enum { FILL_TOP = 6, FILL_SETS = 6, FILL_MAX = 256 };

typedef struct Fill {
	int d[3];           /* spatial dimension of level 0, 1, 2 */
	int64_t u[3];       /* units of each (u[0] follows from the others) */
	int nl;             /* levels */
	int64_t steps;      /* steps of every PE over the layer's dimensions */
} Fill;

static bool
fill_same_order(const Fill *a, const Fill *b)
{
	return a->nl == b->nl && a->d[0] == b->d[0] && a->d[1] == b->d[1] && (a->nl < 3 || a->d[2] == b->d[2]);
}

/* The set of f's spatial dimensions, with its number of levels. */
static uint32_t
fill_set(const Fill *f)
{
	uint32_t set = (uint32_t)f->nl << DIM__COUNT;
	for (int k = 0; k < f->nl; k++)
		set |= DIM_BIT(f->d[k]);
	return set;
}

/* Consider f: the fewest steps of each structure (the spatial dimensions
   of its levels in order), the first found on a tie. */
static void
fill_keep(Fill *all, uint32_t *n, const Fill *f)
{
	for (uint32_t i = 0; i < *n; i++)
		if (fill_same_order(&all[i], f)) {
			if (f->steps < all[i].steps)
				all[i] = *f;
			return;
		}
	if (*n < FILL_MAX)
		all[(*n)++] = *f;
}

/* a ranks before b: fewer steps, then fewer levels (stable otherwise) */
static bool
fill_before(const Fill *a, const Fill *b)
{
	return a->steps < b->steps || (a->steps == b->steps && a->nl < b->nl);
}

/* Consider f for the FILL_TOP fewest steps, one per structure, fewer
   levels first on a tie, the one placed earlier first on a full tie. */
static void
fill_top(Fill *top, uint32_t *n, const Fill *f)
{
	uint32_t at = 0;
	while (at < *n && !fill_same_order(&top[at], f))
		at++;
	if (at < *n) {          /* same structure: keep the better */
		if (top[at].steps <= f->steps)
			return;
		memmove(&top[at], &top[at + 1], (*n - at - 1) * sizeof *top);
		(*n)--;
	}
	at = *n;
	while (at > 0 && fill_before(f, &top[at - 1]))
		at--;
	if (at == FILL_TOP)
		return;
	if (*n == FILL_TOP)
		(*n)--;
	memmove(&top[at + 1], &top[at], (*n - at) * sizeof *top);
	top[at] = *f;
	(*n)++;
}

/* Unit counts worth trying for c chunks within room units: the fewest
   units for each number of folds (ceil(c / k)), at least 2. */
static uint32_t
fill_units(int64_t c, int64_t room, int64_t *v, uint32_t max)
{
	uint32_t n = 0;
	int64_t last = 0;
	for (int64_t k = 1; k <= c && n < max; k++) {
		int64_t u = c / k + (c % k != 0);
		if (u < 2)
			break;
		if (u != last && u <= room)
			v[n++] = u;
		last = u;
	}
	return n;
}

/* A PE's steps over the dimensions dims[0..nd) (one index of each a
   step) when f's spatial dimensions spread over its units; INT64_MAX when
   that overflows. */
static int64_t
fill_steps(const Space *s, const int *dims, int nd, const Fill *f)
{
	int64_t steps = 1;
	for (int i = 0; i < nd; i++) {
		int64_t c = skel_chunks(s, dims[i]);
		for (int k = 0; k < f->nl; k++)
			if (f->d[k] == dims[i])
				c = c / f->u[k] + (c % f->u[k] != 0);
		if (!ck_mul(steps, c, &steps))
			return INT64_MAX;
	}
	return steps;
}

/* Into keep: the structures of the FILL_SETS best sets (a set ranks by
   its best structure), set by set, each set's best first; the number kept. */
static uint32_t
fill_select(Fill *all, uint32_t n, Fill *keep)
{
	/* insertion sort: stable, n <= FILL_MAX */
	for (uint32_t i = 1; i < n; i++) {
		Fill f = all[i];
		uint32_t j = i;
		for (; j > 0 && fill_before(&f, &all[j - 1]); j--)
			all[j] = all[j - 1];
		all[j] = f;
	}
	uint32_t sets[FILL_SETS], ns = 0, kept = 0;
	for (uint32_t i = 0; i < n && ns < FILL_SETS; i++) {
		uint32_t k = 0;
		while (k < ns && sets[k] != fill_set(&all[i]))
			k++;
		if (k == ns)
			sets[ns++] = fill_set(&all[i]);
	}
	for (uint32_t k = 0; k < ns; k++)
		for (uint32_t i = 0; i < n; i++)
			if (fill_set(&all[i]) == sets[k])
				keep[kept++] = all[i];
	return kept;
}

uint32_t
search_fill_seeds(const Space *s, MdfMapping *out, uint32_t max, uint32_t *ntop)
{
	enum { MAXU = 64 };
	int dims[DIM__COUNT], nd = 0;
	for (int d = 0; d < DIM__COUNT; d++)
		if ((s->dims & DIM_BIT(d)) && s->ext[d] > 1 && d != DIM_R && d != DIM_S && skel_chunks(s, d) > 1)
			dims[nd++] = d;
	Fill all[FILL_MAX], sel[FILL_MAX], best[FILL_TOP + FILL_MAX], top[FILL_TOP];
	uint32_t na = 0, nt = 0;
	int64_t u1v[MAXU], u2v[MAXU];
	for (int a = 0; a < nd; a++)
		for (int b = 0; b < nd; b++) {
			if (b == a)
				continue;
			int64_t c0 = skel_chunks(s, dims[a]), c1 = skel_chunks(s, dims[b]);
			uint32_t n1 = fill_units(c1, s->pes / 2, u1v, MAXU);
			for (uint32_t i = 0; i < n1; i++) {
				int64_t u1 = u1v[i];
				int64_t u0 = s->pes / u1 < c0 ? s->pes / u1 : c0;
				Fill f = {{dims[a], dims[b], 0}, {u0, u1, 1}, 2, 0};
				f.steps = fill_steps(s, dims, nd, &f);
				fill_keep(all, &na, &f);
				fill_top(top, &nt, &f);
				for (int c = 0; c < nd; c++) {
					if (c == a || c == b)
						continue;
					int64_t c2 = skel_chunks(s, dims[c]);
					uint32_t n2 = fill_units(c2, s->pes / u1 / 2, u2v, MAXU);
					for (uint32_t j = 0; j < n2; j++) {
						int64_t u2 = u2v[j], v0 = s->pes / (u1 * u2) < c0 ? s->pes / (u1 * u2) : c0;
						Fill g = {{dims[a], dims[b], dims[c]}, {v0, u1, u2}, 3, 0};
						g.steps = fill_steps(s, dims, nd, &g);
						fill_keep(all, &na, &g);
						fill_top(top, &nt, &g);
					}
				}
			}
		}
	/* the top structures, then the best sets' orders not among them */
	uint32_t ns = fill_select(all, na, sel), nb = nt;
	memcpy(best, top, nt * sizeof *top);
	for (uint32_t i = 0; i < ns; i++) {
		uint32_t k = 0;
		while (k < nt && !fill_same_order(&top[k], &sel[i]))
			k++;
		if (k == nt)
			best[nb++] = sel[i];
	}
	/* as mappings: the top level maps d0 spatially and steps through
	   d1 (and d2) by the units below; each cluster level maps its
	   dimension spatially; inheritance fills in the rest */
	uint32_t n = 0;
	uint64_t rng = 1;   /* search_new_dir draws nothing for size-1 spatial maps */
	*ntop = nt < max ? nt : max;    /* best[0..nt) is top */
	for (uint32_t i = 0; i < nb && n < max; i++) {
		const Fill *f = &best[i];
		MdfMapping *m = &out[n++];
		memset(m, 0, sizeof *m);
		m->nlevels = (uint32_t)f->nl;
		m->lv[0].dirs[m->lv[0].ndirs++] = search_new_dir(s, &rng, m, 0, (Dim)f->d[0], DIR_SPATIAL);
		for (int k = 1; k < f->nl; k++)
			m->lv[0].dirs[m->lv[0].ndirs++] = skel_step(s, f->d[k], f->u[k]);
		for (int k = 1; k < f->nl; k++) {
			m->lv[k].cluster_size = f->u[k];
			m->lv[k].ndirs = 1;
			m->lv[k].dirs[0] = search_new_dir(s, &rng, m, (uint32_t)k, (Dim)f->d[k], DIR_SPATIAL);
		}
	}
	return n;
}
