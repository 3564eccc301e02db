/*
** test_elab.c: elaboration (AST -> IR).  Expected values are computed by
** hand in the comments, or taken from MAESTRO's own files.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mdfc/mdfc.h"
#include "unit.h"

const char *SUITE = "elab";

static MdfCtx *
ctx_with(const MdfOptions *o)
{
	return o ? mdf_ctx_new(o) : unit_ctx();
}

/* Elaborate `text` as "t.mdf". */
static IrModule *
elab(MdfCtx *ctx, const char *text)
{
	uint32_t f = mdf_ctx_add_source(ctx, "t.mdf", NULL, text, strlen(text));
	return mdf_front(ctx, f);
}

static const Diag *
first_code(const MdfCtx *ctx, DiagCode c)
{
	for (size_t i = 0; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].code == c)
			return &ctx->diags.items[i];
	return NULL;
}

static size_t
count_code(const MdfCtx *ctx, DiagCode c)
{
	size_t n = 0;
	for (size_t i = 0; i < ctx->diags.n; i++)
		n += ctx->diags.items[i].code == c;
	return n;
}

/* Value of `param v = <expr>;` or false with the context kept for checks. */
static bool
eval_expr(const char *expr, int64_t *out, MdfCtx **keep)
{
	char src[4096];
	snprintf(src, sizeof src,
		 "param v = %s;\n"
		 "Network n { Layer l { Type: CONV Dimensions { K: v } Dataflow { TemporalMap(1,1) K; } } }\n",
		 expr);
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, src);
	bool ok = m && m->nnetworks == 1 && m->networks[0].nlayers == 1;
	if (ok)
		*out = m->networks[0].layers[0].dim[DIM_K];
	if (keep)
		*keep = ctx;
	else
		mdf_ctx_free(ctx);
	return ok;
}

/* Every MAESTRO mapping, validation and hw file elaborates without errors. */
static void
elab_folder(const char *sub, int *nfiles, int *nlayers)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/maestro/%s", MDFC_REFERENCE_DIR, sub);
	DIR *d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 2, ".m") != 0)
			continue;
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		MdfCtx *ctx = unit_ctx();
		uint32_t f = mdf_ctx_read_file(ctx, e->d_name, path, span_none());
		IrModule *m = mdf_front(ctx, f);
		if (!m || ctx->diags.nerrors) {
			printf("\n  %s:", e->d_name);
			unit_dump_diags(ctx, "unexpected");
		}
		CU_ASSERT_PTR_NOT_NULL(m);
		CU_ASSERT_EQUAL(ctx->diags.nerrors, 0);
		/* the only warning: UNet_RS.m declares `N: 1, N: 1` */
		CU_ASSERT_EQUAL(ctx->diags.nwarnings, strcmp(e->d_name, "UNet_RS.m") == 0 ? 1 : 0);
		for (uint32_t i = 0; m && i < m->nnetworks; i++)
			*nlayers += (int)m->networks[i].nlayers;
		if (m && strcmp(e->d_name, "googlenet_kcp_ws.m") == 0) {
			/* `Network torchvision.models.googlenet {` and `Layer Conv2d-1 {`:
			   whole names (MAESTRO reports the layer as `1`) */
			CU_ASSERT_STRING_EQUAL(m->networks[0].name, "torchvision.models.googlenet");
			CU_ASSERT_STRING_EQUAL(m->networks[0].layers[0].name, "Conv2d-1");
			CU_ASSERT_EQUAL(m->networks[0].layers[0].stride[DIM_X], 2);
		}
		if (m && strcmp(e->d_name, "GEMM_Example.m") == 0) {
			/* Constant SzK 100, KTileSz 100: Dimensions { K: SzK, ... },
			   Cluster(KTileSz, P) */
			const IrLayer *L = &m->networks[0].layers[0];
			CU_ASSERT_EQUAL(L->type, LT_GEMM);
			CU_ASSERT(L->dim[DIM_K] == 100 && L->dim[DIM_M] == 100 && L->dim[DIM_N] == 100);
			CU_ASSERT_EQUAL_FATAL(L->nlevels, 2);
			CU_ASSERT_EQUAL(L->levels[1].cluster_size, 100);
			CU_ASSERT_EQUAL(L->levels[0].dirs[2].size, 100);    /* TemporalMap(KTileSz,KTileSz) K */
		}
		if (m && strcmp(e->d_name, "accelerator_1.m") == 0) {
			CU_ASSERT_EQUAL_FATAL(m->naccels, 1);
			CU_ASSERT(m->accels[0].num_pes == 256 && m->accels[0].l1_size == 100 &&
				  m->accels[0].l2_size == 3000 && m->accels[0].noc_bw == 1000 &&
				  m->accels[0].offchip_bw == 50);
		}
		(*nfiles)++;
		mdf_ctx_free(ctx);
	}
	closedir(d);
}

