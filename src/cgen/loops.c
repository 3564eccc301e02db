/*
** loops.c: --emit=loops, the compute-centric loop nest of each layer as
** short, readable C (docs/loop-nest.md §7).
**
** The same lowering as the checking program of emit.c (its tables,
** extents, ownership rule and compressed rows are shared through
** cgen_int.h), written for a person: one loop per directive that can
** iterate more than once (a directive whose tile holds its whole range is
** left out and said so in its level's comment), spatial loops marked
** `spatial over P PEs`, bounds as expressions of the layer's dimensions,
** no counters, lines under 100 characters.  The chunks of a SpatialMap
** are visited in order; which unit runs which chunk (chunk mod P, in
** folds) is in the comment: the output does not depend on the order.
** A main() (left out with -DMDFC_LOOPS_NO_MAIN) fills the tensors as the
** checking program does and prints each layer's output checksum, the
** "output_checksum" of the checking program's JSON.
**
** Names from the input reach the text only through cgen_sanitize.
*/
#include <stdio.h>
#include <string.h>
#include "mdfc/cgen.h"
#include "mdfc/checked.h"
#include "mdfc/diag.h"
#include "cgen_int.h"

#define LOOPS_WIDTH 99          /* longest line, in bytes */

/* One layer's nest being written. */
typedef struct Nest {
	Emit *e;
	char lo[DIM__COUNT][48], hi[DIM__COUNT][48];    /* current range of each dim */
	int64_t ext[DIM__COUNT];        /* largest extent of that range */
	bool uses_tiles, uses_div;
} Nest;

/* code, with " /+ comment +/" after it when the line stays short enough,
   else the comment on a line of its own above it. */
static void
put(Emit *e, const char *code, const char *comment)
{
	size_t w = (size_t)e->ind + strlen(code);
	if (comment && *comment && w + strlen(comment) + 7 <= LOOPS_WIDTH) {
		cgen_line(e, "%s /* %s */", code, comment);
		return;
	}
	if (comment && *comment)
		cgen_line(e, "/* %s */", comment);
	cgen_line(e, "%s", code);
}

static void
lower_token(char *out, size_t cap, Dim d, uint32_t lvl)
{
	snprintf(out, cap, "%s%u", cgen_var(d), lvl);
}

/* "HI - LO", or "HI" when LO is 0. */
static void
span_text(char *out, size_t cap, const Nest *s, Dim d)
{
	if (strcmp(s->lo[d], "0") == 0)
		snprintf(out, cap, "%s", s->hi[d]);
	else
		snprintf(out, cap, "%s - %s", s->hi[d], s->lo[d]);
}

/* The loop of one directive over the current range of its dimension;
   `index` (spatial maps co-indexed with another): over chunk numbers. */
static void
dir_loop(Nest *s, const IrDirective *d, uint32_t lvl, int64_t off, const char *comment, const char *index)
{
	Emit *e = s->e;
	Dim v = d->dim;
	char var[24], code[512], span[80];
	lower_token(var, sizeof var, v, lvl);
	span_text(span, sizeof span, s, v);
	if (index) {
		s->uses_tiles = true;
		snprintf(code, sizeof code, "for (int64_t %s = 0; %s < tiles(%s, %lld, %lld); %s++) {", index,
			 index, span, (long long)d->size, (long long)off, index);
		put(e, code, comment);
		e->ind++;
		snprintf(code, sizeof code, "const int64_t %s = %s%s%s * %lld;", var,
			 strcmp(s->lo[v], "0") ? s->lo[v] : "", strcmp(s->lo[v], "0") ? " + " : "", index,
			 (long long)off);
		put(e, code, NULL);
	} else if (d->size == off) {
		snprintf(code, sizeof code, "for (int64_t %s = %s; %s < %s; %s += %lld) {", var, s->lo[v], var,
			 s->hi[v], var, (long long)off);
		put(e, code, comment);
		e->ind++;
	} else {
		/* overlapping (or gapped) tiles: as many as reach the end */
		s->uses_tiles = true;
		char step[32] = "";
		if (off != 1)
			snprintf(step, sizeof step, "%lld * ", (long long)off);
		snprintf(code, sizeof code, "for (int64_t %s = %s; %s < %s%s%stiles(%s, %lld, %lld); %s += %lld) {",
			 var, s->lo[v], var, strcmp(s->lo[v], "0") ? s->lo[v] : "", strcmp(s->lo[v], "0") ? " + " : "",
			 step, span, (long long)d->size, (long long)off, var, (long long)off);
		put(e, code, comment);
		e->ind++;
	}
	char end[40];
	snprintf(end, sizeof end, "%s_end", var);
	snprintf(code, sizeof code, "const int64_t %s = min64(%s + %lld, %s);", end, var, (long long)d->size, s->hi[v]);
	put(e, code, NULL);
	snprintf(s->lo[v], sizeof s->lo[v], "%s", var);
	snprintf(s->hi[v], sizeof s->hi[v], "%s", end);
	if (d->size < s->ext[v])
		s->ext[v] = d->size;
}

