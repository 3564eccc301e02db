/*
** lsp_cmd.c: the driver of `mdfc --lsp`: reads the client's bytes from
** standard input as they come, hands them to the server core (src/lsp/)
** and writes its answers to standard output.  Standard error stays free
** for the editor's log.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mdfc/lsp.h"
#include "mdfc/render.h"
#include "driver_cmds.h"

static bool
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* The docs/errors pages as a file:// folder URI: installed beside the
   binary (PREFIX/share/doc/mdfc/errors), else the source tree's. */
static void
docs_uri(MdfBuf *out)
{
	char exe[PATH_MAX], dir[PATH_MAX + 64];
	struct stat st;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			snprintf(dir, sizeof dir, "%s/../share/doc/mdfc/errors", exe);
			char *canon = realpath(dir, NULL);
			if (canon && stat(canon, &st) == 0 && S_ISDIR(st.st_mode)) {
				mdf_path_uri(canon, out);
				buf_putc(out, '/');
				free(canon);
				return;
			}
			free(canon);
		}
	}
	mdf_path_uri(MDFC_SOURCE_DOCS_DIR "/errors", out);
	buf_putc(out, '/');
}

int
run_lsp(const DriverOpts *o, const MdfOptions *mo)
{
	(void)o;
	/* an editor opens files it has no reason to trust: imports only from
	   the document's folder, the -I folders and the stdlib, MDF_PATH not
	   consulted (what --restrict-imports does; docs/editors.md) */
	MdfOptions ro = *mo;
	ro.restrict_imports = true;
	ro.use_env_path = false;
	MdfBuf uri = {0};
	docs_uri(&uri);
	MdfLsp *s = mdf_lsp_new(&ro, uri.data);
	buf_free(&uri);
	if (!s) {
		fprintf(stderr, "mdfc: error: out of memory\n");
		return 3;
	}
	char buf[65536];
	MdfBuf out = {0};
	bool more = true;
	while (more) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;          /* end of input: the client went away */
		more = mdf_lsp_feed(s, buf, (size_t)n, &out);
		if (out.len && !write_all(STDOUT_FILENO, out.data, out.len))
			break;
		buf_reset(&out);
	}
	int status = mdf_lsp_status(s);
	buf_free(&out);
	mdf_lsp_free(s);
	return status;
}
