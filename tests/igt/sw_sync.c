// SPDX-License-Identifier: MIT
/*
 * sw_sync: the kernel's software sync timeline and sync files, as IGT's
 * sw_sync checks them: timelines and fences are made and freed, a fence
 * signals when its timeline reaches its point (also from another process
 * or through a unix socket), a closed timeline signals its fences with an
 * error, merged fences signal with the last of theirs, invalid merges are
 * refused, and many threads producing and consuming points stay in order.
 * It needs no GPU; the DRM device only serves as a file that is no fence.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "igt.h"
#include "kms.h"
#include "sw_sync.h"

#define MULTI_CONSUMER_THREADS 8
#define MULTI_CONSUMER_ITERATIONS (1 << 12)

static int consumer_threads = MULTI_CONSUMER_THREADS;

static void fixture(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	igt_require_sw_sync();
	if (cpus > 0 && cpus < consumer_threads)
		consumer_threads = cpus;
}

static void alloc_timeline(void)
{
	close(sw_sync_timeline_create());
}

static void alloc_fence(void)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 0);

	close(fence);
	close(timeline);
}

static void alloc_fence_invalid_timeline(void)
{
	igt_assert_f(__sw_sync_timeline_create_fence(-1, 0) < 0,
		     "a fence on timeline -1 was made");
}

static void timeline_closed(void)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 1);

	close(timeline);
	igt_assert_f(sync_fence_wait(fence, 0) == 0,
		     "an unsignalled fence of a closed timeline did not signal");
	igt_assert_f(sync_fence_status(fence) == -ENOENT,
		     "an unsignalled fence of a closed timeline has status %d, not -ENOENT",
		     sync_fence_status(fence));
	close(fence);
}

static void timeline_closed_signaled(void)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 1);

	sw_sync_timeline_inc(timeline, 1);
	close(timeline);
	igt_assert_f(sync_fence_wait(fence, 0) == 0,
		     "a signalled fence of a closed timeline does not read signalled");
	close(fence);
}

static void alloc_merge_fence(void)
{
	int t0 = sw_sync_timeline_create(), t1 = sw_sync_timeline_create();
	int f0 = sw_sync_timeline_create_fence(t0, 1);
	int f1 = sw_sync_timeline_create_fence(t1, 1);
	int merged = sync_fence_merge(f1, f0);

	igt_assert_f(merged >= 0, "merge: %s", strerror(-merged));
	close(f0);
	close(f1);
	close(merged);
	close(t0);
	close(t1);
}

static bool is_prime(unsigned int n)
{
	unsigned int d;

	for (d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return n >= 2;
}

static void sync_busy(void)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 5);
	unsigned int prime, seqno;

	igt_assert_f(sync_fence_wait(fence, 0) == -ETIME,
		     "signalled early (timeline at 0, fence at 5)");
	sw_sync_timeline_inc(timeline, 1);
	igt_assert_f(sync_fence_wait(fence, 0) == -ETIME,
		     "signalled early (timeline at 1, fence at 5)");
	sw_sync_timeline_inc(timeline, 4);
	igt_assert_f(sync_fence_wait(fence, 0) == 0, "not signalled (timeline at 5, fence at 5)");
	sw_sync_timeline_inc(timeline, 5);
	igt_assert_f(sync_fence_wait(fence, 0) == 0,
		     "not signalled (timeline at 10, fence at 5)");
	/* steps of every prime up to 100 */
	seqno = 10;
	for (prime = 2; prime <= 100; prime++) {
		int f;

		if (!is_prime(prime))
			continue;
		seqno += prime;
		f = sw_sync_timeline_create_fence(timeline, seqno);
		sw_sync_timeline_inc(timeline, prime);
		igt_assert_f(sync_fence_wait(f, 0) == 0,
			     "not signalled after a step of %u to %u", prime, seqno);
		close(f);
	}
	close(fence);
	close(timeline);
}

static pid_t fork_child(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	return pid;
}

static void wait_child(pid_t pid)
{
	int status;

	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "the child failed (status %#x)", status);
}

