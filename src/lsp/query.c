/*
** query.c: the language server's answers about a document's last analysis:
** hover, definition, document symbols, completion, code actions.
**
** Takes an analysed LspDoc (its ctx, the parsed files of its FileSet, its
** IR when elaboration succeeded), produces LSP result objects.  Positions
** are found in the syntax tree of the document's own file (every node has
** its span), values in the IR, costs from the cost model on the file's
** accelerator (its only Accelerator block, else the defaults).
*/
#include <string.h>
#include "mdfc/cost.h"
#include "lsp/lsp_int.h"

enum { MAXDEPTH = 128 };

/* The chain of nodes, outermost first, whose spans contain an offset. */
typedef struct Path {
	const AstNode *v[MAXDEPTH];
	int n;
} Path;

static size_t
kids(const AstNode *n, const AstNode **out, size_t max)
{
	size_t k = 0;
#define KID(x) do { if ((x) && k < max) out[k++] = (x); } while (0)
#define KIDS(l) do { for (uint32_t i_ = 0; i_ < (l).n; i_++) KID((l).v[i_]); } while (0)
	switch (n->kind) {
	case AST_UNARY: KID(n->u.unary.a); break;
	case AST_BINARY: KID(n->u.binary.a); KID(n->u.binary.b); break;
	case AST_COND: KID(n->u.cond.c); KID(n->u.cond.a); KID(n->u.cond.b); break;
	case AST_CALL: KIDS(n->u.call.args); break;
	case AST_INAME: KIDS(n->u.iname.parts); break;
	case AST_PARAM: KID(n->u.param.value); break;
	case AST_ENTRY: KID(n->u.entry.value); break;
	case AST_ACCEL: KIDS(n->u.accel.items); break;
	case AST_DFDEF: KIDS(n->u.dfdef.items); break;
	case AST_NETWORK: KID(n->u.network.name); KIDS(n->u.network.items); break;
	case AST_LAYER: KID(n->u.layer.name); KIDS(n->u.layer.items); break;
	case AST_FOR: KID(n->u.loop.lo); KID(n->u.loop.hi); KIDS(n->u.loop.items); break;
	case AST_DFUSE: KIDS(n->u.use.args); break;
	case AST_STRIDE: case AST_DIMS: case AST_DATAFLOW: KIDS(n->u.block.items); break;
	case AST_MAP: KID(n->u.map.size); KID(n->u.map.offset); break;
	case AST_CLUSTER: KID(n->u.cluster.size); KIDS(n->u.cluster.items); break;
	default: break;
	}
#undef KID
#undef KIDS
	return k;
}

static bool
inside(Span sp, uint32_t off)
{
	return off >= sp.lo && off <= sp.hi && sp.hi > sp.lo;
}

static void
find(const AstNode *n, uint32_t off, Path *p)
{
	if (!n || !inside(n->span, off) || p->n == MAXDEPTH)
		return;
	p->v[p->n++] = n;
	const AstNode *k[256];
	size_t nk = kids(n, k, 256);
	for (size_t i = 0; i < nk; i++)
		if (inside(k[i]->span, off)) {
			find(k[i], off, p);
			return;
		}
}

static const AstFile *
own_file(LspDoc *d)
{
	for (uint32_t i = 0; i < d->set.n; i++)
		if (d->set.files[i] && d->set.files[i]->file == d->file)
			return d->set.files[i];
	return NULL;
}

static Path
path_at(LspDoc *d, uint32_t off)
{
	Path p;
	p.n = 0;
	const AstFile *f = own_file(d);
	for (uint32_t i = 0; f && i < f->items.n; i++)
		if (f->items.v[i] && inside(f->items.v[i]->span, off)) {
			find(f->items.v[i], off, &p);
			break;
		}
	return p;
}

static const AstNode *
enclosing(const Path *p, AstKind k)
{
	for (int i = p->n - 1; i >= 0; i--)
		if (p->v[i]->kind == k)
			return p->v[i];
	return NULL;
}

