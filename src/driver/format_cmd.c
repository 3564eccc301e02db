/*
** format_cmd.c: the driver of `mdfc --format` (print, -i, --check).
** The layout itself is the library's (src/fmt/format.c).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mdfc/mdfc.h"
#include "mdfc/outfile.h"
#include "mdfc/render.h"
#include "driver_cmds.h"

int
run_format(const DriverOpts *o, const MdfOptions *mo)
{
	int status = 0;
	for (int i = 0; i < o->ninputs; i++) {
		const char *input = o->inputs[i];
		MdfCtx *ctx = mdf_ctx_new(mo);
		if (!ctx) {
			fprintf(stderr, "mdfc: error: out of memory\n");
			return 3;
		}
		bool in = strcmp(input, "-") == 0;
		const char *name = in ? (o->stdin_name ? o->stdin_name : "<stdin>") : input;
		uint32_t file = in ? mdf_ctx_read_stream(ctx, name, name, stdin, span_none())
				   : mdf_ctx_read_file(ctx, name, input, span_none());
		MdfBuf out = {0}, diags = {0};
		int s = 0;
		if (file == SPAN_NOFILE) {
			s = 2;
		} else if (!mdf_format(ctx, file, &out)) {
			s = out.oom ? 3 : 1;
		} else {
			const Source *src = &ctx->sources[file];
			bool same = out.len == src->len && memcmp(out.data ? out.data : "", src->text, src->len) == 0;
			if (o->check) {
				if (!same) {
					printf("%s\n", name);
					s = 1;
				}
			} else if (o->in_place) {
				/* atomically: a failed write leaves the file as it was */
				int err = same ? 0 : mdf_write_file_atomic(input, out.data ? out.data : "", out.len);
				if (err) {
					fprintf(stderr, "mdfc: error: cannot rewrite '%s': %s (the file is unchanged)\n",
						input, strerror(err));
					s = 2;
				}
			} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
				s = 2;
			}
		}
		if (ctx->diags.n) {
			if (o->diag_short)
				mdf_render_short(ctx, &diags);
			else
				mdf_render_text(ctx, &diags, false);
			fputs(diags.data ? diags.data : "", stderr);
		}
		buf_free(&diags);
		buf_free(&out);
		mdf_ctx_free(ctx);
		if (s > status)
			status = s;
	}
	if (fflush(stdout) != 0 && status < 2) {
		fprintf(stderr, "mdfc: error: cannot write to standard output\n");
		status = 2;
	}
	return status;
}
