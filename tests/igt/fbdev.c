// SPDX-License-Identifier: MIT
/*
 * fbdev: the framebuffer device the driver's fbdev emulation offers
 * (/dev/fb0): its screen information is consistent, panning within the
 * virtual screen works and beyond it fails, and read()/write() of the
 * framebuffer memory agree with an mmap() of it, also at unaligned
 * offsets, at the end of the memory (EOF: short counts, ENOSPC, EFBIG,
 * 0) and with a NULL buffer (EFAULT). As in IGT, the framebuffer
 * subtests share a setup that maps the whole memory write-only and
 * asserts that the mapping works.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/fb.h>

#include "igt.h"

#define FBDEV "/dev/fb0"

/*
 * The fbdev ioctls here are raw ioctl() calls, -1 and errno, as IGT's
 * fbdev test makes and checks them (pan_to() compares the -1 itself):
 * nothing signals this test, so vgh_ioctl()'s EINTR retry has no work.
 */

static int fd = -1;
static struct fb_var_screeninfo var_info;
static struct fb_fix_screeninfo fix_info;

static void setup(void)
{
	fd = open(FBDEV, O_RDWR);
	igt_require_f(fd >= 0, "%s: %s", FBDEV, strerror(errno));
}

/* --- mode tests --- */

static void mode_setup(void)
{
	igt_require(ioctl(fd, FBIOGET_VSCREENINFO, &var_info) == 0);
	igt_require(ioctl(fd, FBIOGET_FSCREENINFO, &fix_info) == 0);
}

static void info(void)
{
	unsigned long nbits, nlines;

	mode_setup();
	igt_info("%ux%u (virtual %ux%u) %u bpp, line %u, memory %u", var_info.xres,
		 var_info.yres, var_info.xres_virtual, var_info.yres_virtual,
		 var_info.bits_per_pixel, fix_info.line_length, fix_info.smem_len);

	igt_assert_f(fix_info.line_length, "line length not set");
	igt_assert_f(fix_info.smem_len, "size of video memory not set");
	igt_assert_f(fix_info.line_length <= fix_info.smem_len,
		     "line length (%u) exceeds available video memory (%u)",
		     fix_info.line_length, fix_info.smem_len);

	igt_assert_f(var_info.bits_per_pixel, "bits-per-pixel not set");

	igt_assert_f(var_info.xres, "horizontal resolution not set");
	igt_assert_f(var_info.xres_virtual, "horizontal virtual resolution not set");
	igt_assert_f(var_info.xres <= var_info.xres_virtual,
		     "horizontal virtual resolution (%u) less than horizontal resolution (%u)",
		     var_info.xres_virtual, var_info.xres);
	igt_assert_f(var_info.xoffset <= var_info.xres_virtual - var_info.xres,
		     "screen horizontal offset (%u) overflow", var_info.xoffset);
	nbits = (unsigned long)fix_info.line_length * CHAR_BIT;
	igt_assert_f((unsigned long)var_info.xres_virtual * var_info.bits_per_pixel <= nbits,
		     "horizontal virtual resolution (%u) at %u bpp exceeds the line length %u",
		     var_info.xres_virtual, var_info.bits_per_pixel, fix_info.line_length);

	igt_assert_f(var_info.yres, "vertical resolution not set");
	igt_assert_f(var_info.yres_virtual, "vertical virtual resolution not set");
	igt_assert_f(var_info.yres <= var_info.yres_virtual,
		     "vertical virtual resolution (%u) less than vertical resolution (%u)",
		     var_info.yres_virtual, var_info.yres);
	igt_assert_f((var_info.vmode & FB_VMODE_YWRAP) ||
		     var_info.yoffset <= var_info.yres_virtual - var_info.yres,
		     "screen vertical offset (%u) overflow", var_info.yoffset);
	nlines = fix_info.smem_len / fix_info.line_length;
	igt_assert_f(var_info.yres_virtual <= nlines,
		     "vertical virtual resolution (%u) with line length %u exceeds the video memory",
		     var_info.yres_virtual, fix_info.line_length);
}

static unsigned int panstep(unsigned int step)
{
	return step ? step : 1;
}

/* an offset rounded down to the device's panning step */
static unsigned int xoff(unsigned int v)
{
	return v - v % panstep(fix_info.xpanstep);
}

static unsigned int yoff(unsigned int v)
{
	return v - v % panstep(fix_info.ypanstep);
}

