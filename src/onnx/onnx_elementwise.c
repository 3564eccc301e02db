/*
** onnx_elementwise.c: the element-wise operators (docs/onnx.md).  Unary
** operators, normalizations and activations keep their input's shape;
** Identity, Dropout and integer Casts pass its values on.  Broadcasting
** operators (Add ... Where) and Expand take the numpy-broadcast shape of
** their inputs and, for small integer tensors, compute the values (shape
** arithmetic such as Shape -> Mul -> Reshape).
*/
#include <string.h>
#include <stdio.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "onnx_int.h"

/* Same shape as input 0 for every output; values pass through when `vals`. */
static OxRes
same_shape(OxNode *nd, bool vals)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	for (int k = 0; k < nd->nout; k++)
		if (ox_copy_shape(nd, k, X) != OX_OK)
			return OX_ERR;
	if (vals && X->val)
		ox_set_vals(nd, 0, X->val, X->nval);
	return OX_OK;
}

static OxRes
op_identity(OxNode *nd)
{
	return same_shape(nd, true);
}

static OxRes
op_unary(OxNode *nd)
{
	/* only the first output: BatchNormalization's and LayerNormalization's
	   others are statistics of other shapes */
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	return ox_copy_shape(nd, 0, X);
}

static OxRes
op_cast(OxNode *nd)
{
	int64_t to = ox_attr_i(nd, "to", 0);
	bool ints = to == ONNX__TENSOR_PROTO__DATA_TYPE__INT64 || to == ONNX__TENSOR_PROTO__DATA_TYPE__INT32 ||
		    to == ONNX__TENSOR_PROTO__DATA_TYPE__INT16 || to == ONNX__TENSOR_PROTO__DATA_TYPE__INT8 ||
		    to == ONNX__TENSOR_PROTO__DATA_TYPE__BOOL;
	return same_shape(nd, ints);
}

/* ---- Broadcasting. ---- */

/* Numpy broadcasting of the ox_known inputs' shapes. */
static OxRes
broadcast(OxNode *nd, int64_t *d, int *rank)
{
	int r = 0;
	for (int i = 0; i < nd->nin; i++) {
		if (!nd->in[i])
			continue;
		if (!ox_known(nd->in[i]))
			return OX_UNKNOWN;
		if (nd->in[i]->rank > r)
			r = nd->in[i]->rank;
	}
	for (int j = 0; j < r; j++)
		d[j] = 1;
	for (int i = 0; i < nd->nin; i++) {
		const OxTensor *t = nd->in[i];
		if (!t)
			continue;
		for (int j = 0; j < t->rank; j++) {
			int64_t *o = &d[r - t->rank + j], v = t->dim[j];
			if (v == *o || v == 1)
				continue;
			if (*o != 1)
				return ox_bad(nd, "%sinput shapes do not broadcast (%lld against %lld)", "", v, *o);
			*o = v;
		}
	}
	*rank = r;
	return OX_OK;
}

/* Flat index into t of output multi-index idx under broadcasting. */
static int64_t
bc_index(const OxTensor *t, const int64_t *idx, int rank)
{
	int64_t f = 0;
	for (int j = 0; j < t->rank; j++) {
		int64_t v = t->dim[j] == 1 ? 0 : idx[rank - t->rank + j];
		f = f * t->dim[j] + v;
	}
	return f;
}

typedef enum { V_NONE, V_ADD, V_SUB, V_MUL, V_DIV, V_EQ, V_LT, V_GT, V_MAX, V_MIN, V_WHERE, V_FIRST } ValOp;

/* Element-wise values of a broadcasting operator, when every input has them. */
static void
bc_values(OxNode *nd, ValOp op)
{
	OxTensor *o = nd->nout ? nd->out[0] : NULL;
	if (op == V_NONE || !o || !o->known)
		return;
	int64_t n = ox_count_of(o->dim, o->rank);
	if (n < 0 || n > OX_MAX_VALUES)
		return;
	int need = op == V_WHERE ? 3 : op == V_FIRST ? 1 : 2;
	if (nd->nin < need)
		return;
	for (int i = 0; i < need; i++)
		if (!ox_has_vals(nd->in[i]))
			return;
	int64_t v[OX_MAX_VALUES], idx[OX_MAX_RANK];
	for (int64_t f = 0; f < n; f++) {
		int64_t r = f;
		for (int j = o->rank - 1; j >= 0; j--) {
			idx[j] = r % o->dim[j];
			r /= o->dim[j];
		}
		int64_t a = nd->in[0]->val[bc_index(nd->in[0], idx, o->rank)];
		int64_t b = need > 1 ? nd->in[1]->val[bc_index(nd->in[1], idx, o->rank)] : 0;
		int64_t c = need > 2 ? nd->in[2]->val[bc_index(nd->in[2], idx, o->rank)] : 0;
		bool ok = true;
		switch (op) {
		case V_ADD: ok = ck_add(a, b, &v[f]); break;
		case V_SUB: ok = ck_sub(a, b, &v[f]); break;
		case V_MUL: ok = ck_mul(a, b, &v[f]); break;
		case V_DIV: ok = b != 0 && !(a == INT64_MIN && b == -1); if (ok) v[f] = a / b; break;
		case V_EQ: v[f] = a == b; break;
		case V_LT: v[f] = a < b; break;
		case V_GT: v[f] = a > b; break;
		case V_MAX: v[f] = a > b ? a : b; break;
		case V_MIN: v[f] = a < b ? a : b; break;
		case V_WHERE: v[f] = a ? b : c; break;
		case V_FIRST: v[f] = a; break;
		case V_NONE: break;
		}
		if (!ok)
			return;
	}
	ox_set_vals(nd, 0, v, n);
}

