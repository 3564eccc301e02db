/*
** test_cgen.c: the loop-nest backend.  Sanitizer and string escaping,
** the emitted text (loops, comments, injection safety), and programs that
** are compiled with `cc -std=c11 -Wall -Wextra -Wpedantic -Werror`, run,
** and checked for function and counts on hand-built normalized layers.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mdfc/cgen.h"
#include "mdfc/mdfc.h"
#include "cgen/cgen_int.h"
#include "unit.h"

const char *SUITE = "cgen";

/* ---- Building normalized layers by hand. ---- */

/* Directives in a compact form: "S1,1K T3,1Y T3,3R" (S = SpatialMap,
   T = TemporalMap, size,offset, then the dimension). */
static void
add_level(MdfCtx *ctx, IrLayer *l, int64_t cluster, const char *spec)
{
	IrLevel *lv;
	char buf[512], *save = NULL;
	l->levels = arena_grow(ctx->arena, l->levels, l->nlevels, l->nlevels + 1, sizeof *l->levels);
	lv = &l->levels[l->nlevels++];
	lv->cluster_size = cluster;
	lv->cluster_type = cluster ? 'P' : 0;
	lv->span = span_none();
	lv->dirs = arena_array(ctx->arena, 16, sizeof *lv->dirs);
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		IrDirective *d = &lv->dirs[lv->ndirs++];
		long long sz, of;
		char dim[4] = {0};
		CU_ASSERT_FATAL(sscanf(tok + 1, "%lld,%lld%3s", &sz, &of, dim) == 3);
		d->kind = tok[0] == 'S' ? DIR_SPATIAL : DIR_TEMPORAL;
		CU_ASSERT_FATAL(ir_dim_lookup(dim, &d->dim));
		d->size = d->src_size = sz;
		d->offset = d->src_offset = of;
		d->src_dim = d->dim;
		d->origin = ORIG_SOURCE;
		d->span = span_none();
	}
}

static IrLayer *
new_layer(MdfCtx *ctx, LayerType t, const char *name, const char *dims)
{
	IrLayer *l = arena_alloc(ctx->arena, sizeof *l);
	char buf[256], *save = NULL;
	l->name = arena_strdup(ctx->arena, name);
	l->type = t;
	l->span = l->name_span = l->type_span = l->dims_span = l->dataflow_span = span_none();
	for (int d = 0; d < DIM__COUNT; d++) {
		l->stride[d] = 1;
		l->dim_span[d] = l->stride_span[d] = span_none();
	}
	snprintf(buf, sizeof buf, "%s", dims);
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		Dim d;
		CU_ASSERT_FATAL(eq != NULL);
		*eq = 0;
		CU_ASSERT_FATAL(ir_dim_lookup(tok, &d));
		l->dim[d] = atoll(eq + 1);
	}
	l->normalized = l->valid = true;
	return l;
}

static IrModule *
module_of(MdfCtx *ctx, IrLayer **layers, uint32_t n)
{
	IrModule *m = arena_alloc(ctx->arena, sizeof *m);
	IrNetwork *net = arena_alloc(ctx->arena, sizeof *net);
	net->name = "net";
	net->span = span_none();
	net->layers = arena_array(ctx->arena, n, sizeof *net->layers);
	for (uint32_t i = 0; i < n; i++)
		net->layers[i] = *layers[i];
	net->nlayers = n;
	m->networks = net;
	m->nnetworks = 1;
	return m;
}

/* ---- Compile and run an emitted program. ---- */

typedef struct Run {
	int status;             /* exit status of the program; -1: did not compile */
	char *out, *err, *cclog;
	JsonVal *json;
} Run;

static char *
read_all(const char *path)
{
	size_t n;
	char *s = unit_read_file(path, &n);
	return s ? s : calloc(1, 1);
}