static void
put_src(MdfBuf *b, MdfCtx *ctx, Span sp)
{
	if (sp.file < ctx->nsources && sp.hi <= ctx->sources[sp.file].len && sp.hi > sp.lo)
		buf_putn(b, ctx->sources[sp.file].text + sp.lo, sp.hi - sp.lo);
}

static void
put_where(MdfBuf *b, MdfCtx *ctx, Span sp)
{
	if (sp.file >= ctx->nsources)
		return;
	LineCol lc = mdf_ctx_linecol(ctx, sp.file, sp.lo);
	buf_printf(b, "%s:%u", ctx->sources[sp.file].name, lc.line);
}

/* Every top-level item of every loaded file, for names defined anywhere. */
static const AstNode *
find_def(LspDoc *d, AstKind kind, const char *name)
{
	for (uint32_t i = 0; i < d->set.n; i++) {
		const AstFile *f = d->set.files[i];
		for (uint32_t k = 0; f && k < f->items.n; k++) {
			const AstNode *n = f->items.v[k];
			if (!n || n->kind != kind)
				continue;
			const char *nm = kind == AST_PARAM ? n->u.param.name : kind == AST_DFDEF ? n->u.dfdef.name : NULL;
			if (nm && strcmp(nm, name) == 0)
				return n;
		}
	}
	return NULL;
}

/* The IR layers made from AST layer `al` (several in a for loop). */
static size_t
ir_layers_of(LspDoc *d, const AstNode *al, const IrLayer **out, size_t max)
{
	size_t k = 0;
	for (uint32_t i = 0; d->m && i < d->m->nnetworks; i++)
		for (uint32_t j = 0; j < d->m->networks[i].nlayers; j++) {
			const IrLayer *l = &d->m->networks[i].layers[j];
			if (l->span.file == al->span.file && l->span.lo == al->span.lo && k < max)
				out[k++] = l;
		}
	return k;
}

static void
hover_layer_cost(LspDoc *d, const AstNode *al, MdfBuf *b)
{
	const IrLayer *ls[8];
	size_t n = ir_layers_of(d, al, ls, 8);
	if (!n) {
		buf_puts(b, "no cost: the file has errors, or this layer was not elaborated");
		return;
	}
	buf_printf(b, "on %s (%lld PEs, %lld SIMD lanes, NoC %lld elements/cycle, off-chip %lld)\n",
		   d->hw.name ? d->hw.name : "the default accelerator", (long long)d->hw.num_pes,
		   (long long)d->hw.simd_lanes, (long long)d->hw.noc_bw, (long long)d->hw.offchip_bw);
	for (size_t i = 0; i < n; i++) {
		const IrLayer *l = ls[i];
		MdfCostOpts o = {0};
		MdfLayerCost c;
		memset(&c, 0, sizeof c);
		if (!l->valid || !mdf_cost_layer(d->ctx, l, &d->hw, &o, &c) || !c.ok) {
			buf_printf(b, "\n- `%s`: not costed (its mapping is rejected: see the diagnostics)\n", l->name);
			continue;
		}
		int64_t lanes = d->hw.num_pes * (d->hw.simd_lanes ? d->hw.simd_lanes : 1);
		int64_t bound = lanes ? (c.macs + lanes - 1) / lanes : 0;
		int64_t delivery = c.ingress_avg > c.egress_avg ? c.ingress_avg : c.egress_avg;
		buf_printf(b, "\n- `%s` %s: runtime **%lld** cycles, %lld MACs; "
			   "utilization %.1f%%; energy %.4g nJ\n"
			   "  bound: MACs / (PEs x SIMD) = %lld cycles (runtime is %.2fx that); %s\n",
			   l->name, ir_layer_type_name(l->type), (long long)c.runtime, (long long)c.macs,
			   100.0 * c.utilization, c.energy_nj, (long long)bound,
			   bound ? (double)c.runtime / (double)bound : 0.0,
			   delivery > c.compute_avg ? "limited by data delivery (NoC / off-chip)" : "limited by compute");
		if (c.over_l1 || c.over_l2 || c.over_noc_bw || c.over_offchip_bw)
			buf_printf(b, "  needs more%s%s%s%s than the accelerator has\n", c.over_l1 ? " L1" : "",
				   c.over_l2 ? " L2" : "", c.over_noc_bw ? " NoC bandwidth" : "",
				   c.over_offchip_bw ? " off-chip bandwidth" : "");
	}
	size_t total = 0;
	const IrLayer *all[1];
	for (uint32_t i = 0; d->m && i < d->m->nnetworks; i++)
		for (uint32_t j = 0; j < d->m->networks[i].nlayers; j++)
			total += d->m->networks[i].layers[j].span.lo == al->span.lo &&
				 d->m->networks[i].layers[j].span.file == al->span.file;
	(void)all;
	if (total > n)
		buf_printf(b, "\n(%zu more instances of this layer)\n", total - n);
}

