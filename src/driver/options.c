#define _POSIX_C_SOURCE 200809L
/*
** options.c: command-line parsing, --help, --list-codes, --explain.
** The driver is the only part of mdfc that prints.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/diag.h"
#include "options.h"

struct mdf_explain { const char *code, *text; };
extern const struct mdf_explain mdf_explain_pages[];

static const char usage_text[] =
"usage: mdfc [options] FILE...\n"
"\n"
"Compile .mdf (or MAESTRO .m) dataflow descriptions: report each layer's cost,\n"
"emit its loop nest, or check it.  FILE may be '-' for standard input.\n"
"\n"
"Modes:\n"
"  (default)                 per-layer cost table with network totals\n"
"  --check                   front end and validation only: diagnostics, no backends\n"
"  --emit=KIND               table | csv | json | ir | ast | c | loops | html\n"
"                              csv: MAESTRO's 52 columns, one row per layer\n"
"                              json: all figures, per level and per tensor\n"
"                              ir: the normalized IR (inferred directives marked)\n"
"                              ast: the syntax tree\n"
"                              c: the compute-centric loop nest as a C11 program\n"
"  --crosscheck              compile and run the loop nest, compare with the model\n"
"  --crosscheck-max-macs N   skip (with a note) layers with more than N MACs (0: none)\n"
"                            (default 200000000)\n"
"  --crosscheck-timeout S    stop the C compiler, and the compiled program, after\n"
"                            S seconds each (default 300)\n"
"  -o FILE                   write the output to FILE instead of stdout (replaced\n"
"                            only when the run succeeds; never an input)\n"
"  --format                  print FILE in the canonical layout (docs/formatting.md)\n"
"  -i                        with --format: rewrite FILE in place (atomically)\n"
"  --format --check          exit 1 naming each FILE not in the canonical layout\n"
"  --lsp                     Language Server Protocol server on stdin/stdout\n"
"                            (docs/editors.md); takes no FILE\n"
"\n"
"Mapping search (docs/search.md):\n"
"  --search                  find the best valid mapping of every layer; prints a\n"
"                            table (or --emit=csv|json); -o FILE writes the winners\n"
"                            as an .mdf file that reproduces the figures\n"
"  --objective=OBJ           runtime (default) | energy | edp\n"
"  --budget=N                mapping points evaluated per layer (default 3000)\n"
"  --time-limit=S            stop searching after S seconds (output then depends\n"
"                            on machine speed)\n"
"  --seed=N                  random seed (default 1); same seed, same output\n"
"  --threads=N               worker threads (default 1); output does not depend on it\n"
"\n"
"Importing (docs/onnx.md):\n"
"  --import=onnx             FILE is an ONNX model: write it as an .mdf network\n"
"  --dataflow=NAME           kcp_ws | rs | yxp_os | xp_ws | cp_nlr | maeri_vn | tpu_ws | tpu_os\n"
"  --accelerator=NAME        edge (default) | cloud | eyeriss | maestro_accel1\n"
"  --input-shape SHAPE       [NAME=]DxDx...: a graph input's static shape\n"
"\n"
"Language:\n"
"  -D NAME=VALUE             set or override `param NAME` (VALUE: an integer expression)\n"
"  -I DIR                    add DIR to the import search path\n"
"                            (after the importing file's folder; before MDF_PATH\n"
"                            and the installed stdlib)\n"
"  --restrict-imports        import only from the input's folder, -I folders and\n"
"                            the stdlib (no absolute paths elsewhere, no MDF_PATH)\n"
"\n"
"Hardware (precedence: built-in defaults < Accelerator block in FILE\n"
"          < --hw FILE < these flags):\n"
"  --hw FILE                 MAESTRO hardware file or .mdf with an Accelerator block\n"
"  --accel NAME              pick the Accelerator block NAME when there are several\n"
"  --num-pes N               number of PEs (default 256)\n"
"  --l1-size N               L1 buffer per PE, elements (default 512)\n"
"  --l2-size N               shared L2 buffer, elements (default 108000)\n"
"  --noc-bw N                NoC bandwidth, elements/cycle (default 64)\n"
"  --noc-latency N           NoC latency, cycles (default 1)\n"
"  --offchip-bw N            off-chip bandwidth, elements/cycle (default 50)\n"
"  --simd-lanes N            MACs per PE per cycle (default 1)\n"
"\n"
"Cost model:\n"
"  --compat=maestro          reproduce MAESTRO's accounting (its CSV, figure for figure)\n"
"\n";
/* in two pieces: C11 compilers need only take string literals of 4095 bytes */
static const char usage_text2[] =
"Diagnostics:\n"
"  --diagnostics-format=F    text (default) | short (one line each) | json (LSP-shaped)\n"
"                            (short and json: on stdout with --check)\n"
"  -w                        no warnings\n"
"  -Werror                   every warning is an error\n"
"  -W CODE=LEVEL             LEVEL allow | warn | error for one warning code\n"
"                            (e.g. -W W0404=error); wins over -w and -Werror\n"
"  --stdin-filename NAME     name (and import folder) for input read from '-'\n"
"  --max-errors N            stop listing errors after N (default: all)\n"
"  --color=WHEN              auto (default) | always | never\n"
"  --list-codes              list every diagnostic code\n"
"  --explain CODE            explain a diagnostic code (e.g. E0201)\n"
"\n"
"  -h, --help                this text\n"
"  --version                 version\n"
"\n"
"Exit status: 0 ok (warnings allowed), 1 errors in the input, 2 usage or I/O\n"
"error, 3 internal error.  Documentation: docs/cli.md, man mdfc.\n";