static void
test_reference_files_elaborate(void)
{
	if (!unit_have_reference())
		return;
	int nf = 0, nl = 0;
	elab_folder("mapping", &nf, &nl);
	elab_folder("validation", &nf, &nl);
	elab_folder("hw", &nf, &nl);
	CU_ASSERT_EQUAL(nf, 44);
	/* `grep -c 'Layer '` over the mapping and validation files gives 1836,
	   one of which is the commented-out `//	Layer BLAS {` of GEMM_Example.m */
	CU_ASSERT_EQUAL(nl, 1835);
}


static void
test_expressions(void)
{
	struct { const char *e; int64_t v; } t[] = {
		{"2 + 3 * 4", 14},              /* * binds tighter */
		{"(2 + 3) * 4", 20},
		{"10 - 2 - 3", 5},              /* left associative: (10-2)-3 */
		{"7 / 2", 3},
		{"-7 / 2 + 10", 6},             /* floor(-3.5) = -4; -4 + 10 */
		{"-7 % 3 + 10", 12},            /* floor mod: -7 = 3*(-3) + 2 */
		{"7 % -3 + 10", 8},             /* 7 = -3*(-3) - 2: result -2 */
		{"cdiv(7, 2)", 4},
		{"cdiv(8, 2)", 4},
		{"min(3, 9) + max(3, 9)", 12},
		{"1 < 2 ? 5 : 6", 5},
		{"2 >= 3 ? 5 : 6", 6},
		{"2 == 2 && 3 != 3 || 1", 1},   /* ((2==2) && (3!=3)) || 1 */
		{"1 ? 2 : 0 ? 3 : 4", 2},       /* right associative */
		{"!0 + 1", 2},
		{"- -5", 5},
		{"9223372036854775807 / 4611686018427387904", 1},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int64_t v = 0;
		MdfCtx *ctx;
		bool ok = eval_expr(t[i].e, &v, &ctx);
		if (!ok || v != t[i].v) {
			printf("\n  %s = %lld", t[i].e, (long long)v);
			unit_dump_diags(ctx, "expr");
		}
		CU_ASSERT(ok);
		CU_ASSERT_EQUAL(v, t[i].v);
		mdf_ctx_free(ctx);
	}
}

static void
test_overflow_and_div_zero(void)
{
	int64_t v;
	MdfCtx *ctx;
	/* "param v = " is 10 bytes, the literal 19: `+` is at offset 30 */
	CU_ASSERT_FALSE(eval_expr("9223372036854775807 + 1", &v, &ctx));
	const Diag *d = first_code(ctx, DIAG_E0406);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(d->span.lo == 30 && d->span.hi == 31);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	mdf_ctx_free(ctx);
	/* `/` at offset 12 */
	CU_ASSERT_FALSE(eval_expr("5 / (3 - 3)", &v, &ctx));
	d = first_code(ctx, DIAG_E0407);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(d->span.lo == 12 && d->span.hi == 13);
	mdf_ctx_free(ctx);
	CU_ASSERT_FALSE(eval_expr("5 % 0", &v, &ctx));
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0407));
	mdf_ctx_free(ctx);
	CU_ASSERT_FALSE(eval_expr("cdiv(5, 0)", &v, &ctx));
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0407));
	mdf_ctx_free(ctx);
	CU_ASSERT_FALSE(eval_expr("3037000500 * 3037000500", &v, &ctx));  /* > 2^63 */
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0406));
	mdf_ctx_free(ctx);
	/* the literal itself is too big: lexical error */
	CU_ASSERT_FALSE(eval_expr("9223372036854775808", &v, &ctx));
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0103));
	mdf_ctx_free(ctx);
	/* undefined names get a did-you-mean */
	CU_ASSERT_FALSE(eval_expr("vv", &v, &ctx));
	d = first_code(ctx, DIAG_E0301);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "undefined name `vv`");
	mdf_ctx_free(ctx);
	CU_ASSERT_FALSE(eval_expr("mx(1, 2)", &v, &ctx));
	d = first_code(ctx, DIAG_E0306);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `max`?");
	mdf_ctx_free(ctx);
	CU_ASSERT_FALSE(eval_expr("min(1)", &v, &ctx));
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0305));
	mdf_ctx_free(ctx);
}

static const char *const DF = "Dataflow { SpatialMap(1,1) K; }";

