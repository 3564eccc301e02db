/*
** onnx_layers.c: the operators that become layers, and the windowed
** operators (docs/onnx.md).  Conv, ConvTranspose, Gemm and MatMul: their
** output shapes and an OxLayer (CONV, DSCONV, NGCONV, FC, TRCONV, GEMM) with
** its MAC count added to the network's total; a MAC operator the language
** cannot express is left out with W1101.  MaxPool, AveragePool, LpPool and
** the global pools: output shapes from the same window arithmetic as Conv
** (ONNX's pads, strides, dilations, auto_pad and ceil_mode).
*/
#include <string.h>
#include <stdio.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "onnx_int.h"

static bool
attr_str_is(const OxNode *nd, const char *name, const char *want)
{
	const Onnx__AttributeProto *a = ox_attr(nd, name);
	if (!a || !a->has_s)
		return strcmp(want, "NOTSET") == 0;
	return a->s.len == strlen(want) && memcmp(a->s.data, want, a->s.len) == 0;
}

/* A MAC operator whose input shape is not ox_known: say which tensor and why. */
static OxRes
unknown_input(const OxNode *nd, const OxTensor *t)
{
	Diag *d = diag_emit(nd->x->ctx, DIAG_E1106, ox_node_span(nd->x, nd->n),
			    "%s node '%s': the shape of its input '%s' cannot be inferred",
			    nd->n->op_type, ox_node_label(nd->n), t ? t->name : "(absent)");
	if (t && t->producer)
		diag_hint(nd->x->ctx, d, "'%s' comes from %s node '%s', whose output shape the importer could not "
			  "infer and the model's value_info does not give", t->name, t->producer->op_type,
			  ox_node_label(t->producer));
	return OX_ERR;
}

/* ---- Layers. ---- */

static OxRes
add_layer(OxNode *nd, OxLayer *l, const char *shapes)
{
	Ox *x = nd->x;
	if (l->macs == 0)
		return ox_bad(nd, "%sit is empty: one of its dimensions is 0 (%lld, %lld)", "", l->k ? l->k : l->gn,
			   l->c ? l->c : l->gk);
	l->name = ox_layer_name(x, nd->n, x->nlayers);
	if (!l->name)
		return OX_ERR;
	if (!ck_add(x->total_macs, l->macs, &x->total_macs))
		x->macs_overflow = true;
	OxItem it = {0};
	it.is_layer = true;
	it.layer = *l;
	it.comment = arena_printf(x->ctx->arena, "%s %s: %s, %s MACs", nd->n->op_type, ox_node_label(nd->n),
				  shapes, ox_grouped(x, l->macs));
	x->nlayers++;
	return ox_add_item(x, &it) && it.comment ? OX_OK : OX_ERR;
}

static OxRes
macs_of(OxNode *nd, const int64_t *f, int n, int64_t *out)
{
	int64_t m = 1;
	for (int i = 0; i < n; i++)
		if (!ck_mul(m, f[i], &m))
			return ox_bad(nd, "%sits MAC count does not fit in 64 bits%lld%lld", "", 0, 0);
	*out = m;
	return OX_OK;
}

static OxRes
unsupported_mac(OxNode *nd, const char *why)
{
	Diag *d = diag_emit(nd->x->ctx, DIAG_W1101, ox_node_span(nd->x, nd->n), "%s node '%s' is left out: %s",
			    nd->n->op_type, ox_node_label(nd->n), why);
	diag_hint(nd->x->ctx, d, "the network's MAC total does not include this node");
	return OX_OK;
}

