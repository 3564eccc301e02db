/*
** main.c: the mdfc driver.  Runs the pipeline once per input file, each in
** its own context, renders diagnostics and writes outputs.  The only code
** in mdfc that prints or exits.
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mdfc/mdfc.h"
#include "mdfc/outfile.h"
#include "mdfc/render.h"
#include "backends.h"
#include "driver_cmds.h"
#include "options.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* SIGINT and SIGTERM (the only global state of mdfc, as a signal handler
   needs it): outside a cross-check, the -o temporary file is removed and
   the signal takes its default course; during one, the handler only sets
   `got_signal` and the cross-check kills its child process group, removes
   its temporary folder and returns, then the driver does the same. */
static volatile sig_atomic_t got_signal, in_crosscheck;
static const char *volatile tmp_output;

static void
on_signal(int sig)
{
	got_signal = sig;
	if (in_crosscheck)
		return;
	if (tmp_output)
		unlink(tmp_output);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static bool
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The stdlib folder: PREFIX/share/mdfc/stdlib beside an installed binary,
   else the source tree's stdlib/ (a binary run from its build folder). */
static const char *
find_stdlib(char *buf, size_t n)
{
	const char *env = getenv("MDFC_STDLIB");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			snprintf(buf, n, "%s/../%s", exe, MDFC_STDLIB_REL);
			if (is_dir(buf))
				return buf;
		}
	}
	return is_dir(MDFC_STDLIB_SOURCE_DIR) ? MDFC_STDLIB_SOURCE_DIR : NULL;
}

static void
hw_from_flags(IrHw *hw, const DriverOpts *o)
{
	IrHw f;
	memset(&f, 0, sizeof f);
	f.set = o->hw_set;
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) f.MEMBER = o->hw_val[HW_##NAME];
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT)
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
	for (int i = 0; i < HW__COUNT; i++)
		f.field_span[i] = span_none();
	ir_hw_overlay(hw, &f);
}

/* A MAESTRO hardware file resets every key it does not name (1 PE, 1 hop,
   INT_MAX for the rest); mdfc keeps the value from lower precedence.  Say
   so for the keys that change MAESTRO's figures (its L1/L2 sizes only
   feed its warnings), unless a flag sets them. */
static void
warn_hw_resets(MdfCtx *ctx, uint32_t file, const IrHw *h, uint32_t flag_set, const IrHw *hw)
{
	static const struct { int field; const char *key; int64_t maestro; } keys[] = {
		{HW_NUM_PES, "num_pes", 1},
		{HW_NOC_BW, "noc_bw_cstr", INT32_MAX},
		{HW_NOC_LATENCY, "NoC_NumHops", 1},
		{HW_OFFCHIP_BW, "offchip_bw_cstr", INT32_MAX},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int f = keys[i].field;
		if ((h->set | flag_set) & (1u << f))
			continue;
		int64_t v = ir_hw_int(hw, f);
		if (v == keys[i].maestro)
			continue;
		Span at = {file, 0, 0};
		Diag *d = diag_emit(ctx, DIAG_W0802, at,
				    "hardware file %s sets no `%s`: mdfc uses %lld, MAESTRO would use %lld",
				    ctx->sources[file].name, keys[i].key, (long long)v, (long long)keys[i].maestro);
		diag_hint(ctx, d, "MAESTRO resets every key a hardware file leaves out; add `%s: %lld` "
			  "to the file, or give it as a flag, to compare the two", keys[i].key, (long long)v);
	}
}

/* Where results go: standard output, or -o FILE through an atomic
   MdfOutFile (mdfc/outfile.h), renamed into place only when the run
   succeeds. */
typedef struct Output {
	MdfOutFile file;        /* file.f == NULL: standard output */
	const char *name;
	struct stat st;         /* the existing -o file, when have_st */
	bool have_st;
	bool wrote;
	int err;                /* first write error on standard output */
} Output;

static void
out_write(Output *out, const MdfBuf *b)
{
	if (!b->len)
		return;
	out->wrote = true;
	if (out->file.f) {
		mdf_out_write(&out->file, b->data, b->len);
		return;
	}
	errno = 0;
	if (fwrite(b->data, 1, b->len, stdout) != b->len && !out->err)
		out->err = errno ? errno : EIO;
}

