/*
** rows.c: the rows of a sweep (docs/explore.md, "Output"), CSV or JSON,
** one line each.  Columns: the network (and layer), one per axis, named
** after it, then the figures; a failed row has its code and message and no
** figures.  With --dse, each row also has the design's area, power and
** feasibility, and (CSV) its pareto/best flags, which dse.c fills in once
** every row is known.
*/
#include <stdio.h>
#include <string.h>
#include "explore/explore_int.h"

/* A CSV field: quoted when it holds a comma or a quote; a leading = + - @
   (a spreadsheet formula) written as '...; line breaks and tabs become
   spaces, so that every row is one line. */
static void
csv_text(MdfBuf *b, const char *s)
{
	s = s ? s : "";
	size_t n = strlen(s);
	bool formula = n > 0 && strchr("=+-@", s[0]);
	bool quote = formula || strcspn(s, ",\"") < n;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"')
			buf_putc(b, '"');
		buf_putc(b, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
	}
	if (quote)
		buf_putc(b, '"');
}

/* --dse: the shares of the PEs, the buffers and the NoC in the area and
   the power, in percent (how a design splits its budget). */
static const char split_names[] = ",area_pe_pct,area_buffers_pct,area_noc_pct,power_pe_pct,power_buffers_pct,"
				  "power_noc_pct";

static void
split_put(MdfBuf *b, const RowFig *f, bool json)
{
	const char *s = split_names;
	for (int k = 0; k < 2 * MDF_DSE__NPARTS; k++) {
		const char *e = strchr(s + 1, ',');
		size_t n = e ? (size_t)(e - s - 1) : strlen(s + 1);
		double part = k < MDF_DSE__NPARTS ? f->apart[k] : f->ppart[k - MDF_DSE__NPARTS];
		double total = k < MDF_DSE__NPARTS ? f->area : f->power;
		if (json)
			buf_printf(b, ",\"%.*s\":", (int)n, s + 1);
		else
			buf_putc(b, ',');
		buf_double(b, total > 0 ? 100.0 * part / total : 0.0, 4);
		s = e;
	}
}

void
rows_header(const Grid *g, const MdfExploreOpts *o, MdfBuf *b)
{
	if (o->emit_json) {
		buf_puts(b, "{\"axes\":[");
		for (uint32_t k = 0; k < g->nax; k++) {
			if (k)
				buf_putc(b, ',');
			buf_json_string(b, g->ax[k].name);
		}
		buf_puts(b, "],");
		if (o->dse) {
			buf_printf(b, "\"objective\":\"%s\",\"area_budget_um2\":", explore_objective_names[o->objective]);
			buf_double(b, o->area_budget, 10);
			buf_puts(b, ",\"power_budget_mw\":");
			buf_double(b, o->power_budget, 10);
			buf_puts(b, o->front_only ? ",\"front_only\":true," : ",");
		}
		buf_printf(b, "\"points\":%llu,\"rows\":[", (unsigned long long)g->total);
		return;
	}
	buf_puts(b, o->per_layer ? "network,layer" : "network");
	for (uint32_t k = 0; k < g->nax; k++) {
		buf_putc(b, ',');
		csv_text(b, g->ax[k].name);
	}
	buf_puts(b, o->per_layer ? ",status,runtime_cycles,macs,energy_nj,throughput,l1_size_req,l2_size_req,fits"
		 : ",status,runtime_cycles,macs,energy_nj,throughput,max_l1_size_req,max_l2_size_req,fits");
	if (o->search)
		buf_puts(b, ",searched");
	if (o->dse)
		buf_printf(b, ",area_um2,power_mw,feasible,pareto,best_%s%s", explore_objective_names[o->objective],
			   split_names);
	buf_puts(b, ",code,message\n");
}

