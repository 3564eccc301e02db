/*
** report.c: what `mdfc --search` prints (docs/search.md section 5): the
** table, CSV and JSON of a search, and the .mdf file of the winners.
** Byte-deterministic: no times, no addresses.
*/
#include <ctype.h>
#include <math.h>
#include <string.h>
#include "search_int.h"

void
search_print_shape(const IrLayer *l, MdfBuf *b)
{
	buf_printf(b, "Type: %s; ", ir_layer_type_name(l->type));
	/* a normalized TRCONV keeps its declared stride as the dilation */
	int64_t sy = l->dilation[DIM_Y] ? l->dilation[DIM_Y] : l->stride[DIM_Y];
	int64_t sx = l->dilation[DIM_X] ? l->dilation[DIM_X] : l->stride[DIM_X];
	if (sy > 1 || sx > 1)
		buf_printf(b, "Stride { Y: %lld, X: %lld } ", (long long)(sy > 0 ? sy : 1),
			   (long long)(sx > 0 ? sx : 1));
	buf_puts(b, "Dimensions { ");
	for (int d = 0; d < DIM__COUNT; d++)
		if (l->dim[d] > 0)
			buf_printf(b, "%s: %lld ", ir_dim_name((Dim)d), (long long)l->dim[d]);
	buf_puts(b, "} ");
}

static const char *
obj_name(MdfObjective o)
{
	return o == MDF_OBJ_ENERGY ? "energy" : o == MDF_OBJ_EDP ? "edp" : "runtime";
}

static double
obj_of(MdfObjective o, int64_t runtime, double energy)
{
	return o == MDF_OBJ_ENERGY ? energy : o == MDF_OBJ_EDP ? (double)runtime * energy : (double)runtime;
}

/* The objective's figure of a point as the table prints it. */
static void
obj_text(char *buf, size_t n, MdfObjective o, const MdfPointResult *r)
{
	if (o == MDF_OBJ_RUNTIME)
		snprintf(buf, n, "%lld", (long long)r->runtime);
	else
		snprintf(buf, n, "%.6g", obj_of(o, r->runtime, r->energy_nj));
}

typedef struct Totals {
	int64_t given_rt, best_rt;
	double given_e, best_e;
	int64_t evaluated, valid, infeasible;
	uint32_t searched, with_given, found, exhaustive;
} Totals;

static void
totals(const MdfNetworkSearch *ns, Totals *t)
{
	memset(t, 0, sizeof *t);
	for (uint32_t i = 0; i < ns->nlayers; i++) {
		const MdfLayerSearch *ls = &ns->layers[i];
		if (!ls->searched)
			continue;
		t->searched++;
		if (!ls->shared) {
			t->exhaustive += ls->exhaustive;
			t->evaluated += ls->evaluated;
			t->valid += ls->valid;
			t->infeasible += ls->infeasible;
		}
		if (ls->best.status == MDF_POINT_OK) {
			t->found++;
			t->best_rt += ls->best.runtime;
			t->best_e += ls->best.energy_nj;
		}
		if (ls->has_given) {
			t->with_given++;
			t->given_rt += ls->given.runtime;
			t->given_e += ls->given.energy_nj;
		}
	}
}

