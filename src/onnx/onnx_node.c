/*
** onnx_node.c: inference of one node (docs/onnx.md).  Takes a node of the
** graph, in topological order, with its inputs' shapes (and the values of
** small integer tensors) ox_known as far as inference got; finds its operator
** in the families' tables (onnx_layers.c, onnx_elementwise.c,
** onnx_shapes.c) and leaves the static shapes of its outputs, from the
** model's value_info when the operator cannot tell, and a comment or a
** layer for the output.  Also the helpers the operators share: attributes,
** the error message of a malformed node, setting an output's shape and
** values within the importer's limits.
*/
#include <string.h>
#include <stdio.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "onnx_int.h"

/* ---- Attributes. ---- */

const Onnx__AttributeProto *
ox_attr(const OxNode *nd, const char *name)
{
	for (size_t i = 0; i < nd->n->n_attribute; i++)
		if (nd->n->attribute[i]->name && strcmp(nd->n->attribute[i]->name, name) == 0)
			return nd->n->attribute[i];
	return NULL;
}

int64_t
ox_attr_i(const OxNode *nd, const char *name, int64_t def)
{
	const Onnx__AttributeProto *a = ox_attr(nd, name);
	return a && a->has_i ? a->i : def;
}

/* An INTS attribute: its count (0 when absent), values in *v. */
size_t
ox_attr_ints(const OxNode *nd, const char *name, const int64_t **v)
{
	const Onnx__AttributeProto *a = ox_attr(nd, name);
	*v = a ? a->ints : NULL;
	return a ? a->n_ints : 0;
}

/* ---- Errors. ---- */

OxRes
ox_bad(const OxNode *nd, const char *fmt, const char *a, long long v, long long w)
{
	char msg[256];
	snprintf(msg, sizeof msg, fmt, a, v, w);
	diag_emit(nd->x->ctx, DIAG_E1106, ox_node_span(nd->x, nd->n), "%s node '%s': %s",
		  nd->n->op_type, ox_node_label(nd->n), msg);
	return OX_ERR;
}

/* ---- Shapes and values. ---- */

int64_t
ox_count_of(const int64_t *d, int rank)
{
	int64_t c = 1;
	for (int i = 0; i < rank; i++)
		if (!ck_mul(c, d[i], &c))
			return -1;
	return c;
}

bool
ox_known(const OxTensor *t)
{
	return t && t->known;
}

bool
ox_has_vals(const OxTensor *t)
{
	return ox_known(t) && t->val;
}

/* Set an output's shape (E1104 when too large). */
OxRes
ox_set_shape(OxNode *nd, int k, const int64_t *d, int rank)
{
	if (k >= nd->nout || !nd->out[k])
		return OX_OK;
	if (rank < 0 || rank > OX_MAX_RANK)
		return ox_bad(nd, "%soutput rank %lld is above the importer's limit of %lld", "", rank, OX_MAX_RANK);
	int64_t c = 1;
	for (int i = 0; i < rank; i++) {
		if (d[i] < 0)
			return ox_bad(nd, "%sit computes a negative dimension (%lld) for output %lld", "", d[i], k);
		if (d[i] > OX_MAX_DIM || !ck_mul(c, d[i], &c) || c > OX_MAX_ELEMS) {
			diag_emit(nd->x->ctx, DIAG_E1104, ox_node_span(nd->x, nd->n),
				  "%s node '%s': output '%s' would have more than %lld elements",
				  nd->n->op_type, ox_node_label(nd->n), nd->out[k]->name, (long long)OX_MAX_ELEMS);
			return OX_ERR;
		}
	}
	OxTensor *t = nd->out[k];
	t->known = true;
	t->rank = rank;
	if (rank)                       /* d may be NULL for a scalar */
		memcpy(t->dim, d, (size_t)rank * sizeof *d);
	t->val = NULL;
	t->nval = 0;
	return OX_OK;
}

OxRes
ox_copy_shape(OxNode *nd, int k, const OxTensor *from)
{
	return ox_set_shape(nd, k, from->dim, from->rank);
}

/* Give output k the values v (count must match its shape; small only). */
void
ox_set_vals(OxNode *nd, int k, const int64_t *v, int64_t n)
{
	if (k >= nd->nout || !nd->out[k] || !nd->out[k]->known || n > OX_MAX_VALUES)
		return;
	if (ox_count_of(nd->out[k]->dim, nd->out[k]->rank) != n)
		return;
	int64_t *c = arena_array(nd->x->ctx->arena, n ? (size_t)n : 1, sizeof *c);
	if (!c)
		return;
	if (n)
		memcpy(c, v, (size_t)n * sizeof *v);
	nd->out[k]->val = c;
	nd->out[k]->nval = n;
}

/* An axis in [-rank, rank) normalized, or -1. */
int
ox_norm_axis(int64_t a, int rank)
{
	if (a < 0)
		a += rank;
	return a >= 0 && a < rank ? (int)a : -1;
}

/* ---- Finding the operator, inferring the node. ---- */

static const OxOp *const families[] = {ox_layer_ops, ox_elementwise_ops, ox_shape_ops};

/* The standard-domain operator called op_type; NULL when the importer does
   not know it. */
