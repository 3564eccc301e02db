/*
** mdf.y: the .mdf grammar (pure bison parser).
**
** Takes tokens from src/front/parse.c's scanner wrapper, produces an AstFile.
** Actions only build nodes (ast_* builders): no name resolution, no
** evaluation, no dependence on anything but the tokens (PostgreSQL's rule).
** MAESTRO's punctuation is mostly cosmetic, so `;` after an item, `:` after a
** key and `,` between entries are optional wherever MAESTRO's own files leave
** them out (`Type: CONV`, `N 4`, `C: 192 R: 1`, hardware files).
**
** Error recovery: every list (top items, network items, layer items,
** dataflow items, entries) has an `error` alternative, so the parser
** resynchronises at the next token that can start an item and keeps going.
** Missing `}` are mostly repaired before the parser sees them (parse.c
** inserts the brace and reports E0202 at the opening `{`).
*/
%define api.pure full
%define api.prefix {mdf_yy}
%define api.token.prefix {TOK_}
%define api.location.type {Span}
%define parse.error custom
/* Lookahead correction (LAC) is not set here: the build makes this grammar
   twice, plainly (mdf_yyparse, every parse) and with -Dparse.lac=full
   (mdf_yyparse_lac, CMakeLists.txt).  LAC costs about a third of the
   parse, and only the expected-token lists of syntax errors need it, so
   src/front/parse.c re-parses a file with the LAC parser only after the
   plain one met an error. */
%locations
%expect 0
%param {ParseState *ps}

%code requires {
#include "front/front.h"
}

%code provides {
#define YYSTYPE MDF_YYSTYPE
#define YYLTYPE MDF_YYLTYPE
int mdf_yylex(MDF_YYSTYPE *lval, MDF_YYLTYPE *lloc, ParseState *ps);
void mdf_yyerror(MDF_YYLTYPE *lloc, ParseState *ps, const char *msg);
int mdf_yyparse(ParseState *ps);
}

%code {
#include <string.h>
#include "front/parse_actions.h"
#include "front/next_token.h"
/* the token source, inlined (src/front/next_token.h) */
#undef yylex
#define yylex front_next_token

/* Bound the parser stack: an expression nested deeper than this reports
   E0203 (through yyerror's "memory exhausted") instead of eating memory. */
#define YYMAXDEPTH FRONT_PARSER_MAX_DEPTH

/* The span from the start of `a` to the end of `b`; and the list
   appends of the written-out item rules (each item is its list's
   alternative, so that it costs one reduction, not one per level). */
#define SPAN2(a, b) ((Span){(a).file, (a).lo, (b).hi})
#define PUSH(list, node) pa_push(ps, &(list), (node))
#define ENTRY(list, ks, key, v, vs) PUSH(list, pa_entry(ps, SPAN2(ks, vs), key, ks, v))
#define BLOCK(list, kind, from, items, to) PUSH(list, pa_block(ps, kind, SPAN2(from, to), items))
#define MAP(list, spatial, from, size, offset, close, dim, ds, to) \
	PUSH(list, pa_map_dim(ps, SPAN2(from, to), pa_map(ps, SPAN2(from, close), spatial, size, offset), dim, ds))

#define YYLLOC_DEFAULT(Cur, Rhs, N) \
	do { \
		if (N) { \
			(Cur).file = YYRHSLOC(Rhs, 1).file; \
			(Cur).lo = YYRHSLOC(Rhs, 1).lo; \
			(Cur).hi = YYRHSLOC(Rhs, N).hi; \
		} else { \
			(Cur).file = YYRHSLOC(Rhs, 0).file; \
			(Cur).lo = (Cur).hi = YYRHSLOC(Rhs, 0).hi; \
		} \
	} while (0)
}

%initial-action {
	@$.file = ps->file;
	@$.lo = @$.hi = 0;
}

%union {
	int64_t num;
	const char *str;
	AstNode *node;
	AstList list;
	struct { AstNode *a, *b; } pair;
}

%token <num> NUMBER "number"
%token <str> IDENT "name"
%token <str> STRING "string"
%token NETWORK "Network" LAYER "Layer" TYPE "Type" STRIDE "Stride"
%token DIMENSIONS "Dimensions" DATAFLOW "Dataflow"
%token TEMPORALMAP "TemporalMap" SPATIALMAP "SpatialMap" CLUSTER "Cluster"
%token CONSTANT "Constant" ACCELERATOR "Accelerator" PARAM "param"
%token IMPORT "import" FOR "for" IN "in"
%token SEARCH "Search"
%token INTERP "${" DOTDOT ".." EQ "==" NE "!=" LE "<=" GE ">="
%token ANDAND "&&" OROR "||"
/* Compound tokens, from the plain parse's scanner only (grammar/mdf.l):
   `(A,B)` (B a bare name: PAIR_NAME) with the two arguments' nodes, and
   a dimension entry `K: 64,` as its node.  Each stands where its token
   sequence would, with the same action; anywhere else it is a syntax
   error of the plain parse, and the LAC parse never sees one. */
