/*
** elab.c: elaboration, the AST of every loaded file -> IrModule.
**
** Takes the files in dependency order (import.c) and produces the IR of
** ir.h as written: every expression evaluated with checked arithmetic, every
** loop expanded, named dataflows instantiated, Sz() resolved against the
** layer's declared sizes, the dataflow split into cluster levels.  It does
** not normalise (no inheritance, unrolling or Y'/X' conversion) and checks
** dataflow legality only as far as the values themselves go (positive sizes,
** known dimensions, well-formed clusters); the passes do the rest (E05xx).
**
** Scoping: -D defines and params (and MAESTRO Constants) are global and are
** evaluated in order, each seeing the ones before it.  A -D overrides a param
** of the same name (its value is evaluated in the param's place, so it may
** use earlier params); a -D may also define a name no param declares (then it
** is defined before every param and sees only earlier such -D names).  Networks
** are elaborated after all global definitions, so a layer may use a dataflow
** or a param defined further down the file.  Loop variables are visible in
** the loop body; a named dataflow's body sees globals and its own parameters
** only (lexical scoping).
*/
#include <stdio.h>
#include <string.h>
#include "front/front.h"
#include "mdfc/checked.h"

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
	/* levels under construction */
	LevelB *lv;
	uint32_t nlv, caplv, nlv_init;
	/* named dataflows being instantiated, innermost last (recursion check) */
	const AstNode **active;
	uint32_t nactive;
	/* the network's Search block, for its layers without one */
	const AstNode *net_search;
} Elab;

static const char *const fn_names[] = {"min", "max", "cdiv", "Sz"};

/* ---- scope ---- */

static void
bind(Elab *E, const char *name, int64_t v, Span s, BindKind k, bool bad)
{
	if (E->nb == E->capb) {
		uint32_t cap = E->capb ? E->capb * 2 : 32;
		Binding *nbv = arena_grow(E->ctx->arena, E->b, E->nb, cap, sizeof *nbv);
		if (!nbv)
			return;
		E->b = nbv;
		E->capb = cap;
	}
	E->b[E->nb++] = (Binding){name, v, s, k, bad, false};
}

static Binding *
lookup(Elab *E, const char *name)
{
	for (uint32_t i = E->nb; i-- > E->frame;)
		if (strcmp(E->b[i].name, name) == 0)
			return &E->b[i];
	uint32_t i;
	if (names_get(&E->gmap, name, &i) && i < E->nglobals)
		return &E->b[i];
	return NULL;
}

/* Make the last binding a global one (a param or a -D name). */
static void
bind_global(Elab *E)
{
	E->nglobals = E->frame = E->nb;
	if (E->nb)
		names_put(E->ctx, &E->gmap, E->b[E->nb - 1].name, E->nb - 1);
}

static void
suggest_name(Elab *E, Diag *d, const char *name)
{
	uint32_t n = (E->nb - E->frame) + E->nglobals;
	const char **c = arena_array(E->ctx->arena, n + 1, sizeof *c);
	if (!c)
		return;
	uint32_t k = 0;
	for (uint32_t i = E->frame; i < E->nb; i++)
		c[k++] = E->b[i].name;
	for (uint32_t i = 0; i < E->nglobals; i++)
		c[k++] = E->b[i].name;
	const char *s = diag_suggest(name, c, k);
	if (s && strcmp(s, name) != 0)
		diag_hint(E->ctx, d, "did you mean `%s`?", s);
}

static bool
count(Elab *E, Span at, uint64_t n)
{
	if (E->stop)
		return false;
	E->expansion += n;
	if (E->expansion > E->ctx->opt.limits.max_expansion) {
		diag_emit(E->ctx, DIAG_E0411, at,
			  "runaway expansion: more than %llu loop iterations, layers and directives",
			  (unsigned long long)E->ctx->opt.limits.max_expansion);
		E->stop = true;
		return false;
	}
	return true;
}

/* ---- expressions ---- */

static bool eval(Elab *E, const AstNode *e, int64_t *out);

/* ir_dim_lookup() with a first-byte check before each strcmp: it runs for
   every directive, Sz() and Dimensions entry, and the strcmp calls were
   a visible share of checking a big network. */
static bool
dim_lookup(const char *name, Dim *out)
{
	for (int i = 0; i < DIM__COUNT; i++) {
		const char *dn = ir_dim_name((Dim)i);
		if (dn[0] == name[0] && strcmp(dn, name) == 0) {
			*out = (Dim)i;
			return true;
		}
	}
	return false;
}

/* A did-you-mean for a dimension name; one-letter names are too close to
   every other one-letter name for a guess to help, unless only case differs. */
static const char *
suggest_dim(const char *word)
{
	const char *s = diag_suggest(word, ir_dim_names, DIM__COUNT);
	if (!s || strcmp(s, word) == 0)
		return NULL;
	if (strlen(word) >= 2 || (word[0] | 32) == (s[0] | 32))
		return s;
	return NULL;
}

static bool
eval_sz(Elab *E, const AstNode *e, int64_t *out)
{
	const AstNode *a = e->u.call.args.v[0];
	if (!E->layer) {
		Diag *d = diag_emit(E->ctx, DIAG_E0415, e->span,
				    "Sz() is only available inside a dataflow or a dataflow's arguments");
		diag_hint(E->ctx, d, "write the size itself, or a param");
		return false;
	}
	if (!a || a->kind != AST_NAME) {
		if (a && a->kind != AST_BAD)
			diag_emit(E->ctx, DIAG_E0403, a->span, "Sz() takes a dimension name such as R or Y'");
		return false;
	}
	Dim d;
	if (!dim_lookup(a->u.name, &d)) {
		Diag *dg = diag_emit(E->ctx, DIAG_E0403, a->span, "`%s` is not a dimension", a->u.name);
		const char *s = suggest_dim(a->u.name);
		if (s)
			diag_hint(E->ctx, dg, "did you mean `%s`?", s);
		return false;
	}
	if (E->dim_bad[d])
		return false;
	if (E->layer->dim[d] == 0 && E->layer->type == LT_FC
	    && (d == DIM_R || d == DIM_S || d == DIM_Y || d == DIM_X)) {
		/* an FC layer is a CONV with R = S = Y = X = 1 (docs/language.md) */
		*out = 1;
		return true;
	}
	if (E->layer->dim[d] == 0) {
		Diag *dg = diag_emit(E->ctx, DIAG_E0409, e->span, "layer `%s` does not declare dimension %s",
				     E->layer->name, ir_dim_name(d));
		if (E->layer->dims_span.file != SPAN_NOFILE && E->layer->dims_span.hi > 0)
			diag_note(E->ctx, dg, E->layer->dims_span, "the layer's dimensions are declared here");
		return false;
	}
	*out = E->layer->dim[d];
	return true;
}

static bool
eval_call(Elab *E, const AstNode *e, int64_t *out)
{
	const char *fn = e->u.call.fn;
	uint32_t n = e->u.call.args.n;
	int which = -1;
	for (int i = 0; i < 4; i++)
		if (fn[0] == fn_names[i][0] && strcmp(fn, fn_names[i]) == 0)
			which = i;
	if (which < 0) {
		Diag *d = diag_emit(E->ctx, DIAG_E0306, e->u.call.fn_span,
				    "unknown function `%s`: the functions are min, max, cdiv and Sz", fn);
		const char *s = diag_suggest(fn, fn_names, 4);
		if (s)
			diag_hint(E->ctx, d, "did you mean `%s`?", s);
		return false;
	}
	uint32_t want = which == 3 ? 1 : 2;
	if (n != want) {
		diag_emit(E->ctx, DIAG_E0305, e->span, "`%s` takes %u argument%s, but %u %s given",
			  fn, want, want == 1 ? "" : "s", n, n == 1 ? "was" : "were");
		return false;
	}
	if (which == 3)
		return eval_sz(E, e, out);
	int64_t a, b;
	bool oka = eval(E, e->u.call.args.v[0], &a);
	bool okb = eval(E, e->u.call.args.v[1], &b);
	if (!oka || !okb)
		return false;
	switch (which) {
	case 0: *out = a < b ? a : b; return true;
	case 1: *out = a > b ? a : b; return true;
	default:
		if (b == 0) {
			diag_emit(E->ctx, DIAG_E0407, e->span, "cdiv by zero");
			return false;
		}
		if (!ck_cdiv(a, b, out)) {
			diag_emit(E->ctx, DIAG_E0406, e->span, "cdiv(%lld, %lld) overflows",
				  (long long)a, (long long)b);
			return false;
		}
		return true;
	}
}

