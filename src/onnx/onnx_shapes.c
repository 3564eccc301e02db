/*
** onnx_shapes.c: the operators that move, select or make tensors
** (docs/onnx.md): Flatten, Reshape, Transpose, Concat, Shape, Size, Gather,
** Squeeze, Unsqueeze, Slice, Split, the reductions, Pad, Constant,
** ConstantOfShape, Tile, Range, Resize.  Output shapes from the inputs'
** shapes, attributes and (ONNX 13 on) integer inputs whose values are
** ox_known, and the values themselves where an exporter's shape arithmetic
** needs them (Shape -> Gather -> Concat -> Reshape).  Operators whose
** output shapes depend on data or subgraphs (NonZero, TopK, Loop, If ...)
** are ox_known but give no shape.
*/
#include <string.h>
#include <stdio.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "onnx_int.h"

/* Output 0 takes shape d and, its elements being X's in the same order,
   X's values. */
static OxRes
reshaped(OxNode *nd, const OxTensor *X, const int64_t *d, int rank)
{
	if (ox_set_shape(nd, 0, d, rank) != OX_OK)
		return OX_ERR;
	if (X->val)
		ox_set_vals(nd, 0, X->val, X->nval);
	return OX_OK;
}

static OxRes
op_flatten(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	int64_t a = ox_attr_i(nd, "axis", 1);
	if (a < 0)
		a += X->rank;
	if (a < 0 || a > X->rank)
		return ox_bad(nd, "%saxis %lld is outside rank %lld", "", a, X->rank);
	int64_t od[2] = {ox_count_of(X->dim, (int)a), ox_count_of(X->dim + a, X->rank - (int)a)};
	return reshaped(nd, X, od, 2);
}

static OxRes
op_reshape(OxNode *nd)
{
	const OxTensor *X = nd->in[0], *S = nd->nin > 1 ? nd->in[1] : NULL;
	int64_t tmp[OX_MAX_RANK];
	const int64_t *sv;
	int64_t ns;
	if (S) {
		if (!ox_known(X) || !ox_has_vals(S))
			return OX_UNKNOWN;
		sv = S->val, ns = S->nval;
	} else {                        /* opset < 5: the shape attribute */
		if (!ox_known(X))
			return OX_UNKNOWN;
		size_t n = ox_attr_ints(nd, "shape", &sv);
		ns = (int64_t)n;
	}
	if (ns > OX_MAX_RANK)
		return ox_bad(nd, "%sa target rank of %lld is above the importer's limit of %lld", "", ns, OX_MAX_RANK);
	bool allowzero = ox_attr_i(nd, "allowzero", 0) != 0;
	int64_t total = ox_count_of(X->dim, X->rank), known_part = 1;
	int infer = -1;
	for (int i = 0; i < ns; i++) {
		tmp[i] = sv[i];
		if (sv[i] == 0 && !allowzero) {
			if (i >= X->rank)
				return ox_bad(nd, "%starget dimension %lld copies an input dimension that does not exist%lld",
					   "", i, 0);
			tmp[i] = X->dim[i];
		}
		if (tmp[i] == -1) {
			if (infer >= 0)
				return ox_bad(nd, "%stwo target dimensions are -1 (%lld and %lld)", "", infer, i);
			infer = i;
			continue;
		}
		if (tmp[i] < 0 || !ck_mul(known_part, tmp[i], &known_part))
			return ox_bad(nd, "%starget dimension %lld is %lld", "", i, tmp[i]);
	}
	if (infer >= 0) {
		if (known_part == 0 || total % known_part != 0)
			return ox_bad(nd, "%s%lld elements cannot take a shape of %lld elements times -1", "", total, known_part);
		tmp[infer] = total / known_part;
	} else if (known_part != total) {
		return ox_bad(nd, "%s%lld elements cannot take a shape of %lld elements", "", total, known_part);
	}
	if (ox_set_shape(nd, 0, tmp, (int)ns) != OX_OK)
		return OX_ERR;
	if (X->val)
		ox_set_vals(nd, 0, X->val, X->nval);
	return OX_OK;
}

