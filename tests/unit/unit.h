/*
** unit.h: the tiny harness around CUnit that every tests/unit/test_*.c uses.
** A test file defines `CU_TestInfo TESTS[]` and `const char *SUITE`; unit.c
** supplies main(), which runs them and exits non-zero on any failure.
*/
#ifndef MDFC_UNIT_H
#define MDFC_UNIT_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include "mdfc/ctx.h"

extern CU_TestInfo TESTS[];
extern const char *SUITE;
/* Optional: informational reports (no verdict), run with --tool NAME. */
extern CU_TestInfo TOOLS[]
#if defined(__GNUC__)
    __attribute__((weak))
#endif
    ;

/* Helpers shared by the suites. */
MdfCtx *unit_ctx(void);                  /* a fresh context with default options */
bool unit_has_code(const MdfCtx *ctx, DiagCode code);
/* Read a whole file into a malloc'd string (NULL if absent). */
char *unit_read_file(const char *path, size_t *len);
/* Print every recorded diagnostic (code, byte span, message), labelled
   `what`: shown by CUnit's verbose output when an assertion fails. */
void unit_dump_diags(const MdfCtx *ctx, const char *what);
/* True in the --reference run (unit.MODULE.reference, skipped when
   ../shared/reference is absent); false in the plain run (unit.MODULE).
   Code under `if (unit_have_reference())` compares with MAESTRO's files. */
bool unit_have_reference(void);

#endif
