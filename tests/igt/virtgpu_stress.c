// SPDX-License-Identifier: MIT
/*
 * virtgpu_stress: thousands of fenced submissions on many rings, with
 * random waits, sync files passed to another process and syncobj
 * timelines, checking that each ring's fences signal in order and that
 * every fence signals exactly when its submission is done. Run on a
 * kernel with lockdep and kmemleak, the guest's leak check follows.
 */
#include <poll.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "igt.h"
#include "virtgpu.h"

#define RINGS		8
#define SUBMITS		4000
#define WINDOW		64

static uint32_t cmd_words[8];

static int open_rings(int rings, uint64_t poll_mask)
{
	struct drm_virtgpu_context_set_param p[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, 1 },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, rings },
		{ VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK, poll_mask },
	};
	int fd = virtgpu_open();

	virtgpu_require_3d(fd);
	virtgpu_require_context_init(fd);
	igt_assert_eq(virtgpu_ctx_init(fd, p, 3), 0);
	return fd;
}

/* A fenced submission on @ring; returns its sync file. */
static int submit(int fd, int ring, int in_fd)
{
	struct drm_virtgpu_execbuffer eb = {
		.flags = VIRTGPU_EXECBUF_RING_IDX | VIRTGPU_EXECBUF_FENCE_FD_OUT,
		.size = sizeof(cmd_words),
		.command = (uintptr_t)cmd_words,
		.ring_idx = ring,
		.fence_fd = in_fd,
	};

	if (in_fd >= 0)
		eb.flags |= VIRTGPU_EXECBUF_FENCE_FD_IN;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, &eb), 0);
	igt_assert_lte(0, eb.fence_fd);
	return eb.fence_fd;
}

static bool signalled(int fence_fd)
{
	return virtgpu_fence_wait(fence_fd, 0);
}

/*
 * Per ring, a window of outstanding fences, oldest first. Waiting on a
 * random one must find every older one of its ring signalled too.
 */
static void fences_across_rings(void)
{
	int fd = open_rings(RINGS, 0), i, r, n, k;
	int win[RINGS][WINDOW], count[RINGS] = {};
	unsigned int seed = 1;

	for (i = 0; i < SUBMITS; i++) {
		r = rand_r(&seed) % RINGS;
		if (count[r] == WINDOW) {
			/* wait for a random one; all older ones signalled */
			k = rand_r(&seed) % WINDOW;
			igt_assert(virtgpu_fence_wait(win[r][k], 5000));
			for (n = 0; n <= k; n++) {
				igt_assert_f(signalled(win[r][n]),
					     "ring %d: fence %d of the window unsignalled after fence %d",
					     r, n, k);
				close(win[r][n]);
			}
			memmove(win[r], win[r] + k + 1,
				(WINDOW - k - 1) * sizeof(win[r][0]));
			count[r] -= k + 1;
		}
		win[r][count[r]++] = submit(fd, r, -1);
	}
	for (r = 0; r < RINGS; r++) {
		for (n = 0; n < count[r]; n++) {
			igt_assert(virtgpu_fence_wait(win[r][n], 5000));
			close(win[r][n]);
		}
	}
	close(fd);
}

/*
 * Sync files move between the processes as pidfd_getfd() copies: the
 * sender writes the fd number on a pipe and keeps the fd open until the
 * receiver's next message says it took its copy. (The guest kernel has
 * no AF_UNIX sockets for SCM_RIGHTS.)
 */
static int take_fd(int pidfd, int pipe_rd)
{
	int num;

	if (read(pipe_rd, &num, sizeof(num)) != sizeof(num) || num < 0)
		return -1;
	return syscall(SYS_pidfd_getfd, pidfd, num, 0);
}

static void give_fd(int pipe_wr, int fd)
{
	igt_assert_eq(write(pipe_wr, &fd, sizeof(fd)), sizeof(fd));
}

/*
 * Each side's sync files go to the other process, whose own submissions
 * (another DRM file, so another context) wait for them; each side checks
 * that the other's fence signals and implies its own.
 */
