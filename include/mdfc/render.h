/*
** render.h: turning recorded diagnostics into text or JSON.  Library code:
** renders into an MdfBuf; the driver decides where the bytes go.
*/
#ifndef MDFC_RENDER_H
#define MDFC_RENDER_H

#include <stdbool.h>
#include "mdfc/buf.h"
#include "mdfc/ctx.h"

/* GCC/rustc-shaped text:
     file:line:col: error[E0412]: message
        3 |     Type: CONVV
          |           ^~~~~
          = help: did you mean CONV?
     file:line:col: note: related location
   Diagnostics are sorted first (diag_sort).  `color` adds ANSI colours. */
void mdf_render_text(MdfCtx *ctx, MdfBuf *out, bool color);

/* One LSP publishDiagnostics-shaped object for the input `file`:
     {"uri":"file.mdf","diagnostics":[{"range":{"start":{"line":0,"character":4},
      "end":{...}},"severity":1,"code":"E0412","source":"mdfc","message":"...",
      "relatedInformation":[...]}...]}
   Lines and characters are 0-based; characters count UTF-16 code units.
   Diagnostics located in other files (imports) carry "file":"path". */
void mdf_render_json(MdfCtx *ctx, uint32_t file, MdfBuf *out);

/* 0-based LSP position of byte offset `off` in `file`. */
void mdf_lsp_position(MdfCtx *ctx, uint32_t file, uint32_t off, uint32_t *line, uint32_t *character);

#endif
