/*
** test_parser.c: the grammar.  Every MAESTRO reference input parses with no
** diagnostic at all; syntax errors name the expected tokens; recovery
** reports independent errors in one run; a missing } points at its {.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "front/front.h"
#include "mdfc/mdfc.h"
#include "unit.h"

const char *SUITE = "parser";

/* Parse `text` as file "t.mdf"; returns the context (caller frees). */
static MdfCtx *
parse_text(const char *text, AstFile **out)
{
	MdfCtx *ctx = unit_ctx();
	uint32_t f = mdf_ctx_add_source(ctx, "t.mdf", NULL, text, strlen(text));
	Interner strs = {0};
	AstFile *af = front_parse(ctx, &strs, f);
	if (out)
		*out = af;
	return ctx;
}

static size_t
count_code(const MdfCtx *ctx, DiagCode c)
{
	size_t n = 0;
	for (size_t i = 0; i < ctx->diags.n; i++)
		n += ctx->diags.items[i].code == c;
	return n;
}

static const Diag *
first_code(const MdfCtx *ctx, DiagCode c)
{
	for (size_t i = 0; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].code == c)
			return &ctx->diags.items[i];
	return NULL;
}

/* Parse (syntax only) every file of one reference folder: zero diagnostics. */
static void
parse_folder(const char *sub, int *nfiles)
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
		CU_ASSERT_FATAL(f != SPAN_NOFILE);
		Interner strs = {0};
		AstFile *af = front_parse(ctx, &strs, f);
		CU_ASSERT_PTR_NOT_NULL(af);
		if (ctx->diags.n != 0) {
			printf("\n  %s:", e->d_name);
			unit_dump_diags(ctx, "unexpected");
		}
		CU_ASSERT_EQUAL(ctx->diags.n, 0);
		CU_ASSERT(af && af->ok && af->items.n > 0);
		(*nfiles)++;
		mdf_ctx_free(ctx);
	}
	closedir(d);
}

static void
test_reference_files_parse(void)
{
	if (!unit_have_reference())
		return;
	int n = 0;
	parse_folder("mapping", &n);
	parse_folder("validation", &n);
	parse_folder("hw", &n);
	/* 41 mapping files + 2 validation inputs + accelerator_1.m */
	CU_ASSERT_EQUAL(n, 44);
}

static void
test_maestro_quirks(void)
{
	/* Type without ;, N 4 without colon, a missing comma, Y', Sz(R),
	   Cluster(Sz(R),P), a dotted network name, a hyphenated layer name */
	AstFile *f;
	MdfCtx *ctx = parse_text(
		"Constant TS 16;\n"
		"Network torchvision.models.googlenet {\n"
		"Layer Conv2d-1 {\n"
		"Type: CONV\n"
		"Stride { X: 2, Y: 2 }\n"
		"Dimensions { N 4, K 96, C: 192 R: 3, S: 3, Y:224, X:224 }\n"
		"Dataflow {\n"
		"  SpatialMap(1,1) Y';\n"
		"  TemporalMap (Sz(R), Sz(R)) R;\n"
		"  Cluster(Sz(R),P);\n"
		"  TemporalMap(TS,TS) K;\n"
		"}\n}\n}\n", &f);
	unit_dump_diags(ctx, "quirks");
	CU_ASSERT_EQUAL(ctx->diags.n, 0);
	CU_ASSERT_FATAL(f && f->items.n == 2);
	const AstNode *net = f->items.v[1];
	CU_ASSERT_EQUAL(net->kind, AST_NETWORK);
	const AstNode *lay = net->u.network.items.v[0];
	CU_ASSERT_EQUAL(lay->kind, AST_LAYER);
	/* Conv2d-1 is three touching pieces: Conv2d, -, 1 */
	CU_ASSERT_EQUAL(lay->u.layer.name->u.iname.parts.n, 3);
	MdfBuf b = {0};
	ast_dump_file(f, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "Network torchvision.models.googlenet\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "Layer Conv2d-1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "      R: 3\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "SpatialMap(1, 1) Y'\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "Cluster(Sz(R), P)\n"));
	buf_free(&b);
	mdf_ctx_free(ctx);
}

static void
test_expected_tokens(void)
{
	/* `Layer` needs a name: the message lists what could come instead */
	MdfCtx *ctx = parse_text("Network n {\n  Layer {\n", NULL);
	const Diag *d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "expected a number, a name, a string, `${` or `-`, found `{`");
	/* the { of `Layer {` is at offset 20 */
	CU_ASSERT_EQUAL(d->span.lo, 20);
	CU_ASSERT_EQUAL(d->span.hi, 21);
	mdf_ctx_free(ctx);

	/* after a directive's target comes `;` or the next item */
	ctx = parse_text("Dataflow d { TemporalMap(1,1) K K }", NULL);
	d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg,
		"expected `Dataflow`, `TemporalMap`, `SpatialMap`, `Cluster`, `for`, `;` or `}`, found `K`");
	mdf_ctx_free(ctx);

	/* an expression position */
	ctx = parse_text("param a = * 2;", NULL);
	d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "expected an expression, found `*`");
	mdf_ctx_free(ctx);
}