/* The size of dimension `dim` in the layer(s) around the position. */
static void
hover_dim(LspDoc *d, const Path *p, const char *dim, MdfBuf *b)
{
	Dim di;
	if (!ir_dim_lookup(dim, &di)) {
		buf_printf(b, "`%s` is not a dimension", dim);
		return;
	}
	const AstNode *al = enclosing(p, AST_LAYER);
	if (!al) {
		buf_printf(b, "**%s**: in a dataflow definition, `Sz(%s)` is the size of %s in each layer that uses it", dim, dim, dim);
		return;
	}
	const IrLayer *ls[8];
	size_t n = ir_layers_of(d, al, ls, 8);
	buf_printf(b, "**%s** (dimension)", dim);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "\n- `%s`: %s = %lld", ls[i]->name, dim, (long long)ls[i]->dim[di]);
		if (ls[i]->dim_span[di].file < d->ctx->nsources) {
			buf_puts(b, ", from `");
			put_src(b, d->ctx, ls[i]->dim_span[di]);
			buf_puts(b, "` at ");
			put_where(b, d->ctx, ls[i]->dim_span[di]);
		} else {
			buf_puts(b, " (not declared: inferred)");
		}
	}
	if (!n)
		buf_puts(b, ": no value (the file has errors)");
}

static void
hover_name(LspDoc *d, const Path *p, const AstNode *nm, MdfBuf *b)
{
	const char *name = nm->u.name;
	for (int i = p->n - 1; i >= 0; i--) {
		const AstNode *n = p->v[i];
		if (n->kind == AST_FOR && strcmp(n->u.loop.var, name) == 0) {
			buf_printf(b, "**%s**: loop variable, `for ", name);
			put_src(b, d->ctx, n->u.loop.lo->span);
			buf_puts(b, "..");
			put_src(b, d->ctx, n->u.loop.hi->span);
			buf_puts(b, "` (upper bound excluded)");
			return;
		}
		if (n->kind == AST_DFDEF)
			for (uint32_t k = 0; k < n->u.dfdef.params.n; k++)
				if (strcmp(n->u.dfdef.params.v[k]->u.name, name) == 0) {
					buf_printf(b, "**%s**: parameter %u of dataflow `%s`: its value is the "
						   "argument of each `Dataflow: %s(...)`", name, k + 1, n->u.dfdef.name, n->u.dfdef.name);
					return;
				}
	}
	for (size_t i = 0; i < d->ctx->opt.ndefines; i++)
		if (strcmp(d->ctx->opt.defines[i].name, name) == 0)
			buf_printf(b, "**%s** = `%s`, from `-D %s=%s` on the server's command line\n\n", name,
				   d->ctx->opt.defines[i].value, name, d->ctx->opt.defines[i].value);
	const AstNode *def = find_def(d, AST_PARAM, name);
	if (!def) {
		buf_printf(b, "`%s`: not a param, loop variable or dataflow parameter", name);
		return;
	}
	buf_printf(b, "**%s** = `", name);
	put_src(b, d->ctx, def->u.param.value->span);
	if (def->u.param.value->kind != AST_NUM)
		buf_puts(b, "`");
	else
		buf_printf(b, "` (%lld)", (long long)def->u.param.value->u.num);
	buf_printf(b, "%s declared at ", def->u.param.value->kind == AST_NUM ? "," : ",");
	put_where(b, d->ctx, def->span);
}