static Run
compile_run_flags(MdfCtx *ctx, const MdfBuf *prog, const char *flags)
{
	Run r = {-1, NULL, NULL, NULL, NULL};
	char dir[] = "/tmp/mdfc-test-cgen-XXXXXX", cmd[2048], path[256];
	FILE *f;
	const char *cc = getenv("CC");
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/p.c", dir);
	f = fopen(path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	fwrite(prog->data, 1, prog->len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s -std=c11 %s -o %s/p %s/p.c 2>%s/cc.log",
		 cc && *cc ? cc : "cc", flags, dir, dir, dir);
	int rc = system(cmd);
	snprintf(path, sizeof path, "%s/cc.log", dir);
	r.cclog = read_all(path);
	if (rc == 0) {
		snprintf(cmd, sizeof cmd, "%s/p >%s/out.json 2>%s/err.txt", dir, dir, dir);
		rc = system(cmd);
		r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 99;
		snprintf(path, sizeof path, "%s/out.json", dir);
		r.out = read_all(path);
		snprintf(path, sizeof path, "%s/err.txt", dir);
		r.err = read_all(path);
		const char *why = NULL;
		r.json = cgen_json_parse(ctx->arena, r.out, strlen(r.out), &why);
	} else {
		printf("\ncompiler said:\n%s\n", r.cclog);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("cannot remove %s\n", dir);
	return r;
}

static Run
compile_run(MdfCtx *ctx, const MdfBuf *prog)
{
	return compile_run_flags(ctx, prog, "-Wall -Wextra -Wpedantic -Werror -O1");
}

static void
run_free(Run *r)
{
	free(r->out);
	free(r->err);
	free(r->cclog);
}

static Run
emit_run(MdfCtx *ctx, IrLayer **layers, uint32_t n, int64_t pes)
{
	IrHw hw;
	MdfBuf b = {0};
	ir_hw_defaults(&hw);
	hw.num_pes = pes;
	IrModule *m = module_of(ctx, layers, n);
	CU_ASSERT(mdf_emit_c(ctx, m, &hw, NULL, &b));
	Run r = compile_run(ctx, &b);
	buf_free(&b);
	return r;
}

static const JsonVal *
layer_rec(const Run *r, uint32_t i)
{
	const JsonVal *ls = cgen_json_get(r->json, "layers");
	return ls && ls->kind == JSON_ARR && i < ls->n ? &ls->items[i] : NULL;
}

static const JsonVal *
level_rec(const Run *r, uint32_t i, uint32_t lvl)
{
	const JsonVal *ls = cgen_json_get(layer_rec(r, i), "levels");
	return ls && ls->kind == JSON_ARR && lvl < ls->n ? &ls->items[lvl] : NULL;
}

static int64_t
lvl_get(const Run *r, uint32_t i, uint32_t lvl, const char *key, const char *sub)
{
	const JsonVal *v = level_rec(r, i, lvl);
	if (sub)
		v = cgen_json_get(v, key), key = sub;
	return cgen_json_int(v, key, -1);
}

static bool
layer_ok(const Run *r, uint32_t i)
{
	const JsonVal *v = cgen_json_get(layer_rec(r, i), "ok");
	return v && v->kind == JSON_BOOL && v->b;
}

/* ---- Tests. ---- */

static void
test_sanitize(void)
{
	char out[32];
	cgen_sanitize("layer_0_1_", "conv1", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "layer_0_1_conv1");
	cgen_sanitize("layer_0_1_", "a*/b\"c\\d\n?\?/e", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "layer_0_1_a_b_c_d_e");        /* runs of others: one '_' */
	cgen_sanitize("p_", "", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "p");
	cgen_sanitize("p_", "\xc3\xa9t\xc3\xa9", out, sizeof out);  /* UTF-8 bytes dropped */
	CU_ASSERT_STRING_EQUAL(out, "p_t");
	cgen_sanitize("9x", "y", out, sizeof out);                   /* never starts with a digit */
	CU_ASSERT_STRING_EQUAL(out, "x_y");
	cgen_sanitize("p_", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", out, 12);
	CU_ASSERT_EQUAL(strlen(out), 11);                            /* capped at cap - 1 */
	CU_ASSERT_STRING_EQUAL(out, "p_abcdefghi");
}

/* A name made to break out of comments, strings and trigraphs. */
static const char evil[] = "x*/ int evil; /*\"\\\n#define ?\?/ ?\?= '\x01\xff end";

static void
test_emitted_text(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, evil, "K=4 C=2 R=3 S=3 Y=5 X=5");
	add_level(ctx, l, 0, "S1,1K T2,2C T3,3R T3,3S T3,1Y T3,1X");
	add_level(ctx, l, 2, "S1,1C T3,1Y T3,1X T3,3R T3,3S");
	IrModule *m = module_of(ctx, &l, 1);
	m->networks[0].name = "net\"*/ name";
	IrHw hw;
	ir_hw_defaults(&hw);
	hw.num_pes = 8;
	MdfBuf b = {0};
	CU_ASSERT_FATAL(mdf_emit_c(ctx, m, &hw, NULL, &b));
	const char *s = b.data;
	/* one loop per directive, in order, with its comment */
	const char *t0 = strstr(s, "/* level 0, directive 1 of 6: SpatialMap(1,1) K; fold loop");
	const char *t1 = strstr(s, "/* level 0, directive 2 of 6: TemporalMap(2,2) C */");
	const char *t2 = strstr(s, "/* level 0, directive 6 of 6: TemporalMap(3,1) X */");
	const char *t3 = strstr(s, "/* level 1, directive 1 of 5: SpatialMap(1,1) C; fold loop");
	const char *t4 = strstr(s, "/* level 1, directive 5 of 5: TemporalMap(3,3) S */");
	CU_ASSERT(t0 && t1 && t2 && t3 && t4);
	CU_ASSERT(t0 < t1 && t1 < t2 && t2 < t3 && t3 < t4);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "for (int64_t p0 = 0; p0 < 4; p0++) { /* spatial: level 0's 4 units in parallel (SpatialMap K, directive 1) */"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "for (int64_t p1 = 0; p1 < 2; p1++) { /* spatial: level 1's 2 units in parallel (SpatialMap C, directive 1) */"));
	/* 8 PEs, Cluster(2): 4 top units of 2 */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "cg_levels(L, 2, (const int64_t[]){4, 2});"));
	/* the name only as an escaped literal; the function name sanitized */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "static const char L0_0_NAME[] = \"x*/ int evil; /*\\042\\134\\012#define \\077\\077/ \\077\\077= '\\001\\377 end\";"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "layer_0_0_x_int_evil_define_end(CgLayer *L"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "static const char N0_NAME[] = \"net\\042*/ name\";"));
	CU_ASSERT_PTR_NULL(strstr(s, "evil;\n"));
	CU_ASSERT_PTR_NULL(strstr(s, "?\?"));            /* no trigraph anywhere */
	/* it compiles cleanly and the "evil" names come back intact in the JSON */
	Run r = compile_run(ctx, &b);
	CU_ASSERT_EQUAL(r.status, 0);
	const JsonVal *name = cgen_json_get(layer_rec(&r, 0), "layer");
	CU_ASSERT(name && name->kind == JSON_STR && strcmp(name->s, evil) == 0);
	const JsonVal *net = cgen_json_get(layer_rec(&r, 0), "network");
	CU_ASSERT(net && net->kind == JSON_STR && strcmp(net->s, "net\"*/ name") == 0);
	run_free(&r);
	buf_free(&b);
	mdf_ctx_free(ctx);
}

