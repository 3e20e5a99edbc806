// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-virtgpu-fence: fenced submissions and what became of their fences.
 *
 * usage: vgh-virtgpu-fence [-d NODE] [-n COUNT] [-s BYTES] [-t MS]
 *
 * Makes a context on capset 1 with two rings, submits COUNT (default 4)
 * command streams of BYTES zeros (default 16) on alternating rings, each
 * with an out fence, and
 * waits at most MS milliseconds (default 5000) for each. Prints one line
 * per fence: "fence I: signalled status S" (S from the sync file: 1 done,
 * a negative errno for an error) or "fence I: pending". Exits 0 when every
 * fence signalled, 1 otherwise, 2 when a call failed.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/virtgpu_drm.h>
#include <linux/sync_file.h>

#include "vgh.h"

int main(int argc, char **argv)
{
	const char *node = "/dev/dri/card0";
	struct drm_virtgpu_context_set_param params[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 2 },
	};
	struct drm_virtgpu_context_init init = {
		.num_params = 2, .ctx_set_params = (uintptr_t)params,
	};
	int count = 4, ms = 5000, opt, fd, i, pending = 0, ret;
	size_t bytes = 16;
	uint32_t *words;
	int *fences;

	while ((opt = getopt(argc, argv, "d:n:s:t:")) != -1) {
		switch (opt) {
		case 's':
			bytes = strtoul(optarg, NULL, 0) & ~(size_t)3;
			break;
		case 'd':
			node = optarg;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 't':
			ms = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-d NODE] [-n COUNT] [-s BYTES] [-t MS]\n",
				argv[0]);
			return 2;
		}
	}
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(node);
		return 2;
	}
	ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init);
	if (ret) {
		fprintf(stderr, "%s: %s\n", node, strerror(-ret));
		return 2;
	}
	fences = calloc(count, sizeof(*fences));
	words = calloc(1, bytes ? bytes : 4);
	if (!fences || !words)
		return 2;
	for (i = 0; i < count; i++) {
		struct drm_virtgpu_execbuffer eb = {
			.flags = VIRTGPU_EXECBUF_FENCE_FD_OUT | VIRTGPU_EXECBUF_RING_IDX,
			.size = bytes, .command = (uintptr_t)words,
			.ring_idx = i % 2, .fence_fd = -1,
		};

		ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, &eb);
		if (ret) {
			printf("submit %d: %s\n", i, strerror(-ret));
			return 2;
		}
		fences[i] = eb.fence_fd;
	}
	for (i = 0; i < count; i++) {
		struct pollfd pfd = { .fd = fences[i], .events = POLLIN };
		struct sync_file_info info = {};

		if (poll(&pfd, 1, ms) != 1) {
			printf("fence %d: pending\n", i);
			pending++;
			continue;
		}
		ret = vgh_ioctl(fences[i], SYNC_IOC_FILE_INFO, &info);
		if (ret) {
			printf("fence %d: %s\n", i, strerror(-ret));
			return 2;
		}
		printf("fence %d: signalled status %d\n", i, info.status);
		close(fences[i]);
	}
	close(fd);
	return pending ? 1 : 0;
}
