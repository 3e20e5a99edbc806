// SPDX-License-Identifier: MIT
/*
 * virtgpu_heap: the dedicated heap as userspace sees it, and Mesa Venus's
 * call sequence end to end in both of its memory modes.
 *
 * Venus (src/virtio/vulkan/vn_renderer_virtgpu.c) needs 3D, the fixed
 * capset query, blobs and CONTEXT_INIT. It reads GETPARAMs into a zeroed
 * 64-bit value and takes a failed one as 0. With HOST_VISIBLE it makes
 * HOST3D blobs; otherwise, with parameter 9 (its GUEST_VRAM) non-zero,
 * GUEST_VRAM blobs; otherwise it gives up. Its command and reply memory
 * is always a mappable HOST3D blob with blob_id 0, in both modes; device
 * memory is a blob of the chosen kind with the object id as blob_id,
 * checked with RESOURCE_INFO, mapped, and maybe exported.
 *
 * On the simulated device the subtests know which mode to expect from
 * the simulator's own parameters (what it offers), so a driver that
 * stopped offering a mode fails instead of skipping.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>

#include <linux/virtio_gpu_heap.h>

#include "igt.h"
#include "virtgpu.h"

#define VENUS_CAPSET		4
#define VENUS_SHMEM_ALIGN	16384
#define PAGE			4096

/* A GETPARAM as Venus makes it: a zeroed u64, 0 when the ioctl fails. */
static uint64_t venus_param(int fd, uint64_t param)
{
	struct drm_virtgpu_getparam gp = { .param = param };
	uint64_t value = 0;

	gp.value = (uintptr_t)&value;
	if (virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp))
		return 0;
	return value;
}

static void gem_close_handle(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c), 0);
}

static void fill_check(uint32_t *p, size_t words, uint32_t seed)
{
	size_t i;

	for (i = 0; i < words; i++)
		p[i] = seed ^ (uint32_t)(i * 2654435761u);
	for (i = 0; i < words; i++)
		igt_assert_eq(p[i], seed ^ (uint32_t)(i * 2654435761u));
}

