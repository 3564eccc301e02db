/*
** html.c: the self-contained HTML report (include/mdfc/html.h,
** docs/report.md).  Charts are inline SVG drawn from the cost model's
** figures (the breakdown of docs/cost-model.md §3.1-3.2); every chart has a
** table beside it with the same numbers, so nothing is only in a picture.
** Per layer a <details> drill-down: the mapping (normalized directives),
** the readable loop nest (--emit=loops) and a space-time picture of the
** top level's first steps.  Element ids (tests/sh/html_report.py reads
** them): net-N, rt-N-L, en-N-L, ut-N-L, buf-N-L (each layer's chart rows),
** layer-N-L (its drill-down), st-N-L (its space-time picture), pareto-N-L.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mdfc/cgen.h"
#include "mdfc/ctx.h"
#include "mdfc/html.h"

#define BAR_W 420       /* width of a bar at its largest */
#define LABEL_W 170
#define ROW_H 18
#define ST_STEPS 8      /* space-time: first steps shown */
#define ST_UNITS 16     /* and units */

void
mdf_html_escape(MdfBuf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_putc(b, *p); break;
		}
	}
}

/* A name in an SVG label: escaped, cut at 22 bytes (not inside a UTF-8
   sequence) with an ellipsis. */
static void
short_name(MdfBuf *b, const char *s)
{
	char tmp[32];
	size_t n = s ? strlen(s) : 0;
	if (n <= 22) {
		mdf_html_escape(b, s);
		return;
	}
	size_t k = 21;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	memcpy(tmp, s, k);
	tmp[k] = 0;
	mdf_html_escape(b, tmp);
	buf_puts(b, "&#8230;");
}

static const char css[] =
	"body{font:14px/1.4 sans-serif;margin:1.5em;color:#222;max-width:1200px}"
	"h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}"
	"h3{font-size:1.05em;margin-top:1.5em}"
	"table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}"
	"td.n,th.n{text-align:right}th{background:#f4f4f4}"
	".pair{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}"
	".pair>div{overflow-x:auto;max-height:40em;overflow-y:auto}"
	"svg text{font:11px sans-serif}pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:12px;tab-size:4}"
	"details{border:1px solid #ddd;margin:.4em 0;padding:.3em .6em}summary{cursor:pointer}"
	".legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}"
	".over{color:#b00;font-weight:bold}";

static const char *const time_colors[COST__NTIME] = {"#4477aa", "#ee6677", "#ccbb44", "#aa3377"};
static const char *const time_labels[COST__NTIME] = {
	"compute", "NoC ingress stall", "NoC egress stall", "off-chip stall"};
static const char *const energy_colors[COST__NELEVELS + 1] = {
	"#4477aa", "#66ccee", "#228833", "#ccbb44", "#ee6677"};
static const char *const energy_labels[COST__NELEVELS + 1] = {"MAC", "L1", "L2", "NoC", "off-chip"};

static void
legend(MdfBuf *b, int n, const char *const *colors, const char *const *labels)
{
	buf_puts(b, "<p class=\"legend\">");
	for (int i = 0; i < n; i++)
		buf_printf(b, "<span style=\"background:%s\"></span>%s", colors[i], labels[i]);
	buf_puts(b, "</p>\n");
}

/* One row of a horizontal stacked bar chart: the layer's label and its
   segments scaled so that `max` is BAR_W wide. */
static void
bar_row(MdfBuf *b, const char *id, int row, const char *name, int n, const double *v,
	const char *const *colors, const char *const *labels, double max, const char *unit)
{
	int y = row * ROW_H;
	buf_printf(b, "<g id=\"%s\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", id, LABEL_W - 6, y + 13);
	short_name(b, name);
	buf_puts(b, "</text>");
	double x = LABEL_W;
	for (int i = 0; i < n; i++) {
		double w = max > 0 && v[i] > 0 ? v[i] / max * BAR_W : 0;
		if (w <= 0)
			continue;
		buf_printf(b, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>", x,
			   y + 2, w, ROW_H - 4, colors[i]);
		mdf_html_escape(b, name);
		buf_printf(b, ": %s %.6g %s</title></rect>", labels[i], v[i], unit);
		x += w;
	}
	buf_puts(b, "</g>\n");
}