/* The output rows (columns) this level's tiles own (emit.c's ownership
   rule), when its Y or R (X or S) range is new here. */
static void
owned(Nest *s, uint32_t lvl, const bool fresh[DIM__COUNT])
{
	static const Dim ref[2] = {DIM_Y, DIM_X}, sl[2] = {DIM_R, DIM_S}, out[2] = {DIM_YP, DIM_XP};
	for (int i = 0; i < 2; i++) {
		if (!fresh[ref[i]] && !fresh[sl[i]])
			continue;
		Emit *e = s->e;
		const char *str = e->comp[i] ? (i ? "nS" : "nR") : (i ? "strX" : "strY");
		char var[24], code[320];
		lower_token(var, sizeof var, out[i], lvl);
		s->uses_div = true;
		char diff[112];
		if (strcmp(s->lo[sl[i]], "0") == 0)
			snprintf(diff, sizeof diff, "%s", s->lo[ref[i]]);
		else
			snprintf(diff, sizeof diff, "%s - %s", s->lo[ref[i]], s->lo[sl[i]]);
		snprintf(code, sizeof code, "const int64_t %s = max64(%s, cdiv(%s, %s));", var, s->lo[out[i]],
			 diff, str);
		put(e, code, lvl == 0 || !fresh[ref[i]] ? NULL : "the outputs whose windows lie in the tiles");
		snprintf(code, sizeof code, "const int64_t %s_end = min64(%s, fdiv(%s - %s, %s) + 1);", var,
			 s->hi[out[i]], s->hi[ref[i]], s->hi[sl[i]], str);
		put(e, code, NULL);
		snprintf(s->lo[out[i]], sizeof s->lo[out[i]], "%s", var);
		snprintf(s->hi[out[i]], sizeof s->hi[out[i]], "%s_end", var);
	}
}

