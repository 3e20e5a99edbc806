// SPDX-License-Identifier: MIT
/*
 * virtgpu_clients: what each client holds, as DRM fdinfo shows it
 * (Documentation/gpu/drm-usage-stats.rst: drm-driver, drm-client-id,
 * drm-total-<region>, drm-shared-<region>, drm-resident-<region>), and
 * virtio-gpu-heap's limit on what one client may hold of the heap
 * (its heap_client_limit parameter).
 *
 * Two DRM files are two clients: each has its own drm-client-id; a heap
 * buffer one of them makes is in its "heap" region and not in the
 * other's, until the other imports it, when it is shared in both. With a
 * limit, a client past it gets -ENOSPC while another still allocates,
 * through the DRM file or the DMA-BUF heap alike.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-heap.h>
#include <xf86drm.h>

#include "igt.h"
#include "kms.h"
#include "virtgpu.h"

#define PAGE	4096

/*
 * The value of one fdinfo key of @fd, in bytes for sizes ("KiB" and
 * "MiB" units); -1 when the key is missing.
 */
static long long fdinfo(int fd, const char *key)
{
	char path[64], line[256], unit[8];
	unsigned long long v;
	size_t len = strlen(key);
	long long found = -1;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, len) || line[len] != ':')
			continue;
		unit[0] = 0;
		n = sscanf(line + len + 1, "%llu %7s", &v, unit);
		igt_assert_f(n >= 1, "%s: %s", path, line);
		if (!strcmp(unit, "KiB"))
			v <<= 10;
		else if (!strcmp(unit, "MiB"))
			v <<= 20;
		else
			igt_assert_f(n == 1, "%s: unit %s", path, unit);
		found = v;
	}
	fclose(f);
	return found;
}

static int open_heap_client(void)
{
	int fd = virtgpu_open();

	igt_require_f(virtgpu_device_guest_vram(),
		      "the device offers no heap region, a host-visible one too, or no blobs");
	return fd;
}