/* Flush standard output; 0 or the errno of the first failed write. */
static int
stdout_finish(int err)
{
	errno = 0;
	if (fflush(stdout) != 0 && !err)
		err = errno ? errno : EIO;
	if (ferror(stdout) && !err)
		err = EIO;
	return err;
}

/* True (with a usage error printed) when `path` is the -o file: writing
   there would destroy an input of the compilation. */
static bool
is_output(const Output *out, const char *path, const char *what)
{
	struct stat st;
	if (!out->have_st || stat(path, &st) != 0 || st.st_dev != out->st.st_dev || st.st_ino != out->st.st_ino)
		return false;
	fprintf(stderr, "mdfc: error: -o '%s' names %s; choose another output file\n", out->name, what);
	return true;
}

static bool
use_color(const DriverOpts *o)
{
	if (o->color >= 0)
		return o->color;
	const char *nc = getenv("NO_COLOR");
	return isatty(STDERR_FILENO) && !(nc && *nc);
}

/* Compile one input; returns its exit status. */
static int
run_one(const DriverOpts *o, MdfOptions *mo, const char *input, Output *out)
{
	MdfCtx *ctx = mdf_ctx_new(mo);
	if (!ctx) {
		fprintf(stderr, "mdfc: error: out of memory\n");
		return EXIT_INTERNAL;
	}
	int status = EXIT_OK;
	uint32_t file;
	if (strcmp(input, "-") == 0) {
		const char *name = o->stdin_name ? o->stdin_name : "<stdin>";
		file = mdf_ctx_read_stream(ctx, name, o->stdin_name ? o->stdin_name : "./<stdin>",
					   stdin, span_none());
	} else {
		if (is_dir(input)) {
			fprintf(stderr, "mdfc: error: '%s' is a folder, not a file\n", input);
			mdf_ctx_free(ctx);
			return EXIT_USAGE;
		}
		file = mdf_ctx_read_file(ctx, input, input, span_none());
	}
	if (file == SPAN_NOFILE) {
		/* the diagnostic says why (cannot read, too large) */
		MdfBuf b = {0};
		mdf_render_text(ctx, &b, false);
		fputs(b.data ? b.data : "", stderr);
		buf_free(&b);
		mdf_ctx_free(ctx);
		return EXIT_USAGE;
	}

	MdfBuf result = {0};
	MdfBuf searched = {0};          /* --search -o: the winners' .mdf */
	IrModule *m = NULL;
	IrHw hw;
	ir_hw_defaults(&hw);

	if (o->emit == EMIT_AST && !o->check) {
		if (!mdf_emit_ast(ctx, file, &result))
			status = EXIT_INPUT;
		goto done;
	}

	m = mdf_front(ctx, file);

	/* Hardware: defaults < Accelerator in the input < --hw file < flags. */
	bool ambiguous, missing;
	const IrHw *hw_file = NULL;
	uint32_t hw_file_id = 0;
	const IrHw *inl = ir_module_accel(m, o->hw_file ? NULL : o->accel, &ambiguous, &missing);
	if (inl)
		ir_hw_overlay(&hw, inl);
	else if (ambiguous && !o->hw_file && !o->check)
		fprintf(stderr, "mdfc: warning: %s has several Accelerator blocks; using the defaults "
			"(choose one with --accel NAME)\n", input);
	else if (missing && !o->hw_file) {
		fprintf(stderr, "mdfc: error: no Accelerator named '%s' in %s\n", o->accel, input);
		status = EXIT_USAGE;
		goto done;
	}
	if (o->hw_file) {
		uint32_t hf = mdf_ctx_read_file(ctx, o->hw_file, o->hw_file, span_none());
		if (hf == SPAN_NOFILE) {
			status = EXIT_USAGE;
			goto done;
		}
		IrModule *hm = mdf_front(ctx, hf);
		const IrHw *h = ir_module_accel(hm, o->accel, &ambiguous, &missing);
		if (hm && !h) {
			fprintf(stderr, "mdfc: error: %s: %s\n", o->hw_file,
				missing ? "no Accelerator of that name" :
				ambiguous ? "several Accelerator blocks; choose one with --accel NAME" :
				"no hardware description in this file");
			status = EXIT_USAGE;
			goto done;
		}
		if (h)
			ir_hw_overlay(&hw, h);
		hw_file = h;
		hw_file_id = hf;
	}
	hw_from_flags(&hw, o);
	for (uint32_t i = 0; i < ctx->nsources; i++) {
		char what[64 + PATH_MAX];
		snprintf(what, sizeof what, "'%s', which %s reads", ctx->sources[i].path, input);
		if (i > 0 && is_output(out, ctx->sources[i].path, what)) {
			status = EXIT_USAGE;
			goto done;
		}
	}
	if (hw_file && !hw_file->name && !o->check)
		warn_hw_resets(ctx, hw_file_id, hw_file, o->hw_set, &hw);

	if (m && !o->check && (o->nsweeps > 0 || o->dse)) {
		/* docs/explore.md: the --hw file and the flags stay above the
		   file's Accelerator block at every point */
		IrHw over;
		memset(&over, 0, sizeof over);
		if (hw_file)
			ir_hw_overlay(&over, hw_file);
		hw_from_flags(&over, o);
		status = backend_explore(ctx, file, &over, o, &result);
		goto done;
	}
	if (m)
		mdf_passes(ctx, m, &hw);
	if (mdf_ctx_failed(ctx) || !m || o->check)
		goto done;

	if (o->emit != EMIT_IR) {
		uint32_t nlayers = 0;
		for (uint32_t i = 0; i < m->nnetworks; i++)
			nlayers += m->networks[i].nlayers;
		if (nlayers == 0) {
			Span at = {file, 0, 0};
			diag_emit(ctx, DIAG_W0801, at, "%s has no Network with layers: nothing to report",
				  ctx->sources[file].name);
			goto done;
		}
	}
	if (o->search) {
		status = backend_search(ctx, m, &hw, o, &result, &searched);
		goto done;
	}
	switch (o->emit) {
	case EMIT_IR:
		mdf_emit_ir(m, &result);
		break;
	case EMIT_TABLE:
	case EMIT_CSV:
	case EMIT_JSON:
	case EMIT_HTML:
		if (!o->crosscheck && !backend_cost(ctx, m, &hw, o, &result))
			status = EXIT_INPUT;
		break;
	case EMIT_C:
		if (!backend_c(ctx, m, &hw, o, &result))
			status = EXIT_INPUT;
		break;
	case EMIT_LOOPS:
		if (!backend_loops(ctx, m, &hw, &result))
			status = EXIT_INPUT;
		break;
	case EMIT_AST:
		break;
	}
	if (o->crosscheck && status == EXIT_OK) {
		in_crosscheck = 1;
		int rc = backend_crosscheck(ctx, m, &hw, o, &result, &got_signal);
		in_crosscheck = 0;
		if (got_signal)
			on_signal(got_signal);      /* its children are gone, its folder removed */
		if (rc)
			status = rc;
	}

done:
	if (mdf_ctx_failed(ctx) && status == EXIT_OK)
		status = EXIT_INPUT;
	for (size_t i = 0; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].code == DIAG_E0999)
			status = EXIT_INTERNAL;
	MdfBuf diags = {0};
	if (o->diag_json || o->diag_short) {
		if (o->diag_json)
			mdf_render_json(ctx, file, &diags);
		else
			mdf_render_short(ctx, &diags);
		fputs(diags.data ? diags.data : "", o->check ? stdout : stderr);
	} else {
		mdf_render_text(ctx, &diags, use_color(o));
		fputs(diags.data ? diags.data : "", stderr);
	}
	if (status != EXIT_INTERNAL && (result.oom || diags.oom)) {
		fprintf(stderr, "mdfc: error: out of memory\n");
		status = EXIT_INTERNAL;
	}
	if (status == EXIT_OK && o->search && !(o->nsweeps > 0 || o->dse) && o->output) {
		/* the report on standard output, the .mdf file to -o */
		Output std;
		memset(&std, 0, sizeof std);
		out_write(&std, &result);
		if (!out->err)
			out->err = std.err;
		out_write(out, &searched);
	} else if (status == EXIT_OK || o->crosscheck || (status == EXIT_INPUT && (o->nsweeps > 0 || o->dse)))
		out_write(out, &result);        /* a sweep's failed points are rows of its output */
	buf_free(&diags);
	buf_free(&searched);
	buf_free(&result);
	mdf_ctx_free(ctx);
	return status;
}