static const char *
layer_type_doc(const char *t)
{
	static const struct { const char *t, *doc; } docs[] = {
		{"CONV", "convolution: K filters of C x R x S over a C x Y x X input"},
		{"DSCONV", "depthwise convolution: one R x S filter per channel (C), no reduction over channels"},
		{"NGCONV", "grouped convolution: G groups of K filters over C channels each"},
		{"GEMM", "matrix multiplication: (M x K) x (K x N)"},
		{"FC", "fully connected: a 1x1 CONV over a 1x1 input"},
		{"TRCONV", "transposed convolution: the stride dilates the input"},
		{"POOL", "pooling: a window R x S per channel, no weights"},
	};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		if (strcmp(docs[i].t, t) == 0)
			return docs[i].doc;
	return NULL;
}

static void
hover_directive(LspDoc *d, const Path *p, const AstNode *n, MdfBuf *b)
{
	/* the cluster level: how many Cluster directives come before it in its block */
	uint32_t level = 0;
	for (int i = p->n - 1; i > 0; i--) {
		const AstNode *blk = p->v[i - 1];
		const AstList *items = blk->kind == AST_DATAFLOW ? &blk->u.block.items
				     : blk->kind == AST_DFDEF ? &blk->u.dfdef.items
				     : blk->kind == AST_CLUSTER ? &blk->u.cluster.items : NULL;
		if (!items)
			continue;
		for (uint32_t k = 0; k < items->n && items->v[k] != p->v[i]; k++)
			if (items->v[k] && items->v[k]->kind == AST_CLUSTER)
				level++;
		if (blk->kind == AST_CLUSTER)
			level++;
	}
	if (n->kind == AST_CLUSTER) {
		buf_puts(b, "**Cluster(size, P)**: groups the units of this level into clusters of `size`; "
			 "the directives after it describe level ");
		buf_printf(b, "%u (inside one cluster), the ones before it level %u", level + 1, level);
		return;
	}
	buf_printf(b, "**%s(size, offset) %s** at level %u%s: ", n->u.map.spatial ? "SpatialMap" : "TemporalMap",
		   n->u.map.dim, level, level ? "" : " (the top)");
	if (n->u.map.spatial)
		buf_printf(b, "each unit of this level gets its own tile of `size` indices of %s, unit u "
			   "starting at u x offset; the tiles move on together each step", n->u.map.dim);
	else
		buf_printf(b, "every unit of this level gets the same tile of `size` indices of %s, "
			   "moved by `offset` each step", n->u.map.dim);
	buf_puts(b, " (`");
	put_src(b, d->ctx, n->span);
	buf_puts(b, "`)");
}

