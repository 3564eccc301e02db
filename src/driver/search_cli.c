/*
** search_cli.c: the driver's side of `mdfc --search` (docs/search.md):
** runs the search, renders its report and the winners' .mdf file (which
** main.c writes to -o like any output: whole or not at all), and prints
** progress and timing on standard error when it is a terminal.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "mdfc/html.h"
#include "mdfc/search.h"
#include "backends.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static void
progress(void *arg, uint32_t done, uint32_t total)
{
	(void)arg;
	fprintf(stderr, "\rmdfc: search: %u of %u layer shapes done", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int
backend_search(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out,
	       MdfBuf *mdf)
{
	MdfSearchOpts so;
	memset(&so, 0, sizeof so);
	so.objective = (MdfObjective)o->objective;
	so.budget = o->budget;
	so.time_limit = o->time_limit;
	so.seed = o->seed;
	so.threads = o->threads;
	so.cost.compat_maestro = o->compat_maestro;
	if (isatty(STDERR_FILENO))
		so.progress = progress;
	MdfModuleSearch s;
	bool ok = mdf_search_module(ctx, m, hw, &so, &s);
	if (!s.networks)
		return EXIT_INTERNAL;
	switch (o->emit) {
	case EMIT_CSV: mdf_search_report_csv(&s, &so, out); break;
	case EMIT_JSON: mdf_search_report_json(&s, hw, &so, out); break;
	case EMIT_HTML: {
		/* the report of the mappings as given, with the Pareto fronts */
		MdfCostOpts co = so.cost;
		co.breakdown = !co.compat_maestro;
		MdfModuleCost mc;
		mdf_cost_module(ctx, m, hw, &co, &mc);
		mdf_report_html(m, &mc, hw, &co, &s, out);
		break;
	}
	default: mdf_search_report_table(&s, &so, out); break;
	}
	int64_t points = 0;
	for (uint32_t n = 0; n < s.nnetworks; n++)
		for (uint32_t i = 0; i < s.networks[n].nlayers; i++)
			if (!s.networks[n].layers[i].shared)
				points += s.networks[n].layers[i].evaluated;
	/* timing only on a terminal: redirected output stays byte-identical */
	if (so.progress)
		fprintf(stderr, "mdfc: search: %lld mapping points in %.2f s on %d thread%s (%.0f points/s)%s\n",
		(long long)points, s.seconds, o->threads, o->threads == 1 ? "" : "s",
		s.seconds > 0 ? (double)points / s.seconds : 0.0,
		s.timed_out ? "; the time limit stopped it" : "");
	if (!ok)
		return EXIT_INTERNAL;
	if (o->output)
		mdf_search_write_mdf(&s, hw, mdf);
	return EXIT_OK;
}
