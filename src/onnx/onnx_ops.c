/*
** onnx_ops.c: per-operator inference (docs/onnx.md).  For each node, the
** static shapes of its outputs from those of its inputs and its attributes,
** as the ONNX operator specifications define them (opsets 7 to 17), and
** the values of small integer tensors, so that shape arithmetic (Shape ->
** Gather -> Concat -> Reshape, as exporters write it) resolves.  Conv,
** ConvTranspose, Gemm and MatMul also become layers.
*/
#include <string.h>
#include <stdio.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "onnx_int.h"

typedef enum { R_OK, R_UNKNOWN, R_ERR } Res;

typedef struct Node {
	Ox *x;
	const Onnx__NodeProto *n;
	OxTensor **in, **out;           /* NULL where an optional one is absent */
	int nin, nout;
} Node;

/* ---- Attributes. ---- */

static const Onnx__AttributeProto *
attr(const Node *nd, const char *name)
{
	for (size_t i = 0; i < nd->n->n_attribute; i++)
		if (nd->n->attribute[i]->name && strcmp(nd->n->attribute[i]->name, name) == 0)
			return nd->n->attribute[i];
	return NULL;
}

static int64_t
attr_i(const Node *nd, const char *name, int64_t def)
{
	const Onnx__AttributeProto *a = attr(nd, name);
	return a && a->has_i ? a->i : def;
}

/* An INTS attribute: its count (0 when absent), values in *v. */
static size_t
attr_ints(const Node *nd, const char *name, const int64_t **v)
{
	const Onnx__AttributeProto *a = attr(nd, name);
	*v = a ? a->ints : NULL;
	return a ? a->n_ints : 0;
}

static bool
attr_str_is(const Node *nd, const char *name, const char *want)
{
	const Onnx__AttributeProto *a = attr(nd, name);
	if (!a || !a->has_s)
		return strcmp(want, "NOTSET") == 0;
	return a->s.len == strlen(want) && memcmp(a->s.data, want, a->s.len) == 0;
}

/* ---- Errors. ---- */

static Res
bad(const Node *nd, const char *fmt, const char *a, long long v, long long w)
{
	char msg[256];
	snprintf(msg, sizeof msg, fmt, a, v, w);
	diag_emit(nd->x->ctx, DIAG_E1106, ox_node_span(nd->x, nd->n), "%s node '%s': %s",
		  nd->n->op_type, ox_node_label(nd->n), msg);
	return R_ERR;
}

/* A MAC operator whose input shape is not known: say which tensor and why. */
static Res
unknown_input(const Node *nd, const OxTensor *t)
{
	Diag *d = diag_emit(nd->x->ctx, DIAG_E1106, ox_node_span(nd->x, nd->n),
			    "%s node '%s': the shape of its input '%s' cannot be inferred",
			    nd->n->op_type, ox_node_label(nd->n), t ? t->name : "(absent)");
	if (t && t->producer)
		diag_hint(nd->x->ctx, d, "'%s' comes from %s node '%s', whose output shape the importer could not "
			  "infer and the model's value_info does not give", t->name, t->producer->op_type,
			  ox_node_label(t->producer));
	return R_ERR;
}

/* ---- Shapes and values. ---- */

static int64_t
count_of(const int64_t *d, int rank)
{
	int64_t c = 1;
	for (int i = 0; i < rank; i++)
		if (!ck_mul(c, d[i], &c))
			return -1;
	return c;
}

static bool
known(const OxTensor *t)
{
	return t && t->known;
}

static bool
has_vals(const OxTensor *t)
{
	return known(t) && t->val;
}

/* Set an output's shape (E1104 when too large). */
static Res
set_shape(Node *nd, int k, const int64_t *d, int rank)
{
	if (k >= nd->nout || !nd->out[k])
		return R_OK;
	if (rank < 0 || rank > OX_MAX_RANK)
		return bad(nd, "%soutput rank %lld is above the importer's limit of %lld", "", rank, OX_MAX_RANK);
	int64_t c = 1;
	for (int i = 0; i < rank; i++) {
		if (d[i] < 0)
			return bad(nd, "%sit computes a negative dimension (%lld) for output %lld", "", d[i], k);
		if (d[i] > OX_MAX_DIM || !ck_mul(c, d[i], &c) || c > OX_MAX_ELEMS) {
			diag_emit(nd->x->ctx, DIAG_E1104, ox_node_span(nd->x, nd->n),
				  "%s node '%s': output '%s' would have more than %lld elements",
				  nd->n->op_type, ox_node_label(nd->n), nd->out[k]->name, (long long)OX_MAX_ELEMS);
			return R_ERR;
		}
	}
	OxTensor *t = nd->out[k];
	t->known = true;
	t->rank = rank;
	if (rank)                       /* d may be NULL for a scalar */
		memcpy(t->dim, d, (size_t)rank * sizeof *d);
	t->val = NULL;
	t->nval = 0;
	return R_OK;
}

static Res
copy_shape(Node *nd, int k, const OxTensor *from)
{
	return set_shape(nd, k, from->dim, from->rank);
}