static void
svg_open(MdfBuf *b, int rows, const char *label)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
		   "aria-label=\"%s\">\n", LABEL_W + BAR_W + 20, rows * ROW_H + 4, label);
}

static double
energy_level(const MdfLayerCost *c, int l)
{
	if (l == 0)
		return c->energy_mac;
	double e = 0;
	for (int t = 0; t < COST__NTENSORS; t++)
		e += c->energy_split[l - 1][t];
	return e;
}

/* A table row's start: the layer's name, linked to its drill-down; for a
   layer not evaluated, the whole row (ncols figure cells) and false. */
static bool
row_start(MdfBuf *b, const MdfLayerCost *c, uint32_t ni, uint32_t li, int ncols)
{
	buf_printf(b, "<tr><td><a href=\"#layer-%u-%u\">", ni, li);
	mdf_html_escape(b, c->name);
	buf_puts(b, "</a></td>");
	if (!c->ok)
		buf_printf(b, "<td colspan=\"%d\">not evaluated</td></tr>\n", ncols);
	return c->ok;
}

/* Runtime components: chart and table. */
static void
chart_runtime(MdfBuf *b, const MdfNetworkCost *nc, uint32_t ni)
{
	double max = 0;
	for (uint32_t i = 0; i < nc->nlayers; i++)
		if (nc->layers[i].ok && (double)nc->layers[i].runtime > max)
			max = (double)nc->layers[i].runtime;
	buf_puts(b, "<h3>Runtime per layer: compute and stalls (cycles)</h3>\n");
	legend(b, COST__NTIME, time_colors, time_labels);
	buf_puts(b, "<div class=\"pair\"><div>");
	svg_open(b, (int)nc->nlayers, "runtime per layer");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		double v[COST__NTIME] = {0};
		for (int j = 0; j < COST__NTIME && c->ok; j++)
			v[j] = (double)c->time[j];
		char id[48];
		snprintf(id, sizeof id, "rt-%u-%u", ni, i);
		bar_row(b, id, (int)i, c->name, COST__NTIME, v, time_colors, time_labels, max, "cycles");
	}
	buf_puts(b, "</svg></div><div><table><tr><th>layer</th><th class=\"n\">runtime</th>"
		    "<th class=\"n\">compute</th><th class=\"n\">ingress</th><th class=\"n\">egress</th>"
		    "<th class=\"n\">off-chip</th><th>bound</th></tr>\n");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		if (!row_start(b, c, ni, i, 6))
			continue;
		buf_printf(b, "<td class=\"n\">%lld</td>", (long long)c->runtime);
		for (int j = 0; j < COST__NTIME; j++)
			buf_printf(b, "<td class=\"n\">%lld</td>", (long long)c->time[j]);
		char bound[160];
		mdf_cost_bound_text(c, bound, sizeof bound);
		buf_puts(b, "<td>");
		mdf_html_escape(b, bound);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</table></div></div>\n");
}

static void
chart_energy(MdfBuf *b, const MdfNetworkCost *nc, uint32_t ni)
{
	double max = 0;
	for (uint32_t i = 0; i < nc->nlayers; i++)
		if (nc->layers[i].ok && nc->layers[i].energy_total > max)
			max = nc->layers[i].energy_total;
	buf_puts(b, "<h3>Energy per layer by level (nJ)</h3>\n");
	legend(b, COST__NELEVELS + 1, energy_colors, energy_labels);
	buf_puts(b, "<div class=\"pair\"><div>");
	svg_open(b, (int)nc->nlayers, "energy per layer");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		double v[COST__NELEVELS + 1] = {0};
		for (int l = 0; l <= COST__NELEVELS && c->ok; l++)
			v[l] = energy_level(c, l);
		char id[48];
		snprintf(id, sizeof id, "en-%u-%u", ni, i);
		bar_row(b, id, (int)i, c->name, COST__NELEVELS + 1, v, energy_colors, energy_labels, max, "nJ");
	}
	buf_puts(b, "</svg></div><div><table><tr><th>layer</th>");
	for (int l = 0; l <= COST__NELEVELS; l++)
		buf_printf(b, "<th class=\"n\">%s</th>", energy_labels[l]);
	buf_puts(b, "<th class=\"n\">total</th></tr>\n");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		if (!row_start(b, c, ni, i, 6))
			continue;
		for (int l = 0; l <= COST__NELEVELS; l++)
			buf_printf(b, "<td class=\"n\">%.1f</td>", energy_level(c, l));
		buf_printf(b, "<td class=\"n\">%.1f</td></tr>\n", c->energy_total);
	}
	buf_puts(b, "</table></div></div>\n");
}

