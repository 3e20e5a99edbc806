/* SPDX-License-Identifier: MIT */
/*
 * Reading every file below a directory, as IGT's core_debugfs,
 * kms_debugfs and core_sysfs do with the device's debugfs and sysfs
 * directories.
 */
#ifndef VGH_IGT_READALL_H
#define VGH_IGT_READALL_H

#include <stddef.h>

/*
 * A read that the kernel's documented ABI lets fail: a file whose path
 * (relative to the directory walked) ends in @suffix may fail with @err.
 */
struct read_allowed {
	const char *suffix;
	int err;
	const char *why;
};

/* The device's debugfs directory (dri/<minor>), or -errno. */
int drm_debugfs_dir(int fd, char *path, size_t len);
/* The device's sysfs directory (its /sys/dev/char link resolved), or -errno. */
int drm_sysfs_dir(int fd, char *path, size_t len);

/*
 * The reads of the device's debugfs directory that DRM core fails on
 * purpose, as a NULL-terminated list: output_bpc and vrr_range of a
 * connector that is not connected (ENODEV).
 */
const struct read_allowed *drm_debugfs_allowed(int fd);

/*
 * read_all_files: every entry below root, directories walked without
 * following links, each file read to its end. A file that cannot be
 * opened or read fails the subtest unless allowed (a NULL-terminated
 * list, may be NULL) lets it. Files no one may read (no read bit in
 * their mode) and links to directories are not files to read; they are
 * listed. Returns the number of files read.
 */
int read_all_files(const char *root, const struct read_allowed *allowed);

#endif