/* Give output k the values v (count must match its shape; small only). */
static void
set_vals(Node *nd, int k, const int64_t *v, int64_t n)
{
	if (k >= nd->nout || !nd->out[k] || !nd->out[k]->known || n > OX_MAX_VALUES)
		return;
	if (count_of(nd->out[k]->dim, nd->out[k]->rank) != n)
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
static int
norm_axis(int64_t a, int rank)
{
	if (a < 0)
		a += rank;
	return a >= 0 && a < rank ? (int)a : -1;
}

/* Numpy broadcasting of the known inputs' shapes. */
static Res
broadcast(Node *nd, int64_t *d, int *rank)
{
	int r = 0;
	for (int i = 0; i < nd->nin; i++) {
		if (!nd->in[i])
			continue;
		if (!known(nd->in[i]))
			return R_UNKNOWN;
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
				return bad(nd, "%sinput shapes do not broadcast (%lld against %lld)", "", v, *o);
			*o = v;
		}
	}
	*rank = r;
	return R_OK;
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
bc_values(Node *nd, ValOp op)
{
	OxTensor *o = nd->nout ? nd->out[0] : NULL;
	if (op == V_NONE || !o || !o->known)
		return;
	int64_t n = count_of(o->dim, o->rank);
	if (n < 0 || n > OX_MAX_VALUES)
		return;
	int need = op == V_WHERE ? 3 : op == V_FIRST ? 1 : 2;
	if (nd->nin < need)
		return;
	for (int i = 0; i < need; i++)
		if (!has_vals(nd->in[i]))
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
	set_vals(nd, 0, v, n);
}

/* ---- Layers. ---- */

static Res
add_layer(Node *nd, OxLayer *l, const char *shapes)
{
	Ox *x = nd->x;
	if (l->macs == 0)
		return bad(nd, "%sit is empty: one of its dimensions is 0 (%lld, %lld)", "", l->k ? l->k : l->gn,
			   l->c ? l->c : l->gk);
	l->name = ox_layer_name(x, nd->n, x->nlayers);
	if (!l->name)
		return R_ERR;
	if (!ck_add(x->total_macs, l->macs, &x->total_macs))
		x->macs_overflow = true;
	OxItem it = {0};
	it.is_layer = true;
	it.layer = *l;
	it.comment = arena_printf(x->ctx->arena, "%s %s: %s, %s MACs", nd->n->op_type, ox_node_label(nd->n),
				  shapes, ox_grouped(x, l->macs));
	x->nlayers++;
	return ox_add_item(x, &it) && it.comment ? R_OK : R_ERR;
}

static Res
macs_of(Node *nd, const int64_t *f, int n, int64_t *out)
{
	int64_t m = 1;
	for (int i = 0; i < n; i++)
		if (!ck_mul(m, f[i], &m))
			return bad(nd, "%sits MAC count does not fit in 64 bits%lld%lld", "", 0, 0);
	*out = m;
	return R_OK;
}

static Res
unsupported_mac(Node *nd, const char *why)
{
	Diag *d = diag_emit(nd->x->ctx, DIAG_W1101, ox_node_span(nd->x, nd->n), "%s node '%s' is left out: %s",
			    nd->n->op_type, ox_node_label(nd->n), why);
	diag_hint(nd->x->ctx, d, "the network's MAC total does not include this node");
	return R_OK;
}

/* Padding and output size along one spatial axis of a Conv/pool window. */
typedef struct Win {
	int64_t in, k, s, d, pb, pe, out;
} Win;

static Res
window(Node *nd, int nsp, const int64_t *in, const int64_t *k, bool ceil_mode, Win *w)
{
	const int64_t *s, *d, *p;
	size_t ns = attr_ints(nd, "strides", &s), ndl = attr_ints(nd, "dilations", &d),
	       np = attr_ints(nd, "pads", &p);
	if ((ns && ns != (size_t)nsp) || (ndl && ndl != (size_t)nsp) || (np && np != 2 * (size_t)nsp))
		return bad(nd, "%sstrides, dilations or pads do not match its %lld spatial dimensions%lld", "", nsp, 0);
	bool same = attr_str_is(nd, "auto_pad", "SAME_UPPER") || attr_str_is(nd, "auto_pad", "SAME_LOWER");
	bool valid = attr_str_is(nd, "auto_pad", "VALID");
	for (int i = 0; i < nsp; i++) {
		Win *v = &w[i];
		v->in = in[i];
		v->k = k[i];
		v->s = ns ? s[i] : 1;
		v->d = ndl ? d[i] : 1;
		v->pb = np && !same && !valid ? p[i] : 0;
		v->pe = np && !same && !valid ? p[i + nsp] : 0;
		if (v->k < 1 || v->s < 1 || v->d < 1 || v->pb < 0 || v->pe < 0 || v->k > OX_MAX_DIM ||
		    v->s > OX_MAX_DIM || v->d > OX_MAX_DIM || v->pb > OX_MAX_DIM || v->pe > OX_MAX_DIM)
			return bad(nd, "%sa kernel size, stride or dilation below 1 or padding below 0 (axis %lld)%lld",
				   "", i, 0);
		int64_t eff = (v->k - 1) * v->d + 1;
		if (same) {
			v->out = (v->in + v->s - 1) / v->s;
			int64_t tot = (v->out - 1) * v->s + eff - v->in;
			if (tot < 0)
				tot = 0;
			bool lower = attr_str_is(nd, "auto_pad", "SAME_LOWER");
			v->pb = lower ? (tot + 1) / 2 : tot / 2;
			v->pe = tot - v->pb;
			continue;
		}
		int64_t span = v->in + v->pb + v->pe - eff;
		if (span < 0)
			return bad(nd, "%sits window (%lld) is larger than the padded input (%lld)", "", eff,
				   v->in + v->pb + v->pe);
		v->out = (ceil_mode ? (span + v->s - 1) / v->s : span / v->s) + 1;
		/* the last window must start inside the input or its leading padding */
		if (ceil_mode && (v->out - 1) * v->s >= v->in + v->pb)
			v->out--;
	}
	return R_OK;
}

/* The two operands of a MAC operator, both of known shape. */
static Res
operands(Node *nd, const OxTensor **a, const OxTensor **b)
{
	*a = nd->in[0];
	*b = nd->nin > 1 ? nd->in[1] : NULL;
	if (!known(*a))
		return unknown_input(nd, *a);
	if (!known(*b))
		return unknown_input(nd, *b);
	return R_OK;
}

/* A convolution's input and weight: known, of one rank of at least 3. */
static Res
conv_operands(Node *nd, const OxTensor **X, const OxTensor **W)
{
	if (operands(nd, X, W) != R_OK)
		return R_ERR;
	if ((*X)->rank < 3 || (*W)->rank != (*X)->rank)
		return bad(nd, "%sinput rank %lld and weight rank %lld do not make a convolution", "", (*X)->rank,
			   (*W)->rank);
	return R_OK;
}

static Res
op_conv(Node *nd)
{
	const OxTensor *X, *W;
	if (conv_operands(nd, &X, &W) != R_OK)
		return R_ERR;
	int r = X->rank, nsp = r - 2;
	int64_t group = attr_i(nd, "group", 1), all;
	int64_t N = X->dim[0], C = X->dim[1], M = W->dim[0], Cg = W->dim[1];
	if (group < 1 || !ck_mul(Cg, group, &all) || C != all || M % group != 0)
		return bad(nd, "%sits weight shape does not fit an input of %lld channels with group = %lld", "", C, group);
	Win w[OX_MAX_RANK];
	if (window(nd, nsp, X->dim + 2, W->dim + 2, false, w) != R_OK)
		return R_ERR;
	int64_t od[OX_MAX_RANK] = {N, M};
	for (int i = 0; i < nsp; i++)
		od[2 + i] = w[i].out;
	if (set_shape(nd, 0, od, r) != R_OK)
		return R_ERR;
	if (nsp > 2)
		return unsupported_mac(nd, "a 3-D convolution has no layer type");
	for (int i = 0; i < nsp; i++)
		if (w[i].d != 1)
			return unsupported_mac(nd, "a dilated convolution has no layer type");
	OxLayer l = {0};
	Win one = {1, 1, 1, 1, 0, 0, 1};
	const Win *wy = nsp == 2 ? &w[0] : &one, *wx = &w[nsp - 1];
	l.n = N;
	l.r = wy->k, l.s = wx->k;
	l.y = wy->in, l.x = wx->in;
	l.py = wy->pb + wy->pe, l.px = wx->pb + wx->pe;
	l.sy = wy->s, l.sx = wx->s;
	if (group == 1) {
		l.type = LT_CONV;
		l.k = M, l.c = C;
	} else if (Cg == 1 && M == group) {
		l.type = LT_DSCONV;
		l.c = C;
	} else {
		l.type = LT_NGCONV;
		l.g = group, l.k = M / group, l.c = Cg;
	}
	int64_t f[] = {N, M, Cg, l.r, l.s, wy->out, wx->out};
	if (macs_of(nd, f, 7, &l.macs) != R_OK)
		return R_ERR;
	const char *sh = arena_printf(nd->x->ctx->arena, "%s * %s -> %s, padding Y %lld, X %lld",
				      ox_shape_str(nd->x, X), ox_shape_str(nd->x, W), ox_shape_str(nd->x, nd->out[0]),
				      (long long)l.py, (long long)l.px);
	return add_layer(nd, &l, sh);
}

static Res
op_convtranspose(Node *nd)
{
	const OxTensor *X, *W;
	if (conv_operands(nd, &X, &W) != R_OK)
		return R_ERR;
	int r = X->rank, nsp = r - 2;
	int64_t group = attr_i(nd, "group", 1);
	int64_t N = X->dim[0], C = X->dim[1], M;
	if (group < 1 || W->dim[0] != C || !ck_mul(W->dim[1], group, &M))
		return bad(nd, "%sits weight shape does not fit an input of %lld channels with group = %lld", "", C, group);
	const int64_t *s, *d, *p, *op, *os;
	size_t ns = attr_ints(nd, "strides", &s), ndl = attr_ints(nd, "dilations", &d),
	       np = attr_ints(nd, "pads", &p), nop = attr_ints(nd, "output_padding", &op),
	       nos = attr_ints(nd, "output_shape", &os);
	if ((ns && ns != (size_t)nsp) || (ndl && ndl != (size_t)nsp) || (np && np != 2 * (size_t)nsp) ||
	    (nop && nop != (size_t)nsp) || (nos && nos != (size_t)nsp))
		return bad(nd, "%sstrides, dilations, pads or output sizes do not match its %lld spatial dimensions%lld",
			   "", nsp, 0);
	bool same = attr_str_is(nd, "auto_pad", "SAME_UPPER") || attr_str_is(nd, "auto_pad", "SAME_LOWER");
	int64_t od[OX_MAX_RANK] = {N, M}, st[OX_MAX_RANK], dil = 1;
	for (int i = 0; i < nsp; i++) {
		int64_t H = X->dim[2 + i], k = W->dim[2 + i], sv = ns ? s[i] : 1, dv = ndl ? d[i] : 1;
		int64_t pb = np ? p[i] : 0, pe = np ? p[i + nsp] : 0, opv = nop ? op[i] : 0;
		if (sv < 1 || dv < 1 || k < 1 || pb < 0 || pe < 0 || opv < 0 || sv > OX_MAX_DIM || dv > OX_MAX_DIM ||
		    pb > OX_MAX_DIM || pe > OX_MAX_DIM || opv > OX_MAX_DIM)
			return bad(nd, "%sa stride or dilation below 1, or padding below 0 (axis %lld)%lld", "", i, 0);
		st[i] = sv;
		if (dv != 1)
			dil = dv;
		/* every term is below 2^62 (dimensions, strides, dilations below 2^31) */
		if (nos)
			od[2 + i] = os[i];
		else if (same)
			od[2 + i] = H * sv;
		else
			od[2 + i] = sv * (H - 1) + (opv + 1 - pb - pe) + (k - 1) * dv;
		if (od[2 + i] < 1)
			return bad(nd, "%sits output size along axis %lld is %lld", "", i, od[2 + i]);
	}
	if (set_shape(nd, 0, od, r) != R_OK)
		return R_ERR;
	if (nsp > 2)
		return unsupported_mac(nd, "a 3-D transposed convolution has no layer type");
	if (dil != 1)
		return unsupported_mac(nd, "a dilated transposed convolution has no layer type");
	if (group != 1)
		return unsupported_mac(nd, "a grouped transposed convolution has no layer type");
	OxLayer l = {0};
	l.type = LT_TRCONV;
	l.n = N, l.k = M, l.c = C;
	l.r = nsp == 2 ? W->dim[2] : 1, l.s = W->dim[r - 1];
	l.y = nsp == 2 ? X->dim[2] : 1, l.x = X->dim[r - 1];
	l.sy = nsp == 2 ? st[0] : 1, l.sx = st[nsp - 1];
	/* the language's TRCONV (docs/ir.md 2.0): a stride-1 convolution over the
	   input dilated by the stride, no padding, zero products counted */
	int64_t yo = (l.y - 1) * l.sy + 1 - l.r + 1, xo = (l.x - 1) * l.sx + 1 - l.s + 1;
	if (yo < 1 || xo < 1)
		return unsupported_mac(nd, "the language's TRCONV needs the dilated input, (H - 1) * stride + 1, "
				       "at least as large as the kernel");
	int64_t f[] = {N, M, C, l.r, l.s, yo, xo};
	if (macs_of(nd, f, 7, &l.macs) != R_OK)
		return R_ERR;
	const char *sh = arena_printf(nd->x->ctx->arena, "%s * %s -> %s; as TRCONV the %lld x %lld valid part of the "
				      "dilated input's convolution", ox_shape_str(nd->x, X), ox_shape_str(nd->x, W),
				      ox_shape_str(nd->x, nd->out[0]), (long long)yo, (long long)xo);
	return add_layer(nd, &l, sh);
}

/* A matrix product of G products (M x K) * (K x N): FC when it is one
   vector times a matrix, else GEMM (docs/onnx.md). */
static Res
matrix_layer(Node *nd, int64_t G, int64_t M, int64_t N, int64_t K)
{
	OxLayer l = {0};
	if (G == 1 && M == 1) {
		l.type = LT_FC;
		l.n = 1, l.k = N, l.c = K;
	} else {
		l.type = LT_GEMM;
		l.g = G, l.gm = M, l.gn = N, l.gk = K;
	}
	int64_t f[] = {G, M, N, K};
	if (macs_of(nd, f, 4, &l.macs) != R_OK)
		return R_ERR;
	const char *sh = arena_printf(nd->x->ctx->arena, "%s * %s -> %s", ox_shape_str(nd->x, nd->in[0]),
				      ox_shape_str(nd->x, nd->in[1]), ox_shape_str(nd->x, nd->out[0]));
	return add_layer(nd, &l, sh);
}

static Res
op_gemm(Node *nd)
{
	const OxTensor *A, *B;
	if (operands(nd, &A, &B) != R_OK)
		return R_ERR;
	if (A->rank != 2 || B->rank != 2)
		return bad(nd, "%sinputs of rank %lld and %lld (Gemm takes matrices)", "", A->rank, B->rank);
	bool ta = attr_i(nd, "transA", 0) != 0, tb = attr_i(nd, "transB", 0) != 0;
	int64_t M = A->dim[ta ? 1 : 0], K = A->dim[ta ? 0 : 1], K2 = B->dim[tb ? 1 : 0], N = B->dim[tb ? 0 : 1];
	if (K != K2)
		return bad(nd, "%sinner dimensions %lld and %lld differ", "", K, K2);
	int64_t od[2] = {M, N};
	if (set_shape(nd, 0, od, 2) != R_OK)
		return R_ERR;
	return matrix_layer(nd, 1, M, N, K);
}

static Res
op_matmul(Node *nd)
{
	const OxTensor *A, *B;
	if (operands(nd, &A, &B) != R_OK)
		return R_ERR;
	int ra = A->rank, rb = B->rank;
	if (ra < 1 || rb < 1)
		return bad(nd, "%sa scalar input (ranks %lld and %lld)", "", ra, rb);
	int64_t K = A->dim[ra - 1], K2 = rb == 1 ? B->dim[0] : B->dim[rb - 2];
	int64_t M = ra == 1 ? 1 : A->dim[ra - 2], N = rb == 1 ? 1 : B->dim[rb - 1];
	if (K != K2)
		return bad(nd, "%sinner dimensions %lld and %lld differ", "", K, K2);
	/* batch dimensions broadcast */
	int ba = ra > 2 ? ra - 2 : 0, bb = rb > 2 ? rb - 2 : 0, br = ba > bb ? ba : bb;
	int64_t od[OX_MAX_RANK], batch = 1;
	for (int j = 0; j < br; j++) {
		int64_t a = j - (br - ba) >= 0 ? A->dim[j - (br - ba)] : 1;
		int64_t b = j - (br - bb) >= 0 ? B->dim[j - (br - bb)] : 1;
		if (a != b && a != 1 && b != 1)
			return bad(nd, "%sbatch dimensions %lld and %lld do not broadcast", "", a, b);
		od[j] = a == 1 ? b : a;
		if (!ck_mul(batch, od[j], &batch))
			return bad(nd, "%sits batch does not fit in 64 bits%lld%lld", "", 0, 0);
	}
	int r = br;
	if (ra >= 2)
		od[r++] = M;
	if (rb >= 2)
		od[r++] = N;
	if (set_shape(nd, 0, od, r) != R_OK)
		return R_ERR;
	/* a matrix B shared by every batch: A's batch folds into its rows */
	if (bb == 0) {
		int64_t rows;
		if (!ck_mul(batch, M, &rows))
			return bad(nd, "%sits row count does not fit in 64 bits%lld%lld", "", 0, 0);
		return matrix_layer(nd, 1, rows, N, K);
	}
	return matrix_layer(nd, batch, M, N, K);
}

/* ---- Operators without MACs. ---- */

static Res
op_pool(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	int r = X->rank, nsp = r - 2;
	const int64_t *k;
	size_t nk = attr_ints(nd, "kernel_shape", &k);
	if (r < 3 || nk != (size_t)nsp)
		return bad(nd, "%skernel_shape has %lld sizes for an input of rank %lld", "", (long long)nk, r);
	Win w[OX_MAX_RANK];
	if (window(nd, nsp, X->dim + 2, k, attr_i(nd, "ceil_mode", 0) != 0, w) != R_OK)
		return R_ERR;
	int64_t od[OX_MAX_RANK] = {X->dim[0], X->dim[1]};
	for (int i = 0; i < nsp; i++)
		od[2 + i] = w[i].out;
	if (set_shape(nd, 0, od, r) != R_OK || set_shape(nd, 1, od, r) != R_OK)
		return R_ERR;
	return R_OK;
}

static Res
op_global_pool(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	int64_t od[OX_MAX_RANK];
	for (int i = 0; i < X->rank; i++)
		od[i] = i < 2 ? X->dim[i] : 1;
	return set_shape(nd, 0, od, X->rank);
}

/* Same shape as input 0 for every output; values pass through when `vals`. */
static Res
same_shape(Node *nd, bool vals)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	for (int k = 0; k < nd->nout; k++)
		if (copy_shape(nd, k, X) != R_OK)
			return R_ERR;
	if (vals && X->val)
		set_vals(nd, 0, X->val, X->nval);
	return R_OK;
}

