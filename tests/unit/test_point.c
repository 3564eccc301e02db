/*
** test_point.c: the in-process mapping point (include/mdfc/search.h) keeps
** what it learnt from earlier points (the model's levels per structure,
** the window check's verdicts: src/search/point.c).  Its verdict and
** figures on every point must be those of a point that starts cold (a new
** MdfPoint: every pass and the whole set-up run on that mapping alone).
** Random walks over the stdlib networks' layers: tile moves that keep the
** structure, the search's mutations, and raw sizes and offsets that break
** the tiling or the window (invalid points), back to starting points now
** and then so structures repeat.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/mdfc.h"
#include "mdfc/search.h"
#include "search/search_int.h"
#include "unit.h"

const char *SUITE = "point";

enum { SEEDS = 400, STEPS = 160, SHAPES = 5 };

typedef struct Stats {
	uint32_t points, ok, invalid, other, differ, lean_differ;
} Stats;

/* One random change of m: mostly a tile or offset, sometimes a mutation. */
static void
step(const Space *sp, uint64_t *rng, MdfMapping *m)
{
	uint32_t li = (uint32_t)rng_below(rng, m->nlevels);
	MdfMapLevel *L = &m->lv[li];
	int64_t r = rng_below(rng, 10);
	if (L->ndirs == 0 || r >= 8) {
		search_mutate(sp, rng, m);
		return;
	}
	uint32_t j = (uint32_t)rng_below(rng, L->ndirs);
	if (r < 5) {
		search_retile(sp, rng, m, li, j);
	} else {
		/* raw: any size and offset up to the extent (tilings that skip,
		   repeat or split windows) */
		int64_t ext = sp->ext[L->dirs[j].dim] > 0 ? sp->ext[L->dirs[j].dim] : 1;
		L->dirs[j].size = 1 + rng_below(rng, ext + 1);
		L->dirs[j].offset = r == 5 ? L->dirs[j].size : 1 + rng_below(rng, ext + 1);
	}
}

static bool
same_result(const MdfPointResult *a, const MdfPointResult *b)
{
	return a->status == b->status && a->code == b->code && a->runtime == b->runtime && a->macs == b->macs
	       && a->energy_nj == b->energy_nj && a->l1_req == b->l1_req && a->l2_req == b->l2_req;
}

static void
walk_layer(const MdfOptions *mo, const IrLayer *l, const IrHw *hw, uint64_t seed, Stats *st)
{
	MdfPoint *warm = mdf_point_new(l, hw, NULL);
	if (!warm)
		return;
	MdfMapping *seeds = calloc(SEEDS, sizeof *seeds);
	CU_ASSERT_FATAL(seeds != NULL);
	uint32_t ns = search_family_seeds(mo, l, seeds, SEEDS);
	Space sp;
	search_space_init(&sp, l, hw);
	uint64_t rng = seed;
	MdfMapping m = seeds[0];
	for (int k = 0; k < STEPS && ns > 0; k++) {
		if (rng_below(&rng, 12) == 0)
			m = seeds[rng_below(&rng, ns)];
		else
			step(&sp, &rng, &m);
		MdfPointResult rw, rc;
		mdf_point_eval(warm, &m, &rw);
		MdfPoint *cold = mdf_point_new(l, hw, NULL);
		CU_ASSERT_FATAL(cold != NULL);
		mdf_point_eval(cold, &m, &rc);
		mdf_point_free(cold);
		/* a point's lean figures are those of the full evaluation */
		MdfLayerCost full;
		bool full_ok = mdf_point_cost(warm, &m, &full);
		bool valid = rw.status == MDF_POINT_OK || rw.status == MDF_POINT_INFEASIBLE || rw.status == MDF_POINT_BOUND;
		if (full_ok != (rw.status == MDF_POINT_OK)
		    || (valid && (!full.ok || full.runtime != rw.runtime || full.macs != rw.macs || full.energy_nj != rw.energy_nj
				  || full.l1_size_req != rw.l1_req || full.l2_size_req != rw.l2_req)))
			st->lean_differ++;
		st->points++;
		st->ok += rw.status == MDF_POINT_OK || rw.status == MDF_POINT_INFEASIBLE;
		st->invalid += rw.status == MDF_POINT_INVALID;
		st->other += rw.status != MDF_POINT_OK && rw.status != MDF_POINT_INFEASIBLE
			     && rw.status != MDF_POINT_INVALID;
		if (!same_result(&rw, &rc)) {
			if (st->differ++ < 5) {
				MdfBuf b = {0};
				mdf_mapping_print(&m, "  ", &b);
				printf("\n  layer %s: warm status %d code %d runtime %lld, cold status %d code %d runtime %lld\n%s",
				       l->name ? l->name : "?", rw.status, rw.code, (long long)rw.runtime, rc.status,
				       rc.code, (long long)rc.runtime, b.data ? b.data : "");
				buf_free(&b);
			}
		}
	}
	free(seeds);
	mdf_point_free(warm);
}

