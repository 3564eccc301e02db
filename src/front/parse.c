/*
** parse.c: one source file -> AstFile.
**
** Glue between the flex scanner (grammar/mdf.l) and the bison parser
** (grammar/mdf.y), and syntax-error reporting; the builders the grammar's
** actions call are in ast.c.
**
** Two parsers are built from the one grammar (CMakeLists.txt): the plain
** one parses every file; when it meets a syntax error it only counts it and
** stops, its diagnostics are rolled back and the LAC one (lookahead
** correction, exact expected-token lists) parses the file again and
** reports.  Both accept the same texts with the same actions, so a file
** without syntax errors gets the same tree either way.
**
** The scanner wrapper mdf_yylex() does two jobs the grammar cannot do well:
**   - unclosed-brace repair: it tracks open braces and the keyword that
**     opened each; a token that cannot stand inside the innermost open block
**     (`Layer` inside a layer, `Network` anywhere, end of file...) makes it
**     report E0202 at the unclosed `{` and hand the parser the missing `}`
**     first, so the rest of the file parses normally;
**   - the nesting limit (E0203): more than limits.max_nesting open braces or
**     parentheses stop the parse before any deep recursion can happen.
** Its fast path (plain parser) hands most tokens straight through; only
** braces, parentheses, block keywords and end of file are looked at.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "front/front.h"
#include "front/parse_actions.h"
#include "mdf_parser.h"
#include "mdf_lexer.h"
#include "front/next_token.h"

/* The LAC build of the same grammar (CMakeLists.txt renames its entry). */
int mdf_yyparse_lac(ParseState *ps);

/* ---- syntax errors ---- */

/* The plain parser (no LAC) only notes that the file has a syntax error and
   stops: run_once() parses the file again with the LAC parser, whose
   reports are the ones kept.  True when the report is to be skipped. */
static bool
plain_parse_error(ParseState *ps)
{
	if (ps->full)
		return false;
	ps->syntax_errors++;
	ps->fatal = ps->slow = true;
	return true;
}

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
	if (plain_parse_error(ps) || ps->fatal)
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
	if (plain_parse_error(ps) || ps->fatal)
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
	BraceEnt *b = arena_push_room(ps->ctx->arena, ps->braces, ps->nbraces, &ps->capbraces, 16, true);
	if (!b)
		return;
	ps->braces = b;
	ps->braces[ps->nbraces].open = open;
	ps->braces[ps->nbraces].kind = kind;
	/* read only when indentation places missing braces */
	ps->braces[ps->nbraces].indent = ps->indent_mode ? line_indent(ps, open.lo, NULL) : 0;
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

/* Whether the next call must take the slow path: the LAC parse and the
   token stream for tools (ps->full) keep every token's bookkeeping; an
   expression's start token, virtual `}`s, a held token, end of file and a
   fatal error are handled there too. */
static void
set_slow(ParseState *ps)
{
	ps->slow = ps->full || (ps->expr_mode && !ps->expr_started) || ps->closing ||
		   ps->have_held || ps->eof || ps->fatal;
}

/* The bookkeeping of a token handed to the parser: open braces and their
   kinds, parentheses, the nesting limit and (slow path) the recent
   identifiers for the "keywords are case-sensitive" note. */
static int
account(ParseState *ps, int tok, const MDF_YYSTYPE *lval, const MDF_YYLTYPE *lloc)
{
	if (ps->full)
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
		return tok;
	case '(':
		ps->parens++;
		break;
	case ')':
		if (ps->parens > 0)
			ps->parens--;
		return tok;
	case TOK_NETWORK: case TOK_LAYER: case TOK_STRIDE: case TOK_DIMENSIONS:
	case TOK_DATAFLOW: case TOK_CLUSTER: case TOK_FOR: case TOK_ACCELERATOR:
		ps->lastkw = tok;
		return tok;
	case TOK_IDENT:
		if (ps->full) {
			/* remembered for a possible "keywords are case-sensitive" note */
			uint32_t slot = ps->nrecent_ids++ % FRONT_RECENT_IDS;
			ps->recent_ids[slot].str = lval->str;
			ps->recent_ids[slot].span = *lloc;
			ps->recent_ids[slot].at = ps->ntokens;
		}
		return tok;
	default:
		return tok;
	}
	/* only an opening brace or parenthesis can pass the limit */
	if (ps->nbraces + ps->parens > ps->max_nesting) {
		if (ps->nesting_errs++ == 0)
			diag_emit(ps->ctx, DIAG_E0203, *lloc,
				  "nesting too deep: more than %u open braces and parentheses",
				  ps->max_nesting);
		ps->fatal = ps->slow = true;
		return TOK_YYEOF;
	}
	return tok;
}

/* A token fresh from the scanner: end of file, the unclosed-brace repair
   (hold the token back and deliver the missing `}`s first), then the
   bookkeeping. */
static int
after_scan(ParseState *ps, int tok, MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc)
{
	if (tok == TOK_YYEOF) {
		ps->eof = ps->slow = true;
		*lloc = (Span){ps->file, (uint32_t)ps->len, (uint32_t)ps->len};
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
		ps->slow = true;
		return front_lex_slow(lval, lloc, ps);
	}
	return account(ps, tok, lval, lloc);
}

int
front_lex_slow(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps)
{
	int tok;
	if (ps->expr_mode && !ps->expr_started) {
		ps->expr_started = true;
		set_slow(ps);
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
		set_slow(ps);
		tok = ps->held.tok;
		lval->num = ps->held.num;
		if (tok == TOK_IDENT || tok == TOK_STRING)
			lval->str = ps->held.str;
		*lloc = ps->held.loc;
		return account(ps, tok, lval, lloc);
	}
	if (ps->eof)
		return after_scan(ps, TOK_YYEOF, lval, lloc);
	ps->raw = true;
	tok = mdf_lxlex(lval, lloc, ps->scanner);
	ps->raw = false;
	return after_scan(ps, tok, lval, lloc);
}