static void
test_loops_and_interpolation(void)
{
	char src[1024];
	snprintf(src, sizeof src,
		 "Network n {\n"
		 "  for i in 0..3 {\n"
		 "    for j in 1..2 {\n"
		 "      Layer conv${i}_${j * 10}-a { Type: CONV Dimensions { K: 8 * (i + 1) } %s }\n"
		 "    }\n"
		 "  }\n"
		 "  for k in 5..5 { Layer never { } }\n"       /* empty range */
		 "}\n", DF);
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, src);
	unit_dump_diags(ctx, "loops");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->networks[0].nlayers, 3);
	const IrLayer *L = m->networks[0].layers;
	CU_ASSERT_STRING_EQUAL(L[0].name, "conv0_10-a");
	CU_ASSERT_STRING_EQUAL(L[2].name, "conv2_10-a");
	CU_ASSERT_EQUAL(L[0].dim[DIM_K], 8);
	CU_ASSERT_EQUAL(L[1].dim[DIM_K], 16);
	CU_ASSERT_EQUAL(L[2].dim[DIM_K], 24);
	mdf_ctx_free(ctx);

	/* a loop in a dataflow generates directives: C mapped 3 times with 1,2,3 */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { K: 4, C: 4 }\n"
		      "Dataflow { for i in 1..4 { TemporalMap(i, i) C; } } } }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const IrLevel *lv = &m->networks[0].layers[0].levels[0];
	CU_ASSERT_EQUAL_FATAL(lv->ndirs, 3);
	CU_ASSERT(lv->dirs[0].size == 1 && lv->dirs[1].size == 2 && lv->dirs[2].offset == 3);
	mdf_ctx_free(ctx);

	/* a mistake inside a loop body is reported once, with a count */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { for i in 0..50 { Layer l${i} { Type: conv Dimensions { K: 4 } "
		      "Dataflow { SpatialMap(1,1) K; } } } }");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	CU_ASSERT_EQUAL_FATAL(ctx->diags.n, 1);
	CU_ASSERT_EQUAL_FATAL(ctx->diags.items[0].nnotes, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(ctx->diags.items[0].notes[0].msg, "occurs 49 more times"));
	mdf_ctx_free(ctx);

	/* runaway loops stop with one error */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { for i in 0..1000000000 { Layer l${i} { } } }");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0411), 1);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	mdf_ctx_free(ctx);
	/* a smaller limit applies to nested loops' total */
	MdfOptions o = {0};
	o.limits.max_expansion = 100;
	ctx = ctx_with(&o);
	m = elab(ctx, "Network n { for i in 0..10 { for j in 0..10 { Layer l${i}_${j} { } } } }");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0411), 1);
	mdf_ctx_free(ctx);
}

