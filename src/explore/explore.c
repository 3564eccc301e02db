/*
** explore.c: mdf_explore (docs/explore.md).  Workers each own a context
** and a parse of the input; a worker takes a contiguous range of the
** grid's points.  For each param point in its range it elaborates the
** parse again with the axis values as -D defines, runs the passes layer
** by layer (so each layer's error is its own) and makes one MdfCostEval
** per valid layer; each hardware point then only re-evaluates them.  All
** of it happens between an arena mark and release, with a fresh
** diagnostic bag, so memory stays flat over any number of param points.
**
** Validation reads the hardware only for the PE count (E0515, Cluster
** sizes multiplying past num_pes: src/passes/validate_hw.c), so the passes
** run once per param point with the largest PE count swept, and each
** hardware point checks its own PE count against the layer's Cluster
** product, with the same message as the pass.
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "mdfc/checked.h"
#include "mdfc/mdfc.h"
#include "explore/explore_int.h"

typedef struct Explore {
	const MdfCtx *main;
	uint32_t file;
	const IrHw *over;
	const MdfExploreOpts *o;
	Grid g;
	int64_t max_pes;            /* largest num_pes swept, or 0 */
	uint32_t npes;              /* PE counts swept (the evaluators keep each) */
} Explore;

/* One layer of the current param point. */
typedef struct LayerState {
	const IrLayer *l;
	MdfCostEval *ev;
	int64_t cluster_prod;       /* INT64_MAX when it overflows */
	DiagCode code;              /* first error of its passes, when !l->valid */
	const char *msg;
	/* the last evaluation: the buffer sizes change no figure but `fits`,
	   so a point that differs from the last one only there reuses its
	   figures */
	bool have_last;
	int64_t runtime, macs, l1, l2;
	double energy;
} LayerState;

typedef struct Worker {
	const Explore *X;
	uint64_t lo, hi;            /* points [lo, hi) */
	MdfBuf out;
	Keep keep;                  /* --front-only */
	uint64_t failed;
	bool ok;
	pthread_t tid;
} Worker;

/* The first error recorded at or after index `from`. */
static bool
first_error(const MdfCtx *ctx, size_t from, DiagCode *code, const char **msg)
{
	for (size_t i = from; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].sev == SEV_ERROR) {
			*code = ctx->diags.items[i].code;
			*msg = ctx->diags.items[i].msg;
			return true;
		}
	if (ctx->diags.nerrors == 0)
		return false;
	*code = DIAG_E0999;
	*msg = "an error was recorded but not kept (too many diagnostics)";
	return true;
}

/* -D for this param point: the command line's, then the axes' (the last
   -D of a name wins). */
static bool
set_defines(MdfCtx *ctx, const Explore *X, const int64_t *vals)
{
	const MdfOptions *mo = &X->main->opt;
	MdfDefine *d = arena_array(ctx->arena, mo->ndefines + X->g.np + 1, sizeof *d);
	if (!d)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < mo->ndefines; i++)
		d[n++] = mo->defines[i];
	for (uint32_t k = 0; k < X->g.np; k++) {
		const Axis *a = &X->g.ax[X->g.pidx[k]];
		d[n].name = a->name;
		d[n].value = arena_printf(ctx->arena, "%lld", (long long)vals[X->g.pidx[k]]);
		if (!d[n++].value)
			return false;
	}
	ctx->opt.defines = d;
	ctx->opt.ndefines = n;
	return true;
}

static void
module_hw(const Explore *X, const IrModule *m, IrHw *hw)
{
	bool ambiguous, missing;
	ir_hw_defaults(hw);
	const IrHw *inl = ir_module_accel(m, X->o->accel, &ambiguous, &missing);
	if (inl)
		ir_hw_overlay(hw, inl);
	ir_hw_overlay(hw, X->over);
}

/* The rows of one point whose elaboration failed. */
static void
put_failed_point(Worker *w, uint64_t i, const int64_t *vals, DiagCode code, const char *msg)
{
	RowFig f;
	memset(&f, 0, sizeof f);
	f.network = "";
	f.layer = "";
	f.code = code;
	f.msg = msg;
	if (w->X->o->front_only)
		keep_point(&w->keep, i, &w->X->g, vals, &f, w->X->o);
	else
		rows_put(&w->out, &w->X->g, vals, &f, w->X->o);
}

/* Evaluate one layer at hardware point hw into f; `same`: hw differs from
   the last point's only in buffer sizes.  `once`: evaluate with these
   options once (mdf_cost_layer, in the arena) instead of the evaluator. */
