/*
** fuzz_front.c: libFuzzer target over the whole front half and the cost
** model: bytes -> parse -> elaborate -> normalize/validate -> evaluate.
** Any crash, hang, leak or sanitizer report is a bug; diagnostics are fine.
*/
#include <stddef.h>
#include <stdint.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"

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
			}
			mdf_emit_ir(m, &b);
			buf_free(&b);
		}
	}
	mdf_ctx_free(ctx);
	return 0;
}
