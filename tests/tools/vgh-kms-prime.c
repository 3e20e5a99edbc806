// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-prime: PRIME (dma-buf) round trips through the DRM device.
 *
 * usage: vgh-kms-prime [-d CARD] [-e ERRNO] [-s WxH] [-v PPM] [-x COMMAND] TEST
 *
 * TEST is one of:
 *
 * roundtrip  export a dumb buffer and import it back: into the same open
 *            file it must give back the same handle; into another open
 *            of the card, a handle to the same object (same GEM flink
 *            name), whose pixels written through one mapping are read
 *            through the other and through the dma-buf's own mapping.
 *            Exporting twice gives the same dma-buf; a bad handle or a
 *            file that is not a dma-buf are refused with ENOENT and
 *            EINVAL.
 * export     export a dumb buffer of WxH (default 320x200) and run
 *            COMMAND while the dma-buf is open, then export it again and
 *            run COMMAND once more. With -e, the first export must fail
 *            with ERRNO (a name such as EIO) and the second succeed.
 * udmabuf    import a dma-buf the driver did not make (udmabuf on a
 *            memfd), show it on the first connected output, compare the
 *            host's image (-v PPM) with its pixels, run COMMAND, change a
 *            rectangle of the memfd and report it with DIRTYFB, compare
 *            again; a framebuffer of another pitch on the same buffer is
 *            accepted, one whose pitch is no multiple of 4 refused with
 *            EINVAL.
 *
 * Prints one line per check; exits 0 when all passed, 1 when one failed,
 * 2 when the tool could not run.
 */
#define _GNU_SOURCE
#include "vgh-kms.h"

#include <linux/udmabuf.h>
#include <sys/stat.h>

static int fd, failures;
static const char *cmd, *ppm;

static void check(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		failures++;
}