static bool
eval(Elab *E, const AstNode *e, int64_t *out)
{
	if (!e)
		return false;
	int64_t a, b;
	switch (e->kind) {
	case AST_NUM:
		*out = e->u.num;
		return true;
	case AST_NAME: {
		Binding *bd = lookup(E, e->u.name);
		if (!bd) {
			Diag *d = diag_emit(E->ctx, DIAG_E0301, e->span, "undefined name `%s`", e->u.name);
			Dim dim;
			if (dim_lookup(e->u.name, &dim))
				diag_hint(E->ctx, d, "the size of dimension %s is written Sz(%s)",
					  e->u.name, e->u.name);
			else
				suggest_name(E, d, e->u.name);
			return false;
		}
		bd->used = true;
		if (bd->bad)
			return false;
		*out = bd->value;
		return true;
	}
	case AST_UNARY:
		if (!eval(E, e->u.unary.a, &a))
			return false;
		if (e->u.unary.op == OP_NOT) {
			*out = !a;
			return true;
		}
		if (!ck_sub(0, a, out)) {
			diag_emit(E->ctx, DIAG_E0406, e->u.unary.op_span, "negating %lld overflows",
				  (long long)a);
			return false;
		}
		return true;
	case AST_BINARY: {
		AstOp op = e->u.binary.op;
		if (op == OP_AND || op == OP_OR) {
			if (!eval(E, e->u.binary.a, &a))
				return false;
			if ((op == OP_AND && !a) || (op == OP_OR && a)) {
				*out = op == OP_OR;
				return true;
			}
			if (!eval(E, e->u.binary.b, &b))
				return false;
			*out = b != 0;
			return true;
		}
		bool oka = eval(E, e->u.binary.a, &a);
		bool okb = eval(E, e->u.binary.b, &b);
		if (!oka || !okb)
			return false;
		bool ok = true;
		switch (op) {
		case OP_ADD: ok = ck_add(a, b, out); break;
		case OP_SUB: ok = ck_sub(a, b, out); break;
		case OP_MUL: ok = ck_mul(a, b, out); break;
		case OP_DIV:
		case OP_MOD:
			if (b == 0) {
				Diag *d = diag_emit(E->ctx, DIAG_E0407, e->u.binary.op_span, "%s by zero",
						    op == OP_DIV ? "division" : "modulo");
				diag_note(E->ctx, d, e->u.binary.b->span, "this is 0");
				return false;
			}
			ok = op == OP_DIV ? ck_floordiv(a, b, out) : ck_floormod(a, b, out);
			break;
		case OP_EQ: *out = a == b; break;
		case OP_NE: *out = a != b; break;
		case OP_LT: *out = a < b; break;
		case OP_LE: *out = a <= b; break;
		case OP_GT: *out = a > b; break;
		case OP_GE: *out = a >= b; break;
		default: ok = false; break;
		}
		if (!ok) {
			diag_emit(E->ctx, DIAG_E0406, e->u.binary.op_span,
				  "%lld %s %lld overflows 64-bit integers",
				  (long long)a, ast_op_text(op), (long long)b);
			return false;
		}
		return true;
	}
	case AST_COND:
		if (!eval(E, e->u.cond.c, &a))
			return false;
		return eval(E, a ? e->u.cond.a : e->u.cond.b, out);
	case AST_CALL:
		return eval_call(E, e, out);
	default:
		return false;   /* poison: already reported */
	}
}

/* A value that must be >= 1 (sizes, strides, offsets, cluster sizes). */
static bool
eval_positive(Elab *E, const AstNode *e, const char *what, int64_t *out)
{
	if (!eval(E, e, out))
		return false;
	if (*out <= 0) {
		diag_emit(E->ctx, DIAG_E0402, e->span, "%s must be positive, but is %lld",
			  what, (long long)*out);
		return false;
	}
	return true;
}

/* ---- names ---- */

static const char *
eval_name(Elab *E, const AstNode *n, Span *span)
{
	if (!n) {
		*span = span_none();
		return "";
	}
	*span = n->span;
	MdfBuf b = {0};
	bool ok = true;
	for (uint32_t i = 0; i < n->u.iname.parts.n; i++) {
		const AstNode *p = n->u.iname.parts.v[i];
		int64_t v;
		if (p->kind == AST_TEXT)
			buf_puts(&b, p->u.name);
		else if (eval(E, p, &v))
			buf_printf(&b, "%lld", (long long)v);
		else
			ok = false;
	}
	const char *s = arena_strdup(E->ctx->arena, b.data ? b.data : "");
	buf_free(&b);
	if (!ok || !s)
		return NULL;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			diag_emit(E->ctx, DIAG_E0413, n->span,
				  "name contains the control character 0x%02x", (unsigned char)*c);
			return NULL;
		}
	return s;
}

/* ---- hardware ---- */

typedef struct HwKey {
	const char *key;
	int field;
} HwKey;

static const HwKey hw_keys[] = {
	{"num_pes", HW_NUM_PES}, {"l1_size", HW_L1_SIZE}, {"l2_size", HW_L2_SIZE},
	{"noc_bw", HW_NOC_BW}, {"noc_latency", HW_NOC_LATENCY},
	{"offchip_bw", HW_OFFCHIP_BW}, {"simd_lanes", HW_SIMD_LANES},
	{"e_mac", HW_E_MAC}, {"e_l1", HW_E_L1}, {"e_l2", HW_E_L2},
	{"e_noc", HW_E_NOC}, {"e_offchip", HW_E_OFFCHIP},
	{"area_pe", HW_AREA_PE}, {"area_l1_kb", HW_AREA_L1}, {"area_l2_kb", HW_AREA_L2},
	{"area_noc_bw", HW_AREA_NOC}, {"power_pe", HW_POWER_PE}, {"power_l1_kb", HW_POWER_L1},
	{"power_l2_kb", HW_POWER_L2}, {"power_noc_bw", HW_POWER_NOC},
	/* MAESTRO's hardware-file spellings */
	{"l1_size_cstr", HW_L1_SIZE}, {"l2_size_cstr", HW_L2_SIZE},
	{"noc_bw_cstr", HW_NOC_BW}, {"NoC_NumHops", HW_NOC_LATENCY},
	{"offchip_bw_cstr", HW_OFFCHIP_BW},
};
#define NHWKEYS (sizeof hw_keys / sizeof hw_keys[0])

