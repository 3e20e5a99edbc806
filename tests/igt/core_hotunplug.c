// SPDX-License-Identifier: MIT
/*
 * core_hotunplug: the driver unbound from its device through sysfs and
 * bound again, with the device closed, with a DRM file still open while
 * the driver goes (closed before or after the rebind), and the device
 * removed from its bus and found again by a rescan. After each, the
 * device must come back healthy: its primary and render nodes open, and
 * it has its sysfs and debugfs directories (IGT's health check for a
 * device without a driver-specific one, preceded by IGT's 1 s wait for
 * the device nodes).
 *
 * The remove/rescan subtests need a "remove" attribute on the DRM
 * device's parent, which a PCI device has and a virtio device (or the
 * virtio-mmio platform device some drivers hang their DRM device on) has
 * not: they skip there. IGT asserts instead ("Device unplug failure"),
 * which fails them on such a device.
 *
 * Beyond IGT, the -mapped subtests keep more than an open file across the
 * unbind: a dumb buffer mapped through the DRM file and a second one
 * exported as a dma-buf and mapped through it. While the driver is
 * unbound, every ioctl of the old file and a new mmap() of it fail with
 * ENODEV; the old mappings either fault (SIGBUS: the driver zapped them)
 * or still hold what was written; closing everything leaves no warning.
 * With the mappings kept across the rebind, the rebound device's new
 * buffers must not share memory with them: what the new device's buffers
 * hold does not show through the old mappings, and writes through the old
 * mappings do not reach them. The rebound device then lights its output.
 *
 * Each subtest runs in a child; whatever happens to it, the driver is
 * bound again afterwards (IGT's recover step), so that the tests that
 * follow have their device.
 */
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "kms.h"
#include "readall.h"

static struct {
	char dev[PATH_MAX];	/* the device's sysfs directory */
	char addr[NAME_MAX + 1];	/* its name on the bus */
	char drv[PATH_MAX];	/* its driver's sysfs directory */
	char bus[PATH_MAX];	/* the bus's devices directory */
	char card[NAME_MAX + 1];	/* its card node at the start */
} hp;

/* the device's node whose name starts with prefix (card, renderD), or "" */
static void device_node(const char *prefix, char *name, size_t len)
{
	char path[PATH_MAX + 8];
	struct dirent *e;
	DIR *d;

	name[0] = 0;
	snprintf(path, sizeof(path), "%s/drm", hp.dev);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)) &&
		    strspn(e->d_name + strlen(prefix), "0123456789") ==
		    strlen(e->d_name + strlen(prefix)) && e->d_name[strlen(prefix)])
			snprintf(name, len, "%s", e->d_name);
	closedir(d);
}

static void setup(void)
{
	char path[PATH_MAX + 32];
	struct stat st;
	int i, fd = -1;

	/* IGT's __drm_open_driver(DRIVER_ANY): the first card that opens */
	for (i = 0; i < 16 && fd < 0; i++)
		fd = drm_open_index(i);
	igt_require_f(fd >= 0, "No known DRM device found");
	igt_assert(fstat(fd, &st) == 0);
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/device", major(st.st_rdev),
		 minor(st.st_rdev));
	igt_assert_f(realpath(path, hp.dev), "%s: %s", path, strerror(errno));
	snprintf(hp.addr, sizeof(hp.addr), "%s", strrchr(hp.dev, '/') + 1);
	snprintf(path, sizeof(path), "%s/driver", hp.dev);
	igt_assert_f(realpath(path, hp.drv), "%s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/subsystem/devices", hp.dev);
	igt_assert_f(realpath(path, hp.bus), "%s: %s", path, strerror(errno));
	igt_assert_eq(close(fd), 0);
	device_node("card", hp.card, sizeof(hp.card));
}