static Res
op_unary(Node *nd)
{
	/* only the first output: BatchNormalization's and LayerNormalization's
	   others are statistics of other shapes */
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	return copy_shape(nd, 0, X);
}

static Res
op_cast(Node *nd)
{
	int64_t to = attr_i(nd, "to", 0);
	bool ints = to == ONNX__TENSOR_PROTO__DATA_TYPE__INT64 || to == ONNX__TENSOR_PROTO__DATA_TYPE__INT32 ||
		    to == ONNX__TENSOR_PROTO__DATA_TYPE__INT16 || to == ONNX__TENSOR_PROTO__DATA_TYPE__INT8 ||
		    to == ONNX__TENSOR_PROTO__DATA_TYPE__BOOL;
	return same_shape(nd, ints);
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

static Res
op_broadcast(Node *nd)
{
	int64_t d[OX_MAX_RANK];
	int r;
	Res res = broadcast(nd, d, &r);
	if (res != R_OK)
		return res;
	if (set_shape(nd, 0, d, r) != R_OK)
		return R_ERR;
	bc_values(nd, valop_of(nd->n->op_type));
	return R_OK;
}

/* Output 0 takes shape d and, its elements being X's in the same order,
   X's values. */
static Res
reshaped(Node *nd, const OxTensor *X, const int64_t *d, int rank)
{
	if (set_shape(nd, 0, d, rank) != R_OK)
		return R_ERR;
	if (X->val)
		set_vals(nd, 0, X->val, X->nval);
	return R_OK;
}

static Res
op_flatten(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	int64_t a = attr_i(nd, "axis", 1);
	if (a < 0)
		a += X->rank;
	if (a < 0 || a > X->rank)
		return bad(nd, "%saxis %lld is outside rank %lld", "", a, X->rank);
	int64_t od[2] = {count_of(X->dim, (int)a), count_of(X->dim + a, X->rank - (int)a)};
	return reshaped(nd, X, od, 2);
}

static Res
op_reshape(Node *nd)
{
	const OxTensor *X = nd->in[0], *S = nd->nin > 1 ? nd->in[1] : NULL;
	int64_t tmp[OX_MAX_RANK];
	const int64_t *sv;
	int64_t ns;
	if (S) {
		if (!known(X) || !has_vals(S))
			return R_UNKNOWN;
		sv = S->val, ns = S->nval;
	} else {                        /* opset < 5: the shape attribute */
		if (!known(X))
			return R_UNKNOWN;
		size_t n = attr_ints(nd, "shape", &sv);
		ns = (int64_t)n;
	}
	if (ns > OX_MAX_RANK)
		return bad(nd, "%sa target rank of %lld is above the importer's limit of %lld", "", ns, OX_MAX_RANK);
	bool allowzero = attr_i(nd, "allowzero", 0) != 0;
	int64_t total = count_of(X->dim, X->rank), known_part = 1;
	int infer = -1;
	for (int i = 0; i < ns; i++) {
		tmp[i] = sv[i];
		if (sv[i] == 0 && !allowzero) {
			if (i >= X->rank)
				return bad(nd, "%starget dimension %lld copies an input dimension that does not exist%lld",
					   "", i, 0);
			tmp[i] = X->dim[i];
		}
		if (tmp[i] == -1) {
			if (infer >= 0)
				return bad(nd, "%stwo target dimensions are -1 (%lld and %lld)", "", infer, i);
			infer = i;
			continue;
		}
		if (tmp[i] < 0 || !ck_mul(known_part, tmp[i], &known_part))
			return bad(nd, "%starget dimension %lld is %lld", "", i, tmp[i]);
	}
	if (infer >= 0) {
		if (known_part == 0 || total % known_part != 0)
			return bad(nd, "%s%lld elements cannot take a shape of %lld elements times -1", "", total, known_part);
		tmp[infer] = total / known_part;
	} else if (known_part != total) {
		return bad(nd, "%s%lld elements cannot take a shape of %lld elements", "", total, known_part);
	}
	if (set_shape(nd, 0, tmp, (int)ns) != R_OK)
		return R_ERR;
	if (X->val)
		set_vals(nd, 0, X->val, X->nval);
	return R_OK;
}

static Res
op_transpose(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	const int64_t *p;
	size_t np = attr_ints(nd, "perm", &p);
	int64_t od[OX_MAX_RANK];
	bool seen[OX_MAX_RANK] = {false};
	if (np && np != (size_t)X->rank)
		return bad(nd, "%sperm has %lld entries for rank %lld", "", (long long)np, X->rank);
	for (int i = 0; i < X->rank; i++) {
		int64_t a = np ? p[i] : X->rank - 1 - i;
		if (a < 0 || a >= X->rank || seen[a])
			return bad(nd, "%sperm is not a permutation (entry %lld is %lld)", "", i, a);
		seen[a] = true;
		od[i] = X->dim[a];
	}
	return set_shape(nd, 0, od, X->rank);
}

static Res
op_concat(Node *nd)
{
	const OxTensor *F = NULL;
	for (int i = 0; i < nd->nin; i++) {
		if (!nd->in[i])
			continue;
		if (!known(nd->in[i]))
			return R_UNKNOWN;
		if (!F)
			F = nd->in[i];
	}
	if (!F)
		return R_UNKNOWN;
	int ax = norm_axis(attr_i(nd, "axis", 0), F->rank);
	if (ax < 0)
		return bad(nd, "%saxis %lld is outside rank %lld", "", attr_i(nd, "axis", 0), F->rank);
	int64_t od[OX_MAX_RANK];
	memcpy(od, F->dim, sizeof od);
	od[ax] = 0;
	bool vals = F->rank == 1;
	int64_t v[OX_MAX_VALUES], nv = 0;
	for (int i = 0; i < nd->nin; i++) {
		const OxTensor *t = nd->in[i];
		if (!t)
			continue;
		if (t->rank != F->rank)
			return bad(nd, "%sinputs of rank %lld and %lld", "", F->rank, t->rank);
		for (int j = 0; j < t->rank; j++)
			if (j != ax && t->dim[j] != F->dim[j])
				return bad(nd, "%sinput sizes %lld and %lld differ off the axis", "", F->dim[j], t->dim[j]);
		if (!ck_add(od[ax], t->dim[ax], &od[ax]))
			return bad(nd, "%sthe result's size along the axis does not fit in 64 bits%lld%lld", "", 0, 0);
		if (vals && t->val && nv + t->nval <= OX_MAX_VALUES) {
			memcpy(v + nv, t->val, (size_t)t->nval * sizeof *v);
			nv += t->nval;
		} else {
			vals = false;
		}
	}
	if (set_shape(nd, 0, od, F->rank) != R_OK)
		return R_ERR;
	if (vals)
		set_vals(nd, 0, v, nv);
	return R_OK;
}

static Res
op_shape(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	int64_t lo = attr_i(nd, "start", 0), hi = attr_i(nd, "end", X->rank);
	if (lo < 0) lo += X->rank;
	if (hi < 0) hi += X->rank;
	lo = lo < 0 ? 0 : lo > X->rank ? X->rank : lo;
	hi = hi < 0 ? 0 : hi > X->rank ? X->rank : hi;
	int64_t n = hi > lo ? hi - lo : 0;
	if (set_shape(nd, 0, &n, 1) != R_OK)
		return R_ERR;
	set_vals(nd, 0, X->dim + lo, n);
	return R_OK;
}

static Res
op_size(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	if (set_shape(nd, 0, NULL, 0) != R_OK)
		return R_ERR;
	int64_t c = count_of(X->dim, X->rank);
	set_vals(nd, 0, &c, 1);
	return R_OK;
}

static Res
op_gather(Node *nd)
{
	const OxTensor *D = nd->in[0], *I = nd->nin > 1 ? nd->in[1] : NULL;
	if (!known(D) || !known(I))
		return R_UNKNOWN;
	int ax = norm_axis(attr_i(nd, "axis", 0), D->rank);
	if (ax < 0 || D->rank - 1 + I->rank > OX_MAX_RANK)
		return bad(nd, "%saxis %lld is outside rank %lld", "", attr_i(nd, "axis", 0), D->rank);
	int64_t od[OX_MAX_RANK];
	int r = 0;
	for (int i = 0; i < ax; i++)
		od[r++] = D->dim[i];
	for (int i = 0; i < I->rank; i++)
		od[r++] = I->dim[i];
	for (int i = ax + 1; i < D->rank; i++)
		od[r++] = D->dim[i];
	if (set_shape(nd, 0, od, r) != R_OK)
		return R_ERR;
	if (D->rank == 1 && D->val && I->val) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < I->nval; i++) {
			int64_t k = I->val[i] < 0 ? I->val[i] + D->nval : I->val[i];
			if (k < 0 || k >= D->nval)
				return bad(nd, "%sindex %lld is outside %lld elements", "", I->val[i], D->nval);
			v[i] = D->val[k];
		}
		set_vals(nd, 0, v, I->nval);
	}
	return R_OK;
}

