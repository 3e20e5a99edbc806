// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-sim: debugfs knobs and host-side truth.
 */

/**
 * DOC: debugfs
 *
 * Every device has a directory /sys/kernel/debug/virtio-gpu-sim/simN with
 * what the host knows, for tests to compare with what the guest believes:
 *
 * ``state``
 *	offered and negotiated features, device status, configuration,
 *	host memory in use, bytes copied by TRANSFER commands, faults
 *	injected, resets that found a scanout still on, and per command
 *	the number received and the number answered with an error.
 * ``resources``
 *	one line per resource (id, kind, format, size, blob type, bytes
 *	copied, mapping, uuid) followed by its backing entries with their
 *	guest-physical addresses.
 * ``scanouts``
 *	per scanout: connected, mode, resource shown, rectangle, flushes,
 *	the rectangle of the last flush (``last_flush WxH+X+Y``) and the
 *	source of its pixels (host-copy, guest-direct, host-memory or
 *	none).
 * ``contexts``
 *	one line per context: id, capset, SUBMIT_3D count, debug name.
 * ``guest_pages``
 *	one line per resource with backing: ``resource ID pages N free F``,
 *	the pages of its backing that are guest RAM and how many of them
 *	the guest's page allocator holds free (no reference on them): a
 *	guest that gave pages back while the host still holds them shows
 *	there.
 * ``sync``
 *	reads ``idle`` once the device has run every command the guest
 *	queued before the read (a command an armed fault holds back stays
 *	held): a test reads it before comparing the files above with what
 *	it sent, as a driver need not wait for the device's answers.
 * ``scanoutN.ppm``
 *	the image scanout N shows, as a binary PPM; reading fails with
 *	ENODATA while the scanout is off.
 *
 * And knobs, written with echo:
 *
 * ``fault``
 *	``KIND [CMD [COUNT [RESP]]]``: KIND is none, error, short,
 *	oversized, bad-type, fence-id, hang, stray, stall or slow (&enum
 *	vgs_fault_kind); CMD a command number (0 for any); COUNT how many
 *	commands to hit (0 for all); RESP the error response for ``error``
 *	(default ERR_UNSPEC), or for ``slow`` the milliseconds, 1 to 60000,
 *	which it needs. Reads back the armed fault.
 * ``delay_ms``
 *	milliseconds to wait before each command.
 * ``hotplug``
 *	``SCANOUT on|off [WxH]``: plug, unplug or change a display, then
 *	raise a display event.
 * ``storm``
 *	``N``: raise N display events back to back.
 * ``layout_lie``
 *	the name of a lie (&enum vgs_layout_lie: ``none``, ``small-stride``,
 *	``npot-align``, ``stride-align``, ``offset-past``, ``huge-size``,
 *	``wrap-offset``, ``overlap``, ``planes``, ``tiled-linear``) that
 *	RESOURCE_QUERY_LAYOUT answers tell from now on.
 * ``heap_region``
 *	``BASE SIZE`` (hex): the heap region the device reports from now on,
 *	as a device that moved it after the driver probed would; the
 *	simulator keeps its own heap where it was. Only with a heap.
 */

#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_config.h>

#include "vgs.h"

static const char *const vgs_fault_names[VGS_FAULT_COUNT] = {
	[VGS_FAULT_NONE] = "none",
	[VGS_FAULT_ERROR] = "error",
	[VGS_FAULT_SHORT] = "short",
	[VGS_FAULT_OVERSIZED] = "oversized",
	[VGS_FAULT_BAD_TYPE] = "bad-type",
	[VGS_FAULT_FENCE_ID] = "fence-id",
	[VGS_FAULT_HANG] = "hang",
	[VGS_FAULT_STRAY] = "stray",
	[VGS_FAULT_STALL] = "stall",
	[VGS_FAULT_SLOW] = "slow",
};

