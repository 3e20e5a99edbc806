// SPDX-License-Identifier: MIT
/*
 * virtgpu_dma_heap: the dedicated heap as a DMA-BUF heap, as a camera or
 * a video decoder uses it (libcamera, GStreamer): DMA_HEAP_IOCTL_ALLOC on
 * /dev/dma_heap/virtio-gpu-heap-card<N>, the frame written through the
 * dma-buf's mapping, then imported into the DRM device and scanned out.
 *
 * In heap mode on a device that takes blobs the node must be there, and
 * the frame must reach the host without a copy: the simulated host shows
 * it from guest memory, as a GUEST_VRAM blob of one memory entry, and
 * copied no byte. Without a heap the node must not be there. On the
 * simulated device the subtests know which case to expect from the
 * simulator's own parameters, so a driver that stopped offering the heap
 * fails instead of skipping.
 *
 * The heap's buffers share the pool with DRM clients' heap buffers; each
 * is zero when handed out, stays while a framebuffer, a mapping or a
 * dma-buf holds it, and gives its room back once nothing does (the
 * driver's debugfs accounting, vgh_heap).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <glob.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "igt.h"
#include "kms.h"
#include "virtgpu.h"

#define PAGE	4096
/* buffers the pool is cut into by the subtests that fill it */
#define SLICES	8

/* DMA_HEAP_IOCTL_ALLOC; 0 with *fd set, or -errno. */
static int heap_alloc_raw(int heap, uint64_t len, uint32_t fd_field,
			  uint32_t fd_flags, uint64_t heap_flags, int *fd)
{
	struct dma_heap_allocation_data d = {
		.len = len,
		.fd = fd_field,
		.fd_flags = fd_flags,
		.heap_flags = heap_flags,
	};
	int ret = vgh_ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d);

	if (!ret)
		*fd = d.fd;
	return ret;
}

static int heap_alloc(int heap, uint64_t len, int *fd)
{
	return heap_alloc_raw(heap, len, 0, O_RDWR | O_CLOEXEC, 0, fd);
}

/* The pool's "used" bytes from vgh_heap in debugfs. */
static unsigned long long pool_used(int minor)
{
	unsigned long long used = ~0ull;
	char path[80], line[512];
	const char *at;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/vgh_heap", minor);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "pool ", 5) && (at = strstr(line, " used ")))
			used = strtoull(at + 6, NULL, 10);
	fclose(f);
	igt_assert_f(used != ~0ull, "no pool line in %s", path);
	return used;
}