/* Utilization and buffer needs against capacity: bars of percent. */
static void
chart_use(MdfBuf *b, const MdfNetworkCost *nc, uint32_t ni, const IrHw *hw)
{
	static const char *const ucol[1] = {"#228833"}, *const ulab[1] = {"utilization"};
	static const char *const bcol[2] = {"#66ccee", "#4477aa"}, *const blab[2] = {"L1 need", "L2 need"};
	buf_puts(b, "<h3>Utilization and buffer needs against capacity (%)</h3>\n<div class=\"pair\"><div>");
	svg_open(b, (int)nc->nlayers, "utilization per layer");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		double v[1] = {c->ok ? 100.0 * c->utilization : 0};
		char id[48];
		snprintf(id, sizeof id, "ut-%u-%u", ni, i);
		bar_row(b, id, (int)i, c->name, 1, v, ucol, ulab, 100.0, "%");
	}
	buf_puts(b, "</svg>\n");
	/* buffers: two thin bars per layer, 100% = the capacity (a line) */
	double max = 100;
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		if (!c->ok)
			continue;
		double p1 = hw->l1_size ? 100.0 * (double)c->l1_size_req / (double)hw->l1_size : 0;
		double p2 = hw->l2_size ? 100.0 * (double)c->l2_size_req / (double)hw->l2_size : 0;
		max = fmax(max, fmax(p1, p2));
	}
	max = fmin(max, 400);
	legend(b, 2, bcol, blab);
	svg_open(b, (int)nc->nlayers, "buffer needs per layer");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		int y = (int)i * ROW_H;
		buf_printf(b, "<g id=\"buf-%u-%u\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", ni, i, LABEL_W - 6,
			   y + 13);
		short_name(b, c->name);
		buf_puts(b, "</text>");
		for (int k = 0; k < 2 && c->ok; k++) {
			int64_t need = k ? c->l2_size_req : c->l1_size_req, cap = k ? hw->l2_size : hw->l1_size;
			double p = cap ? 100.0 * (double)need / (double)cap : 0;
			double w = fmin(p, max) / max * BAR_W;
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"6\" fill=\"%s\"><title>%s %lld of %lld"
				   "</title></rect>", LABEL_W, y + 3 + 7 * k, w, bcol[k], blab[k], (long long)need,
				   (long long)cap);
		}
		buf_puts(b, "</g>\n");
	}
	double cx = LABEL_W + 100.0 / max * BAR_W;
	buf_printf(b, "<line x1=\"%.2f\" y1=\"0\" x2=\"%.2f\" y2=\"%d\" stroke=\"#b00\" stroke-dasharray=\"3,2\">"
		   "<title>capacity</title></line>\n", cx, cx, (int)nc->nlayers * ROW_H);
	buf_puts(b, "</svg></div><div><table><tr><th>layer</th><th class=\"n\">util %</th>"
		    "<th class=\"n\">L1 need</th><th class=\"n\">L2 need</th><th class=\"n\">NoC BW need</th>"
		    "<th class=\"n\">off-chip BW need</th></tr>\n");
	for (uint32_t i = 0; i < nc->nlayers; i++) {
		const MdfLayerCost *c = &nc->layers[i];
		if (!row_start(b, c, ni, i, 5))
			continue;
		buf_printf(b, "<td class=\"n\">%.1f</td>", 100.0 * c->utilization);
		const int64_t need[4] = {c->l1_size_req, c->l2_size_req, c->noc_bw_need, c->offchip_bw_need};
		const int64_t have[4] = {hw->l1_size, hw->l2_size, hw->noc_bw, hw->offchip_bw};
		const bool over[4] = {c->over_l1, c->over_l2, c->over_noc_bw, c->over_offchip_bw};
		for (int k = 0; k < 4; k++)
			buf_printf(b, "<td class=\"n%s\">%lld / %lld</td>", over[k] ? " over" : "", (long long)need[k],
				   (long long)have[k]);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</table></div></div>\n");
}

