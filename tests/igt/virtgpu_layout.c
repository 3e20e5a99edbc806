// SPDX-License-Identifier: MIT
/*
 * virtgpu_layout: buffer layouts as userspace sees them, through
 * DRM_IOCTL_VIRTGPU_HEAP_QUERY, dumb buffers and framebuffers.
 *
 * Which rule is in force comes from the simulated device's own
 * parameters (what it was told to answer): with the layout query
 * (feature bit 50) the host's rule, stride_align, layout_align and
 * layout_tiled; without it, or on QEMU, the guest's rule (rows of whole
 * pixels padded to 4 bytes, sizes in pages), flagged as not from the
 * host. A driver that stopped asking the host fails instead of skipping.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm/drm_fourcc.h>
#include <xf86drm.h>

#include <linux/virtio_gpu_heap.h>

#include "igt.h"
#include "kms.h"
#include "virtgpu.h"

#define PAGE		4096
#define CLASS		16
#define ALIGN_UP(x, a)	((((x) + (a) - 1) / (a)) * (a))
#define SCANOUT_LINEAR	(DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT | DRM_VIRTGPU_HEAP_LAYOUT_LINEAR)

/* The rule the device was set up to answer with. */
struct rule {
	bool host;
	uint32_t stride_align;
	uint32_t align;
	bool tiled;
};

static struct rule rule_in_force(void)
{
	struct rule r = { .stride_align = 4, .align = PAGE };

	if (vgh_sim_param("features") & (1ull << VIRTIO_GPU_F_RESOURCE_LAYOUT)) {
		r.host = true;
		r.stride_align = vgh_sim_param("stride_align");
		r.align = vgh_sim_param("layout_align");
		r.tiled = vgh_sim_param("layout_tiled");
	}
	return r;
}

/* Dumb buffers are heap blobs, scanned out where they lie. */
static bool dumb_is_heap_blob(void)
{
	return vgh_sim_param("heap_size") && !vgh_sim_param("hostvis_size") &&
	       (vgh_sim_param("features") & (1ull << VIRTIO_GPU_F_RESOURCE_BLOB));
}

static int query(int fd, uint32_t size, void *ptr)
{
	struct drm_virtgpu_heap_query q = {
		.type = DRM_VIRTGPU_HEAP_QUERY_LAYOUT,
		.size = size,
		.pointer = (uintptr_t)ptr,
	};

	return vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_HEAP_QUERY, &q);
}

static int layout(int fd, uint32_t fourcc, uint32_t w, uint32_t h, uint32_t usage,
		  struct drm_virtgpu_heap_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->fourcc = fourcc;
	l->width = w;
	l->height = h;
	l->usage = usage;
	return query(fd, sizeof(*l), l);
}

static int open_layout(void)
{
	int fd = virtgpu_open();
	struct drm_virtgpu_heap_layout l;
	int ret = layout(fd, DRM_FORMAT_XRGB8888, 64, 64, 0, &l);

	/* the in-tree driver has no such ioctl; ours must answer */
	if (!virtgpu_driver_is_ours())
		igt_skip("the in-tree driver has no DRM_IOCTL_VIRTGPU_HEAP_QUERY (%d)", ret);
	igt_assert_eq(ret, 0);
	return fd;
}

/* What every layout must be, whoever made it. */
static void check_sane(const struct drm_virtgpu_heap_layout *l, uint32_t cpp0, uint32_t planes)
{
	uint64_t end0 = l->offsets[0] + (uint64_t)l->strides[0] * (l->height - 1) +
			(uint64_t)l->width * cpp0;
	unsigned int i;

	igt_assert_eq(l->num_planes, planes);
	igt_assert(l->alignment && !(l->alignment & (l->alignment - 1)));
	igt_assert(l->stride_align && !(l->stride_align & (l->stride_align - 1)));
	igt_assert_eq(l->size % l->alignment, 0);
	igt_assert(l->strides[0] >= l->width * cpp0);
	igt_assert(end0 <= l->size);
	for (i = 0; i < planes; i++)
		igt_assert_eq(l->strides[i] % l->stride_align, 0);
	for (i = planes; i < 4; i++)
		igt_assert(!l->strides[i] && !l->offsets[i]);
	if (planes == 2) {
		/* NV12: chroma after luma, half the rows, all inside */
		igt_assert(l->offsets[1] >= end0);
		igt_assert(l->offsets[1] + (uint64_t)l->strides[1] * ((l->height + 1) / 2) <=
			   l->size);
	}
}