static void sync_busy_fork_unixsocket(void)
{
	int sv[2], timeline, fence;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) {
		igt_require_f(errno != EAFNOSUPPORT,
			      "kernel lacks CONFIG_UNIX: socketpair(AF_UNIX) gives %s",
			      strerror(errno));
		igt_skip("socketpair(AF_UNIX): %s", strerror(errno));
	}
	timeline = sw_sync_timeline_create();
	fence = sw_sync_timeline_create_fence(timeline, 1);
	pid = fork_child();
	if (pid == 0) {
		char m[256], c[256];
		struct iovec io = { .iov_base = m, .iov_len = sizeof(m) };
		struct msghdr msg = {
			.msg_iov = &io, .msg_iovlen = 1,
			.msg_control = c, .msg_controllen = sizeof(c),
		};
		struct cmsghdr *cmsg;
		int t;

		close(sv[0]);
		igt_assert(recvmsg(sv[1], &msg, 0) > 0);
		cmsg = CMSG_FIRSTHDR(&msg);
		igt_assert(cmsg && cmsg->cmsg_type == SCM_RIGHTS);
		memcpy(&t, CMSG_DATA(cmsg), sizeof(t));
		sw_sync_timeline_inc(t, 1);
		_exit(0);
	}
	{
		char buf[CMSG_SPACE(sizeof(int))] = {};
		struct iovec io = { .iov_base = (char *)"ABC", .iov_len = 3 };
		struct msghdr msg = {
			.msg_iov = &io, .msg_iovlen = 1,
			.msg_control = buf, .msg_controllen = sizeof(buf),
		};
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

		close(sv[1]);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &timeline, sizeof(timeline));
		msg.msg_controllen = cmsg->cmsg_len;
		igt_assert_f(sync_fence_wait(fence, 0) == -ETIME, "signalled before the send");
		igt_assert(sendmsg(sv[0], &msg, 0) > 0);
		igt_assert_f(sync_fence_wait(fence, 2000) == 0,
			     "not signalled by the process the timeline was sent to");
	}
	wait_child(pid);
	close(fence);
	close(timeline);
}

static void sync_busy_fork(void)
{
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 1);
	pid_t pid;

	igt_assert_f(sync_fence_wait(fence, 0) == -ETIME, "signalled before the increment");
	pid = fork_child();
	if (pid == 0) {
		usleep(1000 * 1000);
		sw_sync_timeline_inc(timeline, 1);
		_exit(0);
	}
	igt_assert_f(sync_fence_wait(fence, 2000) == 0,
		     "not signalled by the child's increment");
	wait_child(pid);
	close(fence);
	close(timeline);
}

static void sync_merge_invalid(void)
{
	char path[] = "/tmp/igt-XXXXXX";
	int timeline = sw_sync_timeline_create();
	int fence = sw_sync_timeline_create_fence(timeline, 1);
	int other, merged;

	merged = sync_fence_merge(fence, -1);
	igt_assert_f(merged < 0, "merged with fd -1");
	other = open(drm_device_path(), O_RDWR | O_CLOEXEC);
	igt_assert(other >= 0);
	merged = sync_fence_merge(fence, other);
	igt_assert_f(merged < 0, "merged with a DRM device");
	close(other);
	other = mkstemp(path);
	igt_require(other >= 0);
	unlink(path);
	merged = sync_fence_merge(fence, other);
	close(other);
	igt_assert_f(merged < 0, "merged with a file");
	close(fence);
	close(timeline);
}

static void sync_merge(void)
{
	int timeline = sw_sync_timeline_create(), f[3], merged, i;

	for (i = 0; i < 3; i++)
		f[i] = sw_sync_timeline_create_fence(timeline, i + 1);
	merged = sync_fence_merge(f[0], f[1]);
	igt_assert(merged >= 0);
	{
		int m2 = sync_fence_merge(f[2], merged);

		igt_assert(m2 >= 0);
		merged = m2;	/* IGT leaks the first merge too */
	}
	/* one fence of the timeline each: the latest point of a timeline */
	for (i = 0; i < 3; i++)
		igt_assert_f(sync_fence_count_status(f[i], SW_SYNC_FENCE_STATUS_ACTIVE) == 1,
			     "fence %d has not one active fence", i);
	igt_assert_f(sync_fence_count_status(merged, SW_SYNC_FENCE_STATUS_ACTIVE) == 1,
		     "the merged fence has not one active fence");
	for (i = 0; i < 3; i++) {
		sw_sync_timeline_inc(timeline, 1);
		igt_assert_f(sync_fence_count_status(f[i], SW_SYNC_FENCE_STATUS_SIGNALED) == 1,
			     "fence %d did not signal", i);
		if (i < 2)
			igt_assert_f(sync_fence_count_status(merged,
							     SW_SYNC_FENCE_STATUS_ACTIVE) == 1,
				     "the merged fence signalled at %d", i + 1);
	}
	igt_assert_f(sync_fence_count_status(merged, SW_SYNC_FENCE_STATUS_ACTIVE) == 0 &&
		     sync_fence_count_status(merged, SW_SYNC_FENCE_STATUS_SIGNALED) == 1,
		     "the merged fence did not signal");
	for (i = 0; i < 3; i++)
		close(f[i]);
	close(merged);
	close(timeline);
}