static OxRes
op_transpose(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	const int64_t *p;
	size_t np = ox_attr_ints(nd, "perm", &p);
	int64_t od[OX_MAX_RANK];
	bool seen[OX_MAX_RANK] = {false};
	if (np && np != (size_t)X->rank)
		return ox_bad(nd, "%sperm has %lld entries for rank %lld", "", (long long)np, X->rank);
	for (int i = 0; i < X->rank; i++) {
		int64_t a = np ? p[i] : X->rank - 1 - i;
		if (a < 0 || a >= X->rank || seen[a])
			return ox_bad(nd, "%sperm is not a permutation (entry %lld is %lld)", "", i, a);
		seen[a] = true;
		od[i] = X->dim[a];
	}
	return ox_set_shape(nd, 0, od, X->rank);
}

static OxRes
op_concat(OxNode *nd)
{
	const OxTensor *F = NULL;
	for (int i = 0; i < nd->nin; i++) {
		if (!nd->in[i])
			continue;
		if (!ox_known(nd->in[i]))
			return OX_UNKNOWN;
		if (!F)
			F = nd->in[i];
	}
	if (!F)
		return OX_UNKNOWN;
	int ax = ox_norm_axis(ox_attr_i(nd, "axis", 0), F->rank);
	if (ax < 0)
		return ox_bad(nd, "%saxis %lld is outside rank %lld", "", ox_attr_i(nd, "axis", 0), F->rank);
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
			return ox_bad(nd, "%sinputs of rank %lld and %lld", "", F->rank, t->rank);
		for (int j = 0; j < t->rank; j++)
			if (j != ax && t->dim[j] != F->dim[j])
				return ox_bad(nd, "%sinput sizes %lld and %lld differ off the axis", "", F->dim[j], t->dim[j]);
		if (!ck_add(od[ax], t->dim[ax], &od[ax]))
			return ox_bad(nd, "%sthe result's size along the axis does not fit in 64 bits%lld%lld", "", 0, 0);
		if (vals && t->val && nv + t->nval <= OX_MAX_VALUES) {
			memcpy(v + nv, t->val, (size_t)t->nval * sizeof *v);
			nv += t->nval;
		} else {
			vals = false;
		}
	}
	if (ox_set_shape(nd, 0, od, F->rank) != OX_OK)
		return OX_ERR;
	if (vals)
		ox_set_vals(nd, 0, v, nv);
	return OX_OK;
}

static OxRes
op_shape(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	int64_t lo = ox_attr_i(nd, "start", 0), hi = ox_attr_i(nd, "end", X->rank);
	if (lo < 0) lo += X->rank;
	if (hi < 0) hi += X->rank;
	lo = lo < 0 ? 0 : lo > X->rank ? X->rank : lo;
	hi = hi < 0 ? 0 : hi > X->rank ? X->rank : hi;
	int64_t n = hi > lo ? hi - lo : 0;
	if (ox_set_shape(nd, 0, &n, 1) != OX_OK)
		return OX_ERR;
	ox_set_vals(nd, 0, X->dim + lo, n);
	return OX_OK;
}

static OxRes
op_size(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	if (ox_set_shape(nd, 0, NULL, 0) != OX_OK)
		return OX_ERR;
	int64_t c = ox_count_of(X->dim, X->rank);
	ox_set_vals(nd, 0, &c, 1);
	return OX_OK;
}

static OxRes
op_gather(OxNode *nd)
{
	const OxTensor *D = nd->in[0], *I = nd->nin > 1 ? nd->in[1] : NULL;
	if (!ox_known(D) || !ox_known(I))
		return OX_UNKNOWN;
	int ax = ox_norm_axis(ox_attr_i(nd, "axis", 0), D->rank);
	if (ax < 0 || D->rank - 1 + I->rank > OX_MAX_RANK)
		return ox_bad(nd, "%saxis %lld is outside rank %lld", "", ox_attr_i(nd, "axis", 0), D->rank);
	int64_t od[OX_MAX_RANK];
	int r = 0;
	for (int i = 0; i < ax; i++)
		od[r++] = D->dim[i];
	for (int i = 0; i < I->rank; i++)
		od[r++] = I->dim[i];
	for (int i = ax + 1; i < D->rank; i++)
		od[r++] = D->dim[i];
	if (ox_set_shape(nd, 0, od, r) != OX_OK)
		return OX_ERR;
	if (D->rank == 1 && D->val && I->val) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < I->nval; i++) {
			int64_t k = I->val[i] < 0 ? I->val[i] + D->nval : I->val[i];
			if (k < 0 || k >= D->nval)
				return ox_bad(nd, "%sindex %lld is outside %lld elements", "", I->val[i], D->nval);
			v[i] = D->val[k];
		}
		ox_set_vals(nd, 0, v, I->nval);
	}
	return OX_OK;
}