json_t *
lsp_hover(MdfLsp *s, LspDoc *d, uint32_t off)
{
	(void)s;
	Path p = path_at(d, off);
	if (!p.n)
		return json_null();
	MdfBuf b = {0};
	const AstNode *n = p.v[p.n - 1];
	Span range = n->span;
	switch (n->kind) {
	case AST_NAME:
		hover_name(d, &p, n, &b);
		break;
	case AST_CALL:
		if (strcmp(n->u.call.fn, "Sz") == 0 && n->u.call.args.n == 1 && n->u.call.args.v[0]->kind == AST_NAME)
			hover_dim(d, &p, n->u.call.args.v[0]->u.name, &b);
		else
			buf_printf(b.len ? &b : &b, "`%s(...)`: built-in function (Sz, min, max, cdiv)", n->u.call.fn);
		break;
	case AST_MAP:
		if (inside(n->u.map.dim_span, off)) {
			hover_dim(d, &p, n->u.map.dim, &b);
			range = n->u.map.dim_span;
		} else {
			hover_directive(d, &p, n, &b);
		}
		break;
	case AST_CLUSTER:
		hover_directive(d, &p, n, &b);
		break;
	case AST_ENTRY:
		if (p.n >= 2 && p.v[p.n - 2]->kind == AST_DIMS) {
			hover_dim(d, &p, n->u.entry.key, &b);
		} else {
			buf_printf(&b, "**%s** = `", n->u.entry.key);
			put_src(&b, d->ctx, n->u.entry.value ? n->u.entry.value->span : n->span);
			buf_puts(&b, "`");
		}
		break;
	case AST_TYPE: {
		const char *doc = layer_type_doc(n->u.type.name);
		buf_printf(&b, "**%s**: %s", n->u.type.name, doc ? doc : "not a layer type");
		break;
	}
	case AST_DFUSE: {
		const AstNode *def = find_def(d, AST_DFDEF, n->u.use.name);
		if (!def) {
			buf_printf(&b, "no dataflow named `%s`", n->u.use.name);
			break;
		}
		buf_printf(&b, "**Dataflow %s(", def->u.dfdef.name);
		for (uint32_t k = 0; k < def->u.dfdef.params.n; k++)
			buf_printf(&b, "%s%s", k ? ", " : "", def->u.dfdef.params.v[k]->u.name);
		buf_puts(&b, ")**, defined at ");
		put_where(&b, d->ctx, def->span);
		break;
	}
	case AST_IMPORT:
		for (uint32_t f = 0; f < d->ctx->nsources; f++)
			if (d->ctx->sources[f].from.file == d->file && d->ctx->sources[f].from.lo == n->u.import.path_span.lo)
				buf_printf(&b, "imports `%s`", d->ctx->sources[f].name);
		if (!b.len)
			buf_printf(&b, "`%s` is not loaded (see the diagnostics)", n->u.import.path);
		break;
	case AST_PARAM: {
		AstNode nm;
		memset(&nm, 0, sizeof nm);
		nm.kind = AST_NAME;
		nm.u.name = n->u.param.name;
		hover_name(d, &p, &nm, &b);
		break;
	}
	case AST_LAYER: case AST_INAME: case AST_TEXT: {
		const AstNode *al = enclosing(&p, AST_LAYER);
		if (!al)
			return json_null();
		buf_puts(&b, "**Layer `");
		put_src(&b, d->ctx, al->u.layer.name ? al->u.layer.name->span : al->span);
		buf_puts(&b, "`** ");
		hover_layer_cost(d, al, &b);
		range = al->u.layer.name ? al->u.layer.name->span : al->span;
		break;
	}
	default:
		break;
	}
	if (!b.len)
		return json_null();
	json_t *r = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", lsp_text(b.data),
			      "range", lsp_range(d->ctx, range));
	buf_free(&b);
	return r;
}

json_t *
lsp_definition(MdfLsp *s, LspDoc *d, uint32_t off)
{
	Path p = path_at(d, off);
	if (!p.n)
		return json_null();
	const AstNode *n = p.v[p.n - 1];
	if (n->kind == AST_IMPORT) {
		for (uint32_t f = 0; f < d->ctx->nsources; f++)
			if (d->ctx->sources[f].from.file == d->file && d->ctx->sources[f].from.lo == n->u.import.path_span.lo) {
				Span top = {f, 0, 0};
				return lsp_location(s, d, top);
			}
		return json_null();
	}
	if (n->kind == AST_DFUSE) {
		const AstNode *def = find_def(d, AST_DFDEF, n->u.use.name);
		return def ? lsp_location(s, d, def->u.dfdef.name_span) : json_null();
	}
	if (n->kind == AST_NAME) {
		for (int i = p.n - 1; i >= 0; i--) {
			const AstNode *m = p.v[i];
			if (m->kind == AST_FOR && strcmp(m->u.loop.var, n->u.name) == 0)
				return lsp_location(s, d, m->u.loop.var_span);
			if (m->kind == AST_DFDEF)
				for (uint32_t k = 0; k < m->u.dfdef.params.n; k++)
					if (strcmp(m->u.dfdef.params.v[k]->u.name, n->u.name) == 0)
						return lsp_location(s, d, m->u.dfdef.params.v[k]->span);
		}
		const AstNode *def = find_def(d, AST_PARAM, n->u.name);
		return def ? lsp_location(s, d, def->u.param.name_span) : json_null();
	}
	return json_null();
}

