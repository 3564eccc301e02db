/*
** json.c: a small JSON reader for the loop-nest program's report.
** Accepts objects, arrays, strings (with the usual escapes), integers,
** true/false/null.  No floats: the program prints none.  Depth-limited.
*/
#include <string.h>
#include "mdfc/checked.h"
#include "cgen_int.h"

typedef struct JsonP {
	Arena *a;
	const char *p, *end;
	const char *err;
	int depth;
} JsonP;

static void
skip_ws(JsonP *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool
expect_word(JsonP *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0) {
		j->err = "unexpected word";
		return false;
	}
	j->p += n;
	return true;
}

static const char *
parse_string(JsonP *j)
{
	size_t cap = 16, n = 0;
	char *s = arena_alloc(j->a, cap);
	if (!s || j->p >= j->end || *j->p != '"') {
		j->err = "expected a string";
		return NULL;
	}
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;
		if (c == '\\') {
			if (j->p >= j->end)
				break;
			c = *j->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				unsigned v = 0;
				for (int i = 0; i < 4; i++) {
					if (j->p >= j->end) {
						j->err = "short \\u escape";
						return NULL;
					}
					char h = *j->p++;
					v = v * 16 + (unsigned)(h >= '0' && h <= '9' ? h - '0' :
							       h >= 'a' && h <= 'f' ? h - 'a' + 10 :
							       h >= 'A' && h <= 'F' ? h - 'A' + 10 : 0);
				}
				c = v < 0x80 ? (char)v : '?';   /* the program escapes control bytes only */
				break;
			}
			default: break;                 /* \" \\ \/ */
			}
		}
		/* room for c and the closing NUL */
		char *g = arena_reserve_sz(j->a, s, n, 2, &cap, 16, 1, true);
		if (!g) {
			j->err = "out of memory";
			return NULL;
		}
		s = g;
		s[n++] = c;
	}
	if (j->p >= j->end) {
		j->err = "unterminated string";
		return NULL;
	}
	j->p++;
	s[n] = 0;
	return s;
}

static bool parse_value(JsonP *j, JsonVal *v);

static bool
parse_list(JsonP *j, JsonVal *v, bool obj)
{
	uint32_t cap = 0;
	char close = obj ? '}' : ']';
	v->kind = obj ? JSON_OBJ : JSON_ARR;
	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		const char *key = NULL;
		skip_ws(j);
		if (obj) {
			if (!(key = parse_string(j)))
				return false;
			skip_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				j->err = "expected ':'";
				return false;
			}
			j->p++;
		}
		uint32_t kcap = cap;    /* the two arrays grow together */
		JsonVal *items = arena_push_room(j->a, v->items, v->n, &cap, 8, true);
		const char **keys = arena_push_room(j->a, v->keys, v->n, &kcap, 8, true);
		if (!items || !keys) {
			j->err = "out of memory";
			return false;
		}
		v->items = items;
		v->keys = keys;
		v->keys[v->n] = key;
		if (!parse_value(j, &v->items[v->n]))
			return false;
		v->n++;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return true;
		}
		j->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
		return false;
	}
}

static bool
parse_value(JsonP *j, JsonVal *v)
{
	bool ok;
	memset(v, 0, sizeof *v);
	skip_ws(j);
	if (j->p >= j->end) {
		j->err = "unexpected end";
		return false;
	}
	if (++j->depth > 64) {
		j->err = "nested too deeply";
		return false;
	}
	switch (*j->p) {
	case '{': ok = parse_list(j, v, true); break;
	case '[': ok = parse_list(j, v, false); break;
	case '"': v->kind = JSON_STR; ok = (v->s = parse_string(j)) != NULL; break;
	case 't': v->kind = JSON_BOOL; v->b = true; ok = expect_word(j, "true"); break;
	case 'f': v->kind = JSON_BOOL; ok = expect_word(j, "false"); break;
	case 'n': v->kind = JSON_NULL; ok = expect_word(j, "null"); break;
	default: {
		bool neg = false;
		int64_t x = 0;
		if (*j->p == '-') {
			neg = true;
			j->p++;
		}
		if (j->p >= j->end || *j->p < '0' || *j->p > '9') {
			j->err = "unexpected character";
			return false;
		}
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
			if (!ck_mul(x, 10, &x) || !ck_add(x, *j->p - '0', &x)) {
				j->err = "number too large";
				return false;
			}
			j->p++;
		}
		v->kind = JSON_INT;
		v->i = neg ? -x : x;
		ok = true;
	}
	}
	j->depth--;
	return ok;
}

JsonVal *
cgen_json_parse(Arena *a, const char *text, size_t len, const char **err)
{
	JsonP j = {a, text, text + len, NULL, 0};
	JsonVal *v = arena_alloc(a, sizeof *v);
	if (!v) {
		*err = "out of memory";
		return NULL;
	}
	if (!parse_value(&j, v)) {
		*err = j.err ? j.err : "syntax error";
		return NULL;
	}
	skip_ws(&j);
	if (j.p != j.end) {
		*err = "trailing text";
		return NULL;
	}
	return v;
}

const JsonVal *
cgen_json_get(const JsonVal *obj, const char *key)
{
	if (!obj || obj->kind != JSON_OBJ)
		return NULL;
	for (uint32_t i = 0; i < obj->n; i++)
		if (obj->keys[i] && strcmp(obj->keys[i], key) == 0)
			return &obj->items[i];
	return NULL;
}

int64_t
cgen_json_int(const JsonVal *obj, const char *key, int64_t dflt)
{
	const JsonVal *v = cgen_json_get(obj, key);
	return v && v->kind == JSON_INT ? v->i : dflt;
}
