/*
** test_lexer.c: the scanner (grammar/mdf.l) through the wrapper the parser
** uses: token kinds, values, exact byte spans, and lexical errors.
*/
#include <stdio.h>
#include <string.h>
#include "front/front.h"
#include "mdf_parser.h"
#include "unit.h"

const char *SUITE = "lexer";

typedef struct Lexed {
	MdfCtx *ctx;
	FrontToken t[256];
	size_t n;
} Lexed;

static Lexed *
lex(const char *text)
{
	static Lexed L;     /* one at a time; freed by done() */
	L.ctx = unit_ctx();
	uint32_t f = mdf_ctx_add_source(L.ctx, "t.mdf", NULL, text, strlen(text));
	Interner strs = {0};
	L.n = front_tokens(L.ctx, &strs, f, L.t, 256);
	return &L;
}

static void
done(Lexed *L)
{
	mdf_ctx_free(L->ctx);
}

static bool
span_is(const FrontToken *t, uint32_t lo, uint32_t hi)
{
	return t->span.lo == lo && t->span.hi == hi;
}

static void
test_tokens(void)
{
	/*                 0         1         2         3
	                   0123456789012345678901234567890123456 */
	Lexed *L = lex("Layer Conv2d-1 { Y': 224, x' }");
	/* Layer, Conv2d, -, 1, {, Y', :, 224, ,, x, (bad '), }, EOF */
	CU_ASSERT_EQUAL_FATAL(L->n, 12);
	CU_ASSERT(L->t[0].tok == TOK_LAYER && span_is(&L->t[0], 0, 5));
	CU_ASSERT(L->t[1].tok == TOK_IDENT && strcmp(L->t[1].str, "Conv2d") == 0 && span_is(&L->t[1], 6, 12));
	CU_ASSERT(L->t[2].tok == '-' && span_is(&L->t[2], 12, 13));
	CU_ASSERT(L->t[3].tok == TOK_NUMBER && L->t[3].num == 1 && span_is(&L->t[3], 13, 14));
	CU_ASSERT(L->t[4].tok == '{');
	CU_ASSERT(L->t[5].tok == TOK_IDENT && strcmp(L->t[5].str, "Y'") == 0 && span_is(&L->t[5], 17, 19));
	CU_ASSERT(L->t[6].tok == ':');
	CU_ASSERT(L->t[7].tok == TOK_NUMBER && L->t[7].num == 224 && span_is(&L->t[7], 21, 24));
	CU_ASSERT(L->t[8].tok == ',');
	/* only Y and X take a prime: x' is `x` and a bad character */
	CU_ASSERT(L->t[9].tok == TOK_IDENT && strcmp(L->t[9].str, "x") == 0);
	CU_ASSERT(L->t[10].tok == '}' && span_is(&L->t[10], 29, 30));
	CU_ASSERT(L->t[11].tok == 0 && span_is(&L->t[11], 30, 30));
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 1);
	CU_ASSERT(L->ctx->diags.items[0].code == DIAG_E0101 && L->ctx->diags.items[0].span.lo == 27);
	/* identifiers are interned: equal names are one pointer */
	done(L);

	L = lex("for i in 0..N { ${i} } a.b.c == != <= >= && || \"p/q.mdf\" Sz(R) SzK");
	int want[] = {TOK_FOR, TOK_IDENT, TOK_IN, TOK_NUMBER, TOK_DOTDOT, TOK_IDENT, '{',
		      TOK_INTERP, TOK_IDENT, '}', '}', TOK_IDENT, TOK_EQ, TOK_NE, TOK_LE, TOK_GE,
		      TOK_ANDAND, TOK_OROR, TOK_STRING, TOK_IDENT, '(', TOK_IDENT, ')', TOK_IDENT, 0};
	CU_ASSERT_EQUAL_FATAL(L->n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < L->n; i++)
		CU_ASSERT_EQUAL(L->t[i].tok, want[i]);
	CU_ASSERT_STRING_EQUAL(L->t[11].str, "a.b.c");   /* dotted names, MAESTRO-style */
	CU_ASSERT_STRING_EQUAL(L->t[18].str, "p/q.mdf");
	CU_ASSERT_STRING_EQUAL(L->t[23].str, "SzK");     /* not Sz + K */
	CU_ASSERT_EQUAL(L->ctx->diags.n, 0);
	done(L);
}

static void
test_comments_and_keywords(void)
{
	Lexed *L = lex("// line\nNetwork /* block\n * more */ network Type //x\n");
	CU_ASSERT_EQUAL_FATAL(L->n, 4);
	CU_ASSERT(L->t[0].tok == TOK_NETWORK && span_is(&L->t[0], 8, 15));
	/* keywords are case-sensitive: `network` is a name; 8 + "Network " 8 +
	   the 19-byte comment + a space = 36 */
	CU_ASSERT(L->t[1].tok == TOK_IDENT && span_is(&L->t[1], 36, 43));
	CU_ASSERT(L->t[2].tok == TOK_TYPE);
	CU_ASSERT_EQUAL(L->ctx->diags.n, 0);
	done(L);
}