int
main(int argc, char **argv)
{
	DriverOpts o;
	int rc = driver_parse_args(argc, argv, &o);
	if (rc >= 0) {
		/* --help, --version, --list-codes, --explain: their text must arrive */
		int e = stdout_finish(0);
		if (e) {
			fprintf(stderr, "mdfc: error: cannot write to standard output: %s\n", strerror(e));
			rc = EXIT_USAGE;
		}
		driver_free_args(&o);
		return rc;
	}
	if (o.import_onnx) {
		rc = driver_import(&o, use_color(&o));
		driver_free_args(&o);
		return rc;
	}

	catch_signals();
	char stdlib_buf[PATH_MAX + 64];
	MdfOptions mo;
	memset(&mo, 0, sizeof mo);
	mo.include_dirs = o.includes;
	mo.ninclude_dirs = (size_t)o.nincludes;
	mo.stdlib_dir = find_stdlib(stdlib_buf, sizeof stdlib_buf);
	mo.use_env_path = !o.restrict_imports;
	mo.restrict_imports = o.restrict_imports;
	mo.defines = o.defines;
	mo.ndefines = (size_t)o.ndefines;
	mo.max_errors = o.max_errors;
	mo.diag_levels = o.diag_levels;
	if (o.format || o.lsp) {
		int rc2 = o.format ? run_format(&o, &mo) : run_lsp(&o, &mo);
		driver_free_args(&o);
		return rc2;
	}

	Output out;
	memset(&out, 0, sizeof out);
	if (o.output) {
		out.name = o.output;
		out.have_st = stat(o.output, &out.st) == 0 && S_ISREG(out.st.st_mode);
		for (int i = 0; i < o.ninputs; i++)
			if (strcmp(o.inputs[i], "-") != 0 && is_output(&out, o.inputs[i], "an input file")) {
				driver_free_args(&o);
				return EXIT_USAGE;
			}
		if (o.hw_file && is_output(&out, o.hw_file, "the --hw file")) {
			driver_free_args(&o);
			return EXIT_USAGE;
		}
		int e = mdf_out_open(&out.file, o.output);
		if (e) {
			fprintf(stderr, "mdfc: error: cannot write '%s': %s\n", o.output, strerror(e));
			driver_free_args(&o);
			return EXIT_USAGE;
		}
		tmp_output = out.file.tmp;
	}
	int status = EXIT_OK;
	if (o.merge) {
		/* docs/explore.md: the inputs are a sweep's shard outputs */
		MdfBuf merged = {0};
		status = backend_merge(&o, &merged);
		if (status == EXIT_OK || status == EXIT_INPUT)
			out_write(&out, &merged);
		buf_free(&merged);
	}
	for (int i = 0; i < o.ninputs && !o.merge; i++) {
		int s = run_one(&o, &mo, o.inputs[i], &out);
		if (s > status)
			status = s;
	}
	tmp_output = NULL;
	int e;
	if (!o.output)
		e = stdout_finish(out.err);
	else if (status == EXIT_OK || ((o.crosscheck || o.nsweeps > 0 || o.dse || o.merge) &&
					status == EXIT_INPUT && out.wrote))
		e = mdf_out_commit(&out.file);     /* a crosscheck mismatch: the report is the result */
	else {
		mdf_out_abort(&out.file);          /* the old file stays as it was */
		e = 0;
	}
	if (e) {
		if (o.output)
			fprintf(stderr, "mdfc: error: cannot write '%s': %s\n", o.output, strerror(e));
		else
			fprintf(stderr, "mdfc: error: cannot write to standard output: %s\n", strerror(e));
		if (status < EXIT_USAGE)
			status = EXIT_USAGE;
	}
	if (o.output && o.search && !(o.nsweeps > 0 || o.dse) && (e = stdout_finish(out.err)) != 0) {
		/* --search -o: the report went to standard output */
		fprintf(stderr, "mdfc: error: cannot write to standard output: %s\n", strerror(e));
		if (status < EXIT_USAGE)
			status = EXIT_USAGE;
	}
	driver_free_args(&o);
	return status;
}