void
mdf_search_report_table(const MdfModuleSearch *s, const MdfSearchOpts *o, MdfBuf *out)
{
	for (uint32_t n = 0; n < s->nnetworks; n++) {
		const MdfNetworkSearch *ns = &s->networks[n];
		buf_printf(out, "Network %s: search for the least %s, seed %llu\n",
			   ns->net->name ? ns->net->name : "", obj_name(o->objective),
			   (unsigned long long)o->seed);
		const char *unit = o->objective == MDF_OBJ_RUNTIME ? "cycles" :
				   o->objective == MDF_OBJ_ENERGY ? "nJ" : "EDP";
		char h1[32], h2[32];
		snprintf(h1, sizeof h1, "given %s", unit);
		snprintf(h2, sizeof h2, "best %s", unit);
		buf_printf(out, "%-24s %14s %14s %8s %14s %10s %8s %10s\n", "layer", h1, h2,
			   "ratio", "best nJ", "evaluated", "valid", "infeasible");
		for (uint32_t i = 0; i < ns->nlayers; i++) {
			const MdfLayerSearch *ls = &ns->layers[i];
			const char *name = ls->layer->name ? ls->layer->name : "";
			if (!ls->searched) {
				buf_printf(out, "%-24s (not searched: %s)\n", name,
					   ls->layer->valid ? "layer type" : "invalid");
				continue;
			}
			char given[32] = "-", ratio[32] = "-", best[32] = "-", energy[32] = "-";
			MdfObjective ob = o->objective;
			if (ls->has_given)
				obj_text(given, sizeof given, ob, &ls->given);
			if (ls->best.status == MDF_POINT_OK) {
				obj_text(best, sizeof best, ob, &ls->best);
				snprintf(energy, sizeof energy, "%.6g", ls->best.energy_nj);
				if (ls->has_given)
					snprintf(ratio, sizeof ratio, "%.3f",
						 obj_of(ob, ls->given.runtime, ls->given.energy_nj) /
						 obj_of(ob, ls->best.runtime, ls->best.energy_nj));
			}
			if (ls->shared)
				buf_printf(out, "%-24s %14s %14s %8s %14s %10s %8s %10s\n", name, given, best,
					   ratio, energy, "(same", "shape", "above)");
			else
				buf_printf(out, "%-24s %14s %14s %8s %14s %10lld %8lld %10lld\n", name, given,
					   best, ratio, energy, (long long)ls->evaluated, (long long)ls->valid,
					   (long long)ls->infeasible);
		}
		Totals t;
		totals(ns, &t);
		buf_printf(out, "total: %u layers searched, %lld points evaluated, %lld valid, %lld infeasible\n",
			   t.searched, (long long)t.evaluated, (long long)t.valid, (long long)t.infeasible);
		buf_printf(out, "  best:  runtime %lld cycles, energy %.6g nJ, EDP %.6g\n",
			   (long long)t.best_rt, t.best_e, (double)t.best_rt * t.best_e);
		if (t.with_given == t.searched && t.searched)
			buf_printf(out, "  given: runtime %lld cycles, energy %.6g nJ, EDP %.6g "
				   "(runtime x%.3f, energy x%.3f, EDP x%.3f)\n",
				   (long long)t.given_rt, t.given_e, (double)t.given_rt * t.given_e,
				   t.best_rt ? (double)t.given_rt / (double)t.best_rt : 0.0,
				   t.best_e > 0 ? t.given_e / t.best_e : 0.0,
				   t.best_rt && t.best_e > 0 ? (double)t.given_rt * t.given_e /
				   ((double)t.best_rt * t.best_e) : 0.0);
		if (t.found < t.searched)
			buf_printf(out, "  %u layer(s) with no valid mapping that fits the buffers found\n",
				   t.searched - t.found);
		if (t.exhaustive)
			buf_printf(out, "  %u layer shape(s) searched over their whole constrained space "
				   "(exhaustive: the best is the optimum)\n", t.exhaustive);
	}
}

void
mdf_search_report_csv(const MdfModuleSearch *s, const MdfSearchOpts *o, MdfBuf *out)
{
	(void)o;
	buf_puts(out, "network,layer,given_runtime,given_energy_nj,best_runtime,best_energy_nj,"
		 "best_edp,evaluated,valid,infeasible,same_shape_as_earlier\n");
	for (uint32_t n = 0; n < s->nnetworks; n++) {
		const MdfNetworkSearch *ns = &s->networks[n];
		for (uint32_t i = 0; i < ns->nlayers; i++) {
			const MdfLayerSearch *ls = &ns->layers[i];
			if (!ls->searched)
				continue;
			buf_printf(out, "%s,%s,", ns->net->name ? ns->net->name : "",
				   ls->layer->name ? ls->layer->name : "");
			if (ls->has_given) {
				buf_printf(out, "%lld,", (long long)ls->given.runtime);
				buf_double(out, ls->given.energy_nj, 10);
				buf_putc(out, ',');
			} else
				buf_puts(out, ",,");
			if (ls->best.status == MDF_POINT_OK) {
				buf_printf(out, "%lld,", (long long)ls->best.runtime);
				buf_double(out, ls->best.energy_nj, 10);
				buf_putc(out, ',');
				buf_double(out, (double)ls->best.runtime * ls->best.energy_nj, 10);
				buf_putc(out, ',');
			} else
				buf_puts(out, ",,,");
			buf_printf(out, "%lld,%lld,%lld,%d\n", (long long)ls->evaluated, (long long)ls->valid,
				   (long long)ls->infeasible, ls->shared ? 1 : 0);
		}
	}
}