static void
eval_layer(MdfCtx *ctx, LayerState *s, const IrHw *hw, bool same, const MdfCostOpts *once, RowFig *f)
{
	f->ok = false;
	if (!s->l->valid) {
		f->code = s->code;
		f->msg = s->msg;
		return;
	}
	if (s->cluster_prod > hw->num_pes) {
		/* the message of src/passes/validate_hw.c */
		f->code = DIAG_E0515;
		if (s->cluster_prod == INT64_MAX)
			snprintf(f->own, sizeof f->own, "the Cluster sizes of layer '%s' multiply to more than "
				 "2^63, more than the %lld PEs", s->l->name ? s->l->name : "", (long long)hw->num_pes);
		else
			snprintf(f->own, sizeof f->own, "the Cluster sizes of layer '%s' multiply to %lld, more "
				 "than the %lld PEs", s->l->name ? s->l->name : "", (long long)s->cluster_prod,
				 (long long)hw->num_pes);
		f->msg = f->own;
		return;
	}
	if (same && s->have_last) {
		f->ok = true;
		f->runtime = s->runtime;
		f->macs = s->macs;
		f->energy = s->energy;
		f->l1 = s->l1;
		f->l2 = s->l2;
		f->fits = s->l1 <= hw->l1_size && s->l2 <= hw->l2_size;     /* as src/cost/eval.c */
		return;
	}
	s->have_last = false;
	MdfCostFig c;
	DiagMark mk = diag_mark(&ctx->diags);
	bool ok;
	if (once) {
		MdfLayerCost lc;
		ok = mdf_cost_layer(ctx, s->l, hw, once, &lc) && lc.ok;
		c = (MdfCostFig){lc.runtime, lc.macs, lc.l1_size_req, lc.l2_size_req, lc.energy_nj, lc.over_l1,
				 lc.over_l2};
	} else
		ok = s->ev && mdf_cost_eval_fig(s->ev, hw, &c);
	if (!ok) {
		if (!first_error(ctx, mk.n, &f->code, &f->msg)) {
			f->code = DIAG_E0999;
			f->msg = "internal error: the cost model failed without a diagnostic";
		}
		/* the row has the code and the message (in the arena); the bag
		   forgets them, so that the same failure at the next point is
		   recorded again, not folded as a repeat */
		diag_rollback(&ctx->diags, mk);
		return;
	}
	f->ok = true;
	f->runtime = c.runtime;
	f->macs = c.macs;
	f->energy = c.energy_nj;
	f->l1 = c.l1_size_req;
	f->l2 = c.l2_size_req;
	f->fits = !c.over_l1 && !c.over_l2;
	s->have_last = !once;
	s->runtime = c.runtime;
	s->macs = c.macs;
	s->energy = c.energy_nj;
	s->l1 = c.l1_size_req;
	s->l2 = c.l2_size_req;
}

/* Co-design (--search): the layer's searched mapping on hw (ls: its
   search, NULL when the search failed with code/msg), or, when the
   search found none that fits or did not search it, its own mapping. */
static void
codesign_layer(MdfCtx *ctx, const Explore *X, LayerState *s, const IrHw *hw, const MdfLayerSearch *ls,
	       DiagCode code, const char *msg, RowFig *f)
{
	if (!ls) {
		f->ok = false;
		f->code = code;
		f->msg = msg;
	} else if (ls->searched && ls->best.status == MDF_POINT_OK) {
		f->ok = true;
		f->runtime = ls->best.runtime;
		f->macs = ls->best.macs;
		f->energy = ls->best.energy_nj;
		f->l1 = ls->best.l1_req;
		f->l2 = ls->best.l2_req;
		f->fits = f->l1 <= hw->l1_size && f->l2 <= hw->l2_size;
		f->searched = 1;
	} else
		eval_layer(ctx, s, hw, false, &X->o->cost, f);
}

