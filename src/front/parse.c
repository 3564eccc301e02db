/*
** parse.c: one source file -> AstFile.
**
** Glue between the flex scanner (grammar/mdf.l) and the bison parser
** (grammar/mdf.y), the builders the grammar actions call, and syntax-error
** reporting.  The scanner wrapper mdf_yylex() does two jobs the grammar
** cannot do well:
**   - unclosed-brace repair: it tracks open braces and the keyword that
**     opened each; a token that cannot stand inside the innermost open block
**     (`Layer` inside a layer, `Network` anywhere, end of file...) makes it
**     report E0202 at the unclosed `{` and hand the parser the missing `}`
**     first, so the rest of the file parses normally;
**   - the nesting limit (E0203): more than limits.max_nesting open braces or
**     parentheses stop the parse before any deep recursion can happen.
*/
#include <stdio.h>
#include <string.h>
#include "front/front.h"
#include "front/parse_actions.h"
#include "mdf_parser.h"
#include "mdf_lexer.h"

/* ---- lists and builders ---- */

void
pa_list_init(AstList *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

void
pa_push(ParseState *ps, AstList *l, AstNode *n)
{
	ast_list_push(ps->ctx->arena, l, n);
}

static AstNode *
mk(ParseState *ps, AstKind k, Span s)
{
	return ast_new(ps->ctx->arena, k, s);
}

/* Expression nodes deeper than the nesting limit become poison (reported
   once per file), so nothing later recurses over a deep tree. */
static AstNode *
bound_depth(ParseState *ps, AstNode *n)
{
	if (!n || n->depth <= ps->ctx->opt.limits.max_nesting)
		return n;
	if (ps->nesting_errs++ == 0)
		diag_emit(ps->ctx, DIAG_E0203, n->span,
			  "expression nested more than %u levels deep",
			  ps->ctx->opt.limits.max_nesting);
	AstNode *bad = mk(ps, AST_BAD, n->span);
	return bad;
}

void
pa_set_expr(ParseState *ps, AstNode *e)
{
	ps->expr_out = e;
}

AstNode *
pa_import(ParseState *ps, Span s, const char *path, Span path_span)
{
	AstNode *n = mk(ps, AST_IMPORT, s);
	if (n) {
		n->u.import.path = path;
		n->u.import.path_span = path_span;
	}
	return n;
}

AstNode *
pa_param(ParseState *ps, Span s, const char *name, Span ns, AstNode *v, bool constant)
{
	AstNode *n = mk(ps, AST_PARAM, s);
	if (n) {
		n->u.param.name = name;
		n->u.param.name_span = ns;
		n->u.param.value = v;
		n->u.param.constant = constant;
	}
	return n;
}

AstNode *
pa_network(ParseState *ps, Span s, AstNode *name, AstList items, Span open)
{
	AstNode *n = mk(ps, AST_NETWORK, s);
	if (n) {
		n->u.network.name = name;
		n->u.network.items = items;
		n->u.network.open = open;
	}
	return n;
}

AstNode *
pa_accel(ParseState *ps, Span s, const char *name, Span ns, AstList items)
{
	AstNode *n = mk(ps, AST_ACCEL, s);
	if (n) {
		n->u.accel.name = name;
		n->u.accel.name_span = name ? ns : s;
		n->u.accel.items = items;
	}
	return n;
}

AstNode *
pa_dfdef(ParseState *ps, Span s, const char *name, Span ns, AstList params, AstList items)
{
	AstNode *n = mk(ps, AST_DFDEF, s);
	if (n) {
		n->u.dfdef.name = name;
		n->u.dfdef.name_span = ns;
		n->u.dfdef.params = params;
		n->u.dfdef.items = items;
	}
	return n;
}

AstNode *
pa_entry(ParseState *ps, Span s, const char *key, Span ks, AstNode *v)
{
	AstNode *n = mk(ps, AST_ENTRY, s);
	if (n) {
		n->u.entry.key = key;
		n->u.entry.key_span = ks;
		n->u.entry.value = v;
	}
	return n;
}

AstNode *
pa_text(ParseState *ps, Span s, const char *text)
{
	AstNode *n = mk(ps, AST_TEXT, s);
	if (n)
		n->u.name = text;
	return n;
}

AstNode *
pa_text_src(ParseState *ps, Span s)
{
	return pa_text(ps, s, front_intern(ps, ps->text + s.lo, s.hi - s.lo));
}

AstNode *
pa_name(ParseState *ps, Span s, AstList pieces)
{
	AstNode *n = mk(ps, AST_INAME, s);
	if (n)
		n->u.iname.parts = pieces;
	return n;
}

void
pa_name_adjacent(ParseState *ps, AstList *l, AstNode *piece)
{
	if (piece && l->n > 0 && l->v[l->n - 1]) {
		Span prev = l->v[l->n - 1]->span;
		if (prev.hi != piece->span.lo) {
			Span gap = {ps->file, prev.hi, piece->span.lo};
			Diag *d = diag_emit(ps->ctx, DIAG_E0204, gap,
					    "space inside a name: the pieces of a name must touch");
			diag_hint(ps->ctx, d, "write the name without spaces, e.g. `Conv2d-1` or `conv_${i}`");
		}
	}
	pa_push(ps, l, piece);
}

AstNode *
pa_for(ParseState *ps, Span s, const char *var, Span vs, AstNode *lo, AstNode *hi)
{
	AstNode *n = mk(ps, AST_FOR, s);
	if (n) {
		n->u.loop.var = var;
		n->u.loop.var_span = vs;
		n->u.loop.lo = lo;
		n->u.loop.hi = hi;
	}
	return n;
}

AstNode *
pa_for_body(ParseState *ps, Span s, AstNode *head, AstList items)
{
	(void)ps;
	if (head) {
		head->span = s;
		head->u.loop.items = items;
	}
	return head;
}

AstNode *
pa_layer(ParseState *ps, Span s, AstNode *name, AstList items, Span open)
{
	AstNode *n = mk(ps, AST_LAYER, s);
	if (n) {
		n->u.layer.name = name;
		n->u.layer.items = items;
		n->u.layer.open = open;
	}
	return n;
}

AstNode *
pa_dfuse(ParseState *ps, Span s, const char *name, Span ns, AstList args, Span args_span)
{
	AstNode *n = mk(ps, AST_DFUSE, s);
	if (n) {
		n->u.use.name = name;
		n->u.use.name_span = ns;
		n->u.use.args = args;
		n->u.use.has_args = args_span.hi > args_span.lo;
	}
	return n;
}

AstNode *
pa_type(ParseState *ps, Span s, const char *name, Span ns)
{
	AstNode *n = mk(ps, AST_TYPE, s);
	if (n) {
		n->u.type.name = name;
		n->u.type.name_span = ns;
	}
	return n;
}

AstNode *
pa_block(ParseState *ps, AstKind kind, Span s, AstList items)
{
	AstNode *n = mk(ps, kind, s);
	if (n)
		n->u.block.items = items;
	return n;
}

AstNode *
pa_sitem(ParseState *ps, Span s, const char *key, Span ks, AstNode *arg, const char *family, Span fs,
	 AstList values)
{
	AstNode *n = mk(ps, AST_SITEM, s);
	if (n) {
		n->u.sitem.key = key;
		n->u.sitem.key_span = ks;
		n->u.sitem.arg = arg;
		n->u.sitem.family = family;
		n->u.sitem.family_span = fs;
		n->u.sitem.values = values;
	}
	return n;
}

AstNode *
pa_range(ParseState *ps, Span s, AstNode *lo, AstNode *hi)
{
	AstNode *n = mk(ps, AST_RANGE, s);
	if (n) {
		n->u.binary.a = lo;
		n->u.binary.b = hi;
	}
	return n;
}

AstNode *
pa_map(ParseState *ps, Span s, bool spatial, AstNode *size, AstNode *offset)
{
	AstNode *n = mk(ps, AST_MAP, s);
	if (n) {
		n->u.map.spatial = spatial;
		n->u.map.size = size;
		n->u.map.offset = offset;
	}
	return n;
}

AstNode *
pa_map_dim(ParseState *ps, Span s, AstNode *map, const char *dim, Span ds)
{
	(void)ps;
	if (map) {
		map->span = s;
		map->u.map.dim = dim;
		map->u.map.dim_span = ds;
	}
	return map;
}

AstNode *
pa_cluster(ParseState *ps, Span s, AstNode *size, const char *type, Span ts)
{
	AstNode *n = mk(ps, AST_CLUSTER, s);
	if (n) {
		n->u.cluster.size = size;
		n->u.cluster.type = type;
		n->u.cluster.type_span = type ? (Span){ts.file, ts.hi - (uint32_t)strlen(type), ts.hi} : s;
	}
	return n;
}

AstNode *
pa_cluster_body(ParseState *ps, Span s, AstNode *cl, AstList items)
{
	(void)ps;
	if (cl) {
		cl->span = s;
		cl->u.cluster.items = items;
		cl->u.cluster.block = true;
	}
	return cl;
}

AstNode *
pa_call(ParseState *ps, Span s, const char *fn, Span fs, AstList args)
{
	AstNode *n = mk(ps, AST_CALL, s);
	if (!n)
		return NULL;
	n->u.call.fn = fn;
	n->u.call.fn_span = fs;
	n->u.call.args = args;
	uint32_t d = 0;
	for (uint32_t i = 0; i < args.n; i++)
		if (args.v[i] && args.v[i]->depth > d)
			d = args.v[i]->depth;
	n->depth = d + 1;
	return bound_depth(ps, n);
}

AstNode *
pa_paren(ParseState *ps, Span s, AstNode *e)
{
	if (!e)
		return NULL;
	e->span = s;
	e->depth++;
	return bound_depth(ps, e);
}

AstNode *
pa_unary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a)
{
	/* -4 is a number: fold a minus applied directly to a literal */
	if (op == OP_NEG && a && a->kind == AST_NUM && a->span.lo == os.hi) {
		a->u.num = -a->u.num;
		a->span = s;
		return a;
	}
	return bound_depth(ps, ast_unary(ps->ctx->arena, s, op, os, a));
}