/* ---- drill-down ---------------------------------------------------------- */

static void
mapping_text(MdfBuf *b, const IrLayer *l, const IrHw *hw)
{
	buf_puts(b, "<pre>");
	for (uint32_t i = 0; i < l->nlevels; i++) {
		const IrLevel *lv = &l->levels[i];
		if (i)
			buf_printf(b, "%*sCluster(%lld)\n", (int)(2 * i - 2), "", (long long)lv->cluster_size);
		buf_printf(b, "%*s/* level %u: %lld units */\n", (int)(2 * i), "", i,
			   (long long)ir_level_units(l, i, hw->num_pes));
		for (uint32_t j = 0; j < lv->ndirs; j++) {
			const IrDirective *d = &lv->dirs[j];
			buf_printf(b, "%*s%s(%lld,%lld) %s;%s\n", (int)(2 * i), "",
				   d->kind == DIR_SPATIAL ? "SpatialMap" : "TemporalMap", (long long)d->size,
				   (long long)d->offset, ir_dim_name(d->dim),
				   d->origin == ORIG_INHERITED ? "   // inferred: inherited"
				   : d->origin == ORIG_UNROLLED ? "   // inferred: whole extent"
				   : d->origin == ORIG_CONVERTED ? "   // converted from Y'/X'" : "");
		}
	}
	buf_puts(b, "</pre>\n");
}

/* "K 4" or "K 4-7": tile t of a map over n indices. */
static void
tile_text(char *out, size_t cap, const IrDirective *d, int64_t n, int64_t t)
{
	int64_t lo = t * d->offset, hi = lo + d->size < n ? lo + d->size : n;
	if (hi - lo <= 1)
		snprintf(out, cap, "%s %lld", ir_dim_name(d->dim), (long long)lo);
	else
		snprintf(out, cap, "%s %lld-%lld", ir_dim_name(d->dim), (long long)lo, (long long)(hi - 1));
}

/* The top level's first steps: rows are steps (its temporal loops and the
   folds of its SpatialMap, innermost last), columns its units; a cell says
   which tile of the spatial dimension(s) the unit holds. */