/* ---- symbols ---- */

static json_t *
symbol(LspDoc *d, const char *name, int kind, Span range, Span sel)
{
	return json_pack("{s:o,s:i,s:o,s:o}", "name", lsp_text(name && *name ? name : "(unnamed)"), "kind", kind,
			 "range", lsp_range(d->ctx, range), "selectionRange", lsp_range(d->ctx, sel));
}

static json_t *
name_symbol(LspDoc *d, const AstNode *n, const AstNode *name, int kind)
{
	MdfBuf b = {0};
	if (name)
		put_src(&b, d->ctx, name->span);
	json_t *j = symbol(d, b.data, kind, n->span, name ? name->span : n->span);
	buf_free(&b);
	return j;
}

static void
layer_symbols(LspDoc *d, const AstList *items, json_t *into)
{
	for (uint32_t i = 0; i < items->n; i++) {
		const AstNode *n = items->v[i];
		if (!n)
			continue;
		if (n->kind == AST_LAYER)
			json_array_append_new(into, name_symbol(d, n, n->u.layer.name, 23 /* Struct */));
		else if (n->kind == AST_FOR)
			layer_symbols(d, &n->u.loop.items, into);
	}
}

json_t *
lsp_symbols(MdfLsp *s, LspDoc *d)
{
	(void)s;
	json_t *r = json_array();
	const AstFile *f = own_file(d);
	for (uint32_t i = 0; f && i < f->items.n; i++) {
		const AstNode *n = f->items.v[i];
		if (!n)
			continue;
		switch (n->kind) {
		case AST_NETWORK: {
			json_t *sym = name_symbol(d, n, n->u.network.name, 2 /* Module */);
			json_t *ch = json_array();
			layer_symbols(d, &n->u.network.items, ch);
			json_object_set_new(sym, "children", ch);
			json_array_append_new(r, sym);
			break;
		}
		case AST_DFDEF: {
			json_t *sym = symbol(d, n->u.dfdef.name, 12 /* Function */, n->span, n->u.dfdef.name_span);
			MdfBuf b = {0};
			buf_putc(&b, '(');
			for (uint32_t k = 0; k < n->u.dfdef.params.n; k++)
				buf_printf(&b, "%s%s", k ? ", " : "", n->u.dfdef.params.v[k]->u.name);
			buf_putc(&b, ')');
			json_object_set_new(sym, "detail", lsp_text(b.data));
			buf_free(&b);
			json_array_append_new(r, sym);
			break;
		}
		case AST_PARAM:
			json_array_append_new(r, symbol(d, n->u.param.name, 14 /* Constant */, n->span, n->u.param.name_span));
			break;
		case AST_ACCEL:
			json_array_append_new(r, symbol(d, n->u.accel.name ? n->u.accel.name : "Accelerator",
							19 /* Object */, n->span,
							n->u.accel.name ? n->u.accel.name_span : n->span));
			break;
		default:
			break;
		}
	}
	return r;
}

/* ---- completion ---- */

static void
item(json_t *items, const char *label, int kind, const char *detail)
{
	json_t *j = json_pack("{s:o,s:i}", "label", lsp_text(label), "kind", kind);
	if (detail)
		json_object_set_new(j, "detail", lsp_text(detail));
	json_array_append_new(items, j);
}