/* The size-versioned structure: its size, too small, too large. */
static void query_size(void)
{
	struct drm_virtgpu_heap_query q = { .type = DRM_VIRTGPU_HEAP_QUERY_LAYOUT };
	struct {
		struct drm_virtgpu_heap_layout l;
		uint64_t more;
	} big;
	struct drm_virtgpu_heap_layout ref;
	int fd = open_layout();

	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_HEAP_QUERY, &q), 0);
	igt_assert_eq(q.size, sizeof(struct drm_virtgpu_heap_layout));
	q.type = 99;
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_HEAP_QUERY, &q), -EINVAL);

	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 640, 480, SCANOUT_LINEAR, &ref), 0);
	/* fewer bytes than the fields userspace fills in */
	igt_assert_eq(query(fd, 12, &ref), -EINVAL);
	/* a newer, larger structure: the bytes the driver does not know must be zero */
	memset(&big, 0, sizeof(big));
	big.l.fourcc = DRM_FORMAT_XRGB8888;
	big.l.width = 640;
	big.l.height = 480;
	big.l.usage = SCANOUT_LINEAR;
	big.more = 1;
	igt_assert_eq(query(fd, sizeof(big), &big), -E2BIG);
	big.more = 0;
	igt_assert_eq(query(fd, sizeof(big), &big), 0);
	igt_assert_eq(big.more, 0);
	igt_assert_eq(big.l.size, ref.size);
	igt_assert_eq(big.l.strides[0], ref.strides[0]);
	/* an older, smaller one: the driver writes no further than it */
	memset(&big, 0xa5, sizeof(big));
	big.l.fourcc = DRM_FORMAT_XRGB8888;
	big.l.width = 640;
	big.l.height = 480;
	big.l.usage = SCANOUT_LINEAR;
	igt_assert_eq(query(fd, 32, &big), 0);
	igt_assert_eq(big.l.modifier, ref.modifier);
	igt_assert_eq(big.l.size, 0xa5a5a5a5a5a5a5a5ull);
	igt_assert_eq(query(fd, sizeof(ref), (void *)8), -EFAULT);
	close(fd);
}

static void query_errors(void)
{
	struct drm_virtgpu_heap_layout l;
	int fd = open_layout();

	igt_assert_eq(layout(fd, DRM_FORMAT_C8, 64, 64, 0, &l), -EINVAL);
	igt_assert_eq(layout(fd, 0, 64, 64, 0, &l), -EINVAL);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 0, 64, 0, &l), -EINVAL);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 64, 0, 0, &l), -EINVAL);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 16385, 64, 0, &l), -EINVAL);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 64, 16385, 0, &l), -EINVAL);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 64, 64, 1 << 3, &l), -EINVAL);
	close(fd);
}

