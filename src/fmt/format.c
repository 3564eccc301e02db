/*
** format.c: mdfc --format, the canonical layout of a .mdf file.
**
** Takes one source that parses without errors (a file with syntax errors
** is refused: its diagnostics say why), produces its text in the canonical
** layout (docs/formatting.md):
**   - tokens come from the real scanner (front_tokens), so the formatter
**     and the compiler always agree on what a token is; only the gaps
**     between tokens (whitespace and comments) are rewritten;
**   - indentation: one tab per open block `{`; a line inside parentheses
**     that continues an expression gets one more;
**   - line breaks stay where the source had them (two or more become one
**     blank line); the body of a Network, Layer, Accelerator, Dataflow
**     definition, for or Cluster block starts on a new line, and a `}`
**     closing a block whose `{` ends a line goes on its own line; nothing
**     else moves between lines (`Dimensions { ... }` and a layer's own
**     `Dataflow { ... }` may stay on one line);
**   - spacing inside a line is fixed by the tokens (`Sz(R)`, `a + b`,
**     `K: 16, C: 8`, `-x`, `0..3`), except inside layer and network names,
**     where whether pieces touch is part of the name (`conv_${i}_a`), and
**     is kept;
**   - comments are kept: a comment on its own line is indented like the
**     code; a trailing // comment follows its code after one space, and
**     trailing // comments on consecutive lines start in one column;
**   - no trailing whitespace, "\n" line ends, one newline at the end.
** Invariants (tests/sh/format.sh): formatting is idempotent, and the
** formatted file has the same token stream, hence the same --emit=ir.
*/
#include <string.h>
#include "front/front.h"
#include "mdf_parser.h"
#include "mdfc/mdfc.h"

typedef struct Fmt {
	MdfBuf *out;
	const char *text;
	uint32_t depth;         /* open blocks */
	bool line_empty;        /* nothing but indentation written on this line */
	bool pending_space;
	uint32_t blank;         /* newlines owed before the next token (0..2) */
	bool soft_break;        /* a line break owed after a structural `{`: a
				   comment on the same line may come first */
	bool after_open;        /* the last token was `{`: its comment is not aligned */
	Arena *arena;
	size_t *trail;          /* out offsets of the space before each trailing // comment */
	size_t ntrail, captrail;
} Fmt;

static void
newline(Fmt *f)
{
	/* drop trailing blanks */
	while (f->out->len && (f->out->data[f->out->len - 1] == ' ' || f->out->data[f->out->len - 1] == '\t'))
		f->out->data[--f->out->len] = 0;
	buf_putc(f->out, '\n');
	f->line_empty = true;
	f->pending_space = false;
}

/* Start a token or comment: the owed line breaks, the indentation, or the
   space before it on the same line. */
static void
place(Fmt *f, uint32_t indent, bool space)
{
	if (f->blank && f->out->len) {
		newline(f);
		if (f->blank > 1)
			newline(f);
	}
	f->blank = 0;
	if (f->line_empty) {
		for (uint32_t i = 0; i < indent; i++)
			buf_putc(f->out, '\t');
		f->line_empty = false;
	} else if (space) {
		buf_putc(f->out, ' ');
	}
}

static bool
is_operator(int t)
{
	switch (t) {
	case '+': case '-': case '*': case '/': case '%': case '<': case '>': case '=':
	case '?': case '!': case TOK_EQ: case TOK_NE: case TOK_LE: case TOK_GE:
	case TOK_ANDAND: case TOK_OROR:
		return true;
	default:
		return false;
	}
}

/* Whether `-` or `!` after token `prev` is a prefix operator. */
static bool
prefix_position(int prev)
{
	return prev == 0 || prev == '(' || prev == ',' || prev == ':' || prev == '{' || prev == ';' ||
	       prev == TOK_INTERP || prev == TOK_DOTDOT || prev == TOK_IN || is_operator(prev);
}

/* The space between two tokens on one line, by their kinds. */
static bool
space_between(int a, int b, bool a_prefix, bool b_key_colon)
{
	if (a == 0)
		return false;
	if (b == ',' || b == ';' || b == ')' || (b == ':' && b_key_colon))
		return false;
	if (a == '(' || a_prefix || a == TOK_DOTDOT || b == TOK_DOTDOT)
		return false;
	if (b == '(')
		return !(a == TOK_IDENT || a == TOK_TEMPORALMAP || a == TOK_SPATIALMAP || a == TOK_CLUSTER);
	return true;
}