/* A very long name: capped identifier, full literal. */
static void
test_long_name(void)
{
	MdfCtx *ctx = unit_ctx();
	char name[3000];
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = 0;
	IrLayer *l = new_layer(ctx, LT_GEMM, name, "M=2 N=2 K=2");
	add_level(ctx, l, 0, "S1,1M T2,2N T2,2K");
	IrLayer *l2 = new_layer(ctx, LT_GEMM, name, "M=2 N=2 K=2");   /* same name twice */
	add_level(ctx, l2, 0, "S1,1N T2,2M T2,2K");
	IrLayer *ls[2] = {l, l2};
	Run r = emit_run(ctx, ls, 2, 2);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(layer_ok(&r, 0) && layer_ok(&r, 1));
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* MAESTRO's worked example (docs/model-spec.md §6): 256 PEs, CONV K16 C8 R3
   S3 Y10 X10, SpatialMap(1,1) K; C(8,8); R(3,3); S(3,3); Y(3,1); X(3,1).
   MACs 16*8*9*8*8 = 73728; 64 steps; input delivered 1920 and weights 1152,
   both as MAESTRO's L2 reads (72 at start, 24 per X step, 72 when X wraps). */
static void
test_maestro_example(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "base", "K=16 C=8 R=3 S=3 Y=10 X=10");
	add_level(ctx, l, 0, "S1,1K T8,8C T3,3R T3,3S T3,1Y T3,1X");
	Run r = emit_run(ctx, &l, 1, 256);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "macs", -1), 73728);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "steps", NULL), 64);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "iterations", NULL), 64);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "delivered", "input"), 1920);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "delivered", "weight"), 1152);
	/* every unit computes one output pixel per step: 16 * 8 * 8 leave */
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "left", NULL), 1024);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "max_tile", "input"), 72);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "max_tile", "weight"), 72);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "max_tile", "output"), 1);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Multicast and stationarity by hand: K=4 over 2 PEs, everything else 1.
   Fold 0 and 1: the single input element goes to both units once (1),
   each weight once (4), each output leaves once (4). */
static void
test_multicast_counts(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "vec", "K=4 C=1 R=1 S=1 Y=1 X=1");
	add_level(ctx, l, 0, "S1,1K");
	Run r = emit_run(ctx, &l, 1, 2);
	CU_ASSERT(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "steps", NULL), 2);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "delivered", "input"), 1);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "delivered", "weight"), 4);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "left", NULL), 4);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "left_units", NULL), 4);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Spatial reduction: C=4 over 4 PEs, one output.  Four partial sums of the
   same element leave in the same step: reduced once (left 1, raw 4). */
static void
test_reduction_counts(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "red", "K=1 C=4 R=1 S=1 Y=1 X=1");
	add_level(ctx, l, 0, "S1,1C");
	Run r = emit_run(ctx, &l, 1, 4);
	CU_ASSERT(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "steps", NULL), 1);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "left", NULL), 1);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "left_units", NULL), 4);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "delivered", "input"), 4);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Two levels with tails everywhere: K=5 over 4 clusters (fold 2 has one
   busy cluster), C=3 tiled (2,2) then spread over 2 PEs (the second C tile
   has one channel: one PE idle), Y=7, X=6 sliding by 1.
   MACs = K*C*R*S*Y'*X' = 5*3*9*5*4 = 2700.  Top steps: K folds 2 * C tiles 2
   * Y positions 5 * X positions 4 = 80.  Level 1 under the first top step:
   C fold 1 (2 channels, 2 PEs) * Y 1 * X 1 = 1 iteration. */
