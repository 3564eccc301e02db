/*
** cgen_int.h: what the loop-nest backend's files share.
*/
#ifndef MDFC_CGEN_INT_H
#define MDFC_CGEN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mdfc/arena.h"

/* The runtime support text of every emitted program, one line per entry,
   NULL-terminated (runtime.c). */
extern const char *const cgen_runtime_lines[];

/* A small JSON reader for the emitted program's report (json.c).  Values
   live in the arena. */
typedef enum JsonKind { JSON_NULL, JSON_BOOL, JSON_INT, JSON_STR, JSON_ARR, JSON_OBJ } JsonKind;
typedef struct JsonVal JsonVal;
struct JsonVal {
	JsonKind kind;
	bool b;
	int64_t i;
	const char *s;          /* JSON_STR; also the key of an object member */
	JsonVal *items;         /* JSON_ARR elements / JSON_OBJ members (key in .key) */
	const char **keys;
	uint32_t n;
};
/* Parses text[0..len); NULL on a syntax error (and *err points at a reason). */
JsonVal *cgen_json_parse(Arena *a, const char *text, size_t len, const char **err);
const JsonVal *cgen_json_get(const JsonVal *obj, const char *key);
int64_t cgen_json_int(const JsonVal *obj, const char *key, int64_t dflt);

#endif
