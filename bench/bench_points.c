/*
** bench_points.c: mapping points per second through the in-process point
** API (include/mdfc/search.h), and the memory they use.
**
**   bench_points [FILE.mdf] [--points N]
**
** Compiles FILE (default: the stdlib's ResNet-50 on the stdlib's edge
** accelerator), takes every distinct layer shape and the mappings the
** search starts from on it (every stdlib dataflow at its default and over
** a grid of its parameters: valid, invalid and over-buffer points, as a
** search meets them), then evaluates those points round-robin, N in all
** (default 100,000), through one MdfPoint per shape.  Prints points/s on
** one core, how many were valid, and the point arenas' bytes and the
** process's peak resident size after the first round and at the end
** (flat memory: equal).  bench/bench_points.sh runs it under callgrind
** with two values of N for the instructions per point.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "mdfc/mdfc.h"
#include "mdfc/search.h"
#include "search/search_int.h"

#ifndef MDFC_SOURCE_DIR
#define MDFC_SOURCE_DIR "."
#endif

enum { MAXSHAPES = 256, MAXSEEDS = 400 };

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long
peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int
main(int argc, char **argv)
{
	const char *file = MDFC_SOURCE_DIR "/stdlib/networks/resnet50.mdf";
	long long npoints = 100000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--points") == 0 && i + 1 < argc)
			npoints = atoll(argv[++i]);
		else
			file = argv[i];
	}
	MdfOptions mo;
	memset(&mo, 0, sizeof mo);
	mo.stdlib_dir = MDFC_SOURCE_DIR "/stdlib";
	MdfCtx *ctx = mdf_ctx_new(&mo);
	uint32_t f = ctx ? mdf_ctx_read_file(ctx, file, file, span_none()) : SPAN_NOFILE;
	IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
	IrHw hw;
	ir_hw_defaults(&hw);    /* the stdlib's edge accelerator */
	if (!m || !mdf_passes(ctx, m, &hw)) {
		fprintf(stderr, "bench_points: cannot compile %s\n", file);
		return 1;
	}
	static const IrLayer *shape[MAXSHAPES];
	static MdfPoint *pt[MAXSHAPES];
	static MdfMapping *maps[MAXSHAPES];
	static uint32_t nmaps[MAXSHAPES];
	uint32_t ns = 0;
	long long total_maps = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		for (uint32_t i = 0; i < m->networks[n].nlayers && ns < MAXSHAPES; i++) {
			const IrLayer *l = &m->networks[n].layers[i];
			bool seen = false;
			for (uint32_t s = 0; s < ns && !seen; s++)
				seen = shape[s]->type == l->type && memcmp(shape[s]->dim, l->dim, sizeof l->dim) == 0 &&
				       memcmp(shape[s]->stride, l->stride, sizeof l->stride) == 0;
			if (seen || !(pt[ns] = mdf_point_new(l, &hw, NULL)))
				continue;
			maps[ns] = calloc(MAXSEEDS, sizeof *maps[ns]);
			if (!maps[ns])
				return 2;
			nmaps[ns] = search_family_seeds(&mo, l, maps[ns], MAXSEEDS);
			total_maps += nmaps[ns];
			shape[ns++] = l;
		}
	if (!total_maps) {
		fprintf(stderr, "bench_points: no mapping points\n");
		return 1;
	}
	/* one warm-up round over every point, then the measured points */
	MdfPointResult r;
	long long valid = 0, infeasible = 0, done = 0;
	for (uint32_t s = 0; s < ns; s++)
		for (uint32_t k = 0; k < nmaps[s]; k++)
			mdf_point_eval(pt[s], &maps[s][k], &r);
	size_t arena0 = 0;
	for (uint32_t s = 0; s < ns; s++)
		arena0 += mdf_point_arena_used(pt[s]);
	long rss0 = peak_kb();
	double t0 = now();
	uint32_t s = 0, k = 0;
	while (done < npoints) {
		if (k >= nmaps[s]) {
			k = 0;
			s = (s + 1) % ns;
			continue;
		}
		mdf_point_eval(pt[s], &maps[s][k++], &r);
		valid += r.status == MDF_POINT_OK || r.status == MDF_POINT_INFEASIBLE;
		infeasible += r.status == MDF_POINT_INFEASIBLE;
		done++;
	}
	double t1 = now();
	size_t arena1 = 0;
	for (uint32_t i = 0; i < ns; i++)
		arena1 += mdf_point_arena_used(pt[i]);
	printf("%s: %u layer shapes, %lld distinct mapping points\n", file, ns, total_maps);
	printf("points %lld (valid %lld, of which over the buffers %lld) in %.3f s: %.0f points/s/core\n",
	       done, valid, infeasible, t1 - t0, done / (t1 - t0));
	printf("point arenas: %zu bytes after warm-up, %zu at the end; peak RSS %ld KB after warm-up, %ld KB at the end\n",
	       arena0, arena1, rss0, peak_kb());
	for (uint32_t i = 0; i < ns; i++) {
		mdf_point_free(pt[i]);
		free(maps[i]);
	}
	mdf_ctx_free(ctx);
	return 0;
}
