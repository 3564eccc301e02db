/*
** unit.c: main() for every CUnit test executable.
*/
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
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

bool
unit_have_reference(void)
{
	struct stat st;
	if (stat(MDFC_REFERENCE_DIR "/maestro", &st) == 0)
		return true;
	printf("\nSKIP: %s/maestro is absent; reference comparisons not run\n", MDFC_REFERENCE_DIR);
	return false;
}

int
main(void)
{
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
	CU_cleanup_registry();
	if (run == 0)
		return 1;
	return failed ? 1 : 0;
}