/* Each format and some sizes, against the rule in force. */
static void rule(void)
{
	static const struct { uint32_t w, h; } sizes[] = {
		{ 1, 1 }, { 1000, 600 }, { 1280, 720 }, { 1920, 1080 }, { 4096, 2160 },
	};
	static const struct { uint32_t fourcc, cpp, planes; } formats[] = {
		{ DRM_FORMAT_XRGB8888, 4, 1 }, { DRM_FORMAT_ABGR8888, 4, 1 },
		{ DRM_FORMAT_RGB565, 2, 1 }, { DRM_FORMAT_NV12, 1, 2 },
	};
	struct rule r = rule_in_force();
	struct drm_virtgpu_heap_layout l;
	unsigned int i, j;
	int fd = open_layout();

	igt_info("rule: %s, stride alignment %u, alignment %u%s",
		 r.host ? "the host's" : "the guest's", r.stride_align, r.align,
		 r.tiled ? ", tiled" : "");
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			igt_assert_eq(layout(fd, formats[i].fourcc, sizes[j].w, sizes[j].h,
					     SCANOUT_LINEAR, &l), 0);
			check_sane(&l, formats[i].cpp, formats[i].planes);
			igt_assert_eq(l.modifier, DRM_FORMAT_MOD_LINEAR);
			igt_assert_eq(!!(l.flags & DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST), r.host);
			igt_assert_eq(l.flags & DRM_VIRTGPU_HEAP_LAYOUT_REFUSED, 0);
			igt_assert_eq(l.stride_align, r.stride_align);
			igt_assert_eq(l.alignment, r.align);
		}
	}
	/* sizes of whole classes have exact answers under either rule */
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 1280, 720, SCANOUT_LINEAR, &l), 0);
	igt_assert_eq(l.strides[0], ALIGN_UP(1280 * 4, r.stride_align));
	igt_assert_eq(l.size, ALIGN_UP((uint64_t)l.strides[0] * 720, r.align));
	if (!r.host) {
		/* the guest's rule is the tight one, whatever the size */
		igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 1001, 3, 0, &l), 0);
		igt_assert_eq(l.strides[0], 4004);
		igt_assert_eq(l.size, PAGE * 3);
		igt_assert_eq(l.flags, 0);
	}
	close(fd);
}

/* A second question about the same size class is not sent to the host. */
static void cache(void)
{
	struct drm_virtgpu_heap_layout a, b;
	struct rule r = rule_in_force();
	long long n0, n1;
	int fd = open_layout();

	igt_require_f(r.host, "no layout query on this device");
	n0 = vgh_sim_cmds(VGH_SIM_DIR, "RESOURCE_QUERY_LAYOUT");
	igt_assert(n0 >= 0);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 777, 333, DRM_VIRTGPU_HEAP_LAYOUT_RENDER,
			     &a), 0);
	igt_assert_eq(a.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
	n1 = vgh_sim_cmds(VGH_SIM_DIR, "RESOURCE_QUERY_LAYOUT");
	igt_assert_eq(n1, n0 + 1);
	/* same class (784 x 336): kept */
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 770, 330, DRM_VIRTGPU_HEAP_LAYOUT_RENDER,
			     &b), 0);
	igt_assert_eq(b.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST | DRM_VIRTGPU_HEAP_LAYOUT_CACHED);
	igt_assert_eq(b.size, a.size);
	igt_assert_eq(b.strides[0], a.strides[0]);
	igt_assert_eq(vgh_sim_cmds(VGH_SIM_DIR, "RESOURCE_QUERY_LAYOUT"), n1);
	/* another class, another use: asked */
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 800, 333, DRM_VIRTGPU_HEAP_LAYOUT_RENDER,
			     &b), 0);
	igt_assert_eq(b.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 777, 333, DRM_VIRTGPU_HEAP_LAYOUT_SCANOUT,
			     &b), 0);
	igt_assert_eq(b.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
	igt_assert_eq(vgh_sim_cmds(VGH_SIM_DIR, "RESOURCE_QUERY_LAYOUT"), n1 + 2);
	close(fd);
}

/* How many answers the driver keeps for @fourcc @w x @h (debugfs). */
static int kept(uint32_t fourcc, uint32_t w, uint32_t h, uint32_t usage)
{
	char path[64], line[256], want[64];
	int i, n = -1;
	FILE *f = NULL;

	for (i = 0; i < 64 && !f; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%d/vgh_layout", i);
		f = fopen(path, "r");
	}
	if (!f)
		return -1;
	/* "XR24 little-endian (0x34325258) 784x336 use 0x2: ..." */
	snprintf(want, sizeof(want), "(0x%08x) %ux%u use 0x%x:", fourcc, w, h, usage);
	n = 0;
	while (fgets(line, sizeof(line), f))
		n += !!strstr(line, want);
	fclose(f);
	return n;
}