/* Axes from the attribute (older opsets) or input 1 (newer ones); *n = -1
   when the input is there but its values are unknown. */
static int
axes_of(OxNode *nd, int64_t *axes, int input)
{
	const int64_t *a;
	size_t n = ox_attr_ints(nd, "axes", &a);
	if (n) {
		if (n > OX_MAX_RANK)
			return -2;
		memcpy(axes, a, n * sizeof *a);
		return (int)n;
	}
	if (input < nd->nin && nd->in[input]) {
		const OxTensor *t = nd->in[input];
		if (!ox_has_vals(t))
			return -1;
		if (t->nval > OX_MAX_RANK)
			return -2;
		memcpy(axes, t->val, (size_t)t->nval * sizeof *axes);
		return (int)t->nval;
	}
	return 0;
}

static OxRes
op_squeeze(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	int64_t axes[OX_MAX_RANK];
	int na = axes_of(nd, axes, 1);
	if (!ox_known(X) || na == -1)
		return OX_UNKNOWN;
	if (na < 0)
		return ox_bad(nd, "%smore axes than the importer's rank limit%lld%lld", "", 0, 0);
	bool drop[OX_MAX_RANK] = {false};
	for (int i = 0; i < na; i++) {
		int a = ox_norm_axis(axes[i], X->rank);
		if (a < 0 || X->dim[a] != 1)
			return ox_bad(nd, "%saxis %lld is not a dimension of size 1 (rank %lld)", "", axes[i], X->rank);
		drop[a] = true;
	}
	int64_t od[OX_MAX_RANK];
	int r = 0;
	for (int i = 0; i < X->rank; i++)
		if (!(na ? drop[i] : X->dim[i] == 1))
			od[r++] = X->dim[i];
	return reshaped(nd, X, od, r);
}

static OxRes
op_unsqueeze(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	int64_t axes[OX_MAX_RANK];
	int na = axes_of(nd, axes, 1);
	if (!ox_known(X) || na == -1)
		return OX_UNKNOWN;
	int r = X->rank + na;
	if (na < 0 || r > OX_MAX_RANK)
		return ox_bad(nd, "%sthe result's rank is above the importer's limit of %lld%lld", "", OX_MAX_RANK, 0);
	bool ins[OX_MAX_RANK] = {false};
	for (int i = 0; i < na; i++) {
		int a = ox_norm_axis(axes[i], r);
		if (a < 0 || ins[a])
			return ox_bad(nd, "%saxis %lld is outside the result's rank %lld or repeated", "", axes[i], r);
		ins[a] = true;
	}
	int64_t od[OX_MAX_RANK];
	for (int i = 0, j = 0; i < r; i++)
		od[i] = ins[i] ? 1 : X->dim[j++];
	return reshaped(nd, X, od, r);
}