/* --help's section for --sweep and --dse, printed before "Diagnostics:" (a
   literal of its own: C11 compilers need only take 4095 bytes). */
static const char usage_explore[] =
"Design-space exploration (docs/explore.md):\n"
"  --sweep AXIS=VALUES       repeatable; AXIS: num_pes, l1_size, l2_size, noc_bw,\n"
"                            noc_latency, offchip_bw, simd_lanes or a param of FILE;\n"
"                            VALUES: V1,V2,... or A..B[:+STEP|:*FACTOR]; one row per\n"
"                            point (--emit=csv (default) or json), failed points\n"
"                            as rows with their error code and message\n"
"  --per-layer               one row per layer and point, not per network\n"
"  --dse                     hardware DSE: area, power, feasibility, Pareto front\n"
"                            and best design over the swept space\n"
"  --objective=OBJ           with --dse: throughput (default) | energy | edp |\n"
"                            perf-per-area\n"
"  --area-budget=UM2         with --dse: largest feasible area, um^2\n"
"  --power-budget=MW         with --dse: largest feasible power, mW\n"
"  --front-only              with --dse: write only the rows of the Pareto front,\n"
"                            the best design and failed points\n"
"  --search                  with --sweep/--dse: co-design, each point's layers\n"
"                            take the best mapping the search finds on its\n"
"                            hardware (--budget per layer and point, default 200)\n"
"  --shard=K/N               evaluate only the K-th of N slices of the points\n"
"  --merge FILE...           join the shards' outputs into the single run's output\n"
"  --threads=N               also for --sweep: output does not depend on N\n"
"\n";

static void
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "mdfc: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'mdfc --help'.\n");
}