/* Padding and output size along one spatial axis of a Conv/pool window. */
typedef struct Win {
	int64_t in, k, s, d, pb, pe, out;
} Win;
static OxRes
window(OxNode *nd, int nsp, const int64_t *in, const int64_t *k, bool ceil_mode, Win *w)
{
	const int64_t *s, *d, *p;
	size_t ns = ox_attr_ints(nd, "strides", &s), ndl = ox_attr_ints(nd, "dilations", &d),
	       np = ox_attr_ints(nd, "pads", &p);
	if ((ns && ns != (size_t)nsp) || (ndl && ndl != (size_t)nsp) || (np && np != 2 * (size_t)nsp))
		return ox_bad(nd, "%sstrides, dilations or pads do not match its %lld spatial dimensions%lld", "", nsp, 0);
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
			return ox_bad(nd, "%sa kernel size, stride or dilation below 1 or padding below 0 (axis %lld)%lld",
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
			return ox_bad(nd, "%sits window (%lld) is larger than the padded input (%lld)", "", eff,
				   v->in + v->pb + v->pe);
		v->out = (ceil_mode ? (span + v->s - 1) / v->s : span / v->s) + 1;
		/* the last window must start inside the input or its leading padding */
		if (ceil_mode && (v->out - 1) * v->s >= v->in + v->pb)
			v->out--;
	}
	return OX_OK;
}

/* The two operands of a MAC operator, both of ox_known shape. */
static OxRes
operands(OxNode *nd, const OxTensor **a, const OxTensor **b)
{
	*a = nd->in[0];
	*b = nd->nin > 1 ? nd->in[1] : NULL;
	if (!ox_known(*a))
		return unknown_input(nd, *a);
	if (!ox_known(*b))
		return unknown_input(nd, *b);
	return OX_OK;
}

/* A convolution's input and weight: ox_known, of one rank of at least 3. */
static OxRes
conv_operands(OxNode *nd, const OxTensor **X, const OxTensor **W)
{
	if (operands(nd, X, W) != OX_OK)
		return OX_ERR;
	if ((*X)->rank < 3 || (*W)->rank != (*X)->rank)
		return ox_bad(nd, "%sinput rank %lld and weight rank %lld do not make a convolution", "", (*X)->rank,
			   (*W)->rank);
	return OX_OK;
}

static OxRes
op_conv(OxNode *nd)
{
	const OxTensor *X, *W;
	if (conv_operands(nd, &X, &W) != OX_OK)
		return OX_ERR;
	int r = X->rank, nsp = r - 2;
	int64_t group = ox_attr_i(nd, "group", 1), all;
	int64_t N = X->dim[0], C = X->dim[1], M = W->dim[0], Cg = W->dim[1];
	if (group < 1 || !ck_mul(Cg, group, &all) || C != all || M % group != 0)
		return ox_bad(nd, "%sits weight shape does not fit an input of %lld channels with group = %lld", "", C, group);
	Win w[OX_MAX_RANK];
	if (window(nd, nsp, X->dim + 2, W->dim + 2, false, w) != OX_OK)
		return OX_ERR;
	int64_t od[OX_MAX_RANK] = {N, M};
	for (int i = 0; i < nsp; i++)
		od[2 + i] = w[i].out;
	if (ox_set_shape(nd, 0, od, r) != OX_OK)
		return OX_ERR;
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
	if (macs_of(nd, f, 7, &l.macs) != OX_OK)
		return OX_ERR;
	const char *sh = arena_printf(nd->x->ctx->arena, "%s * %s -> %s, padding Y %lld, X %lld",
				      ox_shape_str(nd->x, X), ox_shape_str(nd->x, W), ox_shape_str(nd->x, nd->out[0]),
				      (long long)l.py, (long long)l.px);
	return add_layer(nd, &l, sh);
}

