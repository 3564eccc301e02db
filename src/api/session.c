/*
** session.c: include/mdfc/session.h, the pipeline of src/driver/main.c
** (front end, hardware precedence, passes, cost) behind one handle, with
** the options kept in the session's own arena and each compilation in a
** fresh context.
*/
#define _GNU_SOURCE                     /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"
#include "mdfc/render.h"
#include "mdfc/search.h"
#include "mdfc/session.h"

struct MdfSession {
	Arena *arena;                   /* the session's options */
	MdfDefine *defines;
	size_t ndefines, capdefines;
	const char **includes;
	size_t nincludes, capincludes;
	const char *stdlib_dir;         /* NULL: found at compile time */
	const char *accel;
	IrHw flags;                     /* overrides; `set` bits say which */
	MdfCostOpts co;
	MdfCostOpts ro;         /* the reports': co, with the breakdown in default mode */

	/* the last compilation */
	MdfCtx *ctx;
	uint32_t file;
	IrModule *m;
	IrHw hw;
	MdfModuleCost mc;
	bool costed;
	MdfCostEval **evs;              /* per layer (flat index), built on first use */
	MdfLevelCost **levels;
	MdfBuf report, diags, eval_json, search_mdf;
	const char *error;
};

static const struct {
	const char *name;
	int field;
	double min;
	bool integer;
} hw_fields[] = {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) {KEY, HW_##NAME, MIN_SET, true},
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT) {API_KEY, HW_##NAME, 0, false},
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
};

/* Figures of mdf_session_eval, named by their --emit=json keys. */
static const char *const figure_names[MDF_NFIGURES] = {
	"runtime_cycles", "macs", "throughput_macs_per_cycle", "avg_utilized_pes", "utilization",
	"energy_nj", "energy_mac_units", "area", "power", "noc_bw_req_peak", "noc_bw_req_avg",
	"offchip_bw_req", "l1_size_req", "l2_size_req", "arith_intensity",
};

const char *
mdf_version(void)
{
	return MDFC_VERSION;
}

const char *
mdf_session_figure_name(uint32_t i)
{
	return i < MDF_NFIGURES ? figure_names[i] : NULL;
}

MdfSession *
mdf_session_new(void)
{
	Arena *a = arena_new();
	MdfSession *s = a ? arena_alloc(a, sizeof *s) : NULL;
	if (!s) {
		arena_free(a);
		return NULL;
	}
	s->arena = a;
	s->flags.span = span_none();
	s->error = "";
	return s;
}

static void
drop_compilation(MdfSession *s)
{
	mdf_ctx_free(s->ctx);
	s->ctx = NULL;
	s->m = NULL;
	s->costed = false;
	s->evs = NULL;
	s->levels = NULL;
	buf_free(&s->report);
	buf_free(&s->diags);
	buf_free(&s->eval_json);
	buf_free(&s->search_mdf);
	s->error = "";
}

void
mdf_session_free(MdfSession *s)
{
	if (!s)
		return;
	drop_compilation(s);
	arena_free(s->arena);
}

