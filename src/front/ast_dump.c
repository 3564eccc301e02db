/*
** ast_dump.c: the AST as indented text (--emit=ast).  Deterministic and
** position-free: two sources that differ only in layout print the same.
** Statements go one per line; expressions print inline in fully
** parenthesised infix form so precedence is visible.
*/
#include "front/front.h"

static void dump_list(const AstList *l, int ind, MdfBuf *out);

static void
dump_expr(const AstNode *e, MdfBuf *out)
{
	if (!e) {
		buf_puts(out, "<error>");
		return;
	}
	switch (e->kind) {
	case AST_NUM:
		buf_printf(out, "%lld", (long long)e->u.num);
		break;
	case AST_NAME:
		buf_puts(out, e->u.name);
		break;
	case AST_UNARY:
		buf_printf(out, "(%s", ast_op_text(e->u.unary.op));
		dump_expr(e->u.unary.a, out);
		buf_putc(out, ')');
		break;
	case AST_BINARY:
		buf_putc(out, '(');
		dump_expr(e->u.binary.a, out);
		buf_printf(out, " %s ", ast_op_text(e->u.binary.op));
		dump_expr(e->u.binary.b, out);
		buf_putc(out, ')');
		break;
	case AST_COND:
		buf_putc(out, '(');
		dump_expr(e->u.cond.c, out);
		buf_puts(out, " ? ");
		dump_expr(e->u.cond.a, out);
		buf_puts(out, " : ");
		dump_expr(e->u.cond.b, out);
		buf_putc(out, ')');
		break;
	case AST_CALL:
		buf_printf(out, "%s(", e->u.call.fn);
		for (uint32_t i = 0; i < e->u.call.args.n; i++) {
			if (i)
				buf_puts(out, ", ");
			dump_expr(e->u.call.args.v[i], out);
		}
		buf_putc(out, ')');
		break;
	default:
		buf_puts(out, "<error>");
		break;
	}
}

static void
dump_name(const AstNode *n, MdfBuf *out)
{
	if (!n || n->kind != AST_INAME) {
		buf_puts(out, "<unnamed>");
		return;
	}
	for (uint32_t i = 0; i < n->u.iname.parts.n; i++) {
		const AstNode *p = n->u.iname.parts.v[i];
		if (p->kind == AST_TEXT) {
			buf_puts(out, p->u.name);
		} else {
			buf_puts(out, "${");
			dump_expr(p, out);
			buf_putc(out, '}');
		}
	}
}

static void
indent(int ind, MdfBuf *out)
{
	for (int i = 0; i < ind; i++)
		buf_puts(out, "  ");
}

static void
dump_args(const AstList *l, MdfBuf *out)
{
	buf_putc(out, '(');
	for (uint32_t i = 0; i < l->n; i++) {
		if (i)
			buf_puts(out, ", ");
		dump_expr(l->v[i], out);
	}
	buf_putc(out, ')');
}

