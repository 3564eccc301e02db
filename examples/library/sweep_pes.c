/*
** sweep_pes.c: an outside program using libmdfc.  Compiles an .mdf file,
** then evaluates its first layer under a list of PE counts (one compile,
** one sweep evaluator, no process per point) and prints, per point, the
** runtime and energy, as `mdfc --num-pes N --emit=json FILE` reports them.
**
**   sweep_pes FILE [NUM_PES...]        default PE counts: 16 32 64 128 256
**
** Build against an installed libmdfc (README.md here):
**   cc sweep_pes.c $(pkg-config --cflags --libs mdfc) -o sweep_pes
**   or CMake: find_package(mdfc CONFIG REQUIRED) + mdfc::mdfc
*/
#include <stdio.h>
#include <stdlib.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"
#include "mdfc/render.h"

static int
fail(MdfCtx *ctx, int status)
{
	MdfBuf b = {0};
	mdf_render_text(ctx, &b, false);
	fputs(b.data ? b.data : "", stderr);
	buf_free(&b);
	mdf_ctx_free(ctx);
	return status;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE [NUM_PES...]\n", argv[0]);
		return 2;
	}
	MdfCtx *ctx = mdf_ctx_new(NULL);        /* one context: this thread's */
	if (!ctx)
		return 3;
	uint32_t file = mdf_ctx_read_file(ctx, argv[1], argv[1], span_none());
	if (file == SPAN_NOFILE)
		return fail(ctx, 2);
	IrModule *m = mdf_front(ctx, file);
	IrHw hw;
	ir_hw_defaults(&hw);
	bool ambiguous, missing;
	const IrHw *accel = ir_module_accel(m, NULL, &ambiguous, &missing);
	if (accel)
		ir_hw_overlay(&hw, accel);       /* the file's Accelerator block */
	if (!m || !mdf_passes(ctx, m, &hw) || m->nnetworks == 0 || m->networks[0].nlayers == 0)
		return fail(ctx, 1);

	const IrLayer *layer = &m->networks[0].layers[0];
	MdfCostOpts opts = {0};
	MdfCostEval *ev = mdf_cost_eval_new(ctx, layer, &opts);
	if (!ev)
		return fail(ctx, 3);
	static const char *const dflt[] = {"16", "32", "64", "128", "256"};
	int npoints = argc > 2 ? argc - 2 : 5;
	printf("layer %s: num_pes runtime_cycles energy_nj\n", layer->name);
	for (int i = 0; i < npoints; i++) {
		hw.num_pes = strtoll(argc > 2 ? argv[i + 2] : dflt[i], NULL, 10);
		MdfLayerCost c;
		if (hw.num_pes < 1 || !mdf_cost_eval(ev, &hw, &c, NULL))
			return fail(ctx, 1);
		printf("%lld %lld %.10g\n", (long long)hw.num_pes, (long long)c.runtime, c.energy_nj);
	}
	mdf_ctx_free(ctx);
	return 0;
}