/* Wait up to 2 s for the pool's use to come back to @want. */
static void pool_used_settles(int minor, unsigned long long want)
{
	unsigned long long used = 0;
	int i;

	for (i = 0; i < 200 && (used = pool_used(minor)) != want; i++)
		vgh_sleep_ms(10);
	igt_assert_eq(used, want);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	igt_assert(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/*
 * A DRM file and the heap's node, in heap mode on a device with blobs;
 * skips elsewhere.
 */
static int open_dma_heap(int drm_fd)
{
	char path[80];
	int heap;

	igt_require_f(virtgpu_device_guest_vram(),
		      "the device offers no heap region, a host-visible one too, or no blobs");
	virtgpu_dma_heap_path(drm_fd, path, sizeof(path));
	heap = open(path, O_RDWR | O_CLOEXEC);
	igt_assert_f(heap >= 0, "heap mode on a device with blobs, but %s: %s",
		     path, strerror(errno));
	return heap;
}

/* The block every buffer of the pool-filling subtests has. */
static uint64_t slice(void)
{
	uint64_t pool = vgh_sim_param("heap_size");

	igt_require_f(pool >= SLICES * PAGE, "the heap's size is not known");
	return pool / SLICES;
}

static void *map_dmabuf(int fd, uint64_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

static void cpu_access(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	igt_assert_eq(vgh_ioctl(fd, DMA_BUF_IOCTL_SYNC, &s), 0);
}

static size_t nonzero_words(const volatile uint32_t *p, uint64_t bytes)
{
	size_t n = 0, i;

	for (i = 0; i < bytes / 4; i++)
		n += p[i] != 0;
	return n;
}

/* The node is there exactly in heap mode on a device that takes blobs. */
static void node(void)
{
	int fd = virtgpu_open(), heap;
	char path[80], want[128], line[256] = "";
	FILE *f;

	virtgpu_dma_heap_path(fd, path, sizeof(path));
	heap = open(path, O_RDWR | O_CLOEXEC);
	if (!virtgpu_device_guest_vram()) {
		igt_assert_f(heap < 0 && errno == ENOENT,
			     "%s without a heap of GUEST_VRAM blobs", path);
		close(fd);
		return;
	}
	igt_assert_f(heap >= 0, "%s: %s", path, strerror(errno));
	close(heap);
	snprintf(want, sizeof(want), "node %s allocs ", path);
	snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/vgh_dma_heap",
		 virtgpu_card_index(fd));
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %s", path, strerror(errno));
	igt_assert(fgets(line, sizeof(line), f));
	fclose(f);
	igt_assert_f(!strncmp(line, want, strlen(want)), "%s says: %s", path, line);
	close(fd);
}

/* Each bad request gets its errno and leaves no buffer and no fd. */
static void alloc_errors(void)
{
	int fd = virtgpu_open(), heap = open_dma_heap(fd), minor = virtgpu_card_index(fd);
	uint64_t pool = vgh_sim_param("heap_size");
	unsigned long long used = pool_used(minor);
	struct dma_heap_allocation_data d = { .len = PAGE };
	int fds = open_fds(), out = -1;

	igt_require_f(pool, "the heap's size is not known");
	igt_assert_eq(heap_alloc(heap, 0, &out), -EINVAL);
	igt_assert_eq(heap_alloc_raw(heap, PAGE, 5, O_RDWR, 0, &out), -EINVAL);
	igt_assert_eq(heap_alloc_raw(heap, PAGE, 0, O_RDWR | O_NONBLOCK, 0, &out), -EINVAL);
	igt_assert_eq(heap_alloc_raw(heap, PAGE, 0, O_RDWR, 1, &out), -EINVAL);
	igt_assert_eq(heap_alloc(heap, ~0ull - PAGE, &out), -EINVAL);
	igt_assert_eq(heap_alloc(heap, pool + PAGE, &out), -ENOSPC);
	igt_assert_eq(vgh_ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x1,
					    struct dma_heap_allocation_data), &d),
		      -ENOTTY);
	igt_assert_eq(vgh_ioctl(heap, DMA_HEAP_IOCTL_ALLOC, (void *)8), -EFAULT);
	igt_assert_eq(out, -1);
	igt_assert_eq(open_fds(), fds);
	igt_assert_eq(pool_used(minor), used);
	/* and a good one after them */
	igt_assert_eq(heap_alloc(heap, PAGE, &out), 0);
	igt_assert_lte(pool_used(minor), used + slice());
	close(out);
	pool_used_settles(minor, used);
	close(heap);
	close(fd);
}

/* A frame from the heap on the display, its dma-buf held or not. */
struct frame {
	int dmabuf;
	uint32_t *map;
	uint64_t len;
	struct kfb fb;
	uint32_t res_id;
};

/* Allocate, write pattern 5 through the dma-buf, import, ADDFB2. */
static void frame_create(int fd, int heap, uint32_t w, uint32_t h,
			 struct frame *f)
{
	struct drm_prime_handle imp = {};
	struct drm_virtgpu_resource_info info = {};
	uint32_t handles[4] = {}, pitches[4] = {}, offsets[4] = {}, x, y;