static void
test_named_dataflow(void)
{
	const char *src =
		"param TK = 64;\n"
		"Dataflow kcp(kt, ct) {\n"
		"  SpatialMap(1,1) K;\n"
		"  TemporalMap(kt, kt) C;\n"
		"  TemporalMap(Sz(R), Sz(R)) R;\n"
		"  Cluster(ct, P) { SpatialMap(1,1) C; TemporalMap(Sz(R),1) Y; }\n"
		"}\n"
		"Network n {\n"
		"  Dataflow: kcp(TK / 2, 8);\n"                  /* network default */
		"  Layer a { Type: CONV Dimensions { K: 64, C: 64, R: 3, S: 3, Y: 10, X: 10 } }\n"
		"  Layer b { Type: CONV Dimensions { K: 64, C: 64, R: 5, S: 3, Y: 10, X: 10 }\n"
		"            Dataflow: kcp(Sz(R) * 2, 4); }\n"  /* args may use Sz */
		"}\n";
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, src);
	unit_dump_diags(ctx, "named");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const IrLayer *a = &m->networks[0].layers[0], *b = &m->networks[0].layers[1];
	CU_ASSERT_EQUAL_FATAL(a->nlevels, 2);
	CU_ASSERT_EQUAL(a->levels[0].dirs[1].size, 32);        /* TK / 2 */
	CU_ASSERT_EQUAL(a->levels[0].dirs[2].size, 3);         /* Sz(R) of a */
	CU_ASSERT_EQUAL(a->levels[1].cluster_size, 8);
	CU_ASSERT_EQUAL(a->levels[1].dirs[1].size, 3);
	CU_ASSERT_EQUAL_FATAL(b->nlevels, 2);
	CU_ASSERT_EQUAL(b->levels[0].dirs[1].size, 10);        /* Sz(R) * 2 with R = 5 */
	CU_ASSERT_EQUAL(b->levels[0].dirs[2].size, 5);
	CU_ASSERT_EQUAL(b->levels[1].cluster_size, 4);
	mdf_ctx_free(ctx);

	/* wrong arity names the dataflow and its parameters */
	ctx = unit_ctx();
	m = elab(ctx, "Dataflow kcp(kt, ct) { SpatialMap(1,1) K; }\n"
		      "Network n { Layer a { Type: CONV Dimensions { K: 4 } Dataflow: kcp(1); } }");
	CU_ASSERT_PTR_NULL(m);
	const Diag *d = first_code(ctx, DIAG_E0305);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "dataflow `kcp` takes 2 arguments (kt, ct), but 1 was given");
	CU_ASSERT_EQUAL(d->nnotes, 1);
	mdf_ctx_free(ctx);

	/* unknown dataflow, with did-you-mean */
	ctx = unit_ctx();
	m = elab(ctx, "Dataflow kcp() { SpatialMap(1,1) K; }\n"
		      "Network n { Layer a { Type: CONV Dimensions { K: 4 } Dataflow: kpc; } }");
	d = first_code(ctx, DIAG_E0304);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `kcp`?");
	mdf_ctx_free(ctx);

	/* an error inside a named dataflow's body points at the body and, in a
	   note, at the use: here the use on line 2 */
	ctx = unit_ctx();
	m = elab(ctx, "Dataflow d(t) { TemporalMap(t, t) K; }\n"
		      "Network n { Layer a { Type: CONV Dimensions { K: 4 } Dataflow: d(0); } }");
	CU_ASSERT_PTR_NULL(m);
	d = first_code(ctx, DIAG_E0402);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, d->span.lo).line, 1);
	CU_ASSERT_EQUAL_FATAL(d->nnotes, 1);
	CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, d->notes[0].span.lo).line, 2);
	CU_ASSERT_STRING_EQUAL(d->notes[0].msg, "in dataflow `d` as used by layer `a`");
	mdf_ctx_free(ctx);

	/* a dataflow body may use another named dataflow: its directives and
	   Clusters go where the use stands */
	ctx = unit_ctx();
	m = elab(ctx, "Dataflow inner(c) { SpatialMap(1,1) C; TemporalMap(c, c) K; }\n"
		      "Dataflow outer(k) { SpatialMap(1,1) K; Cluster(k, P); Dataflow: inner(k * 2); }\n"
		      "Network n { Layer a { Type: CONV Dimensions { K: 8, C: 8 } Dataflow: outer(4); } }");
	unit_dump_diags(ctx, "compose");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const IrLayer *c = &m->networks[0].layers[0];
	CU_ASSERT_EQUAL_FATAL(c->nlevels, 2);
	CU_ASSERT_EQUAL(c->levels[0].ndirs, 1);
	CU_ASSERT_EQUAL(c->levels[1].cluster_size, 4);
	CU_ASSERT_EQUAL_FATAL(c->levels[1].ndirs, 2);
	CU_ASSERT_EQUAL(c->levels[1].dirs[1].size, 8);       /* inner(k * 2) with k = 4 */
	mdf_ctx_free(ctx);

	/* ... but not itself */
	ctx = unit_ctx();
	m = elab(ctx, "Dataflow a() { SpatialMap(1,1) K; Dataflow: b(); }\n"
		      "Dataflow b() { Dataflow: a(); }\n"
		      "Network n { Layer l { Type: CONV Dimensions { K: 8 } Dataflow: a(); } }");
	CU_ASSERT_PTR_NULL(m);
	d = first_code(ctx, DIAG_E0416);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "dataflow `a` uses itself");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	mdf_ctx_free(ctx);

	/* the body of a named dataflow does not see the caller's loop variable */
	ctx = unit_ctx();
	m = elab(ctx, "Dataflow d() { TemporalMap(i, i) K; }\n"
		      "Network n { for i in 1..2 { Layer a { Type: CONV Dimensions { K: 4 } Dataflow: d(); } } }");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0301));
	mdf_ctx_free(ctx);
}

static void
test_defines(void)
{
	MdfDefine defs[] = {{"TK", "PES / 8"}, {"EXTRA", "5 + 1"}, {"PES", "256"}};
	MdfOptions o = {0};
	o.defines = defs;
	o.ndefines = 3;
	MdfCtx *ctx = ctx_with(&o);
	/* -D TK=32 overrides the param; EXTRA is not declared anywhere: allowed */
	/* -D PES=256 overrides param PES (128); -D TK=PES/8 overrides TK in its
	   place, after PES: 256 / 8 = 32; TC = TK * 2 sees the override: 64;
	   EXTRA is declared nowhere: allowed, 6 */
	IrModule *m = elab(ctx, "param PES = 128;\nparam TK = 64;\nparam TC = TK * 2;\n"
			   "Network n { Layer l { Type: CONV Dimensions { K: TK, C: TC, N: EXTRA, M: PES } "
			   "Dataflow { SpatialMap(1,1) K; } } }");
	unit_dump_diags(ctx, "defines");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const IrLayer *L = &m->networks[0].layers[0];
	CU_ASSERT_EQUAL(L->dim[DIM_K], 32);
	CU_ASSERT_EQUAL(L->dim[DIM_C], 64);
	CU_ASSERT_EQUAL(L->dim[DIM_N], 6);
	CU_ASSERT_EQUAL(L->dim[DIM_M], 256);
	mdf_ctx_free(ctx);

	MdfDefine bad[] = {{"TK", "3 +"}};
	o.defines = bad;
	o.ndefines = 1;
	ctx = ctx_with(&o);
	m = elab(ctx, "param TK = 64;");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT(ctx->diags.nerrors >= 1);
	mdf_ctx_free(ctx);
}