static void
test_two_levels_tails(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "tails", "K=5 C=3 R=3 S=3 Y=7 X=6");
	add_level(ctx, l, 0, "S1,1K T2,2C T3,3R T3,3S T3,1Y T3,1X");
	add_level(ctx, l, 2, "S1,1C T3,1Y T3,1X T3,3R T3,3S");
	Run r = emit_run(ctx, &l, 1, 8);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "macs", -1), 2700);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "steps", NULL), 80);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "iterations", NULL), 1);
	/* level 1 steps: one per top step and busy cluster: 80 steps, 4 + 4 + ...
	   busy clusters: K fold 0 has 4, fold 1 has 1: (4 + 1) * 2 * 20 = 200 */
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "steps", NULL), 200);
	/* the first sub-tile: 2 channels * 9 taps * one output = 18 MACs per PE pair */
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "macs", NULL), 18);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Stride 2 with a tile wider than the filter: Y=11, R=3, stride 2, Y'=5.
   MAESTRO's adjustment of TemporalMap(7,?) Y: t = (7+2-3)/2 = 3 output rows
   per tile, size 3*2+1 = 7, offset 6: tiles [0,7) (y' 0..2) and [6,11)
   (y' 3,4).  Stride 3 in X with S=3, X=14, X'=4: TemporalMap(6,6) X, tiles
   [0,6) [6,12) [12,14): the last owns nothing (an empty step).  1x1 filter
   layer alongside.  MACs: 2*3*9*5*4 = 1080; 1x1: 3*2*5*7 = 210. */
static void
test_strides(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "s23", "K=2 C=3 R=3 S=3 Y=11 X=14");
	l->stride[DIM_Y] = 2;
	l->stride[DIM_X] = 3;
	add_level(ctx, l, 0, "S1,1K T3,3C T3,3R T3,3S T7,6Y T6,6X");
	add_level(ctx, l, 3, "S1,1C T3,3R T3,3S T3,2Y T3,3X");
	IrLayer *p = new_layer(ctx, LT_CONV, "pointwise", "K=3 C=2 R=1 S=1 Y=5 X=7");
	add_level(ctx, p, 0, "S2,2K T1,1C T1,1R T1,1S T2,2Y T3,3X");
	IrLayer *ls[2] = {l, p};
	Run r = emit_run(ctx, ls, 2, 6);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(layer_ok(&r, 0) && layer_ok(&r, 1));
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "macs", -1), 1080);
	/* top: K 1 fold (2 units) * Y 2 * X 3 = 6 steps */
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "steps", NULL), 6);
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 1), "macs", -1), 210);
	/* K=3 in chunks of 2 over 3 units: 1 fold; Y 3 tiles * X 3 tiles * C 2 = 18 */
	CU_ASSERT_EQUAL(lvl_get(&r, 1, 0, "steps", NULL), 18);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Depthwise, grouped, GEMM with sizes not dividing the PEs, FC, TRCONV. */
static void
test_layer_types(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *dw = new_layer(ctx, LT_DSCONV, "dw", "C=5 R=3 S=3 Y=6 X=7");
	dw->stride[DIM_Y] = 2;
	add_level(ctx, dw, 0, "S1,1C T3,3R T3,3S T3,2Y T3,1X");
	IrLayer *g = new_layer(ctx, LT_NGCONV, "grouped", "G=2 K=3 C=2 R=2 S=2 Y=4 X=3");
	add_level(ctx, g, 0, "S1,1G T2,2K T1,1C T2,2R T2,2S T2,1Y T2,1X");
	add_level(ctx, g, 2, "S1,1K T1,1C T2,2R T2,2S T2,1Y T2,1X");
	IrLayer *mm = new_layer(ctx, LT_GEMM, "gemm", "M=7 N=5 K=9");
	add_level(ctx, mm, 0, "S2,2M T3,3K T5,5N");
	add_level(ctx, mm, 3, "S1,1K T2,2M T5,5N");
	IrLayer *fc = new_layer(ctx, LT_FC, "fc", "K=10 C=7");
	add_level(ctx, fc, 0, "S3,3K T4,4C");
	/* TRCONV as normalization leaves it (docs/ir.md 2.0): real input 4 x 3,
	   upsampling 2, so the input dilated to 7 x 5, stride 1 */
	IrLayer *tr = new_layer(ctx, LT_TRCONV, "up", "K=2 C=3 R=2 S=3 Y=4 X=3");
	tr->dilation[DIM_Y] = tr->dilation[DIM_X] = 2;
	add_level(ctx, tr, 0, "S1,1K T3,3C T2,2R T3,3S T2,1Y T3,1X");
	tr->levels[0].dims[DIM_Y] = 7;
	tr->levels[0].dims[DIM_X] = 5;
	IrLayer *ls[5] = {dw, g, mm, fc, tr};
	Run r = emit_run(ctx, ls, 5, 6);
	CU_ASSERT_EQUAL(r.status, 0);
	for (uint32_t i = 0; i < 5; i++)
		CU_ASSERT(layer_ok(&r, i));
	/* DSCONV: C * R * S * Y' * X' = 5 * 9 * 2 * 5 (Y' = (6-3)/2+1 = 2, X' = 5) */
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "macs", -1), 450);
	/* NGCONV: G*K*C*R*S*Y'*X' = 2*3*2*4*3*2 */
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 1), "macs", -1), 288);
	/* GEMM: 7*5*9; top 6/3 = 2 units: M chunks 4 -> 2 folds, K 3 tiles: 6 steps */
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 2), "macs", -1), 315);
	CU_ASSERT_EQUAL(lvl_get(&r, 2, 0, "steps", NULL), 6);
	/* level 1 under the first sub-tile: K tile of 3 over 3 PEs: 1 fold, M 1, N 1 */
	CU_ASSERT_EQUAL(lvl_get(&r, 2, 1, "iterations", NULL), 1);
	/* FC: 10 * 7 */
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 3), "macs", -1), 70);
	/* TRCONV in gather form, zero products included: Y' = 7-2+1 = 6,
	   X' = 5-3+1 = 3, K*C*R*S*Y'*X' = 2*3*2*3*6*3; the output equals the
	   scatter-form reference (checked by the program: layer_ok) */
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 4), "macs", -1), 648);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* The paper's 1-D example with its two levels (the MAESTRO paper's Fig. 4(c)):
   X' = 12, S = 6, 3 PEs.  In input coordinates the top level holds
   TemporalMap(6,6) X' = X tiles of 6+6-1 = 11 rows, offset 6; each of the 3
   PEs SpatialMap(2,2) X' = 4 rows, offset 2, with 3 taps at a time.  A PE's
   chunk also fits windows of outputs its cluster does not own (x' = 6..8 in
   the first tile): the ownership rule holds at every level, so they are not
   computed twice.  MACs = 12 * 6 = 72; top steps: 2 X tiles * 1 S tile. */