/* The keys every DRM file's fdinfo has, and one client id per file. */
static void fdinfo_keys(void)
{
	int a = virtgpu_open(), b = virtgpu_open();
	char path[64], line[256], driver[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", a);
	f = fopen(path, "r");
	igt_assert(f);
	while (fgets(line, sizeof(line), f))
		sscanf(line, "drm-driver: %63s", driver);
	fclose(f);
	igt_assert_f(!strcmp(driver, "virtio_gpu"), "drm-driver is '%s'", driver);
	igt_assert_lte(0, fdinfo(a, "drm-client-id"));
	igt_assert_neq(fdinfo(a, "drm-client-id"), fdinfo(b, "drm-client-id"));
	if (!virtgpu_driver_is_ours()) {
		close(a);
		close(b);
		return;
	}
	/* virtio-gpu-heap's regions, empty for a new file */
	igt_assert_eq(fdinfo(a, "drm-total-system"), 0);
	igt_assert_eq(fdinfo(a, "drm-total-heap"), 0);
	igt_assert_eq(fdinfo(a, "drm-total-host"), 0);
	igt_assert_eq(fdinfo(a, "drm-resident-heap"), 0);
	close(a);
	close(b);
}

/*
 * A heap buffer is its maker's alone, then shared once another client
 * imports it; gone from both once closed.
 */
static void fdinfo_heap_two_clients(void)
{
	struct drm_virtgpu_resource_create_blob blob;
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_prime_handle imp = {};
	int a = open_heap_client(), b = virtgpu_open();
	struct drm_virtgpu_resource_info info = {};
	long long size;

	igt_assert_eq(virtgpu_blob(a, VIRTGPU_BLOB_MEM_GUEST_VRAM,
				   VIRTGPU_BLOB_FLAG_USE_SHAREABLE, 1 << 20, 0,
				   &blob), 0);
	info.bo_handle = blob.bo_handle;
	igt_assert_eq(vgh_ioctl(a, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	size = info.size;
	igt_assert_eq(fdinfo(a, "drm-total-heap"), size);
	igt_assert_eq(fdinfo(a, "drm-resident-heap"), size);
	igt_assert_eq(fdinfo(a, "drm-shared-heap"), 0);
	igt_assert_eq(fdinfo(b, "drm-total-heap"), 0);

	exp.handle = blob.bo_handle;
	igt_assert_eq(vgh_ioctl(a, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
	imp.fd = exp.fd;
	igt_assert_eq(vgh_ioctl(b, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp), 0);
	close(exp.fd);
	igt_assert_eq(fdinfo(a, "drm-shared-heap"), size);
	igt_assert_eq(fdinfo(b, "drm-shared-heap"), size);
	igt_assert_eq(fdinfo(b, "drm-total-heap"), size);
	igt_assert_eq(fdinfo(b, "drm-total-system"), 0);

	gem_close(a, blob.bo_handle);
	igt_assert_eq(fdinfo(a, "drm-total-heap"), 0);
	igt_assert_eq(fdinfo(b, "drm-total-heap"), size);
	gem_close(b, imp.handle);
	igt_assert_eq(fdinfo(b, "drm-total-heap"), 0);
	close(a);
	close(b);
}

static void set_limit(unsigned long long bytes)
{
	char v[32];

	snprintf(v, sizeof(v), "%llu", bytes);
	igt_assert_eq(vgh_write_attr("/sys/module/virtio_gpu_heap/parameters",
				     "heap_client_limit", v), 0);
}

/* In a child, so that the limit is lifted whatever the child does. */
static void with_limit(unsigned long long bytes, void (*body)(uint64_t))
{
	int status;
	pid_t pid;

	igt_require_f(virtgpu_driver_is_ours(),
		      "the in-tree driver has no per-client heap limit");
	igt_require_f(virtgpu_device_guest_vram(),
		      "the device offers no heap region, a host-visible one too, or no blobs");
	set_limit(bytes);
	pid = fork();
	igt_assert(pid >= 0);
	if (!pid) {
		body(bytes);
		_exit(0);
	}
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	set_limit(0);
	igt_assert_f(WIFEXITED(status) && !WEXITSTATUS(status),
		     "the subtest's body failed");
}

/* The share each client gets in the limit subtests: a quarter of the pool. */
static uint64_t quarter(void)
{
	uint64_t pool = vgh_sim_param("heap_size");

	igt_require_f(pool >= 16 * PAGE, "the heap's size is not known");
	return pool / 4;
}

static void limit_drm_body(uint64_t limit)
{
	struct drm_virtgpu_resource_create_blob a1, a2, b1;
	int a = virtgpu_open(), b = virtgpu_open();

	igt_assert_eq(virtgpu_blob(a, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, limit, 0, &a1), 0);
	igt_assert_eq(virtgpu_blob(a, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, PAGE, 0, &a2),
		      -ENOSPC);
	/* the other client still allocates, as much as its own limit */
	igt_assert_eq(virtgpu_blob(b, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, limit, 0, &b1), 0);
	igt_assert_eq(virtgpu_blob(b, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, PAGE, 0, &a2),
		      -ENOSPC);
	/* a client's room comes back with its buffer */
	gem_close(a, a1.bo_handle);
	igt_assert_eq(virtgpu_blob(a, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, PAGE, 0, &a2), 0);
	close(a);
	close(b);
}

/* Two DRM files, each with its own share of the heap. */
static void limit_drm(void)
{
	with_limit(quarter(), limit_drm_body);
}

/* DMA_HEAP_IOCTL_ALLOC of @len; 0 with *buf set, or -errno */
static int heap_alloc(int heap, uint64_t len, int *buf)
{
	struct dma_heap_allocation_data d = {
		.len = len, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	int ret = vgh_ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d);

	if (!ret)
		*buf = d.fd;
	return ret;
}

static void limit_dma_heap_body(uint64_t limit)
{
	struct drm_virtgpu_resource_create_blob blob;
	int fd = virtgpu_open(), heap, other, buf, buf2, page;
	char path[80];

	virtgpu_dma_heap_path(fd, path, sizeof(path));
	heap = open(path, O_RDWR | O_CLOEXEC);
	other = open(path, O_RDWR | O_CLOEXEC);
	igt_assert_f(heap >= 0 && other >= 0, "%s: %s", path, strerror(errno));
	igt_assert_eq(heap_alloc(heap, limit, &buf), 0);
	igt_assert_eq(heap_alloc(heap, PAGE, &page), -ENOSPC);
	/* another open of the node is another client, and so is a DRM file */
	igt_assert_eq(heap_alloc(other, limit, &buf2), 0);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, PAGE, 0,
				   &blob), 0);
	/* the room comes back with the buffer */
	close(buf);
	igt_assert_eq(heap_alloc(heap, PAGE, &page), 0);
	close(page);
	close(buf2);
	close(heap);
	close(other);
	close(fd);
}

/* Files of the DMA-BUF heap's node are clients too. */
static void limit_dma_heap(void)
{
	with_limit(quarter(), limit_dma_heap_body);
}

IGT_MAIN(NULL,
	{ "fdinfo-keys", fdinfo_keys },
	{ "fdinfo-heap-two-clients", fdinfo_heap_two_clients },
	{ "heap-limit-drm", limit_drm },
	{ "heap-limit-dma-heap", limit_dma_heap },
)
