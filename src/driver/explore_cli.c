/*
** explore_cli.c: the driver's side of --sweep, --dse and --merge
** (docs/explore.md): runs the exploration or the merge, says on standard
** error how many points failed (and, on a terminal, how fast it went).
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mdfc/explore.h"
#include "mdfc/render.h"
#include "backends.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* Errors in the axes are usage errors; others are in the input. */
static int
failure_status(const MdfCtx *ctx)
{
	for (size_t i = 0; i < ctx->diags.n; i++) {
		DiagCode c = ctx->diags.items[i].code;
		if (c == DIAG_E0999)
			return EXIT_INTERNAL;
		if (c == DIAG_E1401 || c == DIAG_E1402 || c == DIAG_E1403)
			return EXIT_USAGE;
	}
	return EXIT_INPUT;
}

int
backend_explore(MdfCtx *ctx, uint32_t file, const IrHw *over, const DriverOpts *o, MdfBuf *out)
{
	MdfExploreOpts eo;
	memset(&eo, 0, sizeof eo);
	eo.axes = o->sweeps;
	eo.naxes = (size_t)o->nsweeps;
	eo.per_layer = o->per_layer;
	eo.emit_json = o->emit == EMIT_JSON;
	eo.threads = o->threads;
	eo.shard_k = o->shard_k;
	eo.shard_n = o->shard_n;
	eo.accel = o->accel;
	eo.dse = o->dse;
	eo.objective = (MdfDseObjective)o->dse_objective;
	eo.area_budget = o->area_budget;
	eo.power_budget = o->power_budget;
	eo.front_only = o->front_only;
	eo.cost.compat_maestro = o->compat_maestro;
	eo.search = o->search;
	if (o->search) {
		/* the search's objective for the DSE's: a design's area is fixed,
		   so perf-per-area and throughput both want the least runtime */
		static const MdfObjective for_dse[] = {MDF_OBJ_RUNTIME, MDF_OBJ_ENERGY, MDF_OBJ_EDP, MDF_OBJ_RUNTIME};
		eo.search_opts.objective = o->dse ? for_dse[o->dse_objective]
				      : o->objective <= 2 ? (MdfObjective)o->objective : MDF_OBJ_RUNTIME;
		eo.search_opts.budget = o->budget > 0 ? o->budget : MDF_CODESIGN_BUDGET;
		eo.search_opts.seed = o->seed;
		eo.search_opts.threads = 1;
		eo.search_opts.cost = eo.cost;
	}
	MdfExploreResult r;
	if (!mdf_explore(ctx, file, over, &eo, out, &r))
		return failure_status(ctx);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "mdfc: sweep: %llu points in %.3f s on %d thread%s (%.0f points/s)\n",
			(unsigned long long)r.evaluated, r.seconds, o->threads, o->threads == 1 ? "" : "s",
			r.seconds > 0 ? (double)r.evaluated / r.seconds : 0.0);
	if (r.failed) {
		fprintf(stderr, "mdfc: %llu of %llu points failed: their rows carry the error code and message\n",
			(unsigned long long)r.failed, (unsigned long long)r.evaluated);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

int
backend_merge(const DriverOpts *o, MdfBuf *out)
{
	MdfOptions mo;
	memset(&mo, 0, sizeof mo);
	mo.limits.max_file_bytes = (size_t)1 << 40;     /* shards of a large sweep are large */
	MdfCtx *ctx = mdf_ctx_new(&mo);
	uint32_t *files = ctx ? arena_array(ctx->arena, (size_t)o->ninputs + 1, sizeof *files) : NULL;
	if (!files) {
		mdf_ctx_free(ctx);
		fprintf(stderr, "mdfc: error: out of memory\n");
		return EXIT_INTERNAL;
	}
	int status = EXIT_OK;
	for (int i = 0; i < o->ninputs; i++) {
		files[i] = mdf_ctx_read_file(ctx, o->inputs[i], o->inputs[i], span_none());
		if (files[i] == SPAN_NOFILE)
			status = EXIT_USAGE;
	}
	uint64_t failed = 0;
	if (status == EXIT_OK) {
		if (!mdf_explore_merge(ctx, files, (size_t)o->ninputs, out, &failed))
			status = mdf_ctx_failed(ctx) ? EXIT_INPUT : EXIT_INTERNAL;
		else if (failed) {
			fprintf(stderr, "mdfc: %llu rows failed: they carry the error code and message\n",
				(unsigned long long)failed);
			status = EXIT_INPUT;
		}
	}
	MdfBuf d = {0};
	mdf_render_text(ctx, &d, false);
	fputs(d.data ? d.data : "", stderr);
	buf_free(&d);
	if (status != EXIT_OK && !(status == EXIT_INPUT && failed))
		buf_reset(out);
	mdf_ctx_free(ctx);
	return status;
}