static void
test_paper_two_levels(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "conv1d", "K=1 C=1 R=1 S=6 Y=1 X=17");
	add_level(ctx, l, 0, "S11,6X T6,6S");
	add_level(ctx, l, 3, "S4,2X T3,3S");
	Run r = emit_run(ctx, &l, 1, 3);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "macs", -1), 72);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "steps", NULL), 2);
	/* level 1 in the first X tile (rows 0-10, owned x' 0..5): chunks of 4
	   rows step 2: 5 chunks, 2 folds of 3 PEs, times 2 S tiles = 4 steps.
	   Fold 1 (rows 6-9, 8-10) with taps 0-2 holds windows of x' = 6..9
	   only, which the cluster does not own: a step without a MAC, so 3
	   iterations. */
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "steps_first", NULL), 4);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "iterations", NULL), 3);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "macs", NULL), 36);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Mappings that skip or repeat work must fail, naming the dimension. */
static void
test_detects_bad_mappings(void)
{
	MdfCtx *ctx = unit_ctx();
	/* offset 2 > size 1 on M: rows 1, 3, 5 never computed */
	IrLayer *gap = new_layer(ctx, LT_GEMM, "gap", "M=7 N=3 K=2");
	add_level(ctx, gap, 0, "S1,2M T3,3N T2,2K");
	Run r = emit_run(ctx, &gap, 1, 2);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_FALSE(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "missed", -1), 3 * 3 * 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "network 0, layer 0 \"gap\" (GEMM)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "dimension M: MACs missed at index 1 3 5\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "first MAC missed: M=1 N=0 K=0"));
	CU_ASSERT_PTR_NULL(strstr(r.err, "dimension N"));
	run_free(&r);

	/* overlapping K tiles (2,1): every K index but the first computed twice */
	IrLayer *rep = new_layer(ctx, LT_CONV, "overlap", "K=4 C=2 R=1 S=1 Y=2 X=2");
	add_level(ctx, rep, 0, "T2,1K S1,1C");
	r = emit_run(ctx, &rep, 1, 2);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "dimension K: MACs repeated at index 1 2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "first MAC repeated: N=0 K=1"));
	run_free(&r);

	/* sliding Y map stepping by 2 with R = 3 at stride 1: odd rows lost */
	IrLayer *sl = new_layer(ctx, LT_CONV, "slide", "K=1 C=1 R=3 S=1 Y=8 X=1");
	add_level(ctx, sl, 0, "S3,2Y T3,3R");
	r = emit_run(ctx, &sl, 1, 4);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "dimension Y': MACs missed at index 1 3 5\n"));
	run_free(&r);

	/* S = 2 < stride 3 with a top X map smaller than the window (not
	   stride-adjusted, so plain columns): columns 0, 2, 4, ... one at a
	   time, with one tap at a time; (x', s) needs column 3x'+s, so
	   (0,1) (1,0) (2,1) are lost: X = 10, X' = 3 */
	IrLayer *st = new_layer(ctx, LT_CONV, "stride3", "K=1 C=1 R=1 S=2 Y=1 X=10");
	st->stride[DIM_X] = 3;
	add_level(ctx, st, 0, "S1,1K T1,2X T1,1S");
	r = emit_run(ctx, &st, 1, 1);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "missed", -1), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "dimension S: MACs missed at index 0 1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "first MAC missed: N=0 K=0 Y'=0 X'=0 C=0 R=0 S=1\n"));
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* R < stride (docs/ir.md 2.4): the stride adjustment turns TemporalMap(5,5)
   X with S = 2, stride 3 into (4,6): t = (5+3-2)/3 = 2 outputs per tile,
   4 = 2*2 used columns, next tile 2*3 = 6 columns later.  The loop nest
   reads X in compressed columns (output j uses [2j, 2j+2)): X' = (14-2)/3+1
   = 5 outputs, 10 compressed columns, top tiles (4,4): [0,4) [4,8) [8,10)
   hold outputs 0-1, 2-3, 4: every MAC once, 3 steps.  Below the top the
   inherited (4,6) is re-adjusted to (2,2) in compressed columns (one output
   per tile, t = (4+3-2)/3 = 1): 2 steps in the first sub-tile.  MACs =
   K 2 * X' 5 * S 2 = 20. */
static void
test_compressed_rows(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *l = new_layer(ctx, LT_CONV, "s3", "K=2 C=1 R=1 S=2 Y=1 X=14");
	l->stride[DIM_X] = 3;
	add_level(ctx, l, 0, "S1,1K T4,6X T2,2S");
	add_level(ctx, l, 2, "T1,1K T4,6X T2,2S S1,1C");
	l->levels[1].dirs[1].size = 2;          /* re-adjusted below the top */
	l->levels[1].dirs[1].offset = 2;
	Run r = emit_run(ctx, &l, 1, 4);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(layer_ok(&r, 0));
	CU_ASSERT_EQUAL(cgen_json_int(layer_rec(&r, 0), "macs", -1), 20);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 0, "iterations", NULL), 3);
	CU_ASSERT_EQUAL(lvl_get(&r, 0, 1, "iterations", NULL), 2);
	/* the program says how it reads X */
	MdfBuf b = {0};
	IrModule *m = module_of(ctx, &l, 1);
	IrHw hw;
	ir_hw_defaults(&hw);
	hw.num_pes = 4;
	CU_ASSERT(mdf_emit_c(ctx, m, &hw, NULL, &b));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "const int64_t nXc = 10;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "cg_trips(nXc, 4, 4)"));
	buf_free(&b);
	run_free(&r);
	mdf_ctx_free(ctx);
}