	memset(f, 0, sizeof(*f));
	f->len = (uint64_t)w * 4 * h;
	igt_assert_eq(heap_alloc(heap, f->len, &f->dmabuf), 0);
	f->map = map_dmabuf(f->dmabuf, f->len);
	igt_assert_eq(nonzero_words(f->map, f->len), 0);
	cpu_access(f->dmabuf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			f->map[(size_t)y * w + x] = vgh_pattern(5, x, y);
	cpu_access(f->dmabuf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);

	imp.fd = f->dmabuf;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp), 0);
	info.bo_handle = imp.handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.blob_mem, VIRTGPU_BLOB_MEM_GUEST_VRAM);
	igt_assert_lte(f->len, info.size);
	f->res_id = info.res_handle;

	f->fb = (struct kfb){ .fd = fd, .handle = imp.handle, .width = w,
			      .height = h, .format = DRM_FORMAT_XRGB8888,
			      .pitch = w * 4, .size = f->len };
	handles[0] = imp.handle;
	pitches[0] = w * 4;
	igt_assert_eq(drmModeAddFB2(fd, w, h, DRM_FORMAT_XRGB8888, handles,
				    pitches, offsets, &f->fb.id, 0), 0);
}

/* The host's image of @pipe is pattern 5, shown from guest memory. */
static void frame_shown(const struct frame *f, int pipe)
{
	char path[128], line[512], want[64];
	bool direct = false, one_entry = false;
	uint32_t *px = malloc(f->len), x, y;
	FILE *file;

	igt_assert(px);
	for (y = 0; y < f->fb.height; y++)
		for (x = 0; x < f->fb.width; x++)
			px[(size_t)y * f->fb.width + x] = vgh_pattern(5, x, y);
	snprintf(path, sizeof(path), "%s/scanout%d.ppm", VGH_SIM_DIR, pipe);
	igt_assert_eq(vgh_ppm_compare(path, px, f->fb.width, f->fb.height), 0);
	free(px);

	snprintf(path, sizeof(path), "%s/scanouts", VGH_SIM_DIR);
	snprintf(want, sizeof(want), "scanout %d ", pipe);
	file = fopen(path, "r");
	igt_assert(file);
	while (fgets(line, sizeof(line), file))
		if (!strncmp(line, want, strlen(want)))
			direct = strstr(line, " source guest-direct") != NULL;
	fclose(file);
	igt_assert_f(direct, "scanout %d is not shown from guest memory", pipe);

	snprintf(path, sizeof(path), "%s/resources", VGH_SIM_DIR);
	snprintf(want, sizeof(want), "resource %u kind blob ", f->res_id);
	file = fopen(path, "r");
	igt_assert(file);
	while (fgets(line, sizeof(line), file))
		if (!strncmp(line, want, strlen(want)))
			one_entry = strstr(line, " blob_mem 4 ") &&
				    (strstr(line, " entries 1 ") ||
				     strstr(line, " entries 1\n"));
	fclose(file);
	igt_assert_f(one_entry, "resource %u is not a one-entry GUEST_VRAM blob",
		     f->res_id);
}

/* Let go of what the client holds of the frame, but not of its fb. */
static void frame_drop_client_refs(struct frame *f)
{
	munmap(f->map, f->len);
	close(f->dmabuf);
	gem_close(f->fb.fd, f->fb.handle);
}

static void kms_first_output(struct kms *k, int fd, struct output *out)
{
	kms_init(k, fd);
	igt_require_f(kms_valid_outputs(k, out, 1) == 1, "no connected output");
}

/*
 * A camera's frame on the display with no copy: written through the
 * dma-buf's mapping, imported, shown; the host copied nothing and shows
 * exactly what was written.
 */
static void fill_import_scanout(void)
{
	int fd = drm_open_master(), heap = open_dma_heap(fd);
	struct vgh_sim before, after;
	struct output out;
	struct frame f;
	struct kms k;

	kms_first_output(&k, fd, &out);
	frame_create(fd, heap, out.mode.hdisplay, out.mode.vdisplay, &f);
	igt_assert_eq(vgh_sim_counters(VGH_SIM_DIR, &before), 0);
	output_on(&k, &out, &f.fb);
	frame_shown(&f, out.pipe);
	igt_assert_eq(vgh_sim_counters(VGH_SIM_DIR, &after), 0);
	igt_assert_eq(after.copied, before.copied);
	igt_assert_eq(after.transfers, before.transfers);
	igt_assert_eq(after.errors, before.errors);
	output_off(&k, &out);
	kms_fini(&k);
	close(heap);
	close(fd);
}