static void
space_time(MdfBuf *b, const IrLayer *l, const IrHw *hw, uint32_t ni, uint32_t li)
{
	const IrLevel *lv = &l->levels[0];
	int64_t P = ir_level_units(l, 0, hw->num_pes);
	if (P <= 0 || lv->ndirs == 0)
		return;
	int64_t cnt[IR_MAX_LEVEL_DIRS], idx[IR_MAX_LEVEL_DIRS] = {0}, chunks = 1;
	int sp[2] = {-1, -1};
	uint32_t nd = lv->ndirs < IR_MAX_LEVEL_DIRS ? lv->ndirs : IR_MAX_LEVEL_DIRS;
	for (uint32_t j = 0; j < nd; j++) {
		const IrDirective *d = &lv->dirs[j];
		int64_t t = ir_map_tiles(lv->dims[d->dim], d->size, d->offset);
		if (d->kind == DIR_SPATIAL && sp[0] < 0) {
			sp[0] = (int)j;
			chunks = t;
			t = t / P + (t % P != 0);       /* folds */
		} else if (d->kind == DIR_SPATIAL) {
			sp[1] = (int)j;
			t = 1;                          /* co-indexed with the first */
		}
		cnt[j] = t;
	}
	int64_t units = P < ST_UNITS ? P : ST_UNITS;
	int cw = 64, rh = 20, lw = 150;
	buf_printf(b, "<p>The top level's first %d steps on its first %lld of %lld units: a row is a step "
		   "(the tiles of the temporal maps in its label), a cell the tile of the spatial "
		   "dimension the unit holds.</p>\n<div class=\"pair\"><div>", ST_STEPS, (long long)units, (long long)P);
	buf_printf(b, "<svg id=\"st-%u-%u\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%lld\" height=\"%d\" "
		   "role=\"img\" aria-label=\"space-time\">\n", ni, li, (long long)(lw + cw * units + 4), rh * (ST_STEPS + 1));
	for (int64_t u = 0; u < units; u++)
		buf_printf(b, "<text x=\"%lld\" y=\"14\" text-anchor=\"middle\">unit %lld</text>",
			   (long long)(lw + cw * u + cw / 2), (long long)u);
	buf_puts(b, "\n");
	MdfBuf table = {0};
	buf_puts(&table, "<table><tr><th>step</th><th>temporal tiles</th>");
	for (int64_t u = 0; u < units; u++)
		buf_printf(&table, "<th>unit %lld</th>", (long long)u);
	buf_puts(&table, "</tr>\n");
	for (int s = 0; s < ST_STEPS; s++) {
		char label[160] = "", cell[64];
		size_t n = 0;
		for (uint32_t j = 0; j < nd; j++) {
			const IrDirective *d = &lv->dirs[j];
			if (d->kind == DIR_SPATIAL || cnt[j] <= 1)
				continue;
			tile_text(cell, sizeof cell, d, lv->dims[d->dim], idx[j]);
			if (n + strlen(cell) + 3 < sizeof label)
				n += (size_t)snprintf(label + n, sizeof label - n, "%s%s", n ? ", " : "", cell);
		}
		if (!n)
			snprintf(label, sizeof label, "-");
		int y = rh * (s + 1);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d: %s</text>", lw - 4, y + 14, s, label);
		buf_printf(&table, "<tr><td class=\"n\">%d</td><td>%s</td>", s, label);
		int64_t fold = sp[0] >= 0 ? idx[sp[0]] : 0;
		for (int64_t u = 0; u < units; u++) {
			int64_t ch = fold * P + u;
			bool idle = sp[0] >= 0 ? ch >= chunks : u > 0;
			if (sp[0] >= 0 && !idle) {
				tile_text(cell, sizeof cell, &lv->dirs[sp[0]], lv->dims[lv->dirs[sp[0]].dim], ch);
				if (sp[1] >= 0) {
					const IrDirective *d2 = &lv->dirs[sp[1]];
					if (ch >= ir_map_tiles(lv->dims[d2->dim], d2->size, d2->offset))
						idle = true;
				}
			} else if (!idle)
				snprintf(cell, sizeof cell, "all");
			const char *fill = idle ? "#eeeeee" : (ch % 2 ? "#cfe3f5" : "#a9cbe9");
			buf_printf(b, "<rect x=\"%lld\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"/>",
				   (long long)(lw + cw * u), y, cw, rh, fill);
			if (!idle)
				buf_printf(b, "<text x=\"%lld\" y=\"%d\" text-anchor=\"middle\">%s</text>",
					   (long long)(lw + cw * u + cw / 2), y + 14, cell);
			buf_printf(&table, "<td>%s</td>", idle ? "idle" : cell);
		}
		buf_puts(b, "\n");
		buf_puts(&table, "</tr>\n");
		/* next step: the innermost directive advances first */
		int j = (int)nd - 1;
		for (; j >= 0; j--) {
			if (++idx[j] < cnt[j])
				break;
			idx[j] = 0;
		}
		if (j < 0)
			break;          /* the level has fewer steps */
	}
	buf_puts(b, "</svg></div><div>");
	buf_puts(b, table.data ? table.data : "");
	buf_puts(b, "</table></div></div>\n");
	buf_free(&table);
}

