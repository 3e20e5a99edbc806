/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Clients of the device: what each holds of the heap, and its limit. The
 * client is private to vgh_client.c.
 */
#ifndef VGH_CLIENT_H
#define VGH_CLIENT_H

#include <linux/types.h>

struct drm_file;
struct drm_printer;
struct seq_file;
struct file;
struct vgh_client;

struct vgh_client *vgh_client_new(void);
struct vgh_client *vgh_client_get(struct vgh_client *client);
void vgh_client_put(struct vgh_client *client);
int vgh_client_charge_heap(struct vgh_client *client, u64 bytes);
void vgh_client_uncharge_heap(struct vgh_client *client, u64 bytes);
void vgh_client_show_fdinfo(struct drm_printer *p, struct drm_file *file);
void vgh_client_show_fdinfo_file(struct seq_file *m, struct file *f);

#endif /* VGH_CLIENT_H */
