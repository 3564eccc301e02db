/*
** outfile.c: atomic output files (see mdfc/outfile.h for the contract).
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "mdfc/outfile.h"

/* The file a path finally names: a symbolic link is followed so that the
   file it points to is replaced, not the link.  A path that does not exist
   (yet) is kept as given. */
static char *
resolve_target(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *r = realpath(path, NULL);
		if (r)
			return r;
	}
	return strdup(path);
}

/* A new file beside `target`: "DIR/.NAME.mdfc-PID-N.tmp", created with
   O_EXCL (never an existing file) and mode 0666 so the umask applies as for
   any new file.  Returns the descriptor, or -1 with errno set. */
static int
create_temp(const char *target, char **tmp_out)
{
	const char *slash = strrchr(target, '/');
	size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	const char *base = slash ? slash + 1 : target;
	size_t cap = strlen(target) + 64;
	char *tmp = malloc(cap);
	struct timespec ts;
	if (!tmp)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)(uintptr_t)tmp;
	for (int attempt = 0; attempt < 100; attempt++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		snprintf(tmp, cap, "%.*s.%s.mdfc-%ld-%08llx.tmp", (int)dirlen, target, base,
			 (long)getpid(), (unsigned long long)(seed >> 32));
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp_out = tmp;
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	free(tmp);
	errno = e;
	return -1;
}

int
mdf_out_open(MdfOutFile *o, const char *path)
{
	struct stat st;
	int fd;
	memset(o, 0, sizeof *o);
	o->target = resolve_target(path);
	if (!o->target)
		return ENOMEM;
	if (stat(o->target, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a device, FIFO or terminal: it cannot be replaced, only written */
		if (S_ISDIR(st.st_mode)) {
			mdf_out_abort(o);
			return EISDIR;
		}
		o->f = fopen(o->target, "w");
	} else {
		fd = create_temp(o->target, &o->tmp);
		if (fd < 0) {
			int e = errno;
			mdf_out_abort(o);
			return e;
		}
		if (stat(o->target, &st) == 0)
			(void)fchmod(fd, st.st_mode & 07777);   /* a replaced file keeps its mode */
		o->f = fdopen(fd, "w");
		if (!o->f)
			close(fd);
	}
	if (!o->f) {
		int e = errno ? errno : EIO;
		mdf_out_abort(o);
		return e;
	}
	return 0;
}

void
mdf_out_write(MdfOutFile *o, const void *data, size_t len)
{
	if (!o->f || o->err || len == 0)
		return;
	errno = 0;
	if (fwrite(data, 1, len, o->f) != len)
		o->err = errno ? errno : EIO;
}

int
mdf_out_commit(MdfOutFile *o)
{
	int e = o->err;
	if (!o->f)
		e = e ? e : EBADF;
	else {
		errno = 0;
		if (fflush(o->f) != 0 && !e)
			e = errno ? errno : EIO;
		if (o->tmp && !e && fsync(fileno(o->f)) != 0 && errno != EINVAL)
			e = errno;
		errno = 0;
		if (fclose(o->f) != 0 && !e)
			e = errno ? errno : EIO;
		o->f = NULL;
	}
	if (!e && o->tmp && rename(o->tmp, o->target) != 0)
		e = errno;
	if (e) {
		mdf_out_abort(o);
		return e;
	}
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	return 0;
}

void
mdf_out_abort(MdfOutFile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	o->f = NULL;
	o->tmp = o->target = NULL;
}

int
mdf_write_file_atomic(const char *path, const void *data, size_t len)
{
	MdfOutFile o;
	int e = mdf_out_open(&o, path);
	if (e)
		return e;
	mdf_out_write(&o, data, len);
	return mdf_out_commit(&o);
}