static void sync_merge_same(void)
{
	int timeline = sw_sync_timeline_create();
	int f = sw_sync_timeline_create_fence(timeline, 1);
	int merged = sync_fence_merge(f, f);

	igt_assert(merged >= 0);
	igt_assert_f(sync_fence_count_status(f, SW_SYNC_FENCE_STATUS_SIGNALED) == 0,
		     "signalled early");
	sw_sync_timeline_inc(timeline, 1);
	igt_assert_f(sync_fence_count_status(f, SW_SYNC_FENCE_STATUS_SIGNALED) == 1,
		     "did not signal");
	close(f);
	close(merged);
	close(timeline);
}

static void sync_multi_timeline_wait(void)
{
	int t[3], f[3], merged, i;

	for (i = 0; i < 3; i++) {
		t[i] = sw_sync_timeline_create();
		f[i] = sw_sync_timeline_create_fence(t[i], 5);
	}
	merged = sync_fence_merge(f[0], f[1]);
	merged = sync_fence_merge(f[2], merged);
	igt_assert(merged >= 0);
	igt_assert_f(sync_fence_count_status(merged, SW_SYNC_FENCE_STATUS_ACTIVE) == 3,
		     "signalled early");
	igt_assert_f(sync_fence_wait(merged, 0) == -ETIME, "the merged fence did not time out");
	for (i = 0; i < 3; i++) {
		sw_sync_timeline_inc(t[i], 5);
		igt_assert_f(sync_fence_count_status(merged, SW_SYNC_FENCE_STATUS_ACTIVE) ==
			     2 - i &&
			     sync_fence_count_status(merged, SW_SYNC_FENCE_STATUS_SIGNALED) ==
			     i + 1, "after timeline %d: not %d active and %d signalled", i,
			     2 - i, i + 1);
	}
	igt_assert_f(sync_fence_wait(merged, 100) == 0, "waiting on the signalled fence");
	for (i = 0; i < 3; i++) {
		close(f[i]);
		close(t[i]);
	}
	close(merged);
}

struct consumer {
	int timeline;
	uint32_t id;
	_Atomic(uint32_t) *counter;
	sem_t *sem;
};

static void *consumer_fn(void *arg)
{
	struct consumer *c = arg;
	int i;

	for (i = 0; i < MULTI_CONSUMER_ITERATIONS; i++) {
		int point = i * consumer_threads + c->id;
		int fence = sw_sync_timeline_create_fence(c->timeline, point);

		if (sync_fence_wait(fence, 1000) < 0)
			return (void *)1;
		if (atomic_load(c->counter) != (uint32_t)point)
			return (void *)1;
		sem_post(c->sem);
		close(fence);
	}
	return NULL;
}

static void sync_multi_consumer(void)
{
	struct consumer c[MULTI_CONSUMER_THREADS];
	pthread_t th[MULTI_CONSUMER_THREADS];
	_Atomic(uint32_t) counter = 0;
	uintptr_t failed = 0;
	sem_t sem;
	int timeline, i;

	sem_init(&sem, 0, 0);
	timeline = sw_sync_timeline_create();
	for (i = 0; i < consumer_threads; i++) {
		c[i] = (struct consumer){ timeline, i, &counter, &sem };
		igt_assert_eq(pthread_create(&th[i], NULL, consumer_fn, &c[i]), 0);
	}
	/* each point is produced after its consumer saw the one before */
	for (i = 0; i < consumer_threads * MULTI_CONSUMER_ITERATIONS; i++) {
		sem_wait(&sem);
		atomic_fetch_add(&counter, 1);
		sw_sync_timeline_inc(timeline, 1);
	}
	for (i = 0; i < consumer_threads; i++) {
		void *r;

		pthread_join(th[i], &r);
		failed |= (uintptr_t)r;
	}
	close(timeline);
	sem_destroy(&sem);
	igt_assert_eq(counter, consumer_threads * MULTI_CONSUMER_ITERATIONS);
	igt_assert_f(!failed, "a consumer thread saw a point out of order or timed out");
}