static OxRes
op_slice(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	int64_t st[OX_MAX_RANK], en[OX_MAX_RANK], ax[OX_MAX_RANK], sp[OX_MAX_RANK];
	int n;
	if (nd->x->opset < 10) {
		const int64_t *a, *b, *c;
		size_t ns = ox_attr_ints(nd, "starts", &a), ne = ox_attr_ints(nd, "ends", &b), nx = ox_attr_ints(nd, "axes", &c);
		if (ns != ne || ns > OX_MAX_RANK || (nx && nx != ns))
			return ox_bad(nd, "%sstarts, ends and axes differ in length (%lld, %lld)", "", (long long)ns, (long long)ne);
		n = (int)ns;
		for (int i = 0; i < n; i++) {
			st[i] = a[i], en[i] = b[i], ax[i] = nx ? c[i] : i, sp[i] = 1;
		}
	} else {
		const OxTensor *S = nd->nin > 1 ? nd->in[1] : NULL, *E = nd->nin > 2 ? nd->in[2] : NULL;
		const OxTensor *A = nd->nin > 3 ? nd->in[3] : NULL, *P = nd->nin > 4 ? nd->in[4] : NULL;
		if (!ox_has_vals(S) || !ox_has_vals(E) || (A && !ox_has_vals(A)) || (P && !ox_has_vals(P)))
			return OX_UNKNOWN;
		if (S->nval != E->nval || S->nval > OX_MAX_RANK || (A && A->nval != S->nval) || (P && P->nval != S->nval))
			return ox_bad(nd, "%sstarts, ends, axes and steps differ in length (%lld, %lld)", "", S->nval, E->nval);
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
		int a = ox_norm_axis(ax[i], X->rank);
		if (a < 0 || sp[i] == 0)
			return ox_bad(nd, "%saxis %lld or its step %lld is invalid", "", ax[i], sp[i]);
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
	if (ox_set_shape(nd, 0, od, X->rank) != OX_OK)
		return OX_ERR;
	if (X->rank == 1 && X->val) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < od[0]; i++)
			v[i] = X->val[first[0] + i * step[0]];
		ox_set_vals(nd, 0, v, od[0]);
	}
	return OX_OK;
}

static OxRes
op_split(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	int ax = ox_norm_axis(ox_attr_i(nd, "axis", 0), X->rank);
	if (ax < 0)
		return ox_bad(nd, "%saxis %lld is outside rank %lld", "", ox_attr_i(nd, "axis", 0), X->rank);
	const int64_t *sz = NULL;
	size_t ns = ox_attr_ints(nd, "split", &sz);
	if (!ns && nd->nin > 1 && nd->in[1]) {
		if (!ox_has_vals(nd->in[1]))
			return OX_UNKNOWN;
		sz = nd->in[1]->val;
		ns = (size_t)nd->in[1]->nval;
	}
	if (ns && ns != (size_t)nd->nout)
		return ox_bad(nd, "%s%lld split sizes for %lld outputs", "", (long long)ns, nd->nout);
	if (!ns && (nd->nout < 1 || X->dim[ax] % nd->nout != 0))
		return ox_bad(nd, "%s%lld elements do not split evenly in %lld outputs", "", X->dim[ax], nd->nout);
	int64_t od[OX_MAX_RANK], sum = 0;
	memcpy(od, X->dim, sizeof od);
	for (int k = 0; k < nd->nout; k++) {
		od[ax] = ns ? sz[k] : X->dim[ax] / nd->nout;
		if (od[ax] < 0 || !ck_add(sum, od[ax], &sum))
			return ox_bad(nd, "%ssplit size %lld of output %lld is invalid", "", od[ax], k);
		if (ox_set_shape(nd, k, od, X->rank) != OX_OK)
			return OX_ERR;
	}
	if (sum != X->dim[ax])
		return ox_bad(nd, "%ssplit sizes add up to %lld, not %lld", "", sum, X->dim[ax]);
	return OX_OK;
}

static OxRes
op_reduce(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	int64_t axes[OX_MAX_RANK];
	int na;
	bool arg = strncmp(nd->n->op_type, "Arg", 3) == 0;
	if (arg) {
		axes[0] = ox_attr_i(nd, "axis", 0);
		na = 1;
	} else {
		na = axes_of(nd, axes, 1);
	}
	if (!ox_known(X) || na == -1)
		return OX_UNKNOWN;
	if (na < 0)
		return ox_bad(nd, "%smore axes than the importer's rank limit%lld%lld", "", 0, 0);
	bool keep = ox_attr_i(nd, "keepdims", 1) != 0;
	bool red[OX_MAX_RANK] = {false};
	if (na == 0 && ox_attr_i(nd, "noop_with_empty_axes", 0))
		return ox_copy_shape(nd, 0, X);
	for (int i = 0; i < X->rank; i++)
		red[i] = na == 0;
	for (int i = 0; i < na; i++) {
		int a = ox_norm_axis(axes[i], X->rank);
		if (a < 0)
			return ox_bad(nd, "%saxis %lld is outside rank %lld", "", axes[i], X->rank);
		red[a] = true;
	}
	int64_t od[OX_MAX_RANK];
	int r = 0;
	for (int i = 0; i < X->rank; i++)
		if (!red[i])
			od[r++] = X->dim[i];
		else if (keep)
			od[r++] = 1;
	return ox_set_shape(nd, 0, od, r);
}