static void
json_mapping(const MdfMapping *m, MdfBuf *out)
{
	MdfBuf b = {0};
	mdf_mapping_print(m, "", &b);
	buf_json_string(out, b.data ? b.data : "");
	buf_free(&b);
}

static void
json_result(const MdfPointResult *r, MdfBuf *out)
{
	buf_printf(out, "{\"runtime_cycles\": %lld, \"energy_nj\": ", (long long)r->runtime);
	buf_double(out, r->energy_nj, 10);
	buf_puts(out, ", \"edp\": ");
	buf_double(out, (double)r->runtime * r->energy_nj, 10);
	buf_printf(out, ", \"macs\": %lld, \"l1_size_req\": %lld, \"l2_size_req\": %lld",
		   (long long)r->macs, (long long)r->l1_req, (long long)r->l2_req);
}

void
mdf_search_report_json(const MdfModuleSearch *s, const IrHw *hw, const MdfSearchOpts *o, MdfBuf *out)
{
	buf_printf(out, "{\"objective\": \"%s\", \"seed\": %llu, \"num_pes\": %lld, \"networks\": [",
		   obj_name(o->objective), (unsigned long long)o->seed, (long long)hw->num_pes);
	for (uint32_t n = 0; n < s->nnetworks; n++) {
		const MdfNetworkSearch *ns = &s->networks[n];
		buf_puts(out, n ? ",\n {\"name\": " : "\n {\"name\": ");
		buf_json_string(out, ns->net->name ? ns->net->name : "");
		buf_puts(out, ", \"layers\": [");
		bool first = true;
		for (uint32_t i = 0; i < ns->nlayers; i++) {
			const MdfLayerSearch *ls = &ns->layers[i];
			if (!ls->searched)
				continue;
			buf_puts(out, first ? "\n  {\"name\": " : ",\n  {\"name\": ");
			first = false;
			buf_json_string(out, ls->layer->name ? ls->layer->name : "");
			buf_puts(out, ", \"given\": ");
			if (ls->has_given) {
				json_result(&ls->given, out);
				buf_puts(out, "}");
			} else
				buf_puts(out, "null");
			buf_puts(out, ", \"best\": ");
			if (ls->best.status == MDF_POINT_OK) {
				json_result(&ls->best, out);
				buf_puts(out, ", \"mapping\": ");
				json_mapping(&ls->best_map, out);
				buf_puts(out, "}");
			} else
				buf_puts(out, "null");
			buf_printf(out, ", \"evaluated\": %lld, \"valid\": %lld, \"infeasible\": %lld, "
				   "\"same_shape_as_earlier\": %s, \"constrained\": %s, \"exhaustive\": %s, "
				   "\"pruned\": %lld, \"pareto\": [",
				   (long long)ls->evaluated, (long long)ls->valid, (long long)ls->infeasible,
				   ls->shared ? "true" : "false", ls->layer->search ? "true" : "false",
				   ls->exhaustive ? "true" : "false", (long long)ls->pruned);
			for (uint32_t p = 0; p < ls->npareto; p++) {
				buf_printf(out, "%s{\"runtime_cycles\": %lld, \"energy_nj\": ", p ? ", " : "",
					   (long long)ls->pareto[p].runtime);
				buf_double(out, ls->pareto[p].energy_nj, 10);
				buf_puts(out, ", \"mapping\": ");
				json_mapping(&ls->pareto[p].map, out);
				buf_puts(out, "}");
			}
			buf_puts(out, "]}");
		}
		Totals t;
		totals(ns, &t);
		buf_printf(out, "],\n  \"totals\": {\"layers_searched\": %u, \"evaluated\": %lld, "
			   "\"best_runtime_cycles\": %lld, \"best_energy_nj\": ",
			   t.searched, (long long)t.evaluated, (long long)t.best_rt);
		buf_double(out, t.best_e, 10);
		if (t.with_given == t.searched && t.searched) {
			buf_printf(out, ", \"given_runtime_cycles\": %lld, \"given_energy_nj\": ",
				   (long long)t.given_rt);
			buf_double(out, t.given_e, 10);
		}
		buf_puts(out, "}}");
	}
	buf_puts(out, "\n]}\n");
}

