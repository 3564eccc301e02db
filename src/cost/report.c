/*
** report.c: the cost reports.  The table is for people; the CSV reproduces
** MAESTRO's 52 columns (header spelled as MAESTRO writes it); the JSON holds
** everything under the keys documented in docs/cost-model.md.  All three are
** byte-deterministic: fixed formats, no locale, no addresses, no times.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mdfc/cost.h"
#include "cost/cost_int.h"

static const char *const tensor_names[COST__NTENSORS] = {"input", "weight", "output"};

/* Decimal digits of v at d (at most 20 characters); returns their count. */
static size_t
fmt_i64(char *d, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[sizeof tmp - 1 - n++] = '-';
	memcpy(d, tmp + sizeof tmp - n, (size_t)n);
	return (size_t)n;
}

/* printf's %.6g of v, or of *lv when there is one. */
static size_t
fmt_g_printf(char *d, double v, const long double *lv)
{
	return (size_t)(lv ? snprintf(d, 32, "%.6Lg", *lv) : snprintf(d, 32, "%.6g", v));
}

/* MAESTRO prints doubles through an ostream with 6 significant digits: C's
   %.6g.  printf is the slowest part of the CSV, so the common cases are
   formatted here and every case this cannot round with certainty is handed
   to printf (the output is identical either way).  Writes at most 31
   characters at d; returns their count.  `lv`: the value as MAESTRO
   computes it in long double (the reuse factors), for printf's fallback,
   which then rounds a tie such as 4563/960 = 4.753125 up (4.75313) where
   the nearest double, just below it, rounds down. */