/* One level's loops; returns how many braces it opened. */
static int
level_loops(Nest *s, uint32_t lvl)
{
	Emit *e = s->e;
	const IrLevel *lv = &e->l->levels[lvl];
	int64_t P = e->units[lvl];
	char head[256], whole[128] = "", desc[96], code[160];
	bool fresh[DIM__COUNT] = {0};
	int opened = 0;
	size_t wn = 0;
	for (uint32_t j = 0; j < lv->ndirs; j++) {
		const IrDirective *d = &lv->dirs[j];
		int64_t off = cgen_map_offset(e, d, lvl);
		if (ir_map_tiles(s->ext[d->dim], d->size, off) == 1 && wn + 8 < sizeof whole)
			wn += (size_t)snprintf(whole + wn, sizeof whole - wn, "%s%s", wn ? ", " : "",
					       ir_dim_name(d->dim));
	}
	if (lvl == 0)
		snprintf(head, sizeof head, "level 0: %lld units", (long long)P);
	else
		snprintf(head, sizeof head, "level %u: Cluster(%lld): %lld units in each level-%u unit", lvl,
			 (long long)lv->cluster_size, (long long)P, lvl - 1);
	if (wn)
		snprintf(head + strlen(head), sizeof head - strlen(head), "; whole tiles of %s", whole);
	buf_putc(e->b, '\n');
	cgen_line(e, "/* %s */", head);
	/* the SpatialMaps: the first, and one co-indexed with it */
	int sp[2] = {-1, -1};
	for (uint32_t j = 0; j < lv->ndirs; j++)
		if (lv->dirs[j].kind == DIR_SPATIAL)
			sp[sp[0] < 0 ? 0 : 1] = (int)j;
	for (uint32_t j = 0; j < lv->ndirs; j++) {
		const IrDirective *d = &lv->dirs[j];
		int64_t off = cgen_map_offset(e, d, lvl);
		int64_t trips = ir_map_tiles(s->ext[d->dim], d->size, off);
		snprintf(desc, sizeof desc, "%s(%lld,%lld) %s", d->kind == DIR_SPATIAL ? "SpatialMap" : "TemporalMap",
			 (long long)d->size, (long long)d->offset, ir_dim_name(d->dim));
		if ((int)j == sp[1])
			continue;       /* with the first */
		if ((int)j == sp[0]) {
			const IrDirective *d2 = sp[1] >= 0 ? &lv->dirs[sp[1]] : NULL;
			int64_t off2 = d2 ? cgen_map_offset(e, d2, lvl) : 0;
			int64_t trips2 = d2 ? ir_map_tiles(s->ext[d2->dim], d2->size, off2) : 1;
			if (trips == 1 && trips2 == 1)
				continue;
			char comment[200];
			snprintf(comment, sizeof comment, "spatial over %lld %s: %s", (long long)P,
				 lvl + 1 == e->nl ? "PEs" : "units", desc);
			if (d2)
				snprintf(comment + strlen(comment), sizeof comment - strlen(comment),
					 " with SpatialMap(%lld,%lld) %s", (long long)d2->size,
					 (long long)d2->offset, ir_dim_name(d2->dim));
			if (trips > P)
				snprintf(comment + strlen(comment), sizeof comment - strlen(comment),
					 ", chunk i on unit i %% %lld", (long long)P);
			char index[24];
			snprintf(index, sizeof index, "u%u", lvl);
			dir_loop(s, d, lvl, off, comment, d2 ? index : NULL);
			fresh[d->dim] = true;
			opened++;
			if (d2) {
				char var[24], span[80];
				lower_token(var, sizeof var, d2->dim, lvl);
				span_text(span, sizeof span, s, d2->dim);
				snprintf(code, sizeof code, "if (%s >= tiles(%s, %lld, %lld))", index, span,
					 (long long)d2->size, (long long)off2);
				put(e, code, NULL);
				e->ind++;
				put(e, "continue;", "the unit has no chunk of the second map");
				e->ind--;
				snprintf(code, sizeof code, "const int64_t %s = %s%s%s * %lld;", var,
					 strcmp(s->lo[d2->dim], "0") ? s->lo[d2->dim] : "",
					 strcmp(s->lo[d2->dim], "0") ? " + " : "", index, (long long)off2);
				put(e, code, NULL);
				snprintf(code, sizeof code, "const int64_t %s_end = min64(%s + %lld, %s);", var, var,
					 (long long)d2->size, s->hi[d2->dim]);
				put(e, code, NULL);
				snprintf(s->lo[d2->dim], sizeof s->lo[d2->dim], "%s", var);
				snprintf(s->hi[d2->dim], sizeof s->hi[d2->dim], "%s_end", var);
				if (d2->size < s->ext[d2->dim])
					s->ext[d2->dim] = d2->size;
				fresh[d2->dim] = true;
			}
			continue;
		}
		if (trips == 1)
			continue;
		dir_loop(s, d, lvl, off, desc, NULL);
		fresh[d->dim] = true;
		opened++;
	}
	if (e->td->sliding)
		owned(s, lvl, fresh);
	return opened;
}

/* The MAC loops and the MAC. */
static void
mac_loops(Nest *s)
{
	Emit *e = s->e;
	char code[200];
	for (int i = 0; i < e->td->nmac; i++) {
		Dim d = e->td->mac[i];
		const char *v = cgen_var(d);
		snprintf(code, sizeof code, "for (int64_t %s = %s; %s < %s; %s++)", v, s->lo[d], v, s->hi[d], v);
		put(e, code, i == 0 ? "the MACs of one PE" : NULL);
	}
	MdfBuf ix[3] = {{0}};
	for (int t = 0; t < 3; t++)
		cgen_index_expr(e, t, &ix[t]);
	e->ind++;
	cgen_line(e, "O[%s] +=", cgen_buf_text(e, &ix[2]));
	e->ind++;
	cgen_line(e, "W[%s] *", cgen_buf_text(e, &ix[1]));
	cgen_line(e, "I[%s];", cgen_buf_text(e, &ix[0]));
	e->ind -= 2;
	for (int t = 0; t < 3; t++)
		buf_free(&ix[t]);
}