%token <pair> PAIR "two arguments" PAIR_NAME "two arguments, a name last"
%token <node> ENTRY "an entry"
/* Sent first by the scanner wrapper when parsing a lone expression (-D). */
%token EXPR_START "expression start"

%nterm <node> top_item net_item layer_item df_item name_piece name opt_name expr
%nterm <list> top_items net_items layer_items df_items entries name_pieces
%nterm <list> opt_params idents opt_args args
%nterm <node> for_head
%nterm <str> opt_ident opt_ctype
%nterm <node> cluster_head
%nterm <node> search_item svalue opt_sarg
%nterm <list> search_items svalues

%right '?' ':'
%left OROR
%left ANDAND
%nonassoc EQ NE '<' LE '>' GE
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY

%%

start
	: top_items                     { ps->out->items = $1; }
	| EXPR_START expr               { pa_set_expr(ps, $2); }
	;

top_items
	: %empty                        { pa_list_init(&$$); }
	| top_items top_item            { $$ = $1; pa_push(ps, &$$, $2); }
	;

semi
	: %empty
	| ';'
	;

colon
	: %empty
	| ':'
	;

sep
	: %empty
	| ','
	| ';'
	;

top_item
	: IMPORT STRING semi            { $$ = pa_import(ps, @$, $2, @2); }
	| PARAM IDENT '=' expr semi     { $$ = pa_param(ps, @$, $2, @2, $4, false); }
	| CONSTANT IDENT colon expr semi { $$ = pa_param(ps, @$, $2, @2, $4, true); }
	| NETWORK opt_name '{' net_items '}'
	                                { $$ = pa_network(ps, @$, $2, $4, @3); }
	| ACCELERATOR opt_ident '{' entries '}'
	                                { $$ = pa_accel(ps, @$, $2, @2, $4); }
	| DATAFLOW IDENT opt_params '{' df_items '}'
	                                { $$ = pa_dfdef(ps, @$, $2, @2, $3, $5); }
	| IDENT colon expr semi         { $$ = pa_entry(ps, @$, $1, @1, $3); }
	| error                         { $$ = NULL; }
	| error skip_block              { $$ = NULL; }
	;

/* After an error, a block that follows is skipped whole (braces balanced),
   so its contents cannot cascade into more errors. */
skip_block
	: '{' soup '}'
	| INTERP soup '}'
	;

soup
	: %empty
	| soup soup_token
	| soup skip_block
	;

soup_token
	: NUMBER { (void)$1; } | IDENT { (void)$1; } | STRING { (void)$1; }
	| NETWORK | LAYER | TYPE | STRIDE | DIMENSIONS | DATAFLOW | TEMPORALMAP
	| SPATIALMAP | CLUSTER | CONSTANT | ACCELERATOR | PARAM | IMPORT | FOR | IN | SEARCH
	| DOTDOT | EQ | NE | LE | GE | ANDAND | OROR | '?' | ':' | '<' | '>' | '+'
	| '-' | '*' | '/' | '%' | ';' | ',' | '=' | '(' | ')' | '!'
	;

opt_ident
	: %empty                        { $$ = NULL; }
	| IDENT                         { $$ = $1; }
	;

opt_params
	: %empty                        { pa_list_init(&$$); }
	| '(' ')'                       { pa_list_init(&$$); }
	| '(' idents ')'                { $$ = $2; }
	;

idents
	: IDENT                         { pa_list_init(&$$); pa_push(ps, &$$, pa_text(ps, @1, $1)); }
	| idents ',' IDENT              { $$ = $1; pa_push(ps, &$$, pa_text(ps, @3, $3)); }
	;

opt_args
	: %empty                        { pa_list_init(&$$); }
	| PAIR                          { pa_list1(ps, &$$, $1.a); pa_push(ps, &$$, $1.b); }
	| PAIR_NAME                     { pa_list1(ps, &$$, $1.a); pa_push(ps, &$$, $1.b); }
	| '(' ')'                       { pa_list_init(&$$); }
	| '(' expr ')'                  { pa_list1(ps, &$$, $2); }
	| '(' args ')'                  { $$ = $2; }
	;

/* Two arguments or more (one is written out where args are taken, so
   that `Sz(R)` costs no list reduction). */
