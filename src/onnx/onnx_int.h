/*
** onnx_int.h: what the importer's files share (docs/onnx.md).
**   onnx_import.c  decoding, model checks, the tensor table, the graph walk
**   onnx_ops.c     shape (and small integer value) inference per operator,
**                  and the MAC operators' layers
**   onnx_emit.c    layer names and the .mdf text
*/
#ifndef MDFC_ONNX_INT_H
#define MDFC_ONNX_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/ctx.h"
#include "mdfc/ir.h"
#include "mdfc/onnx.h"
#include "onnx.pb-c.h"

#define OX_MAX_RANK MDF_ONNX_MAX_RANK
/* Largest dimension and element count a tensor may declare (E1104). */
#define OX_MAX_DIM INT64_C(2147483647)
#define OX_MAX_ELEMS (INT64_C(1) << 40)
/* Integer tensors up to this many elements have their values tracked
   (shape arithmetic: Shape -> Gather -> Concat -> Reshape). */
#define OX_MAX_VALUES 4096
/* The default-domain opsets the importer knows (ONNX 1.12's are 1 ... 17). */
#define OX_OPSET_MIN 7
#define OX_OPSET_MAX 17

/* What the importer knows about one tensor. */
typedef struct OxTensor {
	const char *name;
	bool known;                     /* shape known */
	int rank;
	int64_t dim[OX_MAX_RANK];
	int64_t *val;                   /* integer values, when known; NULL otherwise */
	int64_t nval;
	bool is_const;                  /* an initializer or a Constant's output */
	const Onnx__NodeProto *producer; /* the node that made it; NULL for inputs, initializers */
} OxTensor;

/* One layer of the output network. */
typedef struct OxLayer {
	LayerType type;
	const char *name;               /* sanitized, unique */
	int64_t n, g, k, c, r, s, y, x; /* CONV family: input Y, X before padding */
	int64_t py, px;                 /* total zero padding of Y, X */
	int64_t sy, sx;                 /* strides */
	int64_t gm, gn, gk;             /* GEMM's M, N, K */
	int64_t macs;
} OxLayer;

/* One output item, in graph order: a layer, or a comment for a node that
   is not one. */
typedef struct OxItem {
	const char *comment;            /* "Relu /relu/Relu: [1, 64, 112, 112]" */
	bool is_layer;
	OxLayer layer;
} OxItem;

/* A string-keyed hash map in the arena (open addressing). */
typedef struct OxMap {
	const char **key;
	void **val;
	uint32_t n, cap;
} OxMap;

typedef struct Ox {
	MdfCtx *ctx;
	uint32_t file;
	const MdfOnnxOptions *opt;
	const Onnx__ModelProto *model;
	const Onnx__GraphProto *graph;
	int64_t opset;
	OxMap tensors;                  /* name -> OxTensor */
	OxMap value_info;               /* name -> Onnx__ValueInfoProto (value_info, outputs) */
	OxMap names;                    /* layer names in use */
	OxItem *items;
	uint32_t nitems, capitems;
	uint32_t nlayers;
	int64_t total_macs;
	bool macs_overflow;
} Ox;

/* onnx_import.c */
void *ox_map_get(const OxMap *m, const char *key);
bool ox_map_put(Ox *x, OxMap *m, const char *key, void *val);   /* false on OOM */
OxTensor *ox_tensor(Ox *x, const char *name);           /* NULL if absent */
OxTensor *ox_tensor_add(Ox *x, const char *name);       /* NULL on OOM */
Span ox_node_span(Ox *x, const Onnx__NodeProto *n);
const char *ox_node_label(const Onnx__NodeProto *n);    /* name, else first output */
const char *ox_shape_str(Ox *x, const OxTensor *t);
bool ox_add_item(Ox *x, const OxItem *it);
/* Integer values of a TensorProto (E1104/E1106 recorded on error). */
bool ox_tensor_from_proto(Ox *x, const Onnx__TensorProto *tp, OxTensor *t, Span at);

/* onnx_ops.c: infer outputs of node n; layers are added for MAC operators.
   False only when an error was recorded. */
bool ox_infer_node(Ox *x, const Onnx__NodeProto *n);

/* onnx_emit.c */
const char *ox_layer_name(Ox *x, const Onnx__NodeProto *n, uint32_t index);
const char *ox_grouped(Ox *x, int64_t v);              /* 1,234,567 */
bool ox_emit(Ox *x, MdfBuf *out);

#endif
