/*
** onnx_int.h: what the importer's files share (docs/onnx.md).
**   onnx_import.c  decoding, model checks, the tensor table, the graph walk
**   onnx_node.c    inference of one node: finding its operator, the
**                  helpers the operators share, value_info as a fallback
**   onnx_layers.c  Conv, ConvTranspose, Gemm, MatMul (layers) and the pools
**   onnx_elementwise.c  unary and broadcasting operators, Expand
**   onnx_shapes.c  the operators that move, select or make tensors
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

/* onnx_node.c: infer outputs of node n; layers are added for MAC operators.
   False only when an error was recorded. */
bool ox_infer_node(Ox *x, const Onnx__NodeProto *n);

/* ---- What the operator files share with onnx_node.c. ---- */

/* An operator's result: shapes set; shapes not inferable (the model's
   value_info may still give them); an error recorded. */
typedef enum { OX_OK, OX_UNKNOWN, OX_ERR } OxRes;

/* The node being inferred. */
typedef struct OxNode {
	Ox *x;
	const Onnx__NodeProto *n;
	OxTensor **in, **out;           /* NULL where an optional one is absent */
	int nin, nout;
} OxNode;

/* One operator of the default domain: its inference.  Each family's table
   ends with {NULL, NULL}. */
typedef struct OxOp {
	const char *name;
	OxRes (*fn)(OxNode *);
} OxOp;
extern const OxOp ox_layer_ops[];       /* onnx_layers.c */
extern const OxOp ox_elementwise_ops[]; /* onnx_elementwise.c */
extern const OxOp ox_shape_ops[];       /* onnx_shapes.c */

/* The node's attribute called name; NULL when absent. */
const Onnx__AttributeProto *ox_attr(const OxNode *nd, const char *name);
int64_t ox_attr_i(const OxNode *nd, const char *name, int64_t def);
/* An INTS attribute: its count (0 when absent), values in *v. */
size_t ox_attr_ints(const OxNode *nd, const char *name, const int64_t **v);
/* E1106 "OP node 'NAME': " fmt, formatted with a, v, w; returns OX_ERR. */
OxRes ox_bad(const OxNode *nd, const char *fmt, const char *a, long long v, long long w);
/* The product of d[0..rank), -1 when it overflows. */
int64_t ox_count_of(const int64_t *d, int rank);
bool ox_known(const OxTensor *t);                       /* shape known */
bool ox_has_vals(const OxTensor *t);                    /* shape and values known */
/* Set output k's shape (E1104 when too large); nothing when k is absent. */
OxRes ox_set_shape(OxNode *nd, int k, const int64_t *d, int rank);
OxRes ox_copy_shape(OxNode *nd, int k, const OxTensor *from);
/* Give output k the values v (count must match its shape; small only). */
void ox_set_vals(OxNode *nd, int k, const int64_t *v, int64_t n);
/* An axis in [-rank, rank) normalized, or -1. */
int ox_norm_axis(int64_t a, int rank);

/* onnx_emit.c */
const char *ox_layer_name(Ox *x, const Onnx__NodeProto *n, uint32_t index);
const char *ox_grouped(Ox *x, int64_t v);              /* 1,234,567 */
bool ox_emit(Ox *x, MdfBuf *out);

#endif
