/*
** buf.h: a growable text buffer.  Emitters (IR, AST, reports, C) write here;
** only the driver writes buffers to files or stdout.
*/
#ifndef MDFC_BUF_H
#define MDFC_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct MdfBuf {
	char *data;         /* NUL-terminated when len > 0 */
	size_t len, cap;
	bool oom;           /* an allocation failed; contents are truncated */
} MdfBuf;

void buf_free(MdfBuf *b);
void buf_reset(MdfBuf *b);
void buf_putn(MdfBuf *b, const char *s, size_t n);
void buf_puts(MdfBuf *b, const char *s);
void buf_putc(MdfBuf *b, char c);
void buf_printf(MdfBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A JSON string literal, quotes included, always valid UTF-8: every control
   character, quote and backslash escaped, invalid UTF-8 bytes replaced by
   U+FFFD (\ufffd), invisible and reordering characters (bidi overrides and
   isolates, zero-width marks, U+2028/2029) written as \u escapes; other
   UTF-8 passes through. */
void buf_json_string(MdfBuf *b, const char *s);
/* A double printed like C's %g with `sig` significant digits, deterministic. */
void buf_double(MdfBuf *b, double v, int sig);

#endif
