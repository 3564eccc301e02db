/*
** point.c: one mapping point of a layer, evaluated in process
** (include/mdfc/search.h, docs/search.md section 2).  Each evaluation
** builds the layer with the point's directives in the point's own arena,
** runs the passes (normalization, validation: the legality check) and the
** cost model, then releases everything it allocated (arena_mark /
** arena_release), so memory stays flat over any number of points.
*/
#include <string.h>
#include "mdfc/arena.h"
#include "mdfc/checked.h"
#include "mdfc/passes.h"
#include "mdfc/search.h"
#include "search_int.h"

struct MdfPoint {
	MdfCtx *ctx;            /* owned: one per thread */
	IrLayer base;           /* the layer's shape, no levels */
	const IrHw *hw;
	MdfCostOpts opts;
	int64_t macs;           /* the layer's true MAC count */
	int64_t pe_slots;       /* PEs x SIMD lanes */
	/* kept from one point to the next (a search's points share their
	   structure and most tiles): the model's levels per structure, the
	   window check's last verdicts and normalization's plans
	   (docs/search.md section 2) */
	MdfCostMemo *memo;
	PassWinMemo win;
	PassPlanMemo plans;     /* normalization's, per written structure */
	LayerVars vars;         /* the layer's (ir_layer_vars) */
	/* each point's layer, built here (normalization then points its
	   levels at tables in the arena) */
	IrLayer lay;
	IrLevel lvs[MDF_MAP_MAXL];
	IrDirective dirs[MDF_MAP_MAXL][MDF_MAP_MAXD];
	/* normalization's tables of a point (PassCtx.dir_room): per level at
	   most its own directives twice, the level above's and one per
	   dimension */
	IrDirective room[MDF_MAP_MAXL * (2 * MDF_MAP_MAXD + 2 * (MDF_MAP_MAXD + DIM__COUNT) + DIM__COUNT)];
};

/* Levels as written (normalized: their source and converted directives). */
bool
search_mapping_from_levels(const IrLevel *lvs, uint32_t nlevels, bool normalized, MdfMapping *out)
{
	memset(out, 0, sizeof *out);
	if (!lvs || nlevels == 0 || nlevels > MDF_MAP_MAXL)
		return false;
	out->nlevels = nlevels;
	for (uint32_t i = 0; i < nlevels; i++) {
		const IrLevel *lv = &lvs[i];
		MdfMapLevel *ml = &out->lv[i];
		ml->cluster_size = i ? lv->cluster_size : 0;
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			if (normalized && d->origin != ORIG_SOURCE && d->origin != ORIG_CONVERTED)
				continue;
			if (ml->ndirs == MDF_MAP_MAXD)
				return false;
			MdfMapDir *md = &ml->dirs[ml->ndirs++];
			md->kind = (uint8_t)d->kind;
			if (normalized) {
				md->dim = (uint8_t)d->src_dim;
				md->size = d->src_size;
				md->offset = d->src_offset;
			} else {
				md->dim = (uint8_t)d->dim;
				md->size = d->size;
				md->offset = d->offset;
			}
		}
	}
	return true;
}

bool
mdf_mapping_from_layer(const IrLayer *l, MdfMapping *out)
{
	if (!l) {
		memset(out, 0, sizeof *out);
		return false;
	}
	return search_mapping_from_levels(l->levels, l->nlevels, l->normalized, out);
}

static void
put_indent(MdfBuf *out, const char *indent, uint32_t depth)
{
	buf_puts(out, indent);
	while (depth-- > 0)
		buf_putc(out, '\t');
}

void
mdf_mapping_print(const MdfMapping *m, const char *indent, MdfBuf *out)
{
	for (uint32_t i = 0; i < m->nlevels; i++) {
		const MdfMapLevel *ml = &m->lv[i];
		if (i > 0) {
			put_indent(out, indent, i - 1);
			buf_printf(out, "Cluster(%lld, P) {\n", (long long)ml->cluster_size);
		}
		for (uint32_t j = 0; j < ml->ndirs; j++) {
			const MdfMapDir *d = &ml->dirs[j];
			put_indent(out, indent, i);
			buf_printf(out, "%s(%lld, %lld) %s;\n", d->kind == DIR_SPATIAL ? "SpatialMap" : "TemporalMap",
				   (long long)d->size, (long long)d->offset, ir_dim_name((Dim)d->dim));
		}
	}
	for (uint32_t i = m->nlevels; i-- > 1;) {
		put_indent(out, indent, i - 1);
		buf_puts(out, "}\n");
	}
}

/* A point reports only the code of its first error: its context records
   no warning (they are allowed, so never formatted) and stores one error. */
static const unsigned char point_diag_levels[DIAG__COUNT] = {
#define DIAG(code, sev, slug, summary) DIAG_LEVEL_ALLOW,
#include "mdfc/diag_codes.def"
#undef DIAG
};