static bool exists_in(const char *dir, const char *name)
{
	char path[2 * PATH_MAX + 2];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static bool bound(void)
{
	return exists_in(hp.drv, hp.addr);
}

static const char *timeout_what;

static void on_alarm(int sig)
{
	(void)sig;
	igt_fail("%s", timeout_what);
}

/* IGT's igt_set_timeout(): 0 for none */
static void set_timeout(int seconds, const char *what)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	timeout_what = what;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

static void driver_unbind(const char *prefix, int timeout)
{
	int ret;

	igt_info("%sunbinding the driver from the device", prefix);
	set_timeout(timeout, "Driver unbind timeout!");
	ret = vgh_write_attr(hp.drv, "unbind", hp.addr);
	igt_assert_f(ret == 0, "Driver unbind failure (%s): %s", hp.addr, strerror(-ret));
	alarm(0);
	igt_assert_f(!bound(), "Unbound device still present (%s)", hp.addr);
}

static void driver_bind(int timeout)
{
	int ret;

	igt_info("rebinding the driver to the device");
	set_timeout(timeout, "Driver re-bind timeout!");
	ret = vgh_write_attr(hp.drv, "bind", hp.addr);
	igt_assert_f(ret == 0, "Driver re-bind failure (%s): %s", hp.addr, strerror(-ret));
	alarm(0);
	igt_assert_f(bound(), "Rebound device not present (%s)!", hp.addr);
}

/* skips unless the device can be removed from its bus */
static void require_remove(void)
{
	char dir[PATH_MAX + NAME_MAX + 2], bus[PATH_MAX];
	char *slash;

	snprintf(bus, sizeof(bus), "%s", hp.bus);
	slash = strrchr(bus, '/');
	if (slash)
		*slash = 0;
	slash = strrchr(bus, '/');
	snprintf(dir, sizeof(dir), "%s/%s", hp.bus, hp.addr);
	igt_require_f(exists_in(dir, "remove"),
		      "the device has no remove (%s on the %s bus has no remove attribute)",
		      hp.addr, slash ? slash + 1 : bus);
}

static void device_unplug(const char *prefix, int timeout)
{
	char dir[PATH_MAX + NAME_MAX + 2];
	int ret;

	snprintf(dir, sizeof(dir), "%s/%s", hp.bus, hp.addr);
	igt_info("%sunplugging the device", prefix);
	set_timeout(timeout, "Device unplug timeout!");
	ret = vgh_write_attr(dir, "remove", "1");
	igt_assert_f(ret == 0, "Device unplug failure: %s", strerror(-ret));
	alarm(0);
	igt_assert_f(!exists_in(hp.bus, hp.addr), "Unplugged device still present (%s)",
		     hp.addr);
}

static void bus_rescan(int timeout)
{
	int ret;

	igt_info("rediscovering the device");
	set_timeout(timeout, "Bus rescan timeout!");
	ret = vgh_write_attr(hp.bus, "../rescan", "1");
	igt_assert_f(ret == 0, "Bus rescan failure: %s", strerror(-ret));
	alarm(0);
	igt_assert_f(exists_in(hp.bus, hp.addr), "Fakely unplugged device not rediscovered (%s)!",
		     hp.addr);
}

/* the device's card or render node, opened; asserts as IGT does */
static int open_node(bool render, const char *why)
{
	char name[NAME_MAX + 1], path[NAME_MAX + 16];
	int fd;

	device_node(render ? "renderD" : "card", name, sizeof(name));
	igt_assert_f(name[0], "%s device reopen failure%s: no node", render ? "Render" : "DRM",
		     why);
	snprintf(path, sizeof(path), "/dev/dri/%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	igt_assert_f(fd >= 0, "%s device reopen failure%s: %s: %s",
		     render ? "Render" : "DRM", why, path, strerror(errno));
	return fd;
}

/* IGT's node health check: NULL, or what failed */
static const char *node_healthcheck(bool render)
{
	char path[PATH_MAX];
	const char *failure = NULL;
	int fd = open_node(render, " for health check");

	if (drm_sysfs_dir(fd, path, sizeof(path)))
		failure = "Device sysfs healthcheck failure!";
	else if (drm_debugfs_dir(fd, path, sizeof(path)))
		failure = "Device debugfs healthcheck failure!";
	if (close(fd))
		failure = "Device close failed";
	return failure;
}

static const char *healthcheck(void)
{
	const char *failure;

	/* time for devtmpfs to make the device nodes again */
	sleep(1);
	failure = node_healthcheck(false);
	if (!failure)
		failure = node_healthcheck(true);
	return failure;
}

static void assert_healthy(void)
{
	const char *failure = healthcheck();

	igt_assert_f(!failure, "%s", failure);
}

static void pre_check(void)
{
	const char *failure = healthcheck();

	igt_require_f(!failure, "%s", failure);
}

/*
 * Runs body in a child, then IGT's recovery: the device bound again if
 * it is not, and healthy, whatever became of the child. The device comes
 * back as the card it was when nothing of the old one is open any more.
 */
static void run_recovered(void (*body)(void))
{
	char card[NAME_MAX + 1];
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		body();
		fflush(stdout);
		_exit(0);
	}
	igt_assert(waitpid(pid, &status, 0) == pid);
	alarm(0);
	if (!bound())
		driver_bind(60);
	device_node("card", card, sizeof(card));
	if (hp.card[0] && strcmp(card, hp.card)) {
		char path[NAME_MAX + 16];

		snprintf(path, sizeof(path), "/dev/dri/%s", hp.card);
		if (access(path, F_OK)) {
			igt_info("the device came back as %s; once more, to be %s again", card,
				 hp.card);
			driver_unbind("", 60);
			driver_bind(60);
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		const char *failure = healthcheck();

		igt_fail("the subtest failed (status %#x); after recovery the device is %s",
			 status, failure ? failure : "healthy");
	}
}

/* ------------------------------------------------------------ IGT's tests */

static int drm_fd = -1;

static void open_device(const char *why)
{
	igt_info("opening DRM device%s", why);
	drm_fd = open_node(false, why);
}

static void close_device(const char *when, const char *which)
{
	igt_info("%sclosing %sdevice instance", when, which);
	igt_assert_f(close(drm_fd) == 0, "Device close failed: %s", strerror(errno));
	drm_fd = -1;
}

static void unbind_rebind_body(void)
{
	driver_unbind("", 0);
	driver_bind(0);
	assert_healthy();
}

static void unbind_rebind(void)
{
	pre_check();
	run_recovered(unbind_rebind_body);
}

static void unplug_rescan_body(void)
{
	device_unplug("", 0);
	bus_rescan(0);
	assert_healthy();
}

static void unplug_rescan(void)
{
	pre_check();
	require_remove();
	run_recovered(unplug_rescan_body);
}

static void hotunbind_rebind_body(void)
{
	open_device(" for hot unbind");
	driver_unbind("hot ", 0);
	close_device("late ", "unbound ");
	driver_bind(0);
	assert_healthy();
}

static void hotunbind_rebind(void)
{
	pre_check();
	run_recovered(hotunbind_rebind_body);
}

static void hotunplug_rescan_body(void)
{
	open_device(" for hot unplug");
	device_unplug("hot ", 0);
	close_device("late ", "removed ");
	bus_rescan(0);
	assert_healthy();
}

static void hotunplug_rescan(void)
{
	pre_check();
	require_remove();
	run_recovered(hotunplug_rescan_body);
}

static void hotrebind_body(void)
{
	open_device(" for hot rebind");
	driver_unbind("hot ", 60);
	driver_bind(0);
	assert_healthy();
}

static void hotrebind(void)
{
	pre_check();
	run_recovered(hotrebind_body);
}

static void hotreplug_body(void)
{
	open_device(" for hot replug");
	device_unplug("hot ", 60);
	bus_rescan(0);
	assert_healthy();
}

static void hotreplug(void)
{
	pre_check();
	require_remove();
	run_recovered(hotreplug_body);
}

static void hotrebind_lateclose_body(void)
{
	open_device(" for hot rebind");
	driver_unbind("hot ", 60);
	driver_bind(0);
	close_device("late ", "unbound ");
	assert_healthy();
}

static void hotrebind_lateclose(void)
{
	pre_check();
	run_recovered(hotrebind_lateclose_body);
}

static void hotreplug_lateclose_body(void)
{
	open_device(" for hot replug");
	device_unplug("hot ", 60);
	bus_rescan(0);
	close_device("late ", "removed ");
	assert_healthy();
}

static void hotreplug_lateclose(void)
{
	pre_check();
	require_remove();
	run_recovered(hotreplug_lateclose_body);
}

/* ---------------------------------------------- live mappings (not IGT) */

#define BUF_W 256
#define BUF_H 256
#define NEW_BUFS 8

struct live {
	const char *what;
	uint32_t *map;
	size_t size;
	uint32_t pattern;
};

static struct {
	uint32_t handle, dmabuf_handle;
	uint64_t offset;		/* of the dumb buffer's mmap */
	int dmabuf;
	struct live maps[3];
	int n;
} lv;

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(fault_jmp, 1);
}

