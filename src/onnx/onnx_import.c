/*
** onnx_import.c: decoding an ONNX model and walking its graph
** (docs/onnx.md).  The bytes are decoded by protobuf-c with the C that
** protoc-c generates from onnx.proto at build time; this file checks what
** was decoded (IR version, opset, tensor sizes, static input shapes), builds
** the table of tensors, and runs the per-operator inference of onnx_node.c
** over the nodes in graph order.
*/
#include <string.h>
#include "mdfc/arena.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "onnx_int.h"

/* ---- The string-keyed map. ---- */

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;       /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void *
ox_map_get(const OxMap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (uint32_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->key[i])
			return NULL;
		if (strcmp(m->key[i], key) == 0)
			return m->val[i];
	}
}

bool
ox_map_put(Ox *x, OxMap *m, const char *key, void *val)
{
	if (2 * (m->n + 1) > m->cap) {
		uint32_t cap = m->cap ? 2 * m->cap : 64;
		const char **k = arena_array(x->ctx->arena, cap, sizeof *k);
		void **v = arena_array(x->ctx->arena, cap, sizeof *v);
		if (!k || !v || cap < m->cap)
			return false;
		for (uint32_t i = 0; i < m->cap; i++) {
			if (!m->key[i])
				continue;
			uint32_t j = hash_str(m->key[i]) & (cap - 1);
			while (k[j])
				j = (j + 1) & (cap - 1);
			k[j] = m->key[i];
			v[j] = m->val[i];
		}
		m->key = k;
		m->val = v;
		m->cap = cap;
	}
	uint32_t i = hash_str(key) & (m->cap - 1);
	while (m->key[i] && strcmp(m->key[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	if (!m->key[i])
		m->n++;
	m->key[i] = key;
	m->val[i] = val;
	return true;
}

/* ---- Tensors. ---- */

OxTensor *
ox_tensor(Ox *x, const char *name)
{
	return name ? ox_map_get(&x->tensors, name) : NULL;
}

OxTensor *
ox_tensor_add(Ox *x, const char *name)
{
	OxTensor *t = arena_alloc(x->ctx->arena, sizeof *t);
	if (!t || !ox_map_put(x, &x->tensors, name, t))
		return NULL;
	t->name = name;
	return t;
}

const char *
ox_node_label(const Onnx__NodeProto *n)
{
	if (n->name && *n->name)
		return n->name;
	if (n->n_output && n->output[0] && *n->output[0])
		return n->output[0];
	return n->op_type ? n->op_type : "?";
}

/* Where a name is in the model's bytes: the first occurrence of the string
   (protobuf stores it verbatim), else the whole file. */
static Span
find_bytes(Ox *x, const char *s)
{
	const Source *src = &x->ctx->sources[x->file];
	Span sp = {x->file, 0, 0};
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > src->len)
		return sp;
	for (size_t i = 0; i + n <= src->len; i++)
		if (src->text[i] == s[0] && memcmp(src->text + i, s, n) == 0) {
			sp.lo = (uint32_t)i;
			sp.hi = (uint32_t)(i + n);
			return sp;
		}
	return sp;
}

Span
ox_node_span(Ox *x, const Onnx__NodeProto *n)
{
	return find_bytes(x, ox_node_label(n));
}

const char *
ox_shape_str(Ox *x, const OxTensor *t)
{
	if (!t || !t->known)
		return "?";
	char buf[OX_MAX_RANK * 24 + 4];
	size_t k = 0;
	buf[k++] = '[';
	for (int i = 0; i < t->rank; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%lld", i ? ", " : "", (long long)t->dim[i]);
	buf[k++] = ']';
	buf[k] = 0;
	return arena_strdup(x->ctx->arena, buf);
}

bool
ox_add_item(Ox *x, const OxItem *it)
{
	OxItem *n = arena_push_room(x->ctx->arena, x->items, x->nitems, &x->capitems, 64, true);
	if (!n)
		return false;
	x->items = n;
	x->items[x->nitems++] = *it;
	return true;
}

/* Checks a declared shape: every dimension in 0 ... OX_MAX_DIM and the
   element count at most OX_MAX_ELEMS (E1104). */
static bool
check_dims(Ox *x, const char *what, const char *name, const int64_t *d, size_t n, Span at)
{
	if (n > OX_MAX_RANK) {
		diag_emit(x->ctx, DIAG_E1106, at, "%s '%s' has rank %zu; the importer handles at most %d dimensions",
			  what, name, n, OX_MAX_RANK);
		return false;
	}
	int64_t count = 1;
	for (size_t i = 0; i < n; i++) {
		if (d[i] < 0 || d[i] > OX_MAX_DIM) {
			Diag *g = diag_emit(x->ctx, DIAG_E1104, at, "%s '%s' declares dimension %zu as %lld",
					    what, name, i, (long long)d[i]);
			diag_hint(x->ctx, g, "a dimension must be between 0 and %lld", (long long)OX_MAX_DIM);
			return false;
		}
		if (!ck_mul(count, d[i], &count) || count > OX_MAX_ELEMS) {
			Diag *g = diag_emit(x->ctx, DIAG_E1104, at, "%s '%s' declares more than %lld elements",
					    what, name, (long long)OX_MAX_ELEMS);
			diag_hint(x->ctx, g, "the file is corrupt, or not a model the importer can handle");
			return false;
		}
	}
	return true;
}

static int64_t
elem_count(const OxTensor *t)
{
	int64_t c = 1;
	for (int i = 0; i < t->rank; i++)
		c *= t->dim[i];         /* checked by check_dims */
	return c;
}

/* Little-endian integers of `size` bytes from raw_data. */
static int64_t
raw_int(const uint8_t *p, int size, bool is_signed)
{
	uint64_t v = 0;
	for (int i = size - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	if (is_signed && size < 8 && (v >> (size * 8 - 1)) & 1)
		v |= ~UINT64_C(0) << (size * 8);
	return (int64_t)v;
}

bool
ox_tensor_from_proto(Ox *x, const Onnx__TensorProto *tp, OxTensor *t, Span at)
{
	const char *name = tp->name ? tp->name : "";
	if (!check_dims(x, "tensor", name, tp->dims, tp->n_dims, at))
		return false;
	t->known = true;
	t->rank = (int)tp->n_dims;
	if (tp->n_dims)                 /* a scalar has no dims array */
		memcpy(t->dim, tp->dims, tp->n_dims * sizeof *tp->dims);
	t->is_const = true;
	int64_t count = elem_count(t);
	/* integer element types: size in bytes, signedness (onnx.proto's DataType) */
	int size = 0;
	bool sgn = true;
	switch (tp->data_type) {
	case ONNX__TENSOR_PROTO__DATA_TYPE__INT64: size = 8; break;
	case ONNX__TENSOR_PROTO__DATA_TYPE__INT32: size = 4; break;
	case ONNX__TENSOR_PROTO__DATA_TYPE__INT16: size = 2; break;
	case ONNX__TENSOR_PROTO__DATA_TYPE__INT8: size = 1; break;
	case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8: size = 1; sgn = false; break;
	case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL: size = 1; sgn = false; break;
	default: return true;           /* shape only */
	}
	if (count > OX_MAX_VALUES || tp->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
		return true;
	int64_t *v = arena_array(x->ctx->arena, count ? (size_t)count : 1, sizeof *v);
	if (!v)
		return false;
	if (tp->has_raw_data) {
		if (tp->raw_data.len != (size_t)count * (size_t)size) {
			diag_emit(x->ctx, DIAG_E1106, at, "tensor '%s' holds %zu bytes of data for %lld elements of %d bytes",
				  name, tp->raw_data.len, (long long)count, size);
			return false;
		}
		for (int64_t i = 0; i < count; i++)
			v[i] = raw_int(tp->raw_data.data + i * size, size, sgn);
	} else if (size == 8 && tp->n_int64_data == (size_t)count) {
		if (count)
			memcpy(v, tp->int64_data, (size_t)count * sizeof *v);
	} else if (size < 8 && tp->n_int32_data == (size_t)count) {
		for (int64_t i = 0; i < count; i++)
			v[i] = tp->int32_data[i];
	} else {
		diag_emit(x->ctx, DIAG_E1106, at, "tensor '%s' declares %lld elements but holds a different number",
			  name, (long long)count);
		return false;
	}
	t->val = v;
	t->nval = count;
	return true;
}

/* ---- The model. ---- */

/* Why protobuf-c could not decode the bytes: not protobuf at all (text, or a
   first byte that is no field of ModelProto), else truncated or corrupt. */
static void
report_undecodable(Ox *x, const Source *src)
{
	Span at = {x->file, 0, 0};
	size_t n = src->len < 512 ? src->len : 512;
	bool text = n > 0;
	for (size_t i = 0; i < n && text; i++) {
		unsigned char c = (unsigned char)src->text[i];
		text = (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
	}
	/* ModelProto's fields 1-8, 14, 20 (onnx.proto), as a first tag byte */
	static const unsigned char tags[] = {0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72, 0xa2};
	bool tag = false;
	for (size_t i = 0; i < sizeof tags && src->len; i++)
		tag |= (unsigned char)src->text[0] == tags[i];
	if (text) {
		Diag *d = diag_emit(x->ctx, DIAG_E1102, at, "'%s' is a text file, not an ONNX model", src->name);
		diag_hint(x->ctx, d, "an .mdf or MAESTRO file is compiled without --import");
	} else if (!tag) {
		diag_emit(x->ctx, DIAG_E1102, at, "'%s' is not an ONNX model: its first byte (0x%02x) starts no field of "
			  "an ONNX ModelProto", src->name, (unsigned char)src->text[0]);
	} else {
		Diag *d = diag_emit(x->ctx, DIAG_E1101, at, "'%s' could not be decoded as an ONNX model (%zu bytes): "
				    "the file is truncated or corrupt", src->name, src->len);
		diag_hint(x->ctx, d, "export the model again, or check the copy: protobuf-c rejected its encoding");
	}
}

static bool
check_model(Ox *x, const Onnx__ModelProto *m, const Source *src)
{
	Span at = {x->file, 0, 0};
	if (!m->graph || !m->has_ir_version) {
		diag_emit(x->ctx, DIAG_E1102, at, "'%s' is not an ONNX model: it has no %s", src->name,
			  !m->has_ir_version ? "IR version" : "graph");
		return false;
	}
	if (m->ir_version < 3) {
		Diag *d = diag_emit(x->ctx, DIAG_E1103, at, "'%s' has ONNX IR version %lld; the importer reads IR "
				    "version 3 and later", src->name, (long long)m->ir_version);
		diag_hint(x->ctx, d, "convert the model with onnx.version_converter to opset %d ... %d",
			  OX_OPSET_MIN, OX_OPSET_MAX);
		return false;
	}
	bool found = false;
	for (size_t i = 0; i < m->n_opset_import; i++) {
		const Onnx__OperatorSetIdProto *o = m->opset_import[i];
		if (!o->domain || !*o->domain || strcmp(o->domain, "ai.onnx") == 0) {
			found = true;
			x->opset = o->version;
		}
	}
	if (!found || x->opset < OX_OPSET_MIN || x->opset > OX_OPSET_MAX) {
		Diag *d;
		if (!found)
			d = diag_emit(x->ctx, DIAG_E1103, at, "'%s' imports no opset of the default ONNX domain", src->name);
		else
			d = diag_emit(x->ctx, DIAG_E1103, at, "'%s' uses ONNX opset %lld; the importer supports opsets %d to %d",
				      src->name, (long long)x->opset, OX_OPSET_MIN, OX_OPSET_MAX);
		diag_hint(x->ctx, d, "convert the model with onnx.version_converter to opset %d ... %d",
			  OX_OPSET_MIN, OX_OPSET_MAX);
		return false;
	}
	return true;
}

/* A graph input's static shape: from --input-shape, else the declared one
   (E1105 when a dimension is symbolic or missing). */
static bool
input_shape(Ox *x, const Onnx__ValueInfoProto *vi, const MdfOnnxShape *given, OxTensor *t)
{
	const char *name = vi->name;
	Span at = find_bytes(x, name);
	const Onnx__TensorShapeProto *sh = NULL;
	if (vi->type && vi->type->value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE && vi->type->tensor_type)
		sh = vi->type->tensor_type->shape;
	if (given) {
		if (sh && (int)sh->n_dim != given->rank) {
			diag_emit(x->ctx, DIAG_E1107, at, "--input-shape gives input '%s' %d dimensions; the model declares %zu",
				  name, given->rank, sh->n_dim);
			return false;
		}
		if (!check_dims(x, "input", name, given->dim, (size_t)given->rank, at))
			return false;
		t->known = true;
		t->rank = given->rank;
		memcpy(t->dim, given->dim, sizeof t->dim);
		return true;
	}
	if (!sh) {
		Diag *d = diag_emit(x->ctx, DIAG_E1105, at, "graph input '%s' declares no shape", name);
		diag_hint(x->ctx, d, "give it with --input-shape %s=1x3x224x224 (its real sizes)", name);
		return false;
	}
	int64_t d[OX_MAX_RANK];
	if (sh->n_dim > OX_MAX_RANK)
		return check_dims(x, "input", name, NULL, sh->n_dim, at);
	for (size_t i = 0; i < sh->n_dim; i++) {
		const Onnx__TensorShapeProto__Dimension *dm = sh->dim[i];
		if (dm->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE) {
			Diag *g = diag_emit(x->ctx, DIAG_E1105, at, "graph input '%s' has a dynamic dimension %zu (%s%s%s)",
					    name, i,
					    dm->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM ? "'" : "",
					    dm->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM
						    ? dm->dim_param : "no size",
					    dm->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM ? "'" : "");
			diag_hint(x->ctx, g, "give its static shape: --input-shape %s=DxDx...", name);
			return false;
		}
		d[i] = dm->dim_value;
	}
	if (!check_dims(x, "input", name, d, sh->n_dim, at))
		return false;
	t->known = true;
	t->rank = (int)sh->n_dim;
	memcpy(t->dim, d, sh->n_dim * sizeof *d);
	return true;
}

static bool
load_graph_tensors(Ox *x)
{
	const Onnx__GraphProto *g = x->graph;
	bool ok = true;
	for (size_t i = 0; i < g->n_initializer; i++) {
		const Onnx__TensorProto *tp = g->initializer[i];
		if (!tp->name)
			continue;
		OxTensor *t = ox_tensor_add(x, tp->name);
		if (!t)
			return false;
		ok &= ox_tensor_from_proto(x, tp, t, find_bytes(x, tp->name));
	}
	if (!ok)
		return false;
	/* --input-shape: each must name a graph input (the unnamed one: the first
	   input that is not an initializer) */
	const Onnx__ValueInfoProto *first = NULL;
	for (size_t i = 0; i < g->n_input && !first; i++)
		if (g->input[i]->name && !ox_tensor(x, g->input[i]->name))
			first = g->input[i];
	const MdfOnnxOptions *o = x->opt;
	for (uint32_t k = 0; o && k < o->nshapes; k++) {
		const char *want = o->shapes[k].name;
		bool hit = want ? false : first != NULL;
		for (size_t i = 0; i < g->n_input && want && !hit; i++)
			hit = g->input[i]->name && strcmp(g->input[i]->name, want) == 0;
		if (!hit) {
			Span at = {x->file, 0, 0};
			Diag *d = diag_emit(x->ctx, DIAG_E1107, at, "--input-shape names %s%s%s, which is not an input of the graph",
					    want ? "'" : "", want ? want : "no input", want ? "'" : "");
			if (first)
				diag_hint(x->ctx, d, "the graph's first input is '%s'", first->name);
			ok = false;
		}
	}
	if (!ok)
		return false;
	for (size_t i = 0; i < g->n_input; i++) {
		const Onnx__ValueInfoProto *vi = g->input[i];
		if (!vi->name || ox_tensor(x, vi->name))
			continue;           /* IR < 4 lists initializers as inputs too */
		const MdfOnnxShape *given = NULL;
		for (uint32_t k = 0; o && k < o->nshapes; k++)
			if (o->shapes[k].name ? strcmp(o->shapes[k].name, vi->name) == 0 : vi == first)
				given = &o->shapes[k];
		OxTensor *t = ox_tensor_add(x, vi->name);
		if (!t)
			return false;
		ok &= input_shape(x, vi, given, t);
	}
	for (size_t i = 0; i < g->n_value_info; i++)
		if (g->value_info[i]->name && !ox_map_put(x, &x->value_info, g->value_info[i]->name, g->value_info[i]))
			return false;
	for (size_t i = 0; i < g->n_output; i++)
		if (g->output[i]->name && !ox_map_put(x, &x->value_info, g->output[i]->name, g->output[i]))
			return false;
	return ok;
}

static bool
walk_graph(Ox *x)
{
	const Onnx__GraphProto *g = x->graph;
	/* the first error stops the walk: what follows would only repeat it */
	for (size_t i = 0; i < g->n_node; i++)
		if (!ox_infer_node(x, g->node[i]))
			return false;
	return true;
}

bool
mdf_onnx_import(MdfCtx *ctx, uint32_t file, const MdfOnnxOptions *opt, MdfBuf *out)
{
	if (file >= ctx->nsources)
		return false;
	Source *src = &ctx->sources[file];
	src->binary = true;
	Ox x;
	memset(&x, 0, sizeof x);
	x.ctx = ctx;
	x.file = file;
	x.opt = opt;
	Onnx__ModelProto *m = onnx__model_proto__unpack(NULL, src->len, (const uint8_t *)src->text);
	if (!m) {
		report_undecodable(&x, src);
		return false;
	}
	x.model = m;
	x.graph = m->graph;
	bool ok = check_model(&x, m, src) && load_graph_tensors(&x) && walk_graph(&x) && ox_emit(&x, out);
	onnx__model_proto__free_unpacked(m, NULL);
	return ok && !mdf_ctx_failed(ctx);
}
