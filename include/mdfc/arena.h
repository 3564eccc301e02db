/*
** arena.h: one bump allocator per compilation.
** Everything the front end, the IR and the passes allocate lives in the
** compilation's arena and is released by a single arena_free().  Raw malloc
** appears only in src/support/.
*/
#ifndef MDFC_ARENA_H
#define MDFC_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Arena Arena;

Arena *arena_new(void);                 /* NULL when out of memory */
void arena_free(Arena *a);              /* NULL is fine */
/* Zeroed, aligned for any object; NULL only when out of memory. */
void *arena_alloc(Arena *a, size_t size);
/* The same, not zeroed: for memory every byte of which is written before
   it is read (zeroing large blocks costs as much as using them). */
void *arena_alloc_raw(Arena *a, size_t size);
/* n elements of size each, overflow-checked; NULL on overflow or OOM. */
void *arena_array(Arena *a, size_t n, size_t size);
/* Grow an arena array (old contents copied, new elements zeroed); the old
   block is simply abandoned.  _raw: new elements not zeroed. */
void *arena_grow(Arena *a, void *old, size_t old_n, size_t new_n, size_t size);
void *arena_grow_raw(Arena *a, void *old, size_t old_n, size_t new_n, size_t size);
/* Room for k more elements in the arena array v, which holds n of `size`
   bytes in a capacity of *cap: v itself when n + k <= *cap; otherwise a
   new block with v's n elements copied (the rest zeroed when `zero`), its
   capacity doubled from `first` until it holds n + k, at most max_cap, and
   *cap updated.  NULL on overflow or out of memory, v and *cap unchanged.
   The one doubling rule of every growing array (`arena_push_room` below
   is the usual call). */
static inline void *
arena_reserve(Arena *a, void *v, size_t n, size_t k, size_t *cap, size_t first,
	      size_t max_cap, size_t size, bool zero)
{
	if (k > max_cap || n > max_cap - k)
		return NULL;
	size_t need = n + k, c = *cap ? *cap : (first ? first : 1);
	while (c < need)
		c = c > max_cap / 2 ? max_cap : c * 2;
	void *g;
	if (n == 0)             /* a first block: nothing to copy */
		g = size && c > SIZE_MAX / size ? NULL : zero ? arena_alloc(a, c * size) : arena_alloc_raw(a, c * size);
	else
		g = zero ? arena_grow(a, v, n, c, size) : arena_grow_raw(a, v, n, c, size);
	if (g)
		*cap = c;
	return g;
}
static inline void *
arena_reserve_sz(Arena *a, void *v, size_t n, size_t k, size_t *cap, size_t first, size_t size, bool zero)
{
	if (k <= *cap && n <= *cap - k)
		return v;
	return arena_reserve(a, v, n, k, cap, first, SIZE_MAX, size, zero);
}
static inline void *
arena_reserve_u32(Arena *a, void *v, uint32_t n, uint32_t k, uint32_t *cap, uint32_t first, size_t size, bool zero)
{
	if (k <= *cap && n <= *cap - k)
		return v;
	size_t c = *cap;
	void *g = arena_reserve(a, v, n, k, &c, first, UINT32_MAX, size, zero);
	if (g)
		*cap = (uint32_t)c;
	return g;
}
/* Room for one more element of the arena array `v` (a typed pointer)
   holding `n` of *capp (a uint32_t or size_t capacity), the first block
   `first` elements; new elements zeroed when `zero`.  The push itself:
       T *g = arena_push_room(arena, x->v, x->n, &x->cap, 16, false);
       if (!g)
               return ...;      (out of memory: x unchanged)
       x->v = g;
       x->v[x->n++] = item;                                            */
#define arena_push_room(a, v, n, capp, first, zero) \
	((n) < *(capp) ? (void *)(v) : \
	 _Generic((capp), uint32_t *: arena_reserve_u32, size_t *: arena_reserve_sz) \
		((a), (v), (n), 1, (capp), (first), sizeof *(v), (zero)))
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(Arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
size_t arena_used(const Arena *a);      /* bytes handed out, for limits/benchmarks */

/* Scratch use (mapping search, docs/search.md): arena_release(a, m) gives
   back everything allocated since m = arena_mark(a); pointers into it die.
   The blocks are kept for reuse, so a loop of mark/work/release allocates
   nothing from the system once it has warmed up. */
typedef struct ArenaMark {
	unsigned long long seq;     /* blocks numbered >= seq are newer */
	const void *head;           /* the current block */
	size_t used, total;         /* its fill, arena_used() */
} ArenaMark;
ArenaMark arena_mark(const Arena *a);
void arena_release(Arena *a, ArenaMark m);

#endif