/*
 * Reads (or, with fill, writes) every word of a mapping; 0, or the signal
 * (SIGBUS, SIGSEGV) the access raised. mismatch gets the index of the
 * first word that is not want (reading), or stays -1.
 */
static int guarded_access(struct live *m, bool fill, uint32_t want, long *mismatch,
			  uint32_t *seen)
{
	struct sigaction sa = { .sa_handler = on_fault }, old_bus, old_segv;
	volatile uint32_t *p = m->map;
	size_t i, n = m->size / 4;
	int sig = 0;

	*mismatch = -1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	fault_sig = 0;
	if (sigsetjmp(fault_jmp, 1) == 0) {
		for (i = 0; i < n; i++) {
			if (fill) {
				p[i] = want;
			} else if (p[i] != want && *mismatch < 0) {
				*mismatch = i;
				*seen = p[i];
			}
		}
	} else {
		sig = fault_sig;
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return sig;
}

/* the mapping faults, or still holds its pattern */
static void check_live(struct live *m, const char *when)
{
	uint32_t seen = 0;
	long bad;
	int sig = guarded_access(m, false, m->pattern, &bad, &seen);

	if (sig) {
		igt_info("%s %s: reading it raised %s (zapped)", when, m->what, strsignal(sig));
		return;
	}
	igt_assert_f(bad < 0, "%s %s: word %ld is %#x, not the %#x written there", when,
		     m->what, bad, seen, m->pattern);
	igt_info("%s %s: still holds its contents", when, m->what);
}

static void setup_mappings(void)
{
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_mode_map_dumb md = { 0 };
	uint64_t size, size2;
	uint32_t pitch;
	long bad;
	uint32_t seen;
	int i;

	lv.handle = dumb_create(drm_fd, BUF_W, BUF_H, 32, &pitch, &size);
	md.handle = lv.handle;
	do_ioctl(drm_fd, DRM_IOCTL_MODE_MAP_DUMB, &md);
	lv.offset = md.offset;
	lv.maps[0].what = "the dumb buffer's mapping";
	lv.maps[0].size = size;
	lv.maps[0].pattern = 0xa1a1a1a1;
	lv.maps[0].map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, drm_fd,
			      md.offset);
	igt_assert(lv.maps[0].map != MAP_FAILED);

	lv.dmabuf_handle = dumb_create(drm_fd, BUF_W, BUF_H, 32, &pitch, &size2);
	exp.handle = lv.dmabuf_handle;
	do_ioctl(drm_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp);
	lv.dmabuf = exp.fd;
	lv.maps[1].what = "the dma-buf's mapping";
	lv.maps[1].size = size2;
	lv.maps[1].pattern = 0xb2b2b2b2;
	lv.maps[1].map = mmap(NULL, size2, PROT_READ | PROT_WRITE, MAP_SHARED, lv.dmabuf, 0);
	igt_assert_f(lv.maps[1].map != MAP_FAILED, "mmap of the dma-buf: %s", strerror(errno));
	lv.n = 2;
	for (i = 0; i < lv.n; i++) {
		igt_assert_eq(guarded_access(&lv.maps[i], true, lv.maps[i].pattern, &bad, &seen),
			      0);
		igt_assert_eq(guarded_access(&lv.maps[i], false, lv.maps[i].pattern, &bad,
					     &seen), 0);
		igt_assert_eq(bad, -1);
	}
	igt_info("a %ux%u dumb buffer mapped (%llu bytes), another exported and mapped",
		 BUF_W, BUF_H, (unsigned long long)size);
}

