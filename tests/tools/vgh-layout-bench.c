// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-layout-bench: what asking the host for buffer layouts costs, with
 * and without the driver's answer cache, on a device in heap mode that
 * answers RESOURCE_QUERY_LAYOUT (dumb buffers are heap blobs laid out by
 * the host there).
 *
 * usage: vgh-layout-bench [-d NODE] [-n COUNT] [-P PARAM_FILE]
 *
 * Lines:
 *   layout first FOURCC us F cached_us C
 *	the first DRM_IOCTL_VIRTGPU_HEAP_QUERY for a format at a size class
 *	not asked before (the host is asked), then the same question again
 *	(answered from the cache): XR24, AR24, RG16 and NV12 at 1920x1080;
 *   layout alloc cache on|off per_s R median_us M queries Q
 *	COUNT (default 300) dumb buffers of 1920x1080 and 1280x720 in turn,
 *	each created and destroyed, with the cache on and then off (the
 *	driver's layout_cache parameter, default
 *	/sys/module/virtio_gpu_heap/parameters/layout_cache); queries: the
 *	RESOURCE_QUERY_LAYOUT commands the host received meanwhile.
 * The cache is left on. Figures only; nothing is asserted about them.
 * Exits 2 on an error.
 */
#include <stdbool.h>

#include <drm/virtgpu_heap_drm.h>

#include "vgh-kms.h"

static int fd;

/* Exit, naming what failed with -errno err. */
static void die(const char *what, int err)
{
	vgh_die("%s: %s", what, strerror(-err));
}

/*
 * RESOURCE_QUERY_LAYOUT commands the simulated host received, or
 * -ENODATA when it does not count them.
 */
static long long sim_queries(void)
{
	long long n = vgh_sim_cmds(VGH_SIM_DIR, "RESOURCE_QUERY_LAYOUT");

	if (n < 0 && n != -ENODATA)
		die(VGH_SIM_DIR "/state", (int)n);
	return n;
}

/* One layout query; returns the microseconds it took. */
static double query(uint32_t fourcc, uint32_t w, uint32_t h, uint32_t *flags)
{
	struct drm_virtgpu_heap_layout l = {
		.width = w, .height = h, .fourcc = fourcc,
		.usage = DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT | DRM_VIRTGPU_HEAP_LAYOUT_LINEAR,
	};
	struct drm_virtgpu_heap_query q = {
		.type = DRM_VIRTGPU_HEAP_QUERY_LAYOUT,
		.size = sizeof(l),
		.pointer = (uintptr_t)&l,
	};
	double start = vgh_now_us();
	int ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_HEAP_QUERY, &q);

	if (ret)
		die("DRM_IOCTL_VIRTGPU_HEAP_QUERY", ret);
	*flags = l.flags;
	return vgh_now_us() - start;
}

static void first_queries(void)
{
	static const uint32_t fourccs[] = {
		DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888, DRM_FORMAT_RGB565, DRM_FORMAT_NV12,
	};
	unsigned int i;
	uint32_t flags;

	for (i = 0; i < sizeof(fourccs) / sizeof(fourccs[0]); i++) {
		double first = query(fourccs[i], 1920, 1080, &flags);
		double cached;

		if (!(flags & DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST))
			vgh_die("the device has no layout query");
		if (flags & DRM_VIRTGPU_HEAP_LAYOUT_CACHED)
			vgh_die("%.4s 1920x1080 was asked before", (const char *)&fourccs[i]);
		cached = query(fourccs[i], 1920, 1080, &flags);
		printf("layout first %.4s us %.0f cached_us %.1f\n",
		       (const char *)&fourccs[i], first, cached);
	}
}

static void set_cache(const char *param, bool on)
{
	FILE *f = fopen(param, "w");

	if (!f || fputs(on ? "Y\n" : "N\n", f) == EOF || fclose(f))
		die(param, -errno);
}

static void allocs(const char *param, bool on, unsigned int count)
{
	static const uint32_t sizes[][2] = { { 1920, 1080 }, { 1280, 720 } };
	double *t = calloc(count, sizeof(*t)), start_all, total;
	long long q0 = sim_queries();
	unsigned int i;
	int ret;

	if (!t)
		die("calloc", -ENOMEM);
	set_cache(param, on);
	start_all = vgh_now_us();
	for (i = 0; i < count; i++) {
		struct drm_mode_create_dumb c = {
			.width = sizes[i % 2][0], .height = sizes[i % 2][1], .bpp = 32,
		};
		double start = vgh_now_us();

		ret = vgh_dumb_create(fd, &c);
		if (ret)
			die("CREATE_DUMB", ret);
		ret = vgh_dumb_destroy(fd, c.handle);
		if (ret)
			die("DESTROY_DUMB", ret);
		t[i] = vgh_now_us() - start;
	}
	total = vgh_now_us() - start_all;
	qsort(t, count, sizeof(*t), vgh_cmp_double);
	printf("layout alloc cache %s per_s %.0f median_us %.0f queries %lld\n",
	       on ? "on" : "off", count / total * 1e6, t[count / 2],
	       sim_queries() - q0);
	free(t);
}

int main(int argc, char **argv)
{
	const char *node = "/dev/dri/card0";
	const char *param = "/sys/module/virtio_gpu_heap/parameters/layout_cache";
	unsigned int count = 300;
	int opt;

	vgh_prog = "vgh-layout-bench";
	while ((opt = getopt(argc, argv, "d:n:P:")) != -1) {
		switch (opt) {
		case 'd':
			node = optarg;
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'P':
			param = optarg;
			break;
		default:
			vgh_die("usage: vgh-layout-bench [-d NODE] [-n COUNT] [-P PARAM_FILE]");
		}
	}
	if (!count)
		vgh_die("COUNT must be at least 1");
	fd = vgh_open(node);
	first_queries();
	allocs(param, true, count);
	allocs(param, false, count);
	set_cache(param, true);
	return 0;
}
