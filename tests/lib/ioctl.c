// SPDX-License-Identifier: MIT
/*
 * The one ioctl wrapper of the test programs; see vgh.h.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "vgh.h"

int vgh_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	for (;;) {
		ret = ioctl(fd, request, arg);
		if (ret >= 0)
			return ret;
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
	}
}
