/*
** crosscheck.c: emit the loop nests, compile them with the system C
** compiler in a temporary folder, run them, read their JSON, and compare
** the executed counts with the cost model's (docs/loop-nest.md).
**
** Library code: runs processes but never prints; the per-layer table goes
** into the caller's buffer and every failure is a diagnostic (E0702-E0705,
** W0701).  The temporary folder is removed unless opts->keep_temp.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "mdfc/cgen.h"
#include "mdfc/cost.h"
#include "mdfc/diag.h"
#include "cgen_int.h"

static const char *const tensor_key[3] = {"input", "weight", "output"};

/* Whole file into the arena (NUL-terminated); NULL if unreadable. */
static char *
slurp(Arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		/* room for a 4 KiB read and the NUL */
		char *g = arena_reserve_sz(a, s, n, 4096 + 1, &cap, 8192, 1, true);
		if (!g) {
			s = NULL;
			break;
		}
		s = g;
		size_t got = fread(s + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	if (!s)
		return NULL;
	s[n] = 0;
	*len = n;
	return s;
}

static bool
write_file(const char *path, const MdfBuf *b)
{
	FILE *f = fopen(path, "wb");
	bool ok;
	if (!f)
		return false;
	ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	return fclose(f) == 0 && ok;
}

/* How run() ended when it returns -1 with *why set to one of these. */
static const char why_timeout[] = "timed out";
static const char why_cancelled[] = "interrupted";

/* Run argv in the folder `dir` (so a compiler's -save-temps files land in
   the temporary folder too), in a process group of its own, with stdout and
   stderr redirected to files there.  Returns the wait status, or -1 with the
   reason in *why: it could not start, it ran past `timeout` seconds, or
   *cancel became non-zero (a signal in the caller).  On a timeout or a
   cancel the whole process group is killed and reaped: nothing it started
   runs on. */
/* A progress file the running program appends "net layer MACs" lines to
   (cg_progress in runtime.c): each new line is reported as its layer
   starts. */
typedef struct Watch {
	const char *path;
	long off;
	const IrModule *m;
	const MdfCrosscheckOpts *o;
	int64_t done_macs, total_macs;
	uint32_t nstarted, nlayers;
	struct timespec t0;
	char last[160];         /* the layer running */
} Watch;

static double
since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
watch_poll(Watch *w)
{
	FILE *f = w && w->path ? fopen(w->path, "r") : NULL;
	if (!f)
		return;
	char line[128];
	if (fseek(f, w->off, SEEK_SET) == 0)
		while (fgets(line, sizeof line, f) && strchr(line, '\n')) {
			long long ni, li, macs;
			w->off = ftell(f);
			if (sscanf(line, "%lld %lld %lld", &ni, &li, &macs) != 3 || ni < 0 || li < 0 ||
			    (uint64_t)ni >= w->m->nnetworks || (uint64_t)li >= w->m->networks[ni].nlayers)
				continue;
			char msg[512];
			const IrLayer *l = &w->m->networks[ni].layers[li];
			w->nstarted++;
			snprintf(msg, sizeof msg, "cross-check: layer %u of %u, %s: %lld MACs (%.0f%% of the MACs done, "
				 "%.1f s)", w->nstarted, w->nlayers, l->name ? l->name : "?", macs,
				 w->total_macs ? 100.0 * (double)w->done_macs / (double)w->total_macs : 100.0,
				 since(&w->t0));
			w->done_macs += macs;
			w->o->progress(w->o->progress_arg, msg);
		}
	fclose(f);
}

static int
run(char *const argv[], const char *dir, const char *out, const char *err, int timeout,
    volatile sig_atomic_t *cancel, const char **why, Watch *watch)
{
	int pfd[2];
	int st = -1, child_errno = 0;
	if (pipe(pfd) != 0) {
		*why = strerror(errno);
		return -1;
	}
	(void)fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid < 0) {
		*why = strerror(errno);
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		/* the child: only async-signal-safe calls until exec */
		int e, fd;
		close(pfd[0]);
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		if (chdir(dir) != 0)
			goto fail;
		if ((fd = open("/dev/null", O_RDONLY)) < 0 || dup2(fd, 0) < 0)
			goto fail;
		close(fd);
		if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 || dup2(fd, 1) < 0)
			goto fail;
		close(fd);
		if (strcmp(out, err) == 0) {
			if (dup2(1, 2) < 0)
				goto fail;
		} else if ((fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 || dup2(fd, 2) < 0) {
			goto fail;
		} else {
			close(fd);
		}
		execvp(argv[0], argv);
	fail:
		e = errno;
		if (write(pfd[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(pid, pid);      /* also here: no race with the kill below */
	close(pfd[1]);
	/* exec succeeded when the pipe closes without data (close-on-exec) */
	ssize_t got;
	while ((got = read(pfd[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR)
		;
	close(pfd[0]);
	struct timespec t0, now, nap = {0, 5 * 1000 * 1000};
	unsigned polls = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			*why = "waitpid failed";
			kill(-pid, SIGKILL);
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		bool late = timeout > 0 && now.tv_sec - t0.tv_sec >= timeout;
		if (late || (cancel && *cancel)) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			*why = late ? why_timeout : why_cancelled;
			return -1;
		}
		nanosleep(&nap, NULL);
		if (watch && ++polls % 40 == 0)         /* every 0.2 s */
			watch_poll(watch);
	}
	if (watch)
		watch_poll(watch);
	kill(-pid, SIGKILL);    /* anything the child left running in its group */
	if (got == (ssize_t)sizeof child_errno) {
		*why = strerror(child_errno);
		return -1;
	}
	return st;
}

/* The first `max` lines of a log, indented, for a diagnostic note. */
static const char *
log_excerpt(Arena *a, const char *path, int max)
{
	size_t len = 0, i = 0;
	int lines = 0;
	char *s = slurp(a, path, &len);
	if (!s)
		return "(no output)";
	while (i < len && lines < max)
		if (s[i++] == '\n')
			lines++;
	s[i] = 0;
	while (i > 0 && (s[i - 1] == '\n' || s[i - 1] == '\r'))
		s[--i] = 0;
	return i ? s : "(no output)";
}

/* The program's explanation for one layer: the indented lines after its
   header line "mdfc loop nest: network N, layer L ...". */
static const char *
layer_block(Arena *a, const char *errtext, uint32_t ni, uint32_t li)
{
	char head[96];
	const char *p, *end;
	snprintf(head, sizeof head, "mdfc loop nest: network %u, layer %u ", ni, li);
	for (p = errtext; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, head, strlen(head)) == 0)
			break;
	if (!p || !*p)
		return "(the loop nest printed no explanation)";
	p = strchr(p, '\n');
	if (!p)
		return "(the loop nest printed no explanation)";
	p++;
	for (end = p; *end == ' ' && strchr(end, '\n'); end = strchr(end, '\n') + 1)
		;
	while (end > p && (end[-1] == '\n'))
		end--;
	return end > p ? arena_strndup(a, p, (size_t)(end - p)) : "(no details)";
}

typedef struct Row {
	const char *metric;
	int64_t model, exec;
	bool must_equal;
} Row;

static void
put_row(MdfBuf *r, const char *metric, int64_t model, bool have_model, int64_t exec, const char *tag)
{
	buf_printf(r, "  %-34s", metric);
	if (have_model)
		buf_printf(r, "%14lld %14lld %14lld", (long long)model, (long long)exec, (long long)(exec - model));
	else
		buf_printf(r, "%14s %14lld %14s", "-", (long long)exec, "-");
	buf_printf(r, "%s%s\n", tag[0] ? "  " : "", tag);
}

/* Figures the model and the loop nest both count that need not be equal
   (traffic, L1/L2 counters, buffer needs; docs/loop-nest.md section 6):
   each row says whether the model is above or below the executed count, and
   the rows where it is below (optimistic) are collected for W0702. */
typedef struct Cmp {
	MdfBuf *r;
	bool have_model;
	uint32_t nbelow;
	MdfBuf below;           /* one line per row below: "metric: model < executed" */
} Cmp;

static void
cmp_row(Cmp *c, const char *metric, int64_t model, int64_t exec)
{
	const char *tag = !c->have_model || model == exec ? "" : model > exec ? "above" : "BELOW";
	put_row(c->r, metric, model, c->have_model, exec, tag);
	if (c->have_model && model < exec) {
		buf_printf(&c->below, "%s  %s: %lld < %lld", c->nbelow ? "\n" : "", metric, (long long)model,
			   (long long)exec);
		c->nbelow++;
	}
}

static void
layer_title(MdfBuf *r, const IrNetwork *net, const IrLayer *l)
{
	buf_puts(r, "layer ");
	buf_json_string(r, l->name);
	buf_puts(r, " of network ");
	buf_json_string(r, net->name);
	buf_printf(r, " (%s)", ir_layer_type_name(l->type));
}

/* The runtime against what the hardware can do (default mode only: compat
   mode keeps MAESTRO's figures, optimistic or not).  The executed step
   bound of a level's run is the sum over its steps of the busiest unit's
   time (docs/loop-nest.md section 6); no schedule of the mapping is
   faster, and no schedule at all beats MACs / (active PEs x SIMD lanes). */
static bool
check_runtime(MdfCtx *ctx, const IrLayer *l, const IrHw *hw, const MdfLayerCost *lc,
	      const JsonVal *levels, int64_t macs, MdfBuf *r)
{
	int64_t pes = 1, simd = hw->simd_lanes > 0 ? hw->simd_lanes : 1;
	bool ok = true;
	char metric[64];
	for (uint32_t i = 0; i < levels->n; i++)
		pes *= cgen_json_int(&levels->items[i], "units", 1);
	int64_t floor_pes = pes > 0 && macs >= 0 ? (macs + pes * simd - 1) / (pes * simd) : 0;
	put_row(r, "runtime >= MACs/(active PEs x SIMD)", lc->runtime, true, floor_pes,
		lc->runtime < floor_pes ? "BELOW" : "");
	for (uint32_t i = 0; i < levels->n; i++) {
		const MdfLevelCost *mc = i < lc->nlevels && lc->levels ? &lc->levels[i] : NULL;
		int64_t b = cgen_json_int(&levels->items[i], "step_bound", -1);
		if (!mc || b < 0)
			continue;
		snprintf(metric, sizeof metric, "L%u runtime >= step bound", i);
		put_row(r, metric, mc->runtime, true, b, mc->runtime < b ? "BELOW" : "");
		if (mc->runtime < b) {
			diag_emit(ctx, DIAG_E0706, i < l->nlevels ? l->levels[i].span : l->dataflow_span,
				  "layer '%s', level %u: the cost model's runtime of %lld cycles is below the %lld its executed steps need",
				  l->name, i, (long long)mc->runtime, (long long)b);
			ok = false;
		}
	}
	if (lc->runtime < floor_pes) {
		diag_emit(ctx, DIAG_E0706, l->dataflow_span,
			  "layer '%s': the cost model's runtime of %lld cycles is below %lld MACs / (%lld PEs x %lld lanes)",
			  l->name, (long long)lc->runtime, (long long)macs, (long long)pes, (long long)simd);
		ok = false;
	}
	return ok;
}

/* The layer's L1 and L2 read and write counters and its buffer needs
   (docs/cost-model.md section 4.1 states the rule each follows) against
   what the loop nest counted, then W0702 for the figures where the model is
   below (default mode).  A difference is no failure: the model may state a
   rule the nest does not follow (above it); below it, the model is
   optimistic, which is what the warning is for. */
static bool
check_counters(MdfCtx *ctx, const IrLayer *l, const MdfCrosscheckOpts *opts, const MdfLayerCost *lc,
	       const JsonVal *rec, Cmp *cmp)
{
	static const char *const what[3][4] = {
		{"input L1 read", "input L1 write", "input L2 read", "input L2 write"},
		{"weight L1 read", "weight L1 write", "weight L2 read", "weight L2 write"},
		{"output L1 read", "output L1 write", "output L2 read", "output L2 write"}};
	const JsonVal *levels = cgen_json_get(rec, "levels");
	const JsonVal *top = &levels->items[0], *inner = &levels->items[levels->n - 1];
	const JsonVal *reads = cgen_json_get(rec, "pe_reads"), *offchip = cgen_json_get(rec, "offchip");
	int64_t l1_need = 0, l2_need = 0;
	cmp->have_model = lc->ok;
	for (int t = 0; t < 3; t++) {
		const MdfTensorCost *tc = &lc->t[t];
		const char *k = tensor_key[t];
		/* executed: operand reads in the PEs; elements written into the
		   top level's units (every unit) or partial sums written; elements
		   the top level took from L2 (multicast once) or that left it;
		   distinct elements loaded from off-chip (output: stored) */
		int64_t ex[4] = {
			cgen_json_int(reads, k, -1),
			t < 2 ? cgen_json_int(cgen_json_get(top, "written"), k, -1) : cgen_json_int(rec, "pe_writes", -1),
			t < 2 ? cgen_json_int(cgen_json_get(top, "delivered"), k, -1) : cgen_json_int(offchip, k, -1),
			t < 2 ? cgen_json_int(offchip, k, -1) : cgen_json_int(top, "left", -1)};
		const int64_t mo[4] = {tc->l1_read, tc->l1_write, tc->l2_read, tc->l2_write};
		for (int j = 0; j < 4; j++)
			cmp_row(cmp, what[t][j], mo[j], ex[j]);
		l1_need += 2 * cgen_json_int(cgen_json_get(inner, "max_tile"), k, -1);
		l2_need += 2 * cgen_json_int(cgen_json_get(top, "held_first"), k, -1);
	}
	cmp_row(cmp, "L1 need (x2 one PE's tiles)", lc->l1_size_req, l1_need);
	cmp_row(cmp, "L2 need (x2 what the units hold)", lc->l2_size_req, l2_need);
	if (opts->compat_maestro || cmp->nbelow == 0 || !lc->ok)
		return true;
	Diag *d = diag_emit(ctx, DIAG_W0702, l->dataflow_span,
			    "layer '%s': %u of the cost model's traffic, counter or buffer figures %s below what the loop nest executed",
			    l->name, cmp->nbelow, cmp->nbelow == 1 ? "is" : "are");
	diag_note(ctx, d, span_none(), "model < executed:\n%s", cmp->below.data ? cmp->below.data : "");
	diag_hint(ctx, d, "the model is optimistic on these figures (docs/cost-model.md section 4); "
		  "report the input with the --crosscheck output");
	return true;
}

/* Compare one layer's record with the model; true when it passes. */
static bool
check_layer(MdfCtx *ctx, const IrNetwork *net, const IrLayer *l, const IrHw *hw,
	    const MdfCrosscheckOpts *opts, const JsonVal *rec, const char *errtext, MdfBuf *r)
{
	MdfCostOpts co = {0};
	MdfLayerCost lc;
	bool have_model, ok = true;
	const JsonVal *levels = cgen_json_get(rec, "levels");
	const JsonVal *okv = cgen_json_get(rec, "ok");
	bool func_ok = okv && okv->kind == JSON_BOOL && okv->b;
	int64_t macs = cgen_json_int(rec, "macs", -1);
	int64_t expected = cgen_json_int(rec, "expected_macs", -1);
	char metric[64];

	co.compat_maestro = opts->compat_maestro;
	memset(&lc, 0, sizeof lc);
	have_model = mdf_cost_layer(ctx, l, hw, &co, &lc) && lc.ok;

	layer_title(r, net, l);
	buf_puts(r, func_ok ? ": output correct, every MAC exactly once\n" : ": OUTPUT WRONG\n");
	if (!func_ok) {
		Diag *d = diag_emit(ctx, DIAG_E0704, l->dataflow_span,
				    "the loop nest of layer '%s' skips or repeats MACs: %lld never computed, %lld computed more than once, %lld output elements wrong",
				    l->name, (long long)cgen_json_int(rec, "missed", 0),
				    (long long)cgen_json_int(rec, "repeated", 0),
				    (long long)cgen_json_int(rec, "wrong_outputs", 0));
		diag_note(ctx, d, span_none(), "the executed nest, against a plain reference nest:\n%s", errtext);
		buf_printf(r, "%s\n", errtext);
		ok = false;
	}
	buf_printf(r, "  %-34s %14s %14s %14s\n", "metric", "model", "executed", "difference");
	put_row(r, "MACs", have_model ? lc.macs : expected, true, macs,
		have_model ? (lc.macs == macs ? "" : "MISMATCH") : "(analytic count; no model figure)");
	if (have_model && lc.macs != macs) {
		diag_emit(ctx, DIAG_E0705, l->dataflow_span,
			  "layer '%s': the cost model counts %lld MACs, the loop nest executed %lld", l->name,
			  (long long)lc.macs, (long long)macs);
		ok = false;
	} else if (!have_model && expected != macs) {
		ok = false;
	}
	if (!have_model)
		buf_puts(r, "  (the cost model gave no figures for this layer)\n");
	else if (!opts->compat_maestro && levels && levels->kind == JSON_ARR && levels->n > 0)
		ok = check_runtime(ctx, l, hw, &lc, levels, macs, r) && ok;
	Cmp cmp = {r, have_model, 0, {0}};
	uint32_t nlv = levels && levels->kind == JSON_ARR ? levels->n : 0;
	for (uint32_t i = 0; i < nlv; i++) {
		const JsonVal *lv = &levels->items[i];
		const MdfLevelCost *mc = have_model && i < lc.nlevels && lc.levels ? &lc.levels[i] : NULL;
		const JsonVal *dfirst = cgen_json_get(lv, "delivered_first");
		const JsonVal *mt = cgen_json_get(lv, "max_tile");
		int64_t it = cgen_json_int(lv, "iterations", -1);

		snprintf(metric, sizeof metric, "L%u iterations", i);
		put_row(r, metric, mc ? mc->iterations : 0, mc != NULL, it,
			mc && mc->iterations != it ? "MISMATCH" : "");
		if (mc && mc->iterations != it) {
			diag_emit(ctx, DIAG_E0705, i < l->nlevels ? l->levels[i].span : l->dataflow_span,
				  "layer '%s', level %u: the cost model counts %lld iterations, the loop nest executed %lld",
				  l->name, i, (long long)mc->iterations, (long long)it);
			ok = false;
		}
		if (cgen_json_int(lv, "steps_first", -1) != it) {
			snprintf(metric, sizeof metric, "L%u steps without a MAC", i);
			put_row(r, metric, 0, false, cgen_json_int(lv, "steps_first", -1) - it, "(not iterations)");
		}
		snprintf(metric, sizeof metric, "L%u MACs (first sub-tile)", i);
		put_row(r, metric, mc ? mc->macs : 0, mc != NULL, cgen_json_int(lv, "macs", -1), "");
		cmp.have_model = mc != NULL;
		for (int t = 0; t < 2; t++) {
			snprintf(metric, sizeof metric, "L%u %s delivered", i, tensor_key[t]);
			cmp_row(&cmp, metric, mc ? mc->l2_read[t] : 0, cgen_json_int(dfirst, tensor_key[t], -1));
		}
		snprintf(metric, sizeof metric, "L%u output leaving", i);
		cmp_row(&cmp, metric, mc ? mc->l2_write[COST_OUTPUT] : 0, cgen_json_int(lv, "left_first", -1));
		for (int t = 0; t < 3; t++) {
			snprintf(metric, sizeof metric, "L%u %s tile per unit (x2)", i, tensor_key[t]);
			cmp_row(&cmp, metric, mc ? mc->downstream[t] : 0, 2 * cgen_json_int(mt, tensor_key[t], -1));
		}
		for (int t = 0; t < 3; t++) {
			snprintf(metric, sizeof metric, "L%u %s held by the units (x2)", i, tensor_key[t]);
			cmp_row(&cmp, metric, mc ? mc->upstream[t] : 0,
				2 * cgen_json_int(cgen_json_get(lv, "held_first"), tensor_key[t], -1));
		}
	}
	if (nlv > 0)
		ok = check_counters(ctx, l, opts, &lc, rec, &cmp) && ok;
	buf_free(&cmp.below);
	return ok;
}

/* Remove the temporary folder and everything in it, whatever the compiler
   left there (-save-temps, -MD, a folder of its own): the folder is ours
   alone (mkdtemp), so every entry in it is ours to remove. */
static void
remove_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d) {
		while ((e = readdir(d)) != NULL) {
			char path[4400];
			struct stat st;
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			int len = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (len < 0 || (size_t)len >= sizeof path)
				continue;
			if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8)
				remove_tree(path, depth + 1);
			else
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

bool
mdf_crosscheck(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const MdfCrosscheckOpts *opts,
	       MdfBuf *report)
{
	static const char *const files[] = {"loopnest.c", "loopnest", "cc.log", "run.json", "run.err"};
	MdfCrosscheckOpts dflt = {0};
	MdfCgenOpts go = {0};
	MdfBuf prog = {0};
	char dir[4096], p_src[4200], p_bin[4200], p_cclog[4200], p_json[4200], p_err[4200];
	const char *tmp, *cc, *why = "";
	char *ccdup, *argv[64];
	int argc = 0, st;
	bool ok = true;

	if (!opts)
		opts = &dflt;
	int cc_timeout = opts->cc_timeout ? opts->cc_timeout : MDF_CROSSCHECK_TIMEOUT;
	int run_timeout = opts->run_timeout ? opts->run_timeout : MDF_CROSSCHECK_TIMEOUT;
	go.max_macs = opts->max_macs;
	go.omit_skipped = true;
	/* The work: MACs of the layers that will run, and a time estimate. */
	Watch watch;
	memset(&watch, 0, sizeof watch);
	watch.m = m;
	watch.o = opts;
	uint32_t nbig = 0;
	for (uint32_t ni = 0; ni < m->nnetworks; ni++)
		for (uint32_t li = 0; li < m->networks[ni].nlayers; li++) {
			const IrLayer *l = &m->networks[ni].layers[li];
			int64_t macs;
			if (!l->normalized || !l->valid || !ir_layer_macs(l, &macs))
				continue;
			if (opts->max_macs > 0 && macs > opts->max_macs) {
				nbig++;
				continue;
			}
			watch.nlayers++;
			if (__builtin_add_overflow(watch.total_macs, macs, &watch.total_macs))
				watch.total_macs = INT64_MAX;
		}
	if (opts->progress && watch.total_macs > MDF_CROSSCHECK_PROGRESS_MACS) {
		char msg[512];
		snprintf(msg, sizeof msg, "cross-check: %u layer%s, %lld MACs to execute: about %.0f s at %d ns "
			 "per MAC, plus compiling%s", watch.nlayers, watch.nlayers == 1 ? "" : "s",
			 (long long)watch.total_macs, (double)watch.total_macs * MDF_CROSSCHECK_NS_PER_MAC / 1e9,
			 MDF_CROSSCHECK_NS_PER_MAC, nbig ? "; larger layers skipped (--crosscheck-max-macs)" : "");
		opts->progress(opts->progress_arg, msg);
		watch.path = "";        /* set once the folder exists */
	}
	if (!mdf_emit_c(ctx, m, hw, &go, &prog))
		ok = false;
	if (prog.oom) {
		diag_emit(ctx, DIAG_E0703, span_none(), "out of memory while emitting the loop nest");
		buf_free(&prog);
		return false;
	}
	tmp = opts->tmpdir ? opts->tmpdir : getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/mdfc-crosscheck-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		diag_emit(ctx, DIAG_E0702, span_none(), "cannot create a temporary folder under %s: %s", tmp,
			  strerror(errno));
		buf_free(&prog);
		return false;
	}
	if (dir[0] != '/') {
		/* the children run inside the folder: every path must be absolute */
		char cwd[2048], rel[4096];
		memcpy(rel, dir, sizeof rel);
		if (!getcwd(cwd, sizeof cwd) || snprintf(dir, sizeof dir, "%s/%s", cwd, rel) >= (int)sizeof dir) {
			diag_emit(ctx, DIAG_E0702, span_none(), "cannot name the temporary folder %s absolutely", rel);
			remove_tree(rel, 0);
			buf_free(&prog);
			return false;
		}
	}
	snprintf(p_src, sizeof p_src, "%s/%s", dir, files[0]);
	snprintf(p_bin, sizeof p_bin, "%s/%s", dir, files[1]);
	snprintf(p_cclog, sizeof p_cclog, "%s/%s", dir, files[2]);
	snprintf(p_json, sizeof p_json, "%s/%s", dir, files[3]);
	snprintf(p_err, sizeof p_err, "%s/%s", dir, files[4]);
	if (!write_file(p_src, &prog)) {
		diag_emit(ctx, DIAG_E0702, span_none(), "cannot write %s", p_src);
		ok = false;
		goto done;
	}

	/* $CC may carry flags ("gcc -m64"): split on blanks. */
	cc = opts->cc ? opts->cc : getenv("CC");
	if (!cc || !*cc)
		cc = "cc";
	ccdup = arena_strdup(ctx->arena, cc);
	for (char *tok = strtok(ccdup, " \t"); tok && argc < 50; tok = strtok(NULL, " \t"))
		argv[argc++] = tok;
	if (argc == 0)
		argv[argc++] = (char *)"cc";
	argv[argc++] = (char *)"-std=c11";
	argv[argc++] = (char *)"-O1";     /* compile time matters more than run time here */
	argv[argc++] = (char *)"-o";
	argv[argc++] = p_bin;
	argv[argc++] = p_src;
	argv[argc] = NULL;
	st = run(argv, dir, p_cclog, p_cclog, cc_timeout, opts->cancel, &why, NULL);
	if (st == -1 && why == why_cancelled) {
		diag_emit(ctx, DIAG_E0702, span_none(), "interrupted while the C compiler '%s' ran", cc);
		ok = false;
		goto done;
	}
	if (st == -1 && why == why_timeout) {
		Diag *d = diag_emit(ctx, DIAG_E0702, span_none(), "the C compiler '%s' ran longer than %d s and was stopped",
				    cc, cc_timeout);
		diag_hint(ctx, d, "raise the limit with --crosscheck-timeout SECONDS, or check fewer layers "
			  "(--crosscheck-max-macs)");
		ok = false;
		goto done;
	}
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		Diag *d = diag_emit(ctx, DIAG_E0702, span_none(), "the C compiler '%s' %s", cc,
				    st == -1 ? "could not be started" : "rejected the emitted loop nest");
		diag_note(ctx, d, span_none(), "%s", st == -1 ? why : log_excerpt(ctx->arena, p_cclog, 12));
		diag_hint(ctx, d, "set CC to a C11 compiler");
		ok = false;
		goto done;
	}

	{
		char p_prog[4200];
		snprintf(p_prog, sizeof p_prog, "%s/progress", dir);
		char *rargv[3] = {p_bin, watch.path ? p_prog : NULL, NULL};
		if (watch.path) {
			watch.path = p_prog;
			clock_gettime(CLOCK_MONOTONIC, &watch.t0);
		}
		size_t len = 0;
		const char *err = NULL;
		char *text, *errtext;
		JsonVal *root;
		const JsonVal *layers;
		uint32_t nchecked = 0, nskipped = 0, nfailed = 0, nskipped_big = 0;
		const IrLayer *first_skip = NULL;

		st = run(rargv, dir, p_json, p_err, run_timeout, opts->cancel, &why, watch.path ? &watch : NULL);
		if (st == -1 && (why == why_cancelled || why == why_timeout)) {
			Diag *d = diag_emit(ctx, DIAG_E0703, span_none(), why == why_cancelled
					    ? "interrupted while the compiled loop nest ran"
					    : "the compiled loop nest ran longer than %d s and was stopped", run_timeout);
			if (why == why_timeout)
				diag_hint(ctx, d, "raise the limit with --crosscheck-timeout SECONDS, or check fewer "
					  "layers (--crosscheck-max-macs)");
			ok = false;
			goto done;
		}
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			Diag *d = diag_emit(ctx, DIAG_E0703, span_none(), "the compiled loop nest %s",
					    st == -1 ? "could not be started" :
					    WIFSIGNALED(st) ? "was killed by a signal" : "failed");
			diag_note(ctx, d, span_none(), "%s", st == -1 ? why : log_excerpt(ctx->arena, p_err, 12));
			ok = false;
			goto done;
		}
		errtext = slurp(ctx->arena, p_err, &len);
		text = slurp(ctx->arena, p_json, &len);
		root = text ? cgen_json_parse(ctx->arena, text, len, &err) : NULL;
		layers = cgen_json_get(root, "layers");
		if (!layers || layers->kind != JSON_ARR) {
			diag_emit(ctx, DIAG_E0703, span_none(), "the loop nest printed no valid report (%s)",
				  err ? err : "no layers");
			ok = false;
			goto done;
		}
		buf_puts(report, "Cross-check: cost model against the executed loop nest\n\n");
		for (uint32_t i = 0; i < layers->n; i++) {
			const JsonVal *rec = &layers->items[i];
			int64_t ni = cgen_json_int(rec, "net", -1), li = cgen_json_int(rec, "index", -1);
			const JsonVal *sk = cgen_json_get(rec, "skipped");
			const IrNetwork *net;
			const IrLayer *l;
			if (ni < 0 || (uint64_t)ni >= m->nnetworks || li < 0 ||
			    (uint64_t)li >= m->networks[ni].nlayers) {
				diag_emit(ctx, DIAG_E0703, span_none(), "the loop nest reported an unknown layer");
				ok = false;
				continue;
			}
			net = &m->networks[ni];
			l = &net->layers[li];
			if (sk && sk->kind == JSON_BOOL && sk->b) {
				layer_title(report, net, l);
				buf_printf(report, ": SKIPPED, %lld MACs is more than --crosscheck-max-macs %lld\n\n",
					   (long long)cgen_json_int(rec, "expected_macs", 0), (long long)opts->max_macs);
				if (!first_skip)
					first_skip = l;
				nskipped_big++;
				nskipped++;
				continue;
			}
			if (cgen_json_get(rec, "oom")) {
				diag_emit(ctx, DIAG_E0703, l->name_span,
					  "the loop nest ran out of memory on layer '%s'", l->name);
				ok = false;
				nfailed++;
				continue;
			}
			if (!check_layer(ctx, net, l, hw, opts, rec,
					 layer_block(ctx->arena, errtext, (uint32_t)ni, (uint32_t)li), report)) {
				ok = false;
				nfailed++;
			}
			nchecked++;
			buf_putc(report, '\n');
		}
		for (uint32_t ni = 0; ni < m->nnetworks; ni++)
			for (uint32_t li = 0; li < m->networks[ni].nlayers; li++) {
				const IrLayer *l = &m->networks[ni].layers[li];
				if (l->normalized && l->valid)
					continue;
				layer_title(report, &m->networks[ni], l);
				buf_puts(report, ": SKIPPED, not valid\n\n");
				nskipped++;
			}
		if (first_skip) {
			/* One warning, at the first such layer: a network may have hundreds. */
			Diag *d;
			int64_t macs = 0;
			(void)ir_layer_macs(first_skip, &macs);
			if (nskipped_big == 1)
				d = diag_emit(ctx, DIAG_W0701, first_skip->name_span,
					      "layer '%s' not cross-checked: more than %lld MACs (--crosscheck-max-macs)",
					      first_skip->name, (long long)opts->max_macs);
			else
				d = diag_emit(ctx, DIAG_W0701, first_skip->name_span,
					      "%u layers not cross-checked, this one first: more than %lld MACs (--crosscheck-max-macs); the report lists them",
					      nskipped_big, (long long)opts->max_macs);
			diag_hint(ctx, d, "--crosscheck-max-macs N checks layers up to N MACs, 0 all of them; "
				  "this one has %lld MACs, about %.1f s at %d ns per MAC", (long long)macs,
				  (double)macs * MDF_CROSSCHECK_NS_PER_MAC / 1e9, MDF_CROSSCHECK_NS_PER_MAC);
		}
		buf_printf(report, "%u layer%s checked, %u failed, %u skipped\n", nchecked,
			   nchecked == 1 ? "" : "s", nfailed, nskipped);
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 1 && ok) {
			diag_emit(ctx, DIAG_E0703, span_none(), "the loop nest reported a failure the report does not show");
			ok = false;
		}
	}

done:
	if (opts->keep_temp)
		buf_printf(report, "temporary folder kept: %s\n", dir);
	else
		remove_tree(dir, 0);
	buf_free(&prog);
	return ok;
}
