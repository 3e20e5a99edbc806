// SPDX-License-Identifier: MIT
/*
 * vgh-drm-info: print what DRM_IOCTL_VERSION reports for a DRM node.
 *
 *   vgh-drm-info /dev/dri/card0
 *   name=virtio_gpu
 *   desc=...
 *   version=0.1.0
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <drm/drm.h>

#include "vgh.h"

int main(int argc, char **argv)
{
	char name[64] = "", desc[256] = "", date[64] = "";
	struct drm_version v;
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/dri/cardN\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memset(&v, 0, sizeof(v));
	v.name = name;
	v.name_len = sizeof(name) - 1;
	v.desc = desc;
	v.desc_len = sizeof(desc) - 1;
	v.date = date;
	v.date_len = sizeof(date) - 1;
	ret = vgh_ioctl(fd, DRM_IOCTL_VERSION, &v);
	if (ret) {
		fprintf(stderr, "DRM_IOCTL_VERSION: %s\n", strerror(-ret));
		close(fd);
		return 1;
	}
	printf("name=%s\ndesc=%s\nversion=%d.%d.%d\n", name, desc,
	       v.version_major, v.version_minor, v.version_patchlevel);
	close(fd);
	return 0;
}
