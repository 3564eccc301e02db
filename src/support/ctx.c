/*
** ctx.c: the compilation context, its source table and line tables.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/ctx.h"
#include "mdfc/ir.h"

static const MdfLimits default_limits = {
	.max_file_bytes = 4u * 1024 * 1024,
	.max_nesting = 256,
	.max_import_depth = 64,
	.max_imports = 1024,
	.max_expansion = 1000000,
	.max_layers = 10000,
	.max_cluster_depth = IR_MAX_LEVELS - 1,
};

MdfCtx *
mdf_ctx_new(const MdfOptions *opt)
{
	MdfCtx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	ctx->arena = arena_new();
	if (!ctx->arena) {
		free(ctx);
		return NULL;
	}
	if (opt)
		ctx->opt = *opt;
	MdfLimits *l = &ctx->opt.limits;
	const MdfLimits *d = &default_limits;
	if (!l->max_file_bytes) l->max_file_bytes = d->max_file_bytes;
	if (!l->max_nesting) l->max_nesting = d->max_nesting;
	if (!l->max_import_depth) l->max_import_depth = d->max_import_depth;
	if (!l->max_imports) l->max_imports = d->max_imports;
	if (!l->max_expansion) l->max_expansion = d->max_expansion;
	if (!l->max_layers) l->max_layers = d->max_layers;
	if (!l->max_cluster_depth || l->max_cluster_depth > d->max_cluster_depth)
		l->max_cluster_depth = d->max_cluster_depth;     /* the backends' own limit */
	ctx->diags.max_errors = ctx->opt.max_errors;
	return ctx;
}

void
mdf_ctx_free(MdfCtx *ctx)
{
	if (!ctx)
		return;
	arena_free(ctx->arena);
	free(ctx);
}

/* A new source whose text `t` (len bytes and two NULs after them: the
   scanner reads it in place, src/front/parse.c) is already in the arena;
   NULL t (out of memory) fails. */
static uint32_t
add_source_text(MdfCtx *ctx, const char *name, const char *path, const char *t, size_t len)
{
	Source *v = arena_push_room(ctx->arena, ctx->sources, ctx->nsources, &ctx->capsources, 8, true);
	if (!v)
		return SPAN_NOFILE;
	ctx->sources = v;
	Source *s = &ctx->sources[ctx->nsources];
	memset(s, 0, sizeof *s);
	s->name = arena_strdup(ctx->arena, name);
	s->path = arena_strdup(ctx->arena, path ? path : name);
	s->text = t;
	s->len = len;
	s->from = span_none();
	if (!s->name || !s->path || !s->text)
		return SPAN_NOFILE;
	return ctx->nsources++;
}

uint32_t
mdf_ctx_add_source(MdfCtx *ctx, const char *name, const char *path,
		   const char *text, size_t len)
{
	char *t = len < SIZE_MAX - 2 ? arena_alloc_raw(ctx->arena, len + 2) : NULL;
	if (t) {
		memcpy(t, text, len);
		t[len] = t[len + 1] = '\0';
	}
	return add_source_text(ctx, name, path, t, len);
}

/* Read all of `f` into a new source: shared by files and standard input,
   so both get the same size limit and errors. */
