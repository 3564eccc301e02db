/*
** elab.c: elaboration, the AST of every loaded file -> IrModule.
**
** Takes the files in dependency order (import.c) and produces the IR of
** ir.h as written: every expression evaluated with checked arithmetic, every
** loop expanded, named dataflows instantiated, Sz() resolved against the
** layer's declared sizes, the dataflow split into cluster levels.  It does
** not normalise (no inheritance, unrolling or Y'/X' conversion) and checks
** dataflow legality only as far as the values themselves go (positive sizes,
** known dimensions, well-formed clusters); the passes do the rest (E05xx).
**
** Scoping: -D defines and params (and MAESTRO Constants) are global and are
** evaluated in order, each seeing the ones before it.  A -D overrides a param
** of the same name (its value is evaluated in the param's place, so it may
** use earlier params); a -D may also define a name no param declares (then it
** is defined before every param and sees only earlier such -D names).  Networks
** are elaborated after all global definitions, so a layer may use a dataflow
** or a param defined further down the file.  Loop variables are visible in
** the loop body; a named dataflow's body sees globals and its own parameters
** only (lexical scoping).
**
** This file: dataflows (levels, directives, loops, named-dataflow uses),
** layers and networks, and front_elaborate's order of work.  Expressions
** and scopes are in elab_expr.c, the global definitions and accelerators
** in elab_globals.c, Search blocks in elab_search.c; elab_int.h is what
** they share.
*/
#include <string.h>
#include "front/elab_int.h"
#include "mdfc/checked.h"

/* ---- dataflows ---- */

const AstNode *
elab_find_df(Elab *E, const char *name)
{
	uint32_t i;
	return names_get(&E->dfmap, name, &i) && i < E->ndfs ? E->dfs[i] : NULL;
}

/* The dataflow a use names; E0304 (with a did-you-mean) when none. */
const AstNode *
elab_find_df_used(Elab *E, const char *name, Span at)
{
	const AstNode *def = elab_find_df(E, name);
	if (def)
		return def;
	Diag *d = diag_emit(E->ctx, DIAG_E0304, at, "no dataflow named `%s`", name);
	const char **names = arena_array(E->ctx->arena, E->ndfs + 1, sizeof *names);
	if (names) {
		for (uint32_t i = 0; i < E->ndfs; i++)
			names[i] = E->dfs[i]->u.dfdef.name;
		const char *s = diag_suggest(name, names, E->ndfs);
		if (s)
			diag_hint(E->ctx, d, "did you mean `%s`?", s);
	}
	return NULL;
}

uint32_t
elab_new_level(Elab *E, int64_t size, char type, Span span)
{
	/* (nlv == caplv when it grows: every slot is copied, buffers kept) */
	LevelB *v = arena_push_room(E->ctx->arena, E->lv, E->nlv, &E->caplv, 4, true);
	if (!v)
		return E->nlv ? E->nlv - 1 : 0;
	E->lv = v;
	LevelB *l = &E->lv[E->nlv];
	/* builder slots are reused from layer to layer, keeping their directive
	   buffers; each layer gets exact-size copies (see elab_layer) */
	IrDirective *buf = E->nlv < E->nlv_init ? l->lv.dirs : NULL;
	uint32_t cap = E->nlv < E->nlv_init ? l->capdirs : 0;
	memset(l, 0, sizeof *l);
	l->lv.dirs = buf;
	l->capdirs = cap;
	if (E->nlv >= E->nlv_init)
		E->nlv_init = E->nlv + 1;
	l->lv.cluster_size = size;
	l->lv.cluster_type = type;
	l->lv.span = span;
	return E->nlv++;
}

static void
push_dir(Elab *E, uint32_t level, const IrDirective *d)
{
	LevelB *l = &E->lv[level];
	IrDirective *v = arena_push_room(E->ctx->arena, l->lv.dirs, l->lv.ndirs, &l->capdirs, 8, true);
	if (!v)
		return;
	l->lv.dirs = v;
	l->lv.dirs[l->lv.ndirs++] = *d;
}