static void
hw_entry(Elab *E, IrHw *hw, const AstNode *en)
{
	const char *key = en->u.entry.key;
	int field = -1;
	for (size_t i = 0; i < NHWKEYS; i++)
		if (strcmp(key, hw_keys[i].key) == 0)
			field = hw_keys[i].field;
	if (field < 0) {
		const char *names[NHWKEYS];
		for (size_t i = 0; i < NHWKEYS; i++)
			names[i] = hw_keys[i].key;
		Diag *d = diag_emit(E->ctx, DIAG_E0307, en->u.entry.key_span,
				    "unknown hardware key `%s`", key);
		const char *s = diag_suggest(key, names, NHWKEYS);
		if (s)
			diag_hint(E->ctx, d, "did you mean `%s`?", s);
		else
			diag_hint(E->ctx, d, "the keys are num_pes, l1_size, l2_size, noc_bw, noc_latency, "
				  "offchip_bw, simd_lanes, e_mac, e_l1, e_l2, e_noc, e_offchip, and for --dse area_pe, "
				  "area_l1_kb, area_l2_kb, area_noc_bw, power_pe, power_l1_kb, power_l2_kb, power_noc_bw");
		return;
	}
	int64_t v;
	if (!eval(E, en->u.entry.value, &v))
		return;
	bool zero_ok = field == HW_NOC_LATENCY || field == HW_E_MAC || field == HW_E_L1 ||
		       field == HW_E_L2 || field == HW_E_NOC || field == HW_E_OFFCHIP || field >= HW_AREA_PE;
	if (v < 0 || (v == 0 && !zero_ok)) {
		diag_emit(E->ctx, DIAG_E0402, en->u.entry.value->span, "%s must be %s, but is %lld",
			  key, zero_ok ? "0 or more" : "positive", (long long)v);
		return;
	}
	switch (field) {
	case HW_NUM_PES: hw->num_pes = v; break;
	case HW_L1_SIZE: hw->l1_size = v; break;
	case HW_L2_SIZE: hw->l2_size = v; break;
	case HW_NOC_BW: hw->noc_bw = v; break;
	case HW_NOC_LATENCY: hw->noc_latency = v; break;
	case HW_OFFCHIP_BW: hw->offchip_bw = v; break;
	case HW_SIMD_LANES: hw->simd_lanes = v; break;
	/* energies are integers in fixed units: femtojoules per MAC, and
	   thousandths of a MAC's energy per L1/L2 access */
	case HW_E_MAC: hw->e_mac_nj = (double)v * 1e-6; break;
	case HW_E_L1: hw->e_l1 = (double)v / 1000.0; break;
	case HW_E_L2: hw->e_l2 = (double)v / 1000.0; break;
	case HW_E_NOC: hw->e_noc = (double)v / 1000.0; break;
	case HW_E_OFFCHIP: hw->e_offchip = (double)v / 1000.0; break;
	/* --dse: um^2, and microwatts (the model's power is in mW) */
	case HW_AREA_PE: hw->area_pe = (double)v; break;
	case HW_AREA_L1: hw->area_l1_kb = (double)v; break;
	case HW_AREA_L2: hw->area_l2_kb = (double)v; break;
	case HW_AREA_NOC: hw->area_noc_bw = (double)v; break;
	case HW_POWER_PE: hw->power_pe = (double)v / 1000.0; break;
	case HW_POWER_L1: hw->power_l1_kb = (double)v / 1000.0; break;
	case HW_POWER_L2: hw->power_l2_kb = (double)v / 1000.0; break;
	case HW_POWER_NOC: hw->power_noc_bw = (double)v / 1000.0; break;
	}
	hw->set |= 1u << field;
	hw->field_span[field] = en->span;
}

/* ---- dataflows ---- */

static const AstNode *
find_df(Elab *E, const char *name)
{
	uint32_t i;
	return names_get(&E->dfmap, name, &i) && i < E->ndfs ? E->dfs[i] : NULL;
}

/* The dataflow a use names; E0304 (with a did-you-mean) when none. */
static const AstNode *
find_df_used(Elab *E, const char *name, Span at)
{
	const AstNode *def = find_df(E, name);
	if (def)
		return def;
	Diag *d = diag_emit(E->ctx, DIAG_E0304, at, "no dataflow named `%s`", name);
	const char **names = arena_array(E->ctx->arena, E->ndfs + 1, sizeof *names);
	if (names) {
		for (uint32_t i = 0; i < E->ndfs; i++)
			names[i] = E->dfs[i]->u.dfdef.name;
		const char *s = diag_suggest(name, names, E->ndfs);
		if (s)
			diag_hint(E->ctx, d, "did you mean `%s`?", s);
	}
	return NULL;
}

static uint32_t
new_level(Elab *E, int64_t size, char type, Span span)
{
	if (E->nlv == E->caplv) {
		uint32_t cap = E->caplv ? E->caplv * 2 : 4;
		LevelB *v = arena_grow(E->ctx->arena, E->lv, E->caplv, cap, sizeof *v);
		if (!v)
			return E->nlv ? E->nlv - 1 : 0;
		E->lv = v;
		E->caplv = cap;
	}
	LevelB *l = &E->lv[E->nlv];
	/* builder slots are reused from layer to layer, keeping their directive
	   buffers; each layer gets exact-size copies (see elab_layer) */
	IrDirective *buf = E->nlv < E->nlv_init ? l->lv.dirs : NULL;
	uint32_t cap = E->nlv < E->nlv_init ? l->capdirs : 0;
	memset(l, 0, sizeof *l);
	l->lv.dirs = buf;
	l->capdirs = cap;
	if (E->nlv >= E->nlv_init)
		E->nlv_init = E->nlv + 1;
	l->lv.cluster_size = size;
	l->lv.cluster_type = type;
	l->lv.span = span;
	return E->nlv++;
}

static void
push_dir(Elab *E, uint32_t level, const IrDirective *d)
{
	LevelB *l = &E->lv[level];
	if (l->lv.ndirs == l->capdirs) {
		uint32_t cap = l->capdirs ? l->capdirs * 2 : 8;
		IrDirective *v = arena_grow(E->ctx->arena, l->lv.dirs, l->lv.ndirs, cap, sizeof *v);
		if (!v)
			return;
		l->lv.dirs = v;
		l->capdirs = cap;
	}
	l->lv.dirs[l->lv.ndirs++] = *d;
}

static uint32_t df_items(Elab *E, const AstList *items, uint32_t cur);
static uint32_t df_use(Elab *E, const AstNode *use, uint32_t cur);
static uint32_t df_body(Elab *E, const AstNode *def, const int64_t *vals, const bool *bad, Span at,
			uint32_t cur);

/* Evaluate a loop's bounds and check the iteration count; false to skip. */
static bool
loop_bounds(Elab *E, const AstNode *n, int64_t *lo, int64_t *hi)
{
	bool a = eval(E, n->u.loop.lo, lo);
	bool b = eval(E, n->u.loop.hi, hi);
	if (!a || !b)
		return false;
	if (*hi <= *lo)
		return true;
	uint64_t iters = (uint64_t)*hi - (uint64_t)*lo;
	uint64_t room = E->ctx->opt.limits.max_expansion - (E->expansion < E->ctx->opt.limits.max_expansion
							    ? E->expansion : E->ctx->opt.limits.max_expansion);
	if (iters > room) {
		Diag *d = diag_emit(E->ctx, DIAG_E0411, n->span,
				    "runaway loop: %llu iterations exceed the expansion limit of %llu",
				    (unsigned long long)iters,
				    (unsigned long long)E->ctx->opt.limits.max_expansion);
		diag_hint(E->ctx, d, "`for i in A..B` runs B-A times (B excluded); check the bounds");
		E->stop = true;
		return false;
	}
	return true;
}