static OxRes
op_pad(OxNode *nd)
{
	const OxTensor *X = nd->in[0];
	if (!ox_known(X))
		return OX_UNKNOWN;
	const int64_t *p;
	int64_t np;
	if (nd->x->opset < 11) {
		size_t n = ox_attr_ints(nd, "pads", &p);
		np = (int64_t)n;
	} else {
		const OxTensor *P = nd->nin > 1 ? nd->in[1] : NULL;
		if (!ox_has_vals(P))
			return OX_UNKNOWN;
		p = P->val, np = P->nval;
	}
	if (np != 2 * X->rank)
		return ox_bad(nd, "%s%lld pads for rank %lld", "", np, X->rank);
	int64_t od[OX_MAX_RANK];
	for (int i = 0; i < X->rank; i++) {
		if (!ck_add(X->dim[i], p[i], &od[i]) || !ck_add(od[i], p[i + X->rank], &od[i]))
			return ox_bad(nd, "%spadding of axis %lld does not fit%lld", "", i, 0);
	}
	return ox_set_shape(nd, 0, od, X->rank);
}

static OxRes
op_constant(OxNode *nd)
{
	const Onnx__AttributeProto *a;
	if ((a = ox_attr(nd, "value")) && a->t) {
		if (nd->nout < 1 || !nd->out[0])
			return OX_OK;
		if (!ox_tensor_from_proto(nd->x, a->t, nd->out[0], ox_node_span(nd->x, nd->n)))
			return OX_ERR;
		nd->out[0]->is_const = true;
		return OX_OK;
	}
	if ((a = ox_attr(nd, "value_int")) && a->has_i) {
		if (ox_set_shape(nd, 0, NULL, 0) != OX_OK)
			return OX_ERR;
		ox_set_vals(nd, 0, &a->i, 1);
		return OX_OK;
	}
	if ((a = ox_attr(nd, "value_ints"))) {
		int64_t n = (int64_t)a->n_ints;
		if (ox_set_shape(nd, 0, &n, 1) != OX_OK)
			return OX_ERR;
		ox_set_vals(nd, 0, a->ints, n);
		return OX_OK;
	}
	if ((a = ox_attr(nd, "value_float")))
		return ox_set_shape(nd, 0, NULL, 0);
	if ((a = ox_attr(nd, "value_floats"))) {
		int64_t n = (int64_t)a->n_floats;
		return ox_set_shape(nd, 0, &n, 1);
	}
	return OX_UNKNOWN;
}

static OxRes
op_constant_of_shape(OxNode *nd)
{
	const OxTensor *S = nd->in[0];
	if (!ox_has_vals(S))
		return OX_UNKNOWN;
	if (S->nval > OX_MAX_RANK)
		return ox_bad(nd, "%sa rank of %lld is above the importer's limit of %lld", "", S->nval, OX_MAX_RANK);
	if (ox_set_shape(nd, 0, S->val, (int)S->nval) != OX_OK)
		return OX_ERR;
	int64_t fill = 0;
	const Onnx__AttributeProto *a = ox_attr(nd, "value");
	if (a && a->t) {
		OxTensor v = {0};
		if (!ox_tensor_from_proto(nd->x, a->t, &v, ox_node_span(nd->x, nd->n)))
			return OX_ERR;
		if (!v.val || v.nval != 1)
			return OX_OK;        /* a float fill: no values */
		fill = v.val[0];
	}
	int64_t n = ox_count_of(S->val, (int)S->nval);
	if (n >= 0 && n <= OX_MAX_VALUES) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < n; i++)
			v[i] = fill;
		ox_set_vals(nd, 0, v, n);
	}
	return OX_OK;
}

