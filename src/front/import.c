/*
** import.c: loading a root file and everything it imports.
**
** `import "p";` is looked up, in order, in the importing file's folder, each
** -I folder (MdfOptions.include_dirs), each MDF_PATH folder (only with
** opt.use_env_path) and the installed stdlib folder (opt.stdlib_dir).  An
** absolute path is used as is.  Each file is loaded once, keyed by its
** canonical path (realpath), so diamonds and cycles are harmless: a file
** already loaded or being loaded is simply skipped.  The resulting list is
** in dependency order (a file's imports before the file).
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include "front/front.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

typedef struct Loader {
	MdfCtx *ctx;
	Interner *strs;
	FileSet *set;
	const char **seen;      /* canonical paths, interned */
	uint32_t nseen, capseen;
	uint32_t nimports;
	const char *root_dir;   /* the root file's folder (--restrict-imports) */
} Loader;

static const char *
canonical(Loader *ld, const char *path)
{
	char buf[PATH_MAX];
	if (realpath(path, buf))
		return intern_str(ld->ctx, ld->strs, buf, strlen(buf));
	return intern_str(ld->ctx, ld->strs, path, strlen(path));
}

static bool
seen(Loader *ld, const char *canon)
{
	for (uint32_t i = 0; i < ld->nseen; i++)
		if (ld->seen[i] == canon)
			return true;
	return false;
}

static void
mark_seen(Loader *ld, const char *canon)
{
	const char **v = arena_push_room(ld->ctx->arena, ld->seen, ld->nseen, &ld->capseen, 16, true);
	if (!v)
		return;
	ld->seen = v;
	ld->seen[ld->nseen++] = canon;
}

static void
set_push(Loader *ld, AstFile *f)
{
	FileSet *s = ld->set;
	AstFile **v = arena_push_room(ld->ctx->arena, s->files, s->n, &s->cap, 8, true);
	if (!v)
		return;
	s->files = v;
	s->files[s->n++] = f;
}

/* The folder part of `path` ("" for a bare file name). */
static char *
dir_of(Arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(a, "");
	return arena_strndup(a, path, (size_t)(slash - path) + 1);
}

static char *
join(Arena *a, const char *dir, const char *file)
{
	size_t n = strlen(dir);
	if (n == 0)
		return arena_strdup(a, file);
	return arena_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", file);
}

/* What an import candidate is.  Only regular files outside /proc and /sys
   are read: a FIFO would block forever, a device or /proc/self/environ
   would pour its contents into diagnostics (docs/reliability.md). */
typedef enum Probe { P_OK, P_MISSING, P_LOOP, P_UNREADABLE, P_NOT_REGULAR, P_PSEUDO } Probe;

static Probe
probe(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return errno == ELOOP ? P_LOOP : errno == EACCES ? P_UNREADABLE : P_MISSING;
	if (!S_ISREG(st.st_mode))
		return P_NOT_REGULAR;
#ifdef __linux__
	struct statfs fs;
	if (statfs(path, &fs) == 0 && (fs.f_type == 0x9fa0 /* proc */ || fs.f_type == 0x62656572 /* sysfs */))
		return P_PSEUDO;
#endif
	if (access(path, R_OK) != 0)
		return P_UNREADABLE;
	return P_OK;
}

static const char *const probe_why[] = {
	"", "not found", "a symbolic link loop", "not readable (permission denied)",
	"not a regular file (a folder, FIFO or device)", "a /proc or /sys file",
};

/* --restrict-imports: is the canonical path inside the root file's folder,
   an -I folder or the stdlib? */
static bool
allowed(Loader *ld, const char *canon)
{
	MdfCtx *ctx = ld->ctx;
	char buf[PATH_MAX];
	const char *root = ld->root_dir;
	for (size_t i = 0; i <= ctx->opt.ninclude_dirs + 1; i++) {
		const char *d = i == 0 ? root : i <= ctx->opt.ninclude_dirs ? ctx->opt.include_dirs[i - 1]
			       : ctx->opt.stdlib_dir;
		if (!d || !realpath(d, buf))
			continue;
		size_t n = strlen(buf);
		if (strncmp(canon, buf, n) == 0 && (canon[n] == '/' || (n == 1 && buf[0] == '/')))
			return true;
	}
	return false;
}

/* Candidate folders, in search order; *n set to the count. */
static const char **
search_dirs(Loader *ld, const char *importer_path, const char *importer_name,
	    const char **names, uint32_t *n)
{
	MdfCtx *ctx = ld->ctx;
	Arena *a = ctx->arena;
	size_t cap = 2 + ctx->opt.ninclude_dirs + 64;
	const char **v = arena_array(a, cap, sizeof *v);
	uint32_t k = 0;
	if (!v) {
		*n = 0;
		return NULL;
	}
	names[k] = dir_of(a, importer_name);
	v[k++] = dir_of(a, importer_path);
	for (size_t i = 0; i < ctx->opt.ninclude_dirs; i++) {
		names[k] = ctx->opt.include_dirs[i];
		v[k++] = ctx->opt.include_dirs[i];
	}
	if (ctx->opt.use_env_path) {
		const char *env = getenv("MDF_PATH");
		while (env && *env && k < cap - 1) {
			const char *colon = strchr(env, ':');
			size_t len = colon ? (size_t)(colon - env) : strlen(env);
			if (len > 0) {
				names[k] = arena_strndup(a, env, len);
				v[k] = names[k];
				k++;
			}
			env = colon ? colon + 1 : NULL;
		}
	}
	if (ctx->opt.stdlib_dir && k < cap) {
		/* named, not spelled out: its absolute path depends on the install */
		names[k] = "the standard library";
		v[k++] = ctx->opt.stdlib_dir;
	}
	*n = k;
	return v;
}

