// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-heap-scan: what a client finds in the dedicated heap.
 *
 * usage: vgh-heap-scan [-d NODE] fill PATTERN | check | hold READY GO
 *
 * Takes the whole heap in 1 MiB GUEST_VRAM blobs (until -ENOSPC), maps
 * each, and either writes PATTERN (a 64-bit number) over all of them or
 * counts the 64-bit words that are not zero; then frees them all. Prints
 * "blocks N nonzero_words W". check exits 1 when W is not 0, and both
 * exit 2 when they cannot run (no heap mode, an ioctl failed).
 *
 * hold: a client that keeps a heap blob across the device's removal. It
 * makes a 1 MiB GUEST_VRAM blob, maps it, writes it, exports it as a
 * dma-buf, creates the file READY and waits for the file GO; then prints
 * what is left of it, one line each: "mapping: SIGBUS" or "mapping: reads
 * X", "dma-buf mmap: ERRNO" or "dma-buf mmap: ok", "ioctl: ERRNO" or
 * "ioctl: ok" (a GETPARAM on the old file).
 */
#include <drm/virtgpu_heap_drm.h>

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>

#include "vgh-kms.h"

#define BLOCK	(1u << 20)
#define MAX	4096

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	siglongjmp(bus_env, sig);
}

/* "ok", or the name of the errno of err (0 or -errno). */
static const char *err_or_ok(int err)
{
	return err ? vgh_errno_name(-err) : "ok";
}

static int hold(int fd, const char *ready, const char *go)
{
	struct drm_virtgpu_resource_create_blob b = {
		.blob_mem = VIRTGPU_BLOB_MEM_GUEST_VRAM,
		.blob_flags = VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
			      VIRTGPU_BLOB_FLAG_USE_SHAREABLE,
		.size = BLOCK,
	};
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_virtgpu_getparam gp = { .param = VIRTGPU_PARAM_RESOURCE_BLOB };
	struct drm_virtgpu_map m = {};
	volatile uint64_t *p;
	uint64_t value = 0;
	void *q;
	int f;

	vgh_xioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b, "RESOURCE_CREATE_BLOB");
	m.handle = b.bo_handle;
	vgh_xioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &m, "MAP");
	p = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
	if (p == MAP_FAILED)
		vgh_die("mmap: %s", strerror(errno));
	p[0] = 0x600dcafe;
	exp.handle = b.bo_handle;
	vgh_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp, "PRIME_HANDLE_TO_FD");
	f = open(ready, O_CREAT | O_WRONLY, 0644);
	if (f < 0)
		vgh_die("%s: %s", ready, strerror(errno));
	close(f);
	while (access(go, F_OK))
		vgh_sleep_ms(100);

	signal(SIGBUS, on_sigbus);
	if (sigsetjmp(bus_env, 1))
		printf("mapping: SIGBUS\n");
	else
		printf("mapping: reads %#llx\n", (unsigned long long)p[0]);
	signal(SIGBUS, SIG_DFL);
	q = mmap(NULL, BLOCK, PROT_READ, MAP_SHARED, exp.fd, 0);
	printf("dma-buf mmap: %s\n", err_or_ok(q == MAP_FAILED ? -errno : 0));
	gp.value = (uintptr_t)&value;
	printf("ioctl: %s\n", err_or_ok(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp)));
	return 0;
}

int main(int argc, char **argv)
{
	static uint32_t handles[MAX];
	const char *node = "/dev/dri/card0";
	unsigned long long pattern = 0, nonzero = 0;
	unsigned int n, i;
	bool fill;
	int fd, err = 0;

	vgh_prog = "vgh-heap-scan";
	if (argc > 2 && !strcmp(argv[1], "-d")) {
		node = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return hold(vgh_open(node), argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "fill"))
		pattern = strtoull(argv[2], NULL, 0);
	else if (argc != 2 || strcmp(argv[1], "check"))
		vgh_die("usage: vgh-heap-scan [-d NODE] fill PATTERN | check | hold READY GO");
	fill = argc == 3;
	fd = vgh_open(node);
	for (n = 0; n < MAX; n++) {
		struct drm_virtgpu_resource_create_blob b = {
			.blob_mem = VIRTGPU_BLOB_MEM_GUEST_VRAM,
			.blob_flags = VIRTGPU_BLOB_FLAG_USE_MAPPABLE,
			.size = BLOCK,
		};
		struct drm_virtgpu_map m = {};
		volatile uint64_t *p;

		err = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b);
		if (err)
			break;
		handles[n] = b.bo_handle;
		m.handle = b.bo_handle;
		vgh_xioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &m, "MAP");
		p = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
		if (p == MAP_FAILED)
			vgh_die("mmap: %s", strerror(errno));
		for (i = 0; i < BLOCK / 8; i++) {
			if (fill)
				p[i] = pattern;
			else
				nonzero += p[i] != 0;
		}
		munmap((void *)p, BLOCK);
	}
	if (err != -ENOSPC)
		vgh_die("block %u: %s, not ENOSPC once the heap is full", n,
			strerror(-err));
	for (i = 0; i < n; i++) {
		struct drm_gem_close c = { .handle = handles[i] };

		vgh_xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c, "GEM_CLOSE");
	}
	printf("blocks %u nonzero_words %llu\n", n, nonzero);
	close(fd);
	return nonzero ? 1 : 0;
}