static void
test_sz_resolution(void)
{
	/* the Dataflow comes before Dimensions: Sz still resolves (MAESTRO fails) */
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx,
		"Network n { Layer l { Type: CONV\n"
		"  Dataflow { TemporalMap(Sz(R), Sz(R)) R; TemporalMap(Sz(Y'), 1) Y'; }\n"
		"  Dimensions { K: 2, C: 2, R: 3, S: 3, Y': 7, X': 7 } } }");
	unit_dump_diags(ctx, "sz");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const IrLevel *lv = &m->networks[0].layers[0].levels[0];
	CU_ASSERT(lv->dirs[0].size == 3 && lv->dirs[0].offset == 3 && lv->dirs[0].dim == DIM_R);
	CU_ASSERT(lv->dirs[1].size == 7 && lv->dirs[1].dim == DIM_YP);
	mdf_ctx_free(ctx);

	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { K: 2 }\n"
		      "  Dataflow { TemporalMap(Sz(S), 1) K; } } }");
	CU_ASSERT_PTR_NULL(m);
	const Diag *d = first_code(ctx, DIAG_E0409);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "layer `l` does not declare dimension S");
	mdf_ctx_free(ctx);

	/* Sz in Dimensions has no layer to read from */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { K: 2, C: Sz(K) } "
		      "Dataflow { SpatialMap(1,1) K; } } }");
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0415));
	mdf_ctx_free(ctx);
}

/* Compare every directive of two layers' levels. */
static bool
same_levels(const IrLayer *a, const IrLayer *b)
{
	if (a->nlevels != b->nlevels)
		return false;
	for (uint32_t i = 0; i < a->nlevels; i++) {
		const IrLevel *x = &a->levels[i], *y = &b->levels[i];
		if (x->cluster_size != y->cluster_size || x->cluster_type != y->cluster_type ||
		    x->ndirs != y->ndirs)
			return false;
		for (uint32_t k = 0; k < x->ndirs; k++)
			if (x->dirs[k].kind != y->dirs[k].kind || x->dirs[k].dim != y->dirs[k].dim ||
			    x->dirs[k].size != y->dirs[k].size || x->dirs[k].offset != y->dirs[k].offset)
				return false;
	}
	return true;
}

static void
test_levels(void)
{
	/* vgg16_maeri-style virtual neuron plus one more level: 3 Clusters, 4 levels */
	const char *src =
		"Network n {\n"
		"Layer flat { Type: CONV Dimensions { K: 64, C: 3, R: 3, S: 3, Y: 224, X: 224 }\n"
		"Dataflow {\n"
		"  TemporalMap(1,1) C;\n"
		"  SpatialMap(1,1) K;\n"
		"  Cluster(16, P);\n"
		"  TemporalMap(Sz(R),Sz(R)) R;\n"
		"  SpatialMap(1,1) Y';\n"
		"  Cluster(Sz(R),P);\n"
		"  SpatialMap(1,1) Y;\n"
		"  SpatialMap(1,1) R;\n"
		"  Cluster(Sz(S), L);\n"
		"  SpatialMap(1,1) X;\n"
		"  SpatialMap(1,1) S;\n"
		"} }\n"
		"Layer block { Type: CONV Dimensions { K: 64, C: 3, R: 3, S: 3, Y: 224, X: 224 }\n"
		"Dataflow {\n"
		"  TemporalMap(1,1) C;\n"
		"  SpatialMap(1,1) K;\n"
		"  Cluster(16, P) {\n"
		"    TemporalMap(Sz(R),Sz(R)) R;\n"
		"    SpatialMap(1,1) Y';\n"
		"    Cluster(Sz(R),P) {\n"
		"      SpatialMap(1,1) Y;\n"
		"      SpatialMap(1,1) R;\n"
		"      Cluster(Sz(S), L); SpatialMap(1,1) X; SpatialMap(1,1) S;\n"
		"    }\n"
		"  }\n"
		"} }\n"
		"}\n";
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, src);
	unit_dump_diags(ctx, "levels");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const IrLayer *L = &m->networks[0].layers[0];
	CU_ASSERT_EQUAL_FATAL(L->nlevels, 4);
	CU_ASSERT(L->levels[0].cluster_size == 0 && L->levels[0].cluster_type == 0);
	CU_ASSERT(L->levels[1].cluster_size == 16 && L->levels[1].cluster_type == 'P');
	CU_ASSERT(L->levels[2].cluster_size == 3 && L->levels[2].cluster_type == 'P');
	CU_ASSERT(L->levels[3].cluster_size == 3 && L->levels[3].cluster_type == 'L');
	CU_ASSERT_EQUAL(L->levels[0].ndirs, 2);
	CU_ASSERT_EQUAL(L->levels[1].ndirs, 2);
	CU_ASSERT_EQUAL(L->levels[2].ndirs, 2);
	CU_ASSERT_EQUAL(L->levels[3].ndirs, 2);
	/* hand-checked fields of level 1's second directive: SpatialMap(1,1) Y' */
	const IrDirective *d = &L->levels[1].dirs[1];
	CU_ASSERT_EQUAL(d->kind, DIR_SPATIAL);
	CU_ASSERT(d->dim == DIM_YP && d->src_dim == DIM_YP);
	CU_ASSERT(d->size == 1 && d->offset == 1 && d->src_size == 1 && d->src_offset == 1);
	CU_ASSERT(d->origin == ORIG_SOURCE && !d->inferred && !d->stride_adjusted);
	/* its span covers `SpatialMap(1,1) Y';` on line 8 */
	LineCol lc = mdf_ctx_linecol(ctx, 0, d->span.lo);
	CU_ASSERT(lc.line == 8 && lc.col == 3);
	CU_ASSERT_EQUAL(d->span.hi - d->span.lo, strlen("SpatialMap(1,1) Y';"));
	/* level 2's span is its Cluster directive, `Cluster(Sz(R),P);` on line 9 */
	CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, L->levels[2].span.lo).line, 9);
	CU_ASSERT(same_levels(L, &m->networks[0].layers[1]));
	mdf_ctx_free(ctx);

	/* a flat Cluster in a loop opens one level per iteration, each below the
	   last: 1 + 3 levels, sizes 2, 3, 4 */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { K: 64 } Dataflow {\n"
		      "  SpatialMap(1,1) K; for i in 2..5 { Cluster(i, P); SpatialMap(1,1) K; } } } }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	L = &m->networks[0].layers[0];
	CU_ASSERT_EQUAL_FATAL(L->nlevels, 4);
	CU_ASSERT(L->levels[1].cluster_size == 2 && L->levels[2].cluster_size == 3 &&
		  L->levels[3].cluster_size == 4);
	CU_ASSERT(L->levels[0].ndirs == 1 && L->levels[3].ndirs == 1);
	mdf_ctx_free(ctx);

	/* two sub-levels at one level */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { K: 4 } Dataflow {\n"
		      "  SpatialMap(1,1) K; Cluster(2, P) { SpatialMap(1,1) K; } Cluster(2, P); } } }");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0414));
	mdf_ctx_free(ctx);
}