/* Validation and the loop nest use one ownership rule (docs/ir.md section
   4, docs/loop-nest.md section 1): every mapping validation accepts must
   execute each MAC exactly once, and every mapping that executes each MAC
   exactly once must be accepted.  Random small CONV layers, 1 or 2 levels,
   strides 1-3 (R < stride included: compressed rows), Y/X maps with tails,
   gaps and overlaps, R/S tiles that partition the filter, the co-indexed
   sliding pair (Y with R, X with S) or a single SpatialMap per level.  The
   passes give the verdict; then every normalized layer is lowered (invalid
   ones too), all in one program, and the executed verdict (output right,
   each MAC once) must equal it, layer by layer. */
#define AGREE_LAYERS 320      /* one program: about 3 s to compile at -O0 */

typedef struct Rng { uint64_t s; } Rng;

static int64_t
rnd(Rng *g, int64_t n)
{
	g->s = g->s * 6364136223846793005ull + 1442695040888963407ull;
	return (int64_t)((g->s >> 33) % (uint64_t)n);
}

/* A map size and offset for a window dimension of extent n with window w
   and stride s: often one that hands over exactly, else anything. */
static void
rnd_window_map(Rng *g, int64_t n, int64_t w, int64_t s, int64_t *T, int64_t *O)
{
	*T = 1 + rnd(g, n + 1);
	switch (rnd(g, 4)) {
	case 0:
		*O = *T >= w ? ((*T - w) / s + 1) * s : 1;
		break;
	case 1:
		*O = *T >= w ? *T - w + 1 : *T;
		break;
	default:
		*O = 1 + rnd(g, *T + 2);
		break;
	}
}

static int
rnd_spec(Rng *g, char *out, size_t cap, int64_t ext[DIM__COUNT], int64_t sy, int64_t sx, int top)
{
	/* which dimension is spatial: K/C alone, Y alone, the Y/R pair, the X/S pair */
	int kind = (int)rnd(g, 5);
	size_t k = 0;
	const char *items[8];
	char buf[8][64];
	int n = 0;
	Dim one = top ? DIM_K : DIM_C;
	/* this level's R and S tiles: the whole filter, or (below the top
	   often, where sub-tiles then hold windows of the neighbouring
	   parent tile's outputs) a smaller partition; 0: inherited */
	int64_t tile[2];
	for (int i = 0; i < 2; i++) {
		int64_t f = ext[i ? DIM_S : DIM_R];
		if (!top && rnd(g, 3) == 0)
			tile[i] = 0;
		else
			tile[i] = rnd(g, top ? 3 : 2) == 0 ? f : 1 + rnd(g, f);
	}
	if (kind == 2)
		tile[0] = 1;
	if (kind == 3)
		tile[1] = 1;
	for (int d = 0; d < 6; d++) {
		static const Dim dims[6] = {DIM_K, DIM_C, DIM_R, DIM_S, DIM_Y, DIM_X};
		Dim dd = dims[d];
		switch (dd) {
		case DIM_K: case DIM_C: {
			if (kind == 0 && dd == one) {
				snprintf(buf[n], 64, "S1,1%s", ir_dim_name(dd));
				break;
			}
			if (!top && rnd(g, 2))
				continue;       /* inherited */
			int64_t T = 1 + rnd(g, ext[dd]);
			snprintf(buf[n], 64, "T%lld,%lld%s", (long long)T, (long long)T, ir_dim_name(dd));
			break;
		}
		case DIM_R: case DIM_S: {
			int64_t U = tile[dd == DIM_S];
			bool sp = (dd == DIM_R && kind == 2) || (dd == DIM_S && kind == 3);
			if (!U)
				continue;
			snprintf(buf[n], 64, "%c%lld,%lld%s", sp ? 'S' : 'T', (long long)U, (long long)U, ir_dim_name(dd));
			break;
		}
		default: {
			bool y = dd == DIM_Y;
			bool sp = (y && (kind == 1 || kind == 2)) || (!y && (kind == 3 || kind == 4));
			int64_t T, O, w = tile[!y] ? tile[!y] : ext[y ? DIM_R : DIM_S];
			if (!top && !sp && rnd(g, 3) == 0)
				continue;
			rnd_window_map(g, ext[dd], w, y ? sy : sx, &T, &O);
			if ((y && kind == 2) || (!y && kind == 3))
				T = 1 + rnd(g, 2), O = T;       /* the sliding pair idiom */
			snprintf(buf[n], 64, "%c%lld,%lld%s", sp ? 'S' : 'T', (long long)T, (long long)O,
				 ir_dim_name(dd));
			break;
		}
		}
		items[n] = buf[n];
		n++;
	}
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rnd(g, i + 1);
		const char *t = items[i];
		items[i] = items[j];
		items[j] = t;
	}
	out[0] = 0;
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? " " : "", items[i]);
	return kind;
}

