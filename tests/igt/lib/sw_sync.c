// SPDX-License-Identifier: MIT
/*
 * sw_sync timelines and sync-file helpers for the IGT-style tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/sync_file.h>

#include "igt.h"
#include "sw_sync.h"

/* the sw_sync timeline's ioctls (drivers/dma-buf/sw_sync.c) */
struct sw_sync_create_fence {
	uint32_t value;
	char name[32];
	int32_t fence;
};
#define SW_SYNC_CREATE_FENCE _IOWR('W', 0, struct sw_sync_create_fence)
#define SW_SYNC_INC _IOW('W', 1, uint32_t)

/* where a kernel with CONFIG_SW_SYNC offers timelines */
static const char *const sw_sync_paths[] = {
	"/dev/sw_sync",
	"/sys/kernel/debug/sync/sw_sync",
};

static const char *sw_sync_path(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(sw_sync_paths) / sizeof(sw_sync_paths[0]); i++)
		if (access(sw_sync_paths[i], R_OK | W_OK) == 0)
			return sw_sync_paths[i];
	return NULL;
}

bool sw_sync_available(void)
{
	return sw_sync_path() != NULL;
}

void igt_require_sw_sync(void)
{
	if (!sw_sync_available() && system("modprobe sw_sync >/dev/null 2>&1") == 0 &&
	    sw_sync_available())
		return;
	igt_require_f(sw_sync_available(),
		      "kernel lacks CONFIG_SW_SYNC: no sw_sync timeline (%s, %s)",
		      sw_sync_paths[0], sw_sync_paths[1]);
}

int sw_sync_timeline_create(void)
{
	const char *path = sw_sync_path();
	int fd;

	igt_assert_f(path, "no sw_sync timeline (kernel lacks CONFIG_SW_SYNC?)");
	fd = open(path, O_RDWR | O_CLOEXEC);
	igt_assert_f(fd >= 0, "%s: %s", path, strerror(errno));
	return fd;
}

int __sw_sync_timeline_create_fence(int timeline, uint32_t seqno)
{
	struct sw_sync_create_fence c = { .value = seqno };
	int ret;

	snprintf(c.name, sizeof(c.name), "igt-%u", seqno);
	ret = vgh_ioctl(timeline, SW_SYNC_CREATE_FENCE, &c);
	return ret ? ret : c.fence;
}

int sw_sync_timeline_create_fence(int timeline, uint32_t seqno)
{
	int fence = __sw_sync_timeline_create_fence(timeline, seqno);

	igt_assert_f(fence >= 0 && fcntl(fence, F_GETFD) >= 0,
		     "creating a fence at %u on timeline %d: %s", seqno, timeline,
		     strerror(fence < 0 ? -fence : errno));
	return fence;
}

int sw_sync_fence_create(int timeline, uint32_t seqno)
{
	return sw_sync_timeline_create_fence(timeline, seqno);
}

void sw_sync_timeline_inc(int timeline, uint32_t count)
{
	do_ioctl(timeline, SW_SYNC_INC, &count);
}

int sync_fence_wait(int fence, int timeout_ms)
{
	struct pollfd p = { .fd = fence, .events = POLLIN };
	int ret;

	for (;;) {
		ret = poll(&p, 1, timeout_ms);
		if (ret > 0)
			return p.revents & (POLLERR | POLLNVAL) ? -EINVAL : 0;
		if (ret == 0)
			return -ETIME;
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
	}
}

int sync_fence_merge(int fence1, int fence2)
{
	struct sync_merge_data m = { .fd2 = fence2 };
	int ret;

	snprintf(m.name, sizeof(m.name), "igt-merge");
	ret = vgh_ioctl(fence1, SYNC_IOC_MERGE, &m);
	return ret ? ret : m.fence;
}

/* SYNC_IOC_FILE_INFO with every fence's info; returns the count or -errno */
static int file_info(int fence, struct sync_fence_info **out)
{
	struct sync_file_info info = {};
	struct sync_fence_info *fi;
	int ret;

	*out = NULL;
	ret = vgh_ioctl(fence, SYNC_IOC_FILE_INFO, &info);
	if (ret)
		return ret;
	fi = calloc(info.num_fences ? info.num_fences : 1, sizeof(*fi));
	igt_assert(fi);
	info.sync_fence_info = (uintptr_t)fi;
	ret = vgh_ioctl(fence, SYNC_IOC_FILE_INFO, &info);
	if (ret) {
		free(fi);
		return ret;
	}
	*out = fi;
	return info.num_fences;
}

int sync_fence_count_status(int fence, int status)
{
	struct sync_fence_info *fi;
	int n = file_info(fence, &fi), i, count = 0;

	igt_assert_f(n >= 0, "SYNC_IOC_FILE_INFO: %s", strerror(-n));
	for (i = 0; i < n; i++)
		count += fi[i].status == status;
	free(fi);
	return count;
}

int sync_fence_count(int fence)
{
	struct sync_file_info info = {};
	int ret = vgh_ioctl(fence, SYNC_IOC_FILE_INFO, &info);

	return ret ? ret : (int)info.num_fences;
}

int sync_fence_status(int fence)
{
	struct sync_fence_info fi = {};
	struct sync_file_info info = {
		.num_fences = 1,
		.sync_fence_info = (uintptr_t)&fi,
	};
	int ret = vgh_ioctl(fence, SYNC_IOC_FILE_INFO, &info);

	if (ret)
		return ret;
	if (info.num_fences != 1)
		return -EINVAL;
	return fi.status;
}
