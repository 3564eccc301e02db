/*
** options.h: the command line of mdfc.
*/
#ifndef MDFC_DRIVER_OPTIONS_H
#define MDFC_DRIVER_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include "mdfc/ctx.h"
#include "mdfc/ir.h"
#include "mdfc/onnx.h"

typedef enum EmitKind {
	EMIT_TABLE, EMIT_CSV, EMIT_JSON, EMIT_IR, EMIT_AST, EMIT_C,
	EMIT_LOOPS,     /* readable loop nests (docs/loop-nest.md §7) */
	EMIT_HTML,      /* the self-contained report (docs/report.md) */
} EmitKind;

/* --crosscheck-max-macs default: the executed nest costs about 30 ns per
   MAC (a 7.4e9-MAC layer ran 273 s), so a layer past this would run for
   seconds; docs/cli.md. */
#define DRIVER_CROSSCHECK_MAX_MACS 200000000

typedef struct DriverOpts {
	const char **inputs;
	int ninputs;
	bool check;
	EmitKind emit;
	const char *output;             /* -o */
	const char *hw_file;            /* --hw */
	const char *accel;              /* --accel */
	int64_t hw_val[HW__COUNT];      /* command-line hardware overrides */
	uint32_t hw_set;                /* bit HW_x: given on the command line */
	bool compat_maestro;
	bool restrict_imports;          /* --restrict-imports */
	bool crosscheck;
	int64_t crosscheck_max_macs;    /* 0 = no limit (given, or not given with --emit=c) */
	bool crosscheck_max_macs_set;   /* not given: DRIVER_CROSSCHECK_MAX_MACS for --crosscheck */
	int crosscheck_timeout;         /* seconds for the compiler and for the program; 0 = library default */
	bool diag_json;
	const char *stdin_name;
	size_t max_errors;
	const char **includes;
	int nincludes;
	MdfDefine *defines;
	int ndefines;
	int color;                      /* -1 auto, 0 never, 1 always */
	/* --search (docs/search.md) */
	bool search;
	int objective;                  /* MdfObjective */
	int64_t budget;                 /* 0: default */
	int threads;
	uint64_t seed;
	double time_limit;              /* seconds, 0: none */
	bool diag_short;                /* --diagnostics-format=short */
	bool format;                    /* --format */
	bool in_place;                  /* --format -i */
	bool lsp;                       /* --lsp */
	/* Warning controls: -w / -Werror set every warning's level; -W CODE=LEVEL
	   one code's, which wins over -w and -Werror whatever the order. */
	unsigned char warn_all;                 /* DiagLevel */
	unsigned char warn_code[DIAG__COUNT];   /* DiagLevel, DEFAULT = not given */
	unsigned char diag_levels[DIAG__COUNT]; /* resolved: for MdfOptions */
	bool import_onnx;               /* --import=onnx (src/driver/import.c) */
	const char *import_dataflow;    /* --dataflow */
	const char *import_accel;       /* --accelerator */
	MdfOnnxShape *input_shapes;     /* --input-shape */
	int ninput_shapes;
	/* --sweep, --dse, --shard, --merge (docs/explore.md) */
	const char **sweeps;
	int nsweeps;
	bool per_layer;
	bool dse;
	int dse_objective;              /* MdfDseObjective */
	double area_budget, power_budget;       /* 0: none */
	uint32_t shard_k, shard_n;
	bool merge;
	bool front_only;
} DriverOpts;

/* Parses argv.  Returns -1 to continue, or an exit status (0 for --help,
   --version, --list-codes, --explain; 2 for a usage error, already printed). */
int driver_parse_args(int argc, char **argv, DriverOpts *o);
/* Releases what driver_parse_args allocated (also after it failed). */
void driver_free_args(DriverOpts *o);
/* mdfc --import=onnx: returns the exit status (src/driver/import.c). */
int driver_import(const DriverOpts *o, bool color);

#endif
