/*
** fuzz_onnx.c: libFuzzer target over the ONNX importer (docs/onnx.md):
** bytes -> protobuf-c decoding -> checks -> shape inference -> .mdf text.
** Every input must give either errors (and no text) or a network that the
** front end compiles without an error: an import that succeeds but writes
** something mdfc cannot read aborts.  Seed it with the models that
** tests/onnx/make_models.py writes.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "mdfc/mdfc.h"
#include "mdfc/onnx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MdfOptions o = {0};
	o.limits.max_expansion = 100000;
	o.stdlib_dir = MDFC_FUZZ_STDLIB;
	MdfCtx *ctx = mdf_ctx_new(&o);
	if (!ctx)
		return 0;
	uint32_t f = mdf_ctx_add_source(ctx, "fuzz.onnx", NULL, (const char *)data, size);
	MdfBuf out = {0};
	MdfOnnxShape shape = {NULL, {1, 3, 8, 8}, 4};
	MdfOnnxOptions io = {0};
	io.shapes = size && data[0] & 1 ? &shape : NULL;    /* both with and without --input-shape */
	io.nshapes = io.shapes ? 1 : 0;
	bool ok = f != SPAN_NOFILE && mdf_onnx_import(ctx, f, &io, &out);
	if (ok != !mdf_ctx_failed(ctx))
		abort();                        /* success exactly when no error */
	mdf_ctx_free(ctx);
	if (ok && !out.oom) {
		/* what the importer wrote must compile */
		ctx = mdf_ctx_new(&o);
		if (!ctx) {
			buf_free(&out);
			return 0;
		}
		uint32_t g = mdf_ctx_add_source(ctx, "imported.mdf", "./imported.mdf", out.data ? out.data : "", out.len);
		if (g != SPAN_NOFILE && !mdf_front(ctx, g) && ctx->diags.nerrors)
			abort();
		mdf_ctx_free(ctx);
	}
	buf_free(&out);
	return 0;
}
