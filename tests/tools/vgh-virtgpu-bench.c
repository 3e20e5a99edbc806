// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-virtgpu-bench: what a fenced submission costs.
 *
 * usage: vgh-virtgpu-bench [-d NODE] [-t TAG] [-n COUNT] [-w WINDOW]
 *
 * On a context on capset 1 with one ring: COUNT times (default 2000)
 * EXECBUFFER with an out fence and a wait for it, timing each from the
 * ioctl to the fence's signal (submit-to-signal latency); then COUNT
 * submissions as fast as they go with at most WINDOW (default 64)
 * unsignalled at a time (fenced submissions per second). Prints
 *   submit TAG latency_us median M p99 P max X per_s S
 * Figures only; nothing is asserted.
 */
#include <drm/virtgpu_drm.h>

#include "vgh-kms.h"

static int fd;
static uint32_t words[4];

static int submit(void)
{
	struct drm_virtgpu_execbuffer eb = {
		.flags = VIRTGPU_EXECBUF_FENCE_FD_OUT | VIRTGPU_EXECBUF_RING_IDX,
		.size = sizeof(words), .command = (uintptr_t)words,
		.fence_fd = -1,
	};
	int ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, &eb);

	if (ret) {
		fprintf(stderr, "EXECBUFFER: %s\n", strerror(-ret));
		exit(1);
	}
	return eb.fence_fd;
}

static void wait_fence(int fence)
{
	struct pollfd pfd = { .fd = fence, .events = POLLIN };

	while (poll(&pfd, 1, 5000) != 1) {
		if (errno != EINTR) {
			fprintf(stderr, "fence did not signal\n");
			exit(1);
		}
	}
	close(fence);
}

int main(int argc, char **argv)
{
	struct drm_virtgpu_context_set_param params[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 1 },
	};
	struct drm_virtgpu_context_init init = {
		.num_params = 2, .ctx_set_params = (uintptr_t)params,
	};
	const char *node = "/dev/dri/card0", *tag = "driver";
	int count = 2000, window = 64, opt, i, head = 0, *ring, ret;
	double *lat, t0;

	while ((opt = getopt(argc, argv, "d:t:n:w:")) != -1) {
		switch (opt) {
		case 'd': node = optarg; break;
		case 't': tag = optarg; break;
		case 'n': count = atoi(optarg); break;
		case 'w': window = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-d NODE] [-t TAG] [-n COUNT] [-w WINDOW]\n",
				argv[0]);
			return 2;
		}
	}
	if (count < 1 || window < 1)
		return 2;
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(node);
		return 1;
	}
	ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init);
	if (ret) {
		fprintf(stderr, "%s: %s\n", node, strerror(-ret));
		return 1;
	}
	lat = calloc(count, sizeof(*lat));
	ring = calloc(window, sizeof(*ring));
	if (!lat || !ring)
		return 1;

	for (i = 0; i < count; i++) {
		t0 = vgh_now_us();
		wait_fence(submit());
		lat[i] = vgh_now_us() - t0;
	}
	qsort(lat, count, sizeof(*lat), vgh_cmp_double);

	t0 = vgh_now_us();
	for (i = 0; i < count; i++) {
		if (i >= window)
			wait_fence(ring[head]);
		ring[head] = submit();
		head = (head + 1) % window;
	}
	/* the last min(count, window) are still out, oldest first */
	opt = count < window ? count : window;
	for (i = 0; i < opt; i++)
		wait_fence(ring[(head - opt + i + window) % window]);
	printf("submit %s latency_us median %.0f p99 %.0f max %.0f per_s %.0f\n", tag,
	       lat[count / 2], lat[count * 99 / 100], lat[count - 1],
	       count / ((vgh_now_us() - t0) / 1e6));
	return 0;
}