static void fence_fd_passing(void)
{
	int p2c[2], c2p[2], status, i, fd, peer, mine, pidfd;
	pid_t parent = getpid(), pid;

	igt_assert_eq(pipe(p2c), 0);
	igt_assert_eq(pipe(c2p), 0);
	fd = open_rings(2, 0);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		int cfd = open_rings(2, 0), prev = -1;

		pidfd = syscall(SYS_pidfd_open, parent, 0);
		if (pidfd < 0)
			_exit(3);
		for (i = 0; i < 500; i++) {
			peer = take_fd(pidfd, p2c[0]);
			if (peer < 0)
				_exit(1);
			if (prev >= 0)
				close(prev);
			mine = submit(cfd, i % 2, peer);
			close(peer);
			if (!virtgpu_fence_wait(mine, 5000))
				_exit(2);
			give_fd(c2p[1], mine);
			prev = mine;
		}
		/* the parent's last message: it has the last fence */
		if (take_fd(pidfd, p2c[0]) != -1)
			_exit(4);
		_exit(0);
	}
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	igt_assert_lte(0, pidfd);
	for (i = 0; i < 500; i++) {
		mine = submit(fd, i % 2, -1);
		give_fd(p2c[1], mine);
		peer = take_fd(pidfd, c2p[0]);
		igt_assert_lte(0, peer);
		/* the peer's submission waited for ours */
		igt_assert(virtgpu_fence_wait(peer, 5000));
		igt_assert(signalled(mine));
		close(peer);
		close(mine);
	}
	give_fd(p2c[1], -1);
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && !WEXITSTATUS(status),
		     "the peer process failed (status %#x)", status);
	close(pidfd);
	close(fd);
}

/* Each submission waits for the previous timeline point and signals the next. */
static void syncobj_timeline_chain(void)
{
	struct drm_virtgpu_execbuffer_syncobj in = {}, out = {};
	struct drm_syncobj_create create = {};
	struct drm_syncobj_timeline_wait w = {};
	int fd = open_rings(4, 0);
	unsigned int seed = 7;
	uint64_t point;
	int i;

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &create), 0);
	in.handle = out.handle = create.handle;
	for (i = 1; i <= 1000; i++) {
		struct drm_virtgpu_execbuffer eb = {
			.flags = VIRTGPU_EXECBUF_RING_IDX,
			.size = sizeof(cmd_words),
			.command = (uintptr_t)cmd_words,
			.ring_idx = rand_r(&seed) % 4,
			.fence_fd = -1,
			.syncobj_stride = sizeof(in),
			.out_syncobjs = (uintptr_t)&out,
			.num_out_syncobjs = 1,
		};

		in.point = i - 1;
		out.point = i;
		if (i > 1) {
			eb.in_syncobjs = (uintptr_t)&in;
			eb.num_in_syncobjs = 1;
		}
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_EXECBUFFER, &eb), 0);
		if (rand_r(&seed) % 16 == 0) {
			point = i;
			w.handles = (uintptr_t)&create.handle;
			w.points = (uintptr_t)&point;
			w.count_handles = 1;
			w.timeout_nsec = INT64_MAX;
			igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w), 0);
		}
	}
	point = 1000;
	w.handles = (uintptr_t)&create.handle;
	w.points = (uintptr_t)&point;
	w.count_handles = 1;
	w.timeout_nsec = INT64_MAX;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w), 0);
	close(fd);
}

/* Events nobody reads and fences nobody waits for go with the file. */
static void close_with_pending(void)
{
	int round, i;

	for (round = 0; round < 20; round++) {
		int fd = open_rings(4, 0xf);

		for (i = 0; i < 50; i++)
			close(submit(fd, i % 4, -1));
		close(fd);
	}
}

IGT_MAIN(NULL,
	{ "fences-across-rings", fences_across_rings },
	{ "fence-fd-passing", fence_fd_passing },
	{ "syncobj-timeline-chain", syncobj_timeline_chain },
	{ "close-with-pending", close_with_pending },
)