static void
test_numbers(void)
{
	/* -4 is `-` then 4: the parser makes it a negative number */
	Lexed *L = lex("-4 0 007 9223372036854775807");
	CU_ASSERT_EQUAL_FATAL(L->n, 6);
	CU_ASSERT(L->t[0].tok == '-' && L->t[1].tok == TOK_NUMBER && L->t[1].num == 4);
	CU_ASSERT(L->t[2].num == 0 && L->t[3].num == 7);
	CU_ASSERT(L->t[4].num == INT64_MAX && span_is(&L->t[4], 9, 28));
	CU_ASSERT_EQUAL(L->ctx->diags.n, 0);
	done(L);

	/* one more than 2^63 - 1: E0103 over the whole literal */
	L = lex("K: 9223372036854775808;");
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 1);
	CU_ASSERT(L->ctx->diags.items[0].code == DIAG_E0103);
	CU_ASSERT(L->ctx->diags.items[0].span.lo == 3 && L->ctx->diags.items[0].span.hi == 22);
	done(L);

	/* MAESTRO's atoi reads these as 16, 8, 0 and 1: each is one malformed token */
	L = lex("16abc 8.9 0x10 1e3 0..3");
	CU_ASSERT_EQUAL_FATAL(L->n, 8);
	CU_ASSERT(span_is(&L->t[0], 0, 5) && span_is(&L->t[1], 6, 9));
	CU_ASSERT(span_is(&L->t[2], 10, 14) && span_is(&L->t[3], 15, 18));
	/* but a range is not a decimal number */
	CU_ASSERT(L->t[4].tok == TOK_NUMBER && L->t[5].tok == TOK_DOTDOT && L->t[6].num == 3);
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 4);
	for (size_t i = 0; i < L->ctx->diags.n; i++)
		CU_ASSERT_EQUAL(L->ctx->diags.items[i].code, DIAG_E0102);
	CU_ASSERT_EQUAL(L->ctx->diags.items[1].span.lo, 6);
	CU_ASSERT_EQUAL(L->ctx->diags.items[1].span.hi, 9);
	done(L);
}

static void
test_lexical_errors(void)
{
	/* unterminated comment: error at the opening, then end of file */
	Lexed *L = lex("Network /* no end\nLayer");
	CU_ASSERT_EQUAL_FATAL(L->n, 2);
	CU_ASSERT(L->t[1].tok == 0);
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 1);
	CU_ASSERT(L->ctx->diags.items[0].code == DIAG_E0104 &&
		  L->ctx->diags.items[0].span.lo == 8 && L->ctx->diags.items[0].span.hi == 10);
	done(L);

	/* bad characters are skipped, each reported once */
	L = lex("K @ # $ \x01 C");
	CU_ASSERT_EQUAL_FATAL(L->n, 3);
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 4);
	CU_ASSERT_STRING_EQUAL(L->ctx->diags.items[0].msg, "unexpected character '@'");
	CU_ASSERT_STRING_EQUAL(L->ctx->diags.items[3].msg, "unexpected byte 0x01");
	CU_ASSERT(L->ctx->diags.items[3].span.lo == 8 && L->ctx->diags.items[3].span.hi == 9);
	done(L);

	/* a byte-order mark is skipped at the start, an error elsewhere */
	L = lex("\xEF\xBB\xBFparam \xEF\xBB\xBF");
	CU_ASSERT_EQUAL_FATAL(L->n, 2);
	CU_ASSERT(L->t[0].tok == TOK_PARAM && span_is(&L->t[0], 3, 8));
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 1);
	CU_ASSERT(L->ctx->diags.items[0].span.lo == 9 && L->ctx->diags.items[0].span.hi == 12);
	done(L);

	/* a string must end on its line */
	L = lex("import \"abc\nx");
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 1);
	CU_ASSERT(L->ctx->diags.items[0].code == DIAG_E0105);
	CU_ASSERT(L->t[1].tok == TOK_STRING && strcmp(L->t[1].str, "abc") == 0);
	done(L);
}

static void
test_brace_repair(void)
{
	/* `Layer` inside an open layer: the wrapper inserts `}` before it */
	Lexed *L = lex("Network n { Layer a { Type: CONV Layer b { } }");
	/* Network n { Layer a { Type : CONV } Layer b { } } EOF */
	int want[] = {TOK_NETWORK, TOK_IDENT, '{', TOK_LAYER, TOK_IDENT, '{', TOK_TYPE, ':',
		      TOK_IDENT, '}', TOK_LAYER, TOK_IDENT, '{', '}', '}', 0};
	CU_ASSERT_EQUAL_FATAL(L->n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < L->n; i++)
		CU_ASSERT_EQUAL(L->t[i].tok, want[i]);
	/* the inserted `}` is empty, just before `Layer b` (offset 33) */
	CU_ASSERT(span_is(&L->t[9], 33, 33));
	CU_ASSERT_EQUAL(L->ctx->diags.nerrors, 1);
	CU_ASSERT(L->ctx->diags.items[0].code == DIAG_E0202 && L->ctx->diags.items[0].span.lo == 20);
	done(L);
}

CU_TestInfo TESTS[] = {
	{"tokens and spans", test_tokens},
	{"comments and keywords", test_comments_and_keywords},
	{"numbers", test_numbers},
	{"lexical errors", test_lexical_errors},
	{"brace repair", test_brace_repair},
	CU_TEST_INFO_NULL,
};