/* Whether `name` occurs in text as a whole identifier. */
static bool
uses(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = text; (p = strstr(p, name)) != NULL; p += n) {
		bool before = p > text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					  (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9'));
		char c = p[n];
		bool after = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!before && !after)
			return true;
	}
	return false;
}

/* A name for a comment: the sanitizer's identifier, without the "x_" it
   puts before a name that is not one. */
static void
comment_name(const char *name, char *out, size_t cap)
{
	cgen_sanitize("", name, out, cap);
	if (strncmp(out, "x_", 2) == 0 && !(name && strncmp(name, "x_", 2) == 0))
		memmove(out, out + 2, strlen(out + 2) + 1);
	if (!*out)
		snprintf(out, cap, "_");
}

typedef struct LoopsOut {
	MdfBuf fns, mainb;
	bool tiles, div;
} LoopsOut;

/* "I[N][C][Y][X]" */
static void
layout(const TypeDesc *td, int t, MdfBuf *b)
{
	static const char name[3] = {'I', 'W', 'O'};
	buf_putc(b, name[t]);
	for (int i = 0; i < td->nten[t]; i++)
		buf_printf(b, "[%s]", ir_dim_name(td->ten[t][i]));
}

static bool
loops_layer(Emit *e, const IrHw *hw, uint32_t ni, uint32_t li, LoopsOut *o)
{
	const IrLayer *l = e->l;
	int64_t ext[DIM__COUNT], stride[2], size[3];
	if (!cgen_prepare(e, hw, ext, stride))
		return false;
	for (int t = 0; t < 3; t++) {
		size[t] = 1;
		for (int i = 0; i < e->td->nten[t]; i++)
			if (!ck_mul(size[t], ext[e->td->ten[t][i]], &size[t])) {
				diag_emit(e->ctx, DIAG_E0701, l->dims_span, "a tensor's size does not fit in 64 bits");
				return false;
			}
	}
	/* the body first, then the constants it uses */
	MdfBuf body = {0};
	MdfBuf *keep = e->b;
	e->b = &body;
	e->ind = 1;
	Nest s;
	memset(&s, 0, sizeof s);
	s.e = e;
	for (int d = 0; d < DIM__COUNT; d++) {
		snprintf(s.lo[d], sizeof s.lo[d], "0");
		bool comp = e->td->sliding && cgen_compressed(e, (Dim)d);
		snprintf(s.hi[d], sizeof s.hi[d], "n%s%s", ir_dim_tokens[d], comp ? "c" : "");
		s.ext[d] = comp ? ext[d == DIM_X ? DIM_XP : DIM_YP] * ext[d == DIM_X ? DIM_S : DIM_R] : ext[d];
	}
	int opened = 0;
	for (uint32_t lvl = 0; lvl < e->nl; lvl++)
		opened += level_loops(&s, lvl);
	mac_loops(&s);
	while (opened-- > 0) {
		e->ind--;
		cgen_line(e, "}");
	}
	e->b = keep;
	o->tiles |= s.uses_tiles;
	o->div |= s.uses_div;
	const char *text = cgen_buf_text(e, &body);

	char fn[96], pre[32], net[64], lname[64];
	snprintf(pre, sizeof pre, "layer_%u_%u_", ni, li);
	cgen_sanitize(pre, l->name, fn, 48);
	comment_name(l->name, lname, sizeof lname);
	comment_name(e->net_name, net, sizeof net);
	MdfBuf *b = &o->fns;
	buf_printf(b, "\n/* Layer %s of network %s: %s, %u cluster level%s.\n", lname, net,
		   ir_layer_type_name(l->type), l->nlevels, l->nlevels == 1 ? "" : "s");
	buf_puts(b, "   ");
	for (int t = 0; t < 3; t++) {
		layout(e->td, t, b);
		buf_puts(b, t < 2 ? ", " : ", row-major. */\n");
	}
	buf_printf(b, "static void\n%s(const int64_t *I, const int64_t *W, int64_t *O)\n{\n", fn);
	/* constants: the layer's dimensions, strides, output extents */
	bool yp = uses(text, "nYP") || uses(text, "nYc"), xp = uses(text, "nXP") || uses(text, "nXc");
	MdfBuf dims = {0};
	for (int i = 0; i < e->td->nloop; i++) {
		Dim d = e->td->loop[i];
		char nm[16];
		snprintf(nm, sizeof nm, "n%s", ir_dim_tokens[d]);
		bool need = uses(text, nm) || (yp && (d == DIM_Y || d == DIM_R)) || (xp && (d == DIM_X || d == DIM_S));
		if (need)
			buf_printf(&dims, "%s%s = %lld", dims.len ? ", " : "", nm, (long long)ext[d]);
	}
	if (dims.len)
		buf_printf(b, "\tconst int64_t %s;\n", cgen_buf_text(e, &dims));
	buf_free(&dims);
	bool sy = yp || uses(text, "strY"), sx = xp || uses(text, "strX");
	if (sy || sx) {
		buf_puts(b, "\tconst int64_t ");
		if (sy)
			buf_printf(b, "strY = %lld%s", (long long)stride[0], sx ? ", " : "");
		if (sx)
			buf_printf(b, "strX = %lld", (long long)stride[1]);
		buf_puts(b, "; /* strides */\n");
	}
	if (yp)
		buf_puts(b, "\tconst int64_t nYP = (nY - nR) / strY + 1; /* Y': output rows */\n");
	if (xp)
		buf_puts(b, "\tconst int64_t nXP = (nX - nS) / strX + 1; /* X': output columns */\n");
	for (int i = 0; i < 2; i++)
		if (uses(text, i ? "nXc" : "nYc"))
			buf_printf(b, "\tconst int64_t n%sc = n%sP * n%s; /* R < stride: %s in compressed rows */\n",
				   i ? "X" : "Y", i ? "X" : "Y", i ? "S" : "R", i ? "X" : "Y");
	buf_puts(b, text);
	buf_puts(b, "}\n");
	buf_free(&body);

	/* main: the tensors as the checking program fills them */
	MdfBuf *m = &o->mainb;
	buf_printf(m, "\t{ /* layer %u of network %u: %s */\n", li, ni, lname);
	buf_printf(m, "\t\tint64_t *I = tensor(%lld, 7, 3, 11, 5), *W = tensor(%lld, 5, 1, 7, 3);\n",
		   (long long)size[0], (long long)size[1]);
	buf_printf(m, "\t\tint64_t *O = tensor(%lld, 0, 0, 1, 0);\n", (long long)size[2]);
	buf_puts(m, "\t\tif (!I || !W || !O)\n\t\t\treturn 2;\n");
	if (e->trconv)
		buf_printf(m, "\t\tdilate(I, %lld, %lld, %lld, %lld, %lld);\n", (long long)size[0],
			   (long long)ext[DIM_Y], (long long)ext[DIM_X], (long long)e->up[0], (long long)e->up[1]);
	buf_printf(m, "\t\t%s(I, W, O);\n", fn);
	buf_printf(m, "\t\tprintf(\"%u %u %%llu\\n\", checksum(O, %lld));\n", ni, li, (long long)size[2]);
	buf_puts(m, "\t\tfree(I);\n\t\tfree(W);\n\t\tfree(O);\n\t}\n");
	return true;
}

