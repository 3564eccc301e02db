/*
** bench_api.c: layer evaluations per second through the cost model's C API.
**
**   bench_api [MAPPING.m] [--seconds S | --rounds N] [--only SWEEP] [--compat]
**
** Parses and normalizes the mapping once (default: MAESTRO's
** Resnet50_kcp_ws.m from the reference folder, with accelerator_1's
** figures), builds one evaluator per layer, then for each sweep evaluates
** every layer under each of the sweep's values (a new IrHw each time, as a
** design-space sweep would), round after round, until S seconds (default 1)
** have passed or N rounds are done.  One warm-up round precedes each sweep.
** Prints, per sweep, evaluations/second on one core and the arena bytes
** used during the measured rounds (expected: 0).  --compat evaluates in
** MAESTRO's accounting (--compat=maestro).
**
** Sweeps: noc, latency, offchip, l1, l2, simd (one hardware field each),
** pes (PE counts 128, 168, 192, 256 revisited every round: a PE sweep
** inside another sweep) and pes-new (a PE count never seen before at every
** round: 64 x k for k = 1 .. 1000 in turn, more unit counts than an
** evaluator keeps tables for, so every evaluation recombines its top
** level; the first rounds also meet SpatialMap states not met before).
**
** bench/bench_cost.sh runs this under callgrind with two round counts and
** reports instructions per evaluation from the difference.
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

enum { F_NOC, F_LAT, F_OFFCHIP, F_L1, F_L2, F_SIMD, F_PES, F_PESNEW };

typedef struct Sweep {
	const char *name, *what;
	int field;
	int64_t v[5];
	int nv;
} Sweep;

static const Sweep sweeps[] = {
	{"noc", "NoC bandwidth 16..4096", F_NOC, {16, 64, 256, 1000, 4096}, 5},
	{"latency", "NoC latency 0..8", F_LAT, {0, 1, 2, 4, 8}, 5},
	{"offchip", "off-chip bandwidth 10..1000", F_OFFCHIP, {10, 25, 50, 100, 1000}, 5},
	{"l1", "L1 size 50..1000", F_L1, {50, 100, 200, 500, 1000}, 5},
	{"l2", "L2 size 1000..100000", F_L2, {1000, 3000, 10000, 30000, 100000}, 5},
	{"simd", "SIMD lanes 1..8", F_SIMD, {1, 2, 4, 8}, 4},
	{"pes", "PE count 128/168/192/256, revisited", F_PES, {128, 168, 192, 256}, 4},
	{"pes-new", "PE count new every round (64k, k = 1..1000)", F_PESNEW, {0}, 1},
};

static void
set_field(IrHw *h, int field, int64_t v, long round)
{
	switch (field) {
	case F_NOC: h->noc_bw = v; break;
	case F_LAT: h->noc_latency = v; break;
	case F_OFFCHIP: h->offchip_bw = v; break;
	case F_L1: h->l1_size = v; break;
	case F_L2: h->l2_size = v; break;
	case F_SIMD: h->simd_lanes = v; break;
	case F_PES: h->num_pes = v; break;
	default: h->num_pes = 64 * (1 + round % 1000); break;
	}
}

int
main(int argc, char **argv)
{
	const char *map = MDFC_REFERENCE_DIR "/maestro/mapping/Resnet50_kcp_ws.m";
	double seconds = 1.0;
	long rounds = 0;        /* --rounds N: fixed work, for instruction counts */
	const char *only = NULL;
	MdfCostOpts o = {0};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
			rounds = atol(argv[++i]);
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--compat") == 0)
			o.compat_maestro = true;
		else
			map = argv[i];
	}
	MdfCtx *ctx = mdf_ctx_new(NULL);
	if (!ctx)
		return 2;
	uint32_t f = mdf_ctx_read_file(ctx, map, map, span_none());
	IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
	IrHw hw;
	ir_hw_defaults(&hw);
	hw.num_pes = 256;       /* accelerator_1.m */
	hw.l1_size = 100;
	hw.l2_size = 3000;
	hw.noc_bw = 1000;
	hw.noc_latency = 1;
	hw.offchip_bw = 50;
	if (!m || !mdf_passes(ctx, m, &hw)) {
		fprintf(stderr, "bench_api: cannot compile %s (%zu errors)\n", map, ctx->diags.nerrors);
		return 1;
	}
	size_t nl = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		nl += m->networks[n].nlayers;
	MdfCostEval **ev = calloc(nl ? nl : 1, sizeof *ev);
	if (!ev)
		return 2;
	size_t k = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		for (uint32_t i = 0; i < m->networks[n].nlayers; i++)
			ev[k++] = mdf_cost_eval_new(ctx, &m->networks[n].layers[i], &o);
	MdfLayerCost c;
	size_t okc = 0;
	for (size_t i = 0; i < nl; i++)
		okc += ev[i] && mdf_cost_eval(ev[i], &hw, &c, NULL);
	printf("%s: %zu layers, %zu evaluated\n", map, nl, okc);
	int found = 0;
	for (size_t s = 0; s < sizeof sweeps / sizeof sweeps[0]; s++) {
		const Sweep *sw = &sweeps[s];
		if (only && strcmp(only, sw->name) != 0)
			continue;
		found = 1;
		long long evals = 0;
		int64_t checksum = 0;
		size_t used0 = 0;
		double t0 = 0, t1 = 0;
		/* round -1 warms up (tables for the sweep's values) */
		for (long r = -1; r < 0 || (rounds ? r < rounds : t1 - t0 < seconds); r++) {
			if (r == 0) {
				used0 = arena_used(ctx->arena);
				t0 = t1 = now();
			}
			for (int v = 0; v < sw->nv; v++) {
				IrHw h = hw;
				set_field(&h, sw->field, sw->v[v], r + 1);
				for (size_t i = 0; i < nl; i++) {
					if (ev[i] && mdf_cost_eval(ev[i], &h, &c, NULL))
						checksum += c.runtime;
					if (r >= 0)
						evals++;
				}
			}
			if (r >= 0)
				t1 = now();
		}
		printf("sweep %-8s %-44s evaluations %9lld in %.3f s: %9.0f evaluations/s/core, "
		       "%.3f us each, arena growth %zu bytes (checksum %lld)\n",
		       sw->name, sw->what, evals, t1 - t0, evals / (t1 - t0), 1e6 * (t1 - t0) / evals,
		       arena_used(ctx->arena) - used0, (long long)checksum);
	}
	free(ev);
	mdf_ctx_free(ctx);
	if (!found) {
		fprintf(stderr, "bench_api: no sweep named %s\n", only);
		return 2;
	}
	return 0;
}
