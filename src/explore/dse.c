/*
** dse.c: the --dse model and the last step of every sweep output
** (docs/explore.md, "DSE").
**
** Area and power are sums over the design's resources, with the
** coefficients of the accelerator (mdfc/ir.h; defaults from MAESTRO's DSE
** tool's 28 nm figures): per PE and SIMD lane (the MAC), per KiB of each
** PE's L1 and of the L2, per element/cycle of NoC bandwidth per PE (a bus
** as wide as the bandwidth reaching every PE) and per pair of PEs (the
** bus's matrix arbiter, one priority bit per pair of requesters).
**
** explore_finish() writes the header and the rows and, for --dse, marks
** the Pareto front and the best design.  It reads the figures back from
** the rows' own text, so the single run and `--merge` of its shards (which
** only has the text) decide on the same numbers and write the same bytes.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "explore/explore_int.h"

void
mdf_dse_parts(const IrHw *hw, double area[MDF_DSE__NPARTS], double power[MDF_DSE__NPARTS])
{
	double pes = (double)hw->num_pes, lanes = (double)hw->simd_lanes;
	double l1 = (double)hw->l1_size / 1024.0, l2 = (double)hw->l2_size / 1024.0;
	double bw = (double)hw->noc_bw, pairs = pes * (pes - 1) / 2;
	area[MDF_DSE_PES] = pes * lanes * hw->area_pe;
	area[MDF_DSE_BUFFERS] = pes * l1 * hw->area_l1_kb + l2 * hw->area_l2_kb;
	area[MDF_DSE_NOC] = pes * bw * hw->area_noc_bw + pairs * hw->area_arbiter;
	power[MDF_DSE_PES] = pes * lanes * hw->power_pe;
	power[MDF_DSE_BUFFERS] = pes * l1 * hw->power_l1_kb + l2 * hw->power_l2_kb;
	power[MDF_DSE_NOC] = pes * bw * hw->power_noc_bw + pairs * hw->power_arbiter;
}

void
dse_design(const IrHw *hw, RowFig *f)
{
	mdf_dse_parts(hw, f->apart, f->ppart);
	f->area = f->apart[MDF_DSE_PES] + f->apart[MDF_DSE_BUFFERS] + f->apart[MDF_DSE_NOC];
	f->power = f->ppart[MDF_DSE_PES] + f->ppart[MDF_DSE_BUFFERS] + f->ppart[MDF_DSE_NOC];
}

void
mdf_dse_area_power(const IrHw *hw, double *area, double *power)
{
	RowFig f;
	dse_design(hw, &f);
	*area = f.area;
	*power = f.power;
}

const char *const explore_objective_names[] = {"throughput", "energy", "edp", "perf-per-area"};

/* One row as the finishing step sees it. */
typedef struct Pt {
	const char *line;           /* the row's text, up to its '\n' */
	size_t len;
	bool error, feasible;
	double runtime, energy, area, macs;
	size_t f_pareto, f_best;    /* CSV: offsets of the pareto and best fields */
	size_t f_out;               /* its index in the output */
	bool pareto, best;
} Pt;

/* CSV fields of a line: starts (and ends) of up to max fields. */
static size_t
csv_fields(const char *s, size_t len, size_t *lo, size_t *hi, size_t max)
{
	size_t n = 0, i = 0;
	while (n < max) {
		lo[n] = i;
		if (i < len && s[i] == '"') {
			i++;
			while (i < len && !(s[i] == '"' && (i + 1 >= len || s[i + 1] != '"')))
				i += s[i] == '"' ? 2 : 1;
			i++;
		}
		while (i < len && s[i] != ',')
			i++;
		hi[n++] = i;
		if (i >= len)
			break;
		i++;
	}
	return n;
}

static int
col_index(const char *head, size_t len, const char *name)
{
	size_t lo[64], hi[64];
	size_t n = csv_fields(head, len, lo, hi, 64);
	for (size_t i = 0; i < n; i++)
		if (hi[i] - lo[i] == strlen(name) && memcmp(head + lo[i], name, hi[i] - lo[i]) == 0)
			return (int)i;
	return -1;
}