static int vgs_state_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;
	unsigned long flags;
	unsigned int i;
	struct virtio_gpu_heap_config config;
	u8 status;

	spin_lock_irqsave(&sim->cfg_lock, flags);
	config = sim->config;
	status = sim->status;
	spin_unlock_irqrestore(&sim->cfg_lock, flags);

	mutex_lock(&sim->lock);
	seq_printf(m, "offered: 0x%llx\n", vgs_offered_features(sim));
	seq_printf(m, "negotiated: 0x%llx\n", sim->negotiated);
	seq_printf(m, "status: 0x%x\n", status);
	seq_printf(m, "live: %d\n", sim->live);
	seq_printf(m, "events_read: 0x%x\n", le32_to_cpu(config.events_read));
	seq_printf(m, "num_scanouts: %u\n", le32_to_cpu(config.num_scanouts));
	seq_printf(m, "num_capsets: %u\n", le32_to_cpu(config.num_capsets));
	seq_printf(m, "blob_alignment: %u\n", le32_to_cpu(config.blob_alignment));
	seq_printf(m, "hostvis: %pa+0x%llx\n", &sim->cfg.hostvis_base,
		   sim->cfg.hostvis_size);
	seq_printf(m, "heap: %pa+0x%llx\n", &sim->cfg.heap_base,
		   sim->cfg.heap_size);
	seq_printf(m, "host_mem: %llu\n", sim->host_mem);
	seq_printf(m, "copied: %llu\n", sim->copied);
	seq_printf(m, "faults: %llu\n", sim->faults);
	seq_printf(m, "live_scanout_resets: %llu\n", sim->live_scanout_resets);
	seq_printf(m, "held: %u %u\n", sim->queues[0].held, sim->queues[1].held);
	seq_printf(m, "cursor: scanout %u at %u,%u resource %u updates %llu moves %llu\n",
		   le32_to_cpu(sim->cursor.scanout_id),
		   le32_to_cpu(sim->cursor.x), le32_to_cpu(sim->cursor.y),
		   sim->cursor_resource, sim->cursor_updates, sim->cursor_moves);
	for (i = 0; i < VGH_CMD_COUNT; i++)
		seq_printf(m, "cmd %s: %llu errors %llu\n", vgs_wire_cmds[i].name,
			   sim->cmds[i], sim->errors[i]);
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgs_state);

static const char *const vgs_res_kind_names[] = {
	[VGS_RES_2D] = "2d",
	[VGS_RES_3D] = "3d",
	[VGS_RES_BLOB] = "blob",
};

static int vgs_resources_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;
	struct vgs_resource *res;
	unsigned long id;
	u32 i;

	mutex_lock(&sim->lock);
	xa_for_each(&sim->resources, id, res) {
		seq_printf(m, "resource %u kind %s format %u size %ux%u bytes %llu blob_mem %u blob_flags 0x%x copied %llu entries %u",
			   res->id, vgs_res_kind_names[res->kind], res->format, res->width,
			   res->height, res->size, res->blob_mem,
			   res->blob_flags, res->copied, res->nr_entries);
		if (res->mapped)
			seq_printf(m, " mapped 0x%llx", res->map_offset);
		if (res->has_uuid)
			seq_printf(m, " uuid %pUb", &res->uuid);
		seq_puts(m, "\n");
		for (i = 0; i < res->nr_entries; i++)
			seq_printf(m, "  entry %u addr 0x%llx len %u\n", i,
				   res->entries[i].addr, res->entries[i].len);
	}
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgs_resources);

static int vgs_sync_show(struct seq_file *m, void *unused)
{
	vgs_sync(m->private);
	seq_puts(m, "idle\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgs_sync);

static int vgs_scanouts_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;
	u32 i;

	mutex_lock(&sim->lock);
	for (i = 0; i < sim->cfg.num_scanouts; i++) {
		const struct vgs_scanout *so = &sim->scanouts[i];

		seq_printf(m, "scanout %u connected %d mode %ux%u resource %u rect %ux%u+%u+%u flushes %llu last_flush %ux%u+%u+%u source %s\n",
			   i, so->connected, so->mode.width, so->mode.height,
			   so->resource_id, le32_to_cpu(so->rect.width),
			   le32_to_cpu(so->rect.height), le32_to_cpu(so->rect.x),
			   le32_to_cpu(so->rect.y), so->flushes,
			   le32_to_cpu(so->last_flush.width),
			   le32_to_cpu(so->last_flush.height),
			   le32_to_cpu(so->last_flush.x),
			   le32_to_cpu(so->last_flush.y),
			   vgs_scanout_source(sim, so));
	}
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgs_scanouts);

static int vgs_contexts_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;
	struct vgs_ctx *ctx;
	unsigned long id;

	mutex_lock(&sim->lock);
	xa_for_each(&sim->contexts, id, ctx)
		seq_printf(m, "context %u capset %u submits %llu name %.*s\n",
			   ctx->id, ctx->capset_id, ctx->submits,
			   (int)sizeof(ctx->name), ctx->name);
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgs_contexts);

static int vgs_guest_pages_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;
	struct vgs_resource *res;
	unsigned long id;
	u64 pages, free;

	mutex_lock(&sim->lock);
	xa_for_each(&sim->resources, id, res) {
		if (!res->nr_entries)
			continue;
		free = vgs_guest_pages_free(res, &pages);
		seq_printf(m, "resource %u pages %llu free %llu\n", res->id,
			   pages, free);
	}
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vgs_guest_pages);

/* The image is built at open so that a reader sees one consistent frame. */
struct vgs_image {
	void *data;
	size_t len;
};

