// SPDX-License-Identifier: MIT
/*
 * core_sysfs: every attribute of the device's sysfs directory (the DRM
 * card, its connectors and power attributes) can be read, with the
 * device open as master. IGT reads each file once and stops quietly at
 * the first that fails; here a file that cannot be read fails the
 * subtest, unless the kernel's ABI documents the error (power/
 * autosuspend_delay_ms of a device without autosuspend: EIO).
 */
#include <limits.h>
#include <unistd.h>

#include "kms.h"
#include "readall.h"

static int fd;
static char dir[PATH_MAX];

static const struct read_allowed allowed[] = {
	{ "power/autosuspend_delay_ms", EIO,
	  "Documentation/ABI/testing/sysfs-devices-power says for a device without autosuspend" },
	{ NULL, 0, NULL },
};

static void setup(void)
{
	int ret;

	fd = drm_open_master();
	ret = drm_sysfs_dir(fd, dir, sizeof(dir));
	igt_require_f(ret == 0, "no sysfs directory for the device: %s", strerror(-ret));
}

static void read_all_entries(void)
{
	igt_assert_lt(0, read_all_files(dir, allowed));
}

IGT_MAIN(setup,
	{ "read-all-entries", read_all_entries },
)
