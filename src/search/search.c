/*
** search.c: the mapping search of a module (docs/search.md): one task per
** distinct layer shape (type, dimensions, strides and Search block),
** their starting points, the threads, and the results per layer with
** their checks.
**
** Each task is searched by one thread from a seed derived from --seed and
** the shape alone (task.c), so the result does not depend on how many
** threads run or in which order they take tasks.  The calling thread is
** worker 0; every worker has a scratch context of its own (one context
** per thread), and the tasks' own evaluators are made per task.
**
** Needs: a normalized, validated module (layers that are not valid and
** POOL layers are not searched), the accelerator, the options.
** Every winner is checked once more against the hardware bound here,
** where it is reported (a failure is an internal error, E0999).
*/
#include <string.h>
#include "mdfc/arena.h"
#include "search_int.h"

static uint64_t
shape_hash(const IrLayer *l)
{
	uint64_t h = mix(7, (uint64_t)l->type);
	for (int d = 0; d < DIM__COUNT; d++) {
		h = mix(h, (uint64_t)l->dim[d]);
		h = mix(h, (uint64_t)l->stride[d]);
		if (l->dilation[d])     /* TRCONV only: others hash as before */
			h = mix(h, (uint64_t)l->dilation[d]);
	}
	return h;
}

/* Two layers' Search constraints allow the same mappings (the family's
   instances follow from its name, its ranges and the shape). */
static bool
same_spec(const IrSearchSpec *a, const IrSearchSpec *b)
{
	if (!a || !b)
		return a == b;
	if (a->family || b->family) {
		if (!a->family || !b->family || strcmp(a->family, b->family) != 0 || a->nargs != b->nargs ||
		    a->nmaps != b->nmaps || memcmp(a->arg_lo, b->arg_lo, sizeof a->arg_lo) != 0 ||
		    memcmp(a->arg_hi, b->arg_hi, sizeof a->arg_hi) != 0)
			return false;
	}
	return a->levels_lo == b->levels_lo && a->levels_hi == b->levels_hi &&
	       memcmp(a->spatial, b->spatial, sizeof a->spatial) == 0 &&
	       memcmp(a->order, b->order, sizeof a->order) == 0 &&
	       memcmp(a->norder, b->norder, sizeof a->norder) == 0 &&
	       memcmp(a->cluster_lo, b->cluster_lo, sizeof a->cluster_lo) == 0 &&
	       memcmp(a->cluster_hi, b->cluster_hi, sizeof a->cluster_hi) == 0 &&
	       memcmp(a->tile_lo, b->tile_lo, sizeof a->tile_lo) == 0 &&
	       memcmp(a->tile_hi, b->tile_hi, sizeof a->tile_hi) == 0;
}

static bool
same_shape(const IrLayer *a, const IrLayer *b)
{
	return a->type == b->type && memcmp(a->dim, b->dim, sizeof a->dim) == 0 &&
	       memcmp(a->stride, b->stride, sizeof a->stride) == 0 &&
	       memcmp(a->dilation, b->dilation, sizeof a->dilation) == 0 && same_spec(a->search, b->search);
}

/* Take tasks until none is left; worker 0 (the calling thread) reports
   progress after each of its tasks. */
static void *
worker_main(void *arg)
{
	Worker *w = arg;
	Run *run = w->run;
	for (;;) {
		pthread_mutex_lock(&run->mu);
		uint32_t i = run->next < run->ntasks ? run->next++ : UINT32_MAX;
		pthread_mutex_unlock(&run->mu);
		if (i == UINT32_MAX)
			break;
		search_run_task(w, &run->tasks[i]);
		pthread_mutex_lock(&run->mu);
		uint32_t done = ++run->done;
		pthread_mutex_unlock(&run->mu);
		if (w->reports && run->o->progress)
			run->o->progress(run->o->progress_arg, done, run->ntasks);
	}
	return NULL;
}

/* ---- the module ---- */

static bool
within_bound(const MdfPointResult *r, int64_t macs, const IrHw *hw)
{
	int64_t slots = hw->num_pes * (hw->simd_lanes > 0 ? hw->simd_lanes : 1);
	return r->macs == macs && (double)r->runtime * (double)slots >= (double)macs;
}

static bool
searchable(const IrLayer *l)
{
	return l->normalized && l->valid && l->type != LT_POOL;
}