static const OxOp *
find_op(const char *op_type)
{
	for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
		for (const OxOp *o = families[f]; o->name; o++)
			if (strcmp(o->name, op_type) == 0)
				return o;
	return NULL;
}

/* The outputs' shapes when inference gave none: the model's value_info, if
   it states a static shape. */
static OxRes
from_value_info(OxNode *nd, int k)
{
	const Onnx__ValueInfoProto *vi = ox_map_get(&nd->x->value_info, nd->out[k]->name);
	if (!vi || !vi->type || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ||
	    !vi->type->tensor_type || !vi->type->tensor_type->shape)
		return OX_UNKNOWN;
	const Onnx__TensorShapeProto *sh = vi->type->tensor_type->shape;
	if (sh->n_dim > OX_MAX_RANK)
		return OX_UNKNOWN;
	int64_t d[OX_MAX_RANK];
	for (size_t i = 0; i < sh->n_dim; i++) {
		if (sh->dim[i]->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE)
			return OX_UNKNOWN;
		d[i] = sh->dim[i]->dim_value;
	}
	return ox_set_shape(nd, k, d, (int)sh->n_dim);
}

static const char *
shapes_text(Ox *x, OxTensor **t, int n)
{
	MdfBuf b = {0};
	const char *sep = "";
	for (int i = 0; i < n; i++) {
		if (!t[i])
			continue;
		buf_printf(&b, "%s%s", sep, ox_shape_str(x, t[i]));
		sep = ", ";
	}
	const char *r = arena_strdup(x->ctx->arena, b.data ? b.data : "");
	buf_free(&b);
	return r;
}

bool
ox_infer_node(Ox *x, const Onnx__NodeProto *n)
{
	OxNode nd = {x, n, NULL, NULL, (int)n->n_input, (int)n->n_output};
	if (n->n_input > 65536 || n->n_output > 65536 || !n->op_type) {
		diag_emit(x->ctx, DIAG_E1106, ox_node_span(x, n), "node '%s' has %s", ox_node_label(n),
			  n->op_type ? "more than 65536 inputs or outputs" : "no operator type");
		return false;
	}
	nd.in = arena_array(x->ctx->arena, n->n_input + 1, sizeof *nd.in);
	nd.out = arena_array(x->ctx->arena, n->n_output + 1, sizeof *nd.out);
	if (!nd.in || !nd.out)
		return false;
	for (size_t i = 0; i < n->n_input; i++) {
		const char *name = n->input[i];
		if (!name || !*name)
			continue;           /* an optional input left out */
		nd.in[i] = ox_tensor(x, name);
		if (!nd.in[i]) {
			Diag *d = diag_emit(x->ctx, DIAG_E1106, ox_node_span(x, n),
					    "%s node '%s' reads '%s', which no graph input, initializer or earlier node defines",
					    n->op_type, ox_node_label(n), name);
			diag_hint(x->ctx, d, "the graph must list its nodes in topological order (ONNX's rule)");
			return false;
		}
	}
	for (size_t i = 0; i < n->n_output; i++) {
		const char *name = n->output[i];
		if (!name || !*name)
			continue;
		if (ox_tensor(x, name)) {
			diag_emit(x->ctx, DIAG_E1106, ox_node_span(x, n), "%s node '%s' defines '%s' a second time",
				  n->op_type, ox_node_label(n), name);
			return false;
		}
		nd.out[i] = ox_tensor_add(x, name);
		if (!nd.out[i])
			return false;
		nd.out[i]->producer = n;
	}
	uint32_t before = x->nlayers;
	OxRes r = OX_UNKNOWN;
	bool std_domain = !n->domain || !*n->domain || strcmp(n->domain, "ai.onnx") == 0;
	const OxOp *op = std_domain ? find_op(n->op_type) : NULL;
	if (!op) {
		Diag *d = diag_emit(x->ctx, DIAG_W1102, ox_node_span(x, n), "operator %s%s%s (node '%s') is unknown to the importer",
				    std_domain ? "" : n->domain, std_domain ? "" : ".", n->op_type, ox_node_label(n));
		diag_hint(x->ctx, d, "its outputs' shapes come from the model's value_info if it gives them; "
			  "its MACs, if any, are not counted");
	} else if (nd.nin < 1 && strcmp(n->op_type, "Constant") != 0 && strcmp(n->op_type, "Range") != 0) {
		diag_emit(x->ctx, DIAG_E1106, ox_node_span(x, n), "%s node '%s' has no inputs", n->op_type,
			  ox_node_label(n));
		return false;
	} else {
		r = op->fn(&nd);
	}
	if (r == OX_ERR)
		return false;
	for (int i = 0; i < nd.nout; i++)
		if (nd.out[i] && !nd.out[i]->known && from_value_info(&nd, i) == OX_ERR)
			return false;
	/* a layer has its own comment; Identity and Constant do nothing to list */
	if (x->nlayers != before || strcmp(n->op_type, "Identity") == 0 || strcmp(n->op_type, "Constant") == 0)
		return true;
	OxItem it = {0};
	it.comment = arena_printf(x->ctx->arena, "%s %s: %s -> %s", n->op_type, ox_node_label(n),
				  shapes_text(x, nd.in, nd.nin), shapes_text(x, nd.out, nd.nout));
	return it.comment && ox_add_item(x, &it);
}