static void
dump_node(const AstNode *n, int ind, MdfBuf *out)
{
	indent(ind, out);
	switch (n->kind) {
	case AST_IMPORT:
		buf_puts(out, "Import ");
		buf_json_string(out, n->u.import.path);
		buf_putc(out, '\n');
		break;
	case AST_PARAM:
		buf_printf(out, "%s %s = ", n->u.param.constant ? "Constant" : "Param", n->u.param.name);
		dump_expr(n->u.param.value, out);
		buf_putc(out, '\n');
		break;
	case AST_ENTRY:
		buf_printf(out, "%s: ", n->u.entry.key);
		dump_expr(n->u.entry.value, out);
		buf_putc(out, '\n');
		break;
	case AST_ACCEL:
		buf_printf(out, "Accelerator %s\n", n->u.accel.name ? n->u.accel.name : "<anonymous>");
		dump_list(&n->u.accel.items, ind + 1, out);
		break;
	case AST_DFDEF:
		buf_printf(out, "DataflowDef %s(", n->u.dfdef.name);
		for (uint32_t i = 0; i < n->u.dfdef.params.n; i++)
			buf_printf(out, "%s%s", i ? ", " : "", n->u.dfdef.params.v[i]->u.name);
		buf_puts(out, ")\n");
		dump_list(&n->u.dfdef.items, ind + 1, out);
		break;
	case AST_NETWORK:
	case AST_LAYER: {
		bool net = n->kind == AST_NETWORK;
		buf_printf(out, "%s ", ast_kind_name(n->kind));
		dump_name(net ? n->u.network.name : n->u.layer.name, out);
		buf_putc(out, '\n');
		dump_list(net ? &n->u.network.items : &n->u.layer.items, ind + 1, out);
		break;
	}
	case AST_FOR:
		buf_printf(out, "For %s in ", n->u.loop.var);
		dump_expr(n->u.loop.lo, out);
		buf_puts(out, "..");
		dump_expr(n->u.loop.hi, out);
		buf_putc(out, '\n');
		dump_list(&n->u.loop.items, ind + 1, out);
		break;
	case AST_DFUSE:
		buf_printf(out, "DataflowUse %s", n->u.use.name);
		if (n->u.use.has_args)
			dump_args(&n->u.use.args, out);
		buf_putc(out, '\n');
		break;
	case AST_TYPE:
		buf_printf(out, "Type %s\n", n->u.type.name);
		break;
	case AST_STRIDE:
	case AST_DIMS:
	case AST_DATAFLOW:
	case AST_SEARCH:
		buf_printf(out, "%s\n", ast_kind_name(n->kind));
		dump_list(&n->u.block.items, ind + 1, out);
		break;
	case AST_MAP:
		buf_puts(out, n->u.map.spatial ? "SpatialMap(" : "TemporalMap(");
		dump_expr(n->u.map.size, out);
		buf_puts(out, ", ");
		dump_expr(n->u.map.offset, out);
		buf_printf(out, ") %s\n", n->u.map.dim ? n->u.map.dim : "<error>");
		break;
	case AST_CLUSTER:
		buf_puts(out, "Cluster(");
		dump_expr(n->u.cluster.size, out);
		if (n->u.cluster.type)
			buf_printf(out, ", %s", n->u.cluster.type);
		buf_puts(out, n->u.cluster.block ? ") {\n" : ")\n");
		if (n->u.cluster.block) {
			dump_list(&n->u.cluster.items, ind + 1, out);
			indent(ind, out);
			buf_puts(out, "}\n");
		}
		break;
	case AST_SITEM:
		buf_printf(out, "SearchItem %s", n->u.sitem.key);
		if (n->u.sitem.arg) {
			buf_putc(out, '(');
			dump_expr(n->u.sitem.arg, out);
			buf_putc(out, ')');
		}
		buf_puts(out, ":");
		if (n->u.sitem.family)
			buf_printf(out, " %s(", n->u.sitem.family);
		for (uint32_t i = 0; i < n->u.sitem.values.n; i++) {
			const AstNode *v = n->u.sitem.values.v[i];
			buf_puts(out, i ? ", " : n->u.sitem.family ? "" : " ");
			if (v && v->kind == AST_RANGE) {
				dump_expr(v->u.binary.a, out);
				buf_puts(out, "..");
				dump_expr(v->u.binary.b, out);
			} else {
				dump_expr(v, out);
			}
		}
		buf_puts(out, n->u.sitem.family ? ")\n" : "\n");
		break;
	default:
		buf_printf(out, "<%s>\n", ast_kind_name(n->kind));
		break;
	}
}

static void
dump_list(const AstList *l, int ind, MdfBuf *out)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i])
			dump_node(l->v[i], ind, out);
}

void
ast_dump_file(const AstFile *f, MdfBuf *out)
{
	buf_puts(out, "File\n");
	dump_list(&f->items, 1, out);
}