static void *consumer_producer_fn(void *arg)
{
	struct consumer *c = arg;
	int i;

	for (i = 0; i < MULTI_CONSUMER_ITERATIONS; i++) {
		int point = i * consumer_threads + c->id;
		int fence = sw_sync_timeline_create_fence(c->timeline, point);

		if (sync_fence_wait(fence, 1000) < 0)
			return (void *)1;
		if (atomic_fetch_add(c->counter, 1) != (uint32_t)point)
			return (void *)1;
		/* the next thread's turn */
		sw_sync_timeline_inc(c->timeline, 1);
		close(fence);
	}
	return NULL;
}

static void sync_multi_consumer_producer(void)
{
	struct consumer c[MULTI_CONSUMER_THREADS];
	pthread_t th[MULTI_CONSUMER_THREADS];
	_Atomic(uint32_t) counter = 0;
	uintptr_t failed = 0;
	int timeline = sw_sync_timeline_create(), i;

	for (i = 0; i < consumer_threads; i++) {
		c[i] = (struct consumer){ timeline, i, &counter, NULL };
		igt_assert_eq(pthread_create(&th[i], NULL, consumer_producer_fn, &c[i]), 0);
	}
	for (i = 0; i < consumer_threads; i++) {
		void *r;

		pthread_join(th[i], &r);
		failed |= (uintptr_t)r;
	}
	close(timeline);
	igt_assert_eq(counter, consumer_threads * MULTI_CONSUMER_ITERATIONS);
	igt_assert_f(!failed, "a thread saw a point out of order or timed out");
}

#define MPSC_PRODUCERS 5

static struct {
	_Atomic(uint32_t) counter;
	int consumer_timeline;
	int producer_timeline[MPSC_PRODUCERS];
} mpsc;

/* waits by polling the fence's status, failing on an error status */
static void mpsc_busy_wait(int fence)
{
	int active;

	do {
		igt_assert_f(sync_fence_count_status(fence, SW_SYNC_FENCE_STATUS_ERROR) == 0,
			     "a fence has an error");
		active = sync_fence_count_status(fence, SW_SYNC_FENCE_STATUS_ACTIVE);
	} while (active);
}

static void *mpsc_producer(void *arg)
{
	int id = (int)(intptr_t)arg, seqno = 0;

	for (;;) {
		int fence = __sw_sync_timeline_create_fence(mpsc.consumer_timeline, seqno++);

		if (fence < 0)
			break;
		/* wait for the consumer, one of the two ways */
		if (id % 8 != 0)
			igt_assert_f(sync_fence_wait(fence, -1) == 0, "waiting on the consumer");
		else
			mpsc_busy_wait(fence);
		atomic_fetch_add(&mpsc.counter, 1);
		sw_sync_timeline_inc(mpsc.producer_timeline[id], 1);
		close(fence);
	}
	return NULL;
}

static void mpsc_consumer(void)
{
	double end = igt_now() + 1;
	int seqno = 0;

	while (igt_now() < end) {
		int fence = sw_sync_timeline_create_fence(mpsc.producer_timeline[0], ++seqno);
		int i;

		for (i = 1; i < MPSC_PRODUCERS; i++) {
			int tmp = sw_sync_timeline_create_fence(mpsc.producer_timeline[i], seqno);
			int merged = sync_fence_merge(tmp, fence);

			igt_assert(merged >= 0);
			close(tmp);
			close(fence);
			fence = merged;
		}
		/* every producer has counted once more */
		igt_assert_f(sync_fence_wait(fence, -1) == 0, "the producers did not advance");
		igt_assert_f(atomic_load(&mpsc.counter) == (uint32_t)(MPSC_PRODUCERS * seqno),
			     "counter %u after %d rounds", atomic_load(&mpsc.counter), seqno);
		/* and may go on */
		sw_sync_timeline_inc(mpsc.consumer_timeline, 1);
		close(fence);
	}
}

