/*
** next_token.h: the parser's token source, inlined into both parsers
** (grammar/mdf.y's yylex) and src/front/parse.c.
**
** Included only where the parser's value and location types are defined
** (MDF_YYSTYPE, MDF_YYLTYPE: inside the generated parsers' code and after
** mdf_parser.h).  The fast path hands a token from the flex scanner
** straight to the parser unless front_tok_class names it: a parenthesis
** counts towards the nesting limit here, everything else named there
** (braces, block keywords, end of file) and every token of the slow path
** goes through src/front/parse.c, which documents the wrapper's jobs.
*/
#ifndef MDFC_NEXT_TOKEN_H
#define MDFC_NEXT_TOKEN_H

#include "front/front.h"

/* What the fast path does with a token: most tokens need nothing. */
enum { TC_PLAIN, TC_LPAREN, TC_RPAREN, TC_OTHER };
#define TC_TOKENS 512            /* above every TOK_* (bison numbers them from 258) */
extern const unsigned char front_tok_class[TC_TOKENS];

int mdf_lxlex(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, void *scanner);
int front_lex_slow(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps);
int front_lex_other(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps, int tok);

static inline int
front_next_token(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps)
{
	if (ps->slow)
		return front_lex_slow(lval, lloc, ps);
	int tok = mdf_lxlex(lval, lloc, ps->scanner);
	switch (front_tok_class[tok]) {
	case TC_PLAIN:
		return tok;
	case TC_LPAREN:
		if (++ps->parens + ps->nbraces <= ps->max_nesting)
			return tok;
		return front_lex_other(lval, lloc, ps, tok);
	case TC_RPAREN:
		if (ps->parens > 0)
			ps->parens--;
		return tok;
	default:
		return front_lex_other(lval, lloc, ps, tok);
	}
}

#endif