static void
test_layer_fields_example(void)
{
	/* MAESTRO's mapping/example.m, layer CONV1 (its text, reproduced short) */
	const char *src =
		"Network ResNeXt50 {\n"
		"\tLayer CONV1 {\n"
		"\t\tType: CONV\n"
		"\t\tStride { X: 2, Y: 1 }\n"
		"\t\tDimensions { K: 64, C: 128, R: 3, S: 3, Y:224, X:224 }\n"
		"\t\tDataflow {\n"
		"\t\t\tSpatialMap(1,1) K;\n"
		"\t\t\tTemporalMap(64,64) C;\n"
		"\t\t\tTemporalMap(Sz(S),1) X;\n"
		"\t\t\tCluster(64, P);\n"
		"\t\t\tSpatialMap(1,1) C;\n"
		"\t\t}\n"
		"\t}\n"
		"}\n";
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->nnetworks, 1);
	CU_ASSERT_STRING_EQUAL(m->networks[0].name, "ResNeXt50");
	const IrLayer *L = &m->networks[0].layers[0];
	CU_ASSERT_STRING_EQUAL(L->name, "CONV1");
	CU_ASSERT_EQUAL(L->type, LT_CONV);
	int64_t want[DIM__COUNT] = {[DIM_K] = 64, [DIM_C] = 128, [DIM_R] = 3, [DIM_S] = 3,
				    [DIM_Y] = 224, [DIM_X] = 224};
	for (int d = 0; d < DIM__COUNT; d++)
		CU_ASSERT_EQUAL(L->dim[d], want[d]);
	CU_ASSERT_EQUAL(L->stride[DIM_X], 2);
	CU_ASSERT_EQUAL(L->stride[DIM_Y], 1);
	CU_ASSERT_EQUAL(L->stride[DIM_K], 1);     /* default */
	CU_ASSERT_EQUAL_FATAL(L->nlevels, 2);
	CU_ASSERT_EQUAL(L->levels[0].ndirs, 3);
	CU_ASSERT(L->levels[0].dirs[1].kind == DIR_TEMPORAL && L->levels[0].dirs[1].dim == DIM_C &&
		  L->levels[0].dirs[1].size == 64 && L->levels[0].dirs[1].offset == 64);
	CU_ASSERT(L->levels[0].dirs[2].size == 3 && L->levels[0].dirs[2].offset == 1);
	CU_ASSERT(L->levels[1].cluster_size == 64 && L->levels[1].ndirs == 1);
	/* "Y:224" is at line 5; the K entry's span is `K: 64` */
	CU_ASSERT_EQUAL(L->dim_span[DIM_K].hi - L->dim_span[DIM_K].lo, 5);
	CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, L->dim_span[DIM_Y].lo).line, 5);
	CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, L->type_span.lo).line, 3);
	mdf_ctx_free(ctx);
}