static int vgs_image_open(struct inode *inode, struct file *file)
{
	struct vgs_image_ref *ref = inode->i_private;
	struct vgs_image *img;
	int ret;

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return -ENOMEM;
	ret = vgs_scanout_image(ref->sim, ref->scanout, &img->data, &img->len);
	if (ret) {
		kfree(img);
		return ret;
	}
	file->private_data = img;
	return 0;
}

static ssize_t vgs_image_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct vgs_image *img = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, img->data, img->len);
}

static int vgs_image_release(struct inode *inode, struct file *file)
{
	struct vgs_image *img = file->private_data;

	kvfree(img->data);
	kfree(img);
	return 0;
}

static const struct file_operations vgs_image_fops = {
	.owner = THIS_MODULE,
	.open = vgs_image_open,
	.read = vgs_image_read,
	.release = vgs_image_release,
	.llseek = default_llseek,
};

/* Copy a short command written by the user into a NUL-terminated buffer. */
static int vgs_read_cmd(const char __user *ubuf, size_t len, char *buf,
			size_t size)
{
	if (!len || len >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	return 0;
}

static int vgs_fault_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;

	mutex_lock(&sim->lock);
	seq_printf(m, "%s 0x%x %u 0x%x\n", vgs_fault_names[sim->fault.kind],
		   sim->fault.cmd, sim->fault.count, sim->fault.resp);
	mutex_unlock(&sim->lock);
	return 0;
}

static int vgs_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, vgs_fault_show, inode->i_private);
}

static ssize_t vgs_fault_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct vgs_device *sim = file_inode(file)->i_private;
	struct vgs_fault fault = { .resp = VIRTIO_GPU_RESP_ERR_UNSPEC };
	char buf[64], kind[16];
	int n, ret;

	ret = vgs_read_cmd(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	n = sscanf(buf, "%15s %i %u %i", kind, &fault.cmd, &fault.count,
		   &fault.resp);
	if (n < 1)
		return -EINVAL;
	ret = match_string(vgs_fault_names, VGS_FAULT_COUNT, kind);
	if (ret < 0)
		return -EINVAL;
	fault.kind = ret;
	if (fault.kind == VGS_FAULT_ERROR &&
	    (fault.resp < VIRTIO_GPU_RESP_ERR_UNSPEC ||
	     fault.resp > VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER))
		return -EINVAL;
	if (fault.kind == VGS_FAULT_SLOW &&
	    (n < 4 || fault.resp < 1 || fault.resp > 60000))
		return -EINVAL;
	vgs_set_fault(sim, &fault);
	return len;
}

static const struct file_operations vgs_fault_fops = {
	.owner = THIS_MODULE,
	.open = vgs_fault_open,
	.read = seq_read,
	.write = vgs_fault_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int vgs_delay_get(void *data, u64 *val)
{
	struct vgs_device *sim = data;

	mutex_lock(&sim->lock);
	*val = sim->delay_ms;
	mutex_unlock(&sim->lock);
	return 0;
}

static int vgs_delay_set(void *data, u64 val)
{
	if (val > 60000)
		return -EINVAL;
	vgs_set_delay(data, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vgs_delay_fops, vgs_delay_get, vgs_delay_set,
			 "%llu\n");

static ssize_t vgs_hotplug_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct vgs_device *sim = file_inode(file)->i_private;
	struct vgs_mode mode;
	char buf[64], state[8];
	u32 scanout;
	int n, ret;

	ret = vgs_read_cmd(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	n = sscanf(buf, "%u %7s %ux%u", &scanout, state, &mode.width,
		   &mode.height);
	if ((n != 2 && n != 4) || (strcmp(state, "on") && strcmp(state, "off")))
		return -EINVAL;
	ret = vgs_hotplug(sim, scanout, !strcmp(state, "on"),
			  n == 4 ? &mode : NULL);
	return ret ?: len;
}

static const struct file_operations vgs_hotplug_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vgs_hotplug_write,
};

static int vgs_heap_region_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;

	mutex_lock(&sim->lock);
	seq_printf(m, "0x%llx 0x%llx\n", sim->heap_reported.addr,
		   sim->heap_reported.len);
	mutex_unlock(&sim->lock);
	return 0;
}

static int vgs_heap_region_open(struct inode *inode, struct file *file)
{
	return single_open(file, vgs_heap_region_show, inode->i_private);
}

static ssize_t vgs_heap_region_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	struct vgs_device *sim = file_inode(file)->i_private;
	unsigned long long base, size;
	char buf[64];
	int ret;

	ret = vgs_read_cmd(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%llx %llx", &base, &size) != 2)
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->heap_reported.addr = base;
	sim->heap_reported.len = size;
	mutex_unlock(&sim->lock);
	return len;
}

static const struct file_operations vgs_heap_region_fops = {
	.owner = THIS_MODULE,
	.open = vgs_heap_region_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = vgs_heap_region_write,
};

