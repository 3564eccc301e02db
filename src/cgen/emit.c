/*
** emit.c: lowering of normalized layers to compute-centric C
** (docs/loop-nest.md, docs/loop-nest.md).
**
** Takes: an IR module after mdf_passes (every level's directive list
** complete: inherited, unrolled and stride-adjusted directives present).
** Produces: one self-contained C11 program.  Per layer one function; per
** cluster level one loop per directive in directive order; the innermost
** body performs the MACs the ownership rule gives the unit.  The loops are
** built from the normalized directives (those are what the cost model
** iterates over, so iteration counts can be compared one to one); the
** directives as written appear in each loop's comment.
**
** Invariant: nothing from the input reaches the program except numbers,
** names from fixed tables, and layer/network names inside escaped string
** literals (every byte outside [A-Za-z0-9 _.,:;+=/()<>{}!#%&'*-] becomes an
** octal escape, so no quote, backslash, newline or trigraph survives).
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "mdfc/cgen.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "cgen_int.h"

_Static_assert(IR_MAX_LEVELS == 16, "runtime.c spells CG_MAXL 16 in the emitted program");

/* ---- Per loop-nest shape: the dimensions directives may map, the MAC
   space (output dimensions, then reductions) and each tensor's dimensions in
   row-major order.  A dimension's loop variable is its token in lower case
   (cgen_var); a tensor is indexed by the loop variables of its dimensions,
   except that a sliding input's Y and X are yp * strY + r and xp * strX + s
   (cgen_ten_index). ---- */

enum { NEST_CONV, NEST_DSCONV, NEST_NGCONV, NEST_GEMM, NEST_GEMM_BATCHED };

static const TypeDesc nests[] = {
	/* CONV, FC and TRCONV; TRCONV in gather form (docs/loop-nest.md section 2):
	   a stride-1 CONV over the input dilated by the declared stride
	   (normalization has made Y, X the dilated extents and the stride 1); the
	   reference nest scatters (Emit.trconv). */
	[NEST_CONV] = {7, {DIM_N, DIM_K, DIM_C, DIM_R, DIM_S, DIM_Y, DIM_X},
		       7, {DIM_N, DIM_K, DIM_YP, DIM_XP, DIM_C, DIM_R, DIM_S},
		       {4, 4, 4}, {{DIM_N, DIM_C, DIM_Y, DIM_X}, {DIM_K, DIM_C, DIM_R, DIM_S}, {DIM_N, DIM_K, DIM_YP, DIM_XP}},
		       true},
	[NEST_DSCONV] = {7, {DIM_N, DIM_K, DIM_C, DIM_R, DIM_S, DIM_Y, DIM_X},
			 7, {DIM_N, DIM_K, DIM_C, DIM_YP, DIM_XP, DIM_R, DIM_S},
			 {4, 3, 4}, {{DIM_N, DIM_C, DIM_Y, DIM_X}, {DIM_C, DIM_R, DIM_S}, {DIM_N, DIM_C, DIM_YP, DIM_XP}},
			 true},
	[NEST_NGCONV] = {8, {DIM_N, DIM_G, DIM_K, DIM_C, DIM_R, DIM_S, DIM_Y, DIM_X},
			 8, {DIM_N, DIM_G, DIM_K, DIM_YP, DIM_XP, DIM_C, DIM_R, DIM_S},
			 {5, 5, 5}, {{DIM_N, DIM_G, DIM_C, DIM_Y, DIM_X}, {DIM_G, DIM_K, DIM_C, DIM_R, DIM_S},
				     {DIM_N, DIM_G, DIM_K, DIM_YP, DIM_XP}},
			 true},
	[NEST_GEMM] = {3, {DIM_M, DIM_N, DIM_K},
		       3, {DIM_M, DIM_N, DIM_K},
		       {2, 2, 2}, {{DIM_M, DIM_K}, {DIM_K, DIM_N}, {DIM_M, DIM_N}},
		       false},
	/* Batched GEMM: G independent products, every tensor indexed by G. */
	[NEST_GEMM_BATCHED] = {4, {DIM_G, DIM_M, DIM_N, DIM_K},
			       4, {DIM_G, DIM_M, DIM_N, DIM_K},
			       {3, 3, 3}, {{DIM_G, DIM_M, DIM_K}, {DIM_G, DIM_K, DIM_N}, {DIM_G, DIM_M, DIM_N}},
			       false},
};

static const char *const tensor_const[3] = {"CG_IN", "CG_W", "CG_OUT"};

/* The loop nest of layer l's type; NULL for a type without one (POOL). */
static const TypeDesc *
type_desc(const IrLayer *l)
{
	switch (l->type) {
	case LT_CONV: case LT_FC: case LT_TRCONV: return &nests[NEST_CONV];
	case LT_DSCONV: return &nests[NEST_DSCONV];
	case LT_NGCONV: return &nests[NEST_NGCONV];
	case LT_GEMM: return &nests[l->dim[DIM_G] > 0 ? NEST_GEMM_BATCHED : NEST_GEMM];
	default: return NULL;
	}
}

const char *
cgen_var(Dim d)
{
	static const char *const var[DIM__COUNT] = {
		[DIM_N] = "n", [DIM_G] = "g", [DIM_K] = "k", [DIM_C] = "c", [DIM_M] = "m", [DIM_R] = "r",
		[DIM_S] = "s", [DIM_Y] = "y", [DIM_X] = "x", [DIM_YP] = "yp", [DIM_XP] = "xp",
	};
	return var[d];
}

const char *
cgen_ten_index(const TypeDesc *td, int t, int i)
{
	Dim d = td->ten[t][i];
	if (td->sliding && t == 0 && d == DIM_Y)
		return "yp * strY + r";
	if (td->sliding && t == 0 && d == DIM_X)
		return "xp * strX + s";
	return cgen_var(d);
}

