/*
** unit.c: main() for every CUnit test executable.
*/
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "unit.h"

MdfCtx *
unit_ctx(void)
{
	return mdf_ctx_new(NULL);
}

bool
unit_has_code(const MdfCtx *ctx, DiagCode code)
{
	for (size_t i = 0; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].code == code)
			return true;
	return false;
}

char *
unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = 0;
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

void
unit_dump_diags(const MdfCtx *ctx, const char *what)
{
	for (size_t i = 0; i < ctx->diags.n; i++) {
		const Diag *d = &ctx->diags.items[i];
		printf("\n  %s: %s [%u,%u): %s", what, diag_code_name(d->code), d->span.lo, d->span.hi, d->msg);
	}
}

/* The executable runs in one of two modes (tests/CMakeLists.txt registers
   both): unit.MODULE runs every test with the reference checks off, so its
   verdict never depends on ../shared; unit.MODULE.reference (--reference)
   runs them with the reference on, and exits SKIP_CODE (SKIPPED in CTest)
   when the reference is absent. */
enum { SKIP_CODE = 77 };
static bool reference_mode;
static unsigned reference_asked;

bool
unit_have_reference(void)
{
	reference_asked++;
	return reference_mode;
}

/* Tools: informational reports built on a suite's helpers, not tests
   (no verdict); `test_X --tool NAME` runs TOOLS entry NAME. */
static int
run_tool(const char *name)
{
	for (CU_TestInfo *t = TOOLS; t && t->pName; t++) {
		if (strcmp(t->pName, name) != 0)
			continue;
		CU_TestInfo one[] = {*t, CU_TEST_INFO_NULL};
		CU_SuiteInfo suites[] = {{.pName = SUITE, .pTests = one}, CU_SUITE_INFO_NULL};
		reference_mode = true;
		if (CU_initialize_registry() != CUE_SUCCESS || CU_register_suites(suites) != CUE_SUCCESS)
			return 2;
		CU_basic_set_mode(CU_BRM_SILENT);
		CU_basic_run_tests();
		CU_cleanup_registry();
		return 0;
	}
	fprintf(stderr, "no tool '%s' in suite %s\n", name, SUITE);
	return 2;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--tool") == 0)
		return run_tool(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--reference") == 0) {
		struct stat st;
		if (stat(MDFC_REFERENCE_DIR "/maestro", &st) != 0) {
			printf("SKIP: %s/maestro is absent; reference comparisons not run\n", MDFC_REFERENCE_DIR);
			return SKIP_CODE;
		}
		reference_mode = true;
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--reference | --tool NAME]\n", argv[0]);
		return 2;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_SuiteInfo suites[] = {
		{.pName = SUITE, .pTests = TESTS},
		CU_SUITE_INFO_NULL,
	};
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "cannot register suite %s: %s\n", SUITE, CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_tests_failed() + CU_get_number_of_suites_failed();
	unsigned run = CU_get_number_of_tests_run();
	unsigned asserts = CU_get_number_of_asserts();
	CU_cleanup_registry();
	if (run == 0)
		return 1;
	if (failed)
		return 1;
	if (!reference_mode && reference_asked)
		printf("\n%u reference check%s left to the --reference run\n", reference_asked,
		       reference_asked == 1 ? "" : "s");
	if (asserts == 0) {
		/* nothing was checked: every test here needs the reference */
		printf("SKIP: no assertion ran without the reference\n");
		return SKIP_CODE;
	}
	return 0;
}
