/*
** test_support.c: arena, checked arithmetic, diagnostics bag, line tables.
*/
#include <stdint.h>
#include <string.h>
#include "mdfc/checked.h"
#include "unit.h"

const char *SUITE = "support";

static void
test_arena(void)
{
	Arena *a = arena_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	char *p = arena_alloc(a, 10);
	CU_ASSERT_PTR_NOT_NULL(p);
	CU_ASSERT_EQUAL(p[9], 0);           /* zeroed */
	/* a large allocation does not disturb small ones */
	char *big = arena_alloc(a, 1 << 20);
	CU_ASSERT_PTR_NOT_NULL(big);
	CU_ASSERT_STRING_EQUAL(arena_printf(a, "%s-%d", "x", 42), "x-42");
	CU_ASSERT_PTR_NULL(arena_array(a, SIZE_MAX / 2, 4));   /* overflow */
	int *v = arena_array(a, 3, sizeof *v);
	v[0] = 1; v[1] = 2; v[2] = 3;
	int *w = arena_grow(a, v, 3, 6, sizeof *w);
	CU_ASSERT(w[0] == 1 && w[2] == 3 && w[5] == 0);
	arena_free(a);
}

static void
test_checked(void)
{
	int64_t r;
	CU_ASSERT(ck_add(1, 2, &r) && r == 3);
	CU_ASSERT_FALSE(ck_add(INT64_MAX, 1, &r));
	CU_ASSERT_FALSE(ck_mul(INT64_MAX / 2 + 1, 2, &r));
	CU_ASSERT(ck_floordiv(-7, 2, &r) && r == -4);   /* floors, unlike C's / */
	CU_ASSERT(ck_floordiv(7, 2, &r) && r == 3);
	CU_ASSERT(ck_floormod(-7, 2, &r) && r == 1);
	CU_ASSERT_FALSE(ck_floordiv(1, 0, &r));
	CU_ASSERT_FALSE(ck_floordiv(INT64_MIN, -1, &r));
	CU_ASSERT(ck_cdiv(7, 2, &r) && r == 4);
	CU_ASSERT(ck_cdiv(8, 2, &r) && r == 4);
	CU_ASSERT(ck_cdiv(-7, 2, &r) && r == -3);
}

static void
test_diag_bag(void)
{
	MdfOptions o = {0};
	o.max_errors = 2;
	MdfCtx *ctx = mdf_ctx_new(&o);
	uint32_t f = mdf_ctx_add_source(ctx, "t.mdf", NULL, "ab\ncd\n", 6);
	Span s = {f, 4, 5};
	Diag *d = diag_emit(ctx, DIAG_E0201, s, "late %d", 1);
	diag_hint(ctx, d, "try %s", "this");
	Span s0 = {f, 0, 1};
	diag_emit(ctx, DIAG_E0101, s0, "early");
	diag_emit(ctx, DIAG_E0101, s0, "dropped");   /* over the limit */
	CU_ASSERT_EQUAL(ctx->diags.nerrors, 3);
	CU_ASSERT_EQUAL(ctx->diags.n, 2);
	CU_ASSERT_EQUAL(ctx->diags.dropped, 1);
	diag_sort(&ctx->diags);
	CU_ASSERT_STRING_EQUAL(ctx->diags.items[0].msg, "early");
	CU_ASSERT_STRING_EQUAL(ctx->diags.items[1].hint, "try this");
	LineCol lc = mdf_ctx_linecol(ctx, f, 4);
	CU_ASSERT(lc.line == 2 && lc.col == 2);
	size_t len;
	const char *line = mdf_ctx_line_text(ctx, f, 4, &len);
	CU_ASSERT(len == 2 && strncmp(line, "cd", 2) == 0);
	DiagCode c;
	CU_ASSERT(diag_code_lookup("E0201", &c) && c == DIAG_E0201);
	CU_ASSERT_FALSE(diag_code_lookup("E9998", &c));
	mdf_ctx_free(ctx);
}

static void
test_suggest(void)
{
	const char *types[] = {"CONV", "DSCONV", "GEMM", "FC", "TRCONV", "NGCONV"};
	CU_ASSERT_STRING_EQUAL(diag_suggest("conv", types, 6), "CONV");
	CU_ASSERT_STRING_EQUAL(diag_suggest("CONVV", types, 6), "CONV");
	CU_ASSERT_PTR_NULL(diag_suggest("BANANA", types, 6));
}

CU_TestInfo TESTS[] = {
	{"arena", test_arena},
	{"checked arithmetic", test_checked},
	{"diagnostic bag", test_diag_bag},
	{"did-you-mean", test_suggest},
	CU_TEST_INFO_NULL,
};