args
	: expr ',' expr                 { pa_list1(ps, &$$, $1); pa_push(ps, &$$, $3); }
	| args ',' expr                 { $$ = $1; pa_push(ps, &$$, $3); }
	;

/* Layer and network names: pieces written without spaces between them.
   `Conv2d-1` is one name (MAESTRO would read it as `1`), `conv_${i}_a`
   interpolates, and a quoted piece ("conv 1") may hold any character. */
opt_name
	: %empty                        { $$ = NULL; }
	| name                          { $$ = $1; }
	;

name
	: name_pieces                   { $$ = pa_name(ps, @$, $1); }
	;

name_pieces
	: name_piece                    { pa_list_init(&$$); pa_push(ps, &$$, $1); }
	| name_pieces name_piece        { $$ = $1; pa_name_adjacent(ps, &$$, $2); }
	;

name_piece
	: IDENT                         { $$ = pa_text_src(ps, @1); }
	| NUMBER                        { (void)$1; $$ = pa_text_src(ps, @1); }
	| STRING                        { $$ = pa_text(ps, @1, $1); }
	| '-'                           { $$ = pa_text_src(ps, @1); }
	| INTERP expr '}'               { $$ = $2; $$->span = @$; }
	;

for_head
	: FOR IDENT IN expr DOTDOT expr { $$ = pa_for(ps, @$, $2, @2, $4, $6); }
	;

net_items
	: %empty                        { pa_list_init(&$$); }
	| net_items net_item            { $$ = $1; pa_push(ps, &$$, $2); }
	| net_items LAYER name '{' layer_items '}'
	                                { PUSH($$, pa_layer(ps, SPAN2(@2, @6), $3, $5, @4)); }
	| net_items LAYER name '{' layer_items '}' ';'
	                                { PUSH($$, pa_layer(ps, SPAN2(@2, @7), $3, $5, @4)); }
	;

net_item
	: for_head '{' net_items '}' semi
	                                { $$ = pa_for_body(ps, @$, $1, $3); }
	| DATAFLOW colon IDENT opt_args semi
	                                { $$ = pa_dfuse(ps, @$, $3, @3, $4, @4); }
	| SEARCH '{' search_items '}' semi
	                                { $$ = pa_block(ps, AST_SEARCH, @$, $3); }
	| error                         { $$ = NULL; }
	| error skip_block              { $$ = NULL; }
	;

layer_items
	: %empty                        { pa_list_init(&$$); }
	| layer_items layer_item        { $$ = $1; pa_push(ps, &$$, $2); }
	| layer_items TYPE IDENT        { PUSH($$, pa_type(ps, SPAN2(@2, @3), $3, @3)); }
	| layer_items TYPE IDENT ';'    { PUSH($$, pa_type(ps, SPAN2(@2, @4), $3, @3)); }
	| layer_items TYPE ':' IDENT    { PUSH($$, pa_type(ps, SPAN2(@2, @4), $4, @4)); }
	| layer_items TYPE ':' IDENT ';'
	                                { PUSH($$, pa_type(ps, SPAN2(@2, @5), $4, @4)); }
	| layer_items STRIDE '{' entries '}'
	                                { BLOCK($$, AST_STRIDE, @2, $4, @5); }
	| layer_items STRIDE '{' entries '}' ';'
	                                { BLOCK($$, AST_STRIDE, @2, $4, @6); }
	| layer_items DIMENSIONS '{' entries '}'
	                                { BLOCK($$, AST_DIMS, @2, $4, @5); }
	| layer_items DIMENSIONS '{' entries '}' ';'
	                                { BLOCK($$, AST_DIMS, @2, $4, @6); }
	| layer_items DATAFLOW '{' df_items '}'
	                                { BLOCK($$, AST_DATAFLOW, @2, $4, @5); }
	| layer_items DATAFLOW '{' df_items '}' ';'
	                                { BLOCK($$, AST_DATAFLOW, @2, $4, @6); }
	;

layer_item
	: DATAFLOW colon IDENT opt_args semi
	                                { $$ = pa_dfuse(ps, @$, $3, @3, $4, @4); }
	| SEARCH '{' search_items '}' semi
	                                { $$ = pa_block(ps, AST_SEARCH, @$, $3); }
	| error                         { $$ = NULL; }
	| error skip_block              { $$ = NULL; }
	;

/* Search constraints (docs/language.md section 9): `Key(arg): v, a..b;`
   items; what each key means is elaboration's business (elab.c). */
search_items
	: %empty                        { pa_list_init(&$$); }
	| search_items search_item      { $$ = $1; pa_push(ps, &$$, $2); }
	;