AstNode *
pa_binary(ParseState *ps, Span s, AstOp op, Span os, AstNode *a, AstNode *b)
{
	return bound_depth(ps, ast_binary(ps->ctx->arena, s, op, os, a, b));
}

AstNode *
pa_cond(ParseState *ps, Span s, AstNode *c, AstNode *a, AstNode *b)
{
	AstNode *n = mk(ps, AST_COND, s);
	if (!n)
		return NULL;
	n->u.cond.c = c;
	n->u.cond.a = a;
	n->u.cond.b = b;
	uint32_t d = c ? c->depth : 1;
	if (a && a->depth > d) d = a->depth;
	if (b && b->depth > d) d = b->depth;
	n->depth = d + 1;
	return bound_depth(ps, n);
}

/* ---- syntax errors ---- */

static bool
strcasecmp_ascii(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = *a, y = *b;
		if (x >= 'A' && x <= 'Z') x += 32;
		if (y >= 'A' && y <= 'Z') y += 32;
		if (x != y)
			return false;
	}
	return *a == *b;
}

static const char *const keywords[] = {
	"Network", "Layer", "Type", "Stride", "Dimensions", "Dataflow",
	"TemporalMap", "SpatialMap", "Cluster", "Constant", "Accelerator",
	"param", "import", "for", "in", "Search",
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

/* An identifier that is a keyword in the wrong case (`layer`, `DATAFLOW`). */
static bool
is_keyword_like(const char *s)
{
	for (size_t i = 0; i < NKEYWORDS; i++)
		if (strcmp(s, keywords[i]) != 0 && strcasecmp_ascii(s, keywords[i]))
			return true;
	return false;
}

/* The ring slot of the most recent keyword-like identifier among the last
   FRONT_RECENT_IDS identifiers, or -1.  An older one is more than three
   tokens back, too far to matter. */
static int
recent_keyword_like(const ParseState *ps)
{
	uint32_t n = ps->nrecent_ids < FRONT_RECENT_IDS ? ps->nrecent_ids : FRONT_RECENT_IDS;
	for (uint32_t k = 1; k <= n; k++) {
		uint32_t slot = (ps->nrecent_ids - k) % FRONT_RECENT_IDS;
		if (is_keyword_like(ps->recent_ids[slot].str))
			return (int)slot;
	}
	return -1;
}

/* A bison symbol name ("Network", "'{'", "number") as message text. */
static const char *
describe(ParseState *ps, const char *sym)
{
	size_t n = strlen(sym);
	if (strcmp(sym, "number") == 0) return "a number";
	if (strcmp(sym, "name") == 0) return "a name";
	if (strcmp(sym, "string") == 0) return "a string";
	if (strcmp(sym, "end of file") == 0) return "end of file";
	if (strcmp(sym, "expression start") == 0) return "an expression";
	if (n >= 3 && sym[0] == '\'' && sym[n - 1] == '\'')
		return arena_printf(ps->ctx->arena, "`%.*s`", (int)(n - 2), sym + 1);
	return arena_printf(ps->ctx->arena, "`%s`", sym);
}

static bool
in_set(const char *sym, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(sym, *set) == 0)
			return true;
	return false;
}

