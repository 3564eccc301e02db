/*
** families.c: the standard dataflows as starting points of a layer's
** search (docs/search.md section 3): every family at its default
** parameters (stdlib select.mdf), then every family over a grid of its
** parameters.  A small source naming the layer's shape once per use is
** compiled in a context of its own, and the elaborated directives become
** mappings.  Also two-level skeletons for each pair of the layer's
** dimensions (search_pair_seeds), built directly as mappings.
*/
#include <stdio.h>
#include <string.h>
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

/* Two-level skeletons for each ordered pair (A, B) of the layer's
   dimensions with an extent above 1 (R and S left out): the top level maps
   A spatially and B temporally by tb, a cluster of tb PEs maps B spatially
   (one unit per index), tb over a grid of B's extent; the rest is left to
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
			int64_t eb = s->ext[b];
			if (search_sliding(s, (Dim)b))
				eb -= s->ext[search_window_of((Dim)b)] - 1;
			uint32_t ng = grid(eb < s->pes ? eb : s->pes, g, 5);
			for (uint32_t i = 0; i < ng && n < max; i++) {
				if (g[i] < 2)
					continue;
				MdfMapping *m = &out[n];
				memset(m, 0, sizeof *m);
				m->nlevels = 2;
				m->lv[0].ndirs = 2;
				m->lv[0].dirs[0] = search_new_dir(s, &rng, m, 0, (Dim)a, DIR_SPATIAL);
				MdfMapDir *tb = &m->lv[0].dirs[1];
				tb->kind = DIR_TEMPORAL;
				tb->dim = (uint8_t)b;
				if (search_sliding(s, (Dim)b)) {
					tb->size = g[i] + s->ext[search_window_of((Dim)b)] - 1;
					tb->offset = g[i];
				} else
					tb->size = tb->offset = g[i];
				m->lv[1].cluster_size = g[i];
				m->lv[1].ndirs = 1;
				m->lv[1].dirs[0] = search_new_dir(s, &rng, m, 1, (Dim)b, DIR_SPATIAL);
				n++;
			}
		}
	return n;
}