/* What an unbound device's file, dma-buf and mappings do. */
static void check_unbound(void)
{
	struct drm_mode_create_dumb c = { .width = BUF_W, .height = BUF_H, .bpp = 32 };
	struct drm_mode_map_dumb md = { .handle = lv.handle };
	struct drm_prime_handle imp = { .fd = lv.dmabuf };
	struct drm_mode_card_res res = { 0 };
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	struct drm_version ver = { 0 };
	void *p;
	int i, ret;

	do_ioctl_err(drm_fd, DRM_IOCTL_VERSION, &ver, ENODEV);
	do_ioctl_err(drm_fd, DRM_IOCTL_MODE_GETRESOURCES, &res, ENODEV);
	do_ioctl_err(drm_fd, DRM_IOCTL_MODE_CREATE_DUMB, &c, ENODEV);
	do_ioctl_err(drm_fd, DRM_IOCTL_MODE_MAP_DUMB, &md, ENODEV);
	do_ioctl_err(drm_fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp, ENODEV);
	errno = 0;
	p = mmap(NULL, lv.maps[0].size, PROT_READ | PROT_WRITE, MAP_SHARED, drm_fd, lv.offset);
	igt_assert_f(p == MAP_FAILED && errno == ENODEV,
		     "a new mmap() of the unbound device's file gave %s, want ENODEV",
		     p == MAP_FAILED ? strerror(errno) : "a mapping");
	igt_info("the old file's ioctls and mmap() fail with ENODEV");

	/* the dma-buf is a file of its own: it answers, and may map */
	igt_assert_eq(lseek(lv.dmabuf, 0, SEEK_END), (long long)lv.maps[1].size);
	ret = vgh_ioctl(lv.dmabuf, DMA_BUF_IOCTL_SYNC, &sync);
	igt_info("DMA_BUF_IOCTL_SYNC start on the dma-buf: %s", ret ? strerror(-ret) : "ok");
	if (!ret) {
		sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
		ret = vgh_ioctl(lv.dmabuf, DMA_BUF_IOCTL_SYNC, &sync);
		igt_info("DMA_BUF_IOCTL_SYNC end: %s", ret ? strerror(-ret) : "ok");
	}
	p = mmap(NULL, lv.maps[1].size, PROT_READ | PROT_WRITE, MAP_SHARED, lv.dmabuf, 0);
	if (p == MAP_FAILED) {
		igt_info("a new mmap() of the dma-buf: %s", strerror(errno));
	} else {
		igt_info("a new mmap() of the dma-buf works");
		lv.maps[2] = lv.maps[1];
		lv.maps[2].what = "the dma-buf's mapping made while unbound";
		lv.maps[2].map = p;
		lv.n = 3;
	}
	for (i = 0; i < lv.n; i++)
		check_live(&lv.maps[i], "unbound:");
}