static bool
has_sym(const char *const *names, int n, const char *what)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], what) == 0)
			return true;
	return false;
}

static const char *const expr_starts[] = {"number", "name", "'-'", "'('", "'!'", NULL};
static const char *const top_starts[] = {
	"name", "Network", "Dataflow", "Constant", "Accelerator", "param", "import", NULL,
};
static const char *const operators[] = {
	"==", "!=", "<=", ">=", "&&", "||", "'?'", "'<'", "'>'", "'+'", "'-'", "'*'", "'/'", "'%'", NULL,
};

void
pa_report_syntax(ParseState *ps, Span at, const char *found, bool at_eof,
		 const char *const *expected, int n)
{
	if (ps->fatal)
		return;
	MdfBuf b = {0};
	/* long token lists read better as "an expression" / "an operator" */
	bool expr = has_sym(expected, n, "number") && has_sym(expected, n, "'('");
	bool oper = has_sym(expected, n, "'+'") && has_sym(expected, n, "'*'");
	/* all the top-level keywords: "a declaration" (a hardware key is one too) */
	bool decl = has_sym(expected, n, "Network") && has_sym(expected, n, "import") &&
		    has_sym(expected, n, "Accelerator");
	bool eof = has_sym(expected, n, "end of file");
	int shown = 0;
	const char *items[70];
	if (oper)
		items[shown++] = "an operator";
	if (expr)
		items[shown++] = "an expression";
	for (int i = 0; i < n && shown < 64; i++) {
		const char *e = expected[i];
		if ((expr && in_set(e, expr_starts)) || (oper && in_set(e, operators)))
			continue;
		if (decl && in_set(e, top_starts))
			continue;
		if (strcmp(e, "expression start") == 0 || strcmp(e, "end of file") == 0)
			continue;
		items[shown++] = describe(ps, e);
	}
	if (decl)
		items[shown++] = "a declaration";
	if (eof)
		items[shown++] = "end of file";
	buf_puts(&b, "expected ");
	for (int i = 0; i < shown; i++) {
		if (i > 0)
			buf_puts(&b, i == shown - 1 ? " or " : ", ");
		buf_puts(&b, items[i]);
	}
	if (shown == 0)
		buf_puts(&b, "something else");
	if (at_eof) {
		buf_puts(&b, ", found end of file");
	} else {
		uint32_t len = at.hi - at.lo;
		if (len == 0)
			buf_printf(&b, ", found the end of a block");
		else if (len <= 40 && (strcmp(found, "name") == 0 || strcmp(found, "number") == 0))
			buf_printf(&b, ", found `%.*s`", (int)len, ps->text + at.lo);
		else
			buf_printf(&b, ", found %s", describe(ps, found));
	}
	Diag *dg = diag_emit(ps->ctx, DIAG_E0201, at, "%s", b.data ? b.data : "syntax error");
	buf_free(&b);
	/* keywords are case-sensitive, as in MAESTRO: point at a near miss
	   among the last three tokens (each near miss is used once) */
	int sus = recent_keyword_like(ps);
	if (sus >= 0 && ps->recent_ids[sus].at > ps->kw_used_at &&
	    ps->ntokens - ps->recent_ids[sus].at <= 3) {
		const char *word = ps->recent_ids[sus].str;
		for (size_t i = 0; i < NKEYWORDS; i++)
			if (strcasecmp_ascii(word, keywords[i])) {
				diag_note(ps->ctx, dg, ps->recent_ids[sus].span,
					  "`%s` is not a keyword; keywords are case-sensitive", word);
				diag_hint(ps->ctx, dg, "did you mean `%s`?", keywords[i]);
				break;
			}
		ps->kw_used_at = ps->recent_ids[sus].at;
	} else if (!at_eof && strcmp(found, "name") == 0 && at.hi - at.lo < 64) {
		/* a misspelt keyword where a keyword was expected: TemporalMapp */
		const char *cands[NKEYWORDS];
		size_t nc = 0;
		for (size_t i = 0; i < NKEYWORDS; i++)
			if (has_sym(expected, n, keywords[i]))
				cands[nc++] = keywords[i];
		char word[64];
		memcpy(word, ps->text + at.lo, at.hi - at.lo);
		word[at.hi - at.lo] = '\0';
		const char *sug = nc ? diag_suggest(word, cands, nc) : NULL;
		if (sug && strlen(word) >= 3)
			diag_hint(ps->ctx, dg, "did you mean `%s`?", sug);
	}
}