static uint32_t
df_item(Elab *E, const AstNode *n, uint32_t cur)
{
	switch (n->kind) {
	case AST_MAP: {
		if (!count(E, n->span, 1))
			return cur;
		int64_t size = 0, off = 0;
		bool oks = eval_positive(E, n->u.map.size, "a map size", &size);
		bool oko = eval_positive(E, n->u.map.offset, "a map offset", &off);
		Dim d;
		bool okd = dim_lookup(n->u.map.dim, &d);
		if (!okd) {
			Diag *dg = diag_emit(E->ctx, DIAG_E0403, n->u.map.dim_span,
					     "`%s` is not a dimension", n->u.map.dim);
			const char *s = suggest_dim(n->u.map.dim);
			if (s)
				diag_hint(E->ctx, dg, "did you mean `%s`?", s);
			else
				diag_hint(E->ctx, dg, "the dimensions are N G K C M R S Y X Y' X'");
		}
		if (!oks || !oko || !okd)
			return cur;
		if (E->lv[cur].lv.ndirs >= IR_MAX_LEVEL_DIRS) {
			/* a level holds each dimension once: past this, only duplicates */
			if (!E->lv[cur].too_many)
				diag_emit(E->ctx, DIAG_E0411, n->span,
					  "more than %d directives in one level of a dataflow", IR_MAX_LEVEL_DIRS);
			E->lv[cur].too_many = true;
			return cur;
		}
		IrDirective dir;
		memset(&dir, 0, sizeof dir);
		dir.kind = n->u.map.spatial ? DIR_SPATIAL : DIR_TEMPORAL;
		dir.dim = dir.src_dim = d;
		dir.size = dir.src_size = size;
		dir.offset = dir.src_offset = off;
		dir.origin = ORIG_SOURCE;
		dir.span = n->span;
		push_dir(E, cur, &dir);
		return cur;
	}
	case AST_CLUSTER: {
		int64_t size = 0;
		bool ok = eval_positive(E, n->u.cluster.size, "a cluster size", &size);
		char type = 'P';
		const char *t = n->u.cluster.type;
		if (!t) {
			Diag *d = diag_emit(E->ctx, DIAG_E0410, n->span, "Cluster needs a type: P or L");
			diag_hint(E->ctx, d, "write Cluster(n, P)");
			ok = false;
		} else if (strcmp(t, "P") != 0 && strcmp(t, "L") != 0) {
			Diag *d = diag_emit(E->ctx, DIAG_E0410, n->u.cluster.type_span,
					    "unknown cluster type `%s`: the types are P and L", t);
			diag_hint(E->ctx, d, "P and L mean the same to the cost model; write P");
			ok = false;
		} else {
			type = t[0];
		}
		if (E->lv[cur].has_child) {
			Diag *d = diag_emit(E->ctx, DIAG_E0414, n->span,
					    "this level already has a Cluster sub-level");
			diag_note(E->ctx, d, E->lv[cur].child_span, "the level's first Cluster");
			diag_hint(E->ctx, d, "each level holds one Cluster; nest the second one inside the first");
			return cur;
		}
		if (E->nlv > E->ctx->opt.limits.max_cluster_depth) {    /* nlv - 1 Clusters so far */
			diag_emit(E->ctx, DIAG_E0414, n->span, "clusters nested more than %u deep",
				  E->ctx->opt.limits.max_cluster_depth);
			return cur;
		}
		if (!count(E, n->span, 1))
			return cur;
		E->lv[cur].has_child = true;
		E->lv[cur].child_span = n->span;
		uint32_t lv = new_level(E, ok ? size : 1, type, n->span);
		if (!n->u.cluster.block)
			return lv;
		df_items(E, &n->u.cluster.items, lv);
		return cur;
	}
	case AST_FOR: {
		int64_t lo, hi;
		if (!loop_bounds(E, n, &lo, &hi))
			return cur;
		for (int64_t i = lo; i < hi && !E->stop; i++) {
			if (!count(E, n->span, 1))
				break;
			bind(E, n->u.loop.var, i, n->u.loop.var_span, B_LOOP, false);
			cur = df_items(E, &n->u.loop.items, cur);
			E->nb--;
		}
		return cur;
	}
	case AST_DFUSE:
		return df_use(E, n, cur);
	default:
		return cur;
	}
}

static uint32_t
df_items(Elab *E, const AstList *items, uint32_t cur)
{
	for (uint32_t i = 0; i < items->n && !E->stop; i++)
		cur = df_item(E, items->v[i], cur);
	return cur;
}

/* Instantiate `Dataflow: NAME(args)` for the current layer, at level `cur`
   (0 for a layer's dataflow; inside a dataflow body, wherever the use
   stands: the body's directives and Clusters go there, as if written in
   place).  Returns the level that later directives go to. */
