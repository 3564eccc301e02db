/*
** backends.h: the driver's glue to the cost model and the loop-nest backend.
*/
#ifndef MDFC_DRIVER_BACKENDS_H
#define MDFC_DRIVER_BACKENDS_H

#include <signal.h>
#include "mdfc/mdfc.h"
#include "options.h"

bool backend_cost(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out);
bool backend_c(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out);
/* --emit=loops: the readable nests (docs/loop-nest.md §7). */
bool backend_loops(MdfCtx *ctx, const IrModule *m, const IrHw *hw, MdfBuf *out);
/* Returns an exit status: 0 when every layer checks out. */
/* *cancel: set by the driver's SIGINT/SIGTERM handler (see main.c). */
int backend_crosscheck(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out,
		       volatile sig_atomic_t *cancel);

/* --search (docs/search.md): the report into `out` and, with -o, the
   winners' .mdf file into `mdf`.  Returns an exit status. */
int backend_search(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out,
		   MdfBuf *mdf);

/* --sweep / --dse (docs/explore.md) on source `file`; `over`: the --hw
   file and flags above the file's Accelerator block.  Returns an exit
   status: 1 when some point failed (its rows say why; the output stands). */
int backend_explore(MdfCtx *ctx, uint32_t file, const IrHw *over, const DriverOpts *o, MdfBuf *out);
/* --merge: the shard files named by o->inputs into `out`.  Exit status. */
int backend_merge(const DriverOpts *o, MdfBuf *out);

#endif