/*
 * The cache is not locked while the host answers: while the host takes
 * its time over one client's new question (the simulator's "slow"
 * fault), another client's cached
 * answer comes at once (an ADDFB or a dumb buffer of a known size is not
 * held up); two clients asking the same new question both get the
 * host's answer, and it is kept once.
 */
static void cache_while_asking(void)
{
	const uint32_t use = DRM_VIRTGPU_HEAP_LAYOUT_RENDER;
	const unsigned int slow_ms = 1500;
	struct drm_virtgpu_heap_layout l, l2;
	struct rule r = rule_in_force();
	int fd = open_layout(), status;
	uint32_t w, h = 48;
	uint64_t t0, took;
	pid_t pid;

	igt_require_f(r.host, "no layout query on this device");
	igt_require_f(kept(DRM_FORMAT_XRGB8888, 16, 16, use) >= 0, "no vgh_layout in debugfs");
	/* a known answer, and a size class not asked about before */
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 96, 48, use, &l), 0);
	w = 16 * (100 + (uint32_t)(igt_now_us() % 800));
	while (kept(DRM_FORMAT_XRGB8888, w, h, use))
		w += 16;

	/* the host takes 1.5 s over the next layout query, the child's */
	igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "fault", "slow 0x20a 1 1500"), 0);
	pid = fork();
	igt_assert(pid >= 0);
	if (!pid) {
		int cfd = virtgpu_open();

		_exit(layout(cfd, DRM_FORMAT_XRGB8888, w, h, use, &l2) ||
		      l2.flags != DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
	}
	/* the child's question is with the host */
	usleep(300 * 1000);
	t0 = igt_now_us();
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 96, 48, use, &l), 0);
	took = igt_now_us() - t0;
	igt_info("cached answer in %llu us while the host answers another client\n",
		 (unsigned long long)took);
	igt_assert_eq(l.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST | DRM_VIRTGPU_HEAP_LAYOUT_CACHED);
	/* the same new question, while the child's is still unanswered */
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, w, h, use, &l2), 0);
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && !WEXITSTATUS(status),
		     "the other client's query failed (status 0x%x)", status);
	igt_assert_f(took < slow_ms * 1000 / 2,
		     "a cached answer took %llu us while the host answered another client",
		     (unsigned long long)took);
	igt_assert(l2.flags & DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, w, h, use, &l2), 0);
	igt_assert_eq(l2.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST | DRM_VIRTGPU_HEAP_LAYOUT_CACHED);
	igt_assert_eq(kept(DRM_FORMAT_XRGB8888, w, h, use), 1);
	close(fd);
}

/* Tiled only where the CPU does not write, and only on a tiling host. */
static void modifier(void)
{
	struct drm_virtgpu_heap_layout l;
	struct rule r = rule_in_force();
	int fd = open_layout();

	igt_assert_eq(layout(fd, DRM_FORMAT_ARGB8888, 333, 222, DRM_VIRTGPU_HEAP_LAYOUT_RENDER,
			     &l), 0);
	check_sane(&l, 4, 1);
	if (r.host && r.tiled) {
		igt_assert_eq(l.modifier, DRM_FORMAT_MOD_VIVANTE_TILED);
		/* whole 4x4 tiles */
		igt_assert(l.size >= (uint64_t)l.strides[0] * ALIGN_UP(222, 4));
	} else {
		igt_assert_eq(l.modifier, DRM_FORMAT_MOD_LINEAR);
	}
	igt_assert_eq(layout(fd, DRM_FORMAT_ARGB8888, 333, 222,
			     DRM_VIRTGPU_HEAP_LAYOUT_RENDER | DRM_VIRTGPU_HEAP_LAYOUT_LINEAR, &l), 0);
	igt_assert_eq(l.modifier, DRM_FORMAT_MOD_LINEAR);
	/* NV12 is never tiled here: one plane only */
	igt_assert_eq(layout(fd, DRM_FORMAT_NV12, 333, 222, DRM_VIRTGPU_HEAP_LAYOUT_RENDER, &l), 0);
	check_sane(&l, 1, 2);
	close(fd);
}

