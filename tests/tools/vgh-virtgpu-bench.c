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
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/virtgpu_drm.h>

static int fd;
static uint32_t words[4];

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int xioctl(unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret && errno == EINTR);
	return ret;
}

static int submit(void)
{
	struct drm_virtgpu_execbuffer eb = {
		.flags = VIRTGPU_EXECBUF_FENCE_FD_OUT | VIRTGPU_EXECBUF_RING_IDX,
		.size = sizeof(words), .command = (uintptr_t)words,
		.fence_fd = -1,
	};

	if (xioctl(DRM_IOCTL_VIRTGPU_EXECBUFFER, &eb)) {
		perror("EXECBUFFER");
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

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
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
	int count = 2000, window = 64, opt, i, head = 0, *ring;
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
	if (fd < 0 || xioctl(DRM_IOCTL_VIRTGPU_CONTEXT_INIT, &init)) {
		perror(node);
		return 1;
	}
	lat = calloc(count, sizeof(*lat));
	ring = calloc(window, sizeof(*ring));
	if (!lat || !ring)
		return 1;

	for (i = 0; i < count; i++) {
		t0 = now_us();
		wait_fence(submit());
		lat[i] = now_us() - t0;
	}
	qsort(lat, count, sizeof(*lat), cmp);

	t0 = now_us();
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
	       count / ((now_us() - t0) / 1e6));
	return 0;
}
