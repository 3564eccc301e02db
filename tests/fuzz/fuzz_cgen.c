/*
** fuzz_cgen.c: libFuzzer target over the loop-nest emitter: bytes -> front
** end -> passes -> C program text.  The emitted text is not compiled here
** (that is the cross-check's job); the target finds crashes, leaks and
** undefined behaviour in lowering and name sanitizing.
*/
#include <stddef.h>
#include <stdint.h>
#include "mdfc/cgen.h"
#include "mdfc/mdfc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MdfOptions o = {0};
	o.limits.max_expansion = 100000;
	MdfCtx *ctx = mdf_ctx_new(&o);
	if (!ctx)
		return 0;
	uint32_t f = mdf_ctx_add_source(ctx, "fuzz.mdf", NULL, (const char *)data, size);
	IrModule *m = f == SPAN_NOFILE ? NULL : mdf_front(ctx, f);
	if (m) {
		IrHw hw;
		ir_hw_defaults(&hw);
		if (mdf_passes(ctx, m, &hw)) {
			MdfCgenOpts co = {0};
			co.max_macs = 1000000;
			MdfBuf b = {0};
			mdf_emit_c(ctx, m, &hw, &co, &b);
			buf_free(&b);
		}
	}
	mdf_ctx_free(ctx);
	return 0;
}
