// SPDX-License-Identifier: GPL-2.0
/* platform_driver.remove returns nothing */
#include <linux/platform_device.h>

void vgh_probe_remove(struct platform_device *pdev);
void vgh_probe_remove(struct platform_device *pdev)
{
}

struct platform_driver vgh_probe_driver;
struct platform_driver vgh_probe_driver = { .remove = vgh_probe_remove };