void
pa_report_error(ParseState *ps, Span at, const char *msg)
{
	if (ps->fatal)
		return;
	if (strstr(msg, "exhausted")) {
		if (ps->nesting_errs++ == 0)
			diag_emit(ps->ctx, DIAG_E0203, at,
				  "nesting too deep: the parser's limit of %d open constructs was reached",
				  FRONT_PARSER_MAX_DEPTH);
		ps->fatal = true;
		return;
	}
	diag_emit(ps->ctx, DIAG_E0201, at, "%s", msg);
}

/* ---- the scanner wrapper ---- */

/* Indentation (tabs to multiples of 8) of the line holding `off`, and
   whether `off` is the first non-blank byte of that line. */
static uint32_t
line_indent(const ParseState *ps, uint32_t off, bool *first)
{
	uint32_t start = off;
	while (start > 0 && ps->text[start - 1] != '\n')
		start--;
	uint32_t col = 0, i = start;
	for (; i < ps->len && (ps->text[i] == ' ' || ps->text[i] == '\t'); i++)
		col = ps->text[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
	if (first)
		*first = i == off;
	return col;
}

static void
brace_push(ParseState *ps, Span open, BraceKind kind)
{
	if (ps->nbraces == ps->capbraces) {
		uint32_t cap = ps->capbraces ? ps->capbraces * 2 : 16;
		BraceEnt *b = arena_grow(ps->ctx->arena, ps->braces, ps->nbraces, cap, sizeof *b);
		if (!b)
			return;
		ps->braces = b;
		ps->capbraces = cap;
	}
	ps->braces[ps->nbraces].open = open;
	ps->braces[ps->nbraces].kind = kind;
	ps->braces[ps->nbraces].indent = line_indent(ps, open.lo, NULL);
	ps->nbraces++;
}

static int
innermost(const ParseState *ps, BraceKind kind)
{
	for (uint32_t i = ps->nbraces; i-- > 0;) {
		if (ps->braces[i].kind == kind)
			return (int)i;
		if (ps->braces[i].kind == BR_NETWORK)
			break;
	}
	return -1;
}

/* How many braces must be open when token `tok` arrives; returns nbraces
   when the token fits where it is. */
static uint32_t
close_target(const ParseState *ps, int tok)
{
	uint32_t n = ps->nbraces;
	int lay;
	switch (tok) {
	case TOK_YYEOF:
	case TOK_NETWORK:
	case TOK_ACCELERATOR:
	case TOK_IMPORT:
		return 0;
	case TOK_LAYER:
		lay = innermost(ps, BR_LAYER);
		return lay >= 0 ? (uint32_t)lay : n;
	case TOK_TYPE:
	case TOK_STRIDE:
	case TOK_DIMENSIONS:
		lay = innermost(ps, BR_LAYER);
		return lay >= 0 ? (uint32_t)lay + 1 : n;
	case TOK_DATAFLOW:
	case TOK_TEMPORALMAP:
	case TOK_SPATIALMAP:
	case TOK_CLUSTER:
		while (n > 0 && ps->braces[n - 1].kind == BR_DIMS)
			n--;
		return n;
	default:
		return n;
	}
}

static BraceKind
kind_for(int kw)
{
	switch (kw) {
	case TOK_NETWORK: return BR_NETWORK;
	case TOK_LAYER: return BR_LAYER;
	case TOK_STRIDE:
	case TOK_DIMENSIONS: return BR_DIMS;
	case TOK_DATAFLOW:
	case TOK_CLUSTER: return BR_DATAFLOW;
	case TOK_FOR: return BR_FOR;
	default: return BR_OTHER;
	}
}

static const char *
token_words(ParseState *ps, int tok, Span loc)
{
	if (tok == TOK_YYEOF)
		return "end of file";
	return arena_printf(ps->ctx->arena, "`%.*s`", (int)(loc.hi - loc.lo), ps->text + loc.lo);
}

int
mdf_yylex(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps)
{
	int tok;
	if (ps->expr_mode && !ps->expr_started) {
		ps->expr_started = true;
		lloc->file = ps->file;
		lloc->lo = lloc->hi = 0;
		return TOK_EXPR_START;
	}
	if (ps->closing) {
		if (ps->nbraces > ps->close_to) {
			BraceEnt b = ps->braces[--ps->nbraces];
			*lloc = (Span){ps->file, ps->trigger.lo, ps->trigger.lo};
			if (b.kind != BR_INTERP) {
				Diag *d = diag_emit(ps->ctx, DIAG_E0202, b.open, "this `{` is never closed");
				if (ps->held.tok == '}')
					diag_note(ps->ctx, d, ps->trigger,
						  "expected `}` before this one, judging by the indentation");
				else
					diag_note(ps->ctx, d, ps->trigger, "expected `}` before %s",
						  token_words(ps, ps->held.tok, ps->trigger));
			}
			return '}';
		}
		ps->closing = false;
	}
	if (ps->have_held) {
		ps->have_held = false;
		tok = ps->held.tok;
		lval->num = ps->held.num;
		if (tok == TOK_IDENT || tok == TOK_STRING)
			lval->str = ps->held.str;
		*lloc = ps->held.loc;
	} else {
		if (ps->eof) {
			tok = TOK_YYEOF;
			*lloc = (Span){ps->file, (uint32_t)ps->len, (uint32_t)ps->len};
		} else {
			tok = mdf_lxlex(lval, lloc, ps->scanner);
			if (tok == TOK_YYEOF) {
				ps->eof = true;
				*lloc = (Span){ps->file, (uint32_t)ps->len, (uint32_t)ps->len};
			}
		}
		if (ps->fatal)
			return TOK_YYEOF;
		uint32_t target = close_target(ps, tok);
		if (tok == '}' && ps->indent_mode && ps->nbraces > 1 &&
		    ps->braces[ps->nbraces - 1].kind != BR_INTERP) {
			bool first;
			uint32_t col = line_indent(ps, lloc->lo, &first);
			if (first && ps->braces[ps->nbraces - 1].indent > col)
				for (uint32_t j = ps->nbraces - 1; j-- > 0;) {
					if (ps->braces[j].kind == BR_INTERP)
						break;
					if (ps->braces[j].indent == col) {
						target = j + 1;
						break;
					}
				}
		}
		if (target < ps->nbraces && !ps->expr_mode) {
			ps->unclosed_at_eof = true;
			ps->held.tok = tok;
			ps->held.num = tok == TOK_NUMBER ? lval->num : 0;
			ps->held.str = (tok == TOK_IDENT || tok == TOK_STRING) ? lval->str : NULL;
			ps->held.loc = *lloc;
			ps->have_held = true;
			ps->closing = true;
			ps->close_to = target;
			ps->trigger = *lloc;
			return mdf_yylex(lval, lloc, ps);
		}
	}
	ps->ntokens++;
	switch (tok) {
	case '{':
		brace_push(ps, *lloc, kind_for(ps->lastkw));
		ps->lastkw = 0;
		break;
	case TOK_INTERP:
		brace_push(ps, *lloc, BR_INTERP);
		break;
	case '}':
		if (ps->nbraces > 0)
			ps->nbraces--;
		break;
	case '(':
		ps->parens++;
		break;
	case ')':
		if (ps->parens > 0)
			ps->parens--;
		break;
	case TOK_NETWORK: case TOK_LAYER: case TOK_STRIDE: case TOK_DIMENSIONS:
	case TOK_DATAFLOW: case TOK_CLUSTER: case TOK_FOR: case TOK_ACCELERATOR:
		ps->lastkw = tok;
		break;
	case TOK_IDENT: {
		/* remembered for a possible "keywords are case-sensitive" note */
		uint32_t slot = ps->nrecent_ids++ % FRONT_RECENT_IDS;
		ps->recent_ids[slot].str = lval->str;
		ps->recent_ids[slot].span = *lloc;
		ps->recent_ids[slot].at = ps->ntokens;
		break;
	}
	default:
		break;
	}
	if (ps->nbraces + ps->parens > ps->ctx->opt.limits.max_nesting) {
		if (ps->nesting_errs++ == 0)
			diag_emit(ps->ctx, DIAG_E0203, *lloc,
				  "nesting too deep: more than %u open braces and parentheses",
				  ps->ctx->opt.limits.max_nesting);
		ps->fatal = true;
		return TOK_YYEOF;
	}
	return tok;
}

/* ---- driver ---- */

static AstFile *run_once(MdfCtx *ctx, Interner *strs, uint32_t file, bool expr_mode,
			 AstNode **expr, bool indent_mode, bool *unclosed);

/* Parse; when a `}` had to be supplied, parse again letting
   indentation place the missing `}` (a `}` less indented than its `{` line
   closes the blocks in between), and keep that run unless it finds more
   errors.  Only the kept run's diagnostics remain. */
static AstFile *
run(MdfCtx *ctx, Interner *strs, uint32_t file, bool expr_mode, AstNode **expr)
{
	DiagBag saved = ctx->diags;
	bool unclosed = false;
	AstFile *f = run_once(ctx, strs, file, expr_mode, expr, false, &unclosed);
	if (!unclosed || expr_mode || !f)
		return f;
	size_t errs1 = ctx->diags.nerrors;
	DiagBag first = ctx->diags;
	ctx->diags.n = saved.n;
	ctx->diags.nerrors = saved.nerrors;
	ctx->diags.nwarnings = saved.nwarnings;
	ctx->diags.dropped = saved.dropped;
	/* the first run's items live on in the arena; keep a copy to restore */
	Diag *copy = arena_array(ctx->arena, first.n + 1, sizeof *copy);
	if (!copy) {
		ctx->diags = first;
		return f;
	}
	memcpy(copy, first.items, first.n * sizeof *copy);
	AstFile *g = run_once(ctx, strs, file, expr_mode, expr, true, &unclosed);
	if (g && ctx->diags.nerrors <= errs1)
		return g;
	memcpy(ctx->diags.items, copy, first.n * sizeof *copy);
	ctx->diags.n = first.n;
	ctx->diags.nerrors = first.nerrors;
	ctx->diags.nwarnings = first.nwarnings;
	ctx->diags.dropped = first.dropped;
	return f;
}

static AstFile *
run_once(MdfCtx *ctx, Interner *strs, uint32_t file, bool expr_mode, AstNode **expr,
	 bool indent_mode, bool *unclosed)
{
	if (file >= ctx->nsources)
		return NULL;
	AstFile *f = arena_alloc(ctx->arena, sizeof *f);
	if (!f)
		return NULL;
	f->file = file;
	const Source *src = &ctx->sources[file];
	ParseState ps;
	memset(&ps, 0, sizeof ps);
	ps.ctx = ctx;
	ps.strs = strs;
	ps.file = file;
	ps.text = src->text;
	ps.len = src->len;
	ps.out = f;
	ps.expr_mode = expr_mode;
	ps.indent_mode = indent_mode;
	size_t errs_before = ctx->diags.nerrors;
	yyscan_t scanner;
	if (mdf_lxlex_init_extra(&ps, &scanner) != 0)
		return NULL;
	ps.scanner = scanner;
	YY_BUFFER_STATE bs = mdf_lx_scan_bytes(src->text, (int)src->len, scanner);
	int rc = mdf_yyparse(&ps);
	mdf_lx_delete_buffer(bs, scanner);
	mdf_lxlex_destroy(scanner);
	f->ok = rc == 0 && ctx->diags.nerrors == errs_before;
	if (expr)
		*expr = ps.expr_out;
	*unclosed = ps.unclosed_at_eof;
	return f;
}

AstFile *
front_parse(MdfCtx *ctx, Interner *strs, uint32_t file)
{
	return run(ctx, strs, file, false, NULL);
}

AstNode *
front_parse_expr(MdfCtx *ctx, Interner *strs, uint32_t file)
{
	AstNode *e = NULL;
	AstFile *f = run(ctx, strs, file, true, &e);
	return f && f->ok ? e : NULL;
}

size_t
front_tokens(MdfCtx *ctx, Interner *strs, uint32_t file, FrontToken *out, size_t max)
{
	if (file >= ctx->nsources || max == 0)
		return 0;
	const Source *src = &ctx->sources[file];
	ParseState ps;
	memset(&ps, 0, sizeof ps);
	ps.ctx = ctx;
	ps.strs = strs;
	ps.file = file;
	ps.text = src->text;
	ps.len = src->len;
	yyscan_t scanner;
	if (mdf_lxlex_init_extra(&ps, &scanner) != 0)
		return 0;
	ps.scanner = scanner;
	YY_BUFFER_STATE bs = mdf_lx_scan_bytes(src->text, (int)src->len, scanner);
	size_t n = 0;
	for (;;) {
		MDF_YYSTYPE v;
		Span loc;
		memset(&v, 0, sizeof v);
		int tok = mdf_yylex(&v, &loc, &ps);
		FrontToken t = {tok, tok == TOK_NUMBER ? v.num : 0,
				(tok == TOK_IDENT || tok == TOK_STRING) ? v.str : NULL, loc};
		out[n++] = t;
		if (tok == TOK_YYEOF || n == max)
			break;
	}
	mdf_lx_delete_buffer(bs, scanner);
	mdf_lxlex_destroy(scanner);
	return n;
}