static OxRes
op_convtranspose(OxNode *nd)
{
	const OxTensor *X, *W;
	if (conv_operands(nd, &X, &W) != OX_OK)
		return OX_ERR;
	int r = X->rank, nsp = r - 2;
	int64_t group = ox_attr_i(nd, "group", 1);
	int64_t N = X->dim[0], C = X->dim[1], M;
	if (group < 1 || W->dim[0] != C || !ck_mul(W->dim[1], group, &M))
		return ox_bad(nd, "%sits weight shape does not fit an input of %lld channels with group = %lld", "", C, group);
	const int64_t *s, *d, *p, *op, *os;
	size_t ns = ox_attr_ints(nd, "strides", &s), ndl = ox_attr_ints(nd, "dilations", &d),
	       np = ox_attr_ints(nd, "pads", &p), nop = ox_attr_ints(nd, "output_padding", &op),
	       nos = ox_attr_ints(nd, "output_shape", &os);
	if ((ns && ns != (size_t)nsp) || (ndl && ndl != (size_t)nsp) || (np && np != 2 * (size_t)nsp) ||
	    (nop && nop != (size_t)nsp) || (nos && nos != (size_t)nsp))
		return ox_bad(nd, "%sstrides, dilations, pads or output sizes do not match its %lld spatial dimensions%lld",
			   "", nsp, 0);
	bool same = attr_str_is(nd, "auto_pad", "SAME_UPPER") || attr_str_is(nd, "auto_pad", "SAME_LOWER");
	int64_t od[OX_MAX_RANK] = {N, M}, st[OX_MAX_RANK], dil = 1;
	for (int i = 0; i < nsp; i++) {
		int64_t H = X->dim[2 + i], k = W->dim[2 + i], sv = ns ? s[i] : 1, dv = ndl ? d[i] : 1;
		int64_t pb = np ? p[i] : 0, pe = np ? p[i + nsp] : 0, opv = nop ? op[i] : 0;
		if (sv < 1 || dv < 1 || k < 1 || pb < 0 || pe < 0 || opv < 0 || sv > OX_MAX_DIM || dv > OX_MAX_DIM ||
		    pb > OX_MAX_DIM || pe > OX_MAX_DIM || opv > OX_MAX_DIM)
			return ox_bad(nd, "%sa stride or dilation below 1, or padding below 0 (axis %lld)%lld", "", i, 0);
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
			return ox_bad(nd, "%sits output size along axis %lld is %lld", "", i, od[2 + i]);
	}
	if (ox_set_shape(nd, 0, od, r) != OX_OK)
		return OX_ERR;
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
	if (macs_of(nd, f, 7, &l.macs) != OX_OK)
		return OX_ERR;
	const char *sh = arena_printf(nd->x->ctx->arena, "%s * %s -> %s; as TRCONV the %lld x %lld valid part of the "
				      "dilated input's convolution", ox_shape_str(nd->x, X), ox_shape_str(nd->x, W),
				      ox_shape_str(nd->x, nd->out[0]), (long long)yo, (long long)xo);
	return add_layer(nd, &l, sh);
}

/* A matrix product of G products (M x K) * (K x N): FC when it is one
   vector times a matrix, else GEMM (docs/onnx.md). */
static OxRes
matrix_layer(OxNode *nd, int64_t G, int64_t M, int64_t N, int64_t K)
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
	if (macs_of(nd, f, 4, &l.macs) != OX_OK)
		return OX_ERR;
	const char *sh = arena_printf(nd->x->ctx->arena, "%s * %s -> %s", ox_shape_str(nd->x, nd->in[0]),
				      ox_shape_str(nd->x, nd->in[1]), ox_shape_str(nd->x, nd->out[0]));
	return add_layer(nd, &l, sh);
}

static OxRes
op_gemm(OxNode *nd)
{
	const OxTensor *A, *B;
	if (operands(nd, &A, &B) != OX_OK)
		return OX_ERR;
	if (A->rank != 2 || B->rank != 2)
		return ox_bad(nd, "%sinputs of rank %lld and %lld (Gemm takes matrices)", "", A->rank, B->rank);
	bool ta = ox_attr_i(nd, "transA", 0) != 0, tb = ox_attr_i(nd, "transB", 0) != 0;
	int64_t M = A->dim[ta ? 1 : 0], K = A->dim[ta ? 0 : 1], K2 = B->dim[tb ? 1 : 0], N = B->dim[tb ? 0 : 1];
	if (K != K2)
		return ox_bad(nd, "%sinner dimensions %lld and %lld differ", "", K, K2);
	int64_t od[2] = {M, N};
	if (ox_set_shape(nd, 0, od, 2) != OX_OK)
		return OX_ERR;
	return matrix_layer(nd, 1, M, N, K);
}

