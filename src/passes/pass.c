/*
** pass.c: the pass list and mdf_passes().  Like QBE's main.c:func(), the
** passes are a plain named list run in order over every layer.  The IR
** verifier (src/ir/ir_verify.c) runs before the first pass (what the front
** end hands over) and, in debug builds (no NDEBUG), after each pass; a
** verifier failure is a bug in mdfc and is recorded as E0999.  A layer's
** errors never stop the other layers: every layer is checked and every
** error reported.
*/
#include "mdfc/diag.h"
#include "mdfc/mdfc.h"
#include "mdfc/passes.h"

#ifdef NDEBUG
enum { VERIFY_EACH_PASS = 0 };
#else
enum { VERIFY_EACH_PASS = 1 };
#endif

/* E0999 when the verifier finds layer l broken `when`. */
static bool
verified(MdfCtx *ctx, IrLayer *l, const char *when, const char *pass)
{
	const char *bad = ir_verify_layer(ctx, l);
	if (!bad)
		return true;
	diag_emit(ctx, DIAG_E0999, l->span, "internal error: IR verifier, %s%s, layer '%s': %s",
		  when, pass ? pass : "", l->name ? l->name : "", bad);
	l->valid = false;
	return false;
}

static const Pass passes[] = {
	{"check-shape",     pass_check_shape,     false},
	{"normalize",       pass_normalize,       false},
	{"validate-levels", pass_validate_levels, true},
	{"validate-tiling", pass_validate_tiling, true},
	{"validate-window", pass_validate_window, true},
	{"validate-hw",     pass_validate_hw,     true},
};

/* A layer whose mapping is rejected gets no cost report, but its MAC count
   does not depend on the mapping: say it with the first validation error
   (MAESTRO would report a wrong count for many of these mappings). */
static void
note_true_macs(MdfCtx *ctx, const IrLayer *l, size_t from)
{
	int64_t macs;
	if (!ir_layer_macs(l, &macs))
		return;
	for (size_t i = from; i < ctx->diags.n; i++) {
		Diag *d = &ctx->diags.items[i];
		if (d->sev != SEV_ERROR)
			continue;
		diag_note(ctx, d, l->dims_span,
			  "layer '%s' has %lld MACs whatever the mapping (each output element "
			  "times its reduction); it gets no cost report until this error is fixed",
			  l->name ? l->name : "", (long long)macs);
		return;
	}
}

static void
run_layer(PassCtx *pc, IrLayer *l)
{
	MdfCtx *ctx = pc->ctx;
	size_t before = ctx->diags.nerrors;
	/* a second mdf_passes() over the same module leaves a processed
	   layer alone (its diagnostics were recorded the first time) */
	if (l->normalized)
		return;
	pc->bad_dims = 0;
	pc->bad_spatial = false;
	size_t first_validation = ctx->diags.n;
	if (!verified(ctx, l, "before the passes", NULL))
		return;
	for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
		const Pass *p = &passes[i];
		if (p->needs_normalized && !l->normalized)
			break;
		pc->pass = p->name;
		bool go = p->fn(pc, l);
		if (VERIFY_EACH_PASS && !verified(ctx, l, "after pass ", p->name))
			return;
		if (!go)
			break;
		if (p->fn == pass_normalize)
			first_validation = ctx->diags.n;
	}
	l->valid = l->normalized && ctx->diags.nerrors == before;
	if (l->normalized && !l->valid)
		note_true_macs(ctx, l, first_validation);
}

bool
mdf_passes(MdfCtx *ctx, IrModule *m, const IrHw *hw)
{
	size_t before = ctx->diags.nerrors;
	PassCtx pc = {0};
	pc.ctx = ctx;
	pc.hw = hw;
	if (!m)
		return false;
	for (uint32_t n = 0; n < m->nnetworks; n++) {
		IrNetwork *net = &m->networks[n];
		pc.net = net;
		for (uint32_t i = 0; i < net->nlayers; i++) {
			/* every diagnostic of a layer's passes names the layer */
			ctx->diags.scope_layer = net->layers[i].name;
			run_layer(&pc, &net->layers[i]);
		}
		ctx->diags.scope_layer = NULL;
	}
	return ctx->diags.nerrors == before;
}