int
front_lex_other(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps, int tok)
{
	/* after_scan() in short for the usual cases: nothing to close
	   (close_target), then account()'s bookkeeping; front_lex_hook()
	   (next_token.h) has already taken the block keywords and `}` that
	   close nothing */
	switch (tok) {
	case '(':
		ps->parens--;
		return account(ps, tok, lval, lloc);
	case '{':
		return account(ps, tok, lval, lloc);
	default:
		return after_scan(ps, tok, lval, lloc);
	}
}

int
mdf_yylex(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps)
{
	return front_next_token(lval, lloc, ps);
}

/* ---- driver ---- */

/* A parse state over source `file` with its scanner; false on failure. */
static bool
state_open(ParseState *ps, MdfCtx *ctx, Interner *strs, uint32_t file, bool full, void **buffer)
{
	const Source *src = &ctx->sources[file];
	memset(ps, 0, sizeof *ps);
	ps->ctx = ctx;
	ps->strs = strs;
	ps->file = file;
	ps->text = src->text;
	ps->len = src->len;
	ps->full = full;
	ps->max_nesting = ctx->opt.limits.max_nesting;
	yyscan_t scanner;
	if (mdf_lxlex_init_extra(ps, &scanner) != 0)
		return false;
	ps->scanner = scanner;
	/* the plain parse takes compound tokens (grammar/mdf.l) */
	if (!full)
		mdf_lx_fast(scanner);
	/* The scanner reads the source in place (it ends with the two NUL
	   bytes flex wants): flex writes a NUL after each token it hands out
	   and puts the byte back when it scans on; state_close() puts back
	   the last one, so the text is whole again when a parse ends. */
	YY_BUFFER_STATE b = src->len <= INT_MAX - 2 ?
		mdf_lx_scan_buffer((char *)src->text, src->len + 2, scanner) : NULL;
	if (!b) {
		mdf_lxlex_destroy(scanner);
		return false;
	}
	*buffer = b;
	ps->base = src->text;   /* a span's lo is yytext - base */
	return true;
}

static void
state_close(ParseState *ps, void *buffer)
{
	mdf_lx_restore_text(ps->scanner);
	mdf_lx_delete_buffer(buffer, ps->scanner);
	mdf_lxlex_destroy(ps->scanner);
}

/* One parse of `file`.  The plain parser runs first; when it meets a
   syntax error, what it recorded is forgotten and the LAC parser parses
   the file again: the two accept the same texts with the same actions,
   and the LAC parser's expected-token lists are the messages' (the
   golden front-end tests pin them). */
static AstFile *
run_once(MdfCtx *ctx, Interner *strs, uint32_t file, bool expr_mode, AstNode **expr,
	 bool indent_mode, bool *unclosed)
{
	if (file >= ctx->nsources)
		return NULL;
	DiagMark mark = diag_mark(&ctx->diags);
	for (int full = 0; full <= 1; full++) {
		AstFile *f = arena_alloc(ctx->arena, sizeof *f);
		if (!f)
			return NULL;
		f->file = file;
		ParseState ps;
		void *buffer;
		if (!state_open(&ps, ctx, strs, file, full, &buffer))
			return NULL;
		ps.out = f;
		ps.expr_mode = expr_mode;
		ps.indent_mode = indent_mode;
		set_slow(&ps);
		int rc = full ? mdf_yyparse_lac(&ps) : mdf_yyparse(&ps);
		state_close(&ps, buffer);
		if (!full && ps.syntax_errors) {
			diag_rollback(&ctx->diags, mark);
			continue;
		}
		f->ok = rc == 0 && ctx->diags.nerrors == mark.nerrors;
		if (expr)
			*expr = ps.expr_out;
		*unclosed = ps.unclosed_at_eof;
		return f;
	}
	return NULL;
}

/* Parse; when a `}` had to be supplied, parse again letting
   indentation place the missing `}` (a `}` less indented than its `{`
   line closes the blocks in between), and keep that run unless it finds more
   errors.  Only the kept run's diagnostics remain. */
static AstFile *
run(MdfCtx *ctx, Interner *strs, uint32_t file, bool expr_mode, AstNode **expr)
{
	DiagMark before = diag_mark(&ctx->diags);
	bool unclosed = false;
	AstFile *f = run_once(ctx, strs, file, expr_mode, expr, false, &unclosed);
	if (!unclosed || expr_mode || !f)
		return f;
	DiagSaved first;
	if (!diag_save(ctx, before, &first))
		return f;
	diag_rollback(&ctx->diags, before);
	AstFile *g = run_once(ctx, strs, file, expr_mode, expr, true, &unclosed);
	if (g && ctx->diags.nerrors <= first.to.nerrors)
		return g;
	diag_restore(&ctx->diags, &first);
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
	ParseState ps;
	void *buffer;
	if (!state_open(&ps, ctx, strs, file, true, &buffer))
		return 0;
	set_slow(&ps);
	size_t n = 0;
	for (;;) {
		MDF_YYSTYPE v;
		Span loc = {file, 0, 0};
		memset(&v, 0, sizeof v);
		int tok = mdf_yylex(&v, &loc, &ps);
		FrontToken t = {tok, tok == TOK_NUMBER ? v.num : 0,
				(tok == TOK_IDENT || tok == TOK_STRING) ? v.str : NULL, loc};
		out[n++] = t;
		if (tok == TOK_YYEOF || n == max)
			break;
	}
	state_close(&ps, buffer);
	return n;
}