static void
test_hardware(void)
{
	/* MAESTRO's hw/accelerator_1.m, plus NoC_NumHops */
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, "num_pes: 256\nl1_size_cstr: 100\nl2_size_cstr: 3000\n"
			   "noc_bw_cstr: 1000\noffchip_bw_cstr: 50\nNoC_NumHops 2\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->naccels, 1);
	const IrHw *hw = &m->accels[0];
	CU_ASSERT_PTR_NULL(hw->name);
	CU_ASSERT(hw->num_pes == 256 && hw->l1_size == 100 && hw->l2_size == 3000);
	CU_ASSERT(hw->noc_bw == 1000 && hw->offchip_bw == 50 && hw->noc_latency == 2);
	CU_ASSERT_EQUAL(hw->set, (1u << HW_NUM_PES) | (1u << HW_L1_SIZE) | (1u << HW_L2_SIZE) |
			(1u << HW_NOC_BW) | (1u << HW_OFFCHIP_BW) | (1u << HW_NOC_LATENCY));
	CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, hw->field_span[HW_L2_SIZE].lo).line, 3);
	CU_ASSERT_EQUAL(hw->simd_lanes, 1);      /* default, not set */
	mdf_ctx_free(ctx);

	ctx = unit_ctx();
	m = elab(ctx, "param PES = 128;\nAccelerator edge { num_pes: PES * 2; simd_lanes: 4; e_mac: 230; e_l1: 1680; }\n"
		      "Accelerator big { num_pes: 1024 }\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL_FATAL(m->naccels, 2);
	CU_ASSERT_STRING_EQUAL(m->accels[0].name, "edge");
	CU_ASSERT_EQUAL(m->accels[0].num_pes, 256);
	CU_ASSERT_EQUAL(m->accels[0].simd_lanes, 4);
	CU_ASSERT(m->accels[0].e_mac_nj > 0.000229 && m->accels[0].e_mac_nj < 0.000231);
	CU_ASSERT(m->accels[0].e_l1 > 1.679 && m->accels[0].e_l1 < 1.681);
	CU_ASSERT_EQUAL(m->accels[1].num_pes, 1024);
	mdf_ctx_free(ctx);

	ctx = unit_ctx();
	m = elab(ctx, "Accelerator a { num_pe: 4; }");
	const Diag *d = first_code(ctx, DIAG_E0307);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `num_pes`?");
	mdf_ctx_free(ctx);
}

static void
test_layer_errors(void)
{
	MdfCtx *ctx = unit_ctx();
	/* offsets: `conv` at 28 ("Network n { Layer l { Type: " is 28 bytes),
	   `-4` at 49 (+ "conv Dimensions { K: " = 21) */
	IrModule *m = elab(ctx, "Network n { Layer l { Type: conv Dimensions { K: -4, Q: 3 }\n"
				"Dataflow { SpatialMap(1,0) K; TemporalMap(1,1) Z; Cluster(4, Q); } } }");
	CU_ASSERT_PTR_NULL(m);
	const Diag *d = first_code(ctx, DIAG_E0401);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(d->span.lo == 28 && d->span.hi == 32);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `CONV`? (types are case-sensitive)");
	d = first_code(ctx, DIAG_E0402);            /* K: -4, at the value */
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT(d->span.lo == 49 && d->span.hi == 51);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0402), 2);   /* and the offset 0 */
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_W0401), 1);   /* Q is ignored */
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0403), 1);   /* Z */
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0410), 1);   /* Cluster type Q */
	mdf_ctx_free(ctx);

	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { K: 4, K: 8, Y: 3, Y': 1 }\n"
		      "Dataflow { SpatialMap(1,1) K; Cluster(2); } }\n"
		      "Layer empty { } }");
	CU_ASSERT_PTR_NULL(m);
	d = first_code(ctx, DIAG_E0404);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->nnotes, 1);
	/* "Network n { " 12 + "Layer l { " 10 + "Type: CONV " 11 + "Dimensions { " 13 */
	CU_ASSERT_EQUAL(d->notes[0].span.lo, 46);        /* the first `K: 4` */
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0405));
	CU_ASSERT_PTR_NOT_NULL(first_code(ctx, DIAG_E0410));  /* Cluster(2): no type */
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0408), 1);      /* empty: one report */
	d = first_code(ctx, DIAG_E0408);
	CU_ASSERT_STRING_EQUAL(d->msg, "layer `empty` has no Type, no Dimensions and no Dataflow");
	mdf_ctx_free(ctx);

	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Type: GEMM Dimensions { K: 4 } Stride { X: 0 }\n"
		      "Dataflow { SpatialMap(1,1) K; } Dataflow { SpatialMap(1,1) K; } } }");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0412), 2);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0402), 1);
	mdf_ctx_free(ctx);
}

