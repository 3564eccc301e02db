/* hash.h: one step of the 64-bit FNV-1a hash over 64-bit words, for the
   memo keys of the cost model (totals.c) and of the window check
   (validate_window.c).  Internal; not installed. */
#ifndef MDFC_HASH_H
#define MDFC_HASH_H

#include <stdint.h>

#define MDF_HASH_INIT 0xcbf29ce484222325ull

static inline uint64_t
mdf_hash_step(uint64_t h, int64_t v)
{
	h ^= (uint64_t)v;
	return h * 0x100000001b3ull;
}

#endif
