// SPDX-License-Identifier: MIT
/*
 * virtgpu_topology: where the DRM device of a virtio GPU sits, as
 * userspace finds it. The in-tree driver parents its DRM device on the
 * transport's device (the virtio-mmio platform device, or the PCI
 * function of virtio-gpu-pci), so that libdrm's drmGetDevice2() reports
 * that bus and its address, udev rules match on it and debugfs ``name``
 * names it; a drop-in driver must sit in the same place.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <xf86drm.h>

#include "igt.h"
#include "virtgpu.h"

/* @s into @out of @len bytes, cut short if need be. */
static void copy(char *out, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len)
		n = len - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* The card's sysfs device, resolved: the DRM device's parent. */
static void card_device(int fd, char *path, size_t len)
{
	char link[64];
	struct stat st;

	igt_assert_eq(fstat(fd, &st), 0);
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u/device",
		 major(st.st_rdev), minor(st.st_rdev));
	igt_assert_f(realpath(link, path), "%s: %s", link, strerror(errno));
	igt_assert(strlen(path) < len);
}

/* The last component of the link @dir/@name points to, or "". */
static void link_name(const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX + 64], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	n = readlink(path, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = '\0';
	base = strrchr(target, '/');
	copy(out, len, base ? base + 1 : target);
}

/* A value KEY=... of the device's uevent, or "". */
static void uevent_value(const char *dir, const char *key, char *out, size_t len)
{
	char path[PATH_MAX + 16], line[512];
	size_t klen = strlen(key);
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/uevent", dir);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == '=') {
			line[strcspn(line, "\n")] = '\0';
			copy(out, len, line + klen + 1);
			break;
		}
	}
	fclose(f);
}

/*
 * The parent is the transport, not the virtio device: the virtio device
 * is its child, bound to the driver the card belongs to.
 */
static void parent_is_transport(const char *dev, char *bus, size_t len)
{
	char path[PATH_MAX + 16], drv[64];
	int i, found = 0;

	link_name(dev, "subsystem", bus, len);
	igt_info("card device %s on bus %s\n", dev, bus);
	igt_assert_f(strcmp(bus, "virtio"),
		     "the DRM device's parent is the virtio device %s, not its transport",
		     strrchr(dev, '/') + 1);
	for (i = 0; i < 64 && !found; i++) {
		snprintf(path, sizeof(path), "%s/virtio%d", dev, i);
		if (access(path, F_OK))
			continue;
		link_name(path, "driver", drv, sizeof(drv));
		igt_info("virtio device virtio%d, driver %s\n", i, drv);
		found = drv[0] != '\0';
	}
	igt_assert_f(found, "no bound virtio device under %s", dev);
}

/* drmGetDevice2() reports the transport's bus and address. */
static void bus(void)
{
	char dev[PATH_MAX], busname[32], want[256];
	unsigned int dom, b, d, f;
	drmDevicePtr info = NULL;
	int fd = virtgpu_open(), ret;

	card_device(fd, dev, sizeof(dev));
	parent_is_transport(dev, busname, sizeof(busname));
	ret = drmGetDevice2(fd, 0, &info);
	igt_assert_f(!ret, "drmGetDevice2: %d", ret);
	igt_info("drmGetDevice2: bustype %d\n", info->bustype);
	if (!strcmp(busname, "pci")) {
		igt_assert_eq(info->bustype, DRM_BUS_PCI);
		igt_assert_eq(sscanf(strrchr(dev, '/') + 1, "%x:%x:%x.%x",
				     &dom, &b, &d, &f), 4);
		igt_info("pci %04x:%02x:%02x.%u vendor 0x%04x device 0x%04x\n",
			 info->businfo.pci->domain, info->businfo.pci->bus,
			 info->businfo.pci->dev, info->businfo.pci->func,
			 info->deviceinfo.pci->vendor_id,
			 info->deviceinfo.pci->device_id);
		igt_assert_eq(info->businfo.pci->domain, dom);
		igt_assert_eq(info->businfo.pci->bus, b);
		igt_assert_eq(info->businfo.pci->dev, d);
		igt_assert_eq(info->businfo.pci->func, f);
		/* virtio 1.0 GPU: vendor 0x1af4, device 0x1040 + 16 */
		igt_assert_eq(info->deviceinfo.pci->vendor_id, 0x1af4);
		igt_assert_eq(info->deviceinfo.pci->device_id, 0x1050);
	} else {
		igt_assert_f(!strcmp(busname, "platform"), "bus %s", busname);
		igt_assert_eq(info->bustype, DRM_BUS_PLATFORM);
		uevent_value(dev, "OF_FULLNAME", want, sizeof(want));
		igt_info("platform %s (OF_FULLNAME %s)\n",
			 info->businfo.platform->fullname, want);
		igt_assert_f(!strcmp(info->businfo.platform->fullname, want),
			     "platform device %s, want %s",
			     info->businfo.platform->fullname, want);
	}
	drmFreeDevice(&info);
	close(fd);
}

/* debugfs "name" says "virtio_gpu dev=<transport> unique=<transport>". */
static void debugfs_name(void)
{
	char dev[PATH_MAX], busname[32], path[64], line[512], want[PATH_MAX + 64];
	struct stat st;
	int fd = virtgpu_open();
	const char *name;
	FILE *f;

	card_device(fd, dev, sizeof(dev));
	parent_is_transport(dev, busname, sizeof(busname));
	name = strrchr(dev, '/') + 1;
	igt_assert_eq(fstat(fd, &st), 0);
	snprintf(path, sizeof(path), "/sys/kernel/debug/dri/%u/name", minor(st.st_rdev));
	f = fopen(path, "r");
	igt_require_f(f, "%s: %s", path, strerror(errno));
	igt_assert(fgets(line, sizeof(line), f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	igt_info("%s: %s\n", path, line);
	snprintf(want, sizeof(want), "virtio_gpu dev=%s unique=%s", name, name);
	igt_assert_f(!strcmp(line, want), "%s: '%s', want '%s'", path, line, want);
	close(fd);
}

IGT_MAIN(NULL,
	{ "bus", bus },
	{ "debugfs-name", debugfs_name },
)
