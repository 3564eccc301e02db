/*
** merge.c: `mdfc --merge` (docs/explore.md, "Sharding").  A shard's
** output is the single run's output for its slice of the points, after
** one line that says which slice: "# mdfc shard K/N: points LO..HI of
** TOTAL" (CSV) or a leading "shard" object (JSON).  The merge checks that
** the files are the N slices of one grid, in order and without gaps, and
** joins their rows under the single run's header; with --dse it marks the
** Pareto front and the best design again over all the rows (dse.c), as
** the single run does.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "explore/explore_int.h"

typedef struct Shard {
	uint32_t file;
	bool json, front_only;
	unsigned long k, n;
	unsigned long long lo, hi, total;
	const char *head, *body;        /* the header (after the shard line), the rows */
	size_t head_len, body_len;
} Shard;

static bool
shard_error(MdfCtx *ctx, uint32_t file, const char *fmt, const char *arg)
{
	Span at = {file, 0, 0};
	diag_emit(ctx, DIAG_E1404, at, fmt, ctx->sources[file].name, arg);
	return false;
}

static const char json_rows_key[] = "\"rows\":[";

/* Split source `file` into its shard line, header and rows. */
static bool
read_shard(MdfCtx *ctx, uint32_t file, Shard *s)
{
	const Source *src = &ctx->sources[file];
	const char *t = src->text, *end = t + src->len;
	memset(s, 0, sizeof *s);
	s->file = file;
	int used = 0;
	if (sscanf(t, "# mdfc shard %lu/%lu: points %llu..%llu of %llu%n", &s->k, &s->n, &s->lo, &s->hi,
		   &s->total, &used) == 5 && used > 0 && (t[used] == '\n' || strncmp(t + used, " (front only)\n", 14) == 0)) {
		s->front_only = t[used] != '\n';
		used += s->front_only ? 13 : 0;
		s->head = t + used + 1;
		const char *nl = memchr(s->head, '\n', (size_t)(end - s->head));
		if (!nl)
			return shard_error(ctx, file, "%s: a CSV shard has no header line%s", "");
		s->head_len = (size_t)(nl + 1 - s->head);
		s->body = nl + 1;
		s->body_len = (size_t)(end - s->body);
	} else if (sscanf(t, "{\"shard\":{\"k\":%lu,\"n\":%lu,\"first\":%llu,\"end\":%llu},%n", &s->k, &s->n,
			  &s->lo, &s->hi, &used) == 4 && used > 0) {
		s->json = true;
		s->head = t + used;
		const char *fo = strstr(s->head, "\"front_only\":true");
		const char *rk = strstr(s->head, json_rows_key);
		s->front_only = fo && rk && fo < rk;
		const char *rows = strstr(s->head, json_rows_key);
		const char *pts = strstr(s->head, "\"points\":");
		const char *stop = rows ? strstr(rows, "\n]") : NULL;
		if (!rows || !pts || !stop || pts > rows || sscanf(pts, "\"points\":%llu", &s->total) != 1)
			return shard_error(ctx, file, "%s: not a JSON shard output of mdfc --sweep%s", "");
		s->head_len = (size_t)(rows + strlen(json_rows_key) - s->head);
		s->body = rows + strlen(json_rows_key);
		s->body_len = (size_t)(stop - s->body);
	} else
		return shard_error(ctx, file, "%s: not a shard output of mdfc --sweep --shard=K/N (its first line "
				   "is not the shard line)%s", "");
	if (s->n < 1 || s->k < 1 || s->k > s->n || s->lo > s->hi || s->hi > s->total)
		return shard_error(ctx, file, "%s: its shard line is not consistent%s", "");
	return true;
}

static int
by_k(const void *a, const void *b)
{
	const Shard *x = a, *y = b;
	return x->k < y->k ? -1 : x->k > y->k;
}

bool
mdf_explore_merge(MdfCtx *ctx, const uint32_t *files, size_t n, MdfBuf *out, uint64_t *failed)
{
	*failed = 0;
	Shard *s = arena_array(ctx->arena, n + 1, sizeof *s);
	if (!s)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!read_shard(ctx, files[i], &s[i]))
			return false;
	qsort(s, n, sizeof *s, by_k);
	for (size_t i = 0; i < n; i++) {
		const Shard *a = &s[i], *f = &s[0];
		char what[64];
		if (a->json != f->json || a->front_only != f->front_only || a->n != f->n || a->total != f->total || a->head_len != f->head_len ||
		    memcmp(a->head, f->head, a->head_len) != 0)
			return shard_error(ctx, a->file, "%s: not a shard of the same exploration as %s",
					   ctx->sources[f->file].name);
		if (i > 0 && a->k == s[i - 1].k) {
			snprintf(what, sizeof what, "%lu", a->k);
			return shard_error(ctx, a->file, "%s: shard %s is given twice", what);
		}
		if (a->k != i + 1 || a->lo != (i ? s[i - 1].hi : 0)) {
			snprintf(what, sizeof what, "%zu of %lu", i + 1, a->n);
			return shard_error(ctx, a->file, "%s: shard %s is missing", what);
		}
	}
	if (n == 0 || s[0].n != n || s[n - 1].hi != s[n - 1].total) {
		char what[64];
		snprintf(what, sizeof what, "%zu of %lu", n + 1, n ? s[0].n : 0ul);
		return shard_error(ctx, n ? s[n - 1].file : 0, "%s: shard %s is missing", what);
	}
	/* the rows, one a line, as the workers of a single run leave them */
	MdfBuf rows = {0}, head = {0};
	for (size_t i = 0; i < n; i++) {
		const char *b = s[i].body, *e = b + s[i].body_len;
		while (b < e) {
			const char *nl = memchr(b, '\n', (size_t)(e - b));
			const char *le = nl ? nl : e;
			size_t l = (size_t)(le - b);
			if (s[i].json && l > 0 && b[l - 1] == ',')
				l--;            /* the JSON separator */
			if (l > 0) {
				buf_putn(&rows, b, l);
				buf_putc(&rows, '\n');
			}
			b = le + 1;
		}
	}
	if (s[0].json)
		buf_putc(&head, '{');
	buf_putn(&head, s[0].head, s[0].head_len);
	bool ok = !rows.oom && !head.oom && explore_finish(s[0].json, s[0].front_only, head.data, head.len, &rows,
								       out, failed);
	buf_free(&rows);
	buf_free(&head);
	if (!ok)
		diag_emit(ctx, DIAG_E1404, (Span){s[0].file, 0, 0}, "%s: its rows cannot be read back",
			  ctx->sources[s[0].file].name);
	return ok;
}