static bool
parse_int(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static const struct {
	const char *name;
	int field;
	int64_t min;
} hw_flags[] = {
#define HW_INT(NAME, MEMBER, KEY, MAESTRO_KEY, FLAG, MIN_KEY, MIN_SET, DEFAULT) {FLAG, HW_##NAME, MIN_SET},
#define HW_REAL(NAME, MEMBER, KEY, API_KEY, FROM_KEY, DEFAULT)
#include "mdfc/hw_fields.def"
#undef HW_INT
#undef HW_REAL
};

static void
list_codes(void)
{
	for (int c = 0; c < DIAG__COUNT; c++) {
		DiagSeverity s = diag_code_severity((DiagCode)c);
		printf("%s  %-7s  %-28s  %s\n", diag_code_name((DiagCode)c),
		       s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note",
		       diag_code_slug((DiagCode)c), diag_code_summary((DiagCode)c));
	}
}

static int
explain(const char *code)
{
	DiagCode c;
	if (!diag_code_lookup(code, &c)) {
		fprintf(stderr, "mdfc: error: '%s' is not a diagnostic code (see --list-codes)\n", code);
		return 2;
	}
	for (const struct mdf_explain *p = mdf_explain_pages; p->code; p++)
		if (strcmp(p->code, code) == 0) {
			fputs(p->text, stdout);
			return 0;
		}
	printf("%s: %s\n\n%s\n", code, diag_code_slug(c), diag_code_summary(c));
	return 0;
}

/* The value of an option given as --name=value or --name value. */
static const char *opt_value(const char *arg, const char *name, int *i, int argc, char **argv, bool *matched);

static bool
in_list(const char *v, const char *const *names)
{
	for (int k = 0; v && names[k]; k++)
		if (strcmp(v, names[k]) == 0)
			return true;
	return false;
}

/* `[NAME=]DxDx...` into a shape. */
static bool
parse_shape(const char *v, MdfOnnxShape *s)
{
	memset(s, 0, sizeof *s);
	const char *eq = strrchr(v, '=');
	if (eq) {
		if (eq == v)
			return false;
		s->name = strndup(v, (size_t)(eq - v));
		if (!s->name)
			return false;
		v = eq + 1;
	}
	while (*v) {
		if (s->rank == MDF_ONNX_MAX_RANK || *v < '0' || *v > '9')
			return false;
		errno = 0;
		char *end;
		long long d = strtoll(v, &end, 10);
		if (errno || d < 1)
			return false;
		s->dim[s->rank++] = d;
		v = end;
		if (*v == 'x' && v[1])
			v++;
		else if (*v)
			return false;
	}
	return s->rank > 0;
}

/* The importer's options: 1 usage error (printed) -> returns 2, matched ->
   0, not one of them -> -1. */
static int
parse_import_opt(const char *a, int *i, int argc, char **argv, DriverOpts *o)
{
	static const char *const dataflows[] = MDF_ONNX_DATAFLOW_NAMES;
	static const char *const accels[] = MDF_ONNX_ACCELERATOR_NAMES;
	bool m;
	const char *v = opt_value(a, "--import", i, argc, argv, &m);
	if (m) {
		if (!v || strcmp(v, "onnx") != 0) {
			usage_error("--import takes 'onnx', not '%s'", v ? v : "");
			return 2;
		}
		o->import_onnx = true;
		return 0;
	}
	/* the two options that pick a stdlib name */
	const struct { const char *opt; const char *const *names; const char **field; } pick[] = {
		{"--dataflow", dataflows, &o->import_dataflow},
		{"--accelerator", accels, &o->import_accel},
	};
	for (size_t k = 0; k < sizeof pick / sizeof pick[0]; k++) {
		v = opt_value(a, pick[k].opt, i, argc, argv, &m);
		if (!m)
			continue;
		if (!in_list(v, pick[k].names)) {
			char list[256];
			size_t n = 0;
			for (int j = 0; pick[k].names[j]; j++)
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", j ? ", " : "", pick[k].names[j]);
			fprintf(stderr, "mdfc: error: %s takes one of %s, not '%s'\nTry 'mdfc --help'.\n",
				pick[k].opt, list, v ? v : "");
			return 2;
		}
		*pick[k].field = v;
		return 0;
	}
	v = opt_value(a, "--input-shape", i, argc, argv, &m);
	if (m) {
		MdfOnnxShape *s = &o->input_shapes[o->ninput_shapes];
		if (!v || !parse_shape(v, s)) {
			free((char *)s->name);
			usage_error("--input-shape takes [NAME=]DxDx... (positive sizes, at most 8), not '%s'", v ? v : "");
			return 2;
		}
		o->ninput_shapes++;
		return 0;
	}
	return -1;
}

static const char *
opt_value(const char *arg, const char *name, int *i, int argc, char **argv, bool *matched)
{
	size_t n = strlen(name);
	*matched = false;
	if (strncmp(arg, name, n) != 0)
		return NULL;
	if (arg[n] == '=') {
		*matched = true;
		return arg + n + 1;
	}
	if (arg[n] != 0)
		return NULL;
	*matched = true;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* -W CODE=allow|warn|error */
static bool
parse_warn_control(DriverOpts *o, const char *val)
{
	static const char *levels[] = {"allow", "warn", "error"};
	const char *eq = val ? strchr(val, '=') : NULL;
	if (!eq) {
		usage_error("-W takes CODE=allow|warn|error (or -Werror), not '%s'", val ? val : "");
		return false;
	}
	char code[16];
	size_t n = (size_t)(eq - val);
	DiagCode c;
	if (n >= sizeof code || (memcpy(code, val, n), code[n] = 0, !diag_code_lookup(code, &c))) {
		usage_error("-W '%s': no such diagnostic code (see --list-codes)", val);
		return false;
	}
	if (diag_code_severity(c) != SEV_WARNING) {
		usage_error("-W: %s is an error, not a warning: only warnings can be allowed or raised", code);
		return false;
	}
	for (int k = 0; k < 3; k++)
		if (strcmp(eq + 1, levels[k]) == 0) {
			o->warn_code[c] = (unsigned char)(DIAG_LEVEL_ALLOW + k);
			return true;
		}
	usage_error("-W CODE=LEVEL: LEVEL is allow, warn or error, not '%s'", eq + 1);
	return false;
}

/* MdfDseObjective's values (mdfc/explore.h), kept here as plain ints */
enum { MDF_DSE_THROUGHPUT_, MDF_DSE_ENERGY_, MDF_DSE_EDP_, MDF_DSE_PERF_PER_AREA_ };

/* --sweep, --per-layer, --dse, --area-budget, --power-budget, --shard,
   --merge (docs/explore.md).  Returns -1 to go on (*matched says whether
   it was one of them), 2 after a usage error. */
static int
parse_explore_opt(const char *a, int *i, int argc, char **argv, DriverOpts *o, bool *matched)
{
	const char *v;
	*matched = true;
	if (strcmp(a, "--per-layer") == 0) {
		o->per_layer = true;
		return -1;
	}
	if (strcmp(a, "--dse") == 0) {
		o->dse = true;
		return -1;
	}
	if (strcmp(a, "--merge") == 0) {
		o->merge = true;
		return -1;
	}
	if (strcmp(a, "--front-only") == 0) {
		o->front_only = true;
		return -1;
	}
	v = opt_value(a, "--sweep", i, argc, argv, matched);
	if (*matched) {
		if (!v || !*v) {
			usage_error("%s needs AXIS=VALUES", a);
			return 2;
		}
		o->sweeps[o->nsweeps++] = v;
		return -1;
	}
	static const char *budgets[] = {"--area-budget", "--power-budget"};
	for (int k = 0; k < 2; k++) {
		v = opt_value(a, budgets[k], i, argc, argv, matched);
		if (!*matched)
			continue;
		char *end = NULL;
		errno = 0;
		double d = v ? strtod(v, &end) : 0;
		if (!v || !*v || *end || errno || !(d > 0) || d > 1e300) {
			fprintf(stderr, "mdfc: error: %s takes a positive number, not '%s'\nTry 'mdfc --help'.\n",
				budgets[k], v ? v : "");
			return 2;
		}
		if (k == 0)
			o->area_budget = d;
		else
			o->power_budget = d;
		return -1;
	}
	v = opt_value(a, "--shard", i, argc, argv, matched);
	if (*matched) {
		unsigned long k = 0, n = 0;
		char *end = NULL;
		if (v && *v >= '0' && *v <= '9')
			k = strtoul(v, &end, 10);
		if (end && *end == '/' && end[1] >= '0' && end[1] <= '9')
			n = strtoul(end + 1, &end, 10);
		if (!end || *end || n < 1 || n > 1000000 || k < 1 || k > n) {
			usage_error("--shard takes K/N with 1 <= K <= N <= 1000000, not '%s'", v ? v : "");
			return 2;
		}
		o->shard_k = (uint32_t)k;
		o->shard_n = (uint32_t)n;
		return -1;
	}
	*matched = false;
	return -1;
}

static int
check_explore_opts(const DriverOpts *o)
{
	bool explore = o->nsweeps > 0 || o->dse;
	if ((o->per_layer || o->shard_n || o->area_budget > 0 || o->power_budget > 0) && !explore) {
		usage_error("%s", "--per-layer, --shard, --area-budget and --power-budget go with --sweep or --dse");
		return 2;
	}
	if (explore && (o->check || o->crosscheck ||
			(o->emit != EMIT_TABLE && o->emit != EMIT_CSV && o->emit != EMIT_JSON))) {
		usage_error("%s", "--sweep and --dse take --emit=csv or json; not --check or --crosscheck");
		return 2;
	}
	if (explore && o->time_limit > 0) {
		/* co-design (docs/explore.md): a time limit would make the rows
		   depend on the machine's speed */
		usage_error("%s", "--sweep and --dse with --search take --budget, not --time-limit");
		return 2;
	}
	if (o->front_only && !o->dse) {
		usage_error("%s", "--front-only goes with --dse");
		return 2;
	}
	if (o->dse && o->per_layer) {
		usage_error("%s", "--dse rates whole networks: it cannot be combined with --per-layer");
		return 2;
	}
	if (o->merge && (explore || o->search || o->check || o->crosscheck || o->ninputs < 1 ||
			 (o->emit != EMIT_TABLE && o->emit != EMIT_CSV && o->emit != EMIT_JSON))) {
		usage_error("%s", "--merge takes the shards' output files (and -o); no other mode");
		return 2;
	}
	if (explore && o->output && o->ninputs > 1) {
		usage_error("%s", "--sweep -o FILE writes one file: give one input");
		return 2;
	}
	return -1;
}

void
driver_free_args(DriverOpts *o)
{
	for (int i = 0; i < o->ndefines; i++)
		free((char *)o->defines[i].name);
	free(o->defines);
	free(o->includes);
	free(o->inputs);
	for (int i = 0; o->input_shapes && i < o->ninput_shapes; i++)
		free((char *)o->input_shapes[i].name);
	free(o->input_shapes);
	o->input_shapes = NULL;
	o->ninput_shapes = 0;
	free(o->sweeps);
	o->sweeps = NULL;
	o->defines = NULL;
	o->includes = NULL;
	o->inputs = NULL;
	o->ndefines = o->nincludes = o->ninputs = 0;
}

int
driver_parse_args(int argc, char **argv, DriverOpts *o)
{
	memset(o, 0, sizeof *o);
	o->color = -1;
	o->seed = 1;
	o->threads = 1;
	o->inputs = calloc((size_t)argc, sizeof *o->inputs);
	o->includes = calloc((size_t)argc, sizeof *o->includes);
	o->defines = calloc((size_t)argc, sizeof *o->defines);
	o->input_shapes = calloc((size_t)argc, sizeof *o->input_shapes);
	o->sweeps = calloc((size_t)argc, sizeof *o->sweeps);
	if (!o->inputs || !o->includes || !o->defines || !o->input_shapes || !o->sweeps) {
		fprintf(stderr, "mdfc: error: out of memory\n");
		return 2;
	}
	bool only_files = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		bool m;
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			o->inputs[o->ninputs++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_files = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			/* one buffer holds the whole text, so a write error is seen
			   (with its errno) by the final flush, not in the middle */
			static char help_buf[1 << 14];
			setvbuf(stdout, help_buf, _IOFBF, sizeof help_buf);
			fputs(usage_text, stdout);
			fputs(usage_explore, stdout);
			fputs(usage_text2, stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			printf("mdfc %s\n", MDFC_VERSION);
			return 0;
		}
		if (strcmp(a, "--list-codes") == 0) {
			list_codes();
			return 0;
		}
		if (strcmp(a, "--check") == 0) {
			o->check = true;
			continue;
		}
		if (strcmp(a, "--restrict-imports") == 0) {
			o->restrict_imports = true;
			continue;
		}
		if (strcmp(a, "--format") == 0 || strcmp(a, "-i") == 0 || strcmp(a, "--lsp") == 0) {
			if (a[2] == 'f')
				o->format = true;
			else if (a[1] == 'i')
				o->in_place = true;
			else
				o->lsp = true;
			continue;
		}
		if (strcmp(a, "--crosscheck") == 0) {
			o->crosscheck = true;
			continue;
		}
		v = opt_value(a, "--explain", &i, argc, argv, &m);
		if (m) {
			if (!v) {
				usage_error("%s needs a code", a);
				return 2;
			}
			return explain(v);
		}
		v = opt_value(a, "--emit", &i, argc, argv, &m);
		if (m) {
			static const char *kinds[] = {"table", "csv", "json", "ir", "ast", "c", "loops", "html"};
			enum { NKINDS = sizeof kinds / sizeof kinds[0] };
			int k;
			for (k = 0; k < NKINDS; k++)
				if (v && strcmp(v, kinds[k]) == 0)
					break;
			if (k == NKINDS) {
				usage_error("--emit takes table, csv, json, ir, ast, c, loops or html, not '%s'", v ? v : "");
				return 2;
			}
			o->emit = (EmitKind)k;
			continue;
		}
		int ir = parse_import_opt(a, &i, argc, argv, o);
		if (ir > 0)
			return ir;
		if (ir == 0)
			continue;
		v = opt_value(a, "--compat", &i, argc, argv, &m);
		if (m) {
			if (!v || strcmp(v, "maestro") != 0) {
				usage_error("--compat takes 'maestro', not '%s'", v ? v : "");
				return 2;
			}
			o->compat_maestro = true;
			continue;
		}
		v = opt_value(a, "--diagnostics-format", &i, argc, argv, &m);
		if (m) {
			o->diag_json = v && strcmp(v, "json") == 0;
			o->diag_short = v && strcmp(v, "short") == 0;
			if (!o->diag_json && !o->diag_short && (!v || strcmp(v, "text") != 0)) {
				usage_error("--diagnostics-format takes text, short or json, not '%s'", v ? v : "");
				return 2;
			}
			continue;
		}
		v = opt_value(a, "--color", &i, argc, argv, &m);
		if (m) {
			if (v && strcmp(v, "always") == 0) o->color = 1;
			else if (v && strcmp(v, "never") == 0) o->color = 0;
			else if (v && strcmp(v, "auto") == 0) o->color = -1;
			else {
				usage_error("--color takes auto, always or never, not '%s'", v ? v : "");
				return 2;
			}
			continue;
		}
		const struct { const char *flag, *missing; const char **dst; } strs[] = {
			{"--stdin-filename", "%s needs a name", &o->stdin_name}, {"--hw", "%s needs a file", &o->hw_file},
			{"--accel", "%s needs a name", &o->accel},
		};
		size_t si;
		for (si = 0; si < sizeof strs / sizeof *strs; si++) {
			v = opt_value(a, strs[si].flag, &i, argc, argv, &m);
			if (m)
				break;
		}
		if (m) {
			if (!v || !*v) {
				usage_error(strs[si].missing, a);
				return 2;
			}
			*strs[si].dst = v;
			continue;
		}
		v = opt_value(a, "--max-errors", &i, argc, argv, &m);
		if (m) {
			int64_t n;
			if (!parse_int(v, &n) || n < 0) {
				usage_error("--max-errors takes a count, not '%s'", v ? v : "");
				return 2;
			}
			o->max_errors = (size_t)n;
			continue;
		}
		v = opt_value(a, "--crosscheck-max-macs", &i, argc, argv, &m);
		if (m) {
			int64_t n;
			if (!parse_int(v, &n) || n < 0) {
				usage_error("--crosscheck-max-macs takes a count (0: no limit), not '%s'", v ? v : "");
				return 2;
			}
			o->crosscheck_max_macs = n;
			o->crosscheck_max_macs_set = true;
			continue;
		}
		if (strcmp(a, "--search") == 0) {
			o->search = true;
			continue;
		}
		v = opt_value(a, "--objective", &i, argc, argv, &m);
		if (m) {
			static const char *objs[] = {"runtime", "energy", "edp", "throughput", "perf-per-area"};
			/* the same objective for --dse (docs/explore.md): runtime is throughput */
			static const int dse_objs[] = {MDF_DSE_THROUGHPUT_, MDF_DSE_ENERGY_, MDF_DSE_EDP_,
						       MDF_DSE_THROUGHPUT_, MDF_DSE_PERF_PER_AREA_};
			int k;
			for (k = 0; k < 5 && !(v && strcmp(v, objs[k]) == 0); k++)
				;
			if (k == 5) {
				usage_error("--objective takes runtime, energy, edp, throughput or perf-per-area, not '%s'",
					    v ? v : "");
				return 2;
			}
			o->objective = k;
			o->dse_objective = dse_objs[k];
			continue;
		}
		static const struct { const char *flag; int64_t min, max; } counts[] = {
			{"--budget", 1, INT64_MAX / 64}, {"--threads", 1, 256},
			{"--seed", 0, INT64_MAX}, {"--time-limit", 1, 1000000000},
		};
		bool count_matched = false;
		for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
			v = opt_value(a, counts[k].flag, &i, argc, argv, &m);
			if (!m)
				continue;
			int64_t n;
			if (!parse_int(v, &n) || n < counts[k].min || n > counts[k].max) {
				fprintf(stderr, "mdfc: error: %s takes an integer from %lld to %lld, not '%s'\n"
					"Try 'mdfc --help'.\n", counts[k].flag, (long long)counts[k].min,
					(long long)counts[k].max, v ? v : "");
				return 2;
			}
			if (k == 0) o->budget = n;
			else if (k == 1) o->threads = (int)n;
			else if (k == 2) o->seed = (uint64_t)n;
			else o->time_limit = (double)n;
			count_matched = true;
			break;
		}
		if (count_matched)
			continue;
		v = opt_value(a, "--crosscheck-timeout", &i, argc, argv, &m);
		if (m) {
			int64_t n;
			if (!parse_int(v, &n) || n < 1 || n > 86400) {
				usage_error("--crosscheck-timeout takes seconds (1 to 86400), not '%s'", v ? v : "");
				return 2;
			}
			o->crosscheck_timeout = (int)n;
			continue;
		}
		if (parse_explore_opt(a, &i, argc, argv, o, &m) != -1)
			return 2;
		if (m)
			continue;
		bool hw_matched = false;
		for (size_t k = 0; k < sizeof hw_flags / sizeof *hw_flags; k++) {
			char name[32];
			snprintf(name, sizeof name, "--%s", hw_flags[k].name);
			v = opt_value(a, name, &i, argc, argv, &m);
			if (!m)
				continue;
			int64_t n;
			if (!parse_int(v, &n) || n < hw_flags[k].min) {
				fprintf(stderr, "mdfc: error: %s takes an integer >= %lld, not '%s'\nTry 'mdfc --help'.\n",
					name, (long long)hw_flags[k].min, v ? v : "");
				return 2;
			}
			o->hw_val[hw_flags[k].field] = n;
			o->hw_set |= 1u << hw_flags[k].field;
			hw_matched = true;
			break;
		}
		if (hw_matched)
			continue;
		if (strcmp(a, "-w") == 0 || strcmp(a, "-Werror") == 0) {
			o->warn_all = a[1] == 'w' ? DIAG_LEVEL_ALLOW : DIAG_LEVEL_ERROR;
			continue;
		}
		if (strncmp(a, "-W", 2) == 0) {
			const char *val = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
			if (!parse_warn_control(o, val))
				return 2;
			continue;
		}
		if (strncmp(a, "-D", 2) == 0 || strncmp(a, "-I", 2) == 0 || strcmp(a, "-o") == 0) {
			char flag = a[1];
			const char *val = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val || !*val) {
				usage_error("%s needs a value", a);
				return 2;
			}
			if (flag == 'I') {
				o->includes[o->nincludes++] = val;
			} else if (flag == 'o') {
				o->output = val;
			} else {
				const char *eq = strchr(val, '=');
				if (!eq || eq == val) {
					usage_error("-D takes NAME=VALUE, not '%s'", val);
					return 2;
				}
				char *name = strndup(val, (size_t)(eq - val));
				if (!name) {
					fprintf(stderr, "mdfc: error: out of memory\n");
					return 2;
				}
				o->defines[o->ndefines].name = name;
				o->defines[o->ndefines].value = eq + 1;
				o->ndefines++;
			}
			continue;
		}
		usage_error("unknown option '%s'", a);
		return 2;
	}
	for (int c = 0; c < DIAG__COUNT; c++)
		o->diag_levels[c] = o->warn_code[c] ? o->warn_code[c] : o->warn_all;
	if (o->lsp) {
		if (o->ninputs || o->format || o->check || o->emit != EMIT_TABLE || o->crosscheck) {
			usage_error("%s", "--lsp takes no FILE and no mode option: the editor sends the files");
			return 2;
		}
		return -1;
	}
	if (o->in_place && !o->format) {
		usage_error("%s", "-i only goes with --format");
		return 2;
	}
	if (o->format) {
		if (o->emit != EMIT_TABLE || o->crosscheck || o->output) {
			usage_error("%s", "--format cannot be combined with --emit, --crosscheck or -o");
			return 2;
		}
		if (o->in_place && o->check) {
			usage_error("%s", "--format takes -i or --check, not both");
			return 2;
		}
		for (int k = 0; o->in_place && k < o->ninputs; k++)
			if (strcmp(o->inputs[k], "-") == 0) {
				usage_error("%s", "--format -i cannot rewrite standard input");
				return 2;
			}
	}
	if (o->ninputs == 0) {
		usage_error("%s", "no input file");
		return 2;
	}
	if (o->import_onnx) {
		if (o->ninputs != 1) {
			usage_error("%s", "--import=onnx reads one model file");
			return 2;
		}
		if (o->check || o->crosscheck || o->search || o->emit != EMIT_TABLE || o->hw_file || o->accel ||
		    o->hw_set || o->ndefines || o->compat_maestro) {
			usage_error("%s", "--import=onnx only writes the .mdf network: compile that file to check, "
				    "cost or cross-check it");
			return 2;
		}
	} else if (o->import_dataflow || o->import_accel || o->ninput_shapes) {
		usage_error("%s", "--dataflow, --accelerator and --input-shape go with --import=onnx");
		return 2;
	}
	if (o->check && o->output) {
		usage_error("%s", "--check writes no output; it cannot be combined with -o");
		return 2;
	}
	if (o->search && (o->check || o->crosscheck || o->emit == EMIT_IR || o->emit == EMIT_AST ||
			  o->emit == EMIT_C || o->emit == EMIT_LOOPS)) {
		usage_error("%s", "--search takes --emit=table, csv or json; not --check, --crosscheck or other --emit kinds");
		return 2;
	}
	if (o->search && o->objective > 2 && !o->dse) {
		usage_error("%s", "--search takes --objective=runtime, energy or edp (with --dse also throughput or "
			    "perf-per-area)");
		return 2;
	}
	if (check_explore_opts(o) != -1)
		return 2;
	if (o->search && o->output && o->ninputs > 1) {
		usage_error("%s", "--search -o FILE writes one file: give one input");
		return 2;
	}
	if (o->check && (o->crosscheck || o->emit != EMIT_TABLE)) {
		if (o->emit != EMIT_TABLE) {
			usage_error("%s", "--check runs no backend; it cannot be combined with --emit");
			return 2;
		}
		usage_error("%s", "--check cannot be combined with --crosscheck");
		return 2;
	}
	return -1;
}