/* A name as the grammar's `name` reads it: letters, digits, _ . - ' kept;
   anything else becomes _. */
static void
put_name(MdfBuf *out, const char *s, const char *fallback)
{
	if (!s || !*s)
		s = fallback;
	if (isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '.')
		buf_putc(out, 'L');
	for (; *s; s++)
		buf_putc(out, isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '-' ? *s : '_');
}

void
mdf_search_write_mdf(const MdfModuleSearch *s, const IrHw *hw, MdfBuf *out)
{
	buf_puts(out, "// Written by mdfc --search: each layer's winning mapping as explicit directives.\n"
		 "// `mdfc` on this file reproduces the figures the search reported.\n\n");
	buf_puts(out, "Accelerator ");
	put_name(out, hw->name, "searched");
	buf_printf(out, " {\n\tnum_pes: %lld;\n\tl1_size: %lld;\n\tl2_size: %lld;\n\tnoc_bw: %lld;\n"
		   "\tnoc_latency: %lld;\n\toffchip_bw: %lld;\n\tsimd_lanes: %lld;\n",
		   (long long)hw->num_pes, (long long)hw->l1_size, (long long)hw->l2_size,
		   (long long)hw->noc_bw, (long long)hw->noc_latency, (long long)hw->offchip_bw,
		   (long long)hw->simd_lanes);
	/* energies in the language's fixed units (docs/language.md 9) */
	if (hw->set & (1u << HW_E_MAC))
		buf_printf(out, "\te_mac: %lld;\n", (long long)llround(hw->e_mac_nj * 1e6));
	if (hw->set & (1u << HW_E_L1))
		buf_printf(out, "\te_l1: %lld;\n", (long long)llround(hw->e_l1 * 1000.0));
	if (hw->set & (1u << HW_E_L2))
		buf_printf(out, "\te_l2: %lld;\n", (long long)llround(hw->e_l2 * 1000.0));
	if (hw->set & (1u << HW_E_NOC))
		buf_printf(out, "\te_noc: %lld;\n", (long long)llround(hw->e_noc * 1000.0));
	if (hw->set & (1u << HW_E_OFFCHIP))
		buf_printf(out, "\te_offchip: %lld;\n", (long long)llround(hw->e_offchip * 1000.0));
	buf_puts(out, "}\n");
	for (uint32_t n = 0; n < s->nnetworks; n++) {
		const MdfNetworkSearch *ns = &s->networks[n];
		buf_puts(out, "\nNetwork ");
		put_name(out, ns->net->name, "searched");
		buf_puts(out, " {\n");
		for (uint32_t i = 0; i < ns->nlayers; i++) {
			const MdfLayerSearch *ls = &ns->layers[i];
			MdfMapping m;
			bool have;
			if (ls->searched && ls->best.status == MDF_POINT_OK) {
				m = ls->best_map;
				have = true;
			} else
				have = ls->layer->valid && mdf_mapping_from_layer(ls->layer, &m);
			if (!have)
				continue;   /* nothing valid to write */
			buf_puts(out, "\tLayer ");
			put_name(out, ls->layer->name, "layer");
			buf_puts(out, " {\n\t\t");
			search_print_shape(ls->layer, out);
			buf_puts(out, "\n\t\tDataflow {\n");
			mdf_mapping_print(&m, "\t\t\t", out);
			buf_puts(out, "\t\t}\n\t}\n");
		}
		buf_puts(out, "}\n");
	}
}