static void
test_warm_equals_cold(void)
{
	static const char *nets[] = {"resnet50", "mobilenetv2", "alexnet", "bert_base_encoder"};
	Stats st = {0};
	for (size_t n = 0; n < sizeof nets / sizeof nets[0]; n++) {
		char path[512];
		snprintf(path, sizeof path, MDFC_SOURCE_DIR "/stdlib/networks/%s.mdf", nets[n]);
		MdfOptions mo;
		memset(&mo, 0, sizeof mo);
		mo.stdlib_dir = MDFC_SOURCE_DIR "/stdlib";
		MdfCtx *ctx = mdf_ctx_new(&mo);
		CU_ASSERT_FATAL(ctx != NULL);
		uint32_t f = mdf_ctx_read_file(ctx, path, path, span_none());
		IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
		IrHw hw;
		ir_hw_defaults(&hw);
		CU_ASSERT_FATAL(m != NULL && mdf_passes(ctx, m, &hw));
		/* the first SHAPES layers of distinct shapes, and the last layer */
		const IrLayer *done[SHAPES + 1];
		uint32_t nd = 0;
		for (uint32_t i = 0; i < m->networks[0].nlayers && nd < SHAPES; i++) {
			const IrLayer *l = &m->networks[0].layers[i];
			bool seen = l->type == LT_POOL;
			for (uint32_t s = 0; s < nd && !seen; s++)
				seen = done[s]->type == l->type && memcmp(done[s]->dim, l->dim, sizeof l->dim) == 0
				       && memcmp(done[s]->stride, l->stride, sizeof l->stride) == 0;
			if (!seen)
				done[nd++] = l;
		}
		done[nd++] = &m->networks[0].layers[m->networks[0].nlayers - 1];
		for (uint32_t s = 0; s < nd; s++)
			walk_layer(&mo, done[s], &hw, 1000 * n + s + 1, &st);
		mdf_ctx_free(ctx);
	}
	printf("\n  point: %u points (%u valid, %u invalid, %u other), %u differ from a cold point, "
	       "%u from the full figures\n", st.points, st.ok, st.invalid, st.other, st.differ, st.lean_differ);
	CU_ASSERT_EQUAL(st.differ, 0);
	CU_ASSERT_EQUAL(st.lean_differ, 0);
	CU_ASSERT(st.points > 2000);
	CU_ASSERT(st.invalid > 200);    /* the walks do reach rejected mappings */
	CU_ASSERT(st.ok > 200);
}

/* The stdlib's ResNet-50 (*m), compiled for the edge accelerator (hw). */
static MdfCtx *
load_resnet50(MdfOptions *mo, IrHw *hw, IrModule **m)
{
	memset(mo, 0, sizeof *mo);
	mo->stdlib_dir = MDFC_SOURCE_DIR "/stdlib";
	MdfCtx *ctx = mdf_ctx_new(mo);
	CU_ASSERT_FATAL(ctx != NULL);
	const char *path = MDFC_SOURCE_DIR "/stdlib/networks/resnet50.mdf";
	uint32_t f = mdf_ctx_read_file(ctx, path, path, span_none());
	*m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
	ir_hw_defaults(hw);
	CU_ASSERT_FATAL(*m != NULL && mdf_passes(ctx, *m, hw));
	return ctx;
}

/* Normalization's plans (src/passes/normalize.c) fall back to the full
   pass when a value overflows: a warm point, whose plan for the structure
   is recorded, meets sizes and offsets near 2^63 on the window dimensions
   (a converted Y' size, a stride-adjusted Y size overflow) and must give
   a cold point's verdict. */