/* Axes from the attribute (older opsets) or input 1 (newer ones); *n = -1
   when the input is there but its values are unknown. */
static int
axes_of(Node *nd, int64_t *axes, int input)
{
	const int64_t *a;
	size_t n = attr_ints(nd, "axes", &a);
	if (n) {
		if (n > OX_MAX_RANK)
			return -2;
		memcpy(axes, a, n * sizeof *a);
		return (int)n;
	}
	if (input < nd->nin && nd->in[input]) {
		const OxTensor *t = nd->in[input];
		if (!has_vals(t))
			return -1;
		if (t->nval > OX_MAX_RANK)
			return -2;
		memcpy(axes, t->val, (size_t)t->nval * sizeof *axes);
		return (int)t->nval;
	}
	return 0;
}

static Res
op_squeeze(Node *nd)
{
	const OxTensor *X = nd->in[0];
	int64_t axes[OX_MAX_RANK];
	int na = axes_of(nd, axes, 1);
	if (!known(X) || na == -1)
		return R_UNKNOWN;
	if (na < 0)
		return bad(nd, "%smore axes than the importer's rank limit%lld%lld", "", 0, 0);
	bool drop[OX_MAX_RANK] = {false};
	for (int i = 0; i < na; i++) {
		int a = norm_axis(axes[i], X->rank);
		if (a < 0 || X->dim[a] != 1)
			return bad(nd, "%saxis %lld is not a dimension of size 1 (rank %lld)", "", axes[i], X->rank);
		drop[a] = true;
	}
	int64_t od[OX_MAX_RANK];
	int r = 0;
	for (int i = 0; i < X->rank; i++)
		if (!(na ? drop[i] : X->dim[i] == 1))
			od[r++] = X->dim[i];
	return reshaped(nd, X, od, r);
}