static void
test_validation_agrees(void)
{
	MdfCtx *ctx = unit_ctx();
	Rng g = {20261128};
	IrLayer **ls = calloc(AGREE_LAYERS, sizeof *ls);
	char name[32], dims[128], spec[2][256];
	char (*descr)[1024] = calloc(AGREE_LAYERS, sizeof *descr);
	int ncomp = 0;
	CU_ASSERT_FATAL(ls != NULL && descr != NULL);
	for (int i = 0; i < AGREE_LAYERS; i++) {
		int64_t e[DIM__COUNT] = {0};
		e[DIM_K] = 1 + rnd(&g, 3);
		e[DIM_C] = 1 + rnd(&g, 2);
		e[DIM_R] = 1 + rnd(&g, 3);
		e[DIM_S] = 1 + rnd(&g, 3);
		int64_t sy = 1 + rnd(&g, 3), sx = 1 + rnd(&g, 3);
		e[DIM_Y] = e[DIM_R] + rnd(&g, 8);
		e[DIM_X] = e[DIM_S] + rnd(&g, 6);
		snprintf(name, sizeof name, "r%d", i);
		snprintf(dims, sizeof dims, "K=%lld C=%lld R=%lld S=%lld Y=%lld X=%lld", (long long)e[DIM_K],
			 (long long)e[DIM_C], (long long)e[DIM_R], (long long)e[DIM_S], (long long)e[DIM_Y],
			 (long long)e[DIM_X]);
		ls[i] = new_layer(ctx, LT_CONV, name, dims);
		ls[i]->normalized = ls[i]->valid = false;
		ls[i]->stride[DIM_Y] = sy;
		ls[i]->stride[DIM_X] = sx;
		rnd_spec(&g, spec[0], sizeof spec[0], e, sy, sx, 1);
		add_level(ctx, ls[i], 0, spec[0]);
		if (rnd(&g, 2)) {
			rnd_spec(&g, spec[1], sizeof spec[1], e, sy, sx, 0);
			add_level(ctx, ls[i], 2 + rnd(&g, 2), spec[1]);
		} else {
			spec[1][0] = 0;
		}
		ncomp += e[DIM_R] < sy || e[DIM_S] < sx;
		snprintf(descr[i], sizeof descr[i], "%s | %s | %s", dims, spec[0], spec[1]);
	}
	IrModule *m = module_of(ctx, ls, AGREE_LAYERS);
	IrLayer *L = m->networks[0].layers;
	IrHw hw;
	ir_hw_defaults(&hw);
	hw.num_pes = 12;
	mdf_passes(ctx, m, &hw);
	bool *valid = calloc(AGREE_LAYERS, sizeof *valid);
	CU_ASSERT_FATAL(valid != NULL);
	int nnorm = 0, nvalid = 0;
	for (int i = 0; i < AGREE_LAYERS; i++) {
		CU_ASSERT(L[i].normalized);
		valid[i] = L[i].valid;
		nvalid += valid[i];
		nnorm += L[i].normalized;
		L[i].valid = L[i].normalized;   /* lower the rejected ones too */
	}
	MdfBuf b = {0};
	CU_ASSERT(mdf_emit_c(ctx, m, &hw, NULL, &b));
	Run r = compile_run_flags(ctx, &b, "-O0 -w");
	buf_free(&b);
	CU_ASSERT_FATAL(r.json != NULL);
	int agree = 0, both_bad = 0;
	for (int i = 0; i < AGREE_LAYERS; i++) {
		bool ok = layer_ok(&r, (uint32_t)i);
		both_bad += !ok && !valid[i];
		if (ok == valid[i]) {
			agree++;
			continue;
		}
		CU_FAIL("validation and the loop nest disagree");
		printf("\n  disagree: layer %d (%s) stride Y%lld X%lld: validation %s, executed %s (missed %lld, repeated %lld)",
		       i, descr[i], (long long)L[i].stride[DIM_Y], (long long)L[i].stride[DIM_X],
		       valid[i] ? "accepts" : "rejects", ok ? "exactly once" : "not exactly once",
		       (long long)cgen_json_int(layer_rec(&r, (uint32_t)i), "missed", -1),
		       (long long)cgen_json_int(layer_rec(&r, (uint32_t)i), "repeated", -1));
	}
	printf("\n  %d random mappings: %d accepted and executed exactly once, %d rejected and not exactly once,"
	       " %d disagree; %d of them stride > R or S ", AGREE_LAYERS, agree - both_bad, both_bad,
	       AGREE_LAYERS - agree, ncomp);
	CU_ASSERT_EQUAL(nnorm, AGREE_LAYERS);
	CU_ASSERT_EQUAL(agree, AGREE_LAYERS);
	/* the sample exercises both verdicts */
	CU_ASSERT(nvalid > AGREE_LAYERS / 5 && AGREE_LAYERS - nvalid > AGREE_LAYERS / 5);
	run_free(&r);
	free(valid);
	free(descr);
	free(ls);
	mdf_ctx_free(ctx);
}

/* mdf_crosscheck through the library on a parsed, normalized input: it
   passes, reports, honours the MAC limit, and leaves no temporary files
   (keep_temp leaves them and says where). */