static ValOp
valop_of(const char *op)
{
	static const struct { const char *name; ValOp op; } t[] = {
		{"Add", V_ADD}, {"Sub", V_SUB}, {"Mul", V_MUL}, {"Div", V_DIV}, {"Equal", V_EQ},
		{"Less", V_LT}, {"Greater", V_GT}, {"Max", V_MAX}, {"Min", V_MIN}, {"Where", V_WHERE},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(op, t[i].name) == 0)
			return t[i].op;
	return V_NONE;
}

static OxRes
op_broadcast(OxNode *nd)
{
	int64_t d[OX_MAX_RANK];
	int r;
	OxRes res = broadcast(nd, d, &r);
	if (res != OX_OK)
		return res;
	if (ox_set_shape(nd, 0, d, r) != OX_OK)
		return OX_ERR;
	bc_values(nd, valop_of(nd->n->op_type));
	return OX_OK;
}

static OxRes
op_expand(OxNode *nd)
{
	const OxTensor *X = nd->in[0], *S = nd->nin > 1 ? nd->in[1] : NULL;
	if (!ox_known(X) || !ox_has_vals(S))
		return OX_UNKNOWN;
	if (S->nval > OX_MAX_RANK)
		return ox_bad(nd, "%sa rank of %lld is above the importer's limit of %lld", "", S->nval, OX_MAX_RANK);
	OxTensor shape = {0};
	shape.known = true;
	shape.rank = (int)S->nval;
	memcpy(shape.dim, S->val, (size_t)S->nval * sizeof *S->val);
	OxTensor *saved[2] = {nd->in[0], nd->in[1]};
	OxTensor *pair[2] = {nd->in[0], &shape};
	OxNode tmp = *nd;
	tmp.in = pair;
	tmp.nin = 2;
	int64_t d[OX_MAX_RANK];
	int r;
	OxRes res = broadcast(&tmp, d, &r);
	(void)saved;
	if (res != OX_OK)
		return res;
	if (ox_set_shape(nd, 0, d, r) != OX_OK)
		return OX_ERR;
	bc_values(nd, V_FIRST);
	return OX_OK;
}

const OxOp ox_elementwise_ops[] = {
	{"Identity", op_identity}, {"Cast", op_cast}, {"Dropout", op_identity}, {"Not", op_unary},
	{"Relu", op_unary}, {"LeakyRelu", op_unary}, {"PRelu", op_unary}, {"Sigmoid", op_unary},
	{"Tanh", op_unary}, {"HardSigmoid", op_unary}, {"HardSwish", op_unary}, {"Softplus", op_unary},
	{"Softsign", op_unary}, {"Elu", op_unary}, {"Selu", op_unary}, {"Celu", op_unary}, {"Gelu", op_unary},
	{"Erf", op_unary}, {"Exp", op_unary}, {"Log", op_unary}, {"Sqrt", op_unary}, {"Reciprocal", op_unary},
	{"Neg", op_unary}, {"Abs", op_unary}, {"Floor", op_unary}, {"Ceil", op_unary}, {"Round", op_unary},
	{"Sign", op_unary}, {"Sin", op_unary}, {"Cos", op_unary}, {"Clip", op_unary}, {"IsNaN", op_unary},
	{"IsInf", op_unary}, {"Mish", op_unary}, {"ThresholdedRelu", op_unary}, {"CastLike", op_unary},
	{"Trilu", op_unary}, {"Shrink", op_unary}, {"BatchNormalization", op_unary},
	{"InstanceNormalization", op_unary}, {"LayerNormalization", op_unary}, {"LRN", op_unary},
	{"MeanVarianceNormalization", op_unary}, {"Softmax", op_unary}, {"LogSoftmax", op_unary},
	{"Hardmax", op_unary}, {"Add", op_broadcast}, {"Sub", op_broadcast}, {"Mul", op_broadcast},
	{"Div", op_broadcast}, {"Pow", op_broadcast}, {"Max", op_broadcast}, {"Min", op_broadcast},
	{"Sum", op_broadcast}, {"Mean", op_broadcast}, {"Equal", op_broadcast}, {"Less", op_broadcast},
	{"Greater", op_broadcast}, {"LessOrEqual", op_broadcast}, {"GreaterOrEqual", op_broadcast},
	{"And", op_broadcast}, {"Or", op_broadcast}, {"Xor", op_broadcast}, {"Mod", op_broadcast},
	{"Where", op_broadcast}, {"BitShift", op_broadcast}, {"Expand", op_expand},
	{NULL, NULL},
};