static Res
op_unsqueeze(Node *nd)
{
	const OxTensor *X = nd->in[0];
	int64_t axes[OX_MAX_RANK];
	int na = axes_of(nd, axes, 1);
	if (!known(X) || na == -1)
		return R_UNKNOWN;
	int r = X->rank + na;
	if (na < 0 || r > OX_MAX_RANK)
		return bad(nd, "%sthe result's rank is above the importer's limit of %lld%lld", "", OX_MAX_RANK, 0);
	bool ins[OX_MAX_RANK] = {false};
	for (int i = 0; i < na; i++) {
		int a = norm_axis(axes[i], r);
		if (a < 0 || ins[a])
			return bad(nd, "%saxis %lld is outside the result's rank %lld or repeated", "", axes[i], r);
		ins[a] = true;
	}
	int64_t od[OX_MAX_RANK];
	for (int i = 0, j = 0; i < r; i++)
		od[i] = ins[i] ? 1 : X->dim[j++];
	return reshaped(nd, X, od, r);
}

static Res
op_slice(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	int64_t st[OX_MAX_RANK], en[OX_MAX_RANK], ax[OX_MAX_RANK], sp[OX_MAX_RANK];
	int n;
	if (nd->x->opset < 10) {
		const int64_t *a, *b, *c;
		size_t ns = attr_ints(nd, "starts", &a), ne = attr_ints(nd, "ends", &b), nx = attr_ints(nd, "axes", &c);
		if (ns != ne || ns > OX_MAX_RANK || (nx && nx != ns))
			return bad(nd, "%sstarts, ends and axes differ in length (%lld, %lld)", "", (long long)ns, (long long)ne);
		n = (int)ns;
		for (int i = 0; i < n; i++) {
			st[i] = a[i], en[i] = b[i], ax[i] = nx ? c[i] : i, sp[i] = 1;
		}
	} else {
		const OxTensor *S = nd->nin > 1 ? nd->in[1] : NULL, *E = nd->nin > 2 ? nd->in[2] : NULL;
		const OxTensor *A = nd->nin > 3 ? nd->in[3] : NULL, *P = nd->nin > 4 ? nd->in[4] : NULL;
		if (!has_vals(S) || !has_vals(E) || (A && !has_vals(A)) || (P && !has_vals(P)))
			return R_UNKNOWN;
		if (S->nval != E->nval || S->nval > OX_MAX_RANK || (A && A->nval != S->nval) || (P && P->nval != S->nval))
			return bad(nd, "%sstarts, ends, axes and steps differ in length (%lld, %lld)", "", S->nval, E->nval);
		n = (int)S->nval;
		for (int i = 0; i < n; i++) {
			st[i] = S->val[i], en[i] = E->val[i], ax[i] = A ? A->val[i] : i, sp[i] = P ? P->val[i] : 1;
		}
	}
	int64_t od[OX_MAX_RANK], first[OX_MAX_RANK] = {0}, step[OX_MAX_RANK];
	memcpy(od, X->dim, sizeof od);
	for (int i = 0; i < X->rank; i++)
		step[i] = 1;
	for (int i = 0; i < n; i++) {
		int a = norm_axis(ax[i], X->rank);
		if (a < 0 || sp[i] == 0)
			return bad(nd, "%saxis %lld or its step %lld is invalid", "", ax[i], sp[i]);
		int64_t d = X->dim[a], s = st[i], e = en[i];
		if (s < 0) s = s < -d ? 0 : s + d;
		if (e < 0) e = e < -d ? (sp[i] > 0 ? 0 : -1) : e + d;
		int64_t len;
		if (sp[i] > 0) {
			s = s > d ? d : s;
			e = e > d ? d : e;
			len = e > s ? (e - s + sp[i] - 1) / sp[i] : 0;
		} else {
			s = s > d - 1 ? d - 1 : s;
			e = e > d - 1 ? d - 1 : e;
			len = s > e ? (s - e - sp[i] - 1) / -sp[i] : 0;
		}
		od[a] = len;
		first[a] = s;
		step[a] = sp[i];
	}
	if (set_shape(nd, 0, od, X->rank) != R_OK)
		return R_ERR;
	if (X->rank == 1 && X->val) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < od[0]; i++)
			v[i] = X->val[first[0] + i * step[0]];
		set_vals(nd, 0, v, od[0]);
	}
	return R_OK;
}

