/*
** families.c: the standard dataflows as starting points of a layer's
** search (docs/search.md section 3).  The stdlib's select.mdf holds every
** family at its default parameters; a small source naming the layer's
** shape once per family is compiled in a context of its own, and the
** elaborated directives become mappings.
*/
#include <string.h>
#include "mdfc/mdfc.h"
#include "search_int.h"

/* The family uses for a layer type: "conv_select(3)" ... */
static uint32_t
family_uses(LayerType t, const char *uses[16])
{
	static const char *conv[] = {"conv_select(1)", "conv_select(2)", "conv_select(3)", "conv_select(4)",
				     "conv_select(5)", "conv_select(6)", "conv_select(7)", "conv_select(8)"};
	static const char *gemm[] = {"gemm_select(1)", "gemm_select(7)", "gemm_select(8)"};
	static const char *dw[] = {"depthwise(DEPTHWISE_TX)"};
	const char **src;
	uint32_t n;
	switch (t) {
	case LT_CONV: case LT_FC: case LT_NGCONV: src = conv; n = 8; break;
	case LT_GEMM: src = gemm; n = 3; break;
	case LT_DSCONV: src = dw; n = 1; break;
	default: return 0;
	}
	for (uint32_t i = 0; i < n; i++)
		uses[i] = src[i];
	return n;
}

/* Compile one source holding the layer once per use in uses[from, to);
   append the mappings.  False when the front end failed. */
static bool
compile_uses(const MdfOptions *opt, const IrLayer *l, const char **uses, uint32_t from, uint32_t to,
	     MdfMapping *out, uint32_t max, uint32_t *n)
{
	MdfBuf b = {0};
	buf_puts(&b, "import \"dataflows/select.mdf\";\nNetwork __mdfc_search {\n");
	for (uint32_t i = from; i < to; i++) {
		buf_printf(&b, "Layer f%u { ", i);
		search_print_shape(l, &b);
		buf_printf(&b, "Dataflow: %s; }\n", uses[i]);
	}
	buf_puts(&b, "}\n");
	bool ok = false;
	MdfCtx *ctx = b.oom ? NULL : mdf_ctx_new(opt);
	if (ctx) {
		uint32_t f = mdf_ctx_add_source(ctx, "<search>", "./<search>.mdf", b.data, b.len);
		IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
		const IrNetwork *net = NULL;
		for (uint32_t i = 0; m && i < m->nnetworks; i++)
			if (m->networks[i].name && strcmp(m->networks[i].name, "__mdfc_search") == 0)
				net = &m->networks[i];
		if (net) {
			ok = true;
			for (uint32_t i = 0; i < net->nlayers && *n < max; i++)
				if (mdf_mapping_from_layer(&net->layers[i], &out[*n]))
					(*n)++;
		}
		mdf_ctx_free(ctx);
	}
	buf_free(&b);
	return ok;
}

uint32_t
search_family_seeds(const MdfOptions *opt, const IrLayer *layer, MdfMapping *out, uint32_t max)
{
	const char *uses[16];
	uint32_t nu = family_uses(layer->type, uses), n = 0;
	if (nu == 0)
		return 0;
	if (compile_uses(opt, layer, uses, 0, nu, out, max, &n))
		return n;
	/* one family failed to elaborate on this shape: take the others */
	n = 0;
	for (uint32_t i = 0; i < nu; i++)
		compile_uses(opt, layer, uses, i, i + 1, out, max, &n);
	return n;
}
