// SPDX-License-Identifier: MIT
/*
 * core_debugfs: every file of the device's debugfs directory
 * (/sys/kernel/debug/dri/<minor>) can be read, to its end, with the
 * device open as master. IGT reads each file once and stops quietly at
 * the first that fails, leaving failures to show as kernel warnings; here
 * a file that cannot be read fails the subtest too, but for the error DRM
 * core gives on purpose (output_bpc and vrr_range of a connector that
 * is not connected: ENODEV).
 */
#include <limits.h>
#include <unistd.h>

#include "kms.h"
#include "readall.h"

static int fd;
static char dir[PATH_MAX];

static void setup(void)
{
	fd = drm_open_master();
	igt_require_f(drm_debugfs_dir(fd, dir, sizeof(dir)) == 0,
		      "no debugfs directory for the device (%s)", dir);
}

static void read_all_entries(void)
{
	igt_assert_lt(0, read_all_files(dir, drm_debugfs_allowed(fd)));
}

IGT_MAIN(setup,
	{ "read-all-entries", read_all_entries },
)