static void
test_keyword_case_hint(void)
{
	MdfCtx *ctx = parse_text("network n {\n}\n", NULL);
	const Diag *d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL(d->hint);
	if (d->hint)
		CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `Network`?");
	mdf_ctx_free(ctx);
	/* a misspelt keyword where keywords are expected */
	ctx = parse_text("Dataflow d { TemporalMapp(1,1) K; }", NULL);
	d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->hint);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `TemporalMap`?");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	mdf_ctx_free(ctx);
	ctx = parse_text("Network n { layer a { } }", NULL);
	d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->hint);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `Layer`?");
	mdf_ctx_free(ctx);
}

/* The case note looks back at most three tokens from the error; these
   results were checked against the scanner wrapper before it kept only
   the last few identifiers (the old code tested every identifier). */
static void
test_keyword_case_window(void)
{
	/* layer(1) :(2) 1(3) {(4): the error is 3 tokens after `layer` */
	MdfCtx *ctx = parse_text("layer : 1 {\n", NULL);
	const Diag *d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->nnotes, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->hint);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `Layer`?");
	mdf_ctx_free(ctx);
	/* layer : x {: a later plain name does not hide `layer` */
	ctx = parse_text("layer : x {\n", NULL);
	d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->nnotes, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->hint);
	CU_ASSERT_STRING_EQUAL(d->hint, "did you mean `Layer`?");
	mdf_ctx_free(ctx);
	/* layer(1) :(2) 1(3) +(4) {(5): 4 tokens back, too far for a note */
	ctx = parse_text("layer : 1 + {\n", NULL);
	d = first_code(ctx, DIAG_E0201);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->msg, "expected an expression, found `{`");
	CU_ASSERT_EQUAL(d->nnotes, 0);
	CU_ASSERT_PTR_NULL(d->hint);
	mdf_ctx_free(ctx);
}

static void
test_recovery_three_errors(void)
{
	/* three independent mistakes, one per layer: each is reported once */
	const char *src =
		"Network n {\n"
		"  Layer a {\n"
		"    Type: CONV\n"
		"    Dimensions { K: 4, C 4 +, R: 1 }\n"          /* 1: `+` then `,` */
		"    Dataflow { TemporalMap(1,1) K; }\n"
		"  }\n"
		"  Layer b {\n"
		"    Type: CONV\n"
		"    Dataflow { TemporalMap(1 1) K; }\n"           /* 2: missing comma */
		"  }\n"
		"  Layer c {\n"
		"    Type CONV;\n"
		"    Dimensions { K: 4 }\n"
		"    Dataflow { SpatialMap(1,1) ; }\n"             /* 3: missing target */
		"  }\n"
		"}\n";
	MdfCtx *ctx = parse_text(src, NULL);
	unit_dump_diags(ctx, "recovery");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 3);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0201), 3);
	/* in source order, on lines 4, 9 and 14 */
	uint32_t want_line[3] = {4, 9, 14};
	for (size_t i = 0; i < 3 && i < ctx->diags.n; i++)
		CU_ASSERT_EQUAL(mdf_ctx_linecol(ctx, 0, ctx->diags.items[i].span.lo).line, want_line[i]);
	mdf_ctx_free(ctx);
}