/* ---- Text helpers. ---- */

void
cgen_sanitize(const char *prefix, const char *name, char *out, size_t cap)
{
	size_t n = 0;
	bool under = false;
	if (cap < 8) {
		if (cap)
			out[0] = 0;
		return;
	}
	for (const char *p = prefix ? prefix : ""; *p && n + 1 < cap; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		out[n++] = ok ? c : '_';
	}
	if (n == 0 || (out[0] >= '0' && out[0] <= '9'))
		n = 0, out[n++] = 'x', out[n++] = '_';
	under = out[n - 1] == '_';
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p && n + 1 < cap; p++) {
		unsigned char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (ok) {
			out[n++] = (char)c;
			under = false;
		} else if (!under) {
			out[n++] = '_';         /* runs of other bytes become one '_' */
			under = true;
		}
	}
	while (n > 1 && out[n - 1] == '_')
		n--;
	out[n] = 0;
}

/* A C string literal holding `s`: safe punctuation passes, everything else
   (quotes, backslashes, '?', control bytes, non-ASCII) becomes \ooo. */
/* The initializer of a char array holding s: a string literal, or for a
   name longer than the 4095 characters C11 promises a literal can hold
   (gcc -Wpedantic, clang -Woverlength-strings) a list of the byte values. */
#define C_MAX_LITERAL 4000
void
cgen_c_string(MdfBuf *b, const char *s)
{
	static const char safe[] = " _.,:;+=/()<>{}!#%&'*-[]^|~@$`";
	if (s && strlen(s) > C_MAX_LITERAL) {
		buf_puts(b, "{");
		for (size_t i = 0; s[i]; i++)
			buf_printf(b, "%s%u,", i % 16 ? " " : "\n\t", (unsigned char)s[i]);
		buf_puts(b, " 0\n}");
		return;
	}
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		unsigned c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  (c != 0 && strchr(safe, (int)c) != NULL);
		if (ok)
			buf_putc(b, (char)c);
		else
			buf_printf(b, "\\%03o", c);
	}
	buf_putc(b, '"');
}