/*
 * A dumb buffer the host scans out where it lies (a heap blob) has the
 * host's pitch; one the host copies from (a 2D resource) has rows of
 * exactly width x 4 bytes. Either holds its rows, in whole pages, and no
 * more, as IGT's kms_addfb_basic@bo-too-small expects.
 */
static void dumb_pitch(void)
{
	static const struct { uint32_t w, h; } sizes[] = {
		{ 1000, 600 }, { 1024, 768 }, { 33, 7 }, { 1920, 1080 },
	};
	struct drm_virtgpu_heap_layout l;
	struct rule r = rule_in_force();
	bool heap_blob = dumb_is_heap_blob();
	unsigned int i;
	int fd = open_layout();

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct drm_mode_create_dumb c = {
			.width = sizes[i].w, .height = sizes[i].h, .bpp = 32,
		};

		igt_assert_eq(vgh_dumb_create(fd, &c), 0);
		igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, c.width, c.height, SCANOUT_LINEAR,
				     &l), 0);
		igt_info("%ux%u: pitch %u size %llu (layout: stride %u size %llu)", c.width,
			 c.height, c.pitch, (unsigned long long)c.size, l.strides[0],
			 (unsigned long long)l.size);
		if (heap_blob) {
			/* the host's pitch; the object holds its rows, in pages */
			igt_assert_eq(c.pitch, l.strides[0]);
			igt_assert_eq(c.pitch % r.stride_align, 0);
			igt_assert_eq(c.size, ALIGN_UP((uint64_t)c.pitch * c.height, PAGE));
		} else {
			igt_assert_eq(c.pitch, c.width * 4);
			igt_assert(c.size >= (uint64_t)c.pitch * c.height);
		}
		dumb_destroy(fd, c.handle);
	}
	close(fd);
}

/*
 * A framebuffer the host scans out where it lies must have a pitch the
 * host's display takes; elsewhere any pitch the object can hold will do.
 */
static void addfb_pitch(void)
{
	struct drm_virtgpu_heap_layout l;
	struct rule r = rule_in_force();
	struct drm_mode_fb_cmd2 f = {
		.width = 1000, .height = 768, .pixel_format = DRM_FORMAT_XRGB8888,
	};
	bool strict = dumb_is_heap_blob() && r.host && r.stride_align > 4;
	uint32_t pitch;
	int fd = open_layout(), ret;

	drm_require_kms(fd);
	f.handles[0] = dumb_create(fd, 1024, 768, 32, &pitch, NULL);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 1000, 768, SCANOUT_LINEAR, &l), 0);
	/* the host's stride for the framebuffer's width: taken */
	f.pitches[0] = l.strides[0];
	igt_assert(l.strides[0] <= pitch);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f), 0);
	igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_MODE_RMFB, &f.fb_id), 0);
	/* a row of 1001 pixels: a multiple of 4 but of no larger alignment */
	f.pitches[0] = 4004;
	ret = vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f);
	if (strict) {
		igt_assert_eq(ret, -EINVAL);
	} else {
		igt_assert_eq(ret, 0);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_MODE_RMFB, &f.fb_id), 0);
	}
	dumb_destroy(fd, f.handles[0]);
	close(fd);
}

/*
 * Every kind of wrong answer is refused: the query fails with EPROTO,
 * and so do a dumb buffer that would have been laid out by it and a
 * framebuffer shown in place that would have been checked against it.
 * After the host tells the truth again, all work. Each lie gets sizes of
 * its own, so that no earlier answer is taken from the cache. An error
 * answer instead of a layout leaves the guest's rule, flagged.
 *
 * The driver logs a warning for each refused answer, which a runner that
 * counts kernel warnings as failures (IGT's dmesg-warn) would hold
 * against the subtest: it runs only when VGH_EXPECT_LAYOUT_WARNINGS is
 * set, as tests/guest/layout.sh does, which then checks those lines.
 */
