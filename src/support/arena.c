/*
** arena.c: chunked bump allocator.  Blocks grow geometrically; an
** allocation larger than half a block gets a block of its own.
*/
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/arena.h"

typedef struct Block {
	struct Block *next;
	unsigned long long seq;         /* creation order, for arena_release */
	size_t size, used;
	max_align_t data[];
} Block;

struct Arena {
	Block *head;
	Block *spare;           /* released blocks, reused by new_block */
	unsigned long long seq; /* next block number */
	size_t next_size;
	size_t total;
};

#define ALIGN (sizeof(max_align_t))

Arena *
arena_new(void)
{
	Arena *a = calloc(1, sizeof *a);
	if (a)
		a->next_size = 16 * 1024;
	return a;
}

void
arena_free(Arena *a)
{
	if (!a)
		return;
	Block *b = a->head;
	while (b) {
		Block *n = b->next;
		free(b);
		b = n;
	}
	for (b = a->spare; b;) {
		Block *n = b->next;
		free(b);
		b = n;
	}
	free(a);
}

/* A released block of at least `need` bytes, unlinked from the spare list. */
static Block *
take_spare(Arena *a, size_t need)
{
	for (Block **pp = &a->spare; *pp; pp = &(*pp)->next)
		if ((*pp)->size >= need) {
			Block *b = *pp;
			*pp = b->next;
			return b;
		}
	return NULL;
}

static Block *
new_block(Arena *a, size_t need)
{
	size_t size = a->next_size;
	Block *b = take_spare(a, need);
	if (b)
		size = b->size;
	else {
		if (need > size / 2)
			size = need;
		else if (a->next_size < 4u * 1024 * 1024)
			a->next_size *= 2;
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
	}
	b->seq = a->seq++;
	b->size = size;
	b->used = 0;
	if (need == size && a->head) {
		/* big one-off: keep the current block in front for small allocations */
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = a->head;
		a->head = b;
	}
	return b;
}

void *
arena_alloc_raw(Arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ALIGN)
		return NULL;
	size = (size + ALIGN - 1) / ALIGN * ALIGN;
	Block *b = a->head;
	if (!b || b->size - b->used < size) {
		b = new_block(a, size);
		if (!b)
			return NULL;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	a->total += size;
	return p;
}

void *
arena_alloc(Arena *a, size_t size)
{
	void *p = arena_alloc_raw(a, size);
	if (p)
		memset(p, 0, size);
	return p;
}

void *
arena_array(Arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(a, n * size);
}

static void *
grow(Arena *a, void *old, size_t old_n, size_t new_n, size_t size, bool zero)
{
	if (size && new_n > SIZE_MAX / size)
		return NULL;
	/* only the part the old contents do not fill is zeroed */
	size_t keep = (old ? (old_n < new_n ? old_n : new_n) : 0) * size;
	char *p = arena_alloc_raw(a, new_n * size);
	if (p) {
		if (keep)
			memcpy(p, old, keep);
		if (zero)
			memset(p + keep, 0, new_n * size - keep);
	}
	return p;
}

void *
arena_grow(Arena *a, void *old, size_t old_n, size_t new_n, size_t size)
{
	return grow(a, old, old_n, new_n, size, true);
}

void *
arena_grow_raw(Arena *a, void *old, size_t old_n, size_t new_n, size_t size)
{
	return grow(a, old, old_n, new_n, size, false);
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	char *p = n < SIZE_MAX ? arena_alloc_raw(a, n + 1) : NULL;   /* every byte written */
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

char *
arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = NULL;
	if (n >= 0 && (p = arena_alloc(a, (size_t)n + 1)))
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

size_t
arena_used(const Arena *a)
{
	return a->total;
}

ArenaMark
arena_mark(const Arena *a)
{
	ArenaMark m = {a->seq, a->head, a->head ? a->head->used : 0, a->total};
	return m;
}

void
arena_release(Arena *a, ArenaMark m)
{
	/* blocks made since the mark go to the spare list; the block that was
	   current at the mark (the newest older one) is current again */
	Block **pp = &a->head;
	while (*pp) {
		Block *b = *pp;
		if (b->seq >= m.seq) {
			*pp = b->next;
			b->next = a->spare;
			a->spare = b;
		} else
			pp = &b->next;
	}
	if (a->head && a->head == m.head)
		a->head->used = m.used;
	a->total = m.total;
}