static void
add_seed(Task *t, const MdfMapping *m)
{
	if (t->nseeds < t->capseeds)
		t->seeds[t->nseeds++] = *m;
}

bool
mdf_search_module(MdfCtx *ctx, const IrModule *m, const IrHw *hw,
		  const MdfSearchOpts *opts, MdfModuleSearch *out)
{
	double t0 = search_now();
	memset(out, 0, sizeof *out);
	Run run;
	memset(&run, 0, sizeof run);
	run.hw = hw;
	run.o = opts;
	run.budget = opts->budget > 0 ? opts->budget : DEFAULT_BUDGET;
	run.deadline = opts->time_limit > 0 ? t0 + opts->time_limit : 0;

	/* tasks: one per distinct searchable shape, in first-seen order */
	uint32_t nl = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++)
		nl += m->networks[n].nlayers;
	uint32_t *task_of = arena_array(ctx->arena, nl ? nl : 1, sizeof *task_of);
	run.tasks = arena_array(ctx->arena, nl ? nl : 1, sizeof *run.tasks);
	out->networks = arena_array(ctx->arena, m->nnetworks ? m->nnetworks : 1, sizeof *out->networks);
	if (!task_of || !run.tasks || !out->networks)
		return false;
	out->nnetworks = m->nnetworks;
	uint32_t k = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		for (uint32_t i = 0; i < net->nlayers; i++, k++) {
			const IrLayer *l = &net->layers[i];
			task_of[k] = UINT32_MAX;
			if (!searchable(l))
				continue;
			uint32_t t;
			for (t = 0; t < run.ntasks; t++)
				if (same_shape(run.tasks[t].layer, l))
					break;
			if (t == run.ntasks) {
				Task *nt = &run.tasks[run.ntasks++];
				nt->layer = l;
				nt->spec = l->search;
				nt->capseeds = MAX_SEEDS + (l->search ? l->search->nmaps : 0);
				nt->seeds = arena_array(ctx->arena, nt->capseeds, sizeof *nt->seeds);
				if (!nt->seeds)
					return false;
				nt->best.status = MDF_POINT_ERROR;  /* none yet */
				nt->seed = mix(opts->seed, shape_hash(l));
			}
			/* the layer's own mapping starts the search, unless the
			   space is a family's instances (it is then one of them
			   or outside the space) */
			MdfMapping given;
			if (!(l->search && l->search->family) && mdf_mapping_from_layer(l, &given))
				add_seed(&run.tasks[t], &given);
			task_of[k] = t;
		}
	}
	for (uint32_t t = 0; t < run.ntasks; t++) {
		Task *tk = &run.tasks[t];
		const IrSearchSpec *sp = tk->spec;
		tk->late = UINT32_MAX;
		if (sp && sp->family) {
			/* the space is the family's instances (elaborated by the
			   front end, one per argument tuple) */
			for (uint32_t i = 0; i < sp->nmaps; i++) {
				MdfMapping fm;
				if (search_mapping_from_levels(sp->maps[i].levels, sp->maps[i].nlevels, false, &fm))
					add_seed(tk, &fm);
			}
			continue;
		}
		tk->nseeds += search_family_seeds(&ctx->opt, tk->layer, tk->seeds + tk->nseeds,
						  tk->capseeds - tk->nseeds);
		/* the skeletons (a pair of dimensions; the array filled) need
		   climbs to compete: only with a budget that leaves room for
		   them (docs/search.md section 3) */
		if (run.budget >= PAIR_SEED_BUDGET) {
			Space space;
			search_space_init(&space, tk->layer, hw);
			tk->nseeds += search_pair_seeds(&space, tk->seeds + tk->nseeds,
							tk->capseeds - tk->nseeds);
			uint32_t ntop;
			uint32_t nfill = search_fill_seeds(&space, tk->seeds + tk->nseeds,
							   tk->capseeds - tk->nseeds, &ntop);
			tk->late = tk->nseeds + ntop;
			tk->nseeds += nfill;
		}
	}

	/* the workers: the calling thread is worker 0 */
	int nth = opts->threads > 1 ? opts->threads : 1;
	if ((uint32_t)nth > run.ntasks)
		nth = run.ntasks ? (int)run.ntasks : 1;
	pthread_mutex_init(&run.mu, NULL);
	Worker *ws = arena_array(ctx->arena, (size_t)nth, sizeof *ws);
	pthread_t *tid = arena_array(ctx->arena, (size_t)nth, sizeof *tid);
	bool ok = ws && tid;
	int started = 1;
	for (int i = 0; ok && i < nth; i++) {
		ws[i].run = &run;
		ws[i].scratch = mdf_ctx_new(NULL);
		if (!ws[i].scratch)
			ok = false;
	}
	for (int i = 1; ok && i < nth; i++, started++)
		if (pthread_create(&tid[i], NULL, worker_main, &ws[i]) != 0)
			break;      /* fewer threads: the work still gets done */
	if (ok) {
		ws[0].reports = true;
		worker_main(&ws[0]);
	}
	for (int i = 1; i < started; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; ws && i < nth; i++)
		mdf_ctx_free(ws[i].scratch);
	pthread_mutex_destroy(&run.mu);
	if (!ok)
		return false;

	/* results per layer */
	bool good = true;
	k = 0;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		const IrNetwork *net = &m->networks[n];
		MdfNetworkSearch *ns = &out->networks[n];
		ns->net = net;
		ns->nlayers = net->nlayers;
		ns->layers = arena_array(ctx->arena, net->nlayers ? net->nlayers : 1, sizeof *ns->layers);
		if (!ns->layers)
			return false;
		for (uint32_t i = 0; i < net->nlayers; i++, k++) {
			MdfLayerSearch *ls = &ns->layers[i];
			const IrLayer *l = &net->layers[i];
			ls->layer = l;
			if (task_of[k] == UINT32_MAX)
				continue;
			Task *t = &run.tasks[task_of[k]];
			if (t->failed)
				continue;
			ls->searched = true;
			ls->best = t->best;
			ls->best_map = t->best_map;
			ls->evaluated = t->evaluated;
			ls->valid = t->valid;
			ls->infeasible = t->infeasible;
			ls->bound = t->bound;
			ls->exhaustive = t->exhaustive;
			ls->pruned = t->pruned;
			/* the first layer of a shape carries the search's figures */
			ls->shared = t->layer != l;
			ls->seconds = ls->shared ? 0 : t->seconds;
			if (!ls->shared && t->npareto) {
				ls->pareto = arena_array(ctx->arena, t->npareto, sizeof *ls->pareto);
				if (ls->pareto) {
					memcpy(ls->pareto, t->pareto, t->npareto * sizeof *ls->pareto);
					ls->npareto = t->npareto;
				}
			}
			MdfMapping given;
			if (mdf_mapping_from_layer(l, &given)) {
				MdfPoint *p = mdf_point_new(l, hw, &opts->cost);
				if (p) {
					mdf_point_eval(p, &given, &ls->given);
					ls->has_given = ls->given.status == MDF_POINT_OK ||
							ls->given.status == MDF_POINT_INFEASIBLE;
					mdf_point_free(p);
				}
			}
			if (t->bound && !ls->shared) {
				MdfBuf b = {0};
				mdf_mapping_print(&t->bound_map, "    ", &b);
				diag_emit(ctx, DIAG_W1001, l->span,
					  "layer '%s': the cost model gave %lld of %lld mapping point(s) a runtime "
					  "below MACs / (PEs x SIMD lanes) or a wrong MAC count; they were set aside. "
					  "First: %lld cycles, %lld MACs (the layer has %lld):\n%s",
					  l->name ? l->name : "", (long long)t->bound, (long long)t->evaluated,
					  (long long)t->bound_res.runtime, (long long)t->bound_res.macs,
					  (long long)t->macs, b.data ? b.data : "");
				buf_free(&b);
			}
			/* the winner passed the bound when it was evaluated; check
			   it once more here, where it is reported */
			if (ls->best.status == MDF_POINT_OK && !within_bound(&ls->best, t->macs, hw)) {
				diag_emit(ctx, DIAG_E0999, l->span, "internal error: the search's winner for layer "
					  "'%s' breaks the hardware bound (%lld cycles, %lld MACs)",
					  l->name ? l->name : "", (long long)ls->best.runtime,
					  (long long)ls->best.macs);
				good = false;
			}
		}
	}
	out->timed_out = run.timed_out;
	out->seconds = search_now() - t0;
	return good;
}