static void close_mappings(void)
{
	int i;

	for (i = 0; i < lv.n; i++)
		igt_assert_eq(munmap(lv.maps[i].map, lv.maps[i].size), 0);
	lv.n = 0;
	igt_assert_eq(close(lv.dmabuf), 0);
	close_device("", "unbound ");
}

/* The rebound device: a buffer on its output. */
static void check_device_works(void)
{
	struct output o;
	struct kfb fb;
	struct kms k;
	int fd = open_node(false, " to use it");

	if (!drm_is_master(fd))
		igt_assert_f(drmSetMaster(fd) == 0, "the rebound device: no master: %s",
			     strerror(errno));
	kms_init(&k, fd);
	igt_assert_f(kms_single_outputs(&k, &o, 1) == 1, "the rebound device has no output");
	kfb_create_color(fd, o.mode.hdisplay, o.mode.vdisplay, DRM_FORMAT_XRGB8888, 0x00ff00,
			 &fb);
	output_on(&k, &o, &fb);
	igt_info("the rebound device shows %ux%u on %s", o.mode.hdisplay, o.mode.vdisplay,
		 o.name);
	output_off(&k, &o);
	kfb_remove(&fb);
	kms_fini(&k);
	igt_assert_eq(close(fd), 0);
}

/*
 * The rebound device's new buffers and the unbound device's mappings
 * must not share memory, either way.
 */
