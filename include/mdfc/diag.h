/*
** diag.h: diagnostics.  Library code never prints: it records a Diag with a
** stable code, a severity, a primary span, a message and optional notes and
** a hint.  The driver renders them once, at the end (text or JSON).
**
** Codes live in X-macro tables include/mdfc/diag_*.def, one file per area
** (so that areas can grow independently), gathered by diag_codes.def; every
** code has a page docs/errors/CODE.md and a golden test.  Codes are never renumbered or reused.
**   E01xx lexical          E02xx syntax          E03xx names, imports
**   E04xx values, expressions, layer shapes     E05xx dataflow legality
**   E06xx cost model       E07xx loop nest / crosscheck
**   E08xx hardware, options, resource limits    E11xx ONNX import
**   W0xxx, W11xx warnings (same ranges)
*/
#ifndef MDFC_DIAG_H
#define MDFC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mdfc/source.h"

typedef enum DiagSeverity { SEV_ERROR = 1, SEV_WARNING = 2, SEV_NOTE = 3 } DiagSeverity;

/* What to do with a warning code (-w, -W CODE=LEVEL, -Werror; docs/cli.md).
   DEFAULT keeps the code's own severity. */
typedef enum DiagLevel {
	DIAG_LEVEL_DEFAULT = 0, DIAG_LEVEL_ALLOW, DIAG_LEVEL_WARN, DIAG_LEVEL_ERROR
} DiagLevel;

typedef enum DiagCode {
#define DIAG(code, sev, slug, summary) DIAG_##code,
#include "diag_codes.def"
#undef DIAG
	DIAG__COUNT
} DiagCode;

typedef struct DiagNote {
	Span span;              /* may be span_none() */
	const char *msg;
} DiagNote;

typedef struct Diag {
	DiagCode code;
	DiagSeverity sev;
	Span span;
	const char *msg;
	const char *hint;       /* "did you mean CONV?"; NULL if none */
	DiagNote *notes;
	size_t nnotes;
	size_t seq;             /* insertion order, for stable sorting */
	size_t repeats;         /* identical diagnostics (code and message) folded into this one */
} Diag;

/* Bounds on what one compilation records (docs/reliability.md): a tiny
   input can otherwise produce a diagnostic per loop iteration.  The first
   DIAG_MAX_SAME diagnostics with the same code and message are kept, later
   ones only counted (Diag.repeats of the last kept one); past DIAG_MAX_STORED
   in all, diagnostics are only counted (DiagBag.omitted). */
#define DIAG_MAX_SAME 3
#define DIAG_MAX_STORED 1000

typedef struct DiagSeen {
	uint64_t hash;
	size_t index;           /* of the last kept diagnostic with this code and message */
	size_t count;
} DiagSeen;

typedef struct DiagBag {
	Diag *items;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t max_errors;      /* 0 = unlimited; further errors are counted, not stored */
	size_t dropped;
	size_t nallowed;        /* warnings not recorded: allowed (-w, -W CODE=allow) */
	/* While set to a layer's name, every message that does not already
	   mention "layer 'NAME'" is prefixed with it: a stage working layer by
	   layer sets it so that each of its diagnostics names its layer. */
	const char *scope_layer;
	size_t omitted;         /* past DIAG_MAX_STORED: counted, not stored */
	DiagSeen *seen;         /* open addressing by hash of (code, message) */
	size_t seen_cap, seen_n;
	Diag stub;              /* returned for a dropped diagnostic; notes and hints on it are ignored */
} DiagBag;

struct MdfCtx;

/* Static information about a code. */
const char *diag_code_name(DiagCode c);        /* "E0412" */
const char *diag_code_slug(DiagCode c);        /* "unknown-layer-type" */
const char *diag_code_summary(DiagCode c);     /* one line */
DiagSeverity diag_code_severity(DiagCode c);
bool diag_code_lookup(const char *name, DiagCode *out);  /* "E0412" -> code */

/* Record a diagnostic; the message is formatted into the context's arena.
   The returned pointer stays valid until the next diag_* call on the bag and
   may be used to attach notes and a hint.  Never NULL (a stub is returned
   when the error limit drops the diagnostic). */
Diag *diag_emit(struct MdfCtx *ctx, DiagCode code, Span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
Diag *diag_emitv(struct MdfCtx *ctx, DiagCode code, Span span, const char *fmt, va_list ap);
void diag_note(struct MdfCtx *ctx, Diag *d, Span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void diag_hint(struct MdfCtx *ctx, Diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Marks and rollback: a stage that tries something twice (the parser's
   second attempts, src/front/parse.c) forgets what a discarded try
   recorded, or puts back what an earlier try recorded. */
typedef struct DiagMark {
	size_t n, nerrors, nwarnings, dropped, nallowed, omitted;
} DiagMark;
/* The diagnostics recorded since a mark, copied out (arena). */
typedef struct DiagSaved {
	DiagMark from, to;
	Diag *items;            /* to.n - from.n of them */
} DiagSaved;
DiagMark diag_mark(const DiagBag *bag);
/* Forget every diagnostic recorded since `m` (counts included). */
void diag_rollback(DiagBag *bag, DiagMark m);
/* Copy out what was recorded since `from`; false on out of memory. */
bool diag_save(struct MdfCtx *ctx, DiagMark from, DiagSaved *out);
/* Roll back to s->from, then put back what diag_save copied. */
void diag_restore(DiagBag *bag, const DiagSaved *s);

/* Loops and dataflow uses repeat the same source: keep the first of the
   diagnostics recorded since `from` with the same (code, span), drop the
   others and add a note to the kept one saying how often it recurred. */
void diag_fold_same_span(struct MdfCtx *ctx, size_t from);

/* Sort by (file, offset, insertion order): deterministic output. */
void diag_sort(DiagBag *bag);

/* Closest candidate by edit distance (for "did you mean"), or NULL. */
const char *diag_suggest(const char *word, const char *const *cands, size_t n);

#endif