static Res
op_split(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	int ax = norm_axis(attr_i(nd, "axis", 0), X->rank);
	if (ax < 0)
		return bad(nd, "%saxis %lld is outside rank %lld", "", attr_i(nd, "axis", 0), X->rank);
	const int64_t *sz = NULL;
	size_t ns = attr_ints(nd, "split", &sz);
	if (!ns && nd->nin > 1 && nd->in[1]) {
		if (!has_vals(nd->in[1]))
			return R_UNKNOWN;
		sz = nd->in[1]->val;
		ns = (size_t)nd->in[1]->nval;
	}
	if (ns && ns != (size_t)nd->nout)
		return bad(nd, "%s%lld split sizes for %lld outputs", "", (long long)ns, nd->nout);
	if (!ns && (nd->nout < 1 || X->dim[ax] % nd->nout != 0))
		return bad(nd, "%s%lld elements do not split evenly in %lld outputs", "", X->dim[ax], nd->nout);
	int64_t od[OX_MAX_RANK], sum = 0;
	memcpy(od, X->dim, sizeof od);
	for (int k = 0; k < nd->nout; k++) {
		od[ax] = ns ? sz[k] : X->dim[ax] / nd->nout;
		if (od[ax] < 0 || !ck_add(sum, od[ax], &sum))
			return bad(nd, "%ssplit size %lld of output %lld is invalid", "", od[ax], k);
		if (set_shape(nd, k, od, X->rank) != R_OK)
			return R_ERR;
	}
	if (sum != X->dim[ax])
		return bad(nd, "%ssplit sizes add up to %lld, not %lld", "", sum, X->dim[ax]);
	return R_OK;
}

static Res
op_reduce(Node *nd)
{
	const OxTensor *X = nd->in[0];
	int64_t axes[OX_MAX_RANK];
	int na;
	bool arg = strncmp(nd->n->op_type, "Arg", 3) == 0;
	if (arg) {
		axes[0] = attr_i(nd, "axis", 0);
		na = 1;
	} else {
		na = axes_of(nd, axes, 1);
	}
	if (!known(X) || na == -1)
		return R_UNKNOWN;
	if (na < 0)
		return bad(nd, "%smore axes than the importer's rank limit%lld%lld", "", 0, 0);
	bool keep = attr_i(nd, "keepdims", 1) != 0;
	bool red[OX_MAX_RANK] = {false};
	if (na == 0 && attr_i(nd, "noop_with_empty_axes", 0))
		return copy_shape(nd, 0, X);
	for (int i = 0; i < X->rank; i++)
		red[i] = na == 0;
	for (int i = 0; i < na; i++) {
		int a = norm_axis(axes[i], X->rank);
		if (a < 0)
			return bad(nd, "%saxis %lld is outside rank %lld", "", axes[i], X->rank);
		red[a] = true;
	}
	int64_t od[OX_MAX_RANK];
	int r = 0;
	for (int i = 0; i < X->rank; i++)
		if (!red[i])
			od[r++] = X->dim[i];
		else if (keep)
			od[r++] = 1;
	return set_shape(nd, 0, od, r);
}

