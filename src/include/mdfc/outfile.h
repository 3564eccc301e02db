/*
** outfile.h: writing an output file without ever losing the old one.
**
** Every file mdfc writes (-o of any mode, and any later "write the result
** to FILE" feature) goes through here: the bytes go to a temporary file in
** the target's own folder (so the rename cannot cross file systems) and the
** temporary is renamed over the target only when everything was written,
** flushed and closed.  On any failure, or when the caller abandons the
** output (the compilation failed), the temporary is removed and the old
** file is left byte for byte as it was.
**
** Targets that are not regular files (/dev/null, /dev/stdout, a FIFO, a
** terminal) cannot be replaced by a rename; they are opened and written
** directly.  A symbolic link is followed: the file it points to is
** replaced, the link stays.  A new file gets mode 0666 minus the umask, a
** replaced file keeps its mode.  See docs/reliability.md, "Outputs".
**
** Library code: nothing here prints; failures return an errno value, which
** the caller reports (strerror) with the file's name.
*/
#ifndef MDFC_OUTFILE_H
#define MDFC_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct MdfOutFile {
	FILE *f;            /* write here (fwrite, fputs, ...) between open and commit */
	char *target;       /* the file that will be replaced (symlinks resolved); malloc'd */
	char *tmp;          /* the temporary beside it; NULL when writing directly */
	int err;            /* first errno seen by mdf_out_write (0: none) */
} MdfOutFile;

/* Start writing `path`.  Returns 0, or an errno value (o->f is then NULL):
   e.g. the folder does not exist or is not writable (no temporary file can
   be created there). */
int mdf_out_open(MdfOutFile *o, const char *path);
/* Append bytes; errors are remembered in o->err and reported by commit. */
void mdf_out_write(MdfOutFile *o, const void *data, size_t len);
/* Flush, close and rename into place.  Returns 0, or an errno value (the
   old file is then intact and the temporary removed). */
int mdf_out_commit(MdfOutFile *o);
/* Give up: close and remove the temporary; the old file stays as it was. */
void mdf_out_abort(MdfOutFile *o);

/* The whole of a buffer into `path`, atomically.  Returns 0 or an errno. */
int mdf_write_file_atomic(const char *path, const void *data, size_t len);

#endif
