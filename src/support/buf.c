/*
** buf.c: growable text buffer.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/buf.h"

void
buf_free(MdfBuf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void
buf_reset(MdfBuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

static bool
reserve(MdfBuf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (extra > (size_t)-1 / 2 - b->len) {
		b->oom = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
buf_putn(MdfBuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void buf_puts(MdfBuf *b, const char *s) { buf_putn(b, s, strlen(s)); }
void buf_putc(MdfBuf *b, char c) { buf_putn(b, &c, 1); }

void
buf_printf(MdfBuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_putn(b, small, (size_t)n);
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence of 2 to 4 bytes at p, or 0 (a stray
   continuation byte, a truncated sequence, an overlong form, a surrogate,
   beyond U+10FFFF).  p is NUL-terminated, so reading stops at the NUL. */
static size_t
utf8_seq(const unsigned char *p)
{
	size_t k = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
		 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((k == 3 && p[0] == 0xe0 && p[1] < 0xa0) || (k == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
	    (k == 4 && p[0] == 0xf0 && p[1] < 0x90) || (k == 4 && p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return k;
}

void
buf_json_string(MdfBuf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				buf_printf(b, "\\u%04x", *p);
			} else if (*p < 0x80) {
				buf_putc(b, (char)*p);
			} else {
				size_t k = utf8_seq(p);
				if (k == 0) {
					buf_puts(b, "\\ufffd");      /* invalid UTF-8: the replacement character */
					break;
				}
				unsigned cp = k == 2 ? ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu)
					    : k == 3 ? ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu)
					    : 0;
				if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
				    (cp >= 0x200b && cp <= 0x200f) || cp == 0xfeff || cp == 0x2028 || cp == 0x2029)
					buf_printf(b, "\\u%04x", cp);   /* invisible or reordering: escaped */
				else
					buf_putn(b, (const char *)p, k);
				p += k - 1;
			}
		}
	}
	buf_putc(b, '"');
}

void
buf_double(MdfBuf *b, double v, int sig)
{
	if (v != v) {
		buf_puts(b, "nan");
		return;
	}
	buf_printf(b, "%.*g", sig, v);
}