static const char loops_head[] =
	"/*\n"
	"** Loop nests generated by mdfc --emit=loops (docs/loop-nest.md section 7):\n"
	"** per layer, one loop per directive that iterates more than once, levels\n"
	"** outermost first.  main() fills the tensors as the --emit=c checking program\n"
	"** does and prints each layer's output checksum (its \"output_checksum\").\n"
	"** Compile: cc -std=c11 -O2 this.c (-DMDFC_LOOPS_NO_MAIN: the functions only).\n"
	"*/\n"
	"#include <stdint.h>\n\n"
	"static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }\n";

static const char loops_tiles[] =
	"/* Tiles of size m every o over n indices: the last one reaches the end. */\n"
	"static inline int64_t\n"
	"tiles(int64_t n, int64_t m, int64_t o)\n"
	"{\n"
	"\tint64_t a = 1 + (n - m + o - 1) / o, b = (n + o - 1) / o;\n"
	"\treturn n <= m ? 1 : min64(a, b);\n"
	"}\n";

static const char loops_div[] =
	"static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }\n"
	"/* Floor and ceiling of a / b, b > 0. */\n"
	"static inline int64_t fdiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && a < 0); }\n"
	"static inline int64_t cdiv(int64_t a, int64_t b) { return -fdiv(-a, b); }\n";

