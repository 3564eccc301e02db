/*
** test_breakdown.c: the runtime breakdown, the bound, the bandwidth needs
** and the energy split (docs/cost-model.md §3.1-3.2), on layers small
** enough to compute by hand (the arithmetic is written out with each).
**
** Layer A, an FC-like CONV (K 4, C 16, R S Y X 1) on 4 PEs, mapped
** SpatialMap(1,1) K; TemporalMap(4,4) C: each PE owns one K, C advances
** in 4 steps.  Cases: all-Init (once) and C Steady (3 times).
**   compute tau = 4 partial sums (one output x 4 C) per step, SIMD 1;
**   ingress per step: input C tile 4 (multicast: once) + weights 4 PEs x
**   4 = 16 -> 20 elements; egress: 1 output per PE -> 4;
**   NoC delay of x elements: latency 1 + ceil(x / B) - 1 = ceil(x / B);
**   all-Init case: tau + ingress delay; Steady: max(ingress, tau, egress);
**   L2 tiles (double-buffered): input 2x4 + weight 2x16 = 40, output 2x4
**   = 8, so each step takes at least floor(floor(40 / offchip) / 2).
** Layer E, K 4, C 1, X 16 (R S Y 1) on 4 PEs, SpatialMap(1,1) K;
** TemporalMap(4,4) X: tau 4 (4 outputs x C 1); ingress all-Init 4 input +
** 4 weights = 8, Steady 4 (weights stay); egress 4 outputs x 4 PEs = 16.
*/
#include <string.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"
#include "unit.h"

const char *SUITE = "breakdown";

static const char layer_a[] =
	"Network n { Layer a { Type: CONV\n"
	"Dimensions { K: 4, C: 16, R: 1, S: 1, Y: 1, X: 1 }\n"
	"Dataflow { SpatialMap(1,1) K; TemporalMap(4,4) C; } } }\n";
static const char layer_e[] =
	"Network n { Layer e { Type: CONV\n"
	"Dimensions { K: 4, C: 1, R: 1, S: 1, Y: 1, X: 16 }\n"
	"Dataflow { SpatialMap(1,1) K; TemporalMap(4,4) X; } } }\n";