static int vgs_layout_lie_show(struct seq_file *m, void *unused)
{
	struct vgs_device *sim = m->private;

	mutex_lock(&sim->lock);
	seq_printf(m, "%s\n", vgs_layout_lie_name(sim->layout_lie));
	mutex_unlock(&sim->lock);
	return 0;
}

static int vgs_layout_lie_open(struct inode *inode, struct file *file)
{
	return single_open(file, vgs_layout_lie_show, inode->i_private);
}

static ssize_t vgs_layout_lie_write(struct file *file,
				    const char __user *ubuf, size_t len,
				    loff_t *ppos)
{
	struct vgs_device *sim = file_inode(file)->i_private;
	char buf[32];
	int ret, lie;

	ret = vgs_read_cmd(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	lie = vgs_layout_lie_parse(buf);
	if (lie < 0)
		return lie;
	ret = vgs_set_layout_lie(sim, lie);
	return ret ?: len;
}

static const struct file_operations vgs_layout_lie_fops = {
	.owner = THIS_MODULE,
	.open = vgs_layout_lie_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = vgs_layout_lie_write,
};

static int vgs_storm_set(void *data, u64 val)
{
	struct vgs_device *sim = data;

	if (val > 100000)
		return -EINVAL;
	while (val--) {
		vgs_config_event(sim, VIRTIO_GPU_EVENT_DISPLAY);
		cond_resched();
	}
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vgs_storm_fops, NULL, vgs_storm_set, "%llu\n");

/*
 * heap_fill: the host writes a byte over its whole heap region, as a host
 * or firmware that used the region before this guest driver did.
 */
static int vgs_heap_fill_set(void *data, u64 val)
{
	struct vgs_device *sim = data;

	if (val > 0xff)
		return -EINVAL;
	memset(sim->heap, val, sim->cfg.heap_size);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(vgs_heap_fill_fops, NULL, vgs_heap_fill_set, "%llu\n");

/**
 * vgs_debugfs_init() - create a device's debugfs directory
 * @sim: the device
 * @root: the module's directory
 */
void vgs_debugfs_init(struct vgs_device *sim, struct dentry *root)
{
	struct dentry *dir;
	char name[24];
	u32 i;

	snprintf(name, sizeof(name), "sim%u", sim->id);
	dir = debugfs_create_dir(name, root);
	sim->debugfs = dir;
	debugfs_create_file("state", 0444, dir, sim, &vgs_state_fops);
	debugfs_create_file("resources", 0444, dir, sim, &vgs_resources_fops);
	debugfs_create_file("scanouts", 0444, dir, sim, &vgs_scanouts_fops);
	debugfs_create_file("contexts", 0444, dir, sim, &vgs_contexts_fops);
	debugfs_create_file("guest_pages", 0444, dir, sim, &vgs_guest_pages_fops);
	debugfs_create_file("sync", 0444, dir, sim, &vgs_sync_fops);
	debugfs_create_file("fault", 0644, dir, sim, &vgs_fault_fops);
	debugfs_create_file_unsafe("delay_ms", 0644, dir, sim, &vgs_delay_fops);
	debugfs_create_file("hotplug", 0200, dir, sim, &vgs_hotplug_fops);
	debugfs_create_file_unsafe("storm", 0200, dir, sim, &vgs_storm_fops);
	debugfs_create_file("layout_lie", 0644, dir, sim, &vgs_layout_lie_fops);
	if (sim->cfg.heap_size) {
		debugfs_create_file("heap_region", 0644, dir, sim,
				    &vgs_heap_region_fops);
		debugfs_create_file_unsafe("heap_fill", 0200, dir, sim,
					   &vgs_heap_fill_fops);
	}
	for (i = 0; i < sim->cfg.num_scanouts; i++) {
		snprintf(name, sizeof(name), "scanout%u.ppm", i);
		sim->images[i].sim = sim;
		sim->images[i].scanout = i;
		debugfs_create_file(name, 0444, dir, &sim->images[i],
				    &vgs_image_fops);
	}
}

/**
 * vgs_parse_modes() - read a list of modes such as "1024x768,800x600"
 * @s: the list
 * @modes: array to fill; entries beyond the list repeat its last mode
 * @max: entries in @modes
 *
 * Return: 0, or -EINVAL for a malformed list.
 */
int vgs_parse_modes(const char *s, struct vgs_mode *modes, u32 max)
{
	u32 i = 0;

	while (*s && i < max) {
		int n = 0;

		if (sscanf(s, "%ux%u%n", &modes[i].width, &modes[i].height,
			   &n) != 2 || !n)
			return -EINVAL;
		s += n;
		i++;
		if (*s == ',')
			s++;
		else if (*s)
			return -EINVAL;
	}
	if (!i)
		return -EINVAL;
	for (; i < max; i++)
		modes[i] = modes[i - 1];
	return 0;
}
