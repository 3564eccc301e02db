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

/* Helpers shared by the suites. */
MdfCtx *unit_ctx(void);                  /* a fresh context with default options */
bool unit_has_code(const MdfCtx *ctx, DiagCode code);
/* Read a whole file into a malloc'd string (NULL if absent). */
char *unit_read_file(const char *path, size_t *len);
/* Print every recorded diagnostic (code, byte span, message), labelled
   `what`: shown by CUnit's verbose output when an assertion fails. */
void unit_dump_diags(const MdfCtx *ctx, const char *what);
/* True if MAESTRO's reference folder exists; prints a SKIP note otherwise. */
bool unit_have_reference(void);

#endif
