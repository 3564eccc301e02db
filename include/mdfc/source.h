/*
** source.h: source files and the byte-offset -> line/column mapping.
** Spans store only byte offsets; lines and columns are derived when a
** diagnostic is rendered (one line table per file, built on demand).
*/
#ifndef MDFC_SOURCE_H
#define MDFC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

/* A half-open byte range [lo, hi) in source file `file` (index into the
   context's source table).  file == SPAN_NOFILE means "no location". */
typedef struct Span {
	uint32_t file;
	uint32_t lo, hi;
} Span;

#define SPAN_NOFILE UINT32_MAX
static inline Span span_none(void) { Span s = {SPAN_NOFILE, 0, 0}; return s; }
static inline Span span_join(Span a, Span b)
{
	if (a.file == SPAN_NOFILE) return b;
	if (b.file == SPAN_NOFILE || b.file != a.file) return a;
	Span s = {a.file, a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
	return s;
}

typedef struct Source {
	const char *name;       /* as given by the user (or --stdin-filename) */
	const char *path;       /* resolved path used for imports; may equal name */
	const char *text;       /* copy owned by the arena, followed by two NUL bytes */
	size_t len;
	uint32_t *lines;        /* byte offset of each line start, built lazily */
	size_t nlines;
	Span from;              /* the import that loaded it; span_none() for a root */
	bool binary;            /* not text (an ONNX model): located by byte offset */
} Source;

/* 1-based line and column (column counts bytes) of byte offset `off`. */
typedef struct LineCol { uint32_t line, col; } LineCol;

#endif