static uint32_t df_items(Elab *E, const AstList *items, uint32_t cur);
static uint32_t df_use(Elab *E, const AstNode *use, uint32_t cur);

/* Evaluate a loop's bounds and check the iteration count; false to skip. */
static bool
loop_bounds(Elab *E, const AstNode *n, int64_t *lo, int64_t *hi)
{
	bool a = elab_eval(E, n->u.loop.lo, lo);
	bool b = elab_eval(E, n->u.loop.hi, hi);
	if (!a || !b)
		return false;
	if (*hi <= *lo)
		return true;
	uint64_t iters = (uint64_t)*hi - (uint64_t)*lo;
	uint64_t room = E->ctx->opt.limits.max_expansion - (E->expansion < E->ctx->opt.limits.max_expansion
							    ? E->expansion : E->ctx->opt.limits.max_expansion);
	if (iters > room) {
		Diag *d = diag_emit(E->ctx, DIAG_E0411, n->span,
				    "runaway loop: %llu iterations exceed the expansion limit of %llu",
				    (unsigned long long)iters,
				    (unsigned long long)E->ctx->opt.limits.max_expansion);
		diag_hint(E->ctx, d, "`for i in A..B` runs B-A times (B excluded); check the bounds");
		E->stop = true;
		return false;
	}
	return true;
}

static uint32_t
df_item(Elab *E, const AstNode *n, uint32_t cur)
{
	switch (n->kind) {
	case AST_MAP: {
		if (!elab_count(E, n->span, 1))
			return cur;
		int64_t size = 0, off = 0;
		bool oks = elab_eval_positive(E, n->u.map.size, "a map size", &size);
		bool oko = elab_eval_positive(E, n->u.map.offset, "a map offset", &off);
		Dim d;
		bool okd = elab_dim_lookup(E, n->u.map.dim, &d);
		if (!okd) {
			Diag *dg = diag_emit(E->ctx, DIAG_E0403, n->u.map.dim_span,
					     "`%s` is not a dimension", n->u.map.dim);
			const char *s = elab_suggest_dim(n->u.map.dim);
			if (s)
				diag_hint(E->ctx, dg, "did you mean `%s`?", s);
			else
				diag_hint(E->ctx, dg, "the dimensions are N G K C M R S Y X Y' X'");
		}
		if (!oks || !oko || !okd)
			return cur;
		if (E->lv[cur].lv.ndirs >= IR_MAX_LEVEL_DIRS) {
			/* a level holds each dimension once: past this, only duplicates */
			if (!E->lv[cur].too_many)
				diag_emit(E->ctx, DIAG_E0411, n->span,
					  "more than %d directives in one level of a dataflow", IR_MAX_LEVEL_DIRS);
			E->lv[cur].too_many = true;
			return cur;
		}
		IrDirective dir;
		memset(&dir, 0, sizeof dir);
		dir.kind = n->u.map.spatial ? DIR_SPATIAL : DIR_TEMPORAL;
		dir.dim = dir.src_dim = d;
		dir.size = dir.src_size = size;
		dir.offset = dir.src_offset = off;
		dir.origin = ORIG_SOURCE;
		dir.span = n->span;
		push_dir(E, cur, &dir);
		return cur;
	}
	case AST_CLUSTER: {
		int64_t size = 0;
		bool ok = elab_eval_positive(E, n->u.cluster.size, "a cluster size", &size);
		char type = 'P';
		const char *t = n->u.cluster.type;
		if (!t) {
			Diag *d = diag_emit(E->ctx, DIAG_E0410, n->span, "Cluster needs a type: P or L");
			diag_hint(E->ctx, d, "write Cluster(n, P)");
			ok = false;
		} else if (strcmp(t, "P") != 0 && strcmp(t, "L") != 0) {
			Diag *d = diag_emit(E->ctx, DIAG_E0410, n->u.cluster.type_span,
					    "unknown cluster type `%s`: the types are P and L", t);
			diag_hint(E->ctx, d, "P and L mean the same to the cost model; write P");
			ok = false;
		} else {
			type = t[0];
		}
		if (E->lv[cur].has_child) {
			Diag *d = diag_emit(E->ctx, DIAG_E0414, n->span,
					    "this level already has a Cluster sub-level");
			diag_note(E->ctx, d, E->lv[cur].child_span, "the level's first Cluster");
			diag_hint(E->ctx, d, "each level holds one Cluster; nest the second one inside the first");
			return cur;
		}
		if (E->nlv > E->ctx->opt.limits.max_cluster_depth) {    /* nlv - 1 Clusters so far */
			diag_emit(E->ctx, DIAG_E0414, n->span, "clusters nested more than %u deep",
				  E->ctx->opt.limits.max_cluster_depth);
			return cur;
		}
		if (!elab_count(E, n->span, 1))
			return cur;
		E->lv[cur].has_child = true;
		E->lv[cur].child_span = n->span;
		uint32_t lv = elab_new_level(E, ok ? size : 1, type, n->span);
		if (!n->u.cluster.block)
			return lv;
		df_items(E, &n->u.cluster.items, lv);
		return cur;
	}
	case AST_FOR: {
		int64_t lo, hi;
		if (!loop_bounds(E, n, &lo, &hi))
			return cur;
		for (int64_t i = lo; i < hi && !E->stop; i++) {
			if (!elab_count(E, n->span, 1))
				break;
			elab_bind(E, n->u.loop.var, i, n->u.loop.var_span, B_LOOP, false);
			cur = df_items(E, &n->u.loop.items, cur);
			E->nb--;
		}
		return cur;
	}
	case AST_DFUSE:
		return df_use(E, n, cur);
	default:
		return cur;
	}
}