/* Another device attaches a buffer of the heap. */
static void vgem_import(void)
{
	int fd = virtgpu_open(), heap = open_dma_heap(fd), buf;

	igt_assert_eq(heap_alloc(heap, 16 * PAGE, &buf), 0);
	virtgpu_import_into_vgem(buf);
	close(buf);
	close(heap);
	close(fd);
}

/*
 * The DMA-BUF heap and the DRM file's GUEST_VRAM blobs take from one
 * pool: once the heap's buffers fill it, a blob gets no room, and the
 * room one buffer gives back goes to a blob.
 */
static void pool_shared(void)
{
	int fd = virtgpu_open(), heap = open_dma_heap(fd), minor = virtgpu_card_index(fd);
	struct drm_virtgpu_resource_create_blob blob;
	uint64_t len = slice();
	int bufs[SLICES + 1], n, i, last = 0;

	for (n = 0; n <= SLICES; n++) {
		last = heap_alloc(heap, len, &bufs[n]);
		if (last)
			break;
	}
	igt_assert_eq(last, -ENOSPC);
	igt_assert_lte(1, n);
	igt_assert_eq(pool_used(minor), n * len);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, len, 0,
				   &blob), -ENOSPC);
	close(bufs[--n]);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, len, 0,
				   &blob), 0);
	igt_assert_eq(heap_alloc(heap, len, &bufs[n]), -ENOSPC);
	gem_close(fd, blob.bo_handle);
	igt_assert_eq(heap_alloc(heap, len, &bufs[n++]), 0);
	for (i = 0; i < n; i++)
		close(bufs[i]);
	pool_used_settles(minor, 0);
	close(heap);
	close(fd);
}

/*
 * A frame whose dma-buf, mapping and handle are all closed while it is
 * scanned out stays shown and keeps its block; turning the output off
 * and removing the framebuffer gives the block back.
 */
static void release_scanned_out(void)
{
	int fd = drm_open_master(), heap = open_dma_heap(fd), minor = virtgpu_card_index(fd);
	unsigned long long used = pool_used(minor);
	struct output out;
	struct frame f;
	struct kms k;

	kms_first_output(&k, fd, &out);
	frame_create(fd, heap, out.mode.hdisplay, out.mode.vdisplay, &f);
	output_on(&k, &out, &f.fb);
	frame_drop_client_refs(&f);
	igt_assert_lte(used + f.len, pool_used(minor));
	frame_shown(&f, out.pipe);
	output_off(&k, &out);
	igt_assert_eq(drmModeRmFB(fd, f.fb.id), 0);
	pool_used_settles(minor, used);
	kms_fini(&k);
	close(heap);
	close(fd);
}

/*
 * A buffer whose dma-buf is closed while it is mapped keeps its bytes
 * and its block: the rest of the pool, taken meanwhile, is new and zero.
 * Unmapped, its room comes back.
 */
static void release_mapped(void)
{
	int fd = virtgpu_open(), heap = open_dma_heap(fd), minor = virtgpu_card_index(fd);
	uint64_t len = slice();
	int bufs[SLICES], n = 0, held, i;
	uint32_t *p, *q;

	igt_assert_eq(heap_alloc(heap, len, &held), 0);
	p = map_dmabuf(held, len);
	for (i = 0; i < (int)(len / 4); i++)
		p[i] = 0xc0ffee00u | (i & 0xff);
	close(held);
	while (n < SLICES && !heap_alloc(heap, len, &bufs[n])) {
		q = map_dmabuf(bufs[n], len);
		igt_assert_eq(nonzero_words(q, len), 0);
		munmap(q, len);
		n++;
	}
	igt_assert_eq(n, SLICES - 1);
	for (i = 0; i < (int)(len / 4); i++)
		igt_assert_eq_u64(p[i], 0xc0ffee00u | (i & 0xff));
	for (i = 0; i < n; i++)
		close(bufs[i]);
	pool_used_settles(minor, len);
	munmap(p, len);
	pool_used_settles(minor, 0);
	close(heap);
	close(fd);
}

