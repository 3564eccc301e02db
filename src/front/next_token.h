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
int front_lex_slow(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps);
int front_lex_other(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps, int tok);

static inline int
front_next_token(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps)
{
	return mdf_lxlex(lval, lloc, ps->scanner);
}

#endif