static void
test_crosscheck_api(void)
{
	static const char src[] =
		"Network n {\n"
		"  Layer a { Type: CONV Dimensions { K: 4, C: 2, R: 3, S: 3, Y: 5, X: 5 }\n"
		"    Dataflow { SpatialMap(1,1) K; TemporalMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X;\n"
		"               Cluster(2, P); SpatialMap(1,1) C; } }\n"
		"  Layer b { Type: GEMM Dimensions { M: 64, N: 64, K: 64 }\n"
		"    Dataflow { SpatialMap(1,1) M; TemporalMap(64,64) N; TemporalMap(64,64) K; } }\n"
		"}\n";
	char tmp[] = "/tmp/mdfc-test-xc-XXXXXX", cmd[256];
	MdfCtx *ctx = unit_ctx();
	IrHw hw;
	MdfBuf rep = {0};
	MdfCrosscheckOpts o = {0};
	uint32_t f = mdf_ctx_add_source(ctx, "t.mdf", NULL, src, sizeof src - 1);
	IrModule *m = mdf_front(ctx, f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	ir_hw_defaults(&hw);
	hw.num_pes = 8;
	CU_ASSERT_FATAL(mdf_passes(ctx, m, &hw));
	CU_ASSERT_FATAL(mkdtemp(tmp) != NULL);
	o.tmpdir = tmp;
	o.max_macs = 1000;      /* a: 4*2*9*3*3 = 648 MACs, b: 64^3 */
	CU_ASSERT(mdf_crosscheck(ctx, m, &hw, &o, &rep));
	CU_ASSERT_PTR_NOT_NULL(strstr(rep.data, "layer \"a\" of network \"n\" (CONV): output correct, every MAC exactly once"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rep.data, "layer \"b\" of network \"n\" (GEMM): SKIPPED, 262144 MACs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rep.data, "1 layer checked, 0 failed, 1 skipped"));
	CU_ASSERT(unit_has_code(ctx, DIAG_W0701));
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 0);
	snprintf(cmd, sizeof cmd, "rmdir %s", tmp);      /* fails unless empty */
	CU_ASSERT_EQUAL(system(cmd), 0);

	/* keep_temp: the folder stays and the report names it */
	CU_ASSERT_FATAL(mkdtemp(strcpy(tmp, "/tmp/mdfc-test-xc-XXXXXX")) != NULL);
	buf_reset(&rep);
	o.keep_temp = true;
	CU_ASSERT(mdf_crosscheck(ctx, m, &hw, &o, &rep));
	CU_ASSERT_PTR_NOT_NULL(strstr(rep.data, "temporary folder kept: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(rep.data, tmp));
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	CU_ASSERT_EQUAL(system(cmd), 0);
	buf_free(&rep);
	mdf_ctx_free(ctx);
}

static void
test_unsupported(void)
{
	MdfCtx *ctx = unit_ctx();
	IrLayer *dw = new_layer(ctx, LT_DSCONV, "dwk", "K=2 C=3 R=1 S=1 Y=2 X=2");
	add_level(ctx, dw, 0, "S1,1C");
	IrLayer *yp = new_layer(ctx, LT_CONV, "yprime", "K=2 C=3 R=1 S=1 Y=2 X=2");
	add_level(ctx, yp, 0, "S1,1K T1,1Y'");
	IrLayer *ls[2] = {dw, yp};
	IrModule *m = module_of(ctx, ls, 2);
	IrHw hw;
	ir_hw_defaults(&hw);
	MdfBuf b = {0};
	CU_ASSERT_FALSE(mdf_emit_c(ctx, m, &hw, NULL, &b));
	CU_ASSERT(unit_has_code(ctx, DIAG_E0701));
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "cannot be lowered (E0701)"));
	buf_free(&b);
	mdf_ctx_free(ctx);
}

static void
test_json_reader(void)
{
	Arena *a = arena_new();
	const char *err = NULL;
	const char *t = "{\"a\": [1, -2, {\"b\": \"x\\\"\\u0041\"}], \"t\": true, \"n\": null}";
	JsonVal *v = cgen_json_parse(a, t, strlen(t), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	const JsonVal *arr = cgen_json_get(v, "a");
	CU_ASSERT(arr && arr->kind == JSON_ARR && arr->n == 3 && arr->items[1].i == -2);
	CU_ASSERT_STRING_EQUAL(cgen_json_get(&arr->items[2], "b")->s, "x\"A");
	CU_ASSERT_PTR_NULL(cgen_json_parse(a, "{\"a\":", 5, &err));
	CU_ASSERT_PTR_NULL(cgen_json_parse(a, "[1] x", 5, &err));
	CU_ASSERT_PTR_NULL(cgen_json_parse(a, "99999999999999999999", 20, &err));
	arena_free(a);
}

CU_TestInfo TESTS[] = {
	{"sanitizer", test_sanitize},
	{"emitted text and injection safety", test_emitted_text},
	{"long and duplicate names", test_long_name},
	{"MAESTRO's worked example: counts", test_maestro_example},
	{"multicast counted once", test_multicast_counts},
	{"spatial reduction counted once", test_reduction_counts},
	{"two levels with tails", test_two_levels_tails},
	{"strides 2 and 3, 1x1 filter", test_strides},
	{"DSCONV, NGCONV, GEMM, FC, TRCONV", test_layer_types},
	{"the paper's two-level 1-D example", test_paper_two_levels},
	{"R < stride: compressed rows", test_compressed_rows},
	{"validation and the loop nest agree on random mappings", test_validation_agrees},
	{"skipped and repeated work detected", test_detects_bad_mappings},
	{"mdf_crosscheck: report, limit, temporary folder", test_crosscheck_api},
	{"unsupported layers: E0701", test_unsupported},
	{"JSON reader", test_json_reader},
	CU_TEST_INFO_NULL,
};