static void
test_missing_brace(void)
{
	/* layer a's `}` is missing: E0202 at a's `{`, and layer b still parses */
	const char *src =
		"Network n {\n"
		"  Layer a {\n"                 /* `{` at offset 22 */
		"    Type: CONV\n"
		"  Layer b {\n"
		"    Type: GEMM\n"
		"  }\n"
		"}\n";
	AstFile *f;
	MdfCtx *ctx = parse_text(src, &f);
	unit_dump_diags(ctx, "brace");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	const Diag *d = first_code(ctx, DIAG_E0202);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->span.lo, 22);
	CU_ASSERT_EQUAL(d->span.hi, 23);
	CU_ASSERT_EQUAL(d->nnotes, 1);
	CU_ASSERT_FATAL(f->items.n == 1);
	CU_ASSERT_EQUAL(f->items.v[0]->u.network.items.n, 2);
	mdf_ctx_free(ctx);

	/* a Dimensions block left open before `Dataflow`, and a Dataflow block
	   whose `}` is missing: the indentation of the next `}` (2, while the
	   Dataflow line has 4) tells which block lost its brace */
	ctx = parse_text(
		"Network n {\n"
		"  Layer a {\n"
		"    Type: CONV\n"
		"    Dimensions { K: 4, C: 4\n"            /* `{` at 12 + 12 + 15 + 15 = 54 */
		"    Dataflow { SpatialMap(1,1) K; }\n"
		"  }\n"
		"  Layer b {\n"
		"    Dataflow { SpatialMap(1,1) K;\n"      /* `{` at 67 + 36 + 4 + 12 + 13 = 132 */
		"  }\n"
		"}\n", NULL);
	unit_dump_diags(ctx, "indent");
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 2);
	CU_ASSERT_EQUAL_FATAL(count_code(ctx, DIAG_E0202), 2);
	CU_ASSERT_EQUAL(ctx->diags.items[0].span.lo, 54);
	CU_ASSERT_EQUAL(ctx->diags.items[1].span.lo, 132);
	mdf_ctx_free(ctx);

	/* at end of file: every unclosed brace is reported at its opener */
	ctx = parse_text("Network n {\n  Layer a {\n    Type: CONV\n", NULL);
	CU_ASSERT_EQUAL(count_code(ctx, DIAG_E0202), 2);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 2);
	mdf_ctx_free(ctx);
}

static void
test_deep_nesting(void)
{
	/* 20,000 parentheses: one diagnostic, no crash */
	size_t depth = 20000;
	char *src = malloc(depth * 2 + 32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	strcpy(src, "param a = ");
	size_t k = strlen(src);
	for (size_t i = 0; i < depth; i++)
		src[k++] = '(';
	src[k++] = '1';
	for (size_t i = 0; i < depth; i++)
		src[k++] = ')';
	src[k++] = ';';
	src[k] = 0;
	MdfCtx *ctx = parse_text(src, NULL);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	CU_ASSERT(unit_has_code(ctx, DIAG_E0203));
	mdf_ctx_free(ctx);
	/* 20,000 unary minus signs: no parentheses, the parser stack is the limit */
	k = strlen("param a = ");
	for (size_t i = 0; i < depth; i++)
		src[k++] = '-';
	src[k++] = '1';
	src[k++] = ';';
	src[k] = 0;
	ctx = parse_text(src, NULL);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	CU_ASSERT(unit_has_code(ctx, DIAG_E0203));
	mdf_ctx_free(ctx);
	/* 300 nested `? :` is deeper than the default limit of 256 */
	MdfBuf b = {0};
	buf_puts(&b, "param a = ");
	for (int i = 0; i < 300; i++)
		buf_puts(&b, "1 ? ");
	buf_puts(&b, "1");
	for (int i = 0; i < 300; i++)
		buf_puts(&b, " : 0");
	buf_puts(&b, ";");
	ctx = parse_text(b.data, NULL);
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 1);
	CU_ASSERT(unit_has_code(ctx, DIAG_E0203));
	mdf_ctx_free(ctx);
	buf_free(&b);
	free(src);
}