/* Forget the last point's diagnostics (their memory went with the arena's). */
static void
reset_diags(MdfCtx *ctx)
{
	memset(&ctx->diags, 0, sizeof ctx->diags);
	ctx->diags.max_errors = ctx->opt.max_errors;
}

MdfPoint *
mdf_point_new(const IrLayer *layer, const IrHw *hw, const MdfCostOpts *opts)
{
	if (!layer || layer->type == LT_POOL)
		return NULL;
	MdfOptions mo;
	memset(&mo, 0, sizeof mo);
	mo.diag_levels = point_diag_levels;
	mo.max_errors = 1;
	MdfCtx *ctx = mdf_ctx_new(&mo);
	if (!ctx)
		return NULL;
	MdfPoint *p = arena_alloc(ctx->arena, sizeof *p);
	if (!p) {
		mdf_ctx_free(ctx);
		return NULL;
	}
	p->ctx = ctx;
	p->hw = hw;
	p->memo = mdf_cost_memo_new(ctx);
	memset(&p->win, 0, sizeof p->win);
	memset(&p->plans, 0, sizeof p->plans);
	if (opts)
		p->opts = *opts;
	IrLayer *b = &p->base;
	*b = *layer;
	b->levels = NULL;
	b->nlevels = 0;
	b->normalized = b->valid = false;
	/* a normalized TRCONV holds its declared stride as the dilation (and
	   stride 1): give it back, so that normalization dilates the input
	   again (docs/ir.md 2.0) */
	for (int d = 0; d < DIM__COUNT; d++)
		if (b->dilation[d] > 0) {
			b->stride[d] = b->dilation[d];
			b->dilation[d] = 0;
		}
	b->span = b->name_span = b->type_span = b->dims_span = b->dataflow_span = span_none();
	for (int d = 0; d < DIM__COUNT; d++)
		b->dim_span[d] = b->stride_span[d] = span_none();
	ir_layer_vars(b, &p->vars);
	p->macs = 0;
	p->pe_slots = 0;
	ck_mul(hw->num_pes, hw->simd_lanes > 0 ? hw->simd_lanes : 1, &p->pe_slots);
	/* the true MAC count: normalize the bare shape with a trivial mapping */
	MdfMapping m = {0};
	m.nlevels = 1;
	m.lv[0].ndirs = 1;
	m.lv[0].dirs[0].kind = DIR_SPATIAL;
	m.lv[0].dirs[0].dim = layer->type == LT_GEMM ? DIM_M : layer->type == LT_DSCONV ? DIM_C : DIM_K;
	m.lv[0].dirs[0].size = m.lv[0].dirs[0].offset = 1;
	ArenaMark mk = arena_mark(ctx->arena);
	IrLayer *l = search_build_layer(p->ctx, &p->base, &m);
	if (l) {
		PassCtx pc = {0};
		pc.ctx = ctx;
		if (pass_check_shape(&pc, l) && pass_normalize(&pc, l))
			ir_layer_macs(l, &p->macs);
	}
	arena_release(ctx->arena, mk);
	reset_diags(ctx);
	if (p->macs <= 0) {
		mdf_ctx_free(ctx);
		return NULL;
	}
	return p;
}

void
mdf_point_free(MdfPoint *p)
{
	if (p)
		mdf_ctx_free(p->ctx);
}

int64_t mdf_point_macs(const MdfPoint *p) { return p->macs; }
size_t mdf_point_arena_used(const MdfPoint *p) { return arena_used(p->ctx->arena); }

/* m's levels into l (levels lv, directive tables dirs[i] of room
   MDF_MAP_MAXD): the base layer with m's directives as written. */
static bool
build_into(IrLayer *l, IrLevel *lv, IrDirective (*dirs)[MDF_MAP_MAXD], const IrLayer *base, const MdfMapping *m)
{
	if (m->nlevels == 0 || m->nlevels > MDF_MAP_MAXL)
		return false;
	*l = *base;
	l->levels = lv;
	l->nlevels = m->nlevels;
	for (uint32_t i = 0; i < m->nlevels; i++) {
		const MdfMapLevel *ml = &m->lv[i];
		if (ml->ndirs > MDF_MAP_MAXD)
			return false;
		memset(&lv[i], 0, sizeof lv[i]);
		lv[i].cluster_size = i ? ml->cluster_size : 0;
		lv[i].cluster_type = i ? 'P' : 0;
		lv[i].span = span_none();
		lv[i].ndirs = ml->ndirs;
		lv[i].dirs = dirs[i];
		for (uint32_t j = 0; j < ml->ndirs; j++) {
			IrDirective *d = &dirs[i][j];
			const MdfMapDir *s = &ml->dirs[j];
			d->kind = (DirKind)s->kind;
			d->dim = d->src_dim = (Dim)s->dim;
			d->size = d->src_size = s->size;
			d->offset = d->src_offset = s->offset;
			d->origin = ORIG_SOURCE;
			d->inferred = d->stride_adjusted = false;
			d->span = span_none();
		}
	}
	return true;
}

