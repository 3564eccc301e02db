/*
** elab_int.h: what the elaboration's files share (not a public API).
**
**   elab.c          dataflows, layers and networks; front_elaborate()
**   elab_search.c   a layer's Search block -> IrSearchSpec
**   elab_expr.c     scopes and bindings, expressions (checked arithmetic,
**                   Sz, min/max/cdiv), dimension and layer names
**   elab_globals.c  -D values, params and constants, Accelerator blocks and
**                   hardware files (hw_fields.def)
**
** One Elab per elaboration; every function takes it first and reports
** through its context's diagnostics.
*/
#ifndef MDFC_ELAB_INT_H
#define MDFC_ELAB_INT_H

#include "front/front.h"

typedef enum BindKind { B_DEFINE, B_PARAM, B_LOOP, B_DFPARAM } BindKind;

typedef struct Binding {
	const char *name;
	int64_t value;
	Span span;
	BindKind kind;
	bool bad;               /* its value failed to evaluate: uses stay silent */
	bool used;              /* read by an expression (for W0404) */
} Binding;

typedef struct LevelB {
	IrLevel lv;
	uint32_t capdirs;
	bool has_child;
	Span child_span;
	bool too_many;          /* more than IR_MAX_LEVEL_DIRS directives: reported */
} LevelB;

typedef struct Elab {
	MdfCtx *ctx;
	Interner *strs;
	Binding *b;
	uint32_t nb, capb;
	uint32_t nglobals;      /* bindings [0, nglobals) are global */
	NameMap gmap;           /* global name -> binding index */
	NameMap dfmap;          /* dataflow name -> index in dfs */
	uint32_t nlayers;       /* layers elaborated, all networks (MdfLimits.max_layers) */
	uint32_t frame;         /* lookups search [frame, nb) then the globals */
	const AstNode **dfs;
	uint32_t ndfs, capdfs;
	uint64_t expansion;
	bool stop;              /* expansion limit hit: stop expanding */
	/* the layer whose dataflow is being elaborated (Sz) */
	IrLayer *layer;
	bool dim_bad[DIM__COUNT];
	const char *dim_str[DIM__COUNT];    /* the dimensions' spellings, interned */
	uint8_t dim_first[128];             /* 1 + the dimension a first byte most
					       likely starts (Y, not Y'), or 0 */
	const char *fn_str[4];              /* min, max, cdiv, Sz, interned */
	/* levels under construction */
	LevelB *lv;
	uint32_t nlv, caplv, nlv_init;
	/* named dataflows being instantiated, innermost last (recursion check) */
	const AstNode **active;
	uint32_t nactive;
	/* the network's Search block, for its layers without one */
	const AstNode *net_search;
} Elab;

/* A -D option, parsed.  One that names a declared param is evaluated in
   the param's place (so its value may use the params before it); the others
   are evaluated first, seeing only earlier -D names. */
typedef struct PendingDef {
	const char *name;
	AstNode *expr;
	Span span;
	bool bad;
} PendingDef;

/* ---- elab_expr.c ---- */

/* Bind `name` to `v` in the innermost scope (`bad`: its value failed to
   evaluate, uses stay silent). */
void elab_bind(Elab *E, const char *name, int64_t v, Span s, BindKind k, bool bad);
/* The binding `name` resolves to (the frame, then the globals), or NULL. */
Binding *elab_lookup(Elab *E, const char *name);
/* Make the last binding a global one (a param or a -D name). */
void elab_bind_global(Elab *E);
/* Count `n` expansion steps against MdfLimits; false (reported once,
   E->stop set) past the limit. */
bool elab_count_over(Elab *E, Span at);
static inline bool
elab_count(Elab *E, Span at, uint64_t n)
{
	if (E->stop)
		return false;
	E->expansion += n;
	if (E->expansion > E->ctx->opt.limits.max_expansion)
		return elab_count_over(E, at);
	return true;
}
bool elab_dim_lookup_any(Elab *E, const char *name, Dim *out);
static inline bool
elab_dim_lookup(Elab *E, const char *name, Dim *out)
{
	/* inline: the interned spelling the first byte points to (elab_expr.c) */
	unsigned char c = (unsigned char)name[0];
	if (c < 128 && E->dim_first[c] && E->dim_str[E->dim_first[c] - 1] == name) {
		*out = (Dim)(E->dim_first[c] - 1);
		return true;
	}
	return elab_dim_lookup_any(E, name, out);
}
/* Interns the names of the built-in functions (E->fn_str). */
void elab_intern_fns(Elab *E);
/* A did-you-mean for a dimension name, or NULL. */
const char *elab_suggest_dim(const char *word);
/* Evaluate an expression with checked arithmetic; false when it was
   reported (or its inputs were). */
bool elab_eval(Elab *E, const AstNode *e, int64_t *out);
/* A value that must be >= 1 (sizes, strides, offsets, cluster sizes);
   E0402 otherwise.  A positive number, what most sizes are, is taken
   inline: elaboration asks for about eight such values a layer. */
bool elab_eval_positive_any(Elab *E, const AstNode *e, const char *what, int64_t *out);
static inline bool
elab_eval_positive(Elab *E, const AstNode *e, const char *what, int64_t *out)
{
	if (e && e->kind == AST_NUM && e->u.num > 0) {
		*out = e->u.num;
		return true;
	}
	return elab_eval_positive_any(E, e, what, out);
}
/* A layer or network name, its pieces joined and interpolated ("" for no
   name); NULL when a piece failed or it holds a control character. */
const char *elab_eval_name(Elab *E, const AstNode *n, Span *span);

/* ---- elab_globals.c ---- */

/* Evaluate the -D values that no param declares and collect the others
   (evaluated in their param's place); *pmap maps their names. */
PendingDef *elab_defines(Elab *E, FileSet *set, uint32_t *npending, NameMap *pmap);
/* Params, constants, named dataflows and accelerators of every file, in
   order. */
void elab_globals(Elab *E, FileSet *set, IrModule *m, uint32_t *cap_accels, PendingDef *defs,
		  const NameMap *pmap);

/* ---- elab.c ---- */

/* The named dataflow `name`, or NULL. */
const AstNode *elab_find_df(Elab *E, const char *name);
/* The dataflow a use names; E0304 (with a did-you-mean) when none. */
const AstNode *elab_find_df_used(Elab *E, const char *name, Span at);
/* Open a new level (cluster) of `size` below the current one; its index. */
uint32_t elab_new_level(Elab *E, int64_t size, char type, Span span);
/* The body of dataflow `def` with its parameters bound to vals (bad[i]:
   the value failed to evaluate), at level `cur`; `at` is the use. */
uint32_t elab_df_body(Elab *E, const AstNode *def, const int64_t *vals, const bool *bad, Span at,
		      uint32_t cur);

/* ---- elab_search.c ---- */

/* The levels built so far (E->lv) as exact-size arena copies. */
bool elab_take_levels(Elab *E, IrLevel **out, uint32_t *n);
/* A layer's Search block (its own or its network's) as an IrSearchSpec. */
const IrSearchSpec *elab_search(Elab *E, IrLayer *L, const AstNode *blk);

#endif