static void venus(uint32_t want_mem)
{
	struct drm_virtgpu_context_set_param ctx[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, VENUS_CAPSET },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 64 },
		{ VIRTGPU_CONTEXT_PARAM_POLL_RINGS_MASK, 0 },
	};
	struct drm_virtgpu_resource_create_blob shm, mem;
	struct drm_virtgpu_resource_info info = {};
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	uint64_t shm_size = 3 * VENUS_SHMEM_ALIGN, mem_size = (1 << 20) + PAGE;
	uint32_t blob_mem, dev_mem, *p, *q;
	struct virtgpu_device d;
	int fd = virtgpu_open();

	/* what the device offers decides whether Venus runs, and how */
	virtgpu_device(&d);
	igt_require_f((d.features & (1ull << VIRTIO_GPU_F_VIRGL)) &&
		      (d.features & (1ull << VIRTIO_GPU_F_RESOURCE_BLOB)) &&
		      (d.features & (1ull << VIRTIO_GPU_F_CONTEXT_INIT)),
		      "the device lacks 3D, blobs or CONTEXT_INIT (features %#llx from %s)",
		      (unsigned long long)d.features, d.source);
	igt_require_f(d.capsets_known, "the device's capset ids are known only on the simulator");
	igt_require_f(d.capsets & (1u << VENUS_CAPSET),
		      "the device offers no Venus capset (capsets %#x)", d.capsets);
	dev_mem = d.host_visible ? VIRTGPU_BLOB_MEM_HOST3D :
		  d.heap ? VIRTGPU_BLOB_MEM_GUEST_VRAM : 0;
	igt_require_f(dev_mem == want_mem,
		      "the device offers %s, not the memory of this mode",
		      d.host_visible ? "a host-visible region" :
		      d.heap ? "a heap region" : "neither a host-visible nor a heap region");

	/* and the driver must answer as Venus needs */
	igt_assert_f(venus_param(fd, VIRTGPU_PARAM_3D_FEATURES),
		     "the device has 3D, VIRTGPU_PARAM_3D_FEATURES gives 0");
	igt_assert_f(venus_param(fd, VIRTGPU_PARAM_CAPSET_QUERY_FIX),
		     "VIRTGPU_PARAM_CAPSET_QUERY_FIX gives 0: Venus gives up");
	igt_assert_f(venus_param(fd, VIRTGPU_PARAM_RESOURCE_BLOB),
		     "the device has blobs, VIRTGPU_PARAM_RESOURCE_BLOB gives 0");
	igt_assert_f(venus_param(fd, VIRTGPU_PARAM_CONTEXT_INIT),
		     "the device has CONTEXT_INIT, VIRTGPU_PARAM_CONTEXT_INIT gives 0");
	if (venus_param(fd, VIRTGPU_PARAM_HOST_VISIBLE))
		blob_mem = VIRTGPU_BLOB_MEM_HOST3D;
	else if (venus_param(fd, VIRTGPU_PARAM_GUEST_VRAM))
		blob_mem = VIRTGPU_BLOB_MEM_GUEST_VRAM;
	else
		blob_mem = 0;
	igt_assert_f(blob_mem == want_mem, "the device offers blob_mem %u, Venus would use %u",
		     want_mem, blob_mem);
	igt_info("Venus uses blob_mem %u", blob_mem);

	igt_assert_eq(virtgpu_ctx_init(fd, ctx, 3), 0);

	/* command and reply memory: HOST3D, mappable, blob_id 0 */
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, shm_size, 0,
				   &shm), 0);
	p = virtgpu_map(fd, shm.bo_handle, shm_size);
	fill_check(p, shm_size / 4, 0x5e11);

	/* device memory: mappable and exportable, blob_id = object id */
	igt_assert_eq(virtgpu_blob(fd, blob_mem,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
				   VIRTGPU_BLOB_FLAG_USE_SHAREABLE, mem_size, 77,
				   &mem), 0);
	info.bo_handle = mem.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.res_handle, mem.res_handle);
	igt_assert(info.size >= mem_size);
	igt_assert_eq(info.blob_mem, blob_mem);
	q = virtgpu_map(fd, mem.bo_handle, mem_size);
	fill_check(q, mem_size / 4, 0xd3u);

	/* exported, the dma-buf maps the same memory */
	exp.handle = mem.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
	{
		uint32_t *r = mmap(NULL, mem_size, PROT_READ, MAP_SHARED, exp.fd, 0);
		size_t i;

		igt_assert(r != MAP_FAILED);
		for (i = 0; i < mem_size / 4; i += 1021)
			igt_assert_eq(r[i], q[i]);
		munmap(r, mem_size);
	}
	close(exp.fd);
	munmap(q, mem_size);
	munmap(p, shm_size);
	gem_close_handle(fd, mem.bo_handle);
	gem_close_handle(fd, shm.bo_handle);
	close(fd);
}

static void venus_host_visible(void)
{
	venus(VIRTGPU_BLOB_MEM_HOST3D);
}

static void venus_guest_vram(void)
{
	venus(VIRTGPU_BLOB_MEM_GUEST_VRAM);
}

/* An fd in heap mode; skips elsewhere, fails where the simulator says so. */
static int open_heap(void)
{
	int fd = virtgpu_open();

	igt_require_f(virtgpu_device_heap_mode(),
		      "the device offers no heap region, or a host-visible one too");
	igt_assert_f(virtgpu_param(fd, VIRTGPU_HEAP_PARAM_GUEST_VRAM),
		     "the device offers a heap only, but the driver is not in heap mode");
	return fd;
}