void
cgen_line(Emit *e, const char *fmt, ...)
{
	char tmp[1024], *p = tmp;
	va_list ap;
	int n;
	for (int i = 0; i < e->ind; i++)
		buf_putc(e->b, '\t');
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0) {
		e->b->oom = true;
		return;
	}
	if ((size_t)n >= sizeof tmp) {          /* long line: format again, in full */
		p = arena_alloc(e->ctx->arena, (size_t)n + 1);
		if (!p) {
			e->b->oom = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	buf_puts(e->b, p);
	buf_putc(e->b, '\n');
}

/* A scratch buffer's text for line(); its running out of memory is the
   output's. */
const char *
cgen_buf_text(Emit *e, const MdfBuf *b)
{
	if (b->oom)
		e->b->oom = true;
	return b->data ? b->data : "";
}

static bool
in_loop_dims(const TypeDesc *td, Dim d)
{
	for (int i = 0; i < td->nloop; i++)
		if (td->loop[i] == d)
			return true;
	return false;
}

const IrDirective *
cgen_level_dir(const IrLevel *lv, Dim d)
{
	for (uint32_t j = 0; j < lv->ndirs; j++)
		if (lv->dirs[j].dim == d)
			return &lv->dirs[j];
	return NULL;
}

/* "TemporalMap(3,1) Y" plus where it came from. */
void
cgen_describe(char *out, size_t cap, const IrDirective *d, uint32_t lvl, uint32_t j, uint32_t n)
{
	const char *kind = d->kind == DIR_SPATIAL ? "SpatialMap" : "TemporalMap";
	int k = snprintf(out, cap, "level %u, directive %u of %u: %s(%lld,%lld) %s", lvl, j + 1, n,
			 kind, (long long)d->size, (long long)d->offset, ir_dim_name(d->dim));
	if (k < 0 || (size_t)k >= cap)
		return;
	switch (d->origin) {
	case ORIG_SOURCE:
		if (d->stride_adjusted)
			snprintf(out + k, cap - (size_t)k, "; written (%lld,%lld), stride-adjusted",
				 (long long)d->src_size, (long long)d->src_offset);
		break;
	case ORIG_INHERITED:
		snprintf(out + k, cap - (size_t)k, "; inferred: inherited from level %u%s", lvl ? lvl - 1 : 0,
			 d->stride_adjusted ? ", stride-adjusted" : "");
		break;
	case ORIG_UNROLLED:
		snprintf(out + k, cap - (size_t)k, "; inferred: %s never mapped, whole extent",
			 ir_dim_name(d->dim));
		break;
	case ORIG_CONVERTED:
		snprintf(out + k, cap - (size_t)k, "; written %s(%lld,%lld) %s, converted to input rows%s",
			 kind, (long long)d->src_size, (long long)d->src_offset, ir_dim_name(d->src_dim),
			 d->stride_adjusted ? " and stride-adjusted" : "");
		break;
	}
}

/* Axis 0 (Y) or 1 (X) of a reference dimension read in compressed rows. */
bool
cgen_compressed(const Emit *e, Dim d)
{
	return (d == DIM_Y && e->comp[0]) || (d == DIM_X && e->comp[1]);
}

/* The offset a map steps by: at the top, a compressed axis's (t*R, t*s)
   is read as (t*R, t*R); every other offset as written. */
int64_t
cgen_map_offset(const Emit *e, const IrDirective *d, uint32_t lvl)
{
	int i = d->dim == DIM_X;
	if (lvl != 0 || !cgen_compressed(e, d->dim) || d->offset % e->str[i] != 0)
		return d->offset;
	return d->offset / e->str[i] * e->rf[i];
}

/* Bounds of dim d's tile at level lvl-1 (the range level lvl tiles).  A
   compressed axis spans Y' * R compressed rows at the top (nYc). */
static void
parent_range(const Emit *e, char *lo, char *hi, size_t cap, Dim d, uint32_t lvl)
{
	if (lvl == 0) {
		snprintf(lo, cap, "0");
		snprintf(hi, cap, "n%s%s", ir_dim_tokens[d], cgen_compressed(e, d) ? "c" : "");
	} else {
		snprintf(lo, cap, "%s%u_lo", ir_dim_tokens[d], lvl - 1);
		snprintf(hi, cap, "%s%u_hi", ir_dim_tokens[d], lvl - 1);
	}
}

/* Lower and upper bounds of a tensor's box at level lvl, as C text. */
static void
box_args(Emit *e, int t, uint32_t lvl, MdfBuf *out, bool upper)
{
	buf_reset(out);
	buf_puts(out, "(const int64_t[]){");
	for (int i = 0; i < e->td->nten[t]; i++)
		buf_printf(out, "%s%s%u_%s", i ? ", " : "", ir_dim_tokens[e->td->ten[t][i]], lvl,
			   upper ? "hi" : "lo");
	buf_putc(out, '}');
}

/* Row-major index of tensor t (or of the MAC space when t < 0):
   ((i0 * n1 + i1) * n2 + i2) ... */
void
cgen_index_expr(Emit *e, int t, MdfBuf *out)
{
	int n = t < 0 ? e->td->nmac : e->td->nten[t];
	buf_reset(out);
	for (int i = 2; i < n; i++)
		buf_putc(out, '(');
	for (int i = 0; i < n; i++) {
		const char *ix = t < 0 ? cgen_var(e->td->mac[i]) : cgen_ten_index(e->td, t, i);
		Dim ext = t < 0 ? e->td->mac[i] : e->td->ten[t][i];
		if (i == 0)
			buf_puts(out, ix);
		else
			buf_printf(out, "%s * n%s + %s", i >= 2 ? ")" : "", ir_dim_tokens[ext], ix);
	}
}

/* The innermost loops and the MAC; ix[t]: tensor t's index, cx: the MAC
   space's. */
static void
emit_mac_loops(Emit *e, bool reference, const char *const ix[3], const char *cx)
{
	uint32_t last = e->nl - 1;
	if (reference && e->trconv) {
		/* scatter: real input pixel (y, x), the dilated input's element
		   (y*upY, x*upX), with tap (r, s) feeds output (y*upY - r,
		   x*upX - s) when that output is one of the valid ones */
		cgen_line(e, "for (int64_t n = 0; n < nN; n++)");
		cgen_line(e, "for (int64_t k = 0; k < nK; k++)");
		cgen_line(e, "for (int64_t c = 0; c < nC; c++)");
		cgen_line(e, "for (int64_t y = 0; y < nYin; y++)");
		cgen_line(e, "for (int64_t x = 0; x < nXin; x++)");
		cgen_line(e, "for (int64_t r = 0; r < nR; r++)");
		cgen_line(e, "for (int64_t s = 0; s < nS; s++) {");
		cgen_line(e, "\tconst int64_t yp = y * upY - r, xp = x * upX - s;");
		cgen_line(e, "\tif (yp < 0 || yp >= nYP || xp < 0 || xp >= nXP)");
		cgen_line(e, "\t\tcontinue; /* a border output: not computed */");
		cgen_line(e, "\tL->ref[((n * nK + k) * nYP + yp) * nXP + xp] += W[((k * nC + c) * nR + r) * nS + s] * "
		     "I[((n * nC + c) * nY + y * upY) * nX + x * upX];");
		cgen_line(e, "}");
		return;
	}
	for (int i = 0; i < e->td->nmac; i++) {
		Dim d = e->td->mac[i];
		const char *v = cgen_var(d);
		if (reference)
			cgen_line(e, "for (int64_t %s = 0; %s < n%s; %s++)", v, v, ir_dim_tokens[d], v);
		else
			cgen_line(e, "for (int64_t %s = %s%u_lo; %s < %s%u_hi; %s++)", v, ir_dim_tokens[d], last,
			     v, ir_dim_tokens[d], last, v);
	}
	if (reference) {
		cgen_line(e, "\tL->ref[%s] += W[%s] * I[%s];", ix[2], ix[1], ix[0]);
		return;
	}
	cgen_line(e, "{");
	cgen_line(e, "\tO[%s] += W[%s] * I[%s];", ix[2], ix[1], ix[0]);
	cgen_line(e, "\tcg_count(L, %s);", cx);
	cgen_line(e, "\tnm++;");
	cgen_line(e, "}");
}

static void
emit_mac_body(Emit *e, bool reference)
{
	MdfBuf b[4] = {{0}};                    /* tensors 0-2, then the MAC space */
	const char *ix[4];
	for (int t = 0; t < 4; t++) {
		cgen_index_expr(e, t < 3 ? t : -1, &b[t]);
		ix[t] = cgen_buf_text(e, &b[t]);
	}
	emit_mac_loops(e, reference, ix, ix[3]);
	for (int t = 0; t < 4; t++)
		buf_free(&b[t]);
}

/* Unit p<lvl>'s chunk of each SpatialMap (skipping a unit idle in this
   fold) and, for a sliding window, the outputs it owns; without comments
   for the test whether some unit of the step owns an output. */
static void
emit_unit_tiles(Emit *e, uint32_t lvl, int first_sp, bool comments)
{
	const IrLevel *lv = &e->l->levels[lvl];
	int64_t P = e->units[lvl];
	char lo[64], hi[64];
	if (first_sp < 0) {
		if (comments)
			cgen_line(e, "/* no SpatialMap at level %u: every unit holds the same tiles */", lvl);
	} else {
		cgen_line(e, "const int64_t ch%u = f%u_%d * %lld + p%u; /* this unit's chunk */", lvl, lvl, first_sp,
		     (long long)P, lvl);
		for (uint32_t j = (uint32_t)first_sp; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			if (d->kind != DIR_SPATIAL)
				continue;
			parent_range(e, lo, hi, sizeof lo, d->dim, lvl);
			int64_t off = cgen_map_offset(e, d, lvl);
			if ((int)j == first_sp)
				cgen_line(e, "if (ch%u >= nc%u_%u)", lvl, lvl, j);
			else
				cgen_line(e, "if (ch%u >= cg_trips(%s%s%s, %lld, %lld))", lvl, hi, lvl ? " - " : "", lvl ? lo : "",
				     (long long)d->size, (long long)off);
			cgen_line(e, "\tcontinue; /* idle in this fold */");
			cgen_line(e, "const int64_t %s%u_lo = %s%sch%u * %lld, %s%u_hi = cg_min(%s%u_lo + %lld, %s);",
			     ir_dim_tokens[d->dim], lvl, lvl ? lo : "", lvl ? " + " : "", lvl, (long long)off,
			     ir_dim_tokens[d->dim], lvl, ir_dim_tokens[d->dim], lvl, (long long)d->size, hi);
			if (!comments) /* the ownership test may not read them */
				cgen_line(e, "(void)%s%u_hi;", ir_dim_tokens[d->dim], lvl);
		}
	}
	if (e->td->sliding) {
		static const Dim ref[2] = {DIM_Y, DIM_X}, sl[2] = {DIM_R, DIM_S}, out[2] = {DIM_YP, DIM_XP};
		static const char *const strs[2][2] = {{"strY", "strX"}, {"nR", "nS"}};
		if (comments) {
			cgen_line(e, "/* output rows/columns owned: every level's window of its R (S) tile lies in its Y (X) tile, */");
			cgen_line(e, "/* intersected with the outputs the level above owns */");
		}
		for (int i = 0; i < 2; i++) {
			const char *const *str = strs[e->comp[i]];
			if (comments && e->comp[i] && lvl == 0)
				cgen_line(e, "/* %s in compressed rows: output j uses rows [j*%s, (j+1)*%s) */", ir_dim_name(ref[i]),
				     ir_dim_name(sl[i]), ir_dim_name(sl[i]));
			parent_range(e, lo, hi, sizeof lo, out[i], lvl);
			cgen_line(e, "const int64_t %s%u_lo = cg_max(%s, cg_cdiv(%s%u_lo - %s%u_lo, %s));",
			     ir_dim_tokens[out[i]], lvl, lo, ir_dim_tokens[ref[i]], lvl, ir_dim_tokens[sl[i]], lvl, str[i]);
			cgen_line(e, "const int64_t %s%u_hi = cg_min(%s, cg_fdiv(%s%u_hi - %s%u_hi, %s) + 1);",
			     ir_dim_tokens[out[i]], lvl, hi, ir_dim_tokens[ref[i]], lvl, ir_dim_tokens[sl[i]], lvl, str[i]);
		}
	}
}

static void
emit_level(Emit *e, uint32_t lvl)
{
	const IrLayer *l = e->l;
	const IrLevel *lv = &l->levels[lvl];
	const TypeDesc *td = e->td;
	int64_t P = e->units[lvl];
	char lo[64], hi[64], desc[256];
	int opened = 0;
	int first_sp = -1;

	if (lvl == 0)
		cgen_line(e, "/* ---- level 0 (top): %lld units ---- */", (long long)P);
	else
		cgen_line(e, "/* ---- level %u: Cluster(%lld, %c): each level-%u unit holds %lld units ---- */", lvl,
		     (long long)lv->cluster_size, lv->cluster_type ? lv->cluster_type : 'P', lvl - 1,
		     (long long)P);
	cgen_line(e, "int64_t step%u = 0;", lvl);
	for (int i = 0; i < td->nloop; i++) {
		Dim d = td->loop[i];
		if (cgen_level_dir(lv, d))
			continue;
		parent_range(e, lo, hi, sizeof lo, d, lvl);
		cgen_line(e, "const int64_t %s%u_lo = %s, %s%u_hi = %s; /* %s not mapped at level %u: %s */",
		     ir_dim_tokens[d], lvl, lo, ir_dim_tokens[d], lvl, hi, ir_dim_name(d), lvl,
		     lvl ? "the tile above" : "the whole extent");
	}
	for (uint32_t j = 0; j < lv->ndirs; j++) {
		const IrDirective *d = &lv->dirs[j];
		cgen_describe(desc, sizeof desc, d, lvl, j, lv->ndirs);
		parent_range(e, lo, hi, sizeof lo, d->dim, lvl);
		int64_t off = cgen_map_offset(e, d, lvl);
		if (off != d->offset)
			cgen_line(e, "/* compressed rows (R < stride, docs/ir.md 2.4): the top offset %lld = t * stride is read as t * R = %lld */",
			     (long long)d->offset, (long long)off);
		if (d->kind == DIR_TEMPORAL) {
			cgen_line(e, "for (int64_t t%u_%u = 0, nt%u_%u = cg_trips(%s%s%s, %lld, %lld); t%u_%u < nt%u_%u; t%u_%u++) {"
			     " /* %s */", lvl, j, lvl, j, hi, lvl ? " - " : "", lvl ? lo : "", (long long)d->size, (long long)off,
			     lvl, j, lvl, j, lvl, j, desc);
			e->ind++;
			opened++;
			cgen_line(e, "const int64_t %s%u_lo = %s%st%u_%u * %lld, %s%u_hi = cg_min(%s%u_lo + %lld, %s);",
			     ir_dim_tokens[d->dim], lvl, lvl ? lo : "", lvl ? " + " : "", lvl, j, (long long)off,
			     ir_dim_tokens[d->dim], lvl, ir_dim_tokens[d->dim], lvl, (long long)d->size, hi);
		} else if (first_sp < 0) {
			first_sp = (int)j;
			cgen_line(e, "for (int64_t f%u_%u = 0, nc%u_%u = cg_trips(%s%s%s, %lld, %lld); f%u_%u < cg_cdiv(nc%u_%u, %lld); f%u_%u++) {"
			     " /* %s; fold loop: chunks f*%lld .. f*%lld+%lld go to the units */",
			     lvl, j, lvl, j, hi, lvl ? " - " : "", lvl ? lo : "", (long long)d->size, (long long)off, lvl, j, lvl, j,
			     (long long)P, lvl, j, desc, (long long)P, (long long)P, (long long)(P - 1));
			e->ind++;
			opened++;
		} else {
			cgen_line(e, "/* %s; co-indexed with the SpatialMap above: unit p takes the same chunk */", desc);
		}
	}
	cgen_line(e, "cg_step(L, %u, fp%u, step%u); /* one step of level %u */", lvl, lvl, lvl, lvl);
	if (td->sliding) {
		/* a step in which no unit owns an output (a strided layer's
		   tail) moves no data: its units keep their tiles */
		cgen_line(e, "int own%u = 0; /* some unit of this step owns an output: else the units keep their tiles */", lvl);
		cgen_line(e, "for (int64_t p%u = 0; p%u < %lld && !own%u; p%u++) {", lvl, lvl, (long long)P, lvl, lvl);
		e->ind++;
		emit_unit_tiles(e, lvl, first_sp, false);
		cgen_line(e, "own%u = YP%u_lo < YP%u_hi && XP%u_lo < XP%u_hi;", lvl, lvl, lvl, lvl, lvl);
		e->ind--;
		cgen_line(e, "}");
	}
	if (first_sp >= 0)
		cgen_line(e, "for (int64_t p%u = 0; p%u < %lld; p%u++) { /* spatial: level %u's %lld units in parallel (SpatialMap %s, directive %d) */",
		     lvl, lvl, (long long)P, lvl, lvl, (long long)P, ir_dim_name(lv->dirs[first_sp].dim), first_sp + 1);
	else
		cgen_line(e, "for (int64_t p%u = 0; p%u < %lld; p%u++) { /* spatial: level %u's %lld units in parallel */",
		     lvl, lvl, (long long)P, lvl, lvl, (long long)P);
	e->ind++;
	if (lvl == 0)
		cgen_line(e, "const int64_t u0 = p0;");
	else
		cgen_line(e, "const int64_t u%u = u%u * %lld + p%u;", lvl, lvl - 1, (long long)P, lvl);
	emit_unit_tiles(e, lvl, first_sp, true);
	cgen_line(e, "cg_unit(L, %u);", lvl);
	if (td->sliding)
		cgen_line(e, "if (own%u) {", lvl);
	for (int t = 0; t < 3; t++) {
		MdfBuf lob = {0}, hib = {0};
		box_args(e, t, lvl, &lob, false);
		box_args(e, t, lvl, &hib, true);
		cgen_line(e, "%scg_hold(L, %u, u%u, fp%u, %s, %s, %s);", td->sliding ? "\t" : "", lvl, lvl, lvl,
		     tensor_const[t], cgen_buf_text(e, &lob), cgen_buf_text(e, &hib));
		buf_free(&lob);
		buf_free(&hib);
	}
	if (td->sliding)
		cgen_line(e, "}");
	if (lvl + 1 < e->nl) {
		cgen_line(e, "const int fp%u = fp%u && step%u == 0 && p%u == 0; /* first sub-tile handed down */",
		     lvl + 1, lvl, lvl, lvl);
		cgen_line(e, "{");
		e->ind++;
		emit_level(e, lvl + 1);
		e->ind--;
		cgen_line(e, "}");
		cgen_line(e, "cg_unit_end(L, %u, fp%u);", lvl, lvl + 1);
	} else {
		MdfBuf fps = {0};
		cgen_line(e, "/* the MACs this unit owns */");
		cgen_line(e, "int64_t nm = 0;");
		emit_mac_body(e, false);
		for (uint32_t i = 0; i < e->nl; i++)
			buf_printf(&fps, "%sfp%u", i ? ", " : "", i);
		cgen_line(e, "cg_macs(L, nm, (const int[]){%s});", cgen_buf_text(e, &fps));
		buf_free(&fps);
		cgen_line(e, "cg_unit_end(L, %u, 0);", lvl);
	}
	e->ind--;
	cgen_line(e, "}");
	cgen_line(e, "cg_step_end(L, %u, fp%u);", lvl, lvl);
	cgen_line(e, "step%u++;", lvl);
	while (opened-- > 0) {
		e->ind--;
		cgen_line(e, "}");
	}
	if (lvl > 0) {
		cgen_line(e, "if (fp%u) /* the first sub-tile is done */", lvl);
		cgen_line(e, "\tcg_drain_first(L, %u, u%u);", lvl, lvl - 1);
	}
}

/* The extent of each dimension the layer type uses (1 when not declared). */
bool
cgen_layer_extents(Emit *e, int64_t ext[DIM__COUNT], int64_t stride[2])
{
	const IrLayer *l = e->l;
	for (int d = 0; d < DIM__COUNT; d++) {
		ext[d] = l->dim[d] > 0 ? l->dim[d] : 0;
		if (!ext[d] && l->nlevels && l->levels[0].dims[d] > 0)
			ext[d] = l->levels[0].dims[d];
	}
	stride[0] = l->stride[DIM_Y] > 0 ? l->stride[DIM_Y] : 1;
	stride[1] = l->stride[DIM_X] > 0 ? l->stride[DIM_X] : 1;
	e->up[0] = e->up[1] = 1;
	if (e->trconv) {
		/* gather form: Y, X are the dilated extents normalization made
		   (the declared ones when the stride is 1), stride 1 */
		for (int i = 0; i < 2; i++) {
			Dim ref = i ? DIM_X : DIM_Y;
			e->up[i] = l->dilation[ref] > 0 ? l->dilation[ref] : 1;
			if (l->nlevels && l->levels[0].dims[ref] > 0)
				ext[ref] = l->levels[0].dims[ref];
		}
	}
	for (int i = 0; i < 2; i++) {
		Dim ref = i ? DIM_X : DIM_Y, sl = i ? DIM_S : DIM_R, out = i ? DIM_XP : DIM_YP;
		int64_t r = ext[sl] ? ext[sl] : 1, t;
		if (!ext[ref] && ext[out] && e->td->sliding) {
			/* only Y' declared: the input rows the outputs need */
			if (!ck_mul(ext[out] - 1, stride[i], &t) || !ck_add(t, r, &ext[ref]))
				return false;
		}
	}
	for (int i = 0; i < e->td->nloop; i++)
		if (!ext[e->td->loop[i]])
			ext[e->td->loop[i]] = 1;
	ext[DIM_YP] = ext[DIM_XP] = 0;
	if (e->td->sliding) {
		ext[DIM_YP] = ext[DIM_Y] >= ext[DIM_R] ? (ext[DIM_Y] - ext[DIM_R]) / stride[0] + 1 : 0;
		ext[DIM_XP] = ext[DIM_X] >= ext[DIM_S] ? (ext[DIM_X] - ext[DIM_S]) / stride[1] + 1 : 0;
	}
	/* R < stride: Y (X) is read in compressed rows (docs/ir.md 2.4) when
	   the top map was stride-adjusted, i.e. holds at least one window */
	for (int i = 0; i < 2; i++) {
		Dim ref = i ? DIM_X : DIM_Y, sl = i ? DIM_S : DIM_R;
		const IrDirective *top = l->nlevels ? cgen_level_dir(&l->levels[0], ref) : NULL;
		e->rf[i] = ext[sl];
		e->str[i] = stride[i];
		e->comp[i] = e->td->sliding && ext[sl] < stride[i] && ext[ref] >= ext[sl] && top &&
			     top->size >= ext[sl];
	}
	return true;
}

/* Checks what the lowering relies on; E0701 otherwise. */
bool
cgen_lowerable(Emit *e, const IrHw *hw)
{
	const IrLayer *l = e->l;
	MdfCtx *ctx = e->ctx;
	if (!e->td) {
		diag_emit(ctx, DIAG_E0701, l->type_span, "the loop-nest backend cannot lower %s layers",
			  ir_layer_type_name(l->type));
		return false;
	}
	if (l->nlevels == 0 || l->nlevels > CG_MAXL) {
		diag_emit(ctx, DIAG_E0701, l->dataflow_span,
			  "the loop-nest backend handles 1 to %d cluster levels, this layer has %u", CG_MAXL,
			  l->nlevels);
		return false;
	}
	if (l->type == LT_DSCONV && l->dim[DIM_K] > 1) {
		Diag *d = diag_emit(ctx, DIAG_E0701, l->dim_span[DIM_K],
				    "a depthwise (DSCONV) layer with K = %lld cannot be lowered: each input channel has one output channel",
				    (long long)l->dim[DIM_K]);
		diag_hint(ctx, d, "use K: 1 (or leave K out), or a grouped NGCONV layer");
		return false;
	}
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const IrLevel *lv = &l->levels[i];
		int nsp = 0;
		e->units[i] = ir_level_units(l, i, hw->num_pes);
		if (e->units[i] <= 0) {
			diag_emit(ctx, DIAG_E0701, lv->span,
				  "level %u has no units: the cluster sizes exceed the %lld PEs", i,
				  (long long)hw->num_pes);
			return false;
		}
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			if (!in_loop_dims(e->td, d->dim)) {
				diag_emit(ctx, DIAG_E0701, d->span,
					  "a directive on %s at level %u: a %s layer's loop nest has no such loop (the layer was not normalized?)",
					  ir_dim_name(d->dim), i, ir_layer_type_name(l->type));
				return false;
			}
			if (d->size <= 0 || d->offset <= 0) {
				diag_emit(ctx, DIAG_E0701, d->span, "map size and offset must be positive");
				return false;
			}
			for (uint32_t k = 0; k < j; k++)
				if (lv->dirs[k].dim == d->dim) {
					diag_emit(ctx, DIAG_E0701, d->span,
						  "a second directive on %s at level %u", ir_dim_name(d->dim), i);
					return false;
				}
			if (d->kind == DIR_SPATIAL && ++nsp > 2) {
				diag_emit(ctx, DIAG_E0701, d->span, "more than two SpatialMaps at level %u", i);
				return false;
			}
		}
	}
	return true;
}

