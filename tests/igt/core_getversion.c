// SPDX-License-Identifier: MIT
/*
 * core_getversion: DRM_IOCTL_VERSION (drmGetVersion) reports a driver
 * name, date and description on the first device and on every DRM device.
 */
#include <unistd.h>

#include "kms.h"

static void check_version(int fd, int index)
{
	drmVersionPtr v = drmGetVersion(fd);

	igt_assert(v);
	igt_assert_neq(strlen(v->name), 0);
	igt_assert_neq(strlen(v->date), 0);
	igt_assert_neq(strlen(v->desc), 0);
	igt_info("%d: %s v%d.%d %s %s", index, v->name, v->version_major,
		 v->version_minor, v->date, v->desc);
	drmFreeVersion(v);
}

static void basic(void)
{
	int fd = drm_open();

	check_version(fd, 0);
	close(fd);
}

static void all_cards(void)
{
	int i, fd;

	for (i = 0; i < 16; i++) {
		fd = drm_open_index(i);
		if (fd < 0)
			break;
		check_version(fd, i);
		close(fd);
	}
	igt_assert_f(i > 0, "no DRM card could be opened");
}

IGT_MAIN(NULL,
	{ "basic", basic },
	{ "all-cards", all_cards },
)