/* Parameter 9 and ours agree, and HOST_VISIBLE stays 0. */
static void heap_params(void)
{
	int fd = virtgpu_open(), v = 0;
	int align = virtgpu_param(fd, VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT);

	igt_assert(align >= PAGE && !(align & (align - 1)));
	if (!virtgpu_device_heap_mode()) {
		igt_assert_eq(virtgpu_param(fd, VIRTGPU_HEAP_PARAM_GUEST_VRAM), 0);
		/* nothing for Venus to take as GUEST_VRAM */
		igt_assert_eq(virtgpu_getparam(fd, VIRTGPU_PARAM_GUEST_VRAM, &v), -ENOENT);
		close(fd);
		return;
	}
	igt_assert_eq(virtgpu_getparam(fd, VIRTGPU_PARAM_GUEST_VRAM, &v), 0);
	igt_assert_eq(v, align);
	igt_assert_eq(virtgpu_param(fd, VIRTGPU_PARAM_HOST_VISIBLE), 0);
	close(fd);
}

/*
 * A heap blob's size is rounded up to the alignment and reported. Through
 * the DRM file it maps from its start, whole or its first pages; an
 * offset into it is -EINVAL, as for every GEM object (the DRM core looks
 * mappings up by their exact start), and so is a length past its end.
 * Through a dma-buf it maps at any page offset inside it.
 */
static void heap_blob_mmap(void)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_virtgpu_resource_info info = {};
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_virtgpu_map map = {};
	int fd = open_heap();
	uint64_t align = virtgpu_param(fd, VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT);
	uint64_t size = (100000 + align - 1) / align * align;
	uint32_t *p, *part;

	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, 100000, 0, &b), 0);
	info.bo_handle = b.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.size, size);
	igt_assert_eq(info.blob_mem, VIRTGPU_BLOB_MEM_GUEST_VRAM);
	p = virtgpu_map(fd, b.bo_handle, size);
	fill_check(p, size / 4, 0x4ea9);

	map.handle = b.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), 0);
	part = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, map.offset);
	igt_assert(part != MAP_FAILED);
	igt_assert_eq(part[2 * PAGE / 4 - 1], p[2 * PAGE / 4 - 1]);
	munmap(part, 2 * PAGE);
	igt_assert(mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd,
			map.offset + PAGE) == MAP_FAILED);
	igt_assert_eq(errno, EINVAL);
	igt_assert(mmap(NULL, size + PAGE, PROT_READ, MAP_SHARED, fd,
			map.offset) == MAP_FAILED);
	igt_assert_eq(errno, EINVAL);

	exp.handle = b.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
	part = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, exp.fd, PAGE);
	igt_assert(part != MAP_FAILED);
	igt_assert_eq(part[0], p[PAGE / 4]);
	igt_assert_eq(part[2 * PAGE / 4 - 1], p[3 * PAGE / 4 - 1]);
	munmap(part, 2 * PAGE);
	igt_assert(mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, exp.fd,
			size - PAGE) == MAP_FAILED);
	igt_assert_eq(errno, EINVAL);
	close(exp.fd);
	munmap(p, size);
	gem_close_handle(fd, b.bo_handle);
	close(fd);
}

/* Bad sizes, a full pool, and GUEST_VRAM outside heap mode. */
static void heap_errors(void)
{
	struct drm_virtgpu_resource_create_blob a, b;
	int fd = virtgpu_open();
	uint64_t pool = virtgpu_sim_param("heap_size");

	if (!virtgpu_device_heap_mode()) {
		igt_assert_eq(virtgpu_param(fd, VIRTGPU_HEAP_PARAM_GUEST_VRAM), 0);
		igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, PAGE,
					   0, &a), -EINVAL);
		close(fd);
		return;
	}
	igt_require_f(pool >= 4 * PAGE, "the heap's size is not known");
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0, 0, 0, &a),
		      -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0,
				   ~0ull - PAGE, 0, &a), -EINVAL);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0x80, PAGE,
				   0, &a), -EINVAL);
	/* three quarters of the pool, then half of it: no room */
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0,
				   pool / 4 * 3, 0, &a), 0);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0,
				   pool / 2, 0, &b), -ENOSPC);
	/* more than the pool holds: no room either */
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0,
				   pool + PAGE, 0, &b), -ENOSPC);
	/* the failures took nothing: freed, the half fits */
	gem_close_handle(fd, a.bo_handle);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM, 0,
				   pool / 2, 0, &b), 0);
	gem_close_handle(fd, b.bo_handle);
	close(fd);
}