static void
pareto(MdfBuf *b, const MdfLayerSearch *ls, uint32_t ni, uint32_t li)
{
	if (!ls || !ls->searched || ls->npareto == 0)
		return;
	double rmin = (double)ls->pareto[0].runtime, rmax = rmin, emin = ls->pareto[0].energy_nj, emax = emin;
	for (uint32_t p = 0; p < ls->npareto; p++) {
		rmin = fmin(rmin, (double)ls->pareto[p].runtime);
		rmax = fmax(rmax, (double)ls->pareto[p].runtime);
		emin = fmin(emin, ls->pareto[p].energy_nj);
		emax = fmax(emax, ls->pareto[p].energy_nj);
	}
	double rs = rmax > rmin ? rmax - rmin : 1, es = emax > emin ? emax - emin : 1;
	int W = 360, H = 220, m = 40;
	buf_printf(b, "<h4>Mapping search: Pareto front of runtime against energy (%u points)</h4>\n"
		   "<div class=\"pair\"><div><svg id=\"pareto-%u-%u\" xmlns=\"http://www.w3.org/2000/svg\" "
		   "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Pareto front\">\n", ls->npareto, ni, li,
		   W + m + 10, H + m);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
		   "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", m, H, m + W, H, m, m, H);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">runtime (cycles) %.6g .. %.6g</text>"
		   "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">energy (nJ)</text>\n",
		   m + W / 2, H + 28, rmin, rmax, H / 2, H / 2);
	for (uint32_t p = 0; p < ls->npareto; p++) {
		double x = m + 6 + ((double)ls->pareto[p].runtime - rmin) / rs * (W - 12);
		double y = H - 6 - (ls->pareto[p].energy_nj - emin) / es * (H - 12);
		buf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4\" fill=\"#aa3377\"><title>%lld cycles, %.6g nJ"
			   "</title></circle>", x, y, (long long)ls->pareto[p].runtime, ls->pareto[p].energy_nj);
	}
	buf_puts(b, "\n</svg></div><div><table><tr><th>#</th><th class=\"n\">runtime</th>"
		    "<th class=\"n\">energy (nJ)</th></tr>\n");
	for (uint32_t p = 0; p < ls->npareto; p++)
		buf_printf(b, "<tr><td class=\"n\">%u</td><td class=\"n\">%lld</td><td class=\"n\">%.6g</td></tr>\n",
			   p, (long long)ls->pareto[p].runtime, ls->pareto[p].energy_nj);
	buf_puts(b, "</table></div></div>\n");
}

static void
drill_down(MdfBuf *b, MdfCtx *scratch, const IrNetwork *net, uint32_t ni, uint32_t li, const MdfLayerCost *c,
	   const IrHw *hw, const MdfLayerSearch *ls)
{
	const IrLayer *l = &net->layers[li];
	char bound[160];
	mdf_cost_bound_text(c, bound, sizeof bound);
	/* the first layer of a network opens with the page */
	buf_printf(b, "<details id=\"layer-%u-%u\"%s><summary><b>", ni, li, li == 0 ? " open" : "");
	mdf_html_escape(b, l->name);
	buf_printf(b, "</b> (%s)", ir_layer_type_name(l->type));
	if (c->ok) {
		buf_printf(b, ": %lld cycles, %.1f MAC/cycle, ", (long long)c->runtime, c->throughput);
		mdf_html_escape(b, bound);
	} else
		buf_puts(b, ": not evaluated");
	buf_puts(b, "</summary>\n");
	if (!l->normalized || !l->valid) {
		buf_puts(b, "<p>The layer is not valid (see the diagnostics).</p></details>\n");
		return;
	}
	buf_puts(b, "<h4>Mapping (normalized directives)</h4>\n");
	mapping_text(b, l, hw);
	buf_puts(b, "<h4>Loop nest (--emit=loops)</h4>\n");
	MdfBuf nest = {0};
	if (scratch && mdf_emit_loops_layer(scratch, l, net->name, hw, ni, li, &nest)) {
		buf_puts(b, "<pre>");
		mdf_html_escape(b, nest.data);
		buf_puts(b, "</pre>\n");
	} else
		buf_puts(b, "<p>The loop-nest backend cannot lower this layer (E0701 with --emit=loops).</p>\n");
	buf_free(&nest);
	buf_puts(b, "<h4>Space-time: the first steps</h4>\n");
	space_time(b, l, hw, ni, li);
	pareto(b, ls, ni, li);
	buf_puts(b, "</details>\n");
}

/* ---- the page -------------------------------------------------------------- */

