// SPDX-License-Identifier: MIT
/*
 * virtgpu_heap: the dedicated heap as userspace sees it, Mesa Venus's
 * call sequence end to end in both of its memory modes, and Mesa's DRM
 * native context connecting without host-visible memory.
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
 *
 * The heap-clear subtests hold the heap to the promise shmem buffers get
 * from the page allocator: no client ever reads another's bytes. One
 * process fills every block it can get with a pattern through each kind
 * of heap buffer and exits; another takes the whole heap through each
 * kind and finds only zeroes, and no less room than the first had. A
 * buffer whose handle is closed lives on, untouched, while a mapping or
 * a dma-buf holds it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>

#include <linux/virtio_gpu_heap.h>

#include "igt.h"
#include "kms.h"
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
	if (vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp))
		return 0;
	return value;
}

static void gem_close_handle(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c), 0);
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.res_handle, mem.res_handle);
	igt_assert(info.size >= mem_size);
	igt_assert_eq(info.blob_mem, blob_mem);
	q = virtgpu_map(fd, mem.bo_handle, mem_size);
	fill_check(q, mem_size / 4, 0xd3u);

	/* exported, the dma-buf maps the same memory */
	exp.handle = mem.bo_handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
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

/*
 * Mesa's native-context connection (src/virtio/vdrm, vdrm_virtgpu.c):
 * the DRM capset (6) read into a zeroed structure whose context type
 * must be the one Mesa's driver speaks; a context on that capset with 64
 * rings; a shared memory page of 16 KiB, a mappable HOST3D blob with
 * blob_id 0, mapped through DRM_IOCTL_VIRTGPU_MAP; then the offset of
 * the host's responses, which the host wrote into the page's header.
 * With a host-visible region the page is host memory mapped there; in
 * heap mode, as for Venus's command memory, it is a heap block at whose
 * offset in the heap region the host maps it. The in-tree driver,
 * without a host-visible region, cannot map it.
 */
#define DRM_CAPSET		6
#define DRM_CONTEXT_MSM		1
#define DRM_SHMEM_SIZE		0x4000
/* where the simulated host puts its responses (vgs.h) */
#define SIM_DRM_RSP_OFFSET	64

static void native_context(void)
{
	struct drm_virtgpu_context_set_param ctx[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, DRM_CAPSET },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 64 },
	};
	/* wire format, DRM version (3), context type, pad, the type's own */
	uint32_t caps[20];
	struct drm_virtgpu_get_caps gc = {
		.cap_set_id = DRM_CAPSET,
		.addr = (uintptr_t)caps,
		.size = sizeof(caps),
	};
	struct drm_virtgpu_resource_create_blob shm;
	volatile uint32_t *page;
	struct virtgpu_device d;
	int fd = virtgpu_open();
	uint32_t rsp;

	virtgpu_device(&d);
	igt_require_f(d.capsets_known, "the device's capset ids are known only on the simulator");
	igt_require_f(d.capsets & (1u << DRM_CAPSET),
		      "the device offers no native-context capset (capsets %#x)", d.capsets);
	igt_require_f(d.host_visible || d.heap,
		      "the device offers neither a host-visible nor a heap region");

	memset(caps, 0, sizeof(caps));
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_GET_CAPS, &gc), 0);
	igt_assert_eq(caps[4], DRM_CONTEXT_MSM);
	igt_assert_eq(virtgpu_ctx_init(fd, ctx, 2), 0);

	igt_assert_eq(virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, DRM_SHMEM_SIZE,
				   0, &shm), 0);
	page = virtgpu_map(fd, shm.bo_handle, DRM_SHMEM_SIZE);
	rsp = page[1];
	igt_info("native context: responses at %u of the %s page", rsp,
		 d.host_visible ? "host-visible" : "heap");
	igt_assert_eq(rsp, SIM_DRM_RSP_OFFSET);
	/* the response area is the guest's to read and the host's to write */
	page[rsp / 4] = 0x5eed;
	igt_assert_eq(page[rsp / 4], 0x5eed);
	igt_assert_eq(page[DRM_SHMEM_SIZE / 4 - 1], 0);
	munmap((void *)page, DRM_SHMEM_SIZE);
	gem_close_handle(fd, shm.bo_handle);
	close(fd);
}