/* Another device imports a heap blob and sees its memory. */
static void heap_blob_export(void)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int fd = open_heap();
	uint32_t *p, *q;

	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE |
				   VIRTGPU_BLOB_FLAG_USE_SHAREABLE, 65536, 0, &b), 0);
	p = virtgpu_map(fd, b.bo_handle, 65536);
	fill_check(p, 16384, 0xe4);
	exp.handle = b.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
	q = mmap(NULL, 65536, PROT_READ, MAP_SHARED, exp.fd, 0);
	igt_assert(q != MAP_FAILED);
	igt_assert(!memcmp(p, q, 65536));
	munmap(q, 65536);
	/* and another device can attach it */
	virtgpu_import_into_vgem(exp.fd);
	close(exp.fd);
	munmap(p, 65536);
	gem_close_handle(fd, b.bo_handle);
	close(fd);
}

/* The blob alignment the simulator asks for; the page size elsewhere. */
static uint64_t device_align(void)
{
	unsigned long long align = virtgpu_sim_param("blob_alignment");

	if (!(virtgpu_sim_param("features") & (1ull << VIRTIO_GPU_F_BLOB_ALIGNMENT)) ||
	    align < PAGE)
		return PAGE;
	return align;
}

/*
 * VIRTIO_GPU_F_BLOB_ALIGNMENT: the driver reports the device's alignment
 * (never below the page size), rounds blob sizes up to it, and places
 * mapped HOST3D blobs at offsets the device takes.
 */
static void blob_alignment(void)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_virtgpu_resource_info info = {};
	uint64_t align;
	uint32_t *p;
	int fd = virtgpu_open();

	virtgpu_require_blob(fd);
	align = device_align();
	igt_assert_eq(virtgpu_param(fd, VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT), align);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST, 0, PAGE + 1, 0, &b), 0);
	info.bo_handle = b.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.size, (PAGE + 1 + align - 1) / align * align);
	gem_close_handle(fd, b.bo_handle);
	/* mapped HOST3D blobs need 3D and a region to map them in */
	if (!virtgpu_device_has(VIRTIO_GPU_F_VIRGL) ||
	    (!virtgpu_device_has_host_visible() && !virtgpu_device_heap_mode())) {
		close(fd);
		return;
	}
	/* two mapped blobs: the second lies at an aligned offset too */
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, PAGE, 0, &b), 0);
	p = virtgpu_map(fd, b.bo_handle, PAGE);
	fill_check(p, PAGE / 4, 0xa1);
	munmap(p, PAGE);
	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, PAGE, 0, &b), 0);
	info.bo_handle = b.bo_handle;
	igt_assert_eq(virtgpu_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.size, align);
	p = virtgpu_map(fd, b.bo_handle, PAGE);
	fill_check(p, PAGE / 4, 0xa2);
	munmap(p, PAGE);
	close(fd);
}

/*
 * With every file of the earlier subtests closed, the heap holds no
 * block: each blob gave its block back (the driver's debugfs accounting).
 */
static void heap_nothing_left(void)
{
	char line[512] = "";
	int fd = open_heap();
	FILE *f = fopen("/sys/kernel/debug/dri/0/vgh_heap", "r");

	igt_require_f(f, "no debugfs file vgh_heap");
	while (fgets(line, sizeof(line), f) && strncmp(line, "pool ", 5))
		;
	fclose(f);
	igt_info("%s", line);
	igt_assert_f(strstr(line, " used 0 ") && strstr(line, " blocks 0 "),
		     "heap blocks left: %s", line);
	close(fd);
}

IGT_MAIN(NULL,
	{ "venus-host-visible", venus_host_visible },
	{ "venus-guest-vram", venus_guest_vram },
	{ "heap-params", heap_params },
	{ "heap-blob-mmap", heap_blob_mmap },
	{ "heap-errors", heap_errors },
	{ "heap-blob-export", heap_blob_export },
	{ "blob-alignment", blob_alignment },
	{ "heap-nothing-left", heap_nothing_left },
)
