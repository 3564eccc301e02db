/*
** front.c: the front end's entry points (mdfc.h): mdf_front() loads a root
** file and its imports, and elaborates them once every file parsed cleanly
** (a file with syntax errors is not elaborated: its tree may be partial, and
** its errors would only cascade); mdf_emit_ast() prints one file's tree.
*/
#include "front/front.h"
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
