/*
** onnx_emit.c: the .mdf text of an imported model (docs/onnx.md): layer
** names made from the graph's node names, and one Network whose layers use
** the standard library's dataflows and accelerator, with sizes written so
** that SCALE_DIV and CH_DIV (networks/common.mdf) scale them down.
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "onnx_int.h"

/* In conv_select's / gemm_select's numbering (stdlib/dataflows/select.mdf). */
static const char *const dataflow_names[] = MDF_ONNX_DATAFLOW_NAMES;

/* --dataflow's number in conv_select, or 0 for the DATAFLOW param. */
static int
dataflow_id(const Ox *x)
{
	for (int i = 0; x->opt && x->opt->dataflow && dataflow_names[i]; i++)
		if (strcmp(dataflow_names[i], x->opt->dataflow) == 0)
			return i + 1;
	return 0;
}

#define NAME_MAX_LEN 96

static bool
is_keyword(const char *s)
{
	static const char *const kw[] = {
		"Network", "Layer", "Type", "Stride", "Dimensions", "Dataflow", "TemporalMap", "SpatialMap",
		"Cluster", "Constant", "Accelerator", "param", "import", "for", "in",
	};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) {
		size_t k = 0;
		while (kw[i][k] && s[k] && tolower((unsigned char)kw[i][k]) == tolower((unsigned char)s[k]))
			k++;
		if (!kw[i][k] && !s[k])
			return true;
	}
	return false;
}

/* A name the .mdf lexer reads as one NAME: letters, digits and '_', not
   starting with a digit, no keyword in any case.  Runs of other bytes
   become one '_'; leading and trailing ones are dropped. */
static void
sanitize(const char *in, char *out, size_t cap)
{
	size_t k = 0;
	bool gap = false;
	for (const unsigned char *p = (const unsigned char *)in; *p && k + 2 < cap; p++) {
		if (isalnum(*p) && *p < 0x80) {
			if (gap && k)
				out[k++] = '_';
			gap = false;
			if (k == 0 && isdigit(*p))
				out[k++] = 'n';
			out[k++] = (char)*p;
		} else {
			gap = true;     /* '_' too: runs collapse */
		}
	}
	out[k] = 0;
}

const char *
ox_layer_name(Ox *x, const Onnx__NodeProto *n, uint32_t index)
{
	char base[NAME_MAX_LEN + 1];
	sanitize(n->name ? n->name : "", base, sizeof base);
	if (!base[0]) {
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%s_%u", n->op_type ? n->op_type : "layer", index);
		sanitize(tmp, base, sizeof base);
	}
	if (is_keyword(base)) {
		size_t l = strlen(base);
		base[l] = '_';
		base[l + 1] = 0;
	}
	const char *name = arena_strdup(x->ctx->arena, base);
	for (uint32_t k = 2; name && ox_map_get(&x->names, name); k++)
		name = arena_printf(x->ctx->arena, "%s_%u", base, k);
	if (!name || !ox_map_put(x, &x->names, name, (void *)name))
		return NULL;
	return name;
}

/* A spatial input size: cdiv(H, SCALE_DIV) plus the padding, never below
   the window R (so that every SCALE_DIV gives a valid layer). */
static void
put_spatial(MdfBuf *b, const char *dim, int64_t h, int64_t pad, int64_t r)
{
	char base[64];
	if (h == 1)
		snprintf(base, sizeof base, "1");
	else
		snprintf(base, sizeof base, "cdiv(%lld, SCALE_DIV)", (long long)h);
	char sum[96];
	if (pad)
		snprintf(sum, sizeof sum, "%s + %lld", base, (long long)pad);
	else
		snprintf(sum, sizeof sum, "%s", base);
	if (h == 1 ? 1 + pad >= r : pad >= r - 1)
		buf_printf(b, ", %s: %s", dim, sum);
	else
		buf_printf(b, ", %s: max(%s, %lld)", dim, sum, (long long)r);
}