static void pan_to(const struct fb_var_screeninfo *var, int want)
{
	struct fb_var_screeninfo pan = *var, now;
	int ret = ioctl(fd, FBIOPAN_DISPLAY, &pan);

	igt_assert_f(ret == want, "FBIOPAN_DISPLAY to (%u, %u) returned %d (%s), want %d",
		     var->xoffset, var->yoffset, ret, ret ? strerror(errno) : "ok", want);
	if (ret)
		return;
	igt_assert_f(ioctl(fd, FBIOGET_VSCREENINFO, &now) == 0,
		     "FBIOGET_VSCREENINFO: %s", strerror(errno));
	igt_assert_f(pan.xoffset == now.xoffset && pan.yoffset == now.yoffset,
		     "panning to (%u, %u) moved to (%u, %u)", pan.xoffset, pan.yoffset,
		     now.xoffset, now.yoffset);
}

static void pan(void)
{
	struct fb_var_screeninfo p;
	int want;

	mode_setup();
	memset(&p, 0, sizeof(p));

	/* the opposite end of the virtual screen, the origin, the far end */
	p.xoffset = xoff(var_info.xres_virtual - var_info.xres - var_info.xoffset);
	p.yoffset = yoff(var_info.yres_virtual - var_info.yres - var_info.yoffset);
	pan_to(&p, 0);
	p.xoffset = xoff(0);
	p.yoffset = yoff(0);
	pan_to(&p, 0);
	p.xoffset = xoff(var_info.xres_virtual - var_info.xres);
	p.yoffset = yoff(var_info.yres_virtual - var_info.yres);
	pan_to(&p, 0);

	/* one step past the horizontal extent, and to the virtual width */
	p.xoffset = xoff(var_info.xres_virtual - var_info.xres + panstep(fix_info.xpanstep));
	p.yoffset = yoff(0);
	pan_to(&p, -1);
	p.xoffset = xoff(var_info.xres_virtual);
	p.yoffset = yoff(0);
	pan_to(&p, -1);

	/* vertically the same, unless the device wraps around */
	if (var_info.vmode & FB_VMODE_YWRAP) {
		p.vmode |= FB_VMODE_YWRAP;
		want = 0;
	} else {
		want = -1;
	}
	p.xoffset = xoff(0);
	p.yoffset = yoff(var_info.yres_virtual - var_info.yres + panstep(fix_info.ypanstep));
	pan_to(&p, want);
	p.xoffset = xoff(0);
	p.yoffset = yoff(var_info.yres_virtual);
	pan_to(&p, want);

	/* as IGT's closing fixture: back to the offsets found */
	ioctl(fd, FBIOPAN_DISPLAY, &var_info);
}

/* --- framebuffer tests --- */

static unsigned char *map;
static unsigned char *buf;
static size_t pagesize;

static void fb_setup(void)
{
	long ret;

	igt_require(ioctl(fd, FBIOGET_FSCREENINFO, &fix_info) == 0);
	igt_assert(fix_info.smem_len);
	map = mmap(NULL, fix_info.smem_len, PROT_WRITE, MAP_SHARED, fd, 0);
	igt_assert(map != MAP_FAILED);
	/* two more bytes for the EOF subtest */
	buf = malloc(fix_info.smem_len + 2);
	igt_require(buf);
	ret = sysconf(_SC_PAGESIZE);
	igt_require(ret != -1);
	pagesize = ret;
}

/* IGT's closing fixture: nothing left on the screen */
static void fb_teardown(void)
{
	free(buf);
	memset(map, 0, fix_info.smem_len);
	munmap(map, fix_info.smem_len);
}

static const int values[] = { 0, 0x55, 0xaa, 0xff };

static void read_test(void)
{
	size_t i;
	ssize_t ret;

	fb_setup();
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		memset(map, values[i], fix_info.smem_len);
		ret = pread(fd, buf, fix_info.smem_len, 0);
		igt_assert_f(ret == (ssize_t)fix_info.smem_len, "pread returned %zd (%s)",
			     ret, ret < 0 ? strerror(errno) : "short");
		igt_assert_f(!memcmp(map, buf, fix_info.smem_len),
			     "read differs from the mapped framebuffer for %#x", values[i]);
	}
	fb_teardown();
}

/* 4.5 pages at 1.25 pages into the memory */
static void unaligned_span(off_t *off, size_t *len)
{
	*off = pagesize + (pagesize >> 2);
	*len = (pagesize << 2) + (pagesize >> 1);
	igt_require_f(*off + *len < fix_info.smem_len, "framebuffer too small to test");
}

/* 0x55 exactly in [off, off + len) of p, 0xff right after it */
static void check_span(const unsigned char *p, off_t off, size_t len, const char *what)
{
	const unsigned char *pos;

	pos = memchr(p, 0x55, fix_info.smem_len);
	igt_assert_f(pos, "0x55 not found within the %s", what);
	igt_assert_f(pos == &p[off], "0x55 found at %td, expected %lld", pos - p,
		     (long long)off);
	pos = memchr(&p[off], 0xff, fix_info.smem_len - off);
	igt_assert_f(pos, "0xff not found within the %s", what);
	igt_assert_f(pos == &p[off + len], "0xff found at %td, expected %lld", pos - p,
		     (long long)(off + len));
	pos = memchr(&p[off + len], 0x55, fix_info.smem_len - (off + len));
	igt_assert_f(!pos, "0x55 found at %td, none expected", pos - p);
}

