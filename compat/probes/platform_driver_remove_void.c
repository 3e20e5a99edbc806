// SPDX-License-Identifier: GPL-2.0
/* platform_driver.remove returns nothing */
#include <linux/platform_device.h>

static __maybe_unused void vgh_probe_remove(struct platform_device *pdev)
{
}

static struct platform_driver vgh_probe_driver __maybe_unused = { .remove = vgh_probe_remove };