static uint32_t
df_items(Elab *E, const AstList *items, uint32_t cur)
{
	for (uint32_t i = 0; i < items->n && !E->stop; i++)
		cur = df_item(E, items->v[i], cur);
	return cur;
}

/* Instantiate `Dataflow: NAME(args)` for the current layer, at level `cur`
   (0 for a layer's dataflow; inside a dataflow body, wherever the use
   stands: the body's directives and Clusters go there, as if written in
   place).  Returns the level that later directives go to. */
static uint32_t
df_use(Elab *E, const AstNode *use, uint32_t cur)
{
	const AstNode *def = elab_find_df_used(E, use->u.use.name, use->u.use.name_span);
	if (!def)
		return cur;
	for (uint32_t i = 0; i < E->nactive; i++)
		if (E->active[i] == def) {
			Diag *d = diag_emit(E->ctx, DIAG_E0416, use->span,
					    "dataflow `%s` uses itself", def->u.dfdef.name);
			diag_note(E->ctx, d, def->u.dfdef.name_span, "`%s` is defined here", def->u.dfdef.name);
			return cur;
		}
	if (E->nactive >= E->ctx->opt.limits.max_nesting) {
		diag_emit(E->ctx, DIAG_E0416, use->span, "dataflows used inside each other more than %u deep",
			  E->ctx->opt.limits.max_nesting);
		return cur;
	}
	uint32_t want = def->u.dfdef.params.n, got = use->u.use.args.n;
	if (want != got) {
		MdfBuf b = {0};
		for (uint32_t i = 0; i < want; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", def->u.dfdef.params.v[i]->u.name);
		Diag *d = diag_emit(E->ctx, DIAG_E0305, use->span,
				    "dataflow `%s` takes %u argument%s (%s), but %u %s given",
				    def->u.dfdef.name, want, want == 1 ? "" : "s", b.data ? b.data : "",
				    got, got == 1 ? "was" : "were");
		diag_note(E->ctx, d, def->u.dfdef.name_span, "`%s` is defined here", def->u.dfdef.name);
		buf_free(&b);
		return cur;
	}
	int64_t *vals = arena_array(E->ctx->arena, got + 1, sizeof *vals);
	bool *bad = arena_array(E->ctx->arena, got + 1, sizeof *bad);
	if (!vals || !bad)
		return cur;
	for (uint32_t i = 0; i < got; i++)
		bad[i] = !elab_eval(E, use->u.use.args.v[i], &vals[i]);
	return elab_df_body(E, def, vals, bad, use->span, cur);
}

/* The body of dataflow `def` with its parameters bound to vals (bad[i]:
   the value failed to evaluate), at level `cur`; `at` is the use. */
uint32_t
elab_df_body(Elab *E, const AstNode *def, const int64_t *vals, const bool *bad, Span at, uint32_t cur)
{
	uint32_t got = def->u.dfdef.params.n;
	uint32_t saved_nb = E->nb, saved_frame = E->frame;
	E->frame = E->nb;
	for (uint32_t i = 0; i < got; i++)
		elab_bind(E, def->u.dfdef.params.v[i]->u.name, vals[i], def->u.dfdef.params.v[i]->span,
		     B_DFPARAM, bad[i]);
	size_t before = E->ctx->diags.n;
	E->active[E->nactive++] = def;
	cur = df_items(E, &def->u.dfdef.items, cur);
	E->nactive--;
	/* a problem inside the dataflow's body also says which use caused it */
	for (size_t i = before; i < E->ctx->diags.n; i++)
		diag_note(E->ctx, &E->ctx->diags.items[i], at,
			  "in dataflow `%s` as used by layer `%s`", def->u.dfdef.name, E->layer->name);
	E->nb = saved_nb;
	E->frame = saved_frame;
	return cur;
}

/* ---- layers ---- */

typedef struct LayerOut {
	IrLayer *v;
	uint32_t n, cap;
} LayerOut;

static void
dim_entries(Elab *E, IrLayer *L, const AstNode *blk, bool stride, Span *first)
{
	for (uint32_t i = 0; i < blk->u.block.items.n; i++) {
		const AstNode *en = blk->u.block.items.v[i];
		Dim d;
		if (!elab_dim_lookup(E, en->u.entry.key, &d)) {
			Diag *w = diag_emit(E->ctx, DIAG_W0401, en->u.entry.key_span,
					    "`%s` is not a dimension; this %s is ignored",
					    en->u.entry.key, stride ? "stride" : "size");
			const char *s = elab_suggest_dim(en->u.entry.key);
			if (s)
				diag_hint(E->ctx, w, "did you mean `%s`?", s);
			continue;
		}
		int64_t v;
		if (!elab_eval_positive(E, en->u.entry.value, stride ? "a stride" : "a dimension size", &v)) {
			if (!stride)
				E->dim_bad[d] = true;
			continue;
		}
		int64_t *slot = stride ? &L->stride[d] : &L->dim[d];
		Span *sp = stride ? &L->stride_span[d] : &L->dim_span[d];
		bool declared = stride ? first[d].hi > 0 : *slot != 0;
		if (declared) {
			if (*slot == v) {
				Diag *w = diag_emit(E->ctx, DIAG_W0402, en->span,
						    "%s %s given twice", stride ? "stride of" : "dimension",
						    ir_dim_name(d));
				diag_note(E->ctx, w, *sp, "first given here, with the same value");
			} else {
				Diag *dg = diag_emit(E->ctx, DIAG_E0404, en->span,
						     "%s %s given twice, as %lld and %lld",
						     stride ? "stride of" : "dimension", ir_dim_name(d),
						     (long long)*slot, (long long)v);
				diag_note(E->ctx, dg, *sp, "first given here");
				if (!stride)
					E->dim_bad[d] = true;
			}
			continue;
		}
		if (stride && d != DIM_X && d != DIM_Y)
			diag_emit(E->ctx, DIAG_W0403, en->span,
				  "a stride on %s has no effect; only X and Y strides do", ir_dim_name(d));
		*slot = v;
		*sp = en->span;
		if (stride)
			first[d] = en->span;
	}
}

/* Keep the first of a layer's items of one kind; a second one is E0412. */
static void
first_item(MdfCtx *ctx, const AstNode **slot, const AstNode *it, const char *layer, const char *plural,
	   const char *one)
{
	if (*slot) {
		Diag *d = diag_emit(ctx, DIAG_E0412, it->span, "layer `%s` has two %s", layer, plural);
		diag_note(ctx, d, (*slot)->span, "the first %s", one);
		return;
	}
	*slot = it;
}

static void
elab_layer(Elab *E, const AstNode *n, const AstNode *net_default, LayerOut *out)
{
	MdfCtx *ctx = E->ctx;
	if (E->nlayers >= ctx->opt.limits.max_layers) {
		/* checked before anything of the layer is built */
		diag_emit(ctx, DIAG_E0411, n->span, "more than %u layers", ctx->opt.limits.max_layers);
		E->stop = true;
		return;
	}
	if (!elab_count(E, n->span, 1))
		return;
	E->nlayers++;
	IrLayer L;
	memset(&L, 0, sizeof L);
	L.span = n->span;
	L.name = elab_eval_name(E, n->u.layer.name, &L.name_span);
	if (!L.name)
		L.name = "?";
	else if (!L.name[0])
		diag_emit(ctx, DIAG_E0413, L.name_span, "a layer name cannot be empty");
	L.type_span = L.dims_span = L.dataflow_span = span_none();
	for (int d = 0; d < DIM__COUNT; d++) {
		L.stride[d] = 1;
		L.dim_span[d] = L.stride_span[d] = span_none();
	}
	memset(E->dim_bad, 0, sizeof E->dim_bad);
	const AstNode *type = NULL, *df = NULL, *search = NULL;
	Span stride_first[DIM__COUNT];
	memset(stride_first, 0, sizeof stride_first);
	bool have_dims = false;
	for (uint32_t i = 0; i < n->u.layer.items.n; i++) {
		const AstNode *it = n->u.layer.items.v[i];
		switch (it->kind) {
		case AST_TYPE:
			if (type) {
				Diag *d = diag_emit(ctx, DIAG_E0412, it->span, "layer `%s` has two Type lines", L.name);
				diag_note(ctx, d, type->span, "the first Type");
				break;
			}
			type = it;
			L.type_span = it->u.type.name_span;
			if (!ir_layer_type_lookup(it->u.type.name, &L.type)) {
				Diag *d = diag_emit(ctx, DIAG_E0401, it->u.type.name_span,
						    "unknown layer type `%s`: the types are CONV, DSCONV, NGCONV, "
						    "GEMM, FC, TRCONV and POOL", it->u.type.name);
				const char *s = diag_suggest(it->u.type.name, ir_layer_type_names, LT__COUNT);
				if (s)
					diag_hint(ctx, d, "did you mean `%s`?%s", s,
						  strcmp(s, it->u.type.name) != 0 &&
						  strlen(s) == strlen(it->u.type.name) ? " (types are case-sensitive)" : "");
			}
			break;
		case AST_DIMS:
			if (!have_dims)
				L.dims_span = it->span;
			have_dims = true;
			dim_entries(E, &L, it, false, stride_first);
			break;
		case AST_STRIDE:
			dim_entries(E, &L, it, true, stride_first);
			break;
		case AST_DATAFLOW:
		case AST_DFUSE:
			first_item(ctx, &df, it, L.name, "Dataflows", "Dataflow");
			break;
		case AST_SEARCH:
			first_item(ctx, &search, it, L.name, "Search blocks", "Search block");
			break;
		default:
			break;
		}
	}
	for (int k = 0; k < 2; k++) {
		Dim in = k ? DIM_X : DIM_Y, o = k ? DIM_XP : DIM_YP;
		if (L.dim[in] && L.dim[o]) {
			bool later = L.dim_span[o].lo > L.dim_span[in].lo;
			Diag *d = diag_emit(ctx, DIAG_E0405, later ? L.dim_span[o] : L.dim_span[in],
					    "both %s (input) and %s (output) are declared",
					    ir_dim_name(in), ir_dim_name(o));
			diag_note(ctx, d, later ? L.dim_span[in] : L.dim_span[o], "the other one is here");
			diag_hint(ctx, d, "declare the input size %s or the output size %s, not both",
				  ir_dim_name(in), ir_dim_name(o));
		}
	}
	if (!df)
		df = net_default;
	if (!type || !have_dims || !df) {
		/* one report listing everything missing */
		const char *miss[3];
		int k = 0;
		if (!type) miss[k++] = "no Type";
		if (!have_dims) miss[k++] = "no Dimensions";
		if (!df) miss[k++] = "no Dataflow";
		Diag *d = diag_emit(ctx, DIAG_E0408, L.name_span.hi ? L.name_span : n->span,
				    "layer `%s` has %s%s%s%s%s", L.name, miss[0],
				    k == 3 ? ", " : k == 2 ? " and " : "", k >= 2 ? miss[1] : "",
				    k == 3 ? " and " : "", k == 3 ? miss[2] : "");
		if (!df)
			diag_hint(ctx, d, "give the layer a `Dataflow { ... }` block, `Dataflow: NAME(args);`, "
				  "or put `Dataflow: NAME(args);` in the network for all its layers");
	}
	if (df) {
		L.dataflow_span = df->span;
		E->nlv = 0;
		elab_new_level(E, 0, 0, df->span);
		E->layer = &L;
		if (df->kind == AST_DATAFLOW)
			df_items(E, &df->u.block.items, 0);
		else
			df_use(E, df, 0);
		E->layer = NULL;
		elab_take_levels(E, &L.levels, &L.nlevels);
	}
	if (!search)
		search = E->net_search;
	if (search)
		L.search = elab_search(E, &L, search);
	IrLayer *v = arena_push_room(ctx->arena, out->v, out->n, &out->cap, 16, false);
	if (!v)
		return;
	out->v = v;
	out->v[out->n++] = L;
}

static void
net_items(Elab *E, const AstList *items, const AstNode *def, LayerOut *out)
{
	for (uint32_t i = 0; i < items->n && !E->stop; i++) {
		const AstNode *n = items->v[i];
		if (n->kind == AST_LAYER) {
			elab_layer(E, n, def, out);
		} else if (n->kind == AST_FOR) {
			int64_t lo, hi;
			if (!loop_bounds(E, n, &lo, &hi))
				continue;
			for (int64_t v = lo; v < hi && !E->stop; v++) {
				if (!elab_count(E, n->span, 1))
					break;
				elab_bind(E, n->u.loop.var, v, n->u.loop.var_span, B_LOOP, false);
				net_items(E, &n->u.loop.items, def, out);
				E->nb--;
			}
		}
	}
}

static void
elab_network(Elab *E, const AstNode *n, IrNetwork *net)
{
	memset(net, 0, sizeof *net);
	net->span = n->span;
	Span ns;
	net->name = n->u.network.name ? elab_eval_name(E, n->u.network.name, &ns) : "";
	if (!net->name)
		net->name = "?";
	const AstNode *def = NULL;
	E->net_search = NULL;
	for (uint32_t i = 0; i < n->u.network.items.n; i++) {
		const AstNode *it = n->u.network.items.v[i];
		if (it->kind == AST_SEARCH) {
			if (E->net_search) {
				Diag *d = diag_emit(E->ctx, DIAG_E0412, it->span, "network has two Search blocks");
				diag_note(E->ctx, d, E->net_search->span, "the first Search block");
			} else {
				E->net_search = it;
			}
			continue;
		}
		if (it->kind != AST_DFUSE)
			continue;
		if (def) {
			Diag *d = diag_emit(E->ctx, DIAG_E0412, it->span, "network has two default Dataflows");
			diag_note(E->ctx, d, def->span, "the first default Dataflow");
			continue;
		}
		def = it;
	}
	/* room for the layers written out (loops add more) */
	LayerOut out = {0};
	for (uint32_t i = 0; i < n->u.network.items.n; i++)
		out.cap += n->u.network.items.v[i]->kind == AST_LAYER;
	if (out.cap < 16)
		out.cap = 16;
	out.v = arena_alloc_raw(E->ctx->arena, (size_t)out.cap * sizeof *out.v);
	if (!out.v)
		out.cap = 0;
	net_items(E, &n->u.network.items, def, &out);
	E->net_search = NULL;
	net->layers = out.v;
	net->nlayers = out.n;
}

IrModule *
front_elaborate(MdfCtx *ctx, Interner *strs, FileSet *set)
{
	Elab E;
	memset(&E, 0, sizeof E);
	E.ctx = ctx;
	E.strs = strs;
	for (int d = DIM__COUNT; d-- > 0;) {
		E.dim_str[d] = intern_str(ctx, strs, ir_dim_names[d], strlen(ir_dim_names[d]));
		E.dim_first[(unsigned char)ir_dim_names[d][0] & 127] = (uint8_t)(d + 1);
	}
	elab_intern_fns(&E);
	IrModule *m = arena_alloc(ctx->arena, sizeof *m);
	E.active = arena_array(ctx->arena, ctx->opt.limits.max_nesting + 1, sizeof *E.active);
	if (!m || !E.active)
		return NULL;
	uint32_t ndefs;
	NameMap pmap = {0};
	PendingDef *defs = elab_defines(&E, set, &ndefs, &pmap);
	uint32_t cap_accels = 0;
	elab_globals(&E, set, m, &cap_accels, defs, &pmap);
	uint32_t nnet = 0;
	for (uint32_t fi = 0; fi < set->n; fi++)
		for (uint32_t i = 0; i < set->files[fi]->items.n; i++)
			if (set->files[fi]->items.v[i]->kind == AST_NETWORK)
				nnet++;
	m->networks = arena_array(ctx->arena, nnet + 1, sizeof *m->networks);
	if (!m->networks)
		return NULL;
	size_t before = ctx->diags.n;
	for (uint32_t fi = 0; fi < set->n && !E.stop; fi++)
		for (uint32_t i = 0; i < set->files[fi]->items.n && !E.stop; i++) {
			const AstNode *n = set->files[fi]->items.v[i];
			if (n->kind == AST_NETWORK)
				elab_network(&E, n, &m->networks[m->nnetworks++]);
		}
	diag_fold_same_span(ctx, before);
	/* A -D that no param declares and no expression reads is most likely
	   a misspelling (-D DATAFLOWS=2): say so rather than ignore it. */
	const char **cands = NULL;
	uint32_t k = 0, nunused = 0;
	for (uint32_t i = 0; i < E.nglobals && !E.stop; i++) {
		Binding *b = &E.b[i];
		if (b->kind != B_DEFINE || b->used)
			continue;
		Diag *d = diag_emit(ctx, DIAG_W0404, b->span,
				    "-D %s is not used: no param %s is declared and no expression reads it",
				    b->name, b->name);
		if (!cands) {
			cands = arena_array(ctx->arena, E.nglobals + 1, sizeof *cands);
			for (uint32_t j = 0; cands && j < E.nglobals; j++)
				if (E.b[j].kind == B_PARAM)
					cands[k++] = E.b[j].name;
		}
		/* a suggestion compares with every param: for the first few only */
		const char *sug = cands && nunused++ < 16 ? diag_suggest(b->name, cands, k) : NULL;
		if (sug)
			diag_hint(ctx, d, "did you mean `%s`?", sug);
	}
	return m;
}