static void
csv_row(MdfBuf *b, const Grid *g, const int64_t *vals, const RowFig *f, const MdfExploreOpts *o)
{
	csv_text(b, f->network);
	if (o->per_layer) {
		buf_putc(b, ',');
		csv_text(b, f->layer);
	}
	for (uint32_t k = 0; k < g->nax; k++)
		buf_printf(b, ",%lld", (long long)vals[k]);
	if (!f->ok) {
		/* no figures: runtime to fits (7 fields), searched, area and
		   power empty; feasible, pareto and best 0; no split */
		buf_puts(b, ",error");
		for (int k = 7 + o->search + 2 * o->dse; k > 0; k--)
			buf_putc(b, ',');
		if (o->dse)
			buf_puts(b, ",0,0,0,,,,,,");
		buf_putc(b, ',');
		buf_puts(b, diag_code_name(f->code));
		buf_putc(b, ',');
		csv_text(b, f->msg);
		buf_putc(b, '\n');
		return;
	}
	buf_printf(b, ",ok,%lld,%lld,", (long long)f->runtime, (long long)f->macs);
	buf_double(b, f->energy, 10);
	buf_putc(b, ',');
	buf_double(b, f->runtime ? (double)f->macs / (double)f->runtime : 0.0, 10);
	buf_printf(b, ",%lld,%lld,%d", (long long)f->l1, (long long)f->l2, f->fits);
	if (o->search)
		buf_printf(b, ",%u", f->searched);
	if (o->dse) {
		buf_putc(b, ',');
		buf_double(b, f->area, 10);
		buf_putc(b, ',');
		buf_double(b, f->power, 10);
		buf_printf(b, ",%d,0,0", f->feasible);
		split_put(b, f, false);
	}
	buf_puts(b, ",,\n");
}

static void
json_row(MdfBuf *b, const Grid *g, const int64_t *vals, const RowFig *f, const MdfExploreOpts *o)
{
	buf_puts(b, "{\"network\":");
	buf_json_string(b, f->network ? f->network : "");
	if (o->per_layer) {
		buf_puts(b, ",\"layer\":");
		buf_json_string(b, f->layer ? f->layer : "");
	}
	for (uint32_t k = 0; k < g->nax; k++) {
		buf_putc(b, ',');
		buf_json_string(b, g->ax[k].name);
		buf_printf(b, ":%lld", (long long)vals[k]);
	}
	if (!f->ok) {
		buf_printf(b, ",\"status\":\"error\",\"code\":\"%s\",\"message\":", diag_code_name(f->code));
		buf_json_string(b, f->msg ? f->msg : "");
		buf_puts(b, "}\n");
		return;
	}
	buf_printf(b, ",\"status\":\"ok\",\"runtime_cycles\":%lld,\"macs\":%lld,\"energy_nj\":",
		   (long long)f->runtime, (long long)f->macs);
	buf_double(b, f->energy, 10);
	buf_puts(b, ",\"throughput\":");
	buf_double(b, f->runtime ? (double)f->macs / (double)f->runtime : 0.0, 10);
	buf_printf(b, o->per_layer ? ",\"l1_size_req\":%lld,\"l2_size_req\":%lld,\"fits\":%s"
		   : ",\"max_l1_size_req\":%lld,\"max_l2_size_req\":%lld,\"fits\":%s",
		   (long long)f->l1, (long long)f->l2, f->fits ? "true" : "false");
	if (o->search)
		buf_printf(b, ",\"searched\":%u", f->searched);
	if (o->dse) {
		buf_puts(b, ",\"area_um2\":");
		buf_double(b, f->area, 10);
		buf_puts(b, ",\"power_mw\":");
		buf_double(b, f->power, 10);
		buf_printf(b, ",\"feasible\":%s", f->feasible ? "true" : "false");
		split_put(b, f, true);
	}
	buf_puts(b, "}\n");
}

void
rows_put(MdfBuf *b, const Grid *g, const int64_t *vals, const RowFig *f, const MdfExploreOpts *o)
{
	if (o->emit_json)
		json_row(b, g, vals, f, o);
	else
		csv_row(b, g, vals, f, o);
}

