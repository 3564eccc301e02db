/*
** checked.h: 64-bit arithmetic that reports overflow instead of wrapping.
** Every size and count in mdfc goes through these; a false return becomes a
** diagnostic (E0406 in the front end, E0602 in the backends), never a number.
*/
#ifndef MDFC_CHECKED_H
#define MDFC_CHECKED_H

#include <stdbool.h>
#include <stdint.h>

static inline bool ck_add(int64_t a, int64_t b, int64_t *r) { return !__builtin_add_overflow(a, b, r); }
static inline bool ck_sub(int64_t a, int64_t b, int64_t *r) { return !__builtin_sub_overflow(a, b, r); }
static inline bool ck_mul(int64_t a, int64_t b, int64_t *r) { return !__builtin_mul_overflow(a, b, r); }

/* Floor division and modulo (the language's `/` and `%`); false on b == 0 or overflow. */
static inline bool ck_floordiv(int64_t a, int64_t b, int64_t *r)
{
	if (b == 0 || (a == INT64_MIN && b == -1))
		return false;
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	*r = q;
	return true;
}
static inline bool ck_floormod(int64_t a, int64_t b, int64_t *r)
{
	if (b == 0)
		return false;
	if (b == -1) { *r = 0; return true; }
	int64_t m = a % b;
	if (m != 0 && ((m < 0) != (b < 0)))
		m += b;
	*r = m;
	return true;
}
/* Ceiling division of a >= 0 by b > 0, which cannot overflow (the
   textbook (a + b - 1) / b does for a near INT64_MAX). */
static inline int64_t ceil_div_nn(int64_t a, int64_t b) { return a / b + (a % b != 0); }
/* Ceiling division; false on b == 0 or overflow. */
static inline bool ck_cdiv(int64_t a, int64_t b, int64_t *r)
{
	int64_t q;
	if (!ck_floordiv(a, b, &q))
		return false;
	if (q * b != a) {
		if (q == INT64_MAX)
			return false;
		q++;
	}
	*r = q;
	return true;
}

#endif
