/*
** backends.h: the driver's glue to the cost model and the loop-nest backend.
*/
#ifndef MDFC_DRIVER_BACKENDS_H
#define MDFC_DRIVER_BACKENDS_H

#include "mdfc/mdfc.h"
#include "options.h"

bool backend_cost(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out);
bool backend_c(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out);
/* Returns an exit status: 0 when every layer checks out. */
int backend_crosscheck(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out);

/* --search (docs/search.md): the report into `out` and, with -o, the
   winners' .mdf file into `mdf`.  Returns an exit status. */
int backend_search(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const DriverOpts *o, MdfBuf *out,
		   MdfBuf *mdf);

#endif