static void
put_channels(MdfBuf *b, const char *dim, int64_t c, bool first)
{
	if (c == 1)
		buf_printf(b, "%s%s: 1", first ? "" : ", ", dim);
	else
		buf_printf(b, "%s%s: cdiv(%lld, CH_DIV)", first ? "" : ", ", dim, (long long)c);
}

static void
put_layer(Ox *x, MdfBuf *b, const OxLayer *l)
{
	buf_printf(b, "\tLayer %s {\n\t\tType: %s;\n", l->name, ir_layer_type_name(l->type));
	if (l->type != LT_GEMM && l->type != LT_FC && (l->sy != 1 || l->sx != 1))
		buf_printf(b, "\t\tStride { X: %lld, Y: %lld }\n", (long long)l->sx, (long long)l->sy);
	buf_puts(b, "\t\tDimensions { ");
	bool first = true;
	if (l->type != LT_GEMM && l->n > 1) {
		buf_printf(b, "N: %lld", (long long)l->n);
		first = false;
	}
	switch (l->type) {
	case LT_GEMM:
		if (l->g > 1) {
			buf_printf(b, "G: %lld, ", (long long)l->g);
		}
		if (l->gm == 1)
			buf_puts(b, "M: 1");
		else
			buf_printf(b, "M: cdiv(%lld, SCALE_DIV)", (long long)l->gm);
		put_channels(b, "N", l->gn, false);
		put_channels(b, "K", l->gk, false);
		break;
	case LT_FC:
		put_channels(b, "K", l->k, first);
		put_channels(b, "C", l->c, false);
		buf_puts(b, ", R: 1, S: 1, Y: 1, X: 1");
		break;
	case LT_DSCONV:
		put_channels(b, "C", l->c, first);
		break;
	case LT_NGCONV:
		buf_printf(b, "%sG: %lld", first ? "" : ", ", (long long)l->g);
		put_channels(b, "K", l->k, false);
		put_channels(b, "C", l->c, false);
		break;
	default:
		put_channels(b, "K", l->k, first);
		put_channels(b, "C", l->c, false);
		break;
	}
	if (l->type != LT_GEMM && l->type != LT_FC) {
		buf_printf(b, ", R: %lld, S: %lld", (long long)l->r, (long long)l->s);
		if (l->type == LT_TRCONV) {
			/* the dilated input (Y - 1) * stride + 1 must cover the kernel */
			put_spatial(b, "Y", l->y, 0, l->sy > 1 ? (l->r - 1 + l->sy - 1) / l->sy + 1 : l->r);
			put_spatial(b, "X", l->x, 0, l->sx > 1 ? (l->s - 1 + l->sx - 1) / l->sx + 1 : l->s);
		} else {
			put_spatial(b, "Y", l->y, l->py, l->r);
			put_spatial(b, "X", l->x, l->px, l->s);
		}
	}
	buf_puts(b, " }\n");
	int id = dataflow_id(x);
	if (l->type == LT_GEMM) {
		if (id)
			buf_printf(b, "\t\tDataflow: gemm_select(%d);\n", id);
		else
			buf_puts(b, "\t\tDataflow: gemm_select(GEMM_DATAFLOW);\n");
	} else if (l->type == LT_DSCONV) {
		buf_puts(b, "\t\tDataflow: depthwise(DEPTHWISE_TX);\n");
	}
	buf_puts(b, "\t}\n");
}

/* Digits grouped by thousands, for the comments. */
const char *
ox_grouped(Ox *x, int64_t v)
{
	char d[32], o[48];
	int n = snprintf(d, sizeof d, "%lld", (long long)v), k = 0;
	for (int i = 0; i < n; i++) {
		if (i && d[i - 1] != '-' && (n - i) % 3 == 0)
			o[k++] = ',';
		o[k++] = d[i];
	}
	o[k] = 0;
	return arena_strdup(x->ctx->arena, o);
}

/* A comment line with no line breaks in it (names come from the file). */
static void
put_comment(MdfBuf *b, const char *indent, const char *text)
{
	buf_printf(b, "%s// ", indent);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		buf_putc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
	buf_putc(b, '\n');
}