static void load(Loader *ld, uint32_t file, uint32_t depth);

static void
do_import(Loader *ld, uint32_t from, const AstNode *imp, uint32_t depth)
{
	MdfCtx *ctx = ld->ctx;
	const char *rel = imp->u.import.path;
	Span at = imp->u.import.path_span;
	if (depth + 1 > ctx->opt.limits.max_import_depth) {
		diag_emit(ctx, DIAG_E0308, at, "imports nested more than %u deep",
			  ctx->opt.limits.max_import_depth);
		ld->set->ok = false;
		return;
	}
	if (rel[0] == '\0') {
		diag_emit(ctx, DIAG_E0303, at, "empty import path");
		ld->set->ok = false;
		return;
	}
	const Source *src = &ctx->sources[from];
	const char *path = NULL, *name = NULL;
	const char *names[2 + 64 + 256];
	uint32_t ndirs = 0;
	const char **dirs = NULL;
	Probe pr = P_MISSING;
	if (rel[0] == '/') {
		pr = probe(rel);
		if (pr != P_MISSING)
			path = name = rel;
	} else {
		size_t maxdirs = 2 + ctx->opt.ninclude_dirs + 64;
		const char **nm = maxdirs <= sizeof names / sizeof names[0] ? names
			: arena_array(ctx->arena, maxdirs, sizeof *nm);
		dirs = nm ? search_dirs(ld, src->path, src->name, nm, &ndirs) : NULL;
		for (uint32_t i = 0; i < ndirs && !path; i++) {
			char *p = join(ctx->arena, dirs[i], rel);
			if (p && (pr = probe(p)) != P_MISSING) {
				path = p;
				/* a file found in the stdlib is named by its real path, so
				   editors can open it; elsewhere, as the user spelled it */
				name = join(ctx->arena, ctx->opt.stdlib_dir && dirs[i] == ctx->opt.stdlib_dir
					    ? dirs[i] : nm[i], rel);
			}
		}
		if (!path) {
			Diag *d = diag_emit(ctx, DIAG_E0303, at, "cannot find imported file \"%s\"", rel);
			MdfBuf b = {0};
			for (uint32_t i = 0; i < ndirs; i++)
				buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == ndirs ? " and " : ", ",
					   nm[i][0] ? nm[i] : "./");
			diag_note(ctx, d, span_none(), "searched in: %s", b.data ? b.data : "(nowhere)");
			buf_free(&b);
			ld->set->ok = false;
			return;
		}
	}
	if (!path) {
		diag_emit(ctx, DIAG_E0303, at, "cannot find imported file \"%s\"", rel);
		ld->set->ok = false;
		return;
	}
	if (pr != P_OK) {
		diag_emit(ctx, DIAG_E0801, at, "cannot import \"%s\": %s is %s", rel, name, probe_why[pr]);
		ld->set->ok = false;
		return;
	}
	const char *canon = canonical(ld, path);
	if (ctx->opt.restrict_imports && !allowed(ld, canon)) {
		Diag *d = diag_emit(ctx, DIAG_E0801, at, "cannot import \"%s\": %s is outside the allowed folders",
				    rel, name);
		diag_hint(ctx, d, "--restrict-imports allows only the input's folder, the -I folders and the "
			  "standard library");
		ld->set->ok = false;
		return;
	}
	if (seen(ld, canon))
		return;     /* import-once; also breaks cycles */
	if (++ld->nimports > ctx->opt.limits.max_imports) {
		diag_emit(ctx, DIAG_E0308, at, "more than %u imported files",
			  ctx->opt.limits.max_imports);
		ld->set->ok = false;
		return;
	}
	mark_seen(ld, canon);
	uint32_t f = mdf_ctx_read_file(ctx, name, path, at);
	if (f == SPAN_NOFILE) {
		ld->set->ok = false;
		return;
	}
	load(ld, f, depth + 1);
}

static void
load(Loader *ld, uint32_t file, uint32_t depth)
{
	AstFile *f = front_parse(ld->ctx, ld->strs, file);
	if (!f) {
		ld->set->ok = false;
		return;
	}
	if (!f->ok)
		ld->set->ok = false;   /* its imports are not followed: they would only add noise */
	for (uint32_t i = 0; f->ok && i < f->items.n; i++)
		if (f->items.v[i]->kind == AST_IMPORT)
			do_import(ld, file, f->items.v[i], depth);
	set_push(ld, f);
}

bool
front_load(MdfCtx *ctx, Interner *strs, uint32_t root, FileSet *set)
{
	Loader ld;
	memset(&ld, 0, sizeof ld);
	ld.ctx = ctx;
	ld.strs = strs;
	ld.set = set;
	set->ok = true;
	if (root >= ctx->nsources)
		return false;
	mark_seen(&ld, canonical(&ld, ctx->sources[root].path));
	ld.root_dir = dir_of(ctx->arena, ctx->sources[root].path);
	if (ld.root_dir && !ld.root_dir[0])
		ld.root_dir = ".";
	load(&ld, root, 0);
	return set->ok;
}