static uint32_t
df_use(Elab *E, const AstNode *use, uint32_t cur)
{
	const AstNode *def = find_df_used(E, use->u.use.name, use->u.use.name_span);
	if (!def)
		return cur;
	for (uint32_t i = 0; i < E->nactive; i++)
		if (E->active[i] == def) {
			Diag *d = diag_emit(E->ctx, DIAG_E0416, use->span,
					    "dataflow `%s` uses itself", def->u.dfdef.name);
			diag_note(E->ctx, d, def->u.dfdef.name_span, "`%s` is defined here", def->u.dfdef.name);
			return cur;
		}
	if (E->nactive >= E->ctx->opt.limits.max_nesting) {
		diag_emit(E->ctx, DIAG_E0416, use->span, "dataflows used inside each other more than %u deep",
			  E->ctx->opt.limits.max_nesting);
		return cur;
	}
	uint32_t want = def->u.dfdef.params.n, got = use->u.use.args.n;
	if (want != got) {
		MdfBuf b = {0};
		for (uint32_t i = 0; i < want; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", def->u.dfdef.params.v[i]->u.name);
		Diag *d = diag_emit(E->ctx, DIAG_E0305, use->span,
				    "dataflow `%s` takes %u argument%s (%s), but %u %s given",
				    def->u.dfdef.name, want, want == 1 ? "" : "s", b.data ? b.data : "",
				    got, got == 1 ? "was" : "were");
		diag_note(E->ctx, d, def->u.dfdef.name_span, "`%s` is defined here", def->u.dfdef.name);
		buf_free(&b);
		return cur;
	}
	int64_t *vals = arena_array(E->ctx->arena, got + 1, sizeof *vals);
	bool *bad = arena_array(E->ctx->arena, got + 1, sizeof *bad);
	if (!vals || !bad)
		return cur;
	for (uint32_t i = 0; i < got; i++)
		bad[i] = !eval(E, use->u.use.args.v[i], &vals[i]);
	return df_body(E, def, vals, bad, use->span, cur);
}

/* The body of dataflow `def` with its parameters bound to vals (bad[i]:
   the value failed to evaluate), at level `cur`; `at` is the use. */
static uint32_t
df_body(Elab *E, const AstNode *def, const int64_t *vals, const bool *bad, Span at, uint32_t cur)
{
	uint32_t got = def->u.dfdef.params.n;
	uint32_t saved_nb = E->nb, saved_frame = E->frame;
	E->frame = E->nb;
	for (uint32_t i = 0; i < got; i++)
		bind(E, def->u.dfdef.params.v[i]->u.name, vals[i], def->u.dfdef.params.v[i]->span,
		     B_DFPARAM, bad[i]);
	size_t before = E->ctx->diags.n;
	E->active[E->nactive++] = def;
	cur = df_items(E, &def->u.dfdef.items, cur);
	E->nactive--;
	/* a problem inside the dataflow's body also says which use caused it */
	for (size_t i = before; i < E->ctx->diags.n; i++)
		diag_note(E->ctx, &E->ctx->diags.items[i], at,
			  "in dataflow `%s` as used by layer `%s`", def->u.dfdef.name, E->layer->name);
	E->nb = saved_nb;
	E->frame = saved_frame;
	return cur;
}

/* ---- search constraints (docs/language.md section 9) ---- */

/* A family constraint is elaborated once per argument tuple: at most this
   many tuples per layer. */
#define SEARCH_MAX_TUPLES 4096

static const char *const search_keys[] = {"Levels", "Spatial", "Order", "Cluster", "Tile", "Dataflow"};
#define NSEARCHKEYS (sizeof search_keys / sizeof search_keys[0])

/* The levels built so far (E->lv) as exact-size arena copies. */
static bool
take_levels(Elab *E, IrLevel **out, uint32_t *n)
{
	IrLevel *lv = arena_array(E->ctx->arena, E->nlv + 1, sizeof *lv);
	*out = lv;
	*n = lv ? E->nlv : 0;
	if (!lv)
		return false;
	for (uint32_t i = 0; i < E->nlv; i++) {
		lv[i] = E->lv[i].lv;
		uint32_t nd = E->lv[i].lv.ndirs;
		IrDirective *d = arena_array(E->ctx->arena, nd + 1, sizeof *d);
		if (d && nd)
			memcpy(d, E->lv[i].lv.dirs, nd * sizeof *d);
		lv[i].dirs = d;
		lv[i].ndirs = d ? nd : 0;
	}
	return true;
}

/* A dimension named by a search item (Y' and X' stand for Y and X). */
static bool
search_dim(Elab *E, const AstNode *v, Dim *d)
{
	if (v && v->kind == AST_NAME && dim_lookup(v->u.name, d)) {
		if (*d == DIM_YP)
			*d = DIM_Y;
		else if (*d == DIM_XP)
			*d = DIM_X;
		return true;
	}
	if (v && v->kind != AST_BAD) {
		Diag *g = diag_emit(E->ctx, DIAG_E0418, v->span, "a search constraint expects a dimension here");
		const char *sug = v->kind == AST_NAME ? suggest_dim(v->u.name) : NULL;
		if (sug)
			diag_hint(E->ctx, g, "did you mean `%s`?", sug);
		else
			diag_hint(E->ctx, g, "the dimensions are N G K C M R S Y X (Y' and X' mean Y and X)");
	}
	return false;
}

/* One value or a range lo..hi (both ends included), within 1..max. */
static bool
search_range(Elab *E, const AstNode *v, int64_t max, const char *what, int64_t *lo, int64_t *hi)
{
	if (!v)
		return false;
	if (v->kind == AST_RANGE) {
		bool a = eval(E, v->u.binary.a, lo), b = eval(E, v->u.binary.b, hi);
		if (!a || !b)
			return false;
	} else {
		if (!eval(E, v, lo))
			return false;
		*hi = *lo;
	}
	if (*lo < 1 || *hi > max || *lo > *hi) {
		char bound[48] = "at least 1";
		if (max < INT64_MAX)
			snprintf(bound, sizeof bound, "from 1 to %lld", (long long)max);
		char got[48];
		if (*lo == *hi)
			snprintf(got, sizeof got, "%lld", (long long)*lo);
		else
			snprintf(got, sizeof got, "%lld..%lld", (long long)*lo, (long long)*hi);
		Diag *d = diag_emit(E->ctx, DIAG_E0418, v->span, "%s must be %s, but is %s", what, bound, got);
		if (*lo > *hi)
			diag_hint(E->ctx, d, "a range lo..hi includes both ends and needs lo <= hi");
		return false;
	}
	return true;
}

/* The level in an item's argument: from `min` to IR_SEARCH_MAXL - 1. */
static bool
search_level(Elab *E, const AstNode *it, int64_t min, uint32_t *out)
{
	const AstNode *a = it->u.sitem.arg;
	int64_t v;
	if (!a) {
		Diag *d = diag_emit(E->ctx, DIAG_E0418, it->u.sitem.key_span, "`%s` needs a level", it->u.sitem.key);
		diag_hint(E->ctx, d, "write %s(L): ..., L from %lld (%s) to %d", it->u.sitem.key, (long long)min,
			  min ? "the first Cluster" : "the top level", IR_SEARCH_MAXL - 1);
		return false;
	}
	if (!eval(E, a, &v))
		return false;
	if (v < min || v >= IR_SEARCH_MAXL) {
		diag_emit(E->ctx, DIAG_E0418, a->span, "level %lld is out of range: %s(L) takes L from %lld to %d",
			  (long long)v, it->u.sitem.key, (long long)min, IR_SEARCH_MAXL - 1);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

static bool
search_one_value(Elab *E, const AstNode *it)
{
	if (it->u.sitem.values.n == 1)
		return true;
	diag_emit(E->ctx, DIAG_E0418, it->span, "`%s` takes one value or one range lo..hi, not %u",
		  it->u.sitem.key, it->u.sitem.values.n);
	return false;
}

/* `Dataflow: family(ranges)`: every argument tuple, elaborated for L. */
static void
search_family(Elab *E, IrLayer *L, IrSearchSpec *sp, const AstNode *it)
{
	const AstNode *def = find_df_used(E, it->u.sitem.family, it->u.sitem.family_span);
	if (!def)
		return;
	uint32_t want = def->u.dfdef.params.n, got = it->u.sitem.values.n;
	if (want != got) {
		Diag *d = diag_emit(E->ctx, DIAG_E0305, it->span,
				    "dataflow `%s` takes %u argument%s, but the search constraint gives %u",
				    def->u.dfdef.name, want, want == 1 ? "" : "s", got);
		diag_note(E->ctx, d, def->u.dfdef.name_span, "`%s` is defined here", def->u.dfdef.name);
		return;
	}
	if (got > IR_SEARCH_MAXARGS) {
		diag_emit(E->ctx, DIAG_E0418, it->span, "a search constraint's dataflow takes at most %d arguments",
			  IR_SEARCH_MAXARGS);
		return;
	}
	uint64_t tuples = 1;
	bool ok = true;
	for (uint32_t i = 0; i < got; i++) {
		if (!search_range(E, it->u.sitem.values.v[i], INT64_MAX, "a dataflow argument",
				  &sp->arg_lo[i], &sp->arg_hi[i])) {
			ok = false;
			continue;
		}
		uint64_t n = (uint64_t)(sp->arg_hi[i] - sp->arg_lo[i]) + 1;
		tuples = tuples > SEARCH_MAX_TUPLES || n > SEARCH_MAX_TUPLES ? SEARCH_MAX_TUPLES + 1 : tuples * n;
	}
	if (!ok)
		return;
	if (tuples > SEARCH_MAX_TUPLES) {
		Diag *d = diag_emit(E->ctx, DIAG_E0419, it->span,
				    "the ranges of `%s` give more than %d argument combinations", def->u.dfdef.name,
				    SEARCH_MAX_TUPLES);
		diag_hint(E->ctx, d, "narrow the ranges, or leave the family out and bound tiles with Tile(D)");
		return;
	}
	sp->family = def->u.dfdef.name;
	sp->nargs = got;
	sp->maps = arena_array(E->ctx->arena, (size_t)tuples, sizeof *sp->maps);
	if (!sp->maps)
		return;
	int64_t vals[IR_SEARCH_MAXARGS + 1];
	bool bad[IR_SEARCH_MAXARGS + 1];
	memset(bad, 0, sizeof bad);
	for (uint32_t i = 0; i < got; i++)
		vals[i] = sp->arg_lo[i];
	for (uint64_t t = 0; t < tuples && !E->stop; t++) {
		if (!count(E, it->span, 1))
			break;
		E->nlv = 0;
		new_level(E, 0, 0, it->span);
		E->layer = L;
		df_body(E, def, vals, bad, it->span, 0);
		E->layer = NULL;
		IrSearchMap *m = &sp->maps[sp->nmaps];
		if (take_levels(E, &m->levels, &m->nlevels)) {
			memcpy(m->args, vals, got * sizeof *vals);
			sp->nmaps++;
		}
		/* next tuple: the last argument fastest */
		for (uint32_t i = got; i-- > 0;) {
			if (vals[i] < sp->arg_hi[i]) {
				vals[i]++;
				break;
			}
			vals[i] = sp->arg_lo[i];
		}
	}
}

/* A layer's Search block (its own or its network's) as an IrSearchSpec. */
static const IrSearchSpec *
elab_search(Elab *E, IrLayer *L, const AstNode *blk)
{
	IrSearchSpec *sp = arena_alloc(E->ctx->arena, sizeof *sp);
	if (!sp)
		return NULL;
	memset(sp, 0, sizeof *sp);
	sp->span = blk->span;
	/* the item that set each key (and level or dimension), for repeats */
	const AstNode *first[NSEARCHKEYS][DIM__COUNT > IR_SEARCH_MAXL ? DIM__COUNT : IR_SEARCH_MAXL];
	memset(first, 0, sizeof first);
	Span spatial_at[IR_SEARCH_MAXL];
	for (uint32_t i = 0; i < blk->u.block.items.n; i++) {
		const AstNode *it = blk->u.block.items.v[i];
		if (!it || it->kind != AST_SITEM)
			continue;
		size_t k;
		for (k = 0; k < NSEARCHKEYS; k++)
			if (strcmp(it->u.sitem.key, search_keys[k]) == 0)
				break;
		if (k == NSEARCHKEYS) {
			Diag *d = diag_emit(E->ctx, DIAG_E0417, it->u.sitem.key_span,
					    "`%s` is not a search constraint", it->u.sitem.key);
			const char *sug = diag_suggest(it->u.sitem.key, search_keys, NSEARCHKEYS);
			if (sug)
				diag_hint(E->ctx, d, "did you mean `%s`?", sug);
			else
				diag_hint(E->ctx, d, "the constraints are Levels, Spatial(L), Order(L), Cluster(L), "
					  "Tile(D) and Dataflow");
			continue;
		}
		uint32_t slot = 0;
		Dim dim = DIM_K;
		bool ok = true;
		switch (k) {
		case 1: case 2: ok = search_level(E, it, 0, &slot); break;
		case 3: ok = search_level(E, it, 1, &slot); break;
		case 4:
			ok = it->u.sitem.arg ? search_dim(E, it->u.sitem.arg, &dim) : false;
			if (!it->u.sitem.arg)
				diag_emit(E->ctx, DIAG_E0418, it->u.sitem.key_span, "`Tile` needs a dimension: Tile(D): lo..hi");
			slot = (uint32_t)dim;
			break;
		default:
			if (it->u.sitem.arg) {
				diag_emit(E->ctx, DIAG_E0418, it->u.sitem.arg->span, "`%s` takes no argument",
					  it->u.sitem.key);
				ok = false;
			}
			break;
		}
		if (!ok)
			continue;
		if (first[k][slot]) {
			Diag *d = diag_emit(E->ctx, DIAG_E0418, it->span, "this search constraint is given twice");
			diag_note(E->ctx, d, first[k][slot]->span, "first given here");
			continue;
		}
		first[k][slot] = it;
		const AstList *vs = &it->u.sitem.values;
		switch (k) {
		case 0:
			if (search_one_value(E, it))
				search_range(E, vs->v[0], IR_SEARCH_MAXL, "the number of levels", &sp->levels_lo,
					     &sp->levels_hi);
			break;
		case 1:
			for (uint32_t j = 0; j < vs->n; j++)
				if (search_dim(E, vs->v[j], &dim))
					sp->spatial[slot] |= DIM_BIT(dim);
			spatial_at[slot] = it->span;
			break;
		case 2: {
			uint32_t seen = 0;
			for (uint32_t j = 0; j < vs->n; j++) {
				if (!search_dim(E, vs->v[j], &dim))
					continue;
				if (seen & DIM_BIT(dim)) {
					diag_emit(E->ctx, DIAG_E0418, vs->v[j]->span, "%s is listed twice in this Order",
						  ir_dim_name(dim));
					continue;
				}
				seen |= DIM_BIT(dim);
				sp->order[slot][sp->norder[slot]++] = (uint8_t)dim;
			}
			break;
		}
		case 3:
			if (search_one_value(E, it))
				search_range(E, vs->v[0], INT64_MAX, "a cluster size", &sp->cluster_lo[slot],
					     &sp->cluster_hi[slot]);
			break;
		case 4:
			if (search_one_value(E, it))
				search_range(E, vs->v[0], INT64_MAX, "a tile size", &sp->tile_lo[slot],
					     &sp->tile_hi[slot]);
			break;
		default:
			search_family(E, L, sp, it);
			break;
		}
	}
	/* a level's spatial dimensions must be among its ordered ones */
	for (uint32_t l = 0; l < IR_SEARCH_MAXL; l++) {
		if (!sp->spatial[l] || !sp->norder[l])
			continue;
		uint32_t in_order = 0;
		for (uint32_t j = 0; j < sp->norder[l]; j++)
			in_order |= DIM_BIT(sp->order[l][j]);
		if (sp->spatial[l] & ~in_order) {
			Diag *d = diag_emit(E->ctx, DIAG_E0418, spatial_at[l],
					    "Spatial(%u) names a dimension that Order(%u) does not list", l, l);
			diag_note(E->ctx, d, first[2][l]->span, "Order(%u) is here", l);
		}
	}
	return sp;
}

/* ---- layers ---- */

typedef struct LayerOut {
	IrLayer *v;
	uint32_t n, cap;
} LayerOut;

static void
dim_entries(Elab *E, IrLayer *L, const AstNode *blk, bool stride, Span *first)
{
	for (uint32_t i = 0; i < blk->u.block.items.n; i++) {
		const AstNode *en = blk->u.block.items.v[i];
		Dim d;
		if (!dim_lookup(en->u.entry.key, &d)) {
			Diag *w = diag_emit(E->ctx, DIAG_W0401, en->u.entry.key_span,
					    "`%s` is not a dimension; this %s is ignored",
					    en->u.entry.key, stride ? "stride" : "size");
			const char *s = suggest_dim(en->u.entry.key);
			if (s)
				diag_hint(E->ctx, w, "did you mean `%s`?", s);
			continue;
		}
		int64_t v;
		if (!eval_positive(E, en->u.entry.value, stride ? "a stride" : "a dimension size", &v)) {
			if (!stride)
				E->dim_bad[d] = true;
			continue;
		}
		int64_t *slot = stride ? &L->stride[d] : &L->dim[d];
		Span *sp = stride ? &L->stride_span[d] : &L->dim_span[d];
		bool declared = stride ? first[d].hi > 0 : *slot != 0;
		if (declared) {
			if (*slot == v) {
				Diag *w = diag_emit(E->ctx, DIAG_W0402, en->span,
						    "%s %s given twice", stride ? "stride of" : "dimension",
						    ir_dim_name(d));
				diag_note(E->ctx, w, *sp, "first given here, with the same value");
			} else {
				Diag *dg = diag_emit(E->ctx, DIAG_E0404, en->span,
						     "%s %s given twice, as %lld and %lld",
						     stride ? "stride of" : "dimension", ir_dim_name(d),
						     (long long)*slot, (long long)v);
				diag_note(E->ctx, dg, *sp, "first given here");
				if (!stride)
					E->dim_bad[d] = true;
			}
			continue;
		}
		if (stride && d != DIM_X && d != DIM_Y)
			diag_emit(E->ctx, DIAG_W0403, en->span,
				  "a stride on %s has no effect; only X and Y strides do", ir_dim_name(d));
		*slot = v;
		*sp = en->span;
		if (stride)
			first[d] = en->span;
	}
}

/* Keep the first of a layer's items of one kind; a second one is E0412. */
static void
first_item(MdfCtx *ctx, const AstNode **slot, const AstNode *it, const char *layer, const char *plural,
	   const char *one)
{
	if (*slot) {
		Diag *d = diag_emit(ctx, DIAG_E0412, it->span, "layer `%s` has two %s", layer, plural);
		diag_note(ctx, d, (*slot)->span, "the first %s", one);
		return;
	}
	*slot = it;
}

static void
elab_layer(Elab *E, const AstNode *n, const AstNode *net_default, LayerOut *out)
{
	MdfCtx *ctx = E->ctx;
	if (E->nlayers >= ctx->opt.limits.max_layers) {
		/* checked before anything of the layer is built */
		diag_emit(ctx, DIAG_E0411, n->span, "more than %u layers", ctx->opt.limits.max_layers);
		E->stop = true;
		return;
	}
	if (!count(E, n->span, 1))
		return;
	E->nlayers++;
	IrLayer L;
	memset(&L, 0, sizeof L);
	L.span = n->span;
	L.name = eval_name(E, n->u.layer.name, &L.name_span);
	if (!L.name)
		L.name = "?";
	else if (!L.name[0])
		diag_emit(ctx, DIAG_E0413, L.name_span, "a layer name cannot be empty");
	L.type_span = L.dims_span = L.dataflow_span = span_none();
	for (int d = 0; d < DIM__COUNT; d++) {
		L.stride[d] = 1;
		L.dim_span[d] = L.stride_span[d] = span_none();
	}
	memset(E->dim_bad, 0, sizeof E->dim_bad);
	const AstNode *type = NULL, *df = NULL, *search = NULL;
	Span stride_first[DIM__COUNT];
	memset(stride_first, 0, sizeof stride_first);
	bool have_dims = false;
	for (uint32_t i = 0; i < n->u.layer.items.n; i++) {
		const AstNode *it = n->u.layer.items.v[i];
		switch (it->kind) {
		case AST_TYPE:
			if (type) {
				Diag *d = diag_emit(ctx, DIAG_E0412, it->span, "layer `%s` has two Type lines", L.name);
				diag_note(ctx, d, type->span, "the first Type");
				break;
			}
			type = it;
			L.type_span = it->u.type.name_span;
			if (!ir_layer_type_lookup(it->u.type.name, &L.type)) {
				Diag *d = diag_emit(ctx, DIAG_E0401, it->u.type.name_span,
						    "unknown layer type `%s`: the types are CONV, DSCONV, NGCONV, "
						    "GEMM, FC, TRCONV and POOL", it->u.type.name);
				const char *s = diag_suggest(it->u.type.name, ir_layer_type_names, LT__COUNT);
				if (s)
					diag_hint(ctx, d, "did you mean `%s`?%s", s,
						  strcmp(s, it->u.type.name) != 0 &&
						  strlen(s) == strlen(it->u.type.name) ? " (types are case-sensitive)" : "");
			}
			break;
		case AST_DIMS:
			if (!have_dims)
				L.dims_span = it->span;
			have_dims = true;
			dim_entries(E, &L, it, false, stride_first);
			break;
		case AST_STRIDE:
			dim_entries(E, &L, it, true, stride_first);
			break;
		case AST_DATAFLOW:
		case AST_DFUSE:
			first_item(ctx, &df, it, L.name, "Dataflows", "Dataflow");
			break;
		case AST_SEARCH:
			first_item(ctx, &search, it, L.name, "Search blocks", "Search block");
			break;
		default:
			break;
		}
	}
	for (int k = 0; k < 2; k++) {
		Dim in = k ? DIM_X : DIM_Y, o = k ? DIM_XP : DIM_YP;
		if (L.dim[in] && L.dim[o]) {
			bool later = L.dim_span[o].lo > L.dim_span[in].lo;
			Diag *d = diag_emit(ctx, DIAG_E0405, later ? L.dim_span[o] : L.dim_span[in],
					    "both %s (input) and %s (output) are declared",
					    ir_dim_name(in), ir_dim_name(o));
			diag_note(ctx, d, later ? L.dim_span[in] : L.dim_span[o], "the other one is here");
			diag_hint(ctx, d, "declare the input size %s or the output size %s, not both",
				  ir_dim_name(in), ir_dim_name(o));
		}
	}
	if (!df)
		df = net_default;
	if (!type || !have_dims || !df) {
		/* one report listing everything missing */
		const char *miss[3];
		int k = 0;
		if (!type) miss[k++] = "no Type";
		if (!have_dims) miss[k++] = "no Dimensions";
		if (!df) miss[k++] = "no Dataflow";
		Diag *d = diag_emit(ctx, DIAG_E0408, L.name_span.hi ? L.name_span : n->span,
				    "layer `%s` has %s%s%s%s%s", L.name, miss[0],
				    k == 3 ? ", " : k == 2 ? " and " : "", k >= 2 ? miss[1] : "",
				    k == 3 ? " and " : "", k == 3 ? miss[2] : "");
		if (!df)
			diag_hint(ctx, d, "give the layer a `Dataflow { ... }` block, `Dataflow: NAME(args);`, "
				  "or put `Dataflow: NAME(args);` in the network for all its layers");
	}
	if (df) {
		L.dataflow_span = df->span;
		E->nlv = 0;
		new_level(E, 0, 0, df->span);
		E->layer = &L;
		if (df->kind == AST_DATAFLOW)
			df_items(E, &df->u.block.items, 0);
		else
			df_use(E, df, 0);
		E->layer = NULL;
		take_levels(E, &L.levels, &L.nlevels);
	}
	if (!search)
		search = E->net_search;
	if (search)
		L.search = elab_search(E, &L, search);
	if (out->n == out->cap) {
		uint32_t cap = out->cap ? out->cap * 2 : 16;
		IrLayer *v = arena_grow_raw(ctx->arena, out->v, out->n, cap, sizeof *v);
		if (!v)
			return;
		out->v = v;
		out->cap = cap;
	}
	out->v[out->n++] = L;
}

static void
net_items(Elab *E, const AstList *items, const AstNode *def, LayerOut *out)
{
	for (uint32_t i = 0; i < items->n && !E->stop; i++) {
		const AstNode *n = items->v[i];
		if (n->kind == AST_LAYER) {
			elab_layer(E, n, def, out);
		} else if (n->kind == AST_FOR) {
			int64_t lo, hi;
			if (!loop_bounds(E, n, &lo, &hi))
				continue;
			for (int64_t v = lo; v < hi && !E->stop; v++) {
				if (!count(E, n->span, 1))
					break;
				bind(E, n->u.loop.var, v, n->u.loop.var_span, B_LOOP, false);
				net_items(E, &n->u.loop.items, def, out);
				E->nb--;
			}
		}
	}
}

static void
elab_network(Elab *E, const AstNode *n, IrNetwork *net)
{
	memset(net, 0, sizeof *net);
	net->span = n->span;
	Span ns;
	net->name = n->u.network.name ? eval_name(E, n->u.network.name, &ns) : "";
	if (!net->name)
		net->name = "?";
	const AstNode *def = NULL;
	E->net_search = NULL;
	for (uint32_t i = 0; i < n->u.network.items.n; i++) {
		const AstNode *it = n->u.network.items.v[i];
		if (it->kind == AST_SEARCH) {
			if (E->net_search) {
				Diag *d = diag_emit(E->ctx, DIAG_E0412, it->span, "network has two Search blocks");
				diag_note(E->ctx, d, E->net_search->span, "the first Search block");
			} else {
				E->net_search = it;
			}
			continue;
		}
		if (it->kind != AST_DFUSE)
			continue;
		if (def) {
			Diag *d = diag_emit(E->ctx, DIAG_E0412, it->span, "network has two default Dataflows");
			diag_note(E->ctx, d, def->span, "the first default Dataflow");
			continue;
		}
		def = it;
	}
	/* room for the layers written out (loops add more) */
	LayerOut out = {0};
	for (uint32_t i = 0; i < n->u.network.items.n; i++)
		out.cap += n->u.network.items.v[i]->kind == AST_LAYER;
	if (out.cap < 16)
		out.cap = 16;
	out.v = arena_alloc_raw(E->ctx->arena, (size_t)out.cap * sizeof *out.v);
	if (!out.v)
		out.cap = 0;
	net_items(E, &n->u.network.items, def, &out);
	E->net_search = NULL;
	net->layers = out.v;
	net->nlayers = out.n;
}

/* ---- globals ---- */

/* A -D option, parsed.  One that names a declared param is evaluated in
   the param's place (so its value may use the params before it); the others
   are evaluated first, seeing only earlier -D names. */
typedef struct PendingDef {
	const char *name;
	AstNode *expr;
	Span span;
	bool bad;
} PendingDef;

/* The names every file declares as params. */
static void
declared_params(MdfCtx *ctx, FileSet *set, NameMap *out)
{
	for (uint32_t fi = 0; fi < set->n; fi++)
		for (uint32_t i = 0; i < set->files[fi]->items.n; i++) {
			const AstNode *n = set->files[fi]->items.v[i];
			if (n->kind == AST_PARAM)
				names_put(ctx, out, n->u.param.name, 0);
		}
}

/* The -D of a name (the last one wins: later inserts replace). */
static PendingDef *
find_pending(PendingDef *p, const NameMap *map, const char *name)
{
	uint32_t i;
	return names_get(map, name, &i) ? &p[i] : NULL;
}

static bool
eval_define(Elab *E, const PendingDef *d, int64_t *v)
{
	size_t before = E->ctx->diags.nerrors;
	if (d->bad || !d->expr)
		return false;
	bool ok = eval(E, d->expr, v);
	if (!ok && E->ctx->diags.nerrors == before)
		diag_emit(E->ctx, DIAG_E0309, d->span, "-D %s: the value is not an integer expression", d->name);
	return ok;
}

static PendingDef *
defines(Elab *E, FileSet *set, uint32_t *npending, NameMap *pmap)
{
	MdfCtx *ctx = E->ctx;
	PendingDef *all = arena_array(ctx->arena, ctx->opt.ndefines + 1, sizeof *all);
	uint32_t n = 0;
	*npending = 0;
	if (!all)
		return NULL;
	for (size_t i = 0; i < ctx->opt.ndefines; i++) {
		const MdfDefine *df = &ctx->opt.defines[i];
		const char *nm = df->name ? df->name : "";
		bool ident = (nm[0] >= 'A' && nm[0] <= 'Z') || (nm[0] >= 'a' && nm[0] <= 'z') || nm[0] == '_';
		for (const char *c = nm; *c && ident; c++)
			ident = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
				(*c >= '0' && *c <= '9') || *c == '_';
		if (!ident) {
			diag_emit(ctx, DIAG_E0309, span_none(), "-D %s=%s: `%s` is not a valid name",
				  nm, df->value ? df->value : "", nm);
			continue;
		}
		const char *val = df->value ? df->value : "";
		char *label = arena_printf(ctx->arena, "<-D %s>", nm);
		uint32_t f = mdf_ctx_add_source(ctx, label ? label : "<-D>", NULL, val, strlen(val));
		if (f == SPAN_NOFILE)
			continue;
		PendingDef *d = &all[n++];
		d->name = intern_str(ctx, E->strs, nm, strlen(nm));
		d->span = (Span){f, 0, (uint32_t)strlen(val)};
		size_t before = ctx->diags.nerrors;
		d->expr = front_parse_expr(ctx, E->strs, f);
		d->bad = !d->expr;
		if (d->bad && ctx->diags.nerrors == before)
			diag_emit(ctx, DIAG_E0309, d->span, "-D %s=%s: the value is not an integer expression", nm, val);
	}
	NameMap declared = {0};
	declared_params(ctx, set, &declared);
	for (uint32_t i = 0; i < n; i++)
		names_put(ctx, pmap, all[i].name, i);
	/* names no param declares: defined up front, in order */
	for (uint32_t i = 0; i < n; i++) {
		PendingDef *d = &all[i];
		uint32_t k;
		if (names_get(&declared, d->name, &k) || find_pending(all, pmap, d->name) != d)
			continue;
		int64_t v = 0;
		bool ok = eval_define(E, d, &v);
		bind(E, d->name, v, d->span, B_DEFINE, !ok);
		bind_global(E);
	}
	*npending = n;
	return all;
}

static void
globals(Elab *E, FileSet *set, IrModule *m, uint32_t *cap_accels, PendingDef *defs, const NameMap *pmap)
{
	MdfCtx *ctx = E->ctx;
	NameMap accmap = {0};
	for (uint32_t fi = 0; fi < set->n; fi++) {
		const AstFile *f = set->files[fi];
		int32_t file_hw = -1;
		for (uint32_t i = 0; i < f->items.n; i++) {
			const AstNode *n = f->items.v[i];
			switch (n->kind) {
			case AST_PARAM: {
				Binding *b = lookup(E, n->u.param.name);
				if (b) {
					Diag *d = diag_emit(ctx, DIAG_E0302, n->u.param.name_span,
							    "`%s` is already defined", n->u.param.name);
					diag_note(ctx, d, b->span, "first defined here");
					break;
				}
				int64_t v = 0;
				PendingDef *d = find_pending(defs, pmap, n->u.param.name);
				/* a -D of this name replaces the param's value */
				bool ok = d ? eval_define(E, d, &v) : eval(E, n->u.param.value, &v);
				bind(E, n->u.param.name, v, n->u.param.name_span, B_PARAM, !ok);
				bind_global(E);
				break;
			}
			case AST_DFDEF: {
				const AstNode *prev = find_df(E, n->u.dfdef.name);
				if (prev) {
					Diag *d = diag_emit(ctx, DIAG_E0302, n->u.dfdef.name_span,
							    "dataflow `%s` is already defined", n->u.dfdef.name);
					diag_note(ctx, d, prev->u.dfdef.name_span, "first defined here");
					break;
				}
				const AstList *ps = &n->u.dfdef.params;
				for (uint32_t a = 0; a < ps->n; a++)
					for (uint32_t b = 0; b < a; b++)
						if (strcmp(ps->v[a]->u.name, ps->v[b]->u.name) == 0) {
							Diag *d = diag_emit(ctx, DIAG_E0302, ps->v[a]->span,
									    "parameter `%s` appears twice", ps->v[a]->u.name);
							diag_note(ctx, d, ps->v[b]->span, "first here");
						}
				if (E->ndfs == E->capdfs) {
					uint32_t cap = E->capdfs ? E->capdfs * 2 : 8;
					const AstNode **v = arena_grow(ctx->arena, E->dfs, E->ndfs, cap, sizeof *v);
					if (!v)
						break;
					E->dfs = v;
					E->capdfs = cap;
				}
				names_put(ctx, &E->dfmap, n->u.dfdef.name, E->ndfs);
				E->dfs[E->ndfs++] = n;
				break;
			}
			case AST_ACCEL:
			case AST_ENTRY: {
				/* hardware-file lines of one file make one anonymous accelerator */
				int32_t idx = n->kind == AST_ENTRY ? file_hw : -1;
				if (idx < 0) {
					uint32_t k;
					if (n->kind == AST_ACCEL && n->u.accel.name &&
					    names_get(&accmap, n->u.accel.name, &k)) {
						Diag *d = diag_emit(ctx, DIAG_E0302, n->u.accel.name_span,
								    "accelerator `%s` is already defined",
								    n->u.accel.name);
						diag_note(ctx, d, m->accels[k].span, "first defined here");
					}
					if (m->naccels == *cap_accels) {
						uint32_t cap = *cap_accels ? *cap_accels * 2 : 4;
						IrHw *v = arena_grow(ctx->arena, m->accels, m->naccels, cap, sizeof *v);
						if (!v)
							break;
						m->accels = v;
						*cap_accels = cap;
					}
					idx = (int32_t)m->naccels++;
					IrHw *hw = &m->accels[idx];
					ir_hw_defaults(hw);
					hw->set = 0;
					for (int k = 0; k < HW__COUNT; k++)
						hw->field_span[k] = span_none();
					hw->span = n->span;
					if (n->kind == AST_ACCEL)
						hw->name = n->u.accel.name;
					if (hw->name && !names_get(&accmap, hw->name, &k))
						names_put(ctx, &accmap, hw->name, (uint32_t)idx);
					else
						file_hw = idx;
				}
				IrHw *hw = &m->accels[idx];
				if (n->kind == AST_ENTRY) {
					hw->span = span_join(hw->span, n->span);
					hw_entry(E, hw, n);
				} else {
					for (uint32_t k = 0; k < n->u.accel.items.n; k++)
						hw_entry(E, hw, n->u.accel.items.v[k]);
				}
				break;
			}
			default:
				break;
			}
		}
	}
}

IrModule *
front_elaborate(MdfCtx *ctx, Interner *strs, FileSet *set)
{
	Elab E;
	memset(&E, 0, sizeof E);
	E.ctx = ctx;
	E.strs = strs;
	IrModule *m = arena_alloc(ctx->arena, sizeof *m);
	E.active = arena_array(ctx->arena, ctx->opt.limits.max_nesting + 1, sizeof *E.active);
	if (!m || !E.active)
		return NULL;
	uint32_t ndefs;
	NameMap pmap = {0};
	PendingDef *defs = defines(&E, set, &ndefs, &pmap);
	uint32_t cap_accels = 0;
	globals(&E, set, m, &cap_accels, defs, &pmap);
	uint32_t nnet = 0;
	for (uint32_t fi = 0; fi < set->n; fi++)
		for (uint32_t i = 0; i < set->files[fi]->items.n; i++)
			if (set->files[fi]->items.v[i]->kind == AST_NETWORK)
				nnet++;
	m->networks = arena_array(ctx->arena, nnet + 1, sizeof *m->networks);
	if (!m->networks)
		return NULL;
	size_t before = ctx->diags.n;
	for (uint32_t fi = 0; fi < set->n && !E.stop; fi++)
		for (uint32_t i = 0; i < set->files[fi]->items.n && !E.stop; i++) {
			const AstNode *n = set->files[fi]->items.v[i];
			if (n->kind == AST_NETWORK)
				elab_network(&E, n, &m->networks[m->nnetworks++]);
		}
	diag_fold_same_span(ctx, before);
	/* A -D that no param declares and no expression reads is most likely
	   a misspelling (-D DATAFLOWS=2): say so rather than ignore it. */
	const char **cands = NULL;
	uint32_t k = 0, nunused = 0;
	for (uint32_t i = 0; i < E.nglobals && !E.stop; i++) {
		Binding *b = &E.b[i];
		if (b->kind != B_DEFINE || b->used)
			continue;
		Diag *d = diag_emit(ctx, DIAG_W0404, b->span,
				    "-D %s is not used: no param %s is declared and no expression reads it",
				    b->name, b->name);
		if (!cands) {
			cands = arena_array(ctx->arena, E.nglobals + 1, sizeof *cands);
			for (uint32_t j = 0; cands && j < E.nglobals; j++)
				if (E.b[j].kind == B_PARAM)
					cands[k++] = E.b[j].name;
		}
		/* a suggestion compares with every param: for the first few only */
		const char *sug = cands && nunused++ < 16 ? diag_suggest(b->name, cands, k) : NULL;
		if (sug)
			diag_hint(ctx, d, "did you mean `%s`?", sug);
	}
	return m;
}