/* An fd in heap mode; skips elsewhere, fails where the simulator says so. */
static int open_heap(void)
{
	int fd = virtgpu_open();

	igt_require_f(virtgpu_device_guest_vram(),
		      "the device offers no heap region, a host-visible one too, or no blobs");
	igt_assert_f(virtgpu_param(fd, VIRTGPU_HEAP_PARAM_GUEST_VRAM),
		     "the device offers a heap and blobs only, but the driver makes no GUEST_VRAM blobs");
	return fd;
}

/* Parameter 9 and ours agree, and HOST_VISIBLE stays 0. */
static void heap_params(void)
{
	int fd = virtgpu_open(), v = 0;
	int align = virtgpu_param(fd, VIRTGPU_HEAP_PARAM_BLOB_ALIGNMENT);

	igt_assert(align >= PAGE && !(align & (align - 1)));
	if (!virtgpu_device_guest_vram()) {
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.size, size);
	igt_assert_eq(info.blob_mem, VIRTGPU_BLOB_MEM_GUEST_VRAM);
	p = virtgpu_map(fd, b.bo_handle, size);
	fill_check(p, size / 4, 0x4ea9);

	map.handle = b.bo_handle;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &map), 0);
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
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
	uint64_t pool = vgh_sim_param("heap_size");

	if (!virtgpu_device_guest_vram()) {
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
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
	unsigned long long align = vgh_sim_param("blob_alignment");

	if (!(vgh_sim_param("features") & (1ull << VIRTIO_GPU_F_BLOB_ALIGNMENT)) ||
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
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
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &info), 0);
	igt_assert_eq(info.size, align);
	p = virtgpu_map(fd, b.bo_handle, PAGE);
	fill_check(p, PAGE / 4, 0xa2);
	munmap(p, PAGE);
	close(fd);
}

/* --- clearing --- */

#define CLEAR_BLOCK	(1u << 20)	/* 1 MiB: 512 x 512 x 4 */
#define CLEAR_MAX	4096

enum heap_path { PATH_GUEST_VRAM, PATH_HOST3D, PATH_DUMB, NR_PATHS };

static const char *const path_name[NR_PATHS] = {
	"GUEST_VRAM blob", "mappable HOST3D blob", "dumb buffer",
};

/* Mappable HOST3D blobs come from the heap when the device has 3D and Venus. */
static bool path_offered(enum heap_path path)
{
	if (path != PATH_HOST3D)
		return true;
	return (vgh_sim_param("features") & (1ull << VIRTIO_GPU_F_VIRGL)) &&
	       (vgh_sim_param("capsets") & (1ull << VENUS_CAPSET));
}

/* An fd in heap mode ready for every path the device offers. */
static int open_heap_paths(void)
{
	struct drm_virtgpu_context_set_param ctx[] = {
		{ VIRTGPU_CONTEXT_PARAM_CAPSET_ID, VENUS_CAPSET },
		{ VIRTGPU_CONTEXT_PARAM_NUM_RINGS, 1 },
	};
	int fd = open_heap();

	if (path_offered(PATH_HOST3D))
		igt_assert_eq(virtgpu_ctx_init(fd, ctx, 2), 0);
	return fd;
}

/* One heap buffer of CLEAR_BLOCK bytes; 0 or -errno. */
static int heap_buffer(int fd, enum heap_path path, uint32_t *handle)
{
	struct drm_virtgpu_resource_create_blob b;
	struct drm_mode_create_dumb d = { .width = 512, .height = 512, .bpp = 32 };
	int ret;

	switch (path) {
	case PATH_GUEST_VRAM:
		ret = virtgpu_blob(fd, VIRTGPU_BLOB_MEM_GUEST_VRAM,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, CLEAR_BLOCK, 0, &b);
		*handle = b.bo_handle;
		return ret;
	case PATH_HOST3D:
		ret = virtgpu_blob(fd, VIRTGPU_BLOB_MEM_HOST3D,
				   VIRTGPU_BLOB_FLAG_USE_MAPPABLE, CLEAR_BLOCK, 0, &b);
		*handle = b.bo_handle;
		return ret;
	default:
		ret = vgh_dumb_create(fd, &d);
		if (!ret)
			igt_assert(d.size >= CLEAR_BLOCK);
		*handle = d.handle;
		return ret;
	}
}