search_item
	: IDENT opt_sarg ':' svalues semi
	                                { $$ = pa_sitem(ps, @$, $1, @1, $2, NULL, @1, $4); }
	| CLUSTER '(' expr ')' ':' svalues semi
	                                { $$ = pa_sitem(ps, @$, "Cluster", @1, $3, NULL, @1, $6); }
	| DATAFLOW colon IDENT '(' svalues ')' semi
	                                { $$ = pa_sitem(ps, @$, "Dataflow", @1, NULL, $3, @3, $5); }
	| DATAFLOW colon IDENT opt_sempty semi
	                                { AstList l; pa_list_init(&l);
	                                  $$ = pa_sitem(ps, @$, "Dataflow", @1, NULL, $3, @3, l); }
	| error                         { $$ = NULL; }
	| error skip_block              { $$ = NULL; }
	;

opt_sempty
	: %empty
	| '(' ')'
	;

opt_sarg
	: %empty                        { $$ = NULL; }
	| '(' expr ')'                  { $$ = $2; }
	;

svalues
	: svalue                        { pa_list_init(&$$); pa_push(ps, &$$, $1); }
	| svalues ',' svalue            { $$ = $1; pa_push(ps, &$$, $3); }
	;

svalue
	: expr                          { $$ = $1; }
	| expr DOTDOT expr              { $$ = pa_range(ps, @$, $1, $3); }
	;

/* `K: 16,` with the `:` and the `,` (or `;`) each optional, written out
   so that an entry costs the parser one reduction besides its value's. */
entries
	: %empty                        { pa_list_init(&$$); }
	| entries IDENT expr            { ENTRY($$, @2, $2, $3, @3); }
	| entries IDENT expr ','        { ENTRY($$, @2, $2, $3, @3); }
	| entries IDENT expr ';'        { ENTRY($$, @2, $2, $3, @3); }
	| entries IDENT ':' expr        { ENTRY($$, @2, $2, $4, @4); }
	| entries IDENT ':' expr ','    { ENTRY($$, @2, $2, $4, @4); }
	| entries IDENT ':' expr ';'    { ENTRY($$, @2, $2, $4, @4); }
	| entries ENTRY                 { PUSH($$, $2); }
	| entries error sep
	;

/* The directives, written out so that one costs the parser one reduction
   besides its values'. */
df_items
	: %empty                        { pa_list_init(&$$); }
	| df_items df_item              { $$ = $1; pa_push(ps, &$$, $2); }
	| df_items TEMPORALMAP '(' expr ',' expr ')' IDENT
	                                { MAP($$, false, @2, $4, $6, @7, $8, @8, @8); }
	| df_items TEMPORALMAP '(' expr ',' expr ')' IDENT ';'
	                                { MAP($$, false, @2, $4, $6, @7, $8, @8, @9); }
	| df_items SPATIALMAP '(' expr ',' expr ')' IDENT
	                                { MAP($$, true, @2, $4, $6, @7, $8, @8, @8); }
	| df_items SPATIALMAP '(' expr ',' expr ')' IDENT ';'
	                                { MAP($$, true, @2, $4, $6, @7, $8, @8, @9); }
	| df_items TEMPORALMAP PAIR IDENT
	                                { MAP($$, false, @2, $3.a, $3.b, @3, $4, @4, @4); }
	| df_items TEMPORALMAP PAIR IDENT ';'
	                                { MAP($$, false, @2, $3.a, $3.b, @3, $4, @4, @5); }
	| df_items SPATIALMAP PAIR IDENT
	                                { MAP($$, true, @2, $3.a, $3.b, @3, $4, @4, @4); }
	| df_items SPATIALMAP PAIR IDENT ';'
	                                { MAP($$, true, @2, $3.a, $3.b, @3, $4, @4, @5); }
	| df_items cluster_head         { PUSH($$, pa_respan($2, @2)); }
	| df_items cluster_head ';'     { PUSH($$, pa_respan($2, SPAN2(@2, @3))); }
	;

cluster_head
	: CLUSTER '(' expr opt_ctype ')' { $$ = pa_cluster(ps, @$, $3, $4, @4); }
	| CLUSTER PAIR_NAME             { $$ = pa_cluster(ps, @$, $2.a, $2.b ? $2.b->u.name : NULL,
	                                                  $2.b ? $2.b->span : @2); }
	;

opt_ctype
	: %empty                        { $$ = NULL; }
	| ',' IDENT                     { $$ = $2; }
	;