static void sync_multi_producer_single_consumer(void)
{
	pthread_t th[MPSC_PRODUCERS];
	intptr_t i;

	mpsc.consumer_timeline = sw_sync_timeline_create();
	for (i = 0; i < MPSC_PRODUCERS; i++)
		mpsc.producer_timeline[i] = sw_sync_timeline_create();
	atomic_store(&mpsc.counter, 0);
	for (i = 0; i < MPSC_PRODUCERS; i++)
		igt_assert_eq(pthread_create(&th[i], NULL, mpsc_producer, (void *)i), 0);
	mpsc_consumer();
	close(mpsc.consumer_timeline);
	for (i = 0; i < MPSC_PRODUCERS; i++) {
		pthread_join(th[i], NULL);
		close(mpsc.producer_timeline[i]);
	}
}

static void sync_expired_merge(void)
{
	int timeline = sw_sync_timeline_create(), expired;
	double end;

	sw_sync_timeline_inc(timeline, 100);
	expired = sw_sync_timeline_create_fence(timeline, 1);
	igt_assert_f(sync_fence_wait(expired, 0) == 0, "a fence made expired is not signalled");
	close(sync_fence_merge(expired, expired));
	end = igt_now() + 1;
	while (igt_now() < end) {
		int f = sync_fence_merge(expired, expired);

		igt_assert(f >= 0);
		igt_assert_f(sync_fence_wait(f, -1) == 0, "waiting on a merge of expired fences");
		close(f);
	}
	close(expired);
	close(timeline);
}

static void sync_random_merge(void)
{
	enum { TIMELINES = 32, MERGES = 1024 };
	int latest[TIMELINES], t[TIMELINES], fence, i;

	srand(time(NULL));
	for (i = 0; i < TIMELINES; i++) {
		t[i] = sw_sync_timeline_create();
		latest[i] = -1;
	}
	latest[0] = rand();
	fence = sw_sync_timeline_create_fence(t[0], latest[0]);
	/* points at random on the timelines, all merged into one fence */
	for (i = 0; i < MERGES; i++) {
		int which = rand() % TIMELINES, point = rand(), tmp, merged;

		if (latest[which] < point)
			latest[which] = point;
		tmp = sw_sync_timeline_create_fence(t[which], point);
		merged = sync_fence_merge(tmp, fence);
		igt_assert(merged >= 0);
		close(tmp);
		close(fence);
		fence = merged;
	}
	for (i = 0; i < TIMELINES; i++) {
		if (latest[i] == -1)
			continue;
		igt_assert_f(sync_fence_wait(fence, 0) == -ETIME,
			     "the merged fence signalled before timeline %d reached its point", i);
		sw_sync_timeline_inc(t[i], latest[i]);
	}
	igt_assert_f(sync_fence_wait(fence, 1) == 0, "the merged fence did not signal");
	close(fence);
	for (i = 0; i < TIMELINES; i++)
		close(t[i]);
}

IGT_MAIN(fixture,
	{ "alloc_timeline", alloc_timeline },
	{ "alloc_fence", alloc_fence },
	{ "alloc_fence_invalid_timeline", alloc_fence_invalid_timeline },
	{ "timeline_closed", timeline_closed },
	{ "timeline_closed_signaled", timeline_closed_signaled },
	{ "alloc_merge_fence", alloc_merge_fence },
	{ "sync_busy", sync_busy },
	{ "sync_busy_fork", sync_busy_fork },
	{ "sync_busy_fork_unixsocket", sync_busy_fork_unixsocket },
	{ "sync_merge_invalid", sync_merge_invalid },
	{ "sync_merge", sync_merge },
	{ "sync_merge_same", sync_merge_same },
	{ "sync_multi_timeline_wait", sync_multi_timeline_wait },
	{ "sync_multi_consumer", sync_multi_consumer },
	{ "sync_multi_consumer_producer", sync_multi_consumer_producer },
	{ "sync_multi_producer_single_consumer", sync_multi_producer_single_consumer },
	{ "sync_expired_merge", sync_expired_merge },
	{ "sync_random_merge", sync_random_merge },
)