static const char loops_main_head[] =
	"\n#ifndef MDFC_LOOPS_NO_MAIN\n"
	"#include <stdio.h>\n"
	"#include <stdlib.h>\n\n"
	"/* n elements (i * mul + add) % mod - sub */\n"
	"static int64_t *\n"
	"tensor(int64_t n, int64_t mul, int64_t add, int64_t mod, int64_t sub)\n"
	"{\n"
	"\tint64_t *v = malloc((size_t)n * sizeof *v);\n"
	"\tfor (int64_t i = 0; v && i < n; i++)\n"
	"\t\tv[i] = (i * mul + add) % mod - sub;\n"
	"\treturn v;\n"
	"}\n\n"
	"/* sum of O[i] * (i % 1009 + 1), modulo 2^63 */\n"
	"static unsigned long long\n"
	"checksum(const int64_t *o, int64_t n)\n"
	"{\n"
	"\tuint64_t s = 0;\n"
	"\tfor (int64_t i = 0; i < n; i++)\n"
	"\t\ts += (uint64_t)o[i] * (uint64_t)(i % 1009 + 1);\n"
	"\treturn (unsigned long long)(s & INT64_MAX);\n"
	"}\n";

static const char loops_dilate[] =
	"\n/* TRCONV: the input (N, C, Y, X) dilated by (uy, ux): zeros off the pixels */\n"
	"static void\n"
	"dilate(int64_t *in, int64_t n, int64_t ny, int64_t nx, int64_t uy, int64_t ux)\n"
	"{\n"
	"\tfor (int64_t i = 0; i < n; i++)\n"
	"\t\tif (i / nx % ny % uy != 0 || i % nx % ux != 0)\n"
	"\t\t\tin[i] = 0;\n"
	"}\n";

bool
mdf_emit_loops_layer(MdfCtx *ctx, const IrLayer *l, const char *net_name, const IrHw *hw, uint32_t ni,
		     uint32_t li, MdfBuf *out)
{
	Emit e;
	memset(&e, 0, sizeof e);
	e.ctx = ctx;
	e.l = l;
	e.net_name = net_name;
	LoopsOut o;
	memset(&o, 0, sizeof o);
	bool ok = l->normalized && l->valid && loops_layer(&e, hw, ni, li, &o);
	if (ok)
		buf_puts(out, cgen_buf_text(&e, &o.fns) + 1);     /* without its blank line */
	buf_free(&o.fns);
	buf_free(&o.mainb);
	return ok;
}

bool
mdf_emit_loops(MdfCtx *ctx, const IrModule *m, const IrHw *hw, MdfBuf *out)
{
	bool ok = true, trconv = false;
	Emit e;
	memset(&e, 0, sizeof e);
	e.ctx = ctx;
	LoopsOut o;
	memset(&o, 0, sizeof o);
	for (uint32_t ni = 0; ni < m->nnetworks; ni++) {
		const IrNetwork *net = &m->networks[ni];
		e.net_name = net->name;
		for (uint32_t li = 0; li < net->nlayers; li++) {
			e.l = &net->layers[li];
			if (!e.l->normalized || !e.l->valid) {
				buf_printf(&o.fns, "\n/* Network %u, layer %u: not valid, not lowered. */\n", ni, li);
				continue;
			}
			size_t mark = o.fns.len, mmark = o.mainb.len;
			if (!loops_layer(&e, hw, ni, li, &o)) {
				ok = false;
				o.fns.len = mark;
				o.mainb.len = mmark;
				buf_printf(&o.fns, "\n/* Network %u, layer %u: cannot be lowered (E0701). */\n", ni, li);
				continue;
			}
			trconv |= e.trconv;
		}
	}
	buf_puts(out, loops_head);
	if (o.div)
		buf_puts(out, loops_div);
	if (o.tiles)
		buf_puts(out, loops_tiles);
	buf_puts(out, cgen_buf_text(&e, &o.fns));
	buf_puts(out, loops_main_head);
	if (trconv)
		buf_puts(out, loops_dilate);
	buf_puts(out, "\nint\nmain(void)\n{\n");
	buf_puts(out, cgen_buf_text(&e, &o.mainb));
	buf_puts(out, "\treturn 0;\n}\n#endif\n");
	if (o.fns.oom || o.mainb.oom)
		out->oom = true;
	buf_free(&o.fns);
	buf_free(&o.mainb);
	return ok;
}