static double
num_at(const char *s, size_t lo, size_t hi)
{
	char b[64];
	size_t n = hi - lo < sizeof b - 1 ? hi - lo : sizeof b - 1;
	memcpy(b, s + lo, n);
	b[n] = 0;
	return strtod(b, NULL);
}

/* A JSON row's number under "key":, or NAN. */
static double
json_num(const char *s, size_t len, const char *key)
{
	char k[48];
	snprintf(k, sizeof k, "\"%s\":", key);
	const char *p = s;
	size_t kl = strlen(k);
	for (; (size_t)(p - s) + kl <= len; p++)
		if (memcmp(p, k, kl) == 0)
			return strtod(p + kl, NULL);
	return NAN;
}

static bool
json_has(const char *s, size_t len, const char *text)
{
	size_t tl = strlen(text);
	for (size_t i = 0; i + tl <= len; i++)
		if (memcmp(s + i, text, tl) == 0)
			return true;
	return false;
}

static bool
dominates(const Pt *a, const Pt *b)
{
	return a->runtime <= b->runtime && a->energy <= b->energy && a->area <= b->area &&
	       (a->runtime < b->runtime || a->energy < b->energy || a->area < b->area);
}

/* Order for the front's sweep: runtime, then energy, then area, then row. */
static int
by_figures(const void *x, const void *y)
{
	const Pt *a = *(const Pt *const *)x, *b = *(const Pt *const *)y;
	if (a->runtime != b->runtime) return a->runtime < b->runtime ? -1 : 1;
	if (a->energy != b->energy) return a->energy < b->energy ? -1 : 1;
	if (a->area != b->area) return a->area < b->area ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Larger is better. */
static double
score(const Pt *p, int objective)
{
	switch (objective) {
	case MDF_DSE_ENERGY: return -p->energy;
	case MDF_DSE_EDP: return -(p->energy * p->runtime);
	case MDF_DSE_PERF_PER_AREA: return p->macs / p->runtime / p->area;
	default: return p->macs / p->runtime;
	}
}

/* Mark the feasible points no other feasible point dominates (pareto) and
   the feasible point with the best objective (best; the first row on a
   tie).  Points sorted by runtime: only an earlier one can dominate. */
static bool
mark(Pt *pt, size_t n, int objective)
{
	Pt **v = malloc((n + 1) * sizeof *v), **front = malloc((n + 1) * sizeof *front);
	if (!v || !front) {
		free(v);
		free(front);
		return false;
	}
	size_t m = 0, nf = 0;
	Pt *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (pt[i].feasible && !pt[i].error) {
			v[m++] = &pt[i];
			if (!best || score(&pt[i], objective) > score(best, objective))
				best = &pt[i];
		}
	qsort(v, m, sizeof *v, by_figures);
	for (size_t i = 0; i < m; i++) {
		bool dom = false;
		for (size_t j = 0; j < nf && !dom; j++)
			dom = dominates(front[j], v[i]);
		if (!dom) {
			v[i]->pareto = true;
			front[nf++] = v[i];
		}
	}
	if (best)
		best->best = true;
	free(v);
	free(front);
	return true;
}

bool
explore_finish(bool json, bool front_only, const char *head, size_t head_len, const MdfBuf *rows, MdfBuf *out,
	       uint64_t *failed)
{
	*failed = 0;
	const char *t = rows->data ? rows->data : "";
	size_t len = rows->len;
	/* the rows, one a line (a JSON row's line starts with "{", after the
	   "\n" or ",\n" that separates it from the one before) */
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += t[i] == '\n';
	Pt *pt = calloc(n + 1, sizeof *pt);
	if (!pt)
		return false;
	int objective = -1;
	int c_status = -1, c_rt = -1, c_macs = -1, c_en = -1, c_area = -1, c_feas = -1, c_par = -1, c_best = -1;
	if (json) {
		for (int k = 0; k < 4; k++) {
			char key[64];
			snprintf(key, sizeof key, "\"objective\":\"%s\"", explore_objective_names[k]);
			if (json_has(head, head_len, key))
				objective = k;
		}
	} else {
		c_status = col_index(head, head_len - 1, "status");
		c_rt = col_index(head, head_len - 1, "runtime_cycles");
		c_macs = col_index(head, head_len - 1, "macs");
		c_en = col_index(head, head_len - 1, "energy_nj");
		c_area = col_index(head, head_len - 1, "area_um2");
		c_feas = col_index(head, head_len - 1, "feasible");
		c_par = col_index(head, head_len - 1, "pareto");
		for (int k = 0; k < 4; k++) {
			char name[64];
			snprintf(name, sizeof name, "best_%s", explore_objective_names[k]);
			if ((c_best = col_index(head, head_len - 1, name)) >= 0) {
				objective = k;
				break;
			}
		}
	}
	size_t np = 0;
	for (size_t i = 0; i < len;) {
		const char *e = memchr(t + i, '\n', len - i);
		size_t end = e ? (size_t)(e - t) : len;
		Pt *p = &pt[np];
		p->line = t + i;
		p->len = end - i;
		if (json) {
			const char *s = p->line;
			size_t l = p->len;
			if (l == 0 || (l == 1 && s[0] == ',')) {     /* the separator before a row */
				i = end + 1;
				continue;
			}
			p->error = json_has(s, l, "\"status\":\"error\"");
			p->feasible = json_has(s, l, "\"feasible\":true");
			p->runtime = json_num(s, l, "runtime_cycles");
			p->energy = json_num(s, l, "energy_nj");
			p->area = json_num(s, l, "area_um2");
			p->macs = json_num(s, l, "macs");
		} else if (p->len > 0) {
			size_t lo[64], hi[64];
			size_t nf = csv_fields(p->line, p->len, lo, hi, 64);
			int need = c_status > c_best ? c_status : c_best;
			if (c_status < 0 || (int)nf <= need) {
				free(pt);
				return false;
			}
			p->error = hi[c_status] - lo[c_status] == 5 && memcmp(p->line + lo[c_status], "error", 5) == 0;
			if (objective >= 0 && !p->error) {
				p->runtime = num_at(p->line, lo[c_rt], hi[c_rt]);
				p->macs = num_at(p->line, lo[c_macs], hi[c_macs]);
				p->energy = num_at(p->line, lo[c_en], hi[c_en]);
				p->area = num_at(p->line, lo[c_area], hi[c_area]);
				p->feasible = num_at(p->line, lo[c_feas], hi[c_feas]) == 1;
				p->f_pareto = lo[c_par];
				p->f_best = lo[c_best];
			}
		}
		*failed += p->error;
		np++;
		i = end + 1;
	}
	bool ok = objective < 0 || mark(pt, np, objective);
	buf_putn(out, head, head_len);
	size_t nout = 0;
	for (size_t i = 0; i < np && ok; i++) {
		Pt *p = &pt[i];
		if (front_only && objective >= 0 && !p->error && !p->pareto && !p->best) {
			p->pareto = p->best = false;
			continue;
		}
		p->f_out = nout++;
		if (json) {
			buf_puts(out, p->f_out ? ",\n" : "\n");
			buf_putn(out, p->line, p->len);
		} else if (objective >= 0 && !p->error) {
			/* the row with its pareto and best fields (written as 0) set */
			buf_putn(out, p->line, p->f_pareto);
			buf_putc(out, p->pareto ? '1' : '0');
			buf_putn(out, p->line + p->f_pareto + 1, p->f_best - p->f_pareto - 1);
			buf_putc(out, p->best ? '1' : '0');
			buf_putn(out, p->line + p->f_best + 1, p->len - p->f_best - 1);
			buf_putc(out, '\n');
		} else {
			buf_putn(out, p->line, p->len);
			buf_putc(out, '\n');
		}
	}
	if (json && objective >= 0) {
		buf_puts(out, "\n],\"pareto\":[");
		bool first = true;
		long best = -1;
		for (size_t i = 0; i < np; i++) {
			if (pt[i].pareto) {
				buf_printf(out, first ? "%zu" : ",%zu", pt[i].f_out);
				first = false;
			}
			if (pt[i].best)
				best = (long)pt[i].f_out;
		}
		if (best >= 0)
			buf_printf(out, "],\"best\":%ld}\n", best);
		else
			buf_puts(out, "],\"best\":null}\n");
	} else if (json)
		buf_puts(out, "\n]}\n");
	free(pt);
	return ok;
}