static void
test_plan_overflow(void)
{
	MdfOptions mo;
	IrHw hw;
	IrModule *m;
	MdfCtx *ctx = load_resnet50(&mo, &hw, &m);
	MdfMapping *seeds = calloc(SEEDS, sizeof *seeds);
	CU_ASSERT_FATAL(seeds != NULL);
	uint32_t points = 0, overflow = 0, differ = 0;
	/* conv1 (stride 2, 7x7) and the first 3x3 layer */
	for (uint32_t i = 0; i < m->networks[0].nlayers && i < 8; i++) {
		const IrLayer *l = &m->networks[0].layers[i];
		if (l->type != LT_CONV)
			continue;
		MdfPoint *warm = mdf_point_new(l, &hw, NULL);
		CU_ASSERT_FATAL(warm != NULL);
		uint32_t ns = search_family_seeds(&mo, l, seeds, SEEDS);
		for (uint32_t k = 0; k < ns; k++)
			for (uint32_t li = 0; li < seeds[k].nlevels; li++)
				for (uint32_t j = 0; j < seeds[k].lv[li].ndirs; j++) {
					Dim d = (Dim)seeds[k].lv[li].dirs[j].dim;
					if (d != DIM_Y && d != DIM_X && d != DIM_YP && d != DIM_XP)
						continue;
					for (int64_t e = 0; e < 4; e++) {
						MdfMapping q = seeds[k];
						MdfPointResult rw, rc;
						mdf_point_eval(warm, &q, &rw);     /* the plan */
						if (e < 3)
							q.lv[li].dirs[j].size = INT64_MAX - e;
						else
							q.lv[li].dirs[j].offset = INT64_MAX;
						mdf_point_eval(warm, &q, &rw);
						MdfPoint *cold = mdf_point_new(l, &hw, NULL);
						CU_ASSERT_FATAL(cold != NULL);
						mdf_point_eval(cold, &q, &rc);
						mdf_point_free(cold);
						points++;
						overflow += rw.status == MDF_POINT_INVALID && rw.code == DIAG_E0517;
						differ += !same_result(&rw, &rc);
					}
				}
		mdf_point_free(warm);
	}
	free(seeds);
	mdf_ctx_free(ctx);
	printf("\n  plan overflow: %u points, %u overflow in normalization, %u differ\n", points, overflow, differ);
	CU_ASSERT_EQUAL(differ, 0);
	CU_ASSERT(overflow > 0);
}

static MdfMapDir
dir(DirKind k, Dim d, int64_t size, int64_t offset)
{
	return (MdfMapDir){.kind = (uint8_t)k, .dim = (uint8_t)d, .size = size, .offset = offset};
}

/* A plan keeps the level check's verdict only once it passed: a structure
   the check rejects (validate_levels.c) is rejected at every point, with
   its code, however often it comes back with other sizes. */
static void
test_plan_levels(void)
{
	MdfOptions mo;
	IrHw hw;
	IrModule *m;
	MdfCtx *ctx = load_resnet50(&mo, &hw, &m);
	const IrLayer *l = &m->networks[0].layers[0];
	CU_ASSERT_FATAL(l->type == LT_CONV);
	MdfPoint *p = mdf_point_new(l, &hw, NULL);
	CU_ASSERT_FATAL(p != NULL);
	/* K and C both spatial (E0508), K twice (E0506), nothing spatial (E0507) */
	static const DiagCode want[3] = {DIAG_E0508, DIAG_E0506, DIAG_E0507};
	uint32_t wrong = 0;
	for (int64_t size = 1; size <= 4; size++)
		for (int k = 0; k < 3; k++) {
			MdfMapping q = {0};
			q.nlevels = 1;
			MdfMapLevel *L = &q.lv[0];
			L->dirs[L->ndirs++] = dir(k == 2 ? DIR_TEMPORAL : DIR_SPATIAL, DIM_K, size, size);
			L->dirs[L->ndirs++] = dir(k == 0 ? DIR_SPATIAL : DIR_TEMPORAL, k == 1 ? DIM_K : DIM_C, 1, 1);
			L->dirs[L->ndirs++] = dir(DIR_TEMPORAL, DIM_R, 7, 7);
			L->dirs[L->ndirs++] = dir(DIR_TEMPORAL, DIM_S, 7, 7);
			L->dirs[L->ndirs++] = dir(DIR_TEMPORAL, DIM_Y, 7 + size, 2);
			L->dirs[L->ndirs++] = dir(DIR_TEMPORAL, DIM_X, 7, 2);
			MdfPointResult r;
			mdf_point_eval(p, &q, &r);
			wrong += r.status != MDF_POINT_INVALID || r.code != want[k];
		}
	mdf_point_free(p);
	mdf_ctx_free(ctx);
	CU_ASSERT_EQUAL(wrong, 0);
}

CU_TestInfo TESTS[] = {
	{"a point rejects a bad level structure every time", test_plan_levels},
	{"a warm point agrees with a cold one on random walks", test_warm_equals_cold},
	{"normalization's plans fall back on overflow", test_plan_overflow},
	CU_TEST_INFO_NULL,
};
