/*
** test_mutate.c: seeded mutations of every stdlib, example and reference
** file (truncation, byte flips, token deletion and duplication, huge,
** negative and zero numbers) run through the front end, the passes and the
** cost model in-process.  Each must end in success or in located
** diagnostics: never a crash or a sanitizer report (the suite also runs
** under ASan+UBSan), never an error without a location.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "mdfc/cost.h"
#include "mdfc/mdfc.h"
#include "unit.h"

const char *SUITE = "mutate";

#define MUTATIONS_PER_FILE 48

static uint64_t
rnd(uint64_t *s)
{
	/* xorshift64*: deterministic across runs and platforms */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

typedef struct Stats {
	unsigned files, runs, ok, failed_located, unlocated;
} Stats;

/* Token boundaries: maximal runs of non-space characters. */
static size_t
pick_token(const char *t, size_t n, uint64_t *s, size_t *len)
{
	for (int tries = 0; tries < 16; tries++) {
		size_t at = n ? (size_t)(rnd(s) % n) : 0;
		while (at < n && (t[at] == ' ' || t[at] == '\n' || t[at] == '\t'))
			at++;
		while (at > 0 && !(t[at - 1] == ' ' || t[at - 1] == '\n' || t[at - 1] == '\t'))
			at--;
		size_t e = at;
		while (e < n && !(t[e] == ' ' || t[e] == '\n' || t[e] == '\t'))
			e++;
		if (e > at) {
			*len = e - at;
			return at;
		}
	}
	*len = 0;
	return 0;
}

static char *
mutate(const char *t, size_t n, uint64_t *s, int kind, size_t *outn)
{
	static const char *const numbers[] = {
		"99999999999999999999999", "-5", "0", "9223372036854775807",
		"4611686018427387904", "-9223372036854775808", "1e9", "3000000000",
	};
	char *o = malloc(n * 2 + 64);
	size_t tl, at;
	switch (kind) {
	case 0: /* truncation */
		*outn = n ? (size_t)(rnd(s) % n) : 0;
		memcpy(o, t, *outn);
		break;
	case 1: /* byte flips */
		memcpy(o, t, n);
		*outn = n;
		for (int k = 0; k < 1 + (int)(rnd(s) % 4) && n; k++)
			o[rnd(s) % n] = (char)(rnd(s) & 0xff);
		break;
	case 2: /* token deletion */
		at = pick_token(t, n, s, &tl);
		memcpy(o, t, at);
		memcpy(o + at, t + at + tl, n - at - tl);
		*outn = n - tl;
		break;
	case 3: /* token duplication */
		at = pick_token(t, n, s, &tl);
		memcpy(o, t, at + tl);
		o[at + tl] = ' ';
		memcpy(o + at + tl + 1, t + at, n - at);
		*outn = n + tl + 1;
		break;
	default: { /* a number replaced by a huge, negative or zero one */
		size_t d = n;
		for (int tries = 0; tries < 32 && n; tries++) {
			size_t k = (size_t)(rnd(s) % n);
			if (t[k] >= '0' && t[k] <= '9') {
				d = k;
				break;
			}
		}
		if (d == n) {
			memcpy(o, t, n);
			*outn = n;
			break;
		}
		size_t b = d, e = d;
		while (b > 0 && t[b - 1] >= '0' && t[b - 1] <= '9')
			b--;
		while (e < n && t[e] >= '0' && t[e] <= '9')
			e++;
		const char *num = numbers[rnd(s) % (sizeof numbers / sizeof *numbers)];
		size_t nl = strlen(num);
		memcpy(o, t, b);
		memcpy(o + b, num, nl);
		memcpy(o + b + nl, t + e, n - e);
		*outn = b + nl + n - e;
	}
	}
	return o;
}

