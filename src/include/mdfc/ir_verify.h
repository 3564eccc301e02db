/*
** ir_verify.h: the IR verifier (src/ir/ir_verify.c), internal: the passes
** run it (src/passes/pass.c).  It reads only the IR (ir.h), never the
** passes.
*/
#ifndef MDFC_IR_VERIFY_H
#define MDFC_IR_VERIFY_H

#include "mdfc/ctx.h"
#include "mdfc/ir.h"

/* IR verifier (src/ir/ir_verify.c): structural invariants.  Returns NULL
   when the layer is sound, else a description of the first violation. */
const char *ir_verify_layer(MdfCtx *ctx, const IrLayer *l);

#endif
