/*
** cgen.h: the loop-nest backend (docs/loop-nest.md) and the
** cross-check of the cost model against an executed, instrumented nest.
**
**   mdf_emit_c     one self-contained C11 program for the whole module:
**                  per layer and cluster level, one loop per directive in
**                  directive order (TemporalMap: a tiled loop; SpatialMap: a
**                  fold loop around a `for (p...)` marked spatial); the
**                  innermost body performs exactly the MACs the ownership
**                  rule gives the unit.  The program checks the output
**                  against a plain reference nest, counts MACs, iterations
**                  and traffic, prints them as JSON on stdout, and exits 1
**                  when some MAC was skipped or repeated (message on stderr
**                  naming the layer, the dimension and the indices).
**   mdf_crosscheck emit, compile with the C compiler in a temporary folder,
**                  run, parse the JSON, compare with the cost model.
**
** Reads only normalized, valid IR (after mdf_passes); invalid layers are
** skipped with a note.  Library code: never prints; the report goes into
** the MdfBuf, problems into ctx's diagnostics (E07xx, W07xx).
** The emitted program and its JSON keys are described in docs/loop-nest.md.
*/
#ifndef MDFC_CGEN_H
#define MDFC_CGEN_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include "mdfc/buf.h"
#include "mdfc/ctx.h"
#include "mdfc/ir.h"

typedef struct MdfCgenOpts {
	/* Layers with more MACs than this are still emitted, but the program
	   skips them at run time (reported as "skipped" in its JSON).  0 = no
	   limit. */
	int64_t max_macs;
	/* With max_macs: leave such layers' loop nests out of the program
	   altogether (only their "skipped" record), to save compile time. */
	bool omit_skipped;
} MdfCgenOpts;

/* The whole program into `out`.  False when a layer could not be lowered
   (E0701 recorded); the other layers are still emitted. */
bool mdf_emit_c(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		const MdfCgenOpts *opts, MdfBuf *out);

/* --emit=loops: the loop nest of every layer as short, readable C
   (docs/loop-nest.md §7), with a main() printing each layer's output
   checksum.  False when a layer could not be lowered (E0701). */
bool mdf_emit_loops(MdfCtx *ctx, const IrModule *m, const IrHw *hw, MdfBuf *out);
/* One layer's function only (the HTML report's drill-down); false with
   E0701 when it cannot be lowered.  ni, li name the function. */
bool mdf_emit_loops_layer(MdfCtx *ctx, const IrLayer *l, const char *net_name, const IrHw *hw,
			  uint32_t ni, uint32_t li, MdfBuf *out);

typedef struct MdfCrosscheckOpts {
	const char *cc;             /* C compiler; NULL = $CC, else "cc" */
	const char *tmpdir;         /* parent of the mkdtemp folder; NULL = $TMPDIR, else /tmp */
	int64_t max_macs;           /* skip (with a visible note) larger layers; 0 = no limit */
	bool compat_maestro;        /* compare with the model in --compat=maestro mode */
	bool keep_temp;             /* leave the temporary folder (its path goes into the report) */
	/* Seconds the compiler and the compiled program may each run before
	   their process group is killed (E0702 / E0703); 0 = the default,
	   MDF_CROSSCHECK_TIMEOUT, negative = none. */
	int cc_timeout, run_timeout;
	/* When *cancel becomes non-zero (set by a signal handler of the
	   caller), the running child's process group is killed, the temporary
	   folder removed, and mdf_crosscheck returns false.  NULL = never. */
	volatile sig_atomic_t *cancel;
	/* Long runs: when the layers to execute hold more than
	   MDF_CROSSCHECK_PROGRESS_MACS MACs, called (from the calling thread)
	   with the estimate before compiling, then as each layer starts to
	   run, then when it is done.  Each message is one line without a
	   newline.  NULL: no progress. */
	void (*progress)(void *arg, const char *msg);
	void *progress_arg;
} MdfCrosscheckOpts;

/* The executed nest costs about 30 ns per MAC (docs/cli.md): about 2 s. */
#define MDF_CROSSCHECK_NS_PER_MAC 30
#define MDF_CROSSCHECK_PROGRESS_MACS 60000000

#define MDF_CROSSCHECK_TIMEOUT 300

/* Emit, compile, run, compare.  The per-layer report (metric, model,
   executed, difference) goes into `report`.  True only when every checked
   layer's output is right and its MACs and iteration counts equal the
   model's.  Failures are also recorded as E0702-E0705. */
bool mdf_crosscheck(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		    const MdfCrosscheckOpts *opts, MdfBuf *report);

/* Exposed for the tests.  Writes a C identifier made from `name` into
   out[cap]: only [A-Za-z0-9_], prefixed by `prefix`, at most cap-1 bytes
   (cap >= 8).  Never empty, never starts with a digit. */
void cgen_sanitize(const char *prefix, const char *name, char *out, size_t cap);

#endif