static OxRes
op_matmul(OxNode *nd)
{
	const OxTensor *A, *B;
	if (operands(nd, &A, &B) != OX_OK)
		return OX_ERR;
	int ra = A->rank, rb = B->rank;
	if (ra < 1 || rb < 1)
		return ox_bad(nd, "%sa scalar input (ranks %lld and %lld)", "", ra, rb);
	int64_t K = A->dim[ra - 1], K2 = rb == 1 ? B->dim[0] : B->dim[rb - 2];
	int64_t M = ra == 1 ? 1 : A->dim[ra - 2], N = rb == 1 ? 1 : B->dim[rb - 1];
	if (K != K2)
		return ox_bad(nd, "%sinner dimensions %lld and %lld differ", "", K, K2);
	/* batch dimensions broadcast */
	int ba = ra > 2 ? ra - 2 : 0, bb = rb > 2 ? rb - 2 : 0, br = ba > bb ? ba : bb;
	int64_t od[OX_MAX_RANK], batch = 1;
	for (int j = 0; j < br; j++) {
		int64_t a = j - (br - ba) >= 0 ? A->dim[j - (br - ba)] : 1;
		int64_t b = j - (br - bb) >= 0 ? B->dim[j - (br - bb)] : 1;
		if (a != b && a != 1 && b != 1)
			return ox_bad(nd, "%sbatch dimensions %lld and %lld do not broadcast", "", a, b);
		od[j] = a == 1 ? b : a;
		if (!ck_mul(batch, od[j], &batch))
			return ox_bad(nd, "%sits batch does not fit in 64 bits%lld%lld", "", 0, 0);
	}
	int r = br;
	if (ra >= 2)
		od[r++] = M;
	if (rb >= 2)
		od[r++] = N;
	if (ox_set_shape(nd, 0, od, r) != OX_OK)
		return OX_ERR;
	/* a matrix B shared by every batch: A's batch folds into its rows */
	if (bb == 0) {
		int64_t rows;
		if (!ck_mul(batch, M, &rows))
			return ox_bad(nd, "%sits row count does not fit in 64 bits%lld%lld", "", 0, 0);
		return matrix_layer(nd, 1, rows, N, K);
	}
	return matrix_layer(nd, batch, M, N, K);
}

/* ---- Pools. ---- */

static OxRes
op_pool(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	int r = X->rank, nsp = r - 2;
	const int64_t *k;
	size_t nk = ox_attr_ints(nd, "kernel_shape", &k);
	if (r < 3 || nk != (size_t)nsp)
		return ox_bad(nd, "%skernel_shape has %lld sizes for an input of rank %lld", "", (long long)nk, r);
	Win w[OX_MAX_RANK];
	if (window(nd, nsp, X->dim + 2, k, ox_attr_i(nd, "ceil_mode", 0) != 0, w) != OX_OK)
		return OX_ERR;
	int64_t od[OX_MAX_RANK] = {X->dim[0], X->dim[1]};
	for (int i = 0; i < nsp; i++)
		od[2 + i] = w[i].out;
	if (ox_set_shape(nd, 0, od, r) != OX_OK || ox_set_shape(nd, 1, od, r) != OX_OK)
		return OX_ERR;
	return OX_OK;
}

static OxRes
op_global_pool(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	int64_t od[OX_MAX_RANK];
	for (int i = 0; i < X->rank; i++)
		od[i] = i < 2 ? X->dim[i] : 1;
	return ox_set_shape(nd, 0, od, X->rank);
}

static OxRes
op_mac_unsupported(OxNode *nd)
{
	unsupported_mac(nd, "the importer has no layer type for this operator");
	return OX_UNKNOWN;
}

const OxOp ox_layer_ops[] = {
	{"Conv", op_conv}, {"ConvTranspose", op_convtranspose}, {"Gemm", op_gemm}, {"MatMul", op_matmul},
	{"Einsum", op_mac_unsupported}, {"ConvInteger", op_mac_unsupported},
	{"MatMulInteger", op_mac_unsupported}, {"QLinearConv", op_mac_unsupported},
	{"QLinearMatMul", op_mac_unsupported}, {"RNN", op_mac_unsupported}, {"LSTM", op_mac_unsupported},
	{"GRU", op_mac_unsupported}, {"DeformConv", op_mac_unsupported}, {"MaxPool", op_pool},
	{"AveragePool", op_pool}, {"LpPool", op_pool}, {"GlobalAveragePool", op_global_pool},
	{"GlobalMaxPool", op_global_pool}, {"GlobalLpPool", op_global_pool},
	{NULL, NULL},
};
