/* SPDX-License-Identifier: MIT */
/*
 * The userspace test library shared by the guest tools (tests/tools/) and
 * the IGT-style tests (tests/igt/): the one ioctl wrapper, errno names,
 * the monotonic clock, the simulated host's (virtio-gpu-sim's) debugfs
 * and sysfs files, dumb buffers at the ioctl level, and the test pattern.
 *
 * Plain C on the kernel's uAPI headers: no libdrm, no test harness. A
 * function that can fail returns 0 (or a count) or a negative errno, and
 * never exits; what to do about a failure is the caller's business.
 */
#ifndef VGH_LIB_H
#define VGH_LIB_H

#include <stdint.h>

/* ---------------------------------------------------------------- ioctl */

/*
 * ioctl(2), issued again for as long as it fails with EINTR or EAGAIN.
 * Returns what the ioctl returned on success (0 for every DRM ioctl; a
 * few others, such as UDMABUF_CREATE, return a file descriptor), or
 * -errno on failure, errno then still being the ioctl's.
 */
int vgh_ioctl(int fd, unsigned long request, void *arg);

/* ---------------------------------------------------------------- errno */

/*
 * The name of the errno value err, as the tools print it and take it in
 * their options: "EINVAL", "0" for 0, "errno<N>" for a value the table
 * does not know (in a static buffer that the next such call reuses).
 */
const char *vgh_errno_name(int err);

/* The errno value named name (as vgh_errno_name() names it), or -1. */
int vgh_errno_value(const char *name);

/* ----------------------------------------------------------------- time */

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t vgh_now_ns(void);

/* CLOCK_MONOTONIC in microseconds, the nanoseconds as the fraction. */
double vgh_now_us(void);

/* Sleep for ms milliseconds; a signal that interrupts it ends it early. */
void vgh_sleep_ms(unsigned int ms);

/* ------------------------------------------------------ control files */

/*
 * Write text, in one write(), to the file file of the directory dir: a
 * sysfs attribute ("unbind", "wakealarm") or a debugfs control file
 * (the simulator's "fault" or "layout_lie"), where the kernel acts on
 * each write. 0 or -errno (-ENAMETOOLONG for a path that does not fit).
 */
int vgh_write_attr(const char *dir, const char *file, const char *text);

/* ------------------------------------------- the simulated host's files */

/* The first simulated device's debugfs directory; the module's parameters. */
#define VGH_SIM_DIR "/sys/kernel/debug/virtio-gpu-sim/sim0"
#define VGH_SIM_PARAMS "/sys/module/virtio_gpu_sim/parameters"

/*
 * The simulator's module parameter name: its number, 1 or 0 for a
 * boolean (Y or N); 0 when the simulator is not loaded or the parameter
 * cannot be read.
 */
unsigned long long vgh_sim_param(const char *name);

/*
 * N of the line "cmd NAME: N errors E" of the "state" file in the
 * simulated device's debugfs directory dir (VGH_SIM_DIR for the first):
 * how many commands NAME the host has received, after vgh_sim_sync().
 * -errno when a file cannot be opened, -ENODATA when it has no line for
 * NAME.
 */
long long vgh_sim_cmds(const char *dir, const char *name);


/* The counters of a simulated device's "state" file. */
struct vgh_sim {
	unsigned long long copied;	/* "copied:", bytes TRANSFERs copied */
	unsigned long long transfers;	/* TRANSFER_TO_HOST_2D commands */
	unsigned long long flushes;	/* RESOURCE_FLUSH */
	unsigned long long set_scanouts;	/* SET_SCANOUT */
	unsigned long long creates;	/* RESOURCE_CREATE_2D */
	unsigned long long unrefs;	/* RESOURCE_UNREF */
	unsigned long long errors;	/* failed commands of any kind */
};

/*
 * Wait until the simulated device whose debugfs directory is dir has run
 * every command queued before the call (reads its "sync" file): a driver
 * may return from an update before the device answered it. 0 or -errno.
 */
int vgh_sim_sync(const char *dir);

/*
 * vgh_sim_sync() of the directory that holds path (a scanout image of the
 * simulated device, say) when it is a simulated device's; 0 at once for
 * any other file (a screendump of QEMU's). 0 or -errno.
 */
int vgh_sim_sync_file(const char *path);

/*
 * Read the counters of the "state" file of the simulated device's
 * debugfs directory dir into *s (zeroed first), after vgh_sim_sync(). 0,
 * or -errno when a file cannot be opened.
 */
int vgh_sim_counters(const char *dir, struct vgh_sim *s);

/* ------------------------------------------------------- dumb buffers */

struct drm_mode_create_dumb;

/*
 * DRM_IOCTL_MODE_CREATE_DUMB with the caller's request (width, height,
 * bpp, flags: passed as they are, however odd); on success the kernel's
 * handle, pitch and size are in *c. 0 or -errno.
 */
int vgh_dumb_create(int fd, struct drm_mode_create_dumb *c);

/*
 * DRM_IOCTL_MODE_MAP_DUMB: *offset is where mmap() of the DRM file fd
 * finds the buffer handle. 0 or -errno (*offset is then 0).
 */
int vgh_dumb_map(int fd, uint32_t handle, uint64_t *offset);

/* DRM_IOCTL_MODE_DESTROY_DUMB: the handle is closed. 0 or -errno. */
int vgh_dumb_destroy(int fd, uint32_t handle);

/* --------------------------------------------------------- the pattern */

/*
 * Pixel (x, y) of test pattern n, XRGB8888. Pattern 0 is the one of
 * vgh-kms-fill and scripts/png-check.py: red follows x, green follows y,
 * blue mixes both ((x ^ y) & 0xff). Every other pattern differs from
 * pattern 0, and from each other, in every pixel.
 */
uint32_t vgh_pattern(unsigned int n, uint32_t x, uint32_t y);

/*
 * Compare a binary PPM, a simulated device's scanout image, with the
 * XRGB8888 pixels expected (w x h, tightly packed), once the device ran
 * what was queued (vgh_sim_sync_file()). Returns the number of pixels
 * that differ, w * h when the image cannot be read or has another size;
 * prints the first few differences.
 */
long vgh_ppm_compare(const char *path, const uint32_t *want, uint32_t w,
		     uint32_t h);

#endif /* VGH_LIB_H */
