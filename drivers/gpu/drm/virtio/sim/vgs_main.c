// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * virtio-gpu-sim: a simulated virtio-gpu host for tests.
 */

/**
 * DOC: Module parameters
 *
 * Loading the module creates ``instances`` devices, all configured from
 * the parameters below; tests that need other configurations create
 * their own with vgs_create(). Parameters are read once, at load.
 *
 * ``features``
 *	virtio-gpu feature bits offered, by name joined with commas
 *	(``virgl,edid,resource_uuid,resource_blob,context_init``, the
 *	default; also ``blob_alignment`` and ``resource_layout``, as the
 *	driver's debugfs spells them) or as a number; ``none`` for none.
 *	Reading the parameter gives the bits as a number.
 * ``legacy``
 *	leave out VIRTIO_F_VERSION_1, like a legacy transport.
 * ``scanouts``, ``modes``
 *	number of scanouts (1 to 16) and their preferred modes, as
 *	``WxH[,WxH...]``; the last mode repeats.
 * ``capsets``
 *	capset ids offered, as a bit mask of ids (default 0x2: VIRGL; 0x4
 *	VIRGL2, 0x10 VENUS, 0x40 DRM, the native context).
 * ``blob_alignment``
 *	the configuration field offered with bit 5 (default: page size).
 * ``hostvis_base``, ``hostvis_size``
 *	guest-physical range of the host-visible region (default none).
 * ``heap_base``, ``heap_size``
 *	guest-physical range of the dedicated heap region (default none),
 *	announced as shared memory region VIRTIO_GPU_SHM_ID_HEAP.
 * ``host_mem_mb``
 *	host memory budget for resources, in MiB (default 256).
 * ``map_cache``
 *	map_info answered by MAP_BLOB (default 1, cached).
 * ``stride_align``
 *	row alignment RESOURCE_QUERY_LAYOUT answers with (default 256, the
 *	pitch rule of many display engines); the query is offered with
 *	feature bit 50.
 * ``layout_align``
 *	size alignment of those answers (default 4096).
 * ``layout_tiled``
 *	answer a tiled layout for buffers the guest's CPU does not write
 *	(default off).
 *
 * The two regions must lie outside the memory the guest kernel manages:
 * boot the guest with ``mem=`` below them, as a hypervisor would carve
 * them out of the guest's address space.
 */

#define pr_fmt(fmt) "virtio-gpu-sim: " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "vgs.h"

#define VGS_MAX_INSTANCES	8

static unsigned int instances = 1;
module_param(instances, uint, 0444);
MODULE_PARM_DESC(instances, "devices created at load (0-8, default 1)");

static unsigned long long features =
	BIT_ULL(VIRTIO_GPU_F_VIRGL) | BIT_ULL(VIRTIO_GPU_F_EDID) |
	BIT_ULL(VIRTIO_GPU_F_RESOURCE_UUID) | BIT_ULL(VIRTIO_GPU_F_RESOURCE_BLOB) |
	BIT_ULL(VIRTIO_GPU_F_CONTEXT_INIT);

/* The feature names, as in the driver's table (vgh_wire.h). */
static const struct {
	const char *name;
	unsigned int bit;
} vgs_feature_names[] = {
#define VGH_WIRE_FEATURE(NAME, name) { #name, VIRTIO_GPU_F_##NAME },
#include "../vgh_wire.h"
};

static int vgs_feature_bit(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgs_feature_names); i++)
		if (strlen(vgs_feature_names[i].name) == len &&
		    !strncmp(vgs_feature_names[i].name, name, len))
			return vgs_feature_names[i].bit;
	return -EINVAL;
}

