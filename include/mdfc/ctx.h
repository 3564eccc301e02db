/*
** ctx.h: one compilation.  Owns the arena (AST, IR, strings, diagnostics),
** the table of source files and the diagnostics.  No global mutable state
** anywhere in the library: many contexts can live in one process.
**
** Threads: ONE MdfCtx PER THREAD.  A context, and everything allocated in
** it (the IR, cost results, MdfCostEval sweep evaluators), must be used by
** one thread at a time: its arena and diagnostics are not locked.  Threads
** that evaluate in parallel each create their own context (and compile
** their own copy of the input); tests/unit/test_threads.c checks this
** under ThreadSanitizer.
*/
#ifndef MDFC_CTX_H
#define MDFC_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "mdfc/arena.h"
#include "mdfc/diag.h"
#include "mdfc/source.h"

/* Resource limits (docs/reliability.md).  0 in MdfOptions means default. */
typedef struct MdfLimits {
	size_t max_file_bytes;      /* all the files of a compilation together, default 4 MiB */
	uint32_t max_nesting;       /* expression / block nesting, default 256 */
	uint32_t max_import_depth;  /* default 64 */
	uint32_t max_imports;       /* default 1024 */
	uint64_t max_expansion;     /* total loop iterations + layers + directives, default 1,000,000 */
	uint32_t max_layers;        /* all networks together, default 10,000 */
	uint32_t max_cluster_depth; /* Clusters in one dataflow, default and at most IR_MAX_LEVELS - 1 (15) */
} MdfLimits;

typedef struct MdfDefine {
	const char *name;
	const char *value;          /* text of an integer expression */
} MdfDefine;

typedef struct MdfOptions {
	const char *const *include_dirs;    /* -I, in order */
	size_t ninclude_dirs;
	const char *stdlib_dir;             /* installed stdlib folder, or NULL */
	bool use_env_path;                  /* consult MDF_PATH */
	const MdfDefine *defines;           /* -D NAME=VALUE */
	size_t ndefines;
	MdfLimits limits;
	size_t max_errors;                  /* 0 = unlimited */
	bool restrict_imports;              /* imports only from the root file's folder, -I folders, stdlib */
	/* Per warning code (indexed by DiagCode, DIAG__COUNT entries): a
	   DiagLevel that allows it, keeps it a warning or makes it an error.
	   NULL: every code keeps its severity.  Errors cannot be lowered. */
	const unsigned char *diag_levels;
	/* Unsaved editor buffers (the language server): a file whose real
	   path equals an overlay's `path` is read from its text, not the disk. */
	const struct MdfOverlay *overlays;
	size_t noverlays;
} MdfOptions;

typedef struct MdfOverlay {
	const char *path;                   /* canonical (realpath) */
	const char *text;
	size_t len;
} MdfOverlay;

typedef struct MdfCtx {
	Arena *arena;
	MdfOptions opt;
	Source *sources;
	uint32_t nsources, capsources;
	size_t source_bytes;        /* read so far (MdfLimits.max_file_bytes) */
	DiagBag diags;
} MdfCtx;

MdfCtx *mdf_ctx_new(const MdfOptions *opt);    /* NULL on OOM; opt may be NULL */
void mdf_ctx_free(MdfCtx *ctx);

/* Add a source (text is copied into the arena); returns its index. */
uint32_t mdf_ctx_add_source(MdfCtx *ctx, const char *name, const char *path,
			    const char *text, size_t len);
/* Read a file into a new source; on failure records E0801 at `from` and
   returns SPAN_NOFILE. */
uint32_t mdf_ctx_read_file(MdfCtx *ctx, const char *name, const char *path, Span from);
/* The same for an open stream (standard input); the caller closes it. */
uint32_t mdf_ctx_read_stream(MdfCtx *ctx, const char *name, const char *path, FILE *f, Span from);
LineCol mdf_ctx_linecol(MdfCtx *ctx, uint32_t file, uint32_t off);
/* The text of the line containing `off` (without newline). */
const char *mdf_ctx_line_text(MdfCtx *ctx, uint32_t file, uint32_t off, size_t *len);

static inline bool mdf_ctx_failed(const MdfCtx *ctx) { return ctx->diags.nerrors > 0; }

#endif
