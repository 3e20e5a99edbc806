// SPDX-License-Identifier: MIT
/*
 * kms_sequence: CRTC_GET_SEQUENCE and CRTC_QUEUE_SEQUENCE: the 64-bit
 * frame counter advances, queued events arrive at the requested frame,
 * also from several processes and with another event pending.
 */
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kms.h"

#define IDLE 1
#define BUSY 2
#define FORKED 4

struct crtc_sequence_event {
	struct drm_event base;
	uint64_t user_data;
	int64_t time_ns;
	uint64_t sequence;
};

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
	kms_require_output(&k);
}

static int get_sequence(struct drm_crtc_get_sequence *g)
{
	return vgh_ioctl(fd, DRM_IOCTL_CRTC_GET_SEQUENCE, g);
}

static int queue_sequence(struct drm_crtc_queue_sequence *q)
{
	return vgh_ioctl(fd, DRM_IOCTL_CRTC_QUEUE_SEQUENCE, q);
}

static void get(uint32_t crtc, int nchildren)
{
	struct drm_crtc_get_sequence g = { .crtc_id = crtc };
	unsigned long count = 0;
	uint64_t sq;
	double start = igt_now();

	(void)nchildren;
	igt_assert_eq(get_sequence(&g), 0);
	sq = g.sequence;
	do {
		igt_assert_eq(get_sequence(&g), 0);
		count++;
	} while (g.sequence - sq <= 120);
	igt_info("%lu queries, %.3f us each", count, (igt_now() - start) * 1e6 / count);
}

static void queue(uint32_t crtc, int nchildren)
{
	struct drm_crtc_get_sequence start = { .crtc_id = crtc }, end = { .crtc_id = crtc };
	int total = 120 / nchildren, n;
	uint64_t target;

	igt_assert_eq(get_sequence(&start), 0);
	target = start.sequence + total;
	for (n = 0; n < total; n++) {
		struct drm_crtc_queue_sequence q = { .crtc_id = crtc, .sequence = target };

		igt_assert_eq(queue_sequence(&q), 0);
		igt_assert_eq(q.sequence, target);
	}
	for (n = 0; n < total; n++) {
		struct crtc_sequence_event ev;

		igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		igt_assert_eq(ev.sequence, target);
	}
	igt_assert_eq(get_sequence(&end), 0);
	igt_assert_eq(end.sequence, target);
	igt_info("%.3f ms per frame", (end.sequence_ns - start.sequence_ns) / (1e6 * total));
}

static void run(void (*fn)(uint32_t, int), unsigned int flags)
{
	struct output outs[MAX_CRTCS * MAX_CONNECTORS];
	int i, n = kms_valid_outputs(&k, outs, MAX_CRTCS * MAX_CONNECTORS);

	igt_require_f(n > 0, "no connected output");
	for (i = 0; i < n; i++) {
		int nchildren = flags & FORKED ? sysconf(_SC_NPROCESSORS_ONLN) : 1, c, status, bad = 0;
		struct output *o = &outs[i];
		struct kfb fb;

		igt_info("pipe-%c-%s", 'A' + o->pipe, o->name);
		kms_reset_display(&k);
		kfb_create_color(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888,
				 0, &fb);
		output_on(&k, o, &fb);
		wait_for_vblank(fd, o->pipe);
		if (flags & BUSY) {
			struct drm_crtc_queue_sequence q = {
				.crtc_id = o->crtc_id, .flags = DRM_CRTC_SEQUENCE_RELATIVE,
				.sequence = 120 + 12,
			};

			igt_assert_eq(queue_sequence(&q), 0);
		}
		for (c = 0; c < nchildren; c++) {
			pid_t pid = fork();

			igt_assert(pid >= 0);
			if (pid == 0) {
				fn(o->crtc_id, nchildren);
				_exit(0);
			}
		}
		for (c = 0; c < nchildren; c++) {
			wait(&status);
			bad += !WIFEXITED(status) || WEXITSTATUS(status);
		}
		igt_assert_eq(bad, 0);
		if (flags & BUSY) {
			struct drm_event_vblank ev;

			igt_assert_eq(read(fd, &ev, sizeof(ev)), sizeof(ev));
		}
		igt_assert_eq(poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, 0), 0);
		output_off(&k, o);
		kfb_remove(&fb);
	}
}

static void get_idle(void) { run(get, IDLE); }
static void get_forked(void) { run(get, IDLE | FORKED); }
static void get_busy(void) { run(get, BUSY); }
static void get_forked_busy(void) { run(get, BUSY | FORKED); }
static void queue_idle(void) { run(queue, IDLE); }
static void queue_busy(void) { run(queue, BUSY); }

IGT_MAIN(setup,
	{ "get-idle", get_idle },
	{ "get-forked", get_forked },
	{ "get-busy", get_busy },
	{ "get-forked-busy", get_forked_busy },
	{ "queue-idle", queue_idle },
	{ "queue-busy", queue_busy },
)
