/*
** axes.c: --sweep axes (docs/explore.md, "Axes"): NAME=V1,V2,... or
** NAME=A..B with an optional step, :+S (add S, default +1) or :*S
** (multiply by S >= 2); B is included when a step lands on it.  Each spec
** is kept as a source of its own, so an error points into it.
*/
#include <stdio.h>
#include <string.h>
#include "mdfc/checked.h"
#include "explore/explore_int.h"

static const struct { const char *name; int field; int64_t min; } hw_axes[] = {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) {KEY, HW_##NAME, MIN_SET},
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT)
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
};
enum { NHW_AXES = sizeof hw_axes / sizeof hw_axes[0] };

const char *
explore_hw_name(int f)
{
	for (size_t i = 0; i < NHW_AXES; i++)
		if (hw_axes[i].field == f)
			return hw_axes[i].name;
	return NULL;
}

typedef struct Scan {
	MdfCtx *ctx;
	const char *s;
	uint32_t pos, file;
} Scan;

static bool
bad(Scan *sc, uint32_t lo, uint32_t hi, const char *what)
{
	Span at = {sc->file, lo, hi};
	Diag *d = diag_emit(sc->ctx, DIAG_E1401, at, "--sweep %s: %s", sc->s, what);
	diag_hint(sc->ctx, d, "an axis is NAME=V1,V2,... or NAME=A..B, NAME=A..B:+STEP, NAME=A..B:*FACTOR");
	return false;
}

static bool
number(Scan *sc, int64_t *out)
{
	uint32_t at = sc->pos;
	bool neg = sc->s[sc->pos] == '-';
	if (neg)
		sc->pos++;
	if (sc->s[sc->pos] < '0' || sc->s[sc->pos] > '9')
		return bad(sc, at, at + 1, "expected an integer");
	int64_t v = 0;
	while (sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9') {
		if (!ck_mul(v, 10, &v) || !ck_add(v, sc->s[sc->pos] - '0', &v))
			return bad(sc, at, sc->pos + 1, "the integer does not fit in 64 bits");
		sc->pos++;
	}
	*out = neg ? -v : v;
	return true;
}

static bool
push(Scan *sc, Axis *a, uint32_t *cap, int64_t v)
{
	if (a->n >= MDF_AXIS_MAX_VALUES) {
		Span at = {sc->file, 0, (uint32_t)strlen(sc->s)};
		diag_emit(sc->ctx, DIAG_E1403, at, "--sweep %s: more than %d values on one axis", sc->s,
			  MDF_AXIS_MAX_VALUES);
		return false;
	}
	int64_t *nv = arena_push_room(sc->ctx->arena, a->v, a->n, cap, 16, false);
	if (!nv)
		return false;
	a->v = nv;
	a->v[a->n++] = v;
	return true;
}

static bool
parse_values(Scan *sc, Axis *a)
{
	uint32_t cap = 0;
	for (;;) {
		uint32_t at = sc->pos;
		int64_t lo;
		if (!number(sc, &lo))
			return false;
		if (strncmp(sc->s + sc->pos, "..", 2) != 0) {
			if (!push(sc, a, &cap, lo))
				return false;
		} else {
			sc->pos += 2;
			int64_t hi, step = 1;
			bool mul = false;
			if (!number(sc, &hi))
				return false;
			if (sc->s[sc->pos] == ':') {
				sc->pos++;
				char op = sc->s[sc->pos];
				if (op != '+' && op != '*')
					return bad(sc, sc->pos, sc->pos + 1, "a step is :+S or :*S");
				mul = op == '*';
				sc->pos++;
				uint32_t sat = sc->pos;
				if (!number(sc, &step))
					return false;
				if (step < (mul ? 2 : 1))
					return bad(sc, sat, sc->pos, mul ? "a factor must be 2 or more"
						   : "a step must be 1 or more");
			}
			if (hi < lo)
				return bad(sc, at, sc->pos, "the range ends before it starts");
			if (mul && lo <= 0)
				return bad(sc, at, sc->pos, "a multiplied range must start at 1 or more");
			for (int64_t v = lo;;) {
				if (!push(sc, a, &cap, v))
					return false;
				int64_t next;
				if (!(mul ? ck_mul(v, step, &next) : ck_add(v, step, &next)) || next > hi)
					break;
				v = next;
			}
		}
		if (sc->s[sc->pos] == 0)
			return true;
		if (sc->s[sc->pos] != ',')
			return bad(sc, sc->pos, sc->pos + 1, "expected ',' or the end of the axis");
		sc->pos++;
	}
}