/* The layers of module m at this param point: passes, evaluators. */
static LayerState *
prepare(MdfCtx *ctx, const Explore *X, IrModule *m, const IrHw *hw0, uint32_t *nstates)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < m->nnetworks; i++)
		n += m->networks[i].nlayers;
	LayerState *st = arena_array(ctx->arena, n + 1, sizeof *st);
	if (!st)
		return NULL;
	IrHw hwv = *hw0;
	if (X->max_pes > hwv.num_pes)
		hwv.num_pes = X->max_pes;
	uint32_t k = 0;
	for (uint32_t i = 0; i < m->nnetworks; i++) {
		IrNetwork *net = &m->networks[i];
		for (uint32_t j = 0; j < net->nlayers; j++, k++) {
			LayerState *s = &st[k];
			IrLayer *l = &net->layers[j];
			IrNetwork one = *net;
			one.layers = l;
			one.nlayers = 1;
			IrModule single = *m;
			single.networks = &one;
			single.nnetworks = 1;
			size_t from = ctx->diags.n;
			mdf_passes(ctx, &single, &hwv);
			s->l = l;
			if (!l->valid) {
				if (!first_error(ctx, from, &s->code, &s->msg)) {
					s->code = DIAG_E0999;
					s->msg = "internal error: a layer is invalid without a diagnostic";
				}
				continue;
			}
			s->cluster_prod = 1;
			for (uint32_t v = 1; v < l->nlevels; v++)
				if (!ck_mul(s->cluster_prod, l->levels[v].cluster_size, &s->cluster_prod)) {
					s->cluster_prod = INT64_MAX;
					break;
				}
			s->ev = mdf_cost_eval_new(ctx, l, &X->o->cost);
			if (s->ev && X->npes)
				mdf_cost_eval_keep(s->ev, X->npes);
		}
	}
	*nstates = n;
	return st;
}

/* Points [lo, hi) of param point pi. */
static void
run_param_point(Worker *w, MdfCtx *ctx, const MdfParsed *parsed, uint64_t pi, uint64_t lo, uint64_t hi)
{
	const Explore *X = w->X;
	const Grid *g = &X->g;
	int64_t vals[MDF_MAX_AXES] = {0};
	grid_param_values(g, pi, vals);
	if (!set_defines(ctx, X, vals)) {
		w->ok = false;
		return;
	}
	size_t d0 = ctx->diags.n;
	IrModule *m = mdf_front_elaborate(ctx, parsed);
	if (!m) {
		DiagCode code = DIAG_E0999;
		const char *msg = "out of memory";
		first_error(ctx, d0, &code, &msg);
		for (uint64_t i = lo; i < hi; i++) {
			grid_hw_values(g, i % g->H, vals);
			put_failed_point(w, i, vals, code, msg);
			w->failed++;
		}
		return;
	}
	IrHw hw0;
	module_hw(X, m, &hw0);
	uint32_t nst;
	LayerState *st = prepare(ctx, X, m, &hw0, &nst);
	if (!st) {
		w->ok = false;
		return;
	}
	uint32_t dig[MDF_MAX_AXES], nfig = 0;
	int64_t *fld[MDF_MAX_AXES];
	IrHw hw = hw0;
	grid_hw_fields(g, &hw, fld);
	/* the figures depend on the hardware axes before nfig (all but
	   buffer sizes) */
	for (uint32_t k = 0; k < g->nh; k++)
		if (g->ax[g->hidx[k]].hw != HW_L1_SIZE && g->ax[g->hidx[k]].hw != HW_L2_SIZE)
			nfig = k + 1;
	grid_hw_digits(g, lo % g->H, dig, vals);
	uint32_t from = 0;
	for (uint64_t i = lo; i < hi; i++, from = grid_hw_next(g, dig, vals)) {
		grid_apply_hw(g, vals, fld, from);
		bool same = i > lo && from >= nfig;
		bool failed = false;
		RowFig dse;             /* the design's area and power (--dse) */
		if (X->o->dse)
			dse_design(&hw, &dse);
		/* co-design: this point's search, in memory given back after its
		   rows */
		ArenaMark amk = arena_mark(ctx->arena);
		DiagMark dmk = diag_mark(&ctx->diags);
		MdfModuleSearch ms;
		DiagCode scode = DIAG_E0999;
		const char *smsg = "internal error: the mapping search failed without a diagnostic";
		bool searched = X->o->search && mdf_search_module(ctx, m, &hw, &X->o->search_opts, &ms);
		if (X->o->search && !searched)
			first_error(ctx, dmk.n, &scode, &smsg);
		uint32_t k = 0;
		for (uint32_t n = 0; n < m->nnetworks; n++) {
			const IrNetwork *net = &m->networks[n];
			RowFig tot;
			memset(&tot, 0, offsetof(RowFig, own));
			tot.network = net->name ? net->name : "";
			tot.ok = tot.fits = true;
			for (uint32_t j = 0; j < net->nlayers; j++, k++) {
				RowFig f;
				memset(&f, 0, offsetof(RowFig, own));
				f.network = tot.network;
				f.layer = st[k].l->name ? st[k].l->name : "";
				if (X->o->search)
					codesign_layer(ctx, X, &st[k], &hw, searched ? &ms.networks[n].layers[j] : NULL,
						       scode, smsg, &f);
				else
					eval_layer(ctx, &st[k], &hw, same, NULL, &f);
				if (X->o->per_layer)
					rows_put(&w->out, g, vals, &f, X->o);
				if (!f.ok) {
					failed = true;
					if (tot.ok) {
						tot.ok = false;
						tot.code = f.code;
						tot.msg = f.msg;
						if (f.msg == f.own) {
							memcpy(tot.own, f.own, sizeof tot.own);
							tot.msg = tot.own;
						}
					}
					continue;
				}
				if (!tot.ok)
					continue;
				if (!ck_add(tot.runtime, f.runtime, &tot.runtime) || !ck_add(tot.macs, f.macs, &tot.macs)) {
					tot.ok = false;
					failed = true;
					tot.code = DIAG_E0602;
					tot.msg = "the network's total runtime or MAC count does not fit in 64 bits";
					continue;
				}
				tot.energy += f.energy;
				if (f.l1 > tot.l1)
					tot.l1 = f.l1;
				if (f.l2 > tot.l2)
					tot.l2 = f.l2;
				tot.fits = tot.fits && f.fits;
				tot.searched += f.searched;
			}
			if (X->o->dse) {
				memcpy(tot.apart, dse.apart, sizeof tot.apart);
				memcpy(tot.ppart, dse.ppart, sizeof tot.ppart);
				tot.area = dse.area;
				tot.power = dse.power;
				tot.feasible = tot.ok && tot.fits &&
					       (X->o->area_budget <= 0 || tot.area <= X->o->area_budget) &&
					       (X->o->power_budget <= 0 || tot.power <= X->o->power_budget);
			}
			if (X->o->front_only)
				keep_point(&w->keep, i, g, vals, &tot, X->o);
			else if (!X->o->per_layer)
				rows_put(&w->out, g, vals, &tot, X->o);
		}
		if (failed)
			w->failed++;
		if (X->o->search) {
			diag_rollback(&ctx->diags, dmk);
			arena_release(ctx->arena, amk);
		}
	}
	if (X->o->front_only)
		keep_flush(&w->keep, g, X->o);
}