static Res
op_pad(Node *nd)
{
	const OxTensor *X = nd->in[0];
	if (!known(X))
		return R_UNKNOWN;
	const int64_t *p;
	int64_t np;
	if (nd->x->opset < 11) {
		size_t n = attr_ints(nd, "pads", &p);
		np = (int64_t)n;
	} else {
		const OxTensor *P = nd->nin > 1 ? nd->in[1] : NULL;
		if (!has_vals(P))
			return R_UNKNOWN;
		p = P->val, np = P->nval;
	}
	if (np != 2 * X->rank)
		return bad(nd, "%s%lld pads for rank %lld", "", np, X->rank);
	int64_t od[OX_MAX_RANK];
	for (int i = 0; i < X->rank; i++) {
		if (!ck_add(X->dim[i], p[i], &od[i]) || !ck_add(od[i], p[i + X->rank], &od[i]))
			return bad(nd, "%spadding of axis %lld does not fit%lld", "", i, 0);
	}
	return set_shape(nd, 0, od, X->rank);
}

static Res
op_constant(Node *nd)
{
	const Onnx__AttributeProto *a;
	if ((a = attr(nd, "value")) && a->t) {
		if (nd->nout < 1 || !nd->out[0])
			return R_OK;
		if (!ox_tensor_from_proto(nd->x, a->t, nd->out[0], ox_node_span(nd->x, nd->n)))
			return R_ERR;
		nd->out[0]->is_const = true;
		return R_OK;
	}
	if ((a = attr(nd, "value_int")) && a->has_i) {
		if (set_shape(nd, 0, NULL, 0) != R_OK)
			return R_ERR;
		set_vals(nd, 0, &a->i, 1);
		return R_OK;
	}
	if ((a = attr(nd, "value_ints"))) {
		int64_t n = (int64_t)a->n_ints;
		if (set_shape(nd, 0, &n, 1) != R_OK)
			return R_ERR;
		set_vals(nd, 0, a->ints, n);
		return R_OK;
	}
	if ((a = attr(nd, "value_float")))
		return set_shape(nd, 0, NULL, 0);
	if ((a = attr(nd, "value_floats"))) {
		int64_t n = (int64_t)a->n_floats;
		return set_shape(nd, 0, &n, 1);
	}
	return R_UNKNOWN;
}

static Res
op_constant_of_shape(Node *nd)
{
	const OxTensor *S = nd->in[0];
	if (!has_vals(S))
		return R_UNKNOWN;
	if (S->nval > OX_MAX_RANK)
		return bad(nd, "%sa rank of %lld is above the importer's limit of %lld", "", S->nval, OX_MAX_RANK);
	if (set_shape(nd, 0, S->val, (int)S->nval) != R_OK)
		return R_ERR;
	int64_t fill = 0;
	const Onnx__AttributeProto *a = attr(nd, "value");
	if (a && a->t) {
		OxTensor v = {0};
		if (!ox_tensor_from_proto(nd->x, a->t, &v, ox_node_span(nd->x, nd->n)))
			return R_ERR;
		if (!v.val || v.nval != 1)
			return R_OK;        /* a float fill: no values */
		fill = v.val[0];
	}
	int64_t n = count_of(S->val, (int)S->nval);
	if (n >= 0 && n <= OX_MAX_VALUES) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < n; i++)
			v[i] = fill;
		set_vals(nd, 0, v, n);
	}
	return R_OK;
}

static Res
op_expand(Node *nd)
{
	const OxTensor *X = nd->in[0], *S = nd->nin > 1 ? nd->in[1] : NULL;
	if (!known(X) || !has_vals(S))
		return R_UNKNOWN;
	if (S->nval > OX_MAX_RANK)
		return bad(nd, "%sa rank of %lld is above the importer's limit of %lld", "", S->nval, OX_MAX_RANK);
	OxTensor shape = {0};
	shape.known = true;
	shape.rank = (int)S->nval;
	memcpy(shape.dim, S->val, (size_t)S->nval * sizeof *S->val);
	OxTensor *saved[2] = {nd->in[0], nd->in[1]};
	OxTensor *pair[2] = {nd->in[0], &shape};
	Node tmp = *nd;
	tmp.in = pair;
	tmp.nin = 2;
	int64_t d[OX_MAX_RANK];
	int r;
	Res res = broadcast(&tmp, d, &r);
	(void)saved;
	if (res != R_OK)
		return res;
	if (set_shape(nd, 0, d, r) != R_OK)
		return R_ERR;
	bc_values(nd, V_FIRST);
	return R_OK;
}

static Res
op_tile(Node *nd)
{
	const OxTensor *X = nd->in[0], *R = nd->nin > 1 ? nd->in[1] : NULL;
	if (!known(X) || !has_vals(R))
		return R_UNKNOWN;
	if (R->nval != X->rank)
		return bad(nd, "%s%lld repeats for rank %lld", "", R->nval, X->rank);
	int64_t od[OX_MAX_RANK];
	for (int i = 0; i < X->rank; i++)
		if (R->val[i] < 0 || !ck_mul(X->dim[i], R->val[i], &od[i]))
			return bad(nd, "%srepeat %lld of axis %lld is invalid", "", R->val[i], i);
	return set_shape(nd, 0, od, X->rank);
}

static Res
op_range(Node *nd)
{
	if (nd->nin < 3 || !has_vals(nd->in[0]) || !has_vals(nd->in[1]) || !has_vals(nd->in[2]) ||
	    nd->in[0]->nval != 1 || nd->in[1]->nval != 1 || nd->in[2]->nval != 1)
		return R_UNKNOWN;
	int64_t s = nd->in[0]->val[0], l = nd->in[1]->val[0], d = nd->in[2]->val[0], n, diff;
	if (d == 0 || !ck_sub(l, s, &diff))
		return bad(nd, "%sa delta of %lld or a range that does not fit%lld", "", d, 0);
	n = d > 0 ? (diff > 0 ? (diff + d - 1) / d : 0) : (diff < 0 ? (-diff + -d - 1) / -d : 0);
	if (set_shape(nd, 0, &n, 1) != R_OK)
		return R_ERR;
	if (n <= OX_MAX_VALUES) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < n; i++)
			v[i] = s + i * d;
		set_vals(nd, 0, v, n);
	}
	return R_OK;
}

static Res
op_resize(Node *nd)
{
	/* only the `sizes` form: scales are floats the importer does not track */
	const OxTensor *X = nd->in[0], *S = nd->nin > 3 ? nd->in[3] : NULL;
	if (!known(X) || !has_vals(S))
		return R_UNKNOWN;
	if (S->nval != X->rank)
		return bad(nd, "%s%lld sizes for rank %lld", "", S->nval, X->rank);
	return set_shape(nd, 0, S->val, X->rank);
}

/* Known operators whose output shapes depend on data or subgraphs. */
static Res
op_data_dependent(Node *nd)
{
	(void)nd;
	return R_UNKNOWN;
}

static Res
op_mac_unsupported(Node *nd)
{
	unsupported_mac(nd, "the importer has no layer type for this operator");
	return R_UNKNOWN;
}

/* ---- The operator table. ---- */

typedef Res (*OpFn)(Node *);