static void check_no_alias(void)
{
	struct live nb[NEW_BUFS];
	uint32_t handles[NEW_BUFS], pitch, seen = 0;
	int fd = open_node(false, " for new buffers");
	uint64_t size;
	long bad;
	int i, j, sig;

	for (i = 0; i < NEW_BUFS; i++) {
		handles[i] = dumb_create(fd, BUF_W, BUF_H, 32, &pitch, &size);
		nb[i].what = "a buffer of the rebound device";
		nb[i].size = size;
		nb[i].pattern = 0xc0c00000 | i;
		nb[i].map = dumb_map(fd, handles[i], size, PROT_READ | PROT_WRITE);
		igt_assert_eq(guarded_access(&nb[i], true, nb[i].pattern, &bad, &seen), 0);
	}
	for (j = 0; j < lv.n; j++)
		check_live(&lv.maps[j], "rebound, new buffers written:");
	for (j = 0; j < lv.n; j++) {
		sig = guarded_access(&lv.maps[j], true, 0xd3d3d3d3, &bad, &seen);
		igt_info("writing through %s: %s", lv.maps[j].what,
			 sig ? strsignal(sig) : "done");
	}
	for (i = 0; i < NEW_BUFS; i++) {
		igt_assert_eq(guarded_access(&nb[i], false, nb[i].pattern, &bad, &seen), 0);
		igt_assert_f(bad < 0,
			     "new buffer %d of the rebound device: word %ld is %#x, not its %#x: a write through a mapping of the unbound device reached it",
			     i, bad, seen, nb[i].pattern);
		munmap(nb[i].map, nb[i].size);
		gem_close(fd, handles[i]);
	}
	igt_info("%d new buffers and the old mappings share no memory", NEW_BUFS);
	igt_assert_eq(close(fd), 0);
}

static void hotunbind_rebind_mapped_body(void)
{
	open_device(" for hot unbind with live mappings");
	setup_mappings();
	driver_unbind("hot ", 60);
	check_unbound();
	close_mappings();
	driver_bind(0);
	assert_healthy();
	check_device_works();
}

static void hotunbind_rebind_mapped(void)
{
	pre_check();
	run_recovered(hotunbind_rebind_mapped_body);
}

static void hotrebind_lateclose_mapped_body(void)
{
	open_device(" for hot rebind with live mappings");
	setup_mappings();
	driver_unbind("hot ", 60);
	check_unbound();
	driver_bind(0);
	assert_healthy();
	check_no_alias();
	check_device_works();
	close_mappings();
	assert_healthy();
}

static void hotrebind_lateclose_mapped(void)
{
	pre_check();
	run_recovered(hotrebind_lateclose_mapped_body);
}

IGT_MAIN(setup,
	{ "unbind-rebind", unbind_rebind },
	{ "unplug-rescan", unplug_rescan },
	{ "hotunbind-rebind", hotunbind_rebind },
	{ "hotunplug-rescan", hotunplug_rescan },
	{ "hotrebind", hotrebind },
	{ "hotreplug", hotreplug },
	{ "hotrebind-lateclose", hotrebind_lateclose },
	{ "hotreplug-lateclose", hotreplug_lateclose },
	{ "hotunbind-rebind-mapped", hotunbind_rebind_mapped },
	{ "hotrebind-lateclose-mapped", hotrebind_lateclose_mapped },
)