static void *
work(void *arg)
{
	Worker *w = arg;
	const Explore *X = w->X;
	w->ok = true;
	MdfOptions mo = X->main->opt;
	mo.max_errors = 0;
	MdfCtx *ctx = mdf_ctx_new(&mo);
	const Source *src = &X->main->sources[X->file];
	uint32_t file = ctx ? mdf_ctx_add_source(ctx, src->name, src->path, src->text, src->len) : SPAN_NOFILE;
	const MdfParsed *parsed = file != SPAN_NOFILE ? mdf_front_load(ctx, file) : NULL;
	if (!parsed) {
		w->ok = false;
		mdf_ctx_free(ctx);
		return NULL;
	}
	const Grid *g = &X->g;
	for (uint64_t i = w->lo; i < w->hi && w->ok;) {
		uint64_t pi = i / g->H;
		uint64_t end = (pi + 1) * g->H < w->hi ? (pi + 1) * g->H : w->hi;
		ArenaMark mk = arena_mark(ctx->arena);
		DiagBag saved = ctx->diags;
		Source *sources = ctx->sources;
		uint32_t nsources = ctx->nsources, capsources = ctx->capsources;
		memset(&ctx->diags, 0, sizeof ctx->diags);
		run_param_point(w, ctx, parsed, pi, i, end);
		arena_release(ctx->arena, mk);
		ctx->diags = saved;
		ctx->sources = sources;
		ctx->nsources = nsources;
		ctx->capsources = capsources;
		i = end;
	}
	if (X->o->front_only && !keep_finish(&w->keep, &w->out))
		w->ok = false;
	if (w->out.oom)
		w->ok = false;
	mdf_ctx_free(ctx);
	return NULL;
}

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