static void
eval(const char *src, int64_t noc_bw, int64_t offchip_bw, MdfLayerCost *c)
{
	MdfCtx *ctx = unit_ctx();
	uint32_t f = mdf_ctx_add_source(ctx, "b.mdf", NULL, src, strlen(src));
	IrModule *m = mdf_front(ctx, f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	IrHw hw;
	ir_hw_defaults(&hw);
	hw.num_pes = 4;
	hw.noc_bw = noc_bw;
	hw.noc_latency = 1;
	hw.offchip_bw = offchip_bw;
	CU_ASSERT_FATAL(mdf_passes(ctx, m, &hw));
	MdfCostOpts o = {.breakdown = true};
	CU_ASSERT_FATAL(mdf_cost_layer(ctx, &m->networks[0].layers[0], &hw, &o, c));
	CU_ASSERT_FATAL(c->has_breakdown);
	int64_t sum = 0;
	for (int j = 0; j < COST__NTIME; j++)
		sum += c->time[j];
	CU_ASSERT_EQUAL(sum, c->runtime);
	c->name = NULL;         /* the context goes */
	c->levels = NULL;
	c->nlevels = 0;
	mdf_ctx_free(ctx);
}

static void
check_bound(const MdfLayerCost *c, const char *want)
{
	char text[160];
	mdf_cost_bound_text(c, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, want);
}

/* A, NoC 64, off-chip 50: all-Init 4 + ceil(20/64) = 5, Steady max(1, 4,
   1) = 4, three times: 17 = compute 4 + 12, ingress 1.  Off-chip floor
   floor(floor(40/50)/2) = 0. */
static void
test_compute_bound(void)
{
	MdfLayerCost c;
	eval(layer_a, 64, 50, &c);
	CU_ASSERT_EQUAL(c.runtime, 17);
	CU_ASSERT_EQUAL(c.time[COST_T_COMPUTE], 16);
	CU_ASSERT_EQUAL(c.time[COST_T_INGRESS], 1);
	CU_ASSERT_EQUAL(c.time[COST_T_EGRESS], 0);
	CU_ASSERT_EQUAL(c.time[COST_T_OFFCHIP], 0);
	CU_ASSERT_EQUAL(c.bound, COST_T_COMPUTE);
	/* Steady: C advanced, every unit keeps its output (fix 11): no egress. */
	check_bound(&c, "compute-bound: 4 cycles per step (NoC ingress 1, egress 0)");
	/* NoC need: at B = 20 all-Init is 4 + 1, Steady 4: 17, as unlimited;
	   at B = 19 all-Init is 4 + 2: 18.  So 20. */
	CU_ASSERT_EQUAL(c.noc_bw_need, 20);
	/* Off-chip need: the least NoC-side case delay (unlimited NoC) is 4
	   (Steady); floor(floor(40/b)/2) <= 4 needs floor(40/b) <= 9, b >= 5
	   (b = 4: floor(10/2) = 5). */
	CU_ASSERT_EQUAL(c.offchip_bw_need, 5);
	CU_ASSERT(!c.over_noc_bw);
	CU_ASSERT(!c.over_offchip_bw);
	/* Energy: 64 MACs (4 PEs x 4 x 4 steps) at 0.00023 nJ; the weights'
	   NoC energy: 64 elements delivered x 2 MAC energies. */
	CU_ASSERT_EQUAL(c.macs, 64);
	CU_ASSERT_DOUBLE_EQUAL(c.energy_mac, 64 * 0.00023, 1e-12);
	CU_ASSERT_EQUAL(c.t[COST_WEIGHT].l2_read, 64);
	CU_ASSERT_DOUBLE_EQUAL(c.energy_split[COST_E_NOC][COST_WEIGHT], 64 * 2 * 0.00023, 1e-12);
	/* Input off chip: the 16-element tensor loaded once, 200 MAC energies
	   each; output: its 4 elements written back. */
	CU_ASSERT_DOUBLE_EQUAL(c.energy_split[COST_E_OFFCHIP][COST_INPUT], 16 * 200 * 0.00023, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(c.energy_split[COST_E_OFFCHIP][COST_OUTPUT], 4 * 200 * 0.00023, 1e-12);
	double sum = c.energy_mac;
	for (int l = 0; l < COST__NELEVELS; l++)
		for (int t = 0; t < COST__NTENSORS; t++)
			sum += c.energy_split[l][t];
	CU_ASSERT_DOUBLE_EQUAL(c.energy_total, sum, 1e-12);
}

/* A, NoC 2: all-Init 4 + ceil(20/2) = 14, Steady max(ceil(4/2), 4, 10) =
   10, three times: 44 = compute 4 + 12, ingress 10 + 3 x 6 = 28. */
static void
test_ingress_bound(void)
{
	MdfLayerCost c;
	eval(layer_a, 2, 50, &c);
	CU_ASSERT_EQUAL(c.runtime, 44);
	CU_ASSERT_EQUAL(c.time[COST_T_COMPUTE], 16);
	CU_ASSERT_EQUAL(c.time[COST_T_INGRESS], 28);
	CU_ASSERT_EQUAL(c.time[COST_T_EGRESS], 0);
	CU_ASSERT_EQUAL(c.bound, COST_T_INGRESS);
	check_bound(&c, "NoC ingress-bound: 10 cycles per step, compute 4");
	/* The need does not move with the bandwidth given. */
	CU_ASSERT_EQUAL(c.noc_bw_need, 20);
	CU_ASSERT(c.over_noc_bw);
}

/* E, NoC 1: all-Init 4 + ceil(8/1) = 12, Steady max(16, 4, 4) = 16, three
   times: 60 = compute 4 + 12, ingress 8, egress 3 x 12 = 36.  Need:
   Steady is 4 (compute) once ceil(16/B) <= 4, B >= 4; all-Init is 4 + 1
   once its 8 elements take one send, B >= 8 (B = 7: 4 + 2). */
static void
test_egress_bound(void)
{
	MdfLayerCost c;
	eval(layer_e, 1, 50, &c);
	CU_ASSERT_EQUAL(c.runtime, 60);
	CU_ASSERT_EQUAL(c.time[COST_T_COMPUTE], 16);
	CU_ASSERT_EQUAL(c.time[COST_T_INGRESS], 8);
	CU_ASSERT_EQUAL(c.time[COST_T_EGRESS], 36);
	CU_ASSERT_EQUAL(c.bound, COST_T_EGRESS);
	check_bound(&c, "NoC egress-bound: 16 cycles per step, compute 4");
	CU_ASSERT_EQUAL(c.noc_bw_need, 8);
}

/* A, NoC 64, off-chip 1: every step at least floor(40/1)/2 = 20: all-Init
   max(20, 5), Steady max(20, 4): 80 = compute 16, ingress 1, off-chip
   15 + 3 x 16 = 63. */
static void
test_offchip_bound(void)
{
	MdfLayerCost c;
	eval(layer_a, 64, 1, &c);
	CU_ASSERT_EQUAL(c.runtime, 80);
	CU_ASSERT_EQUAL(c.time[COST_T_COMPUTE], 16);
	CU_ASSERT_EQUAL(c.time[COST_T_INGRESS], 1);
	CU_ASSERT_EQUAL(c.time[COST_T_OFFCHIP], 63);
	CU_ASSERT_EQUAL(c.bound, COST_T_OFFCHIP);
	check_bound(&c, "off-chip-bound: 20 cycles per step, compute 4");
	CU_ASSERT_EQUAL(c.offchip_bw_need, 5);
	CU_ASSERT(c.over_offchip_bw);
}

CU_TestInfo TESTS[] = {
	{"compute-bound layer", test_compute_bound},
	{"NoC ingress-bound layer", test_ingress_bound},
	{"NoC egress-bound layer", test_egress_bound},
	{"off-chip-bound layer", test_offchip_bound},
	CU_TEST_INFO_NULL,
};