/*
 * No client reads another's bytes: one process fills every buffer it
 * can get and exits; the next finds only zeroes in as many buffers.
 */
static void clear_cross_process(void)
{
	int fd = virtgpu_open(), heap = open_dma_heap(fd), status, n = 0, i;
	uint64_t len = slice();
	int bufs[SLICES + 1];
	uint32_t *p;
	pid_t pid;

	pid = fork();
	igt_assert(pid >= 0);
	if (!pid) {
		for (n = 0; n <= SLICES && !heap_alloc(heap, len, &bufs[n]); n++) {
			p = map_dmabuf(bufs[n], len);
			memset(p, 0xa5, len);
			munmap(p, len);
		}
		_exit(n == SLICES ? 0 : 1);
	}
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && !WEXITSTATUS(status),
		     "the first process did not fill the pool");
	for (n = 0; n < SLICES; n++) {
		igt_assert_eq(heap_alloc(heap, len, &bufs[n]), 0);
		p = map_dmabuf(bufs[n], len);
		igt_assert_f(!nonzero_words(p, len),
			     "buffer %d holds the other process's bytes", n);
		munmap(p, len);
	}
	for (i = 0; i < n; i++)
		close(bufs[i]);
	close(heap);
	close(fd);
}

/*
 * Once the device is unbound, the node is gone and a file of it that
 * stayed open gets -ENODEV (a mapping of a buffer made before is zapped,
 * as every mapping of the heap is at unplug); binding the device again
 * brings the node back.
 */
static void alloc_after_unbind(void)
{
	const char *drv = "/sys/bus/virtio/drivers/virtio_gpu_heap";
	int fd = virtgpu_open(), heap = open_dma_heap(fd), buf = -1, late = -1;
	char pattern[96], path[80], dev[32];
	int unbound, ret;
	uint32_t *p;
	bool gone;
	glob_t g;

	igt_require_f(virtgpu_driver_is_ours(), "unbinding is virtio-gpu-heap's");
	/* the card's device is the transport's; the virtio device its child */
	snprintf(pattern, sizeof(pattern), "/sys/class/drm/card%d/device/virtio*",
		 virtgpu_card_index(fd));
	igt_assert_eq(glob(pattern, 0, NULL, &g), 0);
	snprintf(dev, sizeof(dev), "%s", strrchr(g.gl_pathv[0], '/') + 1);
	globfree(&g);
	virtgpu_dma_heap_path(fd, path, sizeof(path));
	igt_assert_eq(heap_alloc(heap, 4 * PAGE, &buf), 0);
	p = map_dmabuf(buf, 4 * PAGE);
	close(fd);

	/* bound again before any assertion, for the subtests after this one */
	unbound = vgh_write_attr(drv, "unbind", dev);
	ret = heap_alloc(heap, PAGE, &late);
	gone = access(path, F_OK) != 0;
	if (late >= 0)
		close(late);
	munmap(p, 4 * PAGE);
	close(buf);
	close(heap);
	igt_assert_eq(vgh_write_attr(drv, "bind", dev), 0);
	igt_assert_eq(unbound, 0);
	igt_assert_eq(ret, -ENODEV);
	igt_assert_f(gone, "%s is still there after unbind", path);
	fd = virtgpu_open();
	virtgpu_dma_heap_path(fd, path, sizeof(path));
	heap = open(path, O_RDWR | O_CLOEXEC);
	igt_assert_f(heap >= 0, "%s after binding again: %s", path, strerror(errno));
	close(heap);
	close(fd);
}

IGT_MAIN(NULL,
	{ "node", node },
	{ "alloc-errors", alloc_errors },
	{ "fill-import-scanout", fill_import_scanout },
	{ "vgem-import", vgem_import },
	{ "pool-shared", pool_shared },
	{ "release-scanned-out", release_scanned_out },
	{ "release-mapped", release_mapped },
	{ "clear-cross-process", clear_cross_process },
	{ "alloc-after-unbind", alloc_after_unbind },
)