df_item
	: cluster_head '{' df_items '}' semi
	                                { $$ = pa_cluster_body(ps, @$, $1, $3); }
	| for_head '{' df_items '}' semi
	                                { $$ = pa_for_body(ps, @$, $1, $3); }
	| DATAFLOW colon IDENT opt_args semi
	                                { $$ = pa_dfuse(ps, @$, $3, @3, $4, @4); }
	| error                         { $$ = NULL; }
	| error skip_block              { $$ = NULL; }
	;

expr
	: NUMBER                        { $$ = pa_num(ps, @$, $1); }
	| IDENT                         { $$ = pa_ident(ps, @$, $1); }
	| IDENT '(' ')'                 { AstList l; pa_list_init(&l); $$ = pa_call(ps, @$, $1, @1, l); }
	| IDENT '(' expr ')'            { AstList l; pa_list1(ps, &l, $3); $$ = pa_call(ps, @$, $1, @1, l); }
	| IDENT '(' args ')'            { $$ = pa_call(ps, @$, $1, @1, $3); }
	| IDENT PAIR                    { AstList l; pa_list1(ps, &l, $2.a); pa_push(ps, &l, $2.b);
	                                  $$ = pa_call(ps, @$, $1, @1, l); }
	| IDENT PAIR_NAME               { AstList l; pa_list1(ps, &l, $2.a); pa_push(ps, &l, $2.b);
	                                  $$ = pa_call(ps, @$, $1, @1, l); }
	| '(' expr ')'                  { $$ = pa_paren(ps, @$, $2); }
	| '-' expr %prec UNARY          { $$ = pa_unary(ps, @$, OP_NEG, @1, $2); }
	| '!' expr %prec UNARY          { $$ = pa_unary(ps, @$, OP_NOT, @1, $2); }
	| expr '+' expr                 { $$ = pa_binary(ps, @$, OP_ADD, @2, $1, $3); }
	| expr '-' expr                 { $$ = pa_binary(ps, @$, OP_SUB, @2, $1, $3); }
	| expr '*' expr                 { $$ = pa_binary(ps, @$, OP_MUL, @2, $1, $3); }
	| expr '/' expr                 { $$ = pa_binary(ps, @$, OP_DIV, @2, $1, $3); }
	| expr '%' expr                 { $$ = pa_binary(ps, @$, OP_MOD, @2, $1, $3); }
	| expr EQ expr                  { $$ = pa_binary(ps, @$, OP_EQ, @2, $1, $3); }
	| expr NE expr                  { $$ = pa_binary(ps, @$, OP_NE, @2, $1, $3); }
	| expr '<' expr                 { $$ = pa_binary(ps, @$, OP_LT, @2, $1, $3); }
	| expr LE expr                  { $$ = pa_binary(ps, @$, OP_LE, @2, $1, $3); }
	| expr '>' expr                 { $$ = pa_binary(ps, @$, OP_GT, @2, $1, $3); }
	| expr GE expr                  { $$ = pa_binary(ps, @$, OP_GE, @2, $1, $3); }
	| expr ANDAND expr              { $$ = pa_binary(ps, @$, OP_AND, @2, $1, $3); }
	| expr OROR expr                { $$ = pa_binary(ps, @$, OP_OR, @2, $1, $3); }
	| expr '?' expr ':' expr        { $$ = pa_cond(ps, @$, $1, $3, $5); }
	;

%%

static int
yyreport_syntax_error(const yypcontext_t *yyctx, ParseState *ps)
{
	/* at most MAXEXP expected tokens are named (more: none), not
	   counting the compound tokens, which the LAC parse that reports
	   never receives (they would only repeat a `(` or a name) */
	enum { MAXEXP = 48, NCOMPOUND = 3 };
	yysymbol_kind_t exp[MAXEXP + NCOMPOUND];
	int m = yypcontext_expected_tokens(yyctx, exp, MAXEXP + NCOMPOUND);
	if (m < 0)
		return m;
	const char *names[MAXEXP + NCOMPOUND];
	int n = 0;
	for (int i = 0; i < m; i++)
		if (exp[i] != YYSYMBOL_PAIR && exp[i] != YYSYMBOL_PAIR_NAME && exp[i] != YYSYMBOL_ENTRY)
			names[n++] = yysymbol_name(exp[i]);
	if (n > MAXEXP)
		n = 0;
	pa_report_syntax(ps, *yypcontext_location(yyctx), yysymbol_name(yypcontext_token(yyctx)),
			 yypcontext_token(yyctx) == YYSYMBOL_YYEOF, names, n);
	return 0;
}

void
mdf_yyerror(MDF_YYLTYPE *lloc, ParseState *ps, const char *msg)
{
	pa_report_error(ps, *lloc, msg);
}