static void
run_one(const char *path, const char *text, size_t n, Stats *st)
{
	MdfOptions opt = {0};
	opt.stdlib_dir = MDFC_SOURCE_DIR "/stdlib";
	opt.limits.max_expansion = 200000;
	MdfCtx *ctx = mdf_ctx_new(&opt);
	uint32_t f = mdf_ctx_add_source(ctx, path, path, text, n);
	IrModule *m = mdf_front(ctx, f);
	if (m) {
		IrHw hw;
		ir_hw_defaults(&hw);
		if (mdf_passes(ctx, m, &hw)) {
			MdfCostOpts co = {0};
			MdfModuleCost mc;
			MdfBuf b = {0};
			mdf_cost_module(ctx, m, &hw, &co, &mc);
			mdf_report_json(&mc, &hw, &co, &b);
			mdf_emit_ir(m, &b);
			buf_free(&b);
		}
	}
	st->runs++;
	if (!mdf_ctx_failed(ctx)) {
		st->ok++;
	} else {
		bool located = false;
		for (size_t i = 0; i < ctx->diags.n; i++) {
			const Diag *d = &ctx->diags.items[i];
			if (d->sev != SEV_ERROR)
				continue;
			if (d->span.file == SPAN_NOFILE || d->code == DIAG_E0999) {
				located = false;
				fprintf(stderr, "\n%s: unlocated or internal %s: %s\n", path,
					diag_code_name(d->code), d->msg);
				break;
			}
			located = true;
		}
		if (located || ctx->diags.n == 0)
			st->failed_located++;
		else
			st->unlocated++;
	}
	mdf_ctx_free(ctx);
}

/* rel: the path below the tree walked, so the seed, and with it every
   mutation, is the same wherever the checkout is */
static void
mutate_file(const char *path, const char *rel, Stats *st)
{
	size_t n;
	char *text = unit_read_file(path, &n);
	if (!text)
		return;
	st->files++;
	/* MDFC_MUTATE_SALT varies every seed, to explore more mutations by
	   hand; the suite runs with none */
	const char *salt = getenv("MDFC_MUTATE_SALT");
	uint64_t seed = 0x9e3779b97f4a7c15ull ^ (salt ? strtoull(salt, NULL, 10) : 0);
	for (const char *p = rel; *p; p++)   /* per-file seed: stable, independent of order */
		seed = (seed ^ (unsigned char)*p) * 0x100000001b3ull;
	for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
		size_t mn;
		char *m = mutate(text, n, &seed, i % 5, &mn);
		run_one(path, m, mn, st);
		free(m);
	}
	free(text);
}

static void
walk(const char *dir, size_t rootlen, const char *ext, Stats *st)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	/* sorted for a deterministic order */
	char **names = NULL;
	size_t nn = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (nn + 1) * sizeof *names);
		names[nn++] = strdup(e->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < nn; i++)
		for (size_t j = i + 1; j < nn; j++)
			if (strcmp(names[i], names[j]) > 0) {
				char *t = names[i]; names[i] = names[j]; names[j] = t;
			}
	for (size_t i = 0; i < nn; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct stat sb;
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			walk(path, rootlen, ext, st);
		else {
			size_t l = strlen(path), el = strlen(ext);
			if (l > el && strcmp(path + l - el, ext) == 0)
				mutate_file(path, path + rootlen, st);
		}
		free(names[i]);
	}
	free(names);
}

static void
test_mutations(void)
{
	Stats st = {0};
	walk(MDFC_SOURCE_DIR "/stdlib", strlen(MDFC_SOURCE_DIR), ".mdf", &st);
	walk(MDFC_SOURCE_DIR "/examples", strlen(MDFC_SOURCE_DIR), ".mdf", &st);
	walk(MDFC_SOURCE_DIR "/tests/golden", strlen(MDFC_SOURCE_DIR), ".mdf", &st);
	if (unit_have_reference()) {
		walk(MDFC_REFERENCE_DIR "/maestro/mapping", strlen(MDFC_REFERENCE_DIR), ".m", &st);
		walk(MDFC_REFERENCE_DIR "/maestro/validation", strlen(MDFC_REFERENCE_DIR), ".m", &st);
	}
	printf("\n  mutate: %u files, %u runs: %u compiled, %u rejected with located errors, %u unlocated\n",
	       st.files, st.runs, st.ok, st.failed_located, st.unlocated);
	CU_ASSERT(st.files > 0);
	CU_ASSERT_EQUAL(st.unlocated, 0);
	CU_ASSERT(st.failed_located > 0);   /* the mutations did break files */
}

CU_TestInfo TESTS[] = {
	{"seeded mutations end in success or located errors", test_mutations},
	CU_TEST_INFO_NULL,
};
