/*
** bench_api.c: layer evaluations per second through the cost model's C API.
**
**   bench_api [MAPPING.m] [--seconds S | --rounds N] [--only noc|pes]
**
** Parses and normalizes the mapping once (default: MAESTRO's
** Resnet50_kcp_ws.m from the reference folder), builds one evaluator per
** layer, then evaluates every layer under a sweep of NoC bandwidths (a new
** IrHw each time, as a design-space sweep would) until S seconds (default
** 1) have passed.  Prints evaluations/second on one core and the arena bytes
** used per evaluation (expected: 0); then the same under a sweep of PE
** counts, where every evaluation rebuilds the layer's case tables.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"

#ifndef MDFC_REFERENCE_DIR
#define MDFC_REFERENCE_DIR "../shared/reference"
#endif

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	const char *map = MDFC_REFERENCE_DIR "/maestro/mapping/Resnet50_kcp_ws.m";
	const char *hwfile = NULL;
	double seconds = 1.0;
	long rounds = 0;        /* --rounds N: fixed work, for instruction counts */
	const char *only = "";
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
			rounds = atol(argv[++i]);
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];      /* "noc" or "pes" */
		else if (npos++ == 0)
			map = argv[i];
		else
			hwfile = argv[i];
	}
	(void)hwfile;
	MdfCtx *ctx = mdf_ctx_new(NULL);
	if (!ctx)
		return 2;
	uint32_t f = mdf_ctx_read_file(ctx, map, map, span_none());
	IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
	IrHw hw;
	ir_hw_defaults(&hw);
	hw.num_pes = 256;
	hw.l1_size = 100;
	hw.l2_size = 3000;
	hw.noc_bw = 1000;
	hw.noc_latency = 1;
	hw.offchip_bw = 50;
	if (!m || !mdf_passes(ctx, m, &hw)) {
		fprintf(stderr, "bench_api: cannot compile %s (%zu errors)\n", map, ctx->diags.nerrors);
		return 1;
	}
	MdfCostOpts o = {0};
	size_t nl = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		nl += m->networks[n].nlayers;
	MdfCostEval **ev = calloc(nl, sizeof *ev);
	size_t k = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		for (uint32_t i = 0; i < m->networks[n].nlayers; i++)
			ev[k++] = mdf_cost_eval_new(ctx, &m->networks[n].layers[i], &o);
	MdfLayerCost c;
	/* warm up, and check every layer evaluates */
	size_t okc = 0;
	for (size_t i = 0; i < nl; i++)
		okc += ev[i] && mdf_cost_eval(ev[i], &hw, &c, NULL);
	size_t used0 = arena_used(ctx->arena);
	long long evals = 0;
	int64_t checksum = 0;
	double t0 = now(), t1 = t0;
	static const int64_t bws[] = {16, 64, 256, 1000, 4096};
	for (long r = 0; strcmp(only, "pes") && (rounds ? r < rounds : t1 - t0 < seconds); r++) {
		for (int b = 0; b < 5; b++) {
			IrHw h = hw;
			h.noc_bw = bws[b];
			for (size_t i = 0; i < nl; i++) {
				if (ev[i] && mdf_cost_eval(ev[i], &h, &c, NULL))
					checksum += c.runtime;
				evals++;
			}
		}
		t1 = now();
	}
	size_t used1 = arena_used(ctx->arena);
	printf("NoC-bandwidth sweep: layers %zu (evaluated %zu), evaluations %lld in %.3f s: "
	       "%.0f evaluations/s/core, %.3f us each, arena growth %zu bytes (checksum %lld)\n",
	       nl, okc, evals, t1 - t0, evals / (t1 - t0), 1e6 * (t1 - t0) / evals,
	       used1 - used0, (long long)checksum);

	/* Cold path: a new PE count every time rebuilds the case tables. */
	static const int64_t pes[] = {128, 168, 192, 256};
	evals = 0;
	t0 = now();
	t1 = t0;
	for (long r = 0; strcmp(only, "noc") && (rounds ? r < rounds : t1 - t0 < seconds); r++) {
		for (int p = 0; p < 4; p++) {
			IrHw h = hw;
			h.num_pes = pes[p];
			for (size_t i = 0; i < nl; i++) {
				if (ev[i] && mdf_cost_eval(ev[i], &h, &c, NULL))
					checksum += c.runtime;
				evals++;
			}
		}
		t1 = now();
	}
	printf("PE-count sweep (tables rebuilt each time): evaluations %lld in %.3f s: "
	       "%.0f evaluations/s/core, %.3f us each, arena growth %zu bytes\n",
	       evals, t1 - t0, evals / (t1 - t0), 1e6 * (t1 - t0) / evals,
	       arena_used(ctx->arena) - used1);
	free(ev);
	mdf_ctx_free(ctx);
	return 0;
}
