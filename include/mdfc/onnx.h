/*
** onnx.h: the ONNX importer (src/onnx/, docs/onnx.md).  Reads an ONNX model
** (decoded by protobuf-c with C generated from the onnx.proto schema at build
** time), infers every tensor's static shape, and writes an .mdf network with
** one layer per MAC operator (Conv, ConvTranspose, Gemm, MatMul) and a
** comment per other operator.  Built only where protobuf-c and the schema
** are installed: MDFC_HAVE_ONNX is then defined.
*/
#ifndef MDFC_ONNX_H
#define MDFC_ONNX_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/buf.h"
#include "mdfc/ctx.h"

#define MDF_ONNX_MAX_RANK 8

/* A static shape given for a graph input (--input-shape NAME=1x3x224x224).
   name NULL: the graph's first input that is not an initializer. */
typedef struct MdfOnnxShape {
	const char *name;
	int64_t dim[MDF_ONNX_MAX_RANK];
	int rank;
} MdfOnnxShape;

typedef struct MdfOnnxOptions {
	const char *dataflow;           /* stdlib dataflow name (kcp_ws ...), NULL: DATAFLOW param */
	const char *accelerator;        /* stdlib accelerator name, NULL: edge */
	const MdfOnnxShape *shapes;
	uint32_t nshapes;
} MdfOnnxOptions;

/* The stdlib dataflow names --dataflow accepts, in conv_select's numbering
   (index + 1; stdlib/dataflows/select.mdf), and the stdlib accelerators
   --accelerator accepts: initializers of NULL-terminated name arrays. */
#define MDF_ONNX_DATAFLOW_NAMES \
	{"kcp_ws", "rs", "yxp_os", "xp_ws", "cp_nlr", "maeri_vn", "tpu_ws", "tpu_os", NULL}
#define MDF_ONNX_ACCELERATOR_NAMES {"edge", "cloud", "eyeriss", "maestro_accel1", NULL}

/* Import source `file` (the model's bytes, read with mdf_ctx_read_file) and
   append the .mdf text to `out`.  False when errors were recorded; `out` then
   holds nothing usable.  Warnings (unsupported operators) do not fail it. */
bool mdf_onnx_import(MdfCtx *ctx, uint32_t file, const MdfOnnxOptions *opt, MdfBuf *out);

#endif