IrLayer *
search_build_layer(MdfCtx *ctx, const IrLayer *base, const MdfMapping *m)
{
	if (m->nlevels == 0 || m->nlevels > MDF_MAP_MAXL)
		return NULL;
	IrLayer *l = arena_alloc(ctx->arena, sizeof *l);
	IrLevel *lv = l ? arena_array(ctx->arena, m->nlevels, sizeof *lv) : NULL;
	IrDirective (*dirs)[MDF_MAP_MAXD] = lv ? arena_array(ctx->arena, m->nlevels, sizeof *dirs) : NULL;
	return dirs && build_into(l, lv, dirs, base, m) ? l : NULL;
}

/* The passes of mdf_passes() for one layer (src/passes/pass.c), without
   the IR verifier between them.  True when the layer is valid. */
static bool
run_passes(MdfPoint *p, IrLayer *l)
{
	MdfCtx *ctx = p->ctx;
	static const PassFn fns[] = {
		pass_check_shape, pass_normalize, pass_validate_levels,
		pass_validate_tiling, pass_validate_window, pass_validate_hw,
	};
	PassCtx pc = {0};
	pc.ctx = ctx;
	pc.hw = p->hw;
	pc.win_memo = &p->win;
	pc.plans = &p->plans;
	pc.vars = &p->vars;
	pc.shape_checked = true;        /* mdf_point_new: the shape passed */
	pc.dir_room = p->room;
	pc.dir_room_n = sizeof p->room / sizeof p->room[0];
	size_t before = ctx->diags.nerrors;
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		if (i >= 2 && !l->normalized)
			break;
		if (!fns[i](&pc, l))
			break;
	}
	l->valid = l->normalized && ctx->diags.nerrors == before;
	return l->valid;
}

static DiagCode
first_error(const MdfCtx *ctx)
{
	for (size_t i = 0; i < ctx->diags.n; i++)
		if (ctx->diags.items[i].sev == SEV_ERROR)
			return ctx->diags.items[i].code;
	return DIAG_E0999;
}

/* Evaluate into r and c (every figure, or with `lean` only those of r);
   the caller releases the arena. */
static void
eval_into(MdfPoint *p, const MdfMapping *m, MdfPointResult *r, MdfLayerCost *c, bool lean)
{
	MdfCtx *ctx = p->ctx;
	memset(r, 0, sizeof *r);
	IrLayer *l = &p->lay;
	if (!build_into(l, p->lvs, p->dirs, &p->base, m)) {
		r->status = MDF_POINT_ERROR;
		r->code = DIAG_E0999;
		return;
	}
	if (!run_passes(p, l)) {
		r->status = MDF_POINT_INVALID;
		r->code = first_error(ctx);
		return;
	}
	bool ok = lean ? mdf_cost_layer_point_memo(ctx, l, p->hw, &p->opts, c, p->memo)
		       : mdf_cost_layer_totals_memo(ctx, l, p->hw, &p->opts, c, p->memo);
	if (!ok || !c->ok) {
		r->status = ctx->diags.nerrors ? MDF_POINT_INVALID : MDF_POINT_ERROR;
		r->code = first_error(ctx);
		return;
	}
	r->runtime = c->runtime;
	r->macs = c->macs;
	r->energy_nj = c->energy_nj;
	r->l1_req = c->l1_size_req;
	r->l2_req = c->l2_size_req;
	/* the hardware bound: every MAC done once, no faster than all PEs busy */
	int64_t need;
	bool slow_enough = ck_mul(r->runtime, p->pe_slots, &need) ? need >= p->macs : true;
	if (r->macs != p->macs || !slow_enough)
		r->status = MDF_POINT_BOUND;
	else if (c->over_l1 || c->over_l2)
		r->status = MDF_POINT_INFEASIBLE;
	else
		r->status = MDF_POINT_OK;
}

bool
mdf_point_eval(MdfPoint *p, const MdfMapping *m, MdfPointResult *r)
{
	ArenaMark mk = arena_mark(p->ctx->arena);
	MdfLayerCost c;
	eval_into(p, m, r, &c, true);
	arena_release(p->ctx->arena, mk);
	reset_diags(p->ctx);
	return r->status == MDF_POINT_OK;
}

bool
mdf_point_cost(MdfPoint *p, const MdfMapping *m, MdfLayerCost *out)
{
	ArenaMark mk = arena_mark(p->ctx->arena);
	MdfPointResult r;
	eval_into(p, m, &r, out, false);
	arena_release(p->ctx->arena, mk);
	reset_diags(p->ctx);
	out->levels = NULL;
	out->nlevels = 0;
	return r.status == MDF_POINT_OK;
}
