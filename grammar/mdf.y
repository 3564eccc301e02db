/* placeholder: replaced by the real grammar */
%define api.pure full
%define api.prefix {mdf_yy}
%code requires { typedef void *yyscan_t; }
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner}
%code { int mdf_yylex(MDF_YYSTYPE *lval, yyscan_t scanner); static void mdf_yyerror(yyscan_t s, const char *m) { (void)s; (void)m; } }
%token X
%%
start: %empty | start X ;
%%