static size_t
fmt_g_at(char *d, double v, const long double *lv)
{
	char *p = d;
	if (v == 0) {
		if (signbit(v))
			*p++ = '-';
		*p++ = '0';
		return (size_t)(p - d);
	}
	double a = fabs(v);
	if (!isfinite(v) || a < 1e-4 || a >= 1e15)
		return fmt_g_printf(d, v, lv);
	if (a < 999999.5 && a == floor(a))         /* small integers */
		return fmt_i64(d, (int64_t)v);
	/* a = d.ddddd x 10^e (1e-4 <= a < 1e15): scale to 6 integer digits.
	   The scaled value is below 1e6, so double's error (~1e-10) only
	   matters within 1e-6 of a rounding tie, which goes to printf. */
	static const double p10[] = {1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
				     1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	int e = -4;
	while (e < 14 && a >= p10[e + 5])
		e++;
	int k = 5 - e;                              /* -9 <= k <= 9 */
	double sc = k >= 0 ? a * p10[k + 4] : a / p10[-k + 4];
	double fl = floor(sc), fr = sc - fl;
	if (fl < 99999.0 || fl > 999999.0 || fabs(fr - 0.5) < 1e-6)
		return fmt_g_printf(d, v, lv);          /* near a tie or e off by one */
	int64_t digits = (int64_t)fl + (fr > 0.5);
	if (digits == 1000000) {                    /* rounded up a decade */
		digits = 100000;
		e++;
	}
	char dg[6];
	for (int i = 5; i >= 0; i--) {
		dg[i] = (char)('0' + digits % 10);
		digits /= 10;
	}
	if (v < 0)
		*p++ = '-';
	if (e >= 6) {                               /* d.ddddde+XX */
		int lz = 5;
		while (lz > 0 && dg[lz] == '0')
			lz--;
		*p++ = dg[0];
		if (lz > 0) {
			*p++ = '.';
			memcpy(p, dg + 1, (size_t)lz);
			p += lz;
		}
		*p++ = 'e';
		*p++ = '+';
		*p++ = (char)('0' + e / 10);
		*p++ = (char)('0' + e % 10);
		return (size_t)(p - d);
	}
	int last = 5;                               /* strip trailing zeros */
	while (last > 0 && dg[last] == '0' && last > e)
		last--;
	if (e >= 0) {
		memcpy(p, dg, (size_t)e + 1);
		p += e + 1;
		if (last > e) {
			*p++ = '.';
			memcpy(p, dg + e + 1, (size_t)(last - e));
			p += last - e;
		}
	} else {
		*p++ = '0';
		*p++ = '.';
		for (int i = -1; i > e; i--)
			*p++ = '0';
		memcpy(p, dg, (size_t)last + 1);
		p += last + 1;
	}
	return (size_t)(p - d);
}

/* The same in long double, as MAESTRO divides the reuse factors. */
static long double
ratio_l(int64_t a, int64_t b, bool compat)
{
	if (b == 0 && !compat)
		return 0;
	return (long double)a / (long double)b;
}

static double
ratio(int64_t a, int64_t b, bool compat)
{
	if (b == 0 && !compat)
		return 0;
	return (double)a / (double)b;   /* compat: inf / nan like MAESTRO */
}

/* ---- CSV ------------------------------------------------------------------ */

static const char csv_header[] =
	"Neural Network Name, Layer Number, NumPEs, Runtime (Cycles), Activity count-based Energy (nJ), "
	"Throughput (MACs/Cycle), Throughput Per Energy (GMACs/s*J), Area, Power, NoC BW Req (Elements/cycle), "
	"Avg BW Req, Peak BW Req, Vector Width, Offchip BW Req (Elements/cycle),  L2 SRAM Size Req (Bytes), "
	"L1 SRAM Size Req (Bytes), Multicasting Factor (Weight), Multicasting Factor (Input), "
	"Num Total Input Pixels, Num Total Weight Pixels, Ops/J, Num MACs, PE power, L1 power, L2 power, "
	"NOC power, input l1 read, input l1 write, input l2 read, input l2 write, input reuse factor,"
	"filter l1 read, filter l1 write, filter l2 read, filter l2 write, filter reuse factor,"
	"output l1 read, output l1 write, output l2 read, output l2 write, output reuse factor,"
	"Ingress Delay (Min), Ingress Delay (Max), Ingress Delay (Avg), Egress Delay (Min), "
	"Egress Delay (Max),  Egress Delay (Avg),Compute Delay (Min), Compute Delay (Min), "
	"Compute Delay (Avg),Avg number of utilized PEs, Arithmetic Intensity\n";

/* A network or layer name in a CSV field.  Compat mode prints it as MAESTRO
   does: its parser cuts the line at every one of " ,->():\t;" and keeps the
   last piece before the brace (`Conv2d-1` is printed `1`).  Otherwise the
   whole name, quoted as RFC 4180 asks when it holds a comma, a quote or a
   line break (a name written as a string can).  In both modes a field that
   begins with = + - @, a tab or a carriage return, which a spreadsheet would
   run as a formula, is written as '... inside quotes (docs/cli.md). */
static void
put_csv_name(MdfBuf *b, const char *s, bool compat)
{
	static const char maestro_sep[] = " ,->():\t;";
	s = s ? s : "";
	size_t n = strlen(s);
	if (compat) {
		size_t end = n, start;
		while (end > 0 && strchr(maestro_sep, s[end - 1]))
			end--;
		for (start = end; start > 0 && !strchr(maestro_sep, s[start - 1]); start--)
			;
		if (end > start) {
			s += start;
			n = end - start;
		}
	}
	bool formula = n > 0 && strchr("=+-@\t\r", s[0]);
	if (!formula && strcspn(s, ",\"\r\n") >= n) {
		buf_putn(b, s, n);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

/* The numeric fields of a row are formatted into a local buffer (50
   fields of at most 31 characters and a 2-character separator) and
   appended at once. */
typedef struct Row {
	char d[50 * 33 + 1];
	size_t n;
} Row;

static void row_i64(Row *r, int64_t v) { r->n += fmt_i64(r->d + r->n, v); }
static void row_g(Row *r, double v) { r->n += fmt_g_at(r->d + r->n, v, NULL); }
static void row_lg(Row *r, long double v) { r->n += fmt_g_at(r->d + r->n, (double)v, &v); }

static void
row_sep(Row *r, const char *sep)    /* "," or ", " */
{
	r->d[r->n++] = ',';
	if (sep[1])
		r->d[r->n++] = ' ';
}

static void
csv_row(MdfBuf *b, const MdfLayerCost *c)
{
	const MdfTensorCost *t = c->t;
	put_csv_name(b, c->network, c->compat);
	buf_putc(b, ',');
	put_csv_name(b, c->name, c->compat);
	Row r;
	r.n = 0;
	row_sep(&r, ",");
	row_i64(&r, c->num_pes); row_sep(&r, ",");
	row_i64(&r, c->runtime); row_sep(&r, ",");
	const double head[] = {c->energy_nj, c->throughput, c->throughput_per_energy, c->area, c->power};
	for (int i = 0; i < 5; i++) {
		row_g(&r, head[i]);
		row_sep(&r, ",");
	}
	row_i64(&r, c->noc_bw_peak); row_sep(&r, ",");
	row_g(&r, c->noc_bw_avg); row_sep(&r, ",");
	const int64_t mid[] = {c->noc_bw_peak, c->vector_width, c->offchip_bw, c->l2_size_req, c->l1_size_req};
	for (int i = 0; i < 5; i++) {
		row_i64(&r, mid[i]);
		row_sep(&r, ",");
	}
	row_g(&r, ratio(t[COST_WEIGHT].l1_write, t[COST_WEIGHT].l2_read, c->compat)); row_sep(&r, ",");
	row_g(&r, ratio(t[COST_INPUT].l1_write, t[COST_INPUT].l2_read, c->compat)); row_sep(&r, ",");
	row_i64(&r, t[COST_INPUT].total_elems); row_sep(&r, ",");
	row_i64(&r, t[COST_WEIGHT].total_elems); row_sep(&r, ",");
	row_g(&r, c->ops_per_j); row_sep(&r, ",");
	row_i64(&r, c->macs); row_sep(&r, ",");
	const double pw[] = {c->pe_power, c->l1_power, c->l2_power, c->noc_power};
	for (int i = 0; i < 4; i++) {
		row_g(&r, pw[i]);
		row_sep(&r, ",");
	}
	for (int k = 0; k < COST__NTENSORS; k++) {
		const int64_t tv[] = {t[k].l1_read, t[k].l1_write, t[k].l2_read, t[k].l2_write};
		for (int i = 0; i < 4; i++) {
			row_i64(&r, tv[i]);
			row_sep(&r, ", ");
		}
		row_lg(&r, ratio_l(t[k].l1_read, t[k].l1_write, c->compat));
		row_sep(&r, ", ");
	}
	const int64_t dl[] = {c->ingress_min, c->ingress_max, c->ingress_avg, c->egress_min, c->egress_max,
			      c->egress_avg, c->compute_min, c->compute_max, c->compute_avg};
	for (int i = 0; i < 9; i++) {
		row_i64(&r, dl[i]);
		row_sep(&r, ", ");
	}
	row_g(&r, c->avg_utilized_pes);
	row_sep(&r, ", ");
	row_g(&r, c->arith_intensity);
	r.d[r.n++] = '\n';
	buf_putn(b, r.d, r.n);
}

/* With the breakdown, columns after MAESTRO's 52 (docs/cost-model.md §3.1). */
static const char csv_extra_header[] =
	", Compute Cycles, NoC Ingress Stall Cycles, NoC Egress Stall Cycles, Offchip Stall Cycles, "
	"Bound, Bound Step Cycles, Bound Compute Cycles, NoC BW Need, Offchip BW Need, "
	"MAC Energy (nJ), L1 Energy (nJ), L2 Energy (nJ), NoC Energy (nJ), Offchip Energy (nJ), "
	"Total Energy (nJ)";

static void
csv_extra(MdfBuf *b, const MdfLayerCost *c)
{
	Row r;
	r.n = 0;
	for (int j = 0; j < COST__NTIME; j++) {
		row_sep(&r, ", ");
		row_i64(&r, c->has_breakdown ? c->time[j] : 0);
	}
	buf_putn(b, r.d, r.n);
	buf_printf(b, ", %s", c->has_breakdown ? mdf_cost_time_names[c->bound] : "");
	r.n = 0;
	const int64_t v[] = {c->bound_step, c->bound_compute, c->noc_bw_need, c->offchip_bw_need};
	for (int j = 0; j < 4; j++) {
		row_sep(&r, ", ");
		row_i64(&r, v[j]);
	}
	row_sep(&r, ", ");
	row_g(&r, c->energy_mac);
	for (int l = 0; l < COST__NELEVELS; l++) {
		double e = 0;
		for (int t = 0; t < COST__NTENSORS; t++)
			e += c->energy_split[l][t];
		row_sep(&r, ", ");
		row_g(&r, e);
	}
	row_sep(&r, ", ");
	row_g(&r, c->energy_total);
	buf_putn(b, r.d, r.n);
}

void
mdf_report_csv(const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts, MdfBuf *out)
{
	(void)hw;
	bool extra = opts && opts->breakdown;
	if (extra) {
		buf_putn(out, csv_header, sizeof csv_header - 2);
		buf_puts(out, csv_extra_header);
		buf_putc(out, '\n');
	} else
		buf_puts(out, csv_header);
	for (uint32_t n = 0; n < mc->nnetworks; n++)
		for (uint32_t i = 0; i < mc->networks[n].nlayers; i++) {
			const MdfLayerCost *c = &mc->networks[n].layers[i];
			if (!c->ok)
				continue;
			size_t at = out->len;
			csv_row(out, c);
			if (extra && out->len > at) {
				out->len--;     /* the row's newline */
				csv_extra(out, c);
				buf_putc(out, '\n');
			}
		}
}

/* ---- table ---------------------------------------------------------------- */

static void
put_count(MdfBuf *b, int width, int64_t v)
{
	buf_printf(b, " %*lld", width, (long long)v);
}

static void
put_fixed(MdfBuf *b, int width, int prec, double v)
{
	if (!isfinite(v))
		buf_printf(b, " %*s", width, "-");
	else
		buf_printf(b, " %*.*f", width, prec, v);
}

/* A bandwidth warning line; with the breakdown, with what the need saves. */
static void
warn_bw(MdfBuf *out, const MdfLayerCost *c, const char *what, int64_t need, int64_t have, int64_t saving)
{
	buf_printf(out, "warning: %s needs %s bandwidth %lld > %lld available", c->name, what,
		   (long long)need, (long long)have);
	if (c->has_breakdown)
		buf_printf(out, " (runtime %lld -> %lld with it)", (long long)c->runtime,
			   (long long)(c->runtime - saving));
	buf_putc(out, '\n');
}

/* The breakdown under the table: per layer its bound, its runtime
   components (percent of its runtime) and its energy per level (nJ). */
static void
table_why(MdfBuf *out, const MdfNetworkCost *nc, int w)
{
	buf_printf(out, "why (runtime %%: compute, NoC ingress stall, egress stall, off-chip stall; "
		   "energy nJ: MAC, L1, L2, NoC, off-chip):\n");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		if (!c->ok || !c->has_breakdown)
			continue;
		char bound[160];
		mdf_cost_bound_text(c, bound, sizeof bound);
		buf_printf(out, "%-*s", w, c->name ? c->name : "?");
		for (int j = 0; j < COST__NTIME; j++)
			put_fixed(out, 5, 1, c->runtime ? 100.0 * (double)c->time[j] / (double)c->runtime : 0);
		buf_puts(out, " |");
		put_fixed(out, 0, 1, c->energy_mac);
		for (int l = 0; l < COST__NELEVELS; l++) {
			double e = 0;
			for (int t = 0; t < COST__NTENSORS; t++)
				e += c->energy_split[l][t];
			put_fixed(out, 0, 1, e);
		}
		buf_printf(out, " | %s\n", bound);
	}
}

void
mdf_report_table(const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts, MdfBuf *out)
{
	bool compat = opts && opts->compat_maestro;
	bool breakdown = opts && opts->breakdown;
	for (uint32_t n = 0; n < mc->nnetworks; n++) {
		const MdfNetworkCost *nc = &mc->networks[n];
		size_t w = 5;
		for (uint32_t i = 0; i < nc->nlayers; i++) {
			size_t len = nc->layers[i].name ? strlen(nc->layers[i].name) : 1;
			if (len > w)
				w = len;
		}
		if (n > 0)
			buf_putc(out, '\n');
		buf_printf(out, "Network %s: %lld PEs, L1 %lld, L2 %lld, NoC %lld/cycle (latency %lld), "
			   "off-chip %lld/cycle%s\n",
			   nc->name ? nc->name : "", (long long)hw->num_pes, (long long)hw->l1_size,
			   (long long)hw->l2_size, (long long)hw->noc_bw, (long long)hw->noc_latency,
			   (long long)hw->offchip_bw, compat ? "  [--compat=maestro]" : "");
		buf_printf(out, "%-*s %14s %16s %9s %6s %14s %9s %10s %8s %8s\n", (int)w, "layer",
			   "runtime(cyc)", "MACs", "MAC/cyc", "util%", "energy(nJ)", "L1 req", "L2 req",
			   "NoC BW", "offchip");
		for (uint32_t i = 0; i < nc->nlayers; i++) {
			const MdfLayerCost *c = &nc->layers[i];
			buf_printf(out, "%-*s", (int)w, c->name ? c->name : "?");
			if (!c->ok) {
				buf_puts(out, " (not evaluated: see the diagnostics)\n");
				continue;
			}
			put_count(out, 14, c->runtime);
			put_count(out, 16, c->macs);
			put_fixed(out, 9, 2, c->throughput);
			put_fixed(out, 6, 1, 100.0 * c->utilization);
			put_fixed(out, 14, 1, c->energy_nj);
			put_count(out, 9, c->l1_size_req);
			put_count(out, 10, c->l2_size_req);
			put_count(out, 8, c->has_breakdown ? c->noc_bw_need : c->noc_bw_peak);
			put_count(out, 8, c->has_breakdown ? c->offchip_bw_need : c->offchip_bw);
			buf_putc(out, '\n');
		}
		buf_printf(out, "%-*s", (int)w, "total");
		put_count(out, 14, nc->runtime);
		put_count(out, 16, nc->macs);
		put_fixed(out, 9, 2, nc->runtime ? (double)nc->macs / (double)nc->runtime : 0);
		buf_printf(out, " %6s", "");
		put_fixed(out, 14, 1, nc->energy_nj);
		put_count(out, 9, nc->max_l1_req);
		put_count(out, 10, nc->max_l2_req);
		put_count(out, 8, breakdown ? nc->max_noc_bw_need : nc->max_noc_bw);
		put_count(out, 8, breakdown ? nc->max_offchip_bw_need : nc->max_offchip_bw);
		buf_puts(out, "   (L1/L2/BW: maximum over layers)\n");
		buf_printf(out, "model-wise buffer use: L1 %lld, L2 %lld (sums over layers)\n",
			   (long long)nc->sum_l1_req, (long long)nc->sum_l2_req);
		for (uint32_t i = 0; i < nc->nlayers; i++) {
			const MdfLayerCost *c = &nc->layers[i];
			if (!c->ok)
				continue;
			if (c->over_l1)
				buf_printf(out, "warning: %s needs L1 %lld per PE > %lld available\n",
					   c->name, (long long)c->l1_size_req, (long long)hw->l1_size);
			if (c->over_l2)
				buf_printf(out, "warning: %s needs L2 %lld > %lld available\n",
					   c->name, (long long)c->l2_size_req, (long long)hw->l2_size);
			if (c->over_noc_bw)
				warn_bw(out, c, "NoC", c->has_breakdown ? c->noc_bw_need : c->noc_bw_peak,
					hw->noc_bw, c->noc_bw_saving);
			if (c->over_offchip_bw)
				warn_bw(out, c, "off-chip", c->has_breakdown ? c->offchip_bw_need : c->offchip_bw,
					hw->offchip_bw, c->offchip_bw_saving);
		}
		if (breakdown)
			table_why(out, nc, (int)w);
	}
}

/* ---- JSON ----------------------------------------------------------------- */

static void
jnum(MdfBuf *b, double v)
{
	if (!isfinite(v))
		buf_puts(b, "null");
	else
		buf_printf(b, "%.10g", v);
}

static void
jkey(MdfBuf *b, const char *k)
{
	buf_json_string(b, k);
	buf_putc(b, ':');
}

static void
jint(MdfBuf *b, const char *k, int64_t v, bool comma)
{
	jkey(b, k);
	buf_printf(b, "%lld%s", (long long)v, comma ? "," : "");
}

static void
jdbl(MdfBuf *b, const char *k, double v, bool comma)
{
	jkey(b, k);
	jnum(b, v);
	if (comma)
		buf_putc(b, ',');
}

/* "key": {compute, noc_ingress_stall, ...} */
static void
json_times(MdfBuf *b, const char *key, const int64_t *t)
{
	jkey(b, key);
	buf_puts(b, "{");
	for (int j = 0; j < COST__NTIME; j++)
		jint(b, mdf_cost_time_names[j], t[j], j + 1 < COST__NTIME);
	buf_puts(b, "}");
}

/* "breakdown": {...}, (docs/cost-model.md §3.1-3.2) */
static void
json_breakdown(MdfBuf *b, const MdfLayerCost *c)
{
	jkey(b, "breakdown");
	buf_puts(b, "{");
	json_times(b, "runtime_cycles", c->time);
	buf_putc(b, ',');
	jkey(b, "bound");
	buf_json_string(b, mdf_cost_time_names[c->bound]);
	buf_putc(b, ',');
	char text[160];
	mdf_cost_bound_text(c, text, sizeof text);
	jkey(b, "bound_text");
	buf_json_string(b, text);
	buf_putc(b, ',');
	jint(b, "bound_step_cycles", c->bound_step, true);
	jint(b, "bound_compute_cycles", c->bound_compute, true);
	jint(b, "noc_bw_need", c->noc_bw_need, true);
	jint(b, "offchip_bw_need", c->offchip_bw_need, true);
	jkey(b, "energy_nj");
	buf_puts(b, "{");
	jdbl(b, "mac", c->energy_mac, true);
	for (int l = 0; l < COST__NELEVELS; l++) {
		jkey(b, mdf_cost_energy_names[l]);
		buf_puts(b, "{");
		for (int t = 0; t < COST__NTENSORS; t++)
			jdbl(b, tensor_names[t], c->energy_split[l][t], t + 1 < COST__NTENSORS);
		buf_puts(b, "},");
	}
	jdbl(b, "total", c->energy_total, false);
	buf_puts(b, "}},");
}

static void
json_layer(MdfBuf *b, const MdfLayerCost *c)
{
	buf_puts(b, "{");
	jkey(b, "name");
	buf_json_string(b, c->name ? c->name : "");
	buf_putc(b, ',');
	jkey(b, "type");
	buf_json_string(b, ir_layer_type_name(c->type));
	buf_putc(b, ',');
	jkey(b, "ok");
	buf_puts(b, c->ok ? "true" : "false");
	if (!c->ok) {
		buf_puts(b, "}");
		return;
	}
	buf_putc(b, ',');
	jint(b, "runtime_cycles", c->runtime, true);
	jint(b, "macs", c->macs, true);
	jdbl(b, "throughput_macs_per_cycle", c->throughput, true);
	jdbl(b, "avg_utilized_pes", c->avg_utilized_pes, true);
	jdbl(b, "utilization", c->utilization, true);
	jdbl(b, "energy_nj", c->energy_nj, true);
	jdbl(b, "energy_mac_units", c->energy_mac_units, true);
	jdbl(b, "throughput_per_energy", c->throughput_per_energy, true);
	jdbl(b, "ops_per_joule", c->ops_per_j, true);
	jdbl(b, "area", c->area, true);
	jdbl(b, "power", c->power, true);
	jdbl(b, "pe_power", c->pe_power, true);
	jdbl(b, "l1_power", c->l1_power, true);
	jdbl(b, "l2_power", c->l2_power, true);
	jdbl(b, "noc_power", c->noc_power, true);
	jint(b, "noc_bw_req_peak", c->noc_bw_peak, true);
	jdbl(b, "noc_bw_req_avg", c->noc_bw_avg, true);
	jint(b, "offchip_bw_req", c->offchip_bw, true);
	jint(b, "l1_size_req", c->l1_size_req, true);
	jint(b, "l2_size_req", c->l2_size_req, true);
	jint(b, "vector_width", c->vector_width, true);
	jkey(b, "delays");
	buf_puts(b, "{");
	jkey(b, "ingress"); buf_printf(b, "[%lld,%lld,%lld],", (long long)c->ingress_min, (long long)c->ingress_max, (long long)c->ingress_avg);
	jkey(b, "egress"); buf_printf(b, "[%lld,%lld,%lld],", (long long)c->egress_min, (long long)c->egress_max, (long long)c->egress_avg);
	jkey(b, "compute"); buf_printf(b, "[%lld,%lld,%lld]", (long long)c->compute_min, (long long)c->compute_max, (long long)c->compute_avg);
	buf_puts(b, "},");
	jdbl(b, "arith_intensity", c->arith_intensity, true);
	jkey(b, "over_capacity");
	buf_printf(b, "{\"l1\":%s,\"l2\":%s,\"noc_bw\":%s,\"offchip_bw\":%s},",
		   c->over_l1 ? "true" : "false", c->over_l2 ? "true" : "false",
		   c->over_noc_bw ? "true" : "false", c->over_offchip_bw ? "true" : "false");
	if (c->has_breakdown)
		json_breakdown(b, c);
	jkey(b, "tensors");
	buf_puts(b, "{");
	for (int t = 0; t < COST__NTENSORS; t++) {
		const MdfTensorCost *tc = &c->t[t];
		jkey(b, tensor_names[t]);
		buf_puts(b, "{");
		jint(b, "l1_read", tc->l1_read, true);
		jint(b, "l1_write", tc->l1_write, true);
		jint(b, "l2_read", tc->l2_read, true);
		jint(b, "l2_write", tc->l2_write, true);
		jdbl(b, "reuse", tc->reuse, true);
		if (t != COST_OUTPUT)
			jdbl(b, "multicast", tc->multicast, true);
		jint(b, "l1_size", tc->l1_size, true);
		jint(b, "l2_size", tc->l2_size, t < 2);
		if (t < 2)
			jint(b, "elements", tc->total_elems, false);
		buf_puts(b, t + 1 < COST__NTENSORS ? "}," : "}");
	}
	buf_puts(b, "},");
	jkey(b, "levels");
	buf_puts(b, "[");
	for (uint32_t i = 0; i < c->nlevels; i++) {
		const MdfLevelCost *lc = &c->levels[i];
		buf_puts(b, i ? ",{" : "{");
		jint(b, "units", lc->units, true);
		jint(b, "edge_units", lc->active_units, true);
		jint(b, "cases", lc->ncases, true);
		jint(b, "iterations", lc->iterations, true);
		jint(b, "runtime_cycles", lc->runtime, true);
		jint(b, "macs", lc->macs, true);
		jint(b, "noc_bw_req_peak", lc->noc_bw_peak, true);
		jdbl(b, "noc_bw_req_avg", lc->noc_bw_avg, true);
		const char *arrays[4] = {"upstream_buffer", "downstream_buffer", "noc_reads", "noc_writes"};
		const int64_t *vals[4] = {lc->upstream, lc->downstream, lc->l2_read, lc->l2_write};
		for (int a = 0; a < 4; a++) {
			jkey(b, arrays[a]);
			buf_printf(b, "{\"input\":%lld,\"weight\":%lld,\"output\":%lld}%s",
				   (long long)vals[a][0], (long long)vals[a][1], (long long)vals[a][2],
				   a < 3 ? "," : "");
		}
		buf_puts(b, "}");
	}
	buf_puts(b, "]}");
}

void
mdf_report_json_layer(const MdfLayerCost *c, MdfBuf *out)
{
	json_layer(out, c);
}

void
mdf_report_json(const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts, MdfBuf *out)
{
	buf_puts(out, "{");
	jkey(out, "mode");
	buf_json_string(out, opts && opts->compat_maestro ? "compat-maestro" : "default");
	buf_putc(out, ',');
	jkey(out, "hardware");
	buf_printf(out, "{\"num_pes\":%lld,\"l1_size\":%lld,\"l2_size\":%lld,\"noc_bw\":%lld,"
		   "\"noc_latency\":%lld,\"offchip_bw\":%lld,\"simd_lanes\":%lld,",
		   (long long)hw->num_pes, (long long)hw->l1_size, (long long)hw->l2_size,
		   (long long)hw->noc_bw, (long long)hw->noc_latency, (long long)hw->offchip_bw,
		   (long long)hw->simd_lanes);
	jdbl(out, "e_mac_nj", hw->e_mac_nj, true);
	jdbl(out, "e_l1", hw->e_l1, true);
	jdbl(out, "e_l2", hw->e_l2, opts && opts->breakdown);
	if (opts && opts->breakdown) {
		jdbl(out, "e_noc", hw->e_noc, true);
		jdbl(out, "e_offchip", hw->e_offchip, false);
	}
	buf_puts(out, "},");
	jkey(out, "networks");
	buf_puts(out, "[");
	for (uint32_t n = 0; n < mc->nnetworks; n++) {
		const MdfNetworkCost *nc = &mc->networks[n];
		buf_puts(out, n ? ",\n{" : "\n{");
		jkey(out, "name");
		buf_json_string(out, nc->name ? nc->name : "");
		buf_putc(out, ',');
		jkey(out, "totals");
		buf_puts(out, "{");
		jint(out, "runtime_cycles", nc->runtime, true);
		jint(out, "macs", nc->macs, true);
		jdbl(out, "energy_nj", nc->energy_nj, true);
		jint(out, "max_l1_size_req", nc->max_l1_req, true);
		jint(out, "max_l2_size_req", nc->max_l2_req, true);
		jint(out, "sum_l1_size_req", nc->sum_l1_req, true);
		jint(out, "sum_l2_size_req", nc->sum_l2_req, true);
		jint(out, "max_noc_bw_req", nc->max_noc_bw, true);
		jint(out, "max_offchip_bw_req", nc->max_offchip_bw, opts && opts->breakdown);
		if (opts && opts->breakdown) {
			jint(out, "max_noc_bw_need", nc->max_noc_bw_need, true);
			jint(out, "max_offchip_bw_need", nc->max_offchip_bw_need, true);
			jdbl(out, "energy_total_nj", nc->energy_total, true);
			json_times(out, "runtime_breakdown", nc->time);
		}
		buf_puts(out, "},");
		jkey(out, "layers");
		buf_puts(out, "[");
		for (uint32_t i = 0; i < nc->nlayers; i++) {
			buf_puts(out, i ? ",\n" : "\n");
			json_layer(out, &nc->layers[i]);
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, "]}\n");
}
