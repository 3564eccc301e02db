/*
** names.c: a name -> index table for the elaborator's global names
** (params, -D names, dataflows, accelerators), so that defining and
** looking up n names costs O(n), not O(n^2) (docs/reliability.md,
** "Resource limits").  Open addressing over the arena; a later insert of
** the same name replaces the earlier index.
*/
#include <string.h>
#include "front/front.h"

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool
grow(MdfCtx *ctx, NameMap *m)
{
	uint32_t cap = m->cap ? m->cap * 2 : 64;
	NameSlot *v = arena_array(ctx->arena, cap, sizeof *v);
	if (!v)
		return false;
	for (uint32_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].name)
			continue;
		uint32_t j = name_hash(m->slots[i].name) & (cap - 1);
		while (v[j].name)
			j = (j + 1) & (cap - 1);
		v[j] = m->slots[i];
	}
	m->slots = v;
	m->cap = cap;
	return true;
}

bool
names_put(MdfCtx *ctx, NameMap *m, const char *name, uint32_t index)
{
	if ((m->n + 1) * 2 > m->cap && !grow(ctx, m))
		return false;
	uint32_t j = name_hash(name) & (m->cap - 1);
	while (m->slots[j].name && strcmp(m->slots[j].name, name) != 0)
		j = (j + 1) & (m->cap - 1);
	if (!m->slots[j].name)
		m->n++;
	m->slots[j].name = name;
	m->slots[j].index = index;
	return true;
}

bool
names_get(const NameMap *m, const char *name, uint32_t *index)
{
	if (!m->cap)
		return false;
	uint32_t j = name_hash(name) & (m->cap - 1);
	while (m->slots[j].name) {
		if (strcmp(m->slots[j].name, name) == 0) {
			*index = m->slots[j].index;
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}
