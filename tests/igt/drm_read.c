// SPDX-License-Identifier: MIT
/*
 * drm_read: read() on a DRM fd: bad buffers, empty queues (blocking and
 * not), buffers too short for an event, and wake-ups of several readers.
 * Events come from vblank requests, so a driver without vblank skips.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kms.h"

static int drm_fd, pipe_idx;
static struct kms k;
static struct kfb fb;

static void on_alarm(int sig)
{
	(void)sig;
}

static bool get_vblank(int fd, uint32_t flags)
{
	union drm_wait_vblank v = { 0 };

	v.request.type = VBL_TYPE(_DRM_VBLANK_RELATIVE | vbl_pipe_flag(pipe_idx) | flags);
	return wait_vblank_raw(fd, &v) == 0;
}

static void setup(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct output o;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: a blocked read sees EINTR */
	drm_fd = drm_open_master();
	kms_init(&k, drm_fd);
	kms_require_output(&k);
	igt_assert(kms_valid_outputs(&k, &o, 1) == 1);
	pipe_idx = o.pipe;
	kfb_create(drm_fd, o.mode.hdisplay, o.mode.vdisplay, DRM_FORMAT_XRGB8888, &fb);
	output_set_legacy(&k, &o, &fb);
	igt_assert_f(!kms_vblank_by_design() || get_vblank(drm_fd, 0),
		     "virtio-gpu-heap without a vblank counter on pipe %d", pipe_idx);
	igt_require_f(get_vblank(drm_fd, 0), "no vblank counter on pipe %d", pipe_idx);
}

static void assert_empty(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	igt_assert_eq(poll(&p, 1, 0), 0);
}

static int dup_fd(int nonblock)
{
	int fd = dup(drm_fd), fl;

	igt_require(fd >= 0);
	fl = fcntl(fd, F_GETFL);
	igt_require(fl != -1);
	fl = nonblock ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
	igt_require(fcntl(fd, F_SETFL, fl) != -1);
	assert_empty(fd);
	return fd;
}

static void done(int fd)
{
	alarm(0);
	assert_empty(fd);
	close(fd);
}

static void invalid_buffer(void)
{
	int fd = dup_fd(0);

	alarm(1);
	igt_assert_eq(read(fd, (void *)-1, 4096), -1);
	igt_assert_eq(errno, EFAULT);
	done(fd);
}

static void fault_buffer(void)
{
	int fd = dup_fd(0);
	uint64_t size;
	uint32_t h = dumb_create(fd, 32, 32, 32, NULL, &size);
	char *buf = dumb_map(fd, h, 4096, PROT_WRITE);

	igt_assert(get_vblank(fd, _DRM_VBLANK_EVENT));
	alarm(1);
	/* the event is copied into a buffer that is not faulted in yet */
	igt_assert(read(fd, buf, 4096) > 0);
	munmap(buf, 4096);
	done(fd);
}

static void empty(int nonblock, int expected)
{
	char buf[1024];
	int fd = dup_fd(nonblock);

	alarm(1);
	igt_assert_eq(read(fd, buf, sizeof(buf)), -1);
	igt_assert_eq(errno, expected);
	done(fd);
}

static void empty_block(void)
{
	empty(0, EINTR);
}

static void empty_nonblock(void)
{
	empty(1, EAGAIN);
}

static void short_buffer(int nonblock)
{
	char buf[1024];
	int fd = dup_fd(nonblock);

	igt_assert(get_vblank(fd, _DRM_VBLANK_EVENT));
	igt_assert(get_vblank(fd, _DRM_VBLANK_EVENT));
	igt_assert(fd_readable(fd, -1));
	alarm(3);
	/* too short for one event: nothing read, nothing lost */
	igt_assert_eq(read(fd, buf, 4), 0);
	igt_assert(read(fd, buf, 40) > 0);
	igt_assert(read(fd, buf, 40) > 0);
	done(fd);
}

static void short_buffer_block(void)
{
	short_buffer(0);
}

static void short_buffer_nonblock(void)
{
	short_buffer(1);
}

struct wakeup {
	pthread_mutex_t lock;
	pthread_cond_t sent, go;
	int pending, done, fd;
};

static void *short_reader(void *arg)
{
	struct wakeup *w = arg;
	char c;

	while (!w->done) {
		/* a one-byte read returns 0 and leaves the event queued */
		igt_assert_eq(read(w->fd, &c, 1), 0);
		pthread_mutex_lock(&w->lock);
		if (!--w->pending)
			pthread_cond_signal(&w->sent);
		pthread_cond_wait(&w->go, &w->lock);
		pthread_mutex_unlock(&w->lock);
	}
	return NULL;
}

static void short_buffer_wakeup(void)
{
	int i, nt = sysconf(_SC_NPROCESSORS_ONLN) + 1;
	struct wakeup w = { .lock = PTHREAD_MUTEX_INITIALIZER,
			    .sent = PTHREAD_COND_INITIALIZER,
			    .go = PTHREAD_COND_INITIALIZER };
	double end = igt_now() + 5 * igt_time_scale();
	pthread_t t[64];
	char buf[1024];

	if (nt > 64)
		nt = 64;
	w.fd = dup_fd(0);
	pthread_mutex_lock(&w.lock);
	w.pending = nt;
	pthread_mutex_unlock(&w.lock);
	for (i = 0; i < nt; i++)
		pthread_create(&t[i], NULL, short_reader, &w);
	while (igt_now() < end) {
		struct timespec ts;
		int err = 0;

		pthread_mutex_lock(&w.lock);
		w.pending = nt;
		pthread_cond_broadcast(&w.go);
		pthread_mutex_unlock(&w.lock);
		sched_yield();
		/* one event must wake every reader, none consumes it */
		igt_assert(get_vblank(w.fd, _DRM_VBLANK_EVENT));
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 5;
		pthread_mutex_lock(&w.lock);
		while (w.pending && !err)
			err = pthread_cond_timedwait(&w.sent, &w.lock, &ts);
		pthread_mutex_unlock(&w.lock);
		igt_assert_f(err == 0, "read() did not wake up on an event");
		igt_assert(read(w.fd, buf, sizeof(buf)) > 0);
	}
	pthread_mutex_lock(&w.lock);
	w.done = 1;
	pthread_cond_broadcast(&w.go);
	pthread_mutex_unlock(&w.lock);
	for (i = 0; i < nt; i++)
		pthread_join(t[i], NULL);
	close(w.fd);
}

IGT_MAIN(setup,
	{ "invalid-buffer", invalid_buffer },
	{ "fault-buffer", fault_buffer },
	{ "empty-block", empty_block },
	{ "empty-nonblock", empty_nonblock },
	{ "short-buffer-block", short_buffer_block },
	{ "short-buffer-nonblock", short_buffer_nonblock },
	{ "short-buffer-wakeup", short_buffer_wakeup },
)