/* Write `text` to dir/name. */
static void
put_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	int n = snprintf(path, sizeof path, "%s/%s", dir, name);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof path);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void
test_imports(void)
{
	char tmpl[] = "/tmp/mdfc-elab-XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char sub[1100], inc[1100];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	snprintf(inc, sizeof inc, "%s/inc", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(inc, 0700), 0);
	/* main imports sub/b and sub/c; both import d (found beside them, in sub/);
	   d imports main again (a cycle) and e, which only the -I folder has */
	put_file(dir, "main.mdf", "import \"sub/b.mdf\";\nimport \"sub/c.mdf\";\n"
		 "Network n { Layer l { Type: CONV Dimensions { K: B + C + D + E } Dataflow: df(); } }\n");
	put_file(sub, "b.mdf", "import \"d.mdf\";\nparam B = D * 10;\n");
	put_file(sub, "c.mdf", "import \"d.mdf\";\nparam C = 100;\n");
	put_file(sub, "d.mdf", "import \"../main.mdf\";\nimport \"e.mdf\";\nparam D = 1;\n"
		 "Dataflow df() { SpatialMap(1,1) K; }\n");
	put_file(inc, "e.mdf", "param E = 1000;\n");
	const char *incs[] = {inc};
	MdfOptions o = {0};
	o.include_dirs = incs;
	o.ninclude_dirs = 1;
	MdfCtx *ctx = mdf_ctx_new(&o);
	char path[1200];
	snprintf(path, sizeof path, "%s/main.mdf", dir);
	uint32_t f = mdf_ctx_read_file(ctx, "main.mdf", path, span_none());
	IrModule *m = mdf_front(ctx, f);
	unit_dump_diags(ctx, "imports");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	/* d was loaded once (no "already defined"), so: 10 + 100 + 1 + 1000 */
	CU_ASSERT_EQUAL(m->networks[0].layers[0].dim[DIM_K], 1111);
	CU_ASSERT_EQUAL(ctx->nsources, 5);        /* main, d, e, b, c: each once */
	mdf_ctx_free(ctx);

	/* a missing import names the folders searched */
	put_file(dir, "bad.mdf", "import \"nowhere.mdf\";\n");
	ctx = mdf_ctx_new(&o);
	snprintf(path, sizeof path, "%s/bad.mdf", dir);
	f = mdf_ctx_read_file(ctx, "bad.mdf", path, span_none());
	m = mdf_front(ctx, f);
	CU_ASSERT_PTR_NULL(m);
	const Diag *d = first_code(ctx, DIAG_E0303);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL_FATAL(d->nnotes, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->notes[0].msg, inc));
	mdf_ctx_free(ctx);

	/* imports nested deeper than the limit: main -> sub/b -> sub/d -> inc/e */
	o.limits.max_import_depth = 2;
	ctx = mdf_ctx_new(&o);
	snprintf(path, sizeof path, "%s/main.mdf", dir);
	f = mdf_ctx_read_file(ctx, "main.mdf", path, span_none());
	m = mdf_front(ctx, f);
	CU_ASSERT_PTR_NULL(m);
	d = first_code(ctx, DIAG_E0308);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "imports nested more than 2 deep");
	mdf_ctx_free(ctx);

	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static void
test_duplicates(void)
{
	MdfCtx *ctx = unit_ctx();
	IrModule *m = elab(ctx, "param a = 1;\nConstant a 2;\nDataflow d() { }\nDataflow d() { }\n");
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0302), 2);
	mdf_ctx_free(ctx);
	/* the same size twice is only a warning (MAESTRO's UNet_RS.m has N: 1, N: 1) */
	ctx = unit_ctx();
	m = elab(ctx, "Network n { Layer l { Type: CONV Dimensions { N: 1, N: 1, K: 2 } "
		      "Stride { K: 2 } Dataflow { SpatialMap(1,1) K; } } }");
	CU_ASSERT_PTR_NOT_NULL(m);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_W0402), 1);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_W0403), 1);
	mdf_ctx_free(ctx);
}

CU_TestInfo TESTS[] = {
	{"reference files elaborate", test_reference_files_elaborate},
	{"expressions", test_expressions},
	{"overflow, division by zero, names", test_overflow_and_div_zero},
	{"loops and interpolation", test_loops_and_interpolation},
	{"named dataflows", test_named_dataflow},
	{"-D defines", test_defines},
	{"Sz resolution", test_sz_resolution},
	{"cluster levels", test_levels},
	{"layer fields (example.m)", test_layer_fields_example},
	{"hardware", test_hardware},
	{"layer errors", test_layer_errors},
	{"imports", test_imports},
	{"duplicates", test_duplicates},
	CU_TEST_INFO_NULL,
};