/* PRIME_HANDLE_TO_FD: 0 or -errno. */
static int export(int dev, uint32_t handle, int *dmabuf)
{
	struct drm_prime_handle p = {
		.handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1,
	};
	int err = vgh_ioctl(dev, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	*dmabuf = p.fd;
	return err;
}

/* PRIME_FD_TO_HANDLE: 0 or -errno. */
static int import(int dev, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle p = { .fd = dmabuf };
	int err = vgh_ioctl(dev, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	*handle = p.handle;
	return err;
}

static uint32_t flink(int dev, uint32_t handle)
{
	struct drm_gem_flink f = { .handle = handle };

	vgh_xioctl(dev, DRM_IOCTL_GEM_FLINK, &f, "GEM_FLINK");
	return f.name;
}

static void gem_close(int dev, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	vgh_xioctl(dev, DRM_IOCTL_GEM_CLOSE, &c, "GEM_CLOSE");
}

static ino_t inode_of(int f)
{
	struct stat st;

	if (fstat(f, &st))
		vgh_die("fstat: %s", strerror(errno));
	return st.st_ino;
}

/* Mismatching 32-bit words between a mapping and pattern n. */
static long compare_words(const uint32_t *p, size_t words, unsigned int n)
{
	long bad = 0;
	size_t i;

	for (i = 0; i < words; i++)
		if (p[i] != vgh_pattern(n, (uint32_t)i & 0xfff, (uint32_t)(i >> 12)))
			bad++;
	return bad;
}

static void fill_words(uint32_t *p, size_t words, unsigned int n)
{
	size_t i;

	for (i = 0; i < words; i++)
		p[i] = vgh_pattern(n, (uint32_t)i & 0xfff, (uint32_t)(i >> 12));
}

static void test_roundtrip(const char *card)
{
	struct vgh_buffer b;
	uint32_t h_same, h_other, name1, name2;
	int dmabuf, dmabuf2, other, err, nul;
	uint32_t *map_other, *map_dmabuf;
	size_t words;

	vgh_dumb(fd, 256, 128, &b);
	words = b.size / 4;
	err = export(fd, b.handle, &dmabuf);
	check(!err, "export handle %u: %s", b.handle, vgh_errno_name(-err));
	if (err)
		return;

	err = import(fd, dmabuf, &h_same);
	check(!err && h_same == b.handle,
	      "import into the same file: %s, handle %u (want %u)",
	      vgh_errno_name(-err), h_same, b.handle);

	err = export(fd, b.handle, &dmabuf2);
	check(!err && inode_of(dmabuf2) == inode_of(dmabuf),
	      "export again: %s, same dma-buf %d", vgh_errno_name(-err),
	      !err && inode_of(dmabuf2) == inode_of(dmabuf));
	if (!err)
		close(dmabuf2);

	other = vgh_open(card);
	err = import(other, dmabuf, &h_other);
	check(!err, "import into another open of the card: %s, handle %u",
	      vgh_errno_name(-err), h_other);
	if (err)
		return;
	name1 = flink(fd, b.handle);
	name2 = flink(other, h_other);
	check(name1 == name2, "same object: flink names %u and %u", name1, name2);

	map_other = vgh_map_handle(other, h_other, b.size);
	fill_words(map_other, words, 1);
	check(!compare_words((uint32_t *)b.map, words, 1),
	      "written through the other file's mapping, read through the first");
	fill_words((uint32_t *)b.map, words, 2);
	check(!compare_words(map_other, words, 2),
	      "written through the first file's mapping, read through the other");
	map_dmabuf = mmap(NULL, b.size, PROT_READ, MAP_SHARED, dmabuf, 0);
	check(map_dmabuf != MAP_FAILED && !compare_words(map_dmabuf, words, 2),
	      "read through the dma-buf's own mapping%s",
	      map_dmabuf == MAP_FAILED ? ": mmap failed" : "");
	if (map_dmabuf != MAP_FAILED)
		munmap(map_dmabuf, b.size);
	munmap(map_other, b.size);

	err = export(fd, 0xdead, &dmabuf2);
	check(err == -ENOENT, "export of a bad handle: %s (want ENOENT)",
	      vgh_errno_name(-err));
	nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	err = import(fd, nul, &h_same);
	check(err == -EINVAL, "import of a file that is no dma-buf: %s (want EINVAL)",
	      vgh_errno_name(-err));
	close(nul);

	gem_close(other, h_other);
	close(other);
	close(dmabuf);
	vgh_free_buffer(fd, &b);
}

static void test_export(uint32_t w, uint32_t h, int want_err)
{
	struct vgh_buffer b;
	int dmabuf, err;

	if (vgh_try_dumb(fd, w, h, 32, 0, &b))
		vgh_die("CREATE_DUMB %ux%u failed", w, h);
	err = export(fd, b.handle, &dmabuf);
	check(err == want_err, "first export: %s (want %s)", vgh_errno_name(-err),
	      vgh_errno_name(-want_err));
	if (!err) {
		if (cmd)
			check(!vgh_run(cmd), "while exported: %s", cmd);
		close(dmabuf);
	}
	err = export(fd, b.handle, &dmabuf);
	check(!err, "second export: %s", vgh_errno_name(-err));
	if (!err) {
		if (cmd)
			check(!vgh_run(cmd), "while exported again: %s", cmd);
		close(dmabuf);
	}
	vgh_free_buffer(fd, &b);
}

/* Compare the host's image with the memfd's pixels. */
static void compare_host(const char *what, const uint32_t *px, uint32_t w,
			 uint32_t h)
{
	long bad;

	if (!ppm)
		return;
	bad = vgh_ppm_compare(ppm, px, w, h);
	check(!bad, "%s: host image mismatches %ld", what, bad);
}

static void test_udmabuf(void)
{
	struct udmabuf_create c = { .flags = UDMABUF_FLAGS_CLOEXEC };
	struct drm_mode_fb_dirty_cmd dirty = { 0 };
	struct drm_clip_rect clip;
	struct vgh_output out;
	struct vgh_buffer b = { 0 };
	uint32_t *px, x, y, w, h, rx = 40, ry = 30, rw = 64, rh = 32;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int memfd, ufd, dmabuf, err;

	vgh_find_output(fd, &out);
	w = out.mode.hdisplay;
	h = out.mode.vdisplay;
	b.width = w;
	b.height = h;
	b.pitch = w * 4;
	b.size = ((size_t)b.pitch * h + page - 1) / page * page;

	memfd = memfd_create("vgh-kms-prime", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, b.size) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK))
		vgh_die("memfd: %s", strerror(errno));
	px = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (px == MAP_FAILED)
		vgh_die("mmap memfd: %s", strerror(errno));
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			px[(size_t)y * w + x] = vgh_pattern(3, x, y);

	ufd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (ufd < 0)
		vgh_die("/dev/udmabuf: %s", strerror(errno));
	c.memfd = memfd;
	c.size = b.size;
	dmabuf = vgh_ioctl(ufd, UDMABUF_CREATE, &c);
	if (dmabuf < 0)
		vgh_die("UDMABUF_CREATE: %s", strerror(-dmabuf));
	close(ufd);

	err = import(fd, dmabuf, &b.handle);
	check(!err, "import of a udmabuf: %s, handle %u", vgh_errno_name(-err),
	      b.handle);
	if (err)
		return;
	err = vgh_try_fb(fd, &b, DRM_FORMAT_XRGB8888);
	check(!err, "framebuffer %ux%u pitch %u on it: %s", w, h, b.pitch,
	      vgh_errno_name(-err));
	if (err)
		return;
	err = vgh_try_set_crtc(fd, &out, b.fb);
	check(!err, "shown on CRTC %u: %s", out.crtc_id, vgh_errno_name(-err));
	compare_host("after the modeset", px, w, h);
	if (cmd)
		check(!vgh_run(cmd), "while shown: %s", cmd);

	for (y = ry; y < ry + rh; y++)
		for (x = rx; x < rx + rw; x++)
			px[(size_t)y * w + x] = vgh_pattern(4, x, y);
	clip.x1 = rx;
	clip.y1 = ry;
	clip.x2 = rx + rw;
	clip.y2 = ry + rh;
	dirty.fb_id = b.fb;
	dirty.num_clips = 1;
	dirty.clips_ptr = (uintptr_t)&clip;
	err = vgh_ioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &dirty);
	check(!err, "DIRTYFB of a %ux%u rectangle: %s", rw, rh, vgh_errno_name(-err));
	compare_host("after the damage", px, w, h);

	{
		/*
		 * Another pitch on the same buffer: the driver makes it a
		 * resource of its own. A pitch that is no multiple of 4 cannot
		 * be expressed to the host.
		 */
		struct vgh_buffer other = b;

		other.width = w / 2;
		other.pitch = w * 2;
		other.fb = 0;
		err = vgh_try_fb(fd, &other, DRM_FORMAT_XRGB8888);
		check(!err, "framebuffer with pitch %u on the same buffer: %s",
		      other.pitch, vgh_errno_name(-err));
		if (!err)
			vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &other.fb, "RMFB");
		other.pitch = w * 2 + 2;
		other.fb = 0;
		err = vgh_try_fb(fd, &other, DRM_FORMAT_XRGB8888);
		check(err == -EINVAL, "framebuffer with pitch %u: %s (want EINVAL)",
		      other.pitch, vgh_errno_name(-err));
		if (!err)
			vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &other.fb, "RMFB");
	}

	vgh_xioctl(fd, DRM_IOCTL_MODE_RMFB, &b.fb, "RMFB");
	gem_close(fd, b.handle);
	close(dmabuf);
	munmap(px, b.size);
	close(memfd);
}

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0", *test;
	uint32_t w = 320, h = 200;
	int opt, want_err = 0;

	vgh_prog = "vgh-kms-prime";
	while ((opt = getopt(argc, argv, "d:e:s:v:x:")) != -1) {
		switch (opt) {
		case 'd':
			card = optarg;
			break;
		case 'e':
			want_err = vgh_errno_arg(optarg);
			break;
		case 's':
			if (sscanf(optarg, "%ux%u", &w, &h) != 2)
				vgh_die("bad size %s", optarg);
			break;
		case 'v':
			ppm = optarg;
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	test = argv[optind];
	fd = vgh_open(card);
	if (!strcmp(test, "roundtrip"))
		test_roundtrip(card);
	else if (!strcmp(test, "export"))
		test_export(w, h, want_err);
	else if (!strcmp(test, "udmabuf"))
		test_udmabuf();
	else
		goto usage;
	close(fd);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;

usage:
	fprintf(stderr, "usage: %s [-d CARD] [-e ERRNO] [-s WxH] [-v PPM] [-x COMMAND] roundtrip|export|udmabuf\n",
		argv[0]);
	return 2;
}