static void lies(void)
{
	static const char *const names[] = {
		"small-stride", "npot-align", "stride-align", "offset-past", "huge-size",
		"wrap-offset", "overlap", "planes", "tiled-linear",
	};
	struct drm_virtgpu_heap_layout l;
	struct rule r = rule_in_force();
	bool heap_blob = dumb_is_heap_blob();
	unsigned int i;
	int fd = open_layout();

	igt_require_f(r.host, "no layout query on this device");
	igt_require_f(getenv("VGH_EXPECT_LAYOUT_WARNINGS"),
		      "the driver's warnings would fail it here");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct drm_mode_create_dumb c = {
			.width = 2048 + 32 * i, .height = 64, .bpp = 32,
		};

		igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "layout_lie", names[i]), 0);
		igt_assert_f(layout(fd, DRM_FORMAT_XRGB8888, 1024 + 32 * i, 64,
				    SCANOUT_LINEAR, &l) == -EPROTO,
			     "the lie %s was taken", names[i]);
		if (heap_blob)
			igt_assert_eq(vgh_dumb_create(fd, &c), -EPROTO);
		igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "layout_lie", "none"), 0);
		igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 1024 + 32 * i, 64,
				     SCANOUT_LINEAR, &l), 0);
		igt_assert_eq(l.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
		if (heap_blob) {
			igt_assert_eq(vgh_dumb_create(fd, &c), 0);
			dumb_destroy(fd, c.handle);
		}
	}
	/* two planes over each other */
	igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "layout_lie", "overlap"), 0);
	igt_assert_eq(layout(fd, DRM_FORMAT_NV12, 640, 480, 0, &l), -EPROTO);
	igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "layout_lie", "none"), 0);
	igt_assert_eq(layout(fd, DRM_FORMAT_NV12, 640, 480, 0, &l), 0);

	/*
	 * A framebuffer shown in place whose layout the host misdescribes
	 * is refused too: the object was made while the host told the
	 * truth, the framebuffer's width is a size class not asked yet.
	 */
	if (heap_blob) {
		struct drm_mode_fb_cmd2 f = {
			.width = 900, .height = 600, .pixel_format = DRM_FORMAT_XRGB8888,
		};

		f.handles[0] = dumb_create(fd, 1024, 600, 32, &f.pitches[0], NULL);
		igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "layout_lie", "small-stride"), 0);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f), -EPROTO);
		igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "layout_lie", "none"), 0);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &f), 0);
		igt_assert_eq(vgh_ioctl(fd, DRM_IOCTL_MODE_RMFB, &f.fb_id), 0);
		dumb_destroy(fd, f.handles[0]);
	}

	/*
	 * A host that answers with an error (ERR_INVALID_PARAMETER, 0x1205)
	 * leaves the guest's rule, flagged as refused, and is asked again
	 * next time: a refusal is not kept.
	 */
	igt_assert_eq(vgh_write_attr(VGH_SIM_DIR, "fault", "error 0x20a 1 0x1205"), 0);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 1001, 3, SCANOUT_LINEAR, &l), 0);
	igt_assert_eq(l.flags, DRM_VIRTGPU_HEAP_LAYOUT_REFUSED);
	igt_assert_eq(l.strides[0], 4004);
	igt_assert_eq(l.stride_align, 4);
	igt_assert_eq(l.size, PAGE * 3);
	igt_assert_eq(layout(fd, DRM_FORMAT_XRGB8888, 1001, 3, SCANOUT_LINEAR, &l), 0);
	igt_assert_eq(l.flags, DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST);
	close(fd);
}

IGT_MAIN(NULL,
	{ "query-size", query_size },
	{ "query-errors", query_errors },
	{ "rule", rule },
	{ "cache", cache },
	{ "cache-while-asking", cache_while_asking },
	{ "modifier", modifier },
	{ "dumb-pitch", dumb_pitch },
	{ "addfb-pitch", addfb_pitch },
	{ "lies", lies },
)