json_t *
lsp_completion(MdfLsp *s, LspDoc *d, uint32_t off)
{
	(void)s;
	json_t *items = json_array();
	/* after `Type:` only layer types make sense */
	uint32_t ls = off;
	while (ls > 0 && d->text[ls - 1] != '\n')
		ls--;
	const char *line = d->text + ls;
	size_t n = off - ls;
	size_t k = n;
	while (k > 0 && (line[k - 1] == '_' || (line[k - 1] >= 'A' && line[k - 1] <= 'Z') ||
			 (line[k - 1] >= 'a' && line[k - 1] <= 'z') || (line[k - 1] >= '0' && line[k - 1] <= '9')))
		k--;
	while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t' || line[k - 1] == ':'))
		k--;
	bool after_type = k >= 4 && strncmp(line + k - 4, "Type", 4) == 0;
	for (int t = 0; t < LT__COUNT; t++)
		item(items, ir_layer_type_name((LayerType)t), 20 /* EnumMember */, layer_type_doc(ir_layer_type_name((LayerType)t)));
	if (after_type)
		return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items);
	static const char *const kw[] = {
		"Network", "Layer", "Type", "Stride", "Dimensions", "Dataflow", "TemporalMap",
		"SpatialMap", "Cluster", "Constant", "Accelerator", "param", "import", "for", "in",
	};
	for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
		item(items, kw[i], 14 /* Keyword */, NULL);
	static const char *const fns[] = {"Sz", "min", "max", "cdiv"};
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
		item(items, fns[i], 3 /* Function */, "built-in");
	/* the dimensions of the layer around the cursor, else all of them */
	Path p = path_at(d, off);
	const AstNode *al = enclosing(&p, AST_LAYER);
	const IrLayer *ls1[1];
	size_t nl = al ? ir_layers_of(d, al, ls1, 1) : 0;
	for (int di = 0; di < DIM__COUNT; di++) {
		if (nl && !ls1[0]->dim[di])
			continue;
		char detail[64];
		if (nl)
			snprintf(detail, sizeof detail, "dimension, %lld in this layer", (long long)ls1[0]->dim[di]);
		item(items, ir_dim_name((Dim)di), 5 /* Field */, nl ? detail : "dimension");
	}
	for (uint32_t i = 0; i < d->set.n; i++) {
		const AstFile *f = d->set.files[i];
		for (uint32_t j = 0; f && j < f->items.n; j++) {
			const AstNode *m = f->items.v[j];
			if (!m)
				continue;
			if (m->kind == AST_DFDEF) {
				MdfBuf b = {0};
				buf_printf(&b, "Dataflow %s(", m->u.dfdef.name);
				for (uint32_t q = 0; q < m->u.dfdef.params.n; q++)
					buf_printf(&b, "%s%s", q ? ", " : "", m->u.dfdef.params.v[q]->u.name);
				buf_putc(&b, ')');
				item(items, m->u.dfdef.name, 3 /* Function */, b.data);
				buf_free(&b);
			} else if (m->kind == AST_PARAM) {
				MdfBuf b = {0};
				buf_puts(&b, "param = ");
				put_src(&b, d->ctx, m->u.param.value->span);
				item(items, m->u.param.name, 21 /* Constant */, b.data);
				buf_free(&b);
			}
		}
	}
	return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items);
}

/* ---- code actions ---- */

json_t *
lsp_code_actions(MdfLsp *s, LspDoc *d, uint32_t lo, uint32_t hi)
{
	(void)s;
	json_t *r = json_array();
	for (size_t i = 0; i < d->ctx->diags.n; i++) {
		const Diag *g = &d->ctx->diags.items[i];
		if (g->span.file != d->file || !g->hint || g->span.hi < lo || g->span.lo > hi)
			continue;
		const char *a = strstr(g->hint, "did you mean `");
		const char *e = a ? strchr(a + 14, '`') : NULL;
		if (!e)
			continue;
		MdfBuf title = {0}, with = {0};
		buf_putn(&with, a + 14, (size_t)(e - a - 14));
		buf_printf(&title, "Replace with `%s`", with.data ? with.data : "");
		json_t *edit = json_pack("{s:o,s:o}", "range", lsp_range(d->ctx, g->span), "newText", lsp_text(with.data ? with.data : ""));
		json_t *changes = json_object();
		json_object_set_new(changes, d->uri, json_pack("[o]", edit));
		json_array_append_new(r, json_pack("{s:o,s:s,s:b,s:{s:o}}", "title", lsp_text(title.data), "kind", "quickfix",
						   "isPreferred", 1, "edit", "changes", changes));
		buf_free(&title);
		buf_free(&with);
	}
	return r;
}
