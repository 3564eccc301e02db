/*
** import.c: mdfc --import=onnx MODEL [-o NET.mdf] (docs/onnx.md): read the
** model, run the importer, print its diagnostics, and write the .mdf text
** only when the import succeeded, through mdf_write_file_atomic (an
** existing -o file is otherwise left as it was).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "mdfc/mdfc.h"
#include "mdfc/outfile.h"
#include "mdfc/render.h"
#include "options.h"
#ifdef MDFC_HAVE_ONNX
#include "mdfc/onnx.h"
#endif

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* ONNX models carry their weights: a larger limit than for .mdf text, and
   protobuf's own 2 GiB ceiling. */
#define IMPORT_MAX_BYTES ((size_t)2047 * 1024 * 1024)

#ifdef MDFC_HAVE_ONNX
/* True when -o names the model itself: writing would destroy the input. */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
#endif

int
driver_import(const DriverOpts *o, bool color)
{
#ifndef MDFC_HAVE_ONNX
	(void)color;
	fprintf(stderr, "mdfc: error: this mdfc was built without the ONNX importer (it needs protobuf-c and "
		"onnx.proto: Debian's libprotobuf-c-dev, protobuf-c-compiler, libonnx-dev; see docs/onnx.md)\n");
	(void)o;
	return EXIT_USAGE;
#else
	MdfOptions mo;
	memset(&mo, 0, sizeof mo);
	mo.max_errors = o->max_errors;
	mo.limits.max_file_bytes = IMPORT_MAX_BYTES;
	MdfCtx *ctx = mdf_ctx_new(&mo);
	if (!ctx) {
		fprintf(stderr, "mdfc: error: out of memory\n");
		return EXIT_INTERNAL;
	}
	const char *input = o->inputs[0];
	if (o->output && strcmp(input, "-") != 0 && same_file(input, o->output)) {
		fprintf(stderr, "mdfc: error: -o '%s' names the model being imported; choose another output file\n",
			o->output);
		mdf_ctx_free(ctx);
		return EXIT_USAGE;
	}
	uint32_t file;
	if (strcmp(input, "-") == 0)
		file = mdf_ctx_read_stream(ctx, o->stdin_name ? o->stdin_name : "<stdin>", "<stdin>", stdin, span_none());
	else
		file = mdf_ctx_read_file(ctx, input, input, span_none());
	int status = EXIT_OK;
	MdfBuf out = {0};
	if (file == SPAN_NOFILE) {
		status = EXIT_USAGE;
	} else {
		MdfOnnxOptions io;
		memset(&io, 0, sizeof io);
		io.dataflow = o->import_dataflow;
		io.accelerator = o->import_accel;
		io.shapes = o->input_shapes;
		io.nshapes = (uint32_t)o->ninput_shapes;
		if (!mdf_onnx_import(ctx, file, &io, &out))
			status = EXIT_INPUT;
	}
	if (mdf_ctx_failed(ctx) && status == EXIT_OK)
		status = EXIT_INPUT;
	MdfBuf diags = {0};
	if (o->diag_json && file != SPAN_NOFILE)
		mdf_render_json(ctx, file, &diags);
	else
		mdf_render_text(ctx, &diags, color);
	fputs(diags.data ? diags.data : "", stderr);
	if (status == EXIT_OK && (out.oom || diags.oom)) {
		fprintf(stderr, "mdfc: error: out of memory\n");
		status = EXIT_INTERNAL;
	}
	if (status == EXIT_OK) {
		if (o->output) {
			int e = mdf_write_file_atomic(o->output, out.data ? out.data : "", out.len);
			if (e) {
				fprintf(stderr, "mdfc: error: cannot write '%s': %s\n", o->output, strerror(e));
				status = EXIT_USAGE;
			}
		} else if ((out.len && fwrite(out.data, 1, out.len, stdout) != out.len) || fflush(stdout) != 0) {
			fprintf(stderr, "mdfc: error: cannot write to standard output\n");
			status = EXIT_USAGE;
		}
	}
	buf_free(&diags);
	buf_free(&out);
	mdf_ctx_free(ctx);
	return status;
#endif
}