static void *heap_buffer_map(int fd, enum heap_path path, uint32_t handle)
{
	if (path == PATH_DUMB)
		return dumb_map(fd, handle, CLEAR_BLOCK, PROT_READ | PROT_WRITE);
	return virtgpu_map(fd, handle, CLEAR_BLOCK);
}

/* Words of a mapping that are not zero. */
static size_t nonzero_words(const volatile uint64_t *p, size_t bytes)
{
	size_t i, n = 0;

	for (i = 0; i < bytes / 8; i++)
		n += p[i] != 0;
	return n;
}

/*
 * Takes buffers through @path until the heap is full (-ENOSPC). With
 * @pattern, writes it over each; else counts their non-zero words into
 * *@dirty. Returns how many it got, all closed again.
 */
static unsigned int heap_take_all(int fd, enum heap_path path, uint64_t pattern,
				  size_t *dirty)
{
	uint32_t *h = calloc(CLEAR_MAX, sizeof(*h));
	unsigned int n, i;
	uint64_t *p;
	int ret = 0;

	igt_assert(h);
	for (n = 0; n < CLEAR_MAX; n++) {
		ret = heap_buffer(fd, path, &h[n]);
		if (ret)
			break;
		p = heap_buffer_map(fd, path, h[n]);
		if (pattern) {
			for (i = 0; i < CLEAR_BLOCK / 8; i++)
				p[i] = pattern;
		} else {
			*dirty += nonzero_words(p, CLEAR_BLOCK);
		}
		munmap(p, CLEAR_BLOCK);
	}
	igt_assert_f(ret == -ENOSPC, "%s %u: %d, not -ENOSPC once the heap is full",
		     path_name[path], n, ret);
	for (i = 0; i < n; i++)
		gem_close_handle(fd, h[i]);
	free(h);
	return n;
}

/*
 * Process A dirties the whole heap through one path and exits; process B
 * then takes the whole heap through every path: all zero, and as much of
 * it as A had (blocks still being cleared are waited for, not refused).
 */
static void heap_clear_cross_process(void)
{
	unsigned int *got = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int a, b, status, fd = open_heap();

	igt_assert(got != MAP_FAILED);
	close(fd);
	for (a = 0; a < NR_PATHS; a++) {
		if (!path_offered(a))
			continue;
		if (!fork()) {
			fd = open_heap_paths();
			got[0] = heap_take_all(fd, a, 0xa5a5a5a5a5a5a5a5ull ^ a, NULL);
			exit(0);	/* every buffer goes with the process */
		}
		igt_assert(wait(&status) > 0 && WIFEXITED(status) && !WEXITSTATUS(status));
		igt_assert(got[0] > 0);
		for (b = 0; b < NR_PATHS; b++) {
			size_t dirty = 0;
			unsigned int n;

			if (!path_offered(b))
				continue;
			fd = open_heap_paths();
			n = heap_take_all(fd, b, 0, &dirty);
			close(fd);
			igt_info("A: %u x 1 MiB %s with a pattern; B: %u x 1 MiB %s, %zu words not zero",
				 got[0], path_name[a], n, path_name[b], dirty);
			igt_assert_f(!dirty, "%zu words of another process's %s reached a new %s",
				     dirty, path_name[a], path_name[b]);
			igt_assert_f(n >= got[0], "B got %u blocks, A had %u", n, got[0]);
			/* B dirties the heap too, for the next B */
			fd = open_heap_paths();
			heap_take_all(fd, b, 0x5a5a5a5a5a5a5a5aull ^ b, NULL);
			close(fd);
		}
	}
	munmap(got, 4096);
}

