/*
** backends.c: the driver's glue to the cost model and the loop-nest backend.
*/
#include "mdfc/cost.h"
#include "backends.h"

bool
backend_cost(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out)
{
	MdfCostOpts co = {0};
	co.compat_maestro = o->compat_maestro;
	MdfModuleCost mc;
	bool ok = mdf_cost_module(ctx, m, hw, &co, &mc);
	switch (o->emit) {
	case EMIT_CSV: mdf_report_csv(&mc, hw, &co, out); break;
	case EMIT_JSON: mdf_report_json(&mc, hw, &co, out); break;
	default: mdf_report_table(&mc, hw, &co, out); break;
	}
	return ok;
}

bool
backend_c(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out)
{
	(void)m; (void)hw; (void)o; (void)out;
	diag_emit(ctx, DIAG_E0999, span_none(), "--emit=c is not wired yet");
	return false;
}

int
backend_crosscheck(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out)
{
	(void)m; (void)hw; (void)o; (void)out;
	diag_emit(ctx, DIAG_E0999, span_none(), "--crosscheck is not wired yet");
	return 3;
}
