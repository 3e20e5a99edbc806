// SPDX-License-Identifier: MIT
/*
 * dumb_buffer: the generic dumb-buffer interface: creation, mapping,
 * rejected arguments, use of a mapping after the handle is gone, and
 * fresh buffers always reading back as zero.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "kms.h"

static int fd;

static void open_device(void)
{
	fd = drm_open();
}

static void invalid_bpp(void)
{
	struct drm_mode_create_dumb c = { .width = 4032, .height = 2016, .bpp = 0 };

	igt_assert_eq(vgh_dumb_create(fd, &c), -EINVAL);
	c.bpp = 32;
	c.width = 0;
	igt_assert_eq(vgh_dumb_create(fd, &c), -EINVAL);
	c.width = 4032;
	c.height = 0;
	igt_assert_eq(vgh_dumb_create(fd, &c), -EINVAL);
}

static void create_valid_dumb(void)
{
	uint32_t h = dumb_create(fd, 4032, 2016, 32, NULL, NULL);

	dumb_destroy(fd, h);
}

static void map_valid(void)
{
	uint64_t size;
	uint32_t h = dumb_create(fd, 4032, 2016, 32, NULL, &size);

	munmap(dumb_map(fd, h, size, PROT_READ), size);
	dumb_destroy(fd, h);
}

static void map_uaf(void)
{
	uint64_t size;
	uint32_t h = dumb_create(fd, 4032, 2016, 32, NULL, &size);
	uint32_t *p = dumb_map(fd, h, size, PROT_READ);

	/* the mapping keeps the object alive after its handle is gone */
	dumb_destroy(fd, h);
	igt_assert_eq(*p, 0);
	munmap(p, size);
}

static void map_invalid_size(void)
{
	struct drm_mode_map_dumb m = { 0 };
	uint64_t size;
	void *p;

	m.handle = dumb_create(fd, 4032, 2016, 32, NULL, &size);
	do_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
	p = mmap(NULL, size + 1, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
	igt_assert(p == MAP_FAILED);
	dumb_destroy(fd, m.handle);
}

/* --- create-clear --- */

static sigjmp_buf probe_env;

static void probe_signal(int sig)
{
	siglongjmp(probe_env, sig);
}

/* Largest buffer (rows of 1 MiB, doubling) that can be created and read. */
static uint64_t largest_dumb_buffer(void)
{
	struct sigaction sa = { .sa_handler = probe_signal }, old_bus, old_segv;
	struct drm_mode_create_dumb c = { .bpp = 32, .width = 1 << 18 };
	volatile uint64_t largest = 0;
	char *volatile ptr = NULL;
	struct sysinfo si;
	unsigned long max_rows;

	sysinfo(&si);
	max_rows = (unsigned long)((uint64_t)si.totalram * si.mem_unit >> 20) / 2;
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	if (sigsetjmp(probe_env, 1) == 0) {
		for (c.height = 1; c.height < max_rows; c.height *= 2) {
			uint64_t offset;

			if (vgh_dumb_create(fd, &c))
				break;
			ptr = NULL;
			if (!vgh_dumb_map(fd, c.handle, &offset)) {
				ptr = mmap(NULL, c.size, PROT_READ, MAP_SHARED, fd, offset);
				if (ptr == MAP_FAILED)
					ptr = NULL;
			}
			dumb_destroy(fd, c.handle);
			if (!ptr)
				break;
			if (!*ptr)
				largest = c.size;
			munmap(ptr, c.size);
			ptr = NULL;
		}
	} else if (ptr) {
		munmap(ptr, c.size);
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	igt_info("largest dumb buffer created and read: %llu bytes",
		 (unsigned long long)largest);
	return largest;
}

struct clear_state {
	_Atomic uint64_t pages;	/* budget of pages all threads may hold */
	uint64_t page_size;
	double deadline;
};

#define MAX_PAGES_PER_BUFFER 102400

static uint64_t take_pages(struct clear_state *s, uint64_t want)
{
	uint64_t have = atomic_load(&s->pages), n;

	do {
		n = 1 + want % (have / 2 ? have / 2 : 1);
		if (n > have)
			return 0;
	} while (!atomic_compare_exchange_weak(&s->pages, &have, have - n));
	return n;
}

static void *clear_thread(void *arg)
{
	struct clear_state *s = arg;
	unsigned long checked = 0;

	while (igt_now() < s->deadline) {
		uint64_t want = ((uint64_t)random() << 32) | random();
		uint64_t n = take_pages(s, want), chunk;

		if (!n)
			continue;
		for (; n; n -= chunk) {
			uint64_t size, row, x;
			uint32_t pitch, h;
			uint8_t *p;

			chunk = n < MAX_PAGES_PER_BUFFER ? n : MAX_PAGES_PER_BUFFER;
			h = dumb_create(fd, s->page_size / 4, chunk, 32, &pitch, &size);
			p = dumb_map(fd, h, size, PROT_WRITE | PROT_READ);
			for (row = 0; row < chunk; row++) {
				memcpy(&x, p + row * 4096 + row % (4096 - sizeof(x)), sizeof(x));
				igt_assert_eq_u64(x, 0);
			}
			munmap(p, size);
			dumb_destroy(fd, h);
			atomic_fetch_add(&s->pages, chunk);
			checked += chunk;
		}
	}
	return (void *)(uintptr_t)checked;
}

static void create_clear(void)
{
	struct clear_state s = { 0 };
	int i, ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t threads[64];
	unsigned long checked = 0;
	void *r;

	s.page_size = 0;
	{
		uint64_t size;
		uint32_t h = dumb_create(fd, 1, 1, 32, NULL, &size);

		dumb_destroy(fd, h);
		s.page_size = size;
	}
	atomic_store(&s.pages, largest_dumb_buffer() / s.page_size);
	s.deadline = igt_now() + 10 * igt_time_scale();
	if (ncpus > 64)
		ncpus = 64;
	for (i = 0; i < ncpus; i++)
		igt_assert_eq(pthread_create(&threads[i], NULL, clear_thread, &s), 0);
	for (i = 0; i < ncpus; i++) {
		pthread_join(threads[i], &r);
		checked += (uintptr_t)r;
	}
	igt_info("checked %lu page allocations", checked);
}

IGT_MAIN(open_device,
	{ "invalid-bpp", invalid_bpp },
	{ "create-valid-dumb", create_valid_dumb },
	{ "map-valid", map_valid },
	{ "map-uaf", map_uaf },
	{ "map-invalid-size", map_invalid_size },
	{ "create-clear", create_clear },
)
