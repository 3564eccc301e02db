/*
** front.c: the front end's entry points (mdfc.h): mdf_front() loads a root
** file and its imports, and elaborates them once every file parsed cleanly
** (a file with syntax errors is not elaborated: its tree may be partial, and
** its errors would only cascade); mdf_emit_ast() prints one file's tree.
*/
#include "front/front.h"
#include <string.h>
#include "mdfc/mdfc.h"

IrModule *
mdf_front(MdfCtx *ctx, uint32_t file)
{
	Interner strs = {0};
	FileSet set = {0};
	if (file == SPAN_NOFILE || file >= ctx->nsources)
		return NULL;
	size_t before = ctx->diags.nerrors;
	if (!front_load(ctx, &strs, file, &set) || ctx->diags.nerrors > before)
		return NULL;
	IrModule *m = front_elaborate(ctx, &strs, &set);
	if (ctx->diags.nerrors > before)
		return NULL;
	return m;
}

/* Parsed once, elaborated many times (--sweep over params, docs/explore.md):
   the files and the interner that the front end's first run left. */
struct MdfParsed {
	Interner strs;
	FileSet set;
};

MdfParsed *
mdf_front_load(MdfCtx *ctx, uint32_t file)
{
	if (file == SPAN_NOFILE || file >= ctx->nsources)
		return NULL;
	MdfParsed *p = arena_alloc(ctx->arena, sizeof *p);
	size_t before = ctx->diags.nerrors;
	if (!p || !front_load(ctx, &p->strs, file, &p->set) || ctx->diags.nerrors > before)
		return NULL;
	return p;
}

IrModule *
mdf_front_elaborate(MdfCtx *ctx, const MdfParsed *p)
{
	/* Elaboration interns the -D names: into a copy of the table, so that
	   the caller's arena_release() leaves nothing dangling in `p`. */
	Interner strs = p->strs;
	if (strs.cap) {
		strs.slots = arena_array(ctx->arena, strs.cap, sizeof *strs.slots);
		if (!strs.slots)
			return NULL;
		memcpy(strs.slots, p->strs.slots, strs.cap * sizeof *strs.slots);
	}
	FileSet set = p->set;
	size_t before = ctx->diags.nerrors;
	IrModule *m = front_elaborate(ctx, &strs, &set);
	return ctx->diags.nerrors > before ? NULL : m;
}

bool
mdf_front_has_param(const MdfParsed *p, const char *name)
{
	for (uint32_t fi = 0; fi < p->set.n; fi++)
		for (uint32_t i = 0; i < p->set.files[fi]->items.n; i++) {
			const AstNode *n = p->set.files[fi]->items.v[i];
			if (n->kind == AST_PARAM && strcmp(n->u.param.name, name) == 0)
				return true;
		}
	return false;
}

bool
mdf_emit_ast(MdfCtx *ctx, uint32_t file, MdfBuf *out)
{
	Interner strs = {0};
	if (file == SPAN_NOFILE || file >= ctx->nsources)
		return false;
	size_t before = ctx->diags.nerrors;
	AstFile *f = front_parse(ctx, &strs, file);
	if (!f)
		return false;
	ast_dump_file(f, out);
	return ctx->diags.nerrors == before;
}