bool
ox_emit(Ox *x, MdfBuf *out)
{
	const Source *src = &x->ctx->sources[x->file];
	const char *base = strrchr(src->name, '/');
	base = base ? base + 1 : src->name;
	char net[NAME_MAX_LEN + 1];
	sanitize(x->graph->name ? x->graph->name : "", net, sizeof net);
	if (!net[0] || is_keyword(net))
		snprintf(net, sizeof net, "onnx_model");
	const char *acc = x->opt && x->opt->accelerator ? x->opt->accelerator : "edge";

	MdfBuf b = {0};
	char line[512];
	snprintf(line, sizeof line, "%s: imported from ONNX by mdfc --import=onnx (docs/onnx.md).", base);
	put_comment(&b, "", line);
	const char *pv = x->model->producer_version ? x->model->producer_version : "";
	snprintf(line, sizeof line, "Producer %s%s%s, IR version %lld, opset %lld; graph '%s'.",
		 x->model->producer_name && *x->model->producer_name ? x->model->producer_name : "(none)",
		 *pv ? " " : "", pv, (long long)x->model->ir_version,
		 (long long)x->opset, x->graph->name ? x->graph->name : "");
	put_comment(&b, "", line);
	/* the data inputs; exporters without weights list every weight as an input too */
	uint32_t shown = 0, more = 0;
	for (size_t i = 0; i < x->graph->n_input; i++) {
		const OxTensor *t = ox_tensor(x, x->graph->input[i]->name);
		if (!t || t->is_const)
			continue;
		if (shown++ < 3) {
			snprintf(line, sizeof line, "Input %s: %s.", t->name, ox_shape_str(x, t));
			put_comment(&b, "", line);
		} else {
			more++;
		}
	}
	if (more) {
		snprintf(line, sizeof line, "... and %u more inputs (weights given as inputs).", more);
		put_comment(&b, "", line);
	}
	if (x->macs_overflow)
		snprintf(line, sizeof line, "%u layers; their MAC total does not fit in 64 bits.", x->nlayers);
	else
		snprintf(line, sizeof line, "%u layers, %s MACs at SCALE_DIV = CH_DIV = 1.", x->nlayers,
			 ox_grouped(x, x->total_macs));
	put_comment(&b, "", line);
	buf_puts(&b,
		 "//\n"
		 "// Y and X are input sizes including the zero padding (MAESTRO's convention).\n"
		 "// Spatial sizes are cdiv(SIZE, SCALE_DIV) and channel counts cdiv(COUNT, CH_DIV),\n"
		 "// so -D SCALE_DIV=8 -D CH_DIV=8 gives a small copy of the same layers\n"
		 "// (networks/common.mdf). Operators without MACs are the comments between layers.\n"
		 "\n"
		 "import \"networks/common.mdf\";\n");
	buf_printf(&b, "import \"accelerators/%s.mdf\";\n\n", acc);
	buf_printf(&b, "Network %s {\n", net);
	int id = dataflow_id(x);
	if (id)
		buf_printf(&b, "\tDataflow: conv_select(%d);   // %s\n", id, x->opt->dataflow);
	else
		buf_puts(&b, "\tDataflow: conv_select(DATAFLOW);\n");
	for (uint32_t i = 0; i < x->nitems; i++) {
		const OxItem *it = &x->items[i];
		if (it->is_layer)
			buf_putc(&b, '\n');
		put_comment(&b, "\t", it->comment);
		if (it->is_layer)
			put_layer(x, &b, &it->layer);
	}
	buf_puts(&b, "}\n");
	if (x->nlayers == 0) {
		Span at = {x->file, 0, 0};
		diag_emit(x->ctx, DIAG_W1103, at, "'%s' has no Conv, ConvTranspose, Gemm or MatMul node the importer "
			  "maps to a layer: the network is empty", src->name);
	}
	bool ok = !b.oom;
	if (ok)
		buf_putn(out, b.data ? b.data : "", b.len);
	buf_free(&b);
	return ok;
}