static void unaligned_read(void)
{
	ssize_t ret;
	size_t len;
	off_t off;

	fb_setup();
	unaligned_span(&off, &len);
	memset(map, 0, fix_info.smem_len);
	memset(&map[off], 0x55, len);
	memset(buf, 0xff, fix_info.smem_len);
	ret = pread(fd, &buf[off], len, off);
	igt_assert_f(ret == (ssize_t)len, "pread returned %zd (%s)", ret,
		     ret < 0 ? strerror(errno) : "short");
	check_span(buf, off, len, "read buffer");
	fb_teardown();
}

static void write_test(void)
{
	size_t i;
	ssize_t ret;

	fb_setup();
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		memset(buf, values[i], fix_info.smem_len);
		ret = pwrite(fd, buf, fix_info.smem_len, 0);
		igt_assert_f(ret == (ssize_t)fix_info.smem_len, "pwrite returned %zd (%s)",
			     ret, ret < 0 ? strerror(errno) : "short");
		igt_assert_f(!memcmp(map, buf, fix_info.smem_len),
			     "write differs from the mapped framebuffer for %#x", values[i]);
	}
	fb_teardown();
}

static void unaligned_write(void)
{
	ssize_t ret;
	size_t len;
	off_t off;

	fb_setup();
	unaligned_span(&off, &len);
	memset(map, 0xff, fix_info.smem_len);
	memset(buf, 0, fix_info.smem_len);
	memset(&buf[off], 0x55, len);
	ret = pwrite(fd, &buf[off], len, off);
	igt_assert_f(ret == (ssize_t)len, "pwrite returned %zd (%s)", ret,
		     ret < 0 ? strerror(errno) : "short");
	check_span(map, off, len, "framebuffer");
	fb_teardown();
}

static void eof(void)
{
	unsigned long last;
	unsigned char *maplast, *buflast;
	ssize_t ret;

	fb_setup();
	last = fix_info.smem_len - 1;
	maplast = map + last;
	buflast = buf + last;
	*buflast = 0x55;

	/* a write across EOF writes what fits */
	ret = pwrite(fd, buflast, 2, last);
	igt_assert_f(ret == 1, "write across EOF returned %zd", ret);
	igt_assert_f(*maplast == *buflast, "final byte is %u, wrote %u", *maplast, *buflast);

	/* a write at EOF: ENOSPC */
	errno = 0;
	ret = pwrite(fd, &buflast[1], 1, last + 1);
	igt_assert_f(ret == -1 && errno == ENOSPC, "write at EOF returned %zd (%s)", ret,
		     strerror(errno));

	*maplast = 0;

	/* the final byte alone */
	ret = pwrite(fd, buflast, 1, last);
	igt_assert_f(ret == 1, "write before EOF returned %zd", ret);
	igt_assert_f(*maplast == *buflast, "final byte is %u, wrote %u", *maplast, *buflast);

	/* a write after EOF: EFBIG */
	errno = 0;
	ret = pwrite(fd, &buflast[2], 1, last + 2);
	igt_assert_f(ret == -1 && errno == EFBIG, "write after EOF returned %zd (%s)", ret,
		     strerror(errno));

	*maplast = 0;

	/* a read across EOF reads what is there */
	ret = pread(fd, buflast, 2, last);
	igt_assert_f(ret == 1, "read across EOF returned %zd", ret);
	igt_assert_f(*maplast == *buflast, "read %u of the final byte, it is %u", *buflast,
		     *maplast);

	/* a read at EOF: 0 */
	ret = pread(fd, &buflast[1], 1, last + 1);
	igt_assert_f(ret == 0, "read at EOF returned %zd", ret);
	fb_teardown();
}

static void nullptr(void)
{
	ssize_t ret;

	fb_setup();
	errno = 0;
	ret = pread(fd, NULL, fix_info.smem_len, 0);
	igt_assert_f(ret == -1 && errno == EFAULT,
		     "reading into NULL returned %zd (%s), want EFAULT", ret, strerror(errno));
	errno = 0;
	ret = pwrite(fd, NULL, fix_info.smem_len, 0);
	igt_assert_f(ret == -1 && errno == EFAULT,
		     "writing from NULL returned %zd (%s), want EFAULT", ret, strerror(errno));
	fb_teardown();
}

IGT_MAIN(setup,
	{ "info", info },
	{ "pan", pan },
	{ "read", read_test },
	{ "unaligned-read", unaligned_read },
	{ "write", write_test },
	{ "unaligned-write", unaligned_write },
	{ "eof", eof },
	{ "nullptr", nullptr },
)