static void
summary(MdfBuf *b, const IrModule *m, const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts)
{
	buf_puts(b, "<h2 id=\"summary\">Accelerator</h2>\n<table>");
	if (hw->name) {
		buf_puts(b, "<tr><th>name</th><td>");
		mdf_html_escape(b, hw->name);
		buf_puts(b, "</td></tr>");
	}
	buf_printf(b, "<tr><th>PEs</th><td class=\"n\">%lld</td></tr><tr><th>SIMD lanes</th><td class=\"n\">%lld</td></tr>"
		   "<tr><th>L1 per PE</th><td class=\"n\">%lld</td></tr><tr><th>L2</th><td class=\"n\">%lld</td></tr>"
		   "<tr><th>NoC bandwidth / latency</th><td class=\"n\">%lld / %lld</td></tr>"
		   "<tr><th>off-chip bandwidth</th><td class=\"n\">%lld</td></tr>"
		   "<tr><th>energy: MAC (nJ); L1, L2, NoC, off-chip (MACs)</th><td class=\"n\">%.6g; %.6g, %.6g, %.6g, %.6g</td></tr>"
		   "<tr><th>model</th><td>%s</td></tr></table>\n",
		   (long long)hw->num_pes, (long long)(hw->simd_lanes > 0 ? hw->simd_lanes : 1), (long long)hw->l1_size,
		   (long long)hw->l2_size, (long long)hw->noc_bw, (long long)hw->noc_latency, (long long)hw->offchip_bw,
		   hw->e_mac_nj, hw->e_l1, hw->e_l2, hw->e_noc, hw->e_offchip,
		   opts && opts->compat_maestro ? "--compat=maestro" : "default mode");
	buf_puts(b, "<h2>Networks</h2>\n<table><tr><th>network</th><th class=\"n\">layers</th>"
		    "<th class=\"n\">runtime</th><th class=\"n\">MACs</th><th class=\"n\">MAC/cycle</th>"
		    "<th class=\"n\">energy (nJ)</th><th class=\"n\">compute %</th><th class=\"n\">stall %</th></tr>\n");
	for (uint32_t n = 0; n < mc->nnetworks && n < m->nnetworks; n++) {
		const MdfNetworkCost *nc = &mc->networks[n];
		buf_printf(b, "<tr><td><a href=\"#net-%u\">", n);
		mdf_html_escape(b, nc->name);
		double rt = (double)nc->runtime;
		buf_printf(b, "</a></td><td class=\"n\">%u</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
			   "<td class=\"n\">%.2f</td><td class=\"n\">%.1f</td><td class=\"n\">%.1f</td>"
			   "<td class=\"n\">%.1f</td></tr>\n", nc->nlayers, (long long)nc->runtime, (long long)nc->macs,
			   rt > 0 ? (double)nc->macs / rt : 0, nc->energy_total,
			   rt > 0 ? 100.0 * (double)nc->time[COST_T_COMPUTE] / rt : 0,
			   rt > 0 ? 100.0 * (1 - (double)nc->time[COST_T_COMPUTE] / rt) : 0);
	}
	buf_puts(b, "</table>\n");
}

void
mdf_report_html(const IrModule *m, const MdfModuleCost *mc, const IrHw *hw, const MdfCostOpts *opts,
		const MdfModuleSearch *search, MdfBuf *out)
{
	MdfBuf *b = out;
	MdfCtx *scratch = mdf_ctx_new(NULL);    /* the loop nests' diagnostics, dropped */
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		    "style-src 'unsafe-inline'; img-src data:\">\n<title>mdfc report</title>\n<style>");
	buf_puts(b, css);
	buf_puts(b, "</style></head>\n<body>\n<h1>mdfc report</h1>\n"
		    "<p>Figures of the analytical cost model (docs/cost-model.md); every chart has a table "
		    "with its numbers beside it, and each layer's name opens its drill-down.</p>\n");
	summary(b, m, mc, hw, opts);
	for (uint32_t n = 0; n < mc->nnetworks && n < m->nnetworks; n++) {
		const MdfNetworkCost *nc = &mc->networks[n];
		const MdfNetworkSearch *ns = search && n < search->nnetworks ? &search->networks[n] : NULL;
		buf_printf(b, "<section id=\"net-%u\">\n<h2>Network ", n);
		mdf_html_escape(b, nc->name);
		buf_puts(b, "</h2>\n");
		chart_runtime(b, nc, n);
		chart_energy(b, nc, n);
		chart_use(b, nc, n, hw);
		buf_puts(b, "<h3>Layers</h3>\n");
		for (uint32_t i = 0; i < nc->nlayers && i < m->networks[n].nlayers; i++)
			drill_down(b, scratch, &m->networks[n], n, i, &nc->layers[i], hw,
				   ns && i < ns->nlayers ? &ns->layers[i] : NULL);
		buf_puts(b, "</section>\n");
	}
	buf_puts(b, "</body></html>\n");
	if (scratch)
		mdf_ctx_free(scratch);
}
