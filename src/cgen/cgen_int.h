/*
** cgen_int.h: what the loop-nest backend's files share.
*/
#ifndef MDFC_CGEN_INT_H
#define MDFC_CGEN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mdfc/arena.h"
#include "mdfc/buf.h"
#include "mdfc/ctx.h"
#include "mdfc/ir.h"

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

/* ---- The lowering's tables and helpers (emit.c), shared with the
   readable nests of --emit=loops (loops.c). ---- */

#define CG_MAXL IR_MAX_LEVELS      /* must match the runtime */

/* Per loop-nest shape (emit.c's table): the dimensions directives may map,
   the MAC space, each tensor's dimensions in row-major order. */
typedef struct TypeDesc {
	int nloop;
	Dim loop[8];            /* dimensions directives may map */
	int nmac;
	Dim mac[8];             /* the MAC space: output dims then reduction dims (Y'/X': ownership rule) */
	int nten[3];
	Dim ten[3][5];          /* input, weight, output; extent and box source (Y/X tile, Y'/X' owned rows) */
	bool sliding;           /* Y/X slide with R/S (ownership rule) */
} TypeDesc;

typedef struct Emit {
	MdfCtx *ctx;
	MdfBuf *b;
	int ind;
	const IrLayer *l;
	const char *net_name;   /* --emit=loops: the layer's network */
	const TypeDesc *td;
	bool trconv;            /* TRCONV: input dilated by the upsampling factor; scatter reference */
	int64_t units[CG_MAXL];
	uint32_t nl;
	int64_t omit_over;      /* leave out nests of layers with more MACs (0: never) */
	bool comp[2];           /* Y (X) read in compressed rows (docs/ir.md 2.4): R < stride */
	int64_t rf[2], str[2];  /* the full R (S) and the stride of Y (X) */
	int64_t up[2];          /* TRCONV: the input dilation of Y (X); 1 otherwise */
} Emit;

/* The loop variable of dimension d in the MAC body ("yp"). */
const char *cgen_var(Dim d);
/* The index expression of tensor t's i-th dimension in the MAC body. */
const char *cgen_ten_index(const TypeDesc *td, int t, int i);
/* Checks what the lowering relies on (fills e->units); E0701 otherwise. */
bool cgen_lowerable(Emit *e, const IrHw *hw);
/* The extent of each dimension the layer type uses (1 when not declared). */
bool cgen_layer_extents(Emit *e, int64_t ext[DIM__COUNT], int64_t stride[2]);
/* The layer's type, levels and extents into e and ext/stride, or E0701:
   cgen_lowerable and cgen_layer_extents, and an empty output. */
bool cgen_prepare(Emit *e, const IrHw *hw, int64_t ext[DIM__COUNT], int64_t stride[2]);
/* Row-major index of tensor t (or of the MAC space when t < 0). */
void cgen_index_expr(Emit *e, int t, MdfBuf *out);
int64_t cgen_map_offset(const Emit *e, const IrDirective *d, uint32_t lvl);
bool cgen_compressed(const Emit *e, Dim d);
void cgen_describe(char *out, size_t cap, const IrDirective *d, uint32_t lvl, uint32_t j, uint32_t n);
const IrDirective *cgen_level_dir(const IrLevel *lv, Dim d);
/* One line at e->ind tabs. */
void cgen_line(Emit *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
const char *cgen_buf_text(Emit *e, const MdfBuf *b);
/* The initializer of a char array holding s (every unsafe byte escaped). */
void cgen_c_string(MdfBuf *b, const char *s);

#endif
