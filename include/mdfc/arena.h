/*
** arena.h: one bump allocator per compilation.
** Everything the front end, the IR and the passes allocate lives in the
** compilation's arena and is released by a single arena_free().  Raw malloc
** appears only in src/support/.
*/
#ifndef MDFC_ARENA_H
#define MDFC_ARENA_H

#include <stddef.h>

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
