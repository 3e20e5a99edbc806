// SPDX-License-Identifier: MIT
/*
 * Reading every file below a directory; see readall.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kms.h"
#include "readall.h"

/* more than any debugfs or sysfs file of a DRM device should hold */
#define READ_CAP (64u << 20)

int drm_debugfs_dir(int fd, char *path, size_t len)
{
	char name[PATH_MAX];
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	snprintf(path, len, "/sys/kernel/debug/dri/%u", minor(st.st_rdev));
	snprintf(name, sizeof(name), "%s/name", path);
	return access(name, F_OK) ? -errno : 0;
}

int drm_sysfs_dir(int fd, char *path, size_t len)
{
	char link[64], real[PATH_MAX];
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	if (!realpath(link, real))
		return -errno;
	snprintf(path, len, "%s", real);
	return 0;
}

const struct read_allowed *drm_debugfs_allowed(int fd)
{
	static const char *const files[] = { "output_bpc", "vrr_range" };
	static struct read_allowed list[2 * MAX_CONNECTORS + 1];
	static char names[2 * MAX_CONNECTORS][64];
	drmModeRes *res = drmModeGetResources(fd);
	int i, j, n = 0;

	memset(list, 0, sizeof(list));
	for (i = 0; res && i < res->count_connectors && n < 2 * MAX_CONNECTORS; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);
		char name[32];

		if (c && c->connection != DRM_MODE_CONNECTED) {
			kms_output_name(c, name, sizeof(name));
			for (j = 0; j < 2; j++, n++) {
				snprintf(names[n], sizeof(names[n]), "%s/%s", name, files[j]);
				list[n].suffix = names[n];
				list[n].err = ENODEV;
				list[n].why = "DRM core answers for a connector that is not connected";
			}
		}
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	return list;
}

static const struct read_allowed *allowed_for(const struct read_allowed *allowed,
					      const char *rel, int err)
{
	size_t n = strlen(rel);

	for (; allowed && allowed->suffix; allowed++) {
		size_t s = strlen(allowed->suffix);

		if (allowed->err == err && s <= n && !strcmp(rel + n - s, allowed->suffix) &&
		    (s == n || rel[n - s - 1] == '/'))
			return allowed;
	}
	return NULL;
}

/* 0, or the errno of the open or of a read */
static int read_whole(const char *path, size_t *bytes, const char **what)
{
	static char buf[4096];
	ssize_t n;
	int fd;

	*bytes = 0;
	*what = "open";
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	*what = "read";
	do {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			close(fd);
			return err;
		}
		*bytes += n;
	} while (n > 0 && *bytes < READ_CAP);
	close(fd);
	return 0;
}

struct walk {
	const char *root;
	const struct read_allowed *allowed;
	int files, skipped;
	size_t bytes;
};

static void walk_dir(struct walk *w, const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	igt_assert_f(d, "opendir %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		const struct read_allowed *ok;
		char path[PATH_MAX];
		const char *rel, *what;
		struct stat st;
		size_t bytes;
		int err;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rel = path + strlen(w->root) + 1;
		igt_assert_f(lstat(path, &st) == 0, "lstat %s: %s", path, strerror(errno));
		if (S_ISDIR(st.st_mode)) {
			walk_dir(w, path);
			continue;
		}
		if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			igt_info("not read: %s (a link to a directory)", rel);
			w->skipped++;
			continue;
		}
		if (!(st.st_mode & (S_IRUSR | S_IRGRP | S_IROTH))) {
			igt_info("not read: %s (mode %03o, no one may read it)", rel,
				 st.st_mode & 0777);
			w->skipped++;
			continue;
		}
		err = read_whole(path, &bytes, &what);
		if (err) {
			ok = allowed_for(w->allowed, rel, err);
			if (!ok)
				igt_fail("%s of %s failed: %d (%s)", what, path, err,
					 strerror(err));
			igt_info("%s: %s, as %s", rel, strerror(err), ok->why);
		}
		w->files++;
		w->bytes += bytes;
	}
	closedir(d);
}

int read_all_files(const char *root, const struct read_allowed *allowed)
{
	struct walk w = { .root = root, .allowed = allowed };

	walk_dir(&w, root);
	igt_info("%s: read %d files, %zu bytes; %d entries not files to read", root,
		 w.files, w.bytes, w.skipped);
	return w.files;
}