bool
cgen_prepare(Emit *e, const IrHw *hw, int64_t ext[DIM__COUNT], int64_t stride[2])
{
	const IrLayer *l = e->l;
	e->td = type_desc(l);
	e->trconv = l->type == LT_TRCONV;
	e->nl = l->nlevels;
	if (!cgen_lowerable(e, hw))
		return false;
	if (!cgen_layer_extents(e, ext, stride)) {
		diag_emit(e->ctx, DIAG_E0701, l->dims_span, "the layer's output extent does not fit in 64 bits");
		return false;
	}
	if (e->td->sliding && (ext[DIM_YP] < 1 || ext[DIM_XP] < 1)) {
		diag_emit(e->ctx, DIAG_E0701, l->dims_span,
			  "the layer has no output rows or columns (Y < R or X < S)");
		return false;
	}
	return true;
}

static bool
emit_layer(Emit *e, const IrHw *hw, uint32_t ni, uint32_t li, int64_t *expect)
{
	const IrLayer *l = e->l;
	int64_t ext[DIM__COUNT], stride[2], macs = 1;
	int64_t simd = hw->simd_lanes > 0 ? hw->simd_lanes : 1;
	char fn[96], pre[32];
	MdfBuf a1 = {0};      /* scratch for comma-separated lists */

	if (!cgen_prepare(e, hw, ext, stride))
		return false;
	for (int i = 0; i < e->td->nmac; i++)
		if (!ck_mul(macs, ext[e->td->mac[i]], &macs)) {
			diag_emit(e->ctx, DIAG_E0701, l->dims_span, "the layer's MAC count does not fit in 64 bits");
			return false;
		}
	*expect = macs;

	snprintf(pre, sizeof pre, "layer_%u_%u_", ni, li);
	cgen_sanitize(pre, l->name, fn, 48);
	buf_printf(e->b, "\n/* ==== Network %u, layer %u (name in L%u_%u_NAME): %s, %u cluster level%s ==== */\n",
		   ni, li, ni, li, ir_layer_type_name(l->type), l->nlevels, l->nlevels == 1 ? "" : "s");
	buf_printf(e->b, "static const char L%u_%u_NAME[] = ", ni, li);
	cgen_c_string(e->b, l->name);
	buf_puts(e->b, ";\n\nstatic int\n");
	buf_printf(e->b, "%s(CgLayer *L, int64_t max_macs)\n{\n", fn);
	e->ind = 1;
	if (e->omit_over > 0 && macs > e->omit_over) {
		cgen_line(e, "/* more MACs than the limit: loop nest left out */");
		cgen_line(e, "cg_init(L, N%u_NAME, L%u_%u_NAME, \"%s\", %u, %u, INT64_C(%lld), 1);", ni, ni, li,
		     ir_layer_type_name(l->type), ni, li, (long long)macs);
		cgen_line(e, "(void)max_macs;");
		cgen_line(e, "L->skipped = 1;");
		cgen_line(e, "return 1;");
		buf_puts(e->b, "}\n");
		return true;
	}
	buf_reset(&a1);
	for (int i = 0; i < e->td->nloop; i++) {
		Dim d = e->td->loop[i];
		buf_printf(&a1, "%sn%s = %lld", i ? ", " : "", ir_dim_tokens[d], (long long)ext[d]);
	}
	cgen_line(e, "const int64_t %s;", cgen_buf_text(e, &a1));
	if (e->td->sliding) {
		cgen_line(e, "const int64_t strY = %lld, strX = %lld; /* strides */", (long long)stride[0],
		     (long long)stride[1]);
		cgen_line(e, "const int64_t nYP = %lld, nXP = %lld; /* output rows, columns: (Y - R) / stride + 1 */",
		     (long long)ext[DIM_YP], (long long)ext[DIM_XP]);
	}
	for (int i = 0; i < 2; i++)
		if (e->comp[i])
			cgen_line(e, "const int64_t n%sc = %lld; /* R < stride: %s read in compressed rows, %s' * %s of them (docs/ir.md 2.4) */",
			     i ? "X" : "Y", (long long)(ext[i ? DIM_XP : DIM_YP] * ext[i ? DIM_S : DIM_R]),
			     i ? "X" : "Y", i ? "X" : "Y", i ? "S" : "R");
	if (e->trconv)
		cgen_line(e, "const int64_t upY = %lld, upX = %lld, nYin = %lld, nXin = %lld; /* TRCONV: Y, X are the input dilated by up (up-1 zeros between pixels); nYin, nXin its real rows, columns */",
		     (long long)e->up[0], (long long)e->up[1], (long long)((ext[DIM_Y] - 1) / e->up[0] + 1),
		     (long long)((ext[DIM_X] - 1) / e->up[1] + 1));
	buf_reset(&a1);
	for (int i = 0; i < e->td->nmac; i++)
		buf_printf(&a1, "%s\"%s\"", i ? ", " : "", ir_dim_name(e->td->mac[i]));
	cgen_line(e, "static const char *const mac_dims[] = {%s};", cgen_buf_text(e, &a1));
	cgen_line(e, "cg_init(L, N%u_NAME, L%u_%u_NAME, \"%s\", %u, %u, INT64_C(%lld), %lld); /* ..., MACs, SIMD lanes */",
	     ni, ni, li, ir_layer_type_name(l->type), ni, li, (long long)macs, (long long)simd);
	cgen_line(e, "if (max_macs > 0 && INT64_C(%lld) > max_macs) {", (long long)macs);
	cgen_line(e, "\tL->skipped = 1; /* more MACs than the limit */");
	cgen_line(e, "\treturn 1;");
	cgen_line(e, "}");
	for (int t = 0; t < 3; t++) {
		buf_reset(&a1);
		for (int i = 0; i < e->td->nten[t]; i++)
			buf_printf(&a1, "%sn%s", i ? ", " : "", ir_dim_tokens[e->td->ten[t][i]]);
		cgen_line(e, "cg_tensor(L, %s, %d, (const int64_t[]){%s});", tensor_const[t], e->td->nten[t], cgen_buf_text(e, &a1));
	}
	if (e->trconv)
		cgen_line(e, "cg_dilate(L, upY, upX); /* zeros between the real input pixels */");
	buf_reset(&a1);
	for (int i = 0; i < e->td->nmac; i++)
		buf_printf(&a1, "%sn%s", i ? ", " : "", ir_dim_tokens[e->td->mac[i]]);
	cgen_line(e, "cg_macspace(L, %d, mac_dims, (const int64_t[]){%s});", e->td->nmac, cgen_buf_text(e, &a1));
	buf_reset(&a1);
	for (uint32_t i = 0; i < e->nl; i++)
		buf_printf(&a1, "%s%lld", i ? ", " : "", (long long)e->units[i]);
	cgen_line(e, "cg_levels(L, %u, (const int64_t[]){%s}); /* units per level */", e->nl, cgen_buf_text(e, &a1));
	cgen_line(e, "if (L->oom)");
	cgen_line(e, "\treturn 0;");
	cgen_line(e, "const int64_t *I = L->t[CG_IN].v, *W = L->t[CG_W].v;");
	cgen_line(e, "int64_t *O = L->t[CG_OUT].v;");
	cgen_line(e, "const int fp0 = 1; /* counters of the first sub-tile: at the top, the whole layer */");
	cgen_line(e, "{");
	e->ind++;
	emit_level(e, 0);
	e->ind--;
	cgen_line(e, "}");
	cgen_line(e, "cg_finish(L);");
	if (e->trconv)
		cgen_line(e, "/* reference: the transposed convolution in scatter form, restricted to the computed outputs */");
	else
		cgen_line(e, "/* reference: a plain loop nest over the whole layer */");
	emit_mac_body(e, true);
	cgen_line(e, "return cg_verify(L);");
	buf_puts(e->b, "}\n");
	buf_free(&a1);
	return true;
}

