/*
** test_sweep_fig.c: mdf_cost_eval_fig (src/cost/sweep_fig.c), the sweep's
** replay of a row's figures, against a fresh evaluation of every point
** (mdf_cost_layer).  The replay keeps per PE count the figures that do not
** depend on the NoC, SIMD or off-chip parameters and recomputes only the
** runtime; any point it is not sure of goes to the whole evaluation.  So
** for every point of the grid, in both modes and on ResNet-50's layers
** under all eight stdlib CONV dataflows, the two must agree exactly: the
** same success, the same runtime, MACs, energy (bit for bit), buffer needs
** and fit, and on failure the same error code.  The grid revisits PE
** counts (the kept programs, and their eviction with room for two), covers
** latencies beyond the bound under which the replay skips its overflow
** checks, a latency at which the counts overflow (E0602), latency 0 (in
** compat mode a transfer of nothing then costs -1 cycle: the replay must
** leave it to the whole evaluation) and bandwidths of 1.
*/
#include <stdio.h>
#include <string.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"
#include "unit.h"

const char *SUITE = "sweep_fig";

#define INPUT MDFC_SOURCE_DIR "/stdlib/networks/resnet50.mdf"

static const int64_t pes[] = {256, 64, 256, 1024, 168, 16, 64, 1024};
static const int64_t bws[] = {1, 3, 64, 1000};
static const int64_t lats[] = {0, 1, 7, 70000, (int64_t)1 << 62};
static const int64_t simds[] = {1, 3};
static const int64_t offs[] = {1, 50};

#define N(a) (sizeof(a) / sizeof(a)[0])

static DiagCode
last_error(const MdfCtx *ctx, size_t from)
{
	DiagCode c = DIAG__COUNT;
	for (size_t i = from; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].sev == SEV_ERROR)
			c = ctx->diags.items[i].code;
	return c;
}

/* Every point of the grid for one layer; counts the points and the ones
   that failed (both ways). */
static void
sweep_layer(MdfCtx *ctx, const IrLayer *l, const IrHw *hw0, bool compat, uint32_t keep, long *points,
	    long *failed, long *mismatch)
{
	MdfCostOpts o = {.compat_maestro = compat};
	MdfCostEval *ev = mdf_cost_eval_new(ctx, l, &o);
	CU_ASSERT_FATAL(ev != NULL);
	if (keep)
		mdf_cost_eval_keep(ev, keep);
	for (size_t a = 0; a < N(pes); a++)
		for (size_t b = 0; b < N(bws); b++)
			for (size_t c = 0; c < N(lats); c++)
				for (size_t d = 0; d < N(simds); d++)
					for (size_t e = 0; e < N(offs); e++) {
						IrHw h = *hw0;
						h.num_pes = pes[a];
						h.noc_bw = bws[b];
						h.noc_latency = lats[c];
						h.simd_lanes = simds[d];
						h.offchip_bw = offs[e];
						h.l1_size = 100 + 10 * (int64_t)e;
						h.l2_size = 5000 * (int64_t)(d + 1);
						MdfCostFig f;
						MdfLayerCost w;
						/* each call's diagnostics forgotten after
						   it (a repeat would be folded) */
						DiagMark dm = diag_mark(&ctx->diags);
						bool okf = mdf_cost_eval_fig(ev, &h, &f);
						DiagCode cf = last_error(ctx, dm.n);
						diag_rollback(&ctx->diags, dm);
						ArenaMark mk = arena_mark(ctx->arena);
						bool okw = mdf_cost_layer(ctx, l, &h, &o, &w) && w.ok;
						arena_release(ctx->arena, mk);
						DiagCode cw = last_error(ctx, dm.n);
						diag_rollback(&ctx->diags, dm);
						(*points)++;
						*failed += !okw;
						bool same = okf == okw;
						if (same && okw)
							same = f.runtime == w.runtime && f.macs == w.macs
							       && f.energy_nj == w.energy_nj && f.l1_size_req == w.l1_size_req
							       && f.l2_size_req == w.l2_size_req && f.over_l1 == w.over_l1
							       && f.over_l2 == w.over_l2;
						else if (same)
							same = cf == cw && cf != DIAG__COUNT;
						if (!same && (*mismatch)++ < 5)
							printf("\n  %s %s: pes %lld bw %lld lat %lld simd %lld off %lld: "
							       "replay %d %lld %d, evaluation %d %lld %d", l->name,
							       compat ? "compat" : "default", (long long)h.num_pes,
							       (long long)h.noc_bw, (long long)h.noc_latency,
							       (long long)h.simd_lanes, (long long)h.offchip_bw, okf,
							       (long long)f.runtime, (int)cf, okw, (long long)w.runtime, (int)cw);
					}
}

static void
test_replay_equals_evaluation(void)
{
	long points = 0, failed = 0, mismatch = 0;
	for (int df = 1; df <= 8; df++) {
		char dfv[8];
		snprintf(dfv, sizeof dfv, "%d", df);
		const MdfDefine defs[] = {{"DATAFLOW", dfv}, {"SCALE_DIV", "4"}};
		MdfOptions mo;
		memset(&mo, 0, sizeof mo);
		mo.stdlib_dir = MDFC_SOURCE_DIR "/stdlib";
		mo.defines = defs;
		mo.ndefines = 2;
		MdfCtx *ctx = mdf_ctx_new(&mo);
		CU_ASSERT_FATAL(ctx != NULL);
		uint32_t file = mdf_ctx_read_file(ctx, INPUT, INPUT, span_none());
		IrModule *m = file == SPAN_NOFILE ? NULL : mdf_front(ctx, file);
		CU_ASSERT_FATAL(m && m->nnetworks == 1);
		IrHw hw;
		ir_hw_defaults(&hw);
		hw.num_pes = 1024;
		mdf_passes(ctx, m, &hw);
		const IrNetwork *net = &m->networks[0];
		/* every 9th layer (6 of 54: the stages' shapes), both modes */
		for (uint32_t i = 0; i < net->nlayers; i += 9) {
			const IrLayer *l = &net->layers[i];
			if (!l->valid)
				continue;
			for (int compat = 0; compat < 2; compat++)
				sweep_layer(ctx, l, &hw, compat, (i / 9) % 2 ? 2 : 0, &points, &failed, &mismatch);
		}
		mdf_ctx_free(ctx);
	}
	printf("\n  %ld points, %ld of them failing in both, %ld mismatches ", points, failed, mismatch);
	CU_ASSERT_EQUAL(mismatch, 0);
	CU_ASSERT(points > 10000);
	/* the overflowing latency, at least, fails */
	CU_ASSERT(failed > 0);
}

CU_TestInfo TESTS[] = {
	{"replay equals a fresh evaluation", test_replay_equals_evaluation},
	CU_TEST_INFO_NULL,
};