static bool
parse_one(MdfCtx *ctx, const char *spec, Axis *a)
{
	memset(a, 0, sizeof *a);
	a->hw = -1;
	Scan sc = {ctx, spec, 0, SPAN_NOFILE};
	sc.file = mdf_ctx_add_source(ctx, "--sweep", NULL, spec, strlen(spec));
	if (sc.file == SPAN_NOFILE)
		return false;
	a->span = (Span){sc.file, 0, (uint32_t)strlen(spec)};
	const char *eq = strchr(spec, '=');
	size_t nl = eq ? (size_t)(eq - spec) : 0;
	bool ident = nl > 0 && !(spec[0] >= '0' && spec[0] <= '9');
	for (size_t i = 0; i < nl && ident; i++) {
		char c = spec[i];
		ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
	}
	if (!eq || !ident)
		return bad(&sc, 0, eq ? (uint32_t)nl : (uint32_t)strlen(spec),
			   "expected NAME= (a hardware field or a param) before the values");
	a->name = arena_strndup(ctx->arena, spec, nl);
	if (!a->name)
		return false;
	int64_t min = INT64_MIN;
	for (size_t i = 0; i < NHW_AXES; i++)
		if (strcmp(a->name, hw_axes[i].name) == 0) {
			a->hw = hw_axes[i].field;
			min = hw_axes[i].min;
		}
	sc.pos = (uint32_t)nl + 1;
	if (!parse_values(&sc, a))
		return false;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->v[i] < min) {
			char msg[128];
			snprintf(msg, sizeof msg, "%s must be %s, but one value is %lld", a->name,
				 min ? "1 or more" : "0 or more", (long long)a->v[i]);
			return bad(&sc, (uint32_t)nl + 1, (uint32_t)strlen(spec), msg);
		}
	return true;
}

bool
explore_parse_axes(MdfCtx *ctx, const char *const *specs, size_t n, Grid *g)
{
	memset(g, 0, sizeof *g);
	g->P = g->H = 1;
	bool ok = true;
	if (n > MDF_MAX_AXES) {
		diag_emit(ctx, DIAG_E1403, span_none(), "%zu --sweep axes; at most %d", n, MDF_MAX_AXES);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		Axis *a = &g->ax[g->nax];
		if (!parse_one(ctx, specs[i], a)) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (uint32_t k = 0; k < g->nax && !dup; k++)
			if (strcmp(g->ax[k].name, a->name) == 0) {
				Diag *d = diag_emit(ctx, DIAG_E1401, a->span, "--sweep %s: axis `%s` is given twice",
						    specs[i], a->name);
				diag_note(ctx, d, g->ax[k].span, "first here");
				dup = true;
			}
		if (dup) {
			ok = false;
			continue;
		}
		uint64_t *cnt = a->hw >= 0 ? &g->H : &g->P;
		if (a->hw >= 0)
			g->hidx[g->nh++] = g->nax;
		else
			g->pidx[g->np++] = g->nax;
		if (*cnt > (uint64_t)MDF_EXPLORE_MAX_POINTS / a->n) {
			diag_emit(ctx, DIAG_E1403, a->span, "the --sweep grid has more than %lld points",
				  (long long)MDF_EXPLORE_MAX_POINTS);
			return false;
		}
		*cnt *= a->n;
		g->nax++;
	}
	if (!ok)
		return false;
	if (g->P > (uint64_t)MDF_EXPLORE_MAX_POINTS / g->H) {
		diag_emit(ctx, DIAG_E1403, span_none(), "the --sweep grid has more than %lld points",
			  (long long)MDF_EXPLORE_MAX_POINTS);
		return false;
	}
	g->total = g->P * g->H;
	return true;
}

static void
decompose(const Grid *g, const uint32_t *idx, uint32_t k, uint64_t i, int64_t *vals)
{
	while (k-- > 0) {
		const Axis *a = &g->ax[idx[k]];
		vals[idx[k]] = a->v[i % a->n];
		i /= a->n;
	}
}

void grid_param_values(const Grid *g, uint64_t pi, int64_t *vals) { decompose(g, g->pidx, g->np, pi, vals); }
void grid_hw_values(const Grid *g, uint64_t hi, int64_t *vals) { decompose(g, g->hidx, g->nh, hi, vals); }

void
grid_hw_digits(const Grid *g, uint64_t hi, uint32_t *dig, int64_t *vals)
{
	for (uint32_t k = g->nh; k-- > 0;) {
		const Axis *a = &g->ax[g->hidx[k]];
		dig[k] = (uint32_t)(hi % a->n);
		vals[g->hidx[k]] = a->v[dig[k]];
		hi /= a->n;
	}
}

uint32_t
grid_hw_next(const Grid *g, uint32_t *dig, int64_t *vals)
{
	for (uint32_t k = g->nh; k-- > 0;) {
		const Axis *a = &g->ax[g->hidx[k]];
		if (++dig[k] < a->n) {
			vals[g->hidx[k]] = a->v[dig[k]];
			return k;
		}
		dig[k] = 0;
		vals[g->hidx[k]] = a->v[0];
	}
	return 0;
}

void
grid_hw_fields(const Grid *g, IrHw *hw, int64_t **fld)
{
	for (uint32_t k = 0; k < g->nh; k++)
		fld[k] = ir_hw_int_field(hw, g->ax[g->hidx[k]].hw);
}

void
grid_apply_hw(const Grid *g, const int64_t *vals, int64_t *const *fld, uint32_t from)
{
	for (uint32_t k = from; k < g->nh; k++)
		if (fld[k])
			*fld[k] = vals[g->hidx[k]];
}