static bool
layer_emittable(const IrLayer *l)
{
	return l->normalized && l->valid;
}

bool
mdf_emit_c(MdfCtx *ctx, const IrModule *m, const IrHw *hw, const MdfCgenOpts *opts, MdfBuf *out)
{
	bool ok = true;
	uint32_t nemitted = 0;
	int64_t max_macs = opts ? opts->max_macs : 0;
	Emit e;
	memset(&e, 0, sizeof e);
	e.ctx = ctx;
	e.b = out;
	if (opts && opts->omit_skipped)
		e.omit_over = max_macs;

	buf_puts(out, "/*\n** Loop nests generated by mdfc from a data-centric mapping (docs/loop-nest.md).\n"
		      "** Compile: cc -std=c11 -O2 this.c; run: prints JSON on stdout, exit 1 when a\n"
		      "** layer skips or repeats MACs.\n*/\n");
	for (const char *const *p = cgen_runtime_lines; *p; p++) {
		buf_puts(out, *p);
		buf_putc(out, '\n');
	}
	for (uint32_t ni = 0; ni < m->nnetworks; ni++) {
		buf_printf(out, "\nstatic const char N%u_NAME[] = ", ni);
		cgen_c_string(out, m->networks[ni].name);
		buf_puts(out, ";\n");
	}
	MdfBuf calls = {0};
	for (uint32_t ni = 0; ni < m->nnetworks; ni++) {
		const IrNetwork *net = &m->networks[ni];
		for (uint32_t li = 0; li < net->nlayers; li++) {
			char fn[96], pre[32];
			int64_t expect = 0;
			size_t mark = out->len;
			e.l = &net->layers[li];
			if (!layer_emittable(e.l)) {
				buf_printf(out, "\n/* Network %u, layer %u: not valid, not lowered. */\n", ni, li);
				continue;
			}
			if (!emit_layer(&e, hw, ni, li, &expect)) {
				ok = false;
				out->len = mark;        /* drop the partial function */
				if (out->data)
					out->data[mark] = 0;
				buf_printf(out, "\n/* Network %u, layer %u: cannot be lowered (E0701). */\n", ni, li);
				continue;
			}
			snprintf(pre, sizeof pre, "layer_%u_%u_", ni, li);
			cgen_sanitize(pre, e.l->name, fn, 48);
			buf_printf(&calls, "\tbad |= cg_run(%s, %u, max_macs);\n", fn, nemitted ? 1u : 0u);
			nemitted++;
		}
	}
	buf_puts(out, "\nint\nmain(int argc, char **argv)\n{\n");
	buf_puts(out, "\tif (argc > 1) /* a progress file (mdfc --crosscheck on long runs) */\n"
		      "\t\tcg_progress = fopen(argv[1], \"w\");\n");
	buf_printf(out, "\tconst int64_t max_macs = INT64_C(%lld); /* 0: no limit */\n", (long long)max_macs);
	buf_puts(out, "\tint bad = 0;\n");
	buf_puts(out, "\tprintf(\"{\\\"program\\\":\\\"mdfc-loopnest\\\",\\\"version\\\":1,\\\"layers\\\":[\");\n");
	if (calls.data)
		buf_puts(out, calls.data);
	buf_puts(out, "\tprintf(\"]}\\n\");\n");
	buf_puts(out, "\t(void)max_macs;\n");
	for (uint32_t ni = 0; ni < m->nnetworks; ni++)
		buf_printf(out, "\t(void)N%u_NAME;\n", ni);
	buf_puts(out, "\treturn bad;\n}\n");
	if (calls.oom)
		out->oom = true;
	buf_free(&calls);
	return ok;
}