/* "name,name,...", "none", or a number. */
static int vgs_features_set(const char *val, const struct kernel_param *kp)
{
	u64 bits = 0;
	size_t len;
	int bit;

	if (!kstrtoull(val, 0, &bits) || sysfs_streq(val, "none"))
		goto out;
	for (bits = 0; *val && *val != '\n'; val += len + (val[len] == ',')) {
		len = strcspn(val, ",\n");
		bit = vgs_feature_bit(val, len);
		if (bit < 0) {
			pr_err("features: unknown feature \"%.*s\"\n", (int)len, val);
			return -EINVAL;
		}
		bits |= BIT_ULL(bit);
	}
out:
	*(unsigned long long *)kp->arg = bits;
	return 0;
}

static int vgs_features_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "0x%llx\n", *(unsigned long long *)kp->arg);
}

static const struct kernel_param_ops vgs_features_ops = {
	.set = vgs_features_set,
	.get = vgs_features_get,
};

module_param_cb(features, &vgs_features_ops, &features, 0444);
MODULE_PARM_DESC(features, "virtio-gpu features offered, by name joined with commas or as a number (default virgl,edid,resource_uuid,resource_blob,context_init)");

static bool legacy;
module_param(legacy, bool, 0444);
MODULE_PARM_DESC(legacy, "do not offer VIRTIO_F_VERSION_1");

static unsigned int scanouts = 1;
module_param(scanouts, uint, 0444);
MODULE_PARM_DESC(scanouts, "number of scanouts (1-16, default 1)");

static char *modes = "1024x768";
module_param(modes, charp, 0444);
MODULE_PARM_DESC(modes, "preferred modes, WxH[,WxH...] (default 1024x768)");

static unsigned int capsets = BIT(VIRTIO_GPU_CAPSET_VIRGL);
module_param(capsets, uint, 0444);
MODULE_PARM_DESC(capsets, "capset ids offered, as a bit mask (default 0x2)");

static unsigned int blob_alignment = PAGE_SIZE;
module_param(blob_alignment, uint, 0444);
MODULE_PARM_DESC(blob_alignment, "blob alignment offered with feature bit 5");

static unsigned long long hostvis_base, hostvis_size;
module_param(hostvis_base, ullong, 0444);
MODULE_PARM_DESC(hostvis_base, "guest-physical base of the host-visible region");
module_param(hostvis_size, ullong, 0444);
MODULE_PARM_DESC(hostvis_size, "size of the host-visible region (0: none)");

static unsigned long long heap_base, heap_size;
module_param(heap_base, ullong, 0444);
MODULE_PARM_DESC(heap_base, "guest-physical base of the heap region");
module_param(heap_size, ullong, 0444);
MODULE_PARM_DESC(heap_size, "size of the heap region (0: none)");

/*
 * Settings of the KUnit suites of virtio-gpu-sim-test, kept in this
 * module, which is loaded first: some kernels (6.1) run a module's KUnit
 * suites before they parse that module's parameters.
 */
static unsigned long long kunit_region_base;
module_param(kunit_region_base, ullong, 0444);
MODULE_PARM_DESC(kunit_region_base, "for virtio-gpu-sim-test: guest-physical base of 4 MiB outside kernel memory for its region tests (0: skip them)");

static unsigned int kunit_max_probe_ms = 7000;
module_param(kunit_max_probe_ms, uint, 0444);
MODULE_PARM_DESC(kunit_max_probe_ms, "for virtio-gpu-sim-test: longest a probe may take when the device hangs (default 7000)");

/**
 * vgs_kunit_region_base() - where virtio-gpu-sim-test may place regions
 *
 * Return: the guest-physical base of 4 MiB outside kernel memory, or 0.
 */
u64 vgs_kunit_region_base(void)
{
	return kunit_region_base;
}
EXPORT_SYMBOL_NS_GPL(vgs_kunit_region_base, VIRTIO_GPU_SIM);

/**
 * vgs_kunit_max_probe_ms() - the longest a probe may take in a fault test
 *
 * Return: milliseconds.
 */
unsigned int vgs_kunit_max_probe_ms(void)
{
	return kunit_max_probe_ms;
}
EXPORT_SYMBOL_NS_GPL(vgs_kunit_max_probe_ms, VIRTIO_GPU_SIM);