static bool
is_identifier(const char *p)
{
	if (!p || !(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
		return false;
	for (; *p; p++)
		if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* Append to one of the session's arrays (arena-grown). */
static bool
push(MdfSession *s, void **arr, size_t *n, size_t *cap, size_t size)
{
	void *g = arena_reserve_sz(s->arena, *arr, *n, 1, cap, 8, size, true);
	if (!g)
		return false;
	*arr = g;
	(*n)++;
	return true;
}

bool
mdf_session_define(MdfSession *s, const char *name, const char *value)
{
	if (!is_identifier(name) || !value)
		return false;
	const char *n = arena_strdup(s->arena, name), *v = arena_strdup(s->arena, value);
	if (!n || !v || !push(s, (void **)&s->defines, &s->ndefines, &s->capdefines, sizeof *s->defines))
		return false;
	s->defines[s->ndefines - 1].name = n;
	s->defines[s->ndefines - 1].value = v;
	return true;
}

bool
mdf_session_include_dir(MdfSession *s, const char *dir)
{
	const char *d = dir && *dir ? arena_strdup(s->arena, dir) : NULL;
	if (!d || !push(s, (void **)&s->includes, &s->nincludes, &s->capincludes, sizeof *s->includes))
		return false;
	s->includes[s->nincludes - 1] = d;
	return true;
}

bool
mdf_session_stdlib_dir(MdfSession *s, const char *dir)
{
	s->stdlib_dir = dir ? arena_strdup(s->arena, dir) : NULL;
	return !dir || s->stdlib_dir;
}

bool
mdf_session_accel(MdfSession *s, const char *name)
{
	s->accel = name ? arena_strdup(s->arena, name) : NULL;
	return !name || s->accel;
}

void
mdf_session_compat_maestro(MdfSession *s, bool on)
{
	s->co.compat_maestro = on;
}

/* Set hardware field `name` of hw; false when unknown or out of range. */
static bool
hw_set(IrHw *hw, const char *name, double v)
{
	for (size_t i = 0; i < sizeof hw_fields / sizeof *hw_fields; i++) {
		if (!hw_fields[i].name || strcmp(hw_fields[i].name, name) != 0)
			continue;
		if (!isfinite(v) || v < hw_fields[i].min)
			return false;
		if (hw_fields[i].integer && (v != floor(v) || v >= 9.2e18))
			return false;
		int64_t n = hw_fields[i].integer ? (int64_t)v : 0;
		ir_hw_store(hw, hw_fields[i].field, n, v);
		hw->set |= 1u << hw_fields[i].field;
		hw->field_span[hw_fields[i].field] = span_none();
		return true;
	}
	return false;
}

bool
mdf_session_hw(MdfSession *s, const char *field, double value)
{
	return field && hw_set(&s->flags, field, value);
}

static bool
is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *
stdlib_dir(MdfSession *s)
{
	if (s->stdlib_dir)
		return s->stdlib_dir;
	const char *env = getenv("MDFC_STDLIB");
	if (env && *env)
		return env;
	if (is_dir(MDFC_STDLIB_INSTALL_DIR))
		return MDFC_STDLIB_INSTALL_DIR;
	/* installed elsewhere (a package, a moved prefix): beside the library,
	   LIBDIR/../share or LIBDIR/../../share (multiarch) */
	static const char here;         /* an address inside this library */
	Dl_info info;
	if (dladdr(&here, &info) && info.dli_fname) {
		const char *slash = strrchr(info.dli_fname, '/');
		for (int up = 1; slash && up <= 2; up++) {
			char *p = arena_printf(s->arena, "%.*s/%s/share/mdfc/stdlib", (int)(slash - info.dli_fname),
					       info.dli_fname, up == 1 ? ".." : "../..");
			if (is_dir(p))
				return p;
		}
	}
	return is_dir(MDFC_STDLIB_SOURCE_DIR) ? MDFC_STDLIB_SOURCE_DIR : NULL;
}

static bool
new_ctx(MdfSession *s)
{
	drop_compilation(s);
	MdfOptions o;
	memset(&o, 0, sizeof o);
	o.include_dirs = s->includes;
	o.ninclude_dirs = s->nincludes;
	o.stdlib_dir = stdlib_dir(s);
	o.use_env_path = true;
	o.defines = s->defines;
	o.ndefines = s->ndefines;
	s->ctx = mdf_ctx_new(&o);
	return s->ctx != NULL;
}

/* The driver's pipeline for one input (src/driver/main.c, run_one). */
static int
compile(MdfSession *s)
{
	MdfCtx *ctx = s->ctx;
	if (s->file == SPAN_NOFILE)
		return 2;
	s->m = mdf_front(ctx, s->file);
	ir_hw_defaults(&s->hw);
	bool ambiguous, missing;
	const IrHw *inl = ir_module_accel(s->m, s->accel, &ambiguous, &missing);
	if (inl)
		ir_hw_overlay(&s->hw, inl);
	else if (missing) {
		s->error = arena_printf(ctx->arena, "no Accelerator named '%s' in %s", s->accel,
					ctx->sources[s->file].name);
		return 2;
	}
	ir_hw_overlay(&s->hw, &s->flags);
	if (s->m)
		mdf_passes(ctx, s->m, &s->hw);
	int status = 0;
	if (!mdf_ctx_failed(ctx) && s->m) {
		uint32_t nlayers = 0;
		for (uint32_t i = 0; i < s->m->nnetworks; i++)
			nlayers += s->m->networks[i].nlayers;
		if (nlayers == 0) {
			Span at = {s->file, 0, 0};
			diag_emit(ctx, DIAG_W0801, at, "%s has no Network with layers: nothing to report",
				  ctx->sources[s->file].name);
		} else {
			s->ro = s->co;
			s->ro.breakdown = !s->co.compat_maestro;
			s->costed = mdf_cost_module(ctx, s->m, &s->hw, &s->ro, &s->mc);
			s->evs = arena_array(ctx->arena, nlayers, sizeof *s->evs);
			s->levels = arena_array(ctx->arena, nlayers, sizeof *s->levels);
			if (!s->evs || !s->levels)
				status = 3;
		}
	}
	if (mdf_ctx_failed(ctx) && status == 0)
		status = 1;
	for (size_t i = 0; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].code == DIAG_E0999)
			status = 3;
	if (status != 0)
		s->costed = false;
	return status;
}

int
mdf_session_compile_file(MdfSession *s, const char *path)
{
	if (!path || !new_ctx(s))
		return s->ctx ? 2 : 3;
	s->file = is_dir(path) ? SPAN_NOFILE : mdf_ctx_read_file(s->ctx, path, path, span_none());
	if (s->file == SPAN_NOFILE && is_dir(path))
		s->error = "the input is a folder, not a file";
	return compile(s);
}

int
mdf_session_compile_string(MdfSession *s, const char *name, const char *text)
{
	if (!text || !new_ctx(s))
		return s->ctx ? 2 : 3;
	if (!name)
		name = "<string>";
	s->file = mdf_ctx_add_source(s->ctx, name, name, text, strlen(text));
	return compile(s);
}

static const char *
text_of(MdfBuf *b)
{
	return b->oom ? NULL : b->data ? b->data : "";
}

const char *
mdf_session_report(MdfSession *s, const char *kind)
{
	if (!s->ctx || !s->m || !kind)
		return NULL;
	buf_reset(&s->report);
	if (strcmp(kind, "ir") == 0) {
		if (mdf_ctx_failed(s->ctx))
			return NULL;
		mdf_emit_ir(s->m, &s->report);
		return text_of(&s->report);
	}
	if (!s->costed)
		return NULL;
	if (strcmp(kind, "json") == 0)
		mdf_report_json(&s->mc, &s->hw, &s->ro, &s->report);
	else if (strcmp(kind, "csv") == 0)
		mdf_report_csv(&s->mc, &s->hw, &s->ro, &s->report);
	else if (strcmp(kind, "table") == 0)
		mdf_report_table(&s->mc, &s->hw, &s->ro, &s->report);
	else
		return NULL;
	return text_of(&s->report);
}

const char *
mdf_session_diagnostics(MdfSession *s)
{
	if (!s->ctx)
		return "";
	buf_reset(&s->diags);
	mdf_render_json(s->ctx, s->file, &s->diags);
	return text_of(&s->diags);
}

const char *
mdf_session_diagnostics_text(MdfSession *s)
{
	if (!s->ctx)
		return "";
	buf_reset(&s->diags);
	mdf_render_text(s->ctx, &s->diags, false);
	return text_of(&s->diags);
}

const char *
mdf_session_error(MdfSession *s)
{
	return s->error;
}

uint32_t
mdf_session_nnetworks(MdfSession *s)
{
	return s->m ? s->m->nnetworks : 0;
}

const char *
mdf_session_network_name(MdfSession *s, uint32_t net)
{
	return net < mdf_session_nnetworks(s) ? s->m->networks[net].name : NULL;
}

uint32_t
mdf_session_nlayers(MdfSession *s, uint32_t net)
{
	return net < mdf_session_nnetworks(s) ? s->m->networks[net].nlayers : 0;
}

const char *
mdf_session_layer_name(MdfSession *s, uint32_t net, uint32_t layer)
{
	return layer < mdf_session_nlayers(s, net) ? s->m->networks[net].layers[layer].name : NULL;
}

/* Evaluate layer (net, layer) under the compile's hardware with n fields
   changed, into *out (levels filled). */
static bool
eval_layer(MdfSession *s, uint32_t net, uint32_t layer, size_t n, const char *const *fields,
	   const double *values, MdfLayerCost *out, bool breakdown)
{
	if (!s->evs || layer >= mdf_session_nlayers(s, net))
		return false;
	const IrLayer *l = &s->m->networks[net].layers[layer];
	if (!l->normalized || !l->valid)
		return false;
	IrHw hw = s->hw;
	s->error = "";
	for (size_t i = 0; i < n; i++)
		if (!fields || !values || !fields[i] || !hw_set(&hw, fields[i], values[i])) {
			s->error = "unknown hardware field or value out of range";
			return false;
		}
	if (ir_level_units(l, 0, hw.num_pes) < 1) {
		/* what validation reports as E0515 for this PE count */
		s->error = "the layer's Cluster sizes multiply to more than the PE count (E0515)";
		return false;
	}
	size_t k = layer;
	for (uint32_t i = 0; i < net; i++)
		k += s->m->networks[i].nlayers;
	if (!s->evs[k]) {
		s->evs[k] = mdf_cost_eval_new(s->ctx, l, &s->co);
		s->levels[k] = arena_array(s->ctx->arena, l->nlevels ? l->nlevels : 1, sizeof **s->levels);
		if (!s->evs[k] || !s->levels[k]) {
			s->evs[k] = NULL;
			return false;
		}
	}
	/* the JSON of one point as the reports have it (the breakdown in
	   default mode); sweeps of figures without it */
	mdf_cost_eval_set_breakdown(s->evs[k], breakdown && s->ro.breakdown);
	return mdf_cost_eval(s->evs[k], &hw, out, s->levels[k]) && out->ok;
}

bool
mdf_session_eval(MdfSession *s, uint32_t net, uint32_t layer, size_t n, const char *const *fields,
		 const double *values, double *out, size_t nout)
{
	MdfLayerCost c;
	if (!eval_layer(s, net, layer, n, fields, values, &c, false))
		return false;
	const double f[MDF_NFIGURES] = {
		(double)c.runtime, (double)c.macs, c.throughput, c.avg_utilized_pes, c.utilization,
		c.energy_nj, c.energy_mac_units, c.area, c.power, (double)c.noc_bw_peak, c.noc_bw_avg,
		(double)c.offchip_bw, (double)c.l1_size_req, (double)c.l2_size_req, c.arith_intensity,
	};
	for (size_t i = 0; i < nout && i < MDF_NFIGURES; i++)
		out[i] = f[i];
	return true;
}

const char *
mdf_session_eval_json(MdfSession *s, uint32_t net, uint32_t layer, size_t n, const char *const *fields,
		      const double *values)
{
	MdfLayerCost c;
	if (!eval_layer(s, net, layer, n, fields, values, &c, true))
		return NULL;
	buf_reset(&s->eval_json);
	mdf_report_json_layer(&c, &s->eval_json);
	return text_of(&s->eval_json);
}

size_t
mdf_session_sweep(MdfSession *s, uint32_t net, uint32_t layer, size_t n, const char *const *fields,
		  size_t npoints, const double *values, double *out, size_t nout, bool *ok)
{
	size_t nok = 0;
	for (size_t p = 0; p < npoints; p++) {
		ok[p] = mdf_session_eval(s, net, layer, n, fields, values + p * n, out + p * nout, nout);
		nok += ok[p];
	}
	return nok;
}

const char *
mdf_session_search(MdfSession *s, const char *objective, int64_t budget, uint64_t seed, int threads)
{
	static const char *const objs[] = {"runtime", "energy", "edp"};
	MdfSearchOpts so;
	memset(&so, 0, sizeof so);
	so.objective = MDF_OBJ_RUNTIME;
	for (int i = 0; objective && i < 3; i++)
		if (strcmp(objective, objs[i]) == 0)
			so.objective = i == 0 ? MDF_OBJ_RUNTIME : i == 1 ? MDF_OBJ_ENERGY : MDF_OBJ_EDP;
	s->error = "";
	if ((objective && strcmp(objective, objs[0]) && strcmp(objective, objs[1]) && strcmp(objective, objs[2]))
	    || budget < 0 || threads < 1) {
		s->error = "search: objective runtime, energy or edp, budget >= 0, threads >= 1";
		return NULL;
	}
	if (!s->costed)
		return NULL;
	so.budget = budget;
	so.seed = seed;
	so.threads = threads;
	so.cost = s->co;
	MdfModuleSearch ms;
	bool ok = mdf_search_module(s->ctx, s->m, &s->hw, &so, &ms);
	if (!ok || !ms.networks)
		return NULL;
	buf_reset(&s->report);
	mdf_search_report_json(&ms, &s->hw, &so, &s->report);
	buf_reset(&s->search_mdf);
	mdf_search_write_mdf(&ms, &s->hw, &s->search_mdf);
	return text_of(&s->report);
}

const char *
mdf_session_search_mdf(MdfSession *s)
{
	return s->search_mdf.len ? text_of(&s->search_mdf) : NULL;
}
