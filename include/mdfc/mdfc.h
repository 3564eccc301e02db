/*
** mdfc.h: the library's entry points, in pipeline order.  The driver
** (src/driver/) and the tests call only these and the headers they include.
**
**   ctx = mdf_ctx_new(&opt);
**   f = mdf_ctx_read_file(ctx, name, path, span_none());
**   m = mdf_front(ctx, f);                    parse + imports + elaborate
**   mdf_passes(ctx, m, &hw);                  normalize + validate
**   backends: cost (mdfc/cost.h), loop nest (mdfc/cgen.h)
**   render ctx->diags; mdf_ctx_free(ctx);
*/
#ifndef MDFC_MDFC_H
#define MDFC_MDFC_H

#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/ctx.h"
#include "mdfc/diag.h"
#include "mdfc/ir.h"

/* Front end (src/front/): parse source `file` and everything it imports,
   then elaborate into an IR module.  Returns NULL when errors were recorded
   (all independent errors are recorded, not just the first). */
IrModule *mdf_front(MdfCtx *ctx, uint32_t file);

/* The same in two steps, to elaborate one parse many times (a sweep over
   params, docs/explore.md): mdf_front_load parses `file` and its imports
   (NULL on errors); mdf_front_elaborate elaborates them under the
   context's current defines (ctx->opt.defines), allocating only after
   its call, so an arena_mark/arena_release around it gives all back. */
typedef struct MdfParsed MdfParsed;
MdfParsed *mdf_front_load(MdfCtx *ctx, uint32_t file);
IrModule *mdf_front_elaborate(MdfCtx *ctx, const MdfParsed *p);
/* Whether some file of the parse declares `param NAME`. */
bool mdf_front_has_param(const MdfParsed *p, const char *name);

/* Print the AST of source `file` (parsed again) for --emit=ast. */
bool mdf_emit_ast(MdfCtx *ctx, uint32_t file, MdfBuf *out);

/* Passes (src/passes/): normalize every layer in place and validate it
   against the hardware.  False when errors were recorded.  Warnings do not
   make it fail.  Layers that fail validation have valid == false. */
bool mdf_passes(MdfCtx *ctx, IrModule *m, const IrHw *hw);

/* Canonical text of the (normalized) IR for --emit=ir: no file names or
   positions; two sources with the same meaning print identically. */
void mdf_emit_ir(const IrModule *m, MdfBuf *out);

/* Formatter (src/fmt/): source `file` in the canonical layout
   (docs/formatting.md).  False, with the diagnostics recorded, when the file
   has lexical or syntax errors: such a file is not formatted. */
bool mdf_format(MdfCtx *ctx, uint32_t file, MdfBuf *out);

#endif