static OxRes
op_tile(OxNode *nd)
{
	const OxTensor *X = nd->in[0], *R = nd->nin > 1 ? nd->in[1] : NULL;
	if (!ox_known(X) || !ox_has_vals(R))
		return OX_UNKNOWN;
	if (R->nval != X->rank)
		return ox_bad(nd, "%s%lld repeats for rank %lld", "", R->nval, X->rank);
	int64_t od[OX_MAX_RANK];
	for (int i = 0; i < X->rank; i++)
		if (R->val[i] < 0 || !ck_mul(X->dim[i], R->val[i], &od[i]))
			return ox_bad(nd, "%srepeat %lld of axis %lld is invalid", "", R->val[i], i);
	return ox_set_shape(nd, 0, od, X->rank);
}

static OxRes
op_range(OxNode *nd)
{
	if (nd->nin < 3 || !ox_has_vals(nd->in[0]) || !ox_has_vals(nd->in[1]) || !ox_has_vals(nd->in[2]) ||
	    nd->in[0]->nval != 1 || nd->in[1]->nval != 1 || nd->in[2]->nval != 1)
		return OX_UNKNOWN;
	int64_t s = nd->in[0]->val[0], l = nd->in[1]->val[0], d = nd->in[2]->val[0], n, diff;
	if (d == 0 || !ck_sub(l, s, &diff))
		return ox_bad(nd, "%sa delta of %lld or a range that does not fit%lld", "", d, 0);
	n = d > 0 ? (diff > 0 ? (diff + d - 1) / d : 0) : (diff < 0 ? (-diff + -d - 1) / -d : 0);
	if (ox_set_shape(nd, 0, &n, 1) != OX_OK)
		return OX_ERR;
	if (n <= OX_MAX_VALUES) {
		int64_t v[OX_MAX_VALUES];
		for (int64_t i = 0; i < n; i++)
			v[i] = s + i * d;
		ox_set_vals(nd, 0, v, n);
	}
	return OX_OK;
}

static OxRes
op_resize(OxNode *nd)
{
	/* only the `sizes` form: scales are floats the importer does not track */
	const OxTensor *X = nd->in[0], *S = nd->nin > 3 ? nd->in[3] : NULL;
	if (!ox_known(X) || !ox_has_vals(S))
		return OX_UNKNOWN;
	if (S->nval != X->rank)
		return ox_bad(nd, "%s%lld sizes for rank %lld", "", S->nval, X->rank);
	return ox_set_shape(nd, 0, S->val, X->rank);
}

/* Known operators whose output shapes depend on data or subgraphs. */
static OxRes
op_data_dependent(OxNode *nd)
{
	(void)nd;
	return OX_UNKNOWN;
}

const OxOp ox_shape_ops[] = {
	{"Flatten", op_flatten}, {"Reshape", op_reshape}, {"Transpose", op_transpose}, {"Concat", op_concat},
	{"Shape", op_shape}, {"Size", op_size}, {"Gather", op_gather}, {"Squeeze", op_squeeze},
	{"Unsqueeze", op_unsqueeze}, {"Slice", op_slice}, {"Split", op_split}, {"ReduceMean", op_reduce},
	{"ReduceSum", op_reduce}, {"ReduceMax", op_reduce}, {"ReduceMin", op_reduce}, {"ReduceProd", op_reduce},
	{"ReduceLogSum", op_reduce}, {"ReduceLogSumExp", op_reduce}, {"ReduceSumSquare", op_reduce},
	{"ArgMax", op_reduce}, {"ArgMin", op_reduce}, {"Pad", op_pad}, {"Constant", op_constant},
	{"ConstantOfShape", op_constant_of_shape}, {"Tile", op_tile}, {"Range", op_range}, {"Resize", op_resize},
	{"NonZero", op_data_dependent}, {"TopK", op_data_dependent}, {"NonMaxSuppression", op_data_dependent},
	{"Loop", op_data_dependent}, {"If", op_data_dependent}, {"Scan", op_data_dependent},
	{"Upsample", op_data_dependent},
	{NULL, NULL},
};
