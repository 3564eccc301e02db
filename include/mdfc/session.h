/*
** session.h: a whole compilation behind one opaque handle, for language
** bindings (python/mdfc calls it through ctypes) and short programs.  Only
** scalars and strings cross this interface, so its layout never matters to
** a caller.  docs/library.md shows it in use.
**
**   MdfSession *s = mdf_session_new();
**   mdf_session_define(s, "K", "64");               -D K=64
**   mdf_session_hw(s, "num_pes", 256);              --num-pes 256
**   int rc = mdf_session_compile_file(s, "net.mdf");
**   puts(mdf_session_report(s, "json"));            = mdfc --emit=json
**   mdf_session_eval(s, 0, 0, 1, (const char *[]){"num_pes"}, (double[]){64},
**                    figs, MDF_NFIGURES);           one sweep point
**   mdf_session_free(s);
**
** A session owns one MdfCtx: like a context, it belongs to one thread at a
** time (one session per thread).  Library code: nothing is printed.
*/
#ifndef MDFC_SESSION_H
#define MDFC_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MdfSession MdfSession;

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *mdf_version(void);

MdfSession *mdf_session_new(void);             /* NULL when out of memory */
void mdf_session_free(MdfSession *s);           /* NULL is fine */

/* Options, kept for every later compile.  False on a bad argument (a name
   that is not an identifier, an unknown hardware field) or out of memory. */
bool mdf_session_define(MdfSession *s, const char *name, const char *value);   /* -D NAME=VALUE */
bool mdf_session_include_dir(MdfSession *s, const char *dir);                  /* -I DIR */
/* The stdlib folder for `import "..."`; NULL: $MDFC_STDLIB, else the
   installed one, else the source tree's. */
bool mdf_session_stdlib_dir(MdfSession *s, const char *dir);
/* A hardware override, as the CLI's flags: "num_pes", "l1_size",
   "l2_size", "noc_bw", "noc_latency", "offchip_bw", "simd_lanes" (integers
   >= 1, sizes and latency >= 0), "e_mac_nj", "e_l1", "e_l2" (energies). */
bool mdf_session_hw(MdfSession *s, const char *field, double value);
bool mdf_session_accel(MdfSession *s, const char *name);                       /* --accel NAME */
void mdf_session_compat_maestro(MdfSession *s, bool on);                       /* --compat=maestro */

/* Compile (front end, passes) and evaluate every layer, as `mdfc` does.
   Returns mdfc's exit status: 0 ok (warnings allowed), 1 errors in the
   input, 2 the file cannot be read or --accel names no Accelerator, 3
   internal error.  Replaces the previous compilation's results. */
int mdf_session_compile_file(MdfSession *s, const char *path);
int mdf_session_compile_string(MdfSession *s, const char *name, const char *text);

/* Results of the last compile, valid until the next compile or free.
   kind: "json", "csv", "table" (= --emit=KIND), "ir" (--emit=ir).  NULL
   when the compile failed or kind is unknown. */
const char *mdf_session_report(MdfSession *s, const char *kind);
/* The diagnostics as LSP-shaped JSON (--diagnostics-format=json: codes,
   severities, 0-based ranges, messages), or as text ("" when none).  A
   message about the session itself (unknown --accel) is in
   mdf_session_error(). */
const char *mdf_session_diagnostics(MdfSession *s);
const char *mdf_session_diagnostics_text(MdfSession *s);
const char *mdf_session_error(MdfSession *s);    /* "" when none; also set by a failed eval */

/* The compiled module's shape. */
uint32_t mdf_session_nnetworks(MdfSession *s);
const char *mdf_session_network_name(MdfSession *s, uint32_t net);
uint32_t mdf_session_nlayers(MdfSession *s, uint32_t net);
const char *mdf_session_layer_name(MdfSession *s, uint32_t net, uint32_t layer);

/* Sweeps: evaluate one layer under the compile's hardware with `n` fields
   changed (names as mdf_session_hw).  After a layer's first evaluation,
   nothing is allocated (cost.h, MdfCostEval).  mdf_session_eval writes
   min(nout, MDF_NFIGURES) figures, in the order of mdf_session_figure_name;
   mdf_session_eval_json gives the layer's object of --emit=json.  False /
   NULL when the layer is not valid, a field is unknown, the point is not
   valid for the layer (its Cluster sizes exceed the PE count: E0515 for
   the CLI) -- mdf_session_error() says which -- or a figure overflows
   (then an E0602 diagnostic says why). */
enum { MDF_NFIGURES = 15 };
const char *mdf_session_figure_name(uint32_t i);   /* the --emit=json key; NULL past the end */
bool mdf_session_eval(MdfSession *s, uint32_t net, uint32_t layer, size_t n, const char *const *fields,
		      const double *values, double *out, size_t nout);
/* npoints evaluations in one call: point p sets fields[0..n) to
   values[p*n ..], its figures go to out[p*nout ..] and ok[p] says whether
   it was evaluated (as mdf_session_eval).  Returns the number evaluated. */
size_t mdf_session_sweep(MdfSession *s, uint32_t net, uint32_t layer, size_t n, const char *const *fields,
			 size_t npoints, const double *values, double *out, size_t nout, bool *ok);
const char *mdf_session_eval_json(MdfSession *s, uint32_t net, uint32_t layer, size_t n,
				  const char *const *fields, const double *values);

/* The mapping search of `mdfc --search` (mdfc/search.h, docs/search.md)
   on the last compile: objective "runtime", "edp" or "energy" (NULL:
   runtime), budget mapping points per layer (0: the default), seed, worker
   threads (>= 1; the result does not depend on them).  Returns the report
   of `mdfc --search --emit=json`, or NULL when the compile failed, an
   argument is bad or the search failed (diagnostics or mdf_session_error
   say why).  mdf_session_search_mdf then gives the winners as an .mdf file
   (`--search -o FILE`). */
const char *mdf_session_search(MdfSession *s, const char *objective, int64_t budget, uint64_t seed,
			       int threads);
const char *mdf_session_search_mdf(MdfSession *s);

#endif
