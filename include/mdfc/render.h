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

/* LSP publishDiagnostics-shaped objects, one a line: first the input `file`,
     {"uri":"file:///abs/file.mdf","diagnostics":[{"range":{"start":{"line":0,
      "character":4},"end":{...}},"severity":1,"code":"E0412","source":"mdfc",
      "message":"...","relatedInformation":[...]}...]}
   then one for each other file (imports) with diagnostics.  Lines and
   characters are 0-based; characters count UTF-16 code units.  A diagnostic
   of an imported file is also in the input's object, at the import that
   leads to it ("in NAME: message", relatedInformation: where it is). */
void mdf_render_json(MdfCtx *ctx, uint32_t file, MdfBuf *out);

/* One line per diagnostic, `file:line:col: severity[CODE]: message`, nothing
   else (Vim's default errorformat, grep-style tools). */
void mdf_render_short(MdfCtx *ctx, MdfBuf *out);

/* The file:// URI of `path` (made absolute against the working folder),
   percent-encoded (RFC 3986: all but unreserved characters and '/'). */
void mdf_path_uri(const char *path, MdfBuf *out);
/* The path of a file:// URI (percent-decoded); false for other schemes. */
bool mdf_uri_path(const char *uri, MdfBuf *out);

/* When source `file` was loaded (directly or not) by an import in `root`,
   the span of that import in `root` and the file it names; else SPAN_NOFILE. */
uint32_t mdf_import_site(const MdfCtx *ctx, uint32_t file, uint32_t root, Span *site);

/* Text from the input (names, paths, messages quoting them) made safe for a
   terminal or an editor, and valid UTF-8 (JSON needs it): control
   characters but newline and tab, DEL, invalid UTF-8 bytes and the
   bidirectional and invisible marks ("Trojan Source") as escapes (\x1b,
   \u{202e}); everything else as is. */
void mdf_safe_text(MdfBuf *out, const char *text);

/* 0-based LSP position of byte offset `off` in `file`. */
void mdf_lsp_position(MdfCtx *ctx, uint32_t file, uint32_t off, uint32_t *line, uint32_t *character);

#endif