static const struct {
	const char *name;
	OpFn fn;
} ops[] = {
	{"Conv", op_conv}, {"ConvTranspose", op_convtranspose}, {"Gemm", op_gemm}, {"MatMul", op_matmul},
	{"Einsum", op_mac_unsupported}, {"ConvInteger", op_mac_unsupported},
	{"MatMulInteger", op_mac_unsupported}, {"QLinearConv", op_mac_unsupported},
	{"QLinearMatMul", op_mac_unsupported}, {"RNN", op_mac_unsupported}, {"LSTM", op_mac_unsupported},
	{"GRU", op_mac_unsupported}, {"DeformConv", op_mac_unsupported},
	{"MaxPool", op_pool}, {"AveragePool", op_pool}, {"LpPool", op_pool},
	{"GlobalAveragePool", op_global_pool}, {"GlobalMaxPool", op_global_pool}, {"GlobalLpPool", op_global_pool},
	{"Identity", NULL}, {"Cast", op_cast}, {"Dropout", NULL}, {"Not", op_unary},
	{"Relu", op_unary}, {"LeakyRelu", op_unary}, {"PRelu", op_unary}, {"Sigmoid", op_unary},
	{"Tanh", op_unary}, {"HardSigmoid", op_unary}, {"HardSwish", op_unary}, {"Softplus", op_unary},
	{"Softsign", op_unary}, {"Elu", op_unary}, {"Selu", op_unary}, {"Celu", op_unary}, {"Gelu", op_unary},
	{"Erf", op_unary}, {"Exp", op_unary}, {"Log", op_unary}, {"Sqrt", op_unary}, {"Reciprocal", op_unary},
	{"Neg", op_unary}, {"Abs", op_unary}, {"Floor", op_unary}, {"Ceil", op_unary}, {"Round", op_unary},
	{"Sign", op_unary}, {"Sin", op_unary}, {"Cos", op_unary}, {"Clip", op_unary},
	{"IsNaN", op_unary}, {"IsInf", op_unary}, {"Mish", op_unary}, {"ThresholdedRelu", op_unary},
	{"CastLike", op_unary}, {"Trilu", op_unary}, {"Shrink", op_unary},
	{"BatchNormalization", op_unary}, {"InstanceNormalization", op_unary},
	{"LayerNormalization", op_unary}, {"LRN", op_unary}, {"MeanVarianceNormalization", op_unary},
	{"Softmax", op_unary}, {"LogSoftmax", op_unary}, {"Hardmax", op_unary},
	{"Add", op_broadcast}, {"Sub", op_broadcast}, {"Mul", op_broadcast}, {"Div", op_broadcast},
	{"Pow", op_broadcast}, {"Max", op_broadcast}, {"Min", op_broadcast}, {"Sum", op_broadcast},
	{"Mean", op_broadcast}, {"Equal", op_broadcast}, {"Less", op_broadcast}, {"Greater", op_broadcast},
	{"LessOrEqual", op_broadcast}, {"GreaterOrEqual", op_broadcast}, {"And", op_broadcast},
	{"Or", op_broadcast}, {"Xor", op_broadcast}, {"Mod", op_broadcast}, {"Where", op_broadcast},
	{"BitShift", op_broadcast},
	{"Flatten", op_flatten}, {"Reshape", op_reshape}, {"Transpose", op_transpose}, {"Concat", op_concat},
	{"Shape", op_shape}, {"Size", op_size}, {"Gather", op_gather}, {"Squeeze", op_squeeze},
	{"Unsqueeze", op_unsqueeze}, {"Slice", op_slice}, {"Split", op_split},
	{"ReduceMean", op_reduce}, {"ReduceSum", op_reduce}, {"ReduceMax", op_reduce}, {"ReduceMin", op_reduce},
	{"ReduceProd", op_reduce}, {"ReduceL1", op_reduce}, {"ReduceL2", op_reduce},
	{"ReduceLogSum", op_reduce}, {"ReduceLogSumExp", op_reduce}, {"ReduceSumSquare", op_reduce},
	{"ArgMax", op_reduce}, {"ArgMin", op_reduce},
	{"Pad", op_pad}, {"Constant", op_constant}, {"ConstantOfShape", op_constant_of_shape},
	{"Expand", op_expand}, {"Tile", op_tile}, {"Range", op_range}, {"Resize", op_resize},
	{"NonZero", op_data_dependent}, {"TopK", op_data_dependent}, {"NonMaxSuppression", op_data_dependent},
	{"Loop", op_data_dependent}, {"If", op_data_dependent}, {"Scan", op_data_dependent},
	{"Upsample", op_data_dependent},
};

/* The outputs' shapes when inference gave none: the model's value_info, if
   it states a static shape. */
static Res
from_value_info(Node *nd, int k)
{
	const Onnx__ValueInfoProto *vi = ox_map_get(&nd->x->value_info, nd->out[k]->name);
	if (!vi || !vi->type || vi->type->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ||
	    !vi->type->tensor_type || !vi->type->tensor_type->shape)
		return R_UNKNOWN;
	const Onnx__TensorShapeProto *sh = vi->type->tensor_type->shape;
	if (sh->n_dim > OX_MAX_RANK)
		return R_UNKNOWN;
	int64_t d[OX_MAX_RANK];
	for (size_t i = 0; i < sh->n_dim; i++) {
		if (sh->dim[i]->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE)
			return R_UNKNOWN;
		d[i] = sh->dim[i]->dim_value;
	}
	return set_shape(nd, k, d, (int)sh->n_dim);
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
	Node nd = {x, n, NULL, NULL, (int)n->n_input, (int)n->n_output};
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
	Res r = R_UNKNOWN;
	bool std_domain = !n->domain || !*n->domain || strcmp(n->domain, "ai.onnx") == 0;
	size_t k = 0;
	for (; std_domain && k < sizeof ops / sizeof ops[0]; k++)
		if (strcmp(ops[k].name, n->op_type) == 0)
			break;
	if (!std_domain || k == sizeof ops / sizeof ops[0]) {
		Diag *d = diag_emit(x->ctx, DIAG_W1102, ox_node_span(x, n), "operator %s%s%s (node '%s') is unknown to the importer",
				    std_domain ? "" : n->domain, std_domain ? "" : ".", n->op_type, ox_node_label(n));
		diag_hint(x->ctx, d, "its outputs' shapes come from the model's value_info if it gives them; "
			  "its MACs, if any, are not counted");
	} else if (nd.nin < 1 && strcmp(n->op_type, "Constant") != 0 && strcmp(n->op_type, "Range") != 0) {
		diag_emit(x->ctx, DIAG_E1106, ox_node_span(x, n), "%s node '%s' has no inputs", n->op_type,
			  ox_node_label(n));
		return false;
	} else {
		r = ops[k].fn ? ops[k].fn(&nd) : same_shape(&nd, true);
	}
	if (r == R_ERR)
		return false;
	for (int i = 0; i < nd.nout; i++)
		if (nd.out[i] && !nd.out[i]->known && from_value_info(&nd, i) == R_ERR)
			return false;
	/* a layer has its own comment; Identity and Constant do nothing to list */
	if (x->nlayers != before || strcmp(n->op_type, "Identity") == 0 || strcmp(n->op_type, "Constant") == 0)
		return true;
	OxItem it = {0};
	it.comment = arena_printf(x->ctx->arena, "%s %s: %s -> %s", n->op_type, ox_node_label(n),
				  shapes_text(x, nd.in, nd.nin), shapes_text(x, nd.out, nd.nout));
	return it.comment && ox_add_item(x, &it);
}