/*
 * IGT's dumb_buffer create-clear and map-uaf, on a heap the subtest has
 * just filled with a pattern: a new dumb buffer reads zero, and so does
 * its mapping after its handle is gone.
 */
static void heap_dumb_clear(void)
{
	int fd = open_heap_paths();
	size_t dirty = 0;
	uint32_t handle;
	uint64_t *p;

	heap_take_all(fd, PATH_GUEST_VRAM, 0xdeadbeefdeadbeefull, NULL);
	heap_take_all(fd, PATH_DUMB, 0, &dirty);
	igt_assert_f(!dirty, "%zu words of earlier blobs in new dumb buffers", dirty);

	heap_take_all(fd, PATH_DUMB, 0xfeedfacefeedfaceull, NULL);
	igt_assert_eq(heap_buffer(fd, PATH_DUMB, &handle), 0);
	p = heap_buffer_map(fd, PATH_DUMB, handle);
	gem_close_handle(fd, handle);
	igt_assert_eq_u64(p[0], 0);
	igt_assert_eq(nonzero_words(p, CLEAR_BLOCK), 0);
	munmap(p, CLEAR_BLOCK);
	close(fd);
}

/*
 * A buffer whose handle is closed but which @hold still reaches keeps its
 * memory: filling the rest of the heap neither clears nor reuses it.
 * Once the hold is dropped, the block is cleared and its room comes back.
 */
static void heap_release_held(bool exported)
{
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int fd = open_heap_paths();
	unsigned int before, during, after;
	uint32_t handle;
	uint64_t *p, *q;
	size_t dirty = 0, i;

	/* the room there is: whole blocks */
	before = heap_take_all(fd, PATH_GUEST_VRAM, 0, &dirty);
	igt_assert_eq(dirty, 0);

	igt_assert_eq(heap_buffer(fd, PATH_GUEST_VRAM, &handle), 0);
	p = heap_buffer_map(fd, PATH_GUEST_VRAM, handle);
	for (i = 0; i < CLEAR_BLOCK / 8; i++)
		p[i] = 0xc0ffee0000000000ull | i;
	if (exported) {
		exp.handle = handle;
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp), 0);
		munmap(p, CLEAR_BLOCK);
	}
	gem_close_handle(fd, handle);

	/* the rest of the heap, new and zero; the held block is not among it */
	during = heap_take_all(fd, PATH_GUEST_VRAM, 0, &dirty);
	igt_assert_f(!dirty, "%zu words of the held buffer in new buffers", dirty);
	igt_assert_eq(during, before - 1);
	if (exported) {
		q = mmap(NULL, CLEAR_BLOCK, PROT_READ, MAP_SHARED, exp.fd, 0);
		igt_assert(q != MAP_FAILED);
	} else {
		q = p;
	}
	for (i = 0; i < CLEAR_BLOCK / 8; i++)
		igt_assert_eq_u64(q[i], 0xc0ffee0000000000ull | i);
	munmap(q, CLEAR_BLOCK);
	if (exported)
		close(exp.fd);

	/* let go: the room comes back, cleared */
	after = heap_take_all(fd, PATH_GUEST_VRAM, 0, &dirty);
	igt_assert_f(!dirty, "%zu words of the released buffer in new buffers", dirty);
	igt_assert_eq(after, before);
	close(fd);
}

static void heap_release_mapped(void)
{
	heap_release_held(false);
}

static void heap_release_exported(void)
{
	heap_release_held(true);
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
	{ "native-context", native_context },
	{ "heap-params", heap_params },
	{ "heap-blob-mmap", heap_blob_mmap },
	{ "heap-errors", heap_errors },
	{ "heap-blob-export", heap_blob_export },
	{ "blob-alignment", blob_alignment },
	{ "heap-clear-cross-process", heap_clear_cross_process },
	{ "heap-dumb-clear", heap_dumb_clear },
	{ "heap-release-mapped", heap_release_mapped },
	{ "heap-release-exported", heap_release_exported },
	{ "heap-nothing-left", heap_nothing_left },
)