static void
test_space_in_name(void)
{
	MdfCtx *ctx = parse_text("Network n { Layer conv -1 { } }", NULL);
	const Diag *d = first_code(ctx, DIAG_E0204);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->span.lo, 22);    /* the space between `conv` and `-` */
	CU_ASSERT_EQUAL(d->span.hi, 23);
	mdf_ctx_free(ctx);
}

static void
test_extensions_parse(void)
{
	AstFile *f;
	MdfCtx *ctx = parse_text(
		"import \"dataflows/x.mdf\";\n"
		"param TK = 64;\n"
		"Accelerator edge { num_pes: 256; l1_size: 512; }\n"
		"Dataflow kcp(kt, c) {\n"
		"  SpatialMap(1,1) K;\n"
		"  for i in 0..2 { TemporalMap(kt, kt) C; }\n"
		"  Cluster(kt, P) { SpatialMap(1,1) C; }\n"
		"}\n"
		"Network r {\n"
		"  Dataflow: kcp(TK, 2);\n"
		"  for i in 0..3 {\n"
		"    Layer conv2_${i}_a { Type: CONV; Dimensions { K: 64, C: i == 0 ? 64 : 256 } }\n"
		"  }\n"
		"}\n", &f);
	unit_dump_diags(ctx, "ext");
	CU_ASSERT_EQUAL(ctx->diags.n, 0);
	MdfBuf b = {0};
	ast_dump_file(f, &b);
	const char *want =
		"File\n"
		"  Import \"dataflows/x.mdf\"\n"
		"  Param TK = 64\n"
		"  Accelerator edge\n"
		"    num_pes: 256\n"
		"    l1_size: 512\n"
		"  DataflowDef kcp(kt, c)\n"
		"    SpatialMap(1, 1) K\n"
		"    For i in 0..2\n"
		"      TemporalMap(kt, kt) C\n"
		"    Cluster(kt, P) {\n"
		"      SpatialMap(1, 1) C\n"
		"    }\n"
		"  Network r\n"
		"    DataflowUse kcp(TK, 2)\n"
		"    For i in 0..3\n"
		"      Layer conv2_${i}_a\n"
		"        Type CONV\n"
		"        Dimensions\n"
		"          K: 64\n"
		"          C: ((i == 0) ? 64 : 256)\n";
	CU_ASSERT_STRING_EQUAL(b.data, want);
	if (strcmp(b.data, want) != 0)
		printf("\n%s", b.data);
	buf_free(&b);
	mdf_ctx_free(ctx);
}

CU_TestInfo TESTS[] = {
	{"reference files parse with no diagnostics", test_reference_files_parse},
	{"MAESTRO quirks", test_maestro_quirks},
	{"expected-token messages", test_expected_tokens},
	{"keyword case hint", test_keyword_case_hint},
	{"keyword case note: three tokens back at most", test_keyword_case_window},
	{"recovery: three independent errors", test_recovery_three_errors},
	{"missing } points at its {", test_missing_brace},
	{"deep nesting gives a diagnostic", test_deep_nesting},
	{"space inside a name", test_space_in_name},
	{"extensions parse and dump", test_extensions_parse},
	CU_TEST_INFO_NULL,
};
