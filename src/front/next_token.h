/*
** next_token.h: the parser's token source (both parsers' yylex and
** src/front/parse.c).
**
** Included only where the parser's value and location types are defined
** (MDF_YYSTYPE, MDF_YYLTYPE: inside the generated parsers' code, the
** scanner, and after mdf_parser.h).  The parser calls the flex scanner
** directly: the scanner hands most tokens straight back, sends the few
** the wrapper must see (braces, block keywords, end of file) through
** front_lex_other(), counts parentheses towards the nesting limit, and
** gives way to front_lex_slow() whenever the slow path is on.
** src/front/parse.c documents the wrapper's jobs.
*/
#ifndef MDFC_NEXT_TOKEN_H
#define MDFC_NEXT_TOKEN_H

#include "front/front.h"

int mdf_lxlex(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, void *scanner);
void mdf_lx_restore_text(void *scanner);       /* grammar/mdf.l */
void mdf_lx_fast(void *scanner);               /* grammar/mdf.l */
int front_lex_slow(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps);
int front_lex_other(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps, int tok);

/* A token the wrapper must see, from the scanner's fast path.  Its usual
   cases are decided here, inline in the scanner's action (the token is a
   constant there): a block keyword where nothing needs closing (the
   innermost block is not a Stride or Dimensions one, or for Type, Stride
   and Dimensions it is the layer itself), and `}` outside indentation
   mode, which closes one block.  Everything else goes to
   front_lex_other(), src/front/parse.c. */
static inline int
front_lex_hook(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps, int tok)
{
	uint32_t n = ps->nbraces;
	BraceKind top = n ? ps->braces[n - 1].kind : BR_OTHER;
	switch (tok) {
	case TOK_TEMPORALMAP:
	case TOK_SPATIALMAP:
		if (top != BR_DIMS)
			return tok;
		break;
	case TOK_DATAFLOW:
	case TOK_CLUSTER:
		if (top != BR_DIMS) {
			ps->lastkw = tok;
			return tok;
		}
		break;
	case TOK_TYPE:
	case TOK_STRIDE:
	case TOK_DIMENSIONS:
		if (n > 0 && top == BR_LAYER) {
			if (tok != TOK_TYPE)
				ps->lastkw = tok;
			return tok;
		}
		break;
	case '}':
		if (!ps->indent_mode) {
			if (n > 0)
				ps->nbraces--;
			return tok;
		}
		break;
	default:
		break;
	}
	return front_lex_other(lval, lloc, ps, tok);
}

static inline int
front_next_token(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps)
{
	return mdf_lxlex(lval, lloc, ps->scanner);
}

#endif