static unsigned int host_mem_mb = 256;
module_param(host_mem_mb, uint, 0444);
MODULE_PARM_DESC(host_mem_mb, "host memory budget in MiB (default 256)");

static unsigned int map_cache = VIRTIO_GPU_MAP_CACHE_CACHED;
module_param(map_cache, uint, 0444);
MODULE_PARM_DESC(map_cache, "map_info of MAP_BLOB answers (default 1)");

static unsigned int stride_align = 256;
module_param(stride_align, uint, 0444);
MODULE_PARM_DESC(stride_align, "row alignment of layout answers (default 256)");

static unsigned int layout_align = SZ_4K;
module_param(layout_align, uint, 0444);
MODULE_PARM_DESC(layout_align, "size alignment of layout answers (default 4096)");

static bool layout_tiled;
module_param(layout_tiled, bool, 0444);
MODULE_PARM_DESC(layout_tiled, "tiled layouts for buffers the CPU does not write");

struct dentry *vgs_debugfs_root;
static struct vgs_device *vgs_instances[VGS_MAX_INSTANCES];

static int vgs_config_from_params(struct vgs_config *cfg)
{
	if (vgs_parse_modes(modes, cfg->modes, VGS_MAX_SCANOUTS)) {
		pr_err("cannot parse modes=\"%s\"\n", modes);
		return -EINVAL;
	}
	if (map_cache & ~VIRTIO_GPU_MAP_CACHE_MASK) {
		pr_err("map_cache %u out of range\n", map_cache);
		return -EINVAL;
	}
	cfg->features = features;
	cfg->legacy = legacy;
	cfg->num_scanouts = scanouts;
	cfg->capsets = capsets;
	cfg->blob_alignment = blob_alignment;
	cfg->hostvis_base = hostvis_base;
	cfg->hostvis_size = hostvis_size;
	cfg->heap_base = heap_base;
	cfg->heap_size = heap_size;
	cfg->host_mem_limit = (u64)host_mem_mb << 20;
	cfg->map_cache = map_cache;
	cfg->stride_align = stride_align;
	cfg->layout_align = layout_align;
	cfg->layout_tiled = layout_tiled;
	return 0;
}

static void vgs_remove_instances(void)
{
	int i;

	for (i = VGS_MAX_INSTANCES - 1; i >= 0; i--) {
		if (vgs_instances[i])
			vgs_destroy(vgs_instances[i]);
		vgs_instances[i] = NULL;
	}
}

static int __init vgs_init(void)
{
	struct vgs_config *cfg;
	unsigned int i;
	int ret;

	if (instances > VGS_MAX_INSTANCES) {
		pr_err("at most %u instances\n",
		       VGS_MAX_INSTANCES);
		return -EINVAL;
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = vgs_config_from_params(cfg);
	if (ret)
		goto out;
	if (instances > 1 && (cfg->hostvis_size || cfg->heap_size)) {
		pr_err("regions need a single instance\n");
		ret = -EINVAL;
		goto out;
	}

	ret = vgs_transport_register();
	if (ret)
		goto out;
	vgs_debugfs_root = debugfs_create_dir("virtio-gpu-sim", NULL);
	for (i = 0; i < instances; i++) {
		struct vgs_device *sim = vgs_create(cfg);

		if (IS_ERR(sim)) {
			ret = PTR_ERR(sim);
			vgs_remove_instances();
			debugfs_remove_recursive(vgs_debugfs_root);
			vgs_transport_unregister();
			goto out;
		}
		vgs_instances[i] = sim;
	}
	ret = 0;
out:
	kfree(cfg);
	return ret;
}

static void __exit vgs_exit(void)
{
	vgs_remove_instances();
	debugfs_remove_recursive(vgs_debugfs_root);
	vgs_transport_unregister();
}

module_init(vgs_init);
module_exit(vgs_exit);

MODULE_DESCRIPTION("Simulated virtio-gpu host for testing virtio-gpu drivers");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION(VGH_VERSION);
