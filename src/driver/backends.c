/*
** backends.c: the driver's glue to the cost model and the loop-nest backend.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mdfc/cgen.h"
#include "mdfc/cost.h"
#include "mdfc/html.h"
#include "backends.h"

bool
backend_cost(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out)
{
	MdfCostOpts co = {0};
	co.compat_maestro = o->compat_maestro;
	/* default mode explains its figures (docs/cost-model.md §3.1-3.2);
	   compat mode prints what MAESTRO prints */
	co.breakdown = !o->compat_maestro;
	MdfModuleCost mc;
	bool ok = mdf_cost_module(ctx, m, hw, &co, &mc);
	switch (o->emit) {
	case EMIT_CSV: mdf_report_csv(&mc, hw, &co, out); break;
	case EMIT_JSON: mdf_report_json(&mc, hw, &co, out); break;
	case EMIT_HTML: mdf_report_html(m, &mc, hw, &co, NULL, out); break;
	default: mdf_report_table(&mc, hw, &co, out); break;
	}
	return ok;
}

bool
backend_c(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out)
{
	MdfCgenOpts co = {0};
	co.max_macs = o->crosscheck_max_macs;
	return mdf_emit_c(ctx, m, hw, &co, out);
}

bool
backend_loops(MdfCtx *ctx, const IrModule *m, const IrHw *hw, MdfBuf *out)
{
	return mdf_emit_loops(ctx, m, hw, out);
}

/* A long cross-check's progress (docs/cli.md): its estimate, each layer. */
static void
progress(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "mdfc: %s\n", msg);
	fflush(stderr);
}

int
backend_crosscheck(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out,
		   volatile sig_atomic_t *cancel)
{
	MdfCrosscheckOpts co = {0};
	co.max_macs = o->crosscheck_max_macs_set ? o->crosscheck_max_macs : DRIVER_CROSSCHECK_MAX_MACS;
	/* on a terminal (or with MDFC_PROGRESS=1): redirected output stays
	   byte-identical, as --search's */
	const char *force = getenv("MDFC_PROGRESS");
	if (isatty(STDERR_FILENO) || (force && strcmp(force, "1") == 0))
		co.progress = progress;
	co.compat_maestro = o->compat_maestro;
	co.cc_timeout = co.run_timeout = o->crosscheck_timeout;
	co.cancel = cancel;
	return mdf_crosscheck(ctx, m, hw, &co, out) ? 0 : 1;
}