static void
owe_lines(Fmt *f, uint32_t nl)
{
	uint32_t want = nl > 2 ? 2 : nl;
	if (want > f->blank)
		f->blank = want;
}

/* Write the comments in the gap [lo, hi) between two tokens, and owe the
   line breaks it holds to what follows. */
static void
gap(Fmt *f, uint32_t lo, uint32_t hi, uint32_t indent)
{
	const char *t = f->text;
	uint32_t nl = 0;
	for (uint32_t i = lo; i < hi;) {
		if (t[i] == '\n') {
			nl++;
			i++;
			continue;
		}
		if (!(t[i] == '/' && i + 1 < hi && (t[i + 1] == '/' || t[i + 1] == '*'))) {
			i++;        /* blanks, '\r', a byte-order mark */
			continue;
		}
		bool line = t[i + 1] == '/';
		uint32_t e = i + 2;
		if (line) {
			while (e < hi && t[e] != '\n')
				e++;
		} else {
			while (e + 1 < hi && !(t[e] == '*' && t[e + 1] == '/'))
				e++;
			e += 2;
		}
		owe_lines(f, nl);
		if (f->soft_break && !nl)
			f->blank = 0;   /* `Layer x { // note`: the note stays on its line */
		f->soft_break = false;
		nl = 0;
		bool trailing = line && !f->line_empty && !f->blank && !f->after_open;
		place(f, indent, true);
		if (trailing) {
			size_t *v = arena_push_room(f->arena, f->trail, f->ntrail, &f->captrail, 16, true);
			if (v) {
				f->trail = v;
				f->trail[f->ntrail++] = f->out->len - 1;
			}
		}
		uint32_t end = e;
		while (line && end > i && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\r'))
			end--;
		for (uint32_t k = i; k < end; k++)      /* "\r\n" inside a block comment -> "\n" */
			if (!(t[k] == '\r' && k + 1 < end && t[k + 1] == '\n'))
				buf_putc(f->out, t[k]);
		f->pending_space = true;
		if (line)
			f->blank = 1;   /* a line comment ends its line */
		i = e;
	}
	owe_lines(f, nl);
	if (f->soft_break)
		owe_lines(f, 1);
	f->soft_break = false;
}

/* Display width of out[lo, hi): tabs to the next multiple of 8, one column
   per UTF-8 character. */
static size_t
width(const char *s, size_t lo, size_t hi)
{
	size_t w = 0;
	for (size_t i = lo; i < hi; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t')
			w = (w / 8 + 1) * 8;
		else if ((c & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* Trailing // comments on consecutive lines start in one column: one space
   after the longest code of the run.  Returns the realigned text in `out`. */
static void
align_trailing(Fmt *f)
{
	if (f->ntrail < 2)
		return;
	const char *s = f->out->data;
	MdfBuf r = {0};
	size_t copied = 0;
	for (size_t i = 0; i < f->ntrail;) {
		/* the run: comments on lines that follow each other */
		size_t j = i + 1;
		while (j < f->ntrail) {
			size_t nls = 0;
			for (size_t k = f->trail[j - 1]; k < f->trail[j]; k++)
				nls += s[k] == '\n';
			if (nls != 1)
				break;
			j++;
		}
		size_t col = 0;
		for (size_t k = i; k < j; k++) {
			size_t ls = f->trail[k];
			while (ls > 0 && s[ls - 1] != '\n')
				ls--;
			size_t w = width(s, ls, f->trail[k]);
			if (w > col)
				col = w;
		}
		for (size_t k = i; j - i > 1 && k < j; k++) {
			size_t ls = f->trail[k];
			while (ls > 0 && s[ls - 1] != '\n')
				ls--;
			buf_putn(&r, s + copied, f->trail[k] - copied);
			for (size_t w = width(s, ls, f->trail[k]); w < col; w++)
				buf_putc(&r, ' ');
			copied = f->trail[k];
		}
		i = j;
	}
	buf_putn(&r, s + copied, f->out->len - copied);
	if (r.oom) {
		buf_free(&r);
		return;
	}
	buf_free(f->out);
	*f->out = r;
}

bool
mdf_format(MdfCtx *ctx, uint32_t file, MdfBuf *out)
{
	if (file >= ctx->nsources)
		return false;
	Interner strs = {0};
	size_t before = ctx->diags.nerrors;
	if (!front_parse(ctx, &strs, file) || ctx->diags.nerrors > before)
		return false;
	const Source *src = &ctx->sources[file];
	size_t max = src->len + 2;
	FrontToken *tk = arena_array(ctx->arena, max, sizeof *tk);
	if (!tk)
		return false;
	size_t n = front_tokens(ctx, &strs, file, tk, max);
	if (ctx->diags.nerrors > before || n == 0)
		return false;

	Fmt f = {out, src->text, 0, true, false, 0, false, false, ctx->arena, NULL, 0, 0};
	/* per open `{` or `${`: whether it is a block, and whether its line ended after it */
	enum { MAXN = 512 };
	bool is_block[MAXN], broke[MAXN];
	uint32_t nopen = 0;
	uint32_t paren = 0, pending_q = 0;
	bool in_name = false;
	bool structural = false;        /* the next `{` opens a Network, Layer, ... */
	int prev = 0;
	bool prev_prefix = false;
	uint32_t prev_hi = 0;
	for (size_t i = 0; i < n; i++) {
		int t = tk[i].tok;
		uint32_t indent = f.depth + (paren ? 1 : 0);
		gap(&f, prev_hi, t == TOK_YYEOF ? (uint32_t)src->len : tk[i].span.lo, indent);
		if (t == '}' && nopen && is_block[nopen - 1])
			indent = f.depth ? f.depth - 1 : 0;
		if (t == TOK_YYEOF)
			break;
		bool had_gap = tk[i].span.lo > prev_hi;
		if (t == '}' && nopen && is_block[nopen - 1] && broke[nopen - 1] && !f.blank)
			f.blank = 1;        /* a multi-line block closes on its own line */
		bool key_colon = t == ':' && pending_q == 0;
		if (t == ':' && pending_q)
			pending_q--;
		bool prefix = (t == '-' || t == '!') && prefix_position(prev);
		bool sp = in_name ? had_gap : space_between(prev, t, prev_prefix, key_colon);
		if (in_name && t == '{' && paren == 0)
			sp = true;
		place(&f, indent, sp || f.pending_space);
		f.pending_space = false;
		buf_putn(out, src->text + tk[i].span.lo, tk[i].span.hi - tk[i].span.lo);
		/* what this token opens or closes */
		switch (t) {
		case TOK_LAYER: case TOK_NETWORK: case TOK_ACCELERATOR:
			in_name = t != TOK_ACCELERATOR;
			structural = true;
			break;
		case TOK_FOR: case TOK_CLUSTER:
			structural = true;
			break;
		case TOK_DATAFLOW:      /* a definition, not a layer's own block */
			structural = i + 1 < n && tk[i + 1].tok == TOK_IDENT;
			break;
		case '(':
			paren++;
			break;
		case ')':
			if (paren)
				paren--;
			break;
		case '?':
			pending_q++;
			break;
		case '{': case TOK_INTERP:
			if (t == '{')
				in_name = false;
			if (nopen < MAXN) {
				is_block[nopen] = t == '{';
				broke[nopen] = false;
				nopen++;
			}
			if (t == '{')
				f.depth++;
			break;
		case '}':
			if (nopen) {
				nopen--;
				if (is_block[nopen] && f.depth)
					f.depth--;
			}
			break;
		default:
			break;
		}
		bool opened_structural = t == '{' && structural;
		if (t == ';' || t == '{' || t == '}') {
			pending_q = 0;
			structural = false;
		}
		prev = t;
		f.after_open = t == '{';
		prev_prefix = prefix;
		prev_hi = tk[i].span.hi;
		/* does the line end right after an opening `{`? */
		if (t == '{' && nopen) {
			uint32_t k = prev_hi;
			while (k < src->len && (src->text[k] == ' ' || src->text[k] == '\t' || src->text[k] == '\r'))
				k++;
			broke[nopen - 1] = k >= src->len || src->text[k] == '\n' ||
					   (src->text[k] == '/' && k + 1 < src->len && src->text[k + 1] == '/');
			if (opened_structural) {
				broke[nopen - 1] = true;
				f.soft_break = true;    /* a Network, Layer, ... body starts on its own line */
			}
		}
	}
	if (out->len)
		newline(&f);
	while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
		out->data[--out->len] = 0;
	align_trailing(&f);
	return !out->oom;
}