uint32_t
mdf_ctx_read_stream(MdfCtx *ctx, const char *name, const char *path, FILE *f, Span from)
{
	size_t cap = 4096, n = 0;
	bool sized = false;
	/* a regular file under the limit: a buffer of its size (and one byte
	   for the read that finds its end), read without growing */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (unsigned long long)st.st_size < ctx->opt.limits.max_file_bytes) {
		cap = (size_t)st.st_size + 1;
		sized = true;
	}
	/* A regular file is read straight into the arena, where its source
	   text stays (two bytes more for the NULs after it), instead of being
	   copied there afterwards; a stream, or a file that grows while being
	   read, goes through a malloc'd buffer. */
	char *in_arena = sized ? arena_alloc_raw(ctx->arena, cap + 2) : NULL;
	char *buf = in_arena ? in_arena : malloc(cap);
	bool too_big = false;
	while (buf) {
		if (n == cap) {
			if (cap > ctx->opt.limits.max_file_bytes) {
				too_big = true;
				break;
			}
			char *nb = buf == in_arena ? malloc(cap * 2) : realloc(buf, cap * 2);
			if (!nb) {
				if (buf != in_arena)
					free(buf);
				buf = NULL;
				break;
			}
			if (buf == in_arena)
				memcpy(nb, buf, n);
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (!buf || ferror(f)) {
		diag_emit(ctx, DIAG_E0801, from, "cannot read '%s'%s", name, buf ? ": read error" : ": out of memory");
		if (buf != in_arena)
			free(buf);
		return SPAN_NOFILE;
	}
	if (too_big || n > ctx->opt.limits.max_file_bytes) {
		if (buf != in_arena)
			free(buf);
		diag_emit(ctx, DIAG_E0802, from, "'%s' is larger than the limit of %zu bytes",
			  name, ctx->opt.limits.max_file_bytes);
		return SPAN_NOFILE;
	}
	if (n > ctx->opt.limits.max_file_bytes - ctx->source_bytes) {
		/* the limit holds for all the files of a compilation together:
		   1024 imports of the largest file would otherwise be allowed */
		if (buf != in_arena)
			free(buf);
		diag_emit(ctx, DIAG_E0802, from, "reading '%s' would take this compilation's files past "
			  "the limit of %zu bytes in total", name, ctx->opt.limits.max_file_bytes);
		return SPAN_NOFILE;
	}
	ctx->source_bytes += n;
	uint32_t id;
	if (buf == in_arena) {
		buf[n] = buf[n + 1] = '\0';
		id = add_source_text(ctx, name, path, buf, n);
	} else {
		id = mdf_ctx_add_source(ctx, name, path, buf, n);
		free(buf);
	}
	if (id != SPAN_NOFILE)
		ctx->sources[id].from = from;
	return id;
}

/* The unsaved buffer standing for `path`, if any (the language server). */
static const MdfOverlay *
find_overlay(MdfCtx *ctx, const char *path)
{
	if (!ctx->opt.noverlays)
		return NULL;
	char *canon = realpath(path, NULL);
	const MdfOverlay *hit = NULL;
	for (size_t i = 0; i < ctx->opt.noverlays && !hit; i++)
		if (strcmp(ctx->opt.overlays[i].path, canon ? canon : path) == 0)
			hit = &ctx->opt.overlays[i];
	free(canon);
	return hit;
}

uint32_t
mdf_ctx_read_file(MdfCtx *ctx, const char *name, const char *path, Span from)
{
	const MdfOverlay *ov = find_overlay(ctx, path);
	if (ov) {
		if (ov->len > ctx->opt.limits.max_file_bytes) {
			diag_emit(ctx, DIAG_E0802, from, "'%s' is larger than the limit of %zu bytes",
				  name, ctx->opt.limits.max_file_bytes);
			return SPAN_NOFILE;
		}
		uint32_t id = mdf_ctx_add_source(ctx, name, path, ov->text, ov->len);
		if (id != SPAN_NOFILE)
			ctx->sources[id].from = from;
		return id;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_emit(ctx, DIAG_E0801, from, "cannot read '%s': %s", name, strerror(errno));
		return SPAN_NOFILE;
	}
	uint32_t id = mdf_ctx_read_stream(ctx, name, path, f, from);
	fclose(f);
	return id;
}

/* The line starts of a source, built the first time a diagnostic needs a
   line or column (memchr: most runs render few diagnostics, and the text
   may be large). */
static size_t
line_starts(const Source *s, uint32_t *out)
{
	size_t n = 1;
	const char *p = s->text, *end = s->text + s->len;
	if (out)
		out[0] = 0;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		if (out)
			out[n] = (uint32_t)(p - s->text);
		n++;
	}
	return n;
}

static void
build_lines(MdfCtx *ctx, Source *s)
{
	size_t n = line_starts(s, NULL);
	s->lines = arena_array(ctx->arena, n, sizeof *s->lines);
	if (!s->lines)
		return;
	line_starts(s, s->lines);
	s->nlines = n;
}

LineCol
mdf_ctx_linecol(MdfCtx *ctx, uint32_t file, uint32_t off)
{
	LineCol lc = {0, 0};
	if (file >= ctx->nsources)
		return lc;
	Source *s = &ctx->sources[file];
	if (!s->lines)
		build_lines(ctx, s);
	if (!s->lines)
		return lc;
	if (off > s->len)
		off = (uint32_t)s->len;
	size_t lo = 0, hi = s->nlines;      /* last line start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	lc.line = (uint32_t)lo + 1;
	lc.col = off - s->lines[lo] + 1;
	return lc;
}

const char *
mdf_ctx_line_text(MdfCtx *ctx, uint32_t file, uint32_t off, size_t *len)
{
	*len = 0;
	if (file >= ctx->nsources)
		return "";
	LineCol lc = mdf_ctx_linecol(ctx, file, off);
	Source *s = &ctx->sources[file];
	if (!lc.line)
		return "";
	size_t start = s->lines[lc.line - 1];
	const char *nl = memchr(s->text + start, '\n', s->len - start);
	size_t end = nl ? (size_t)(nl - s->text) : s->len;
	if (end > start && s->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return s->text + start;
}