bool
mdf_explore(MdfCtx *ctx, uint32_t file, const IrHw *over, const MdfExploreOpts *o,
	    MdfBuf *out, MdfExploreResult *r)
{
	memset(r, 0, sizeof *r);
	Explore X;
	memset(&X, 0, sizeof X);
	X.main = ctx;
	X.file = file;
	X.over = over;
	X.o = o;
	if (!explore_parse_axes(ctx, o->axes, o->naxes, &X.g))
		return false;
	/* the axes that are not hardware fields must be params of the file */
	MdfParsed *parsed = mdf_front_load(ctx, file);
	if (!parsed)
		return false;
	bool ok = true;
	for (uint32_t k = 0; k < X.g.np; k++) {
		const Axis *a = &X.g.ax[X.g.pidx[k]];
		if (mdf_front_has_param(parsed, a->name))
			continue;
		Diag *d = diag_emit(ctx, DIAG_E1402, a->span, "--sweep %s: `%s` is neither a hardware field nor "
				    "a param of %s", ctx->sources[a->span.file].text, a->name,
				    ctx->sources[file].name);
		MdfBuf axes = {0};
		for (int f = 0; f < HW__COUNT; f++)
			if (explore_hw_name(f))
				buf_printf(&axes, "%s%s", axes.len ? ", " : "", explore_hw_name(f));
		diag_hint(ctx, d, "hardware axes: %s; a param axis needs `param %s = ...;` in the file or its "
			  "imports", axes.data ? axes.data : "", a->name);
		buf_free(&axes);
		ok = false;
	}
	if (!ok)
		return false;
	for (uint32_t k = 0; k < X.g.nh; k++) {
		const Axis *a = &X.g.ax[X.g.hidx[k]];
		for (uint32_t i = 0; a->hw == HW_NUM_PES && i < a->n; i++)
			if (a->v[i] > X.max_pes)
				X.max_pes = a->v[i];
		if (a->hw == HW_NUM_PES)
			X.npes = a->n < 1024 ? a->n : 1024;
	}
	uint64_t lo = 0, hi = X.g.total;
	if (o->shard_n) {
		lo = X.g.total * (o->shard_k - 1) / o->shard_n;
		hi = X.g.total * o->shard_k / o->shard_n;
	}
	r->points = X.g.total;
	r->evaluated = hi - lo;
	int nt = o->threads < 1 ? 1 : o->threads;
	if ((uint64_t)nt > hi - lo)
		nt = hi - lo > 0 ? (int)(hi - lo) : 1;
	Worker *w = arena_array(ctx->arena, (size_t)nt, sizeof *w);
	if (!w)
		return false;
	double t0 = now();
	for (int t = 0; t < nt; t++) {
		w[t].X = &X;
		w[t].lo = lo + (hi - lo) * (uint64_t)t / (uint64_t)nt;
		w[t].hi = lo + (hi - lo) * (uint64_t)(t + 1) / (uint64_t)nt;
	}
	int started = 0;
	for (int t = 1; t < nt; t++, started++)
		if (pthread_create(&w[t].tid, NULL, work, &w[t]) != 0)
			break;
	work(&w[0]);
	for (int t = started + 1; t < nt; t++)
		work(&w[t]);            /* threads that could not start: run here */
	for (int t = 1; t <= started; t++)
		pthread_join(w[t].tid, NULL);
	r->seconds = now() - t0;

	MdfBuf hdr = {0}, rows = {0};
	rows_header(&X.g, o, &hdr);
	const char *h = hdr.data ? hdr.data : "";
	if (o->shard_n && o->emit_json) {
		/* {"shard":{...},"axes":... */
		buf_printf(out, "{\"shard\":{\"k\":%u,\"n\":%u,\"first\":%llu,\"end\":%llu},", o->shard_k,
			   o->shard_n, (unsigned long long)lo, (unsigned long long)hi);
		h++;
	} else if (o->shard_n)
		buf_printf(out, "# mdfc shard %u/%u: points %llu..%llu of %llu%s\n", o->shard_k, o->shard_n,
			   (unsigned long long)lo, (unsigned long long)hi, (unsigned long long)X.g.total,
			   o->front_only ? " (front only)" : "");
	for (int t = 0; t < nt; t++) {
		ok = ok && w[t].ok;
		r->failed += w[t].failed;
		if (w[t].out.len)
			buf_putn(&rows, w[t].out.data, w[t].out.len);
		buf_free(&w[t].out);
	}
	uint64_t failed_rows;
	ok = ok && !rows.oom && explore_finish(o->emit_json, o->front_only, h, strlen(h), &rows, out,
					       &failed_rows);
	buf_free(&rows);
	buf_free(&hdr);
	if (!ok)
		diag_emit(ctx, DIAG_E0999, span_none(), "internal error: a sweep worker ran out of memory");
	return ok;
}
