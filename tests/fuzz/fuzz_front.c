/*
** fuzz_front.c: libFuzzer target over the whole front half and the cost
** model: bytes -> parse -> elaborate -> normalize/validate -> evaluate.
** Any crash, hang, leak or sanitizer report is a bug; diagnostics are fine.
** Also differential: a sweep evaluator taken over PE counts it has not met
** (the top level's recombination) must give exactly the figures of a fresh
** mdf_cost_layer for every count; a difference aborts.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"

static int
same_cost(const MdfLayerCost *a, const MdfLayerCost *b)
{
	if (a->ok != b->ok)
		return 0;
	if (!a->ok)
		return 1;
	int same = a->runtime == b->runtime && a->macs == b->macs && a->energy_nj == b->energy_nj &&
		   a->avg_utilized_pes == b->avg_utilized_pes && a->l1_size_req == b->l1_size_req &&
		   a->l2_size_req == b->l2_size_req && a->noc_bw_peak == b->noc_bw_peak &&
		   a->noc_bw_avg == b->noc_bw_avg && a->offchip_bw == b->offchip_bw &&
		   a->ingress_max == b->ingress_max && a->egress_max == b->egress_max &&
		   a->compute_max == b->compute_max && a->ingress_avg == b->ingress_avg &&
		   a->egress_avg == b->egress_avg && a->compute_avg == b->compute_avg &&
		   a->ingress_min == b->ingress_min && a->egress_min == b->egress_min &&
		   a->compute_min == b->compute_min;
	for (int t = 0; t < COST__NTENSORS && same; t++)
		same = a->t[t].l1_read == b->t[t].l1_read && a->t[t].l1_write == b->t[t].l1_write &&
		       a->t[t].l2_read == b->t[t].l2_read && a->t[t].l2_write == b->t[t].l2_write &&
		       a->t[t].l1_size == b->t[t].l1_size && a->t[t].l2_size == b->t[t].l2_size;
	return same;
}

/* The first few valid layers through one evaluator each, over PE counts
   that change every round (and come back once). */
static void
sweep_check(MdfCtx *ctx, const IrModule *m, const IrHw *base, const MdfCostOpts *co)
{
	static const int64_t pes[] = {256, 1, 7, 64, 3, 1000, 37, 256, 12, 130};
	int checked = 0;
	for (uint32_t n = 0; n < m->nnetworks && checked < 3; n++)
		for (uint32_t i = 0; i < m->networks[n].nlayers && checked < 3; i++) {
			const IrLayer *l = &m->networks[n].layers[i];
			if (!l->valid)
				continue;
			checked++;
			MdfCostEval *ev = mdf_cost_eval_new(ctx, l, co);
			if (!ev)
				continue;
			for (size_t k = 0; k < sizeof pes / sizeof pes[0]; k++) {
				IrHw hw = *base;
				hw.num_pes = pes[k];
				MdfLayerCost a, b;
				mdf_cost_eval(ev, &hw, &a, NULL);
				mdf_cost_layer(ctx, l, &hw, co, &b);
				if (!same_cost(&a, &b))
					abort();
			}
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MdfOptions o = {0};
	o.limits.max_expansion = 100000;    /* keep each run fast */
	MdfCtx *ctx = mdf_ctx_new(&o);
	if (!ctx)
		return 0;
	uint32_t f = mdf_ctx_add_source(ctx, "fuzz.mdf", NULL, (const char *)data, size);
	IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
	if (m) {
		IrHw hw;
		ir_hw_defaults(&hw);
		if (m->naccels)
			hw = m->accels[0];
		if (hw.num_pes < 1 || hw.num_pes > 65536)
			hw.num_pes = 256;
		if (mdf_passes(ctx, m, &hw)) {
			MdfCostOpts co = {0};
			MdfModuleCost mc;
			MdfBuf b = {0};
			for (int compat = 0; compat < 2; compat++) {
				co.compat_maestro = compat;
				mdf_cost_module(ctx, m, &hw, &co, &mc);
				mdf_report_csv(&mc, &hw, &co, &b);
				mdf_report_json(&mc, &hw, &co, &b);
				sweep_check(ctx, m, &hw, &co);
			}
			mdf_emit_ir(m, &b);
			buf_free(&b);
		}
	}
	mdf_ctx_free(ctx);
	return 0;
}
