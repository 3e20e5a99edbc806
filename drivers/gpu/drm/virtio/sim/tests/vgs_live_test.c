// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit live tests: a virtio-gpu driver bound to simulated devices.
 *
 * The driver under test is whichever virtio-gpu driver is loaded; the
 * "driver" parameter names the one expected (default: virtio_gpu_heap,
 * the virtio driver name of virtio-gpu-heap). The tests see the driver
 * only through the virtio device interface: what it negotiated, which
 * commands reached the device, whether it stayed bound. They see the
 * simulator only through its exported functions, which take its locks.
 */

#include <kunit/test.h>

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include "../../tests/vgh_kunit_compat.h"
#include "../vgs.h"

MODULE_IMPORT_NS(VIRTIO_GPU_SIM);

static char *driver = "virtio_gpu_heap";
module_param(driver, charp, 0444);
MODULE_PARM_DESC(driver, "virtio driver expected to bind (default virtio_gpu_heap)");

static void vgs_test_destroy(void *sim)
{
	vgs_destroy(sim);
}

static void vgs_test_default(struct vgs_config *cfg)
{
	u32 i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->features = BIT_ULL(VIRTIO_GPU_F_EDID);
	cfg->num_scanouts = 1;
	for (i = 0; i < VGS_MAX_SCANOUTS; i++)
		cfg->modes[i] = (struct vgs_mode){ 1024, 768 };
	cfg->capsets = VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VIRGL);
	cfg->blob_alignment = PAGE_SIZE;
	cfg->host_mem_limit = SZ_64M;
	cfg->map_cache = VIRTIO_GPU_MAP_CACHE_CACHED;
	cfg->stride_align = 256;
	cfg->layout_align = SZ_4K;
}

/* Create a device, removed again when the test ends. */
static struct vgs_device *vgs_test_create(struct kunit *test,
					  const struct vgs_config *cfg)
{
	struct vgs_device *sim = vgs_create(cfg);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(sim), "vgs_create: %d",
			       PTR_ERR_OR_ZERO(sim));
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, vgs_test_destroy, sim));
	return sim;
}

/* Feature bits the bound driver asks for, from its virtio feature table. */
static u64 vgs_test_driver_features(struct vgs_device *sim)
{
	struct device *dev = &vgs_virtio(sim)->dev;
	u64 bits = BIT_ULL(VIRTIO_F_VERSION_1);
	struct virtio_driver *drv;
	unsigned int i;

	device_lock(dev);
	if (dev->driver) {
		drv = drv_to_virtio(dev->driver);
		for (i = 0; i < drv->feature_table_size; i++)
			bits |= BIT_ULL(drv->feature_table[i]);
	}
	device_unlock(dev);
	return bits;
}

/* Wait for a command counter to reach @want; return the last count. */
static u64 vgs_test_wait_cmds(struct vgs_device *sim, u32 type, u64 want,
			      unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	u64 n;

	while ((n = vgs_cmd_count(sim, type)) < want && time_before(jiffies, end))
		usleep_range(10000, 20000);
	return n;
}

static void vgs_test_probe(struct kunit *test)
{
	struct vgs_config cfg;
	struct vgs_device *sim;

	vgs_test_default(&cfg);
	sim = vgs_test_create(test, &cfg);
	KUNIT_ASSERT_TRUE_MSG(test, vgs_driver_bound(sim, driver),
			      "driver %s did not bind; is it loaded?", driver);
	KUNIT_EXPECT_TRUE(test, vgs_status(sim) & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_EQ(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO), 1);
	KUNIT_EXPECT_EQ(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_EDID), 1);
	KUNIT_EXPECT_EQ(test, vgs_error_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO), 0);
	KUNIT_EXPECT_EQ(test, vgs_error_count(sim, VIRTIO_GPU_CMD_GET_EDID), 0);
}

static const u64 vgs_feature_sets[] = {
	0,
	BIT_ULL(VIRTIO_GPU_F_EDID),
	BIT_ULL(VIRTIO_GPU_F_VIRGL),
	BIT_ULL(VIRTIO_GPU_F_VIRGL) | BIT_ULL(VIRTIO_GPU_F_CONTEXT_INIT),
	BIT_ULL(VIRTIO_GPU_F_RESOURCE_BLOB),
	BIT_ULL(VIRTIO_GPU_F_RESOURCE_BLOB) | BIT_ULL(VIRTIO_GPU_F_RESOURCE_UUID),
	BIT_ULL(VIRTIO_GPU_F_RESOURCE_BLOB) | BIT_ULL(VIRTIO_GPU_F_BLOB_ALIGNMENT),
	BIT_ULL(VIRTIO_GPU_F_VIRGL) | BIT_ULL(VIRTIO_GPU_F_EDID) |
		BIT_ULL(VIRTIO_GPU_F_RESOURCE_UUID) |
		BIT_ULL(VIRTIO_GPU_F_RESOURCE_BLOB) |
		BIT_ULL(VIRTIO_GPU_F_CONTEXT_INIT),
	GENMASK_ULL(VIRTIO_GPU_F_BLOB_ALIGNMENT, 0),
};

static void vgs_feature_desc(const u64 *set, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "features 0x%llx", *set);
}

KUNIT_ARRAY_PARAM(vgs_features, vgs_feature_sets, vgs_feature_desc);

static void vgs_test_features(struct kunit *test)
{
	const u64 *offered = test->param_value;
	struct vgs_config cfg;
	struct vgs_device *sim;
	u64 want, edid, negotiated;

	vgs_test_default(&cfg);
	cfg.features = *offered;
	cfg.num_scanouts = 2;
	cfg.capsets = VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VIRGL) |
		      VGS_CAPSET_BIT(VIRTIO_GPU_CAPSET_VENUS);
	sim = vgs_test_create(test, &cfg);
	KUNIT_ASSERT_TRUE(test, vgs_driver_bound(sim, driver));

	want = (*offered | BIT_ULL(VIRTIO_F_VERSION_1)) &
	       vgs_test_driver_features(sim);
	negotiated = vgs_negotiated_features(sim);
	KUNIT_EXPECT_EQ(test, negotiated, want);
	KUNIT_EXPECT_EQ(test, negotiated &
			~(*offered | BIT_ULL(VIRTIO_F_VERSION_1)), 0);

	edid = (negotiated & BIT_ULL(VIRTIO_GPU_F_EDID)) ? 2 : 0;
	KUNIT_EXPECT_EQ(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_EDID), edid);
	KUNIT_EXPECT_EQ(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO), 1);
	/* Nothing the driver sent was refused, whatever was negotiated. */
	KUNIT_EXPECT_EQ(test, vgs_error_count(sim, VIRTIO_GPU_CMD_GET_EDID), 0);
	KUNIT_EXPECT_EQ(test, vgs_error_count(sim, VIRTIO_GPU_CMD_GET_CAPSET_INFO), 0);
	KUNIT_EXPECT_EQ(test, vgs_error_count(sim, VIRTIO_GPU_CMD_GET_CAPSET), 0);
}

static void vgs_test_legacy_refused(struct kunit *test)
{
	struct vgs_config cfg;
	struct vgs_device *sim;

	vgs_test_default(&cfg);
	cfg.legacy = true;
	sim = vgs_test_create(test, &cfg);
	KUNIT_EXPECT_FALSE(test, vgs_driver_bound(sim, NULL));
	KUNIT_EXPECT_EQ(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO), 0);
}

static void vgs_test_display_info(struct kunit *test)
{
	static const struct vgs_mode modes[] = {
		{ 1024, 768 }, { 800, 600 }, { 1920, 1080 }, { 640, 480 },
	};
	struct vgs_config cfg;
	struct vgs_device *sim;
	struct vgs_mode mode = { 1280, 720 };
	u32 events;
	u64 before;

	vgs_test_default(&cfg);
	cfg.num_scanouts = ARRAY_SIZE(modes);
	memcpy(cfg.modes, modes, sizeof(modes));
	sim = vgs_test_create(test, &cfg);
	KUNIT_ASSERT_TRUE(test, vgs_driver_bound(sim, driver));
	KUNIT_EXPECT_EQ(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_EDID), 4);

	/* A display change makes the driver ask again, EDIDs included. */
	before = vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO);
	KUNIT_ASSERT_EQ(test, vgs_hotplug(sim, 2, true, &mode), 0);
	KUNIT_EXPECT_EQ(test, vgs_test_wait_cmds(sim, VIRTIO_GPU_CMD_GET_EDID, 8, 2000), 8);
	KUNIT_EXPECT_GT(test, vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO), before);
	/* The driver acknowledged the event in the configuration space. */
	virtio_cread_le(vgs_virtio(sim), struct virtio_gpu_config, events_read, &events);
	KUNIT_EXPECT_EQ(test, events, 0);

	/* Unplugging is a display change too. */
	before = vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO);
	KUNIT_ASSERT_EQ(test, vgs_hotplug(sim, 3, false, NULL), 0);
	KUNIT_EXPECT_GT(test, vgs_test_wait_cmds(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO,
						 before + 1, 2000), before);

	KUNIT_EXPECT_EQ(test, vgs_hotplug(sim, 4, true, NULL), -EINVAL);
	KUNIT_EXPECT_TRUE(test, vgs_driver_bound(sim, driver));
}

static void vgs_test_config_storm(struct kunit *test)
{
	struct vgs_config cfg;
	struct vgs_device *sim;
	u64 before, after;
	int i;

	vgs_test_default(&cfg);
	sim = vgs_test_create(test, &cfg);
	KUNIT_ASSERT_TRUE(test, vgs_driver_bound(sim, driver));
	before = vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO);
	for (i = 0; i < 1000; i++)
		vgs_config_event(sim, VIRTIO_GPU_EVENT_DISPLAY);
	/* Events coalesce: at least one re-query, at most one per event. */
	after = vgs_test_wait_cmds(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO,
				   before + 1, 2000);
	msleep(200);
	after = vgs_cmd_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO);
	KUNIT_EXPECT_GT(test, after, before);
	KUNIT_EXPECT_LE(test, after, before + 1000);
	KUNIT_EXPECT_TRUE(test, vgs_driver_bound(sim, driver));
	KUNIT_EXPECT_EQ(test, vgs_error_count(sim, VIRTIO_GPU_CMD_GET_DISPLAY_INFO), 0);
}

static void vgs_test_delay(struct kunit *test)
{
	struct vgs_config cfg;
	struct vgs_device *sim;
	ktime_t start;
	s64 ms;

	vgs_test_default(&cfg);
	sim = vgs_test_create(test, &cfg);
	KUNIT_ASSERT_TRUE(test, vgs_driver_bound(sim, driver));
	vgs_set_delay(sim, 100);
	start = ktime_get();
	KUNIT_ASSERT_EQ(test, vgs_hotplug(sim, 0, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, vgs_test_wait_cmds(sim, VIRTIO_GPU_CMD_GET_EDID, 2, 3000), 2);
	ms = ktime_ms_delta(ktime_get(), start);
	/* Two commands, each delayed by 100 ms. */
	KUNIT_EXPECT_GE(test, ms, 200);
	vgs_set_delay(sim, 0);
}

/**
 * struct vgs_fault_case - one injected fault and the outcome expected
 * @name: description
 * @fault: the fault, armed before the driver probes
 * @bound: whether the driver must still bind
 */
struct vgs_fault_case {
	const char *name;
	struct vgs_fault fault;
	bool bound;
};

#define VGS_FAULT_CASE(n, k, c, b) \
	{ n, { VGS_FAULT_##k, VIRTIO_GPU_CMD_##c, 0, VIRTIO_GPU_RESP_ERR_UNSPEC }, b }

static const struct vgs_fault_case vgs_fault_cases[] = {
	VGS_FAULT_CASE("display info error", ERROR, GET_DISPLAY_INFO, false),
	VGS_FAULT_CASE("display info short", SHORT, GET_DISPLAY_INFO, false),
	VGS_FAULT_CASE("display info oversized", OVERSIZED, GET_DISPLAY_INFO, false),
	VGS_FAULT_CASE("display info bad type", BAD_TYPE, GET_DISPLAY_INFO, false),
	VGS_FAULT_CASE("display info hang", HANG, GET_DISPLAY_INFO, false),
	VGS_FAULT_CASE("edid error", ERROR, GET_EDID, true),
	VGS_FAULT_CASE("edid short", SHORT, GET_EDID, true),
	VGS_FAULT_CASE("edid oversized", OVERSIZED, GET_EDID, true),
	VGS_FAULT_CASE("edid bad type", BAD_TYPE, GET_EDID, true),
	VGS_FAULT_CASE("edid hang", HANG, GET_EDID, true),
	VGS_FAULT_CASE("capset info error", ERROR, GET_CAPSET_INFO, true),
	VGS_FAULT_CASE("capset info short", SHORT, GET_CAPSET_INFO, true),
	VGS_FAULT_CASE("capset info hang", HANG, GET_CAPSET_INFO, true),
};

static void vgs_fault_case_desc(const struct vgs_fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vgs_faults, vgs_fault_cases, vgs_fault_case_desc);

static void vgs_test_fault(struct kunit *test)
{
	const struct vgs_fault_case *c = test->param_value;
	struct vgs_config cfg;
	struct vgs_device *sim;
	ktime_t start;
	s64 ms;

	vgs_test_default(&cfg);
	cfg.fault = c->fault;
	start = ktime_get();
	sim = vgs_test_create(test, &cfg);
	ms = ktime_ms_delta(ktime_get(), start);

	KUNIT_EXPECT_LE(test, ms, (s64)vgs_kunit_max_probe_ms());
	KUNIT_EXPECT_EQ_MSG(test, vgs_driver_bound(sim, driver), c->bound,
			    "after %lld ms", ms);
	KUNIT_EXPECT_GE(test, vgs_fault_count(sim), 1);
	/* The device must stay usable for a new driver instance. */
	if (c->bound)
		KUNIT_EXPECT_TRUE(test, vgs_status(sim) & VIRTIO_CONFIG_S_DRIVER_OK);
}

static struct kunit_case vgs_live_cases[] = {
	KUNIT_CASE(vgs_test_probe),
	KUNIT_CASE_PARAM(vgs_test_features, vgs_features_gen_params),
	KUNIT_CASE(vgs_test_legacy_refused),
	KUNIT_CASE(vgs_test_display_info),
	KUNIT_CASE(vgs_test_config_storm),
	KUNIT_CASE(vgs_test_delay),
	KUNIT_CASE_PARAM_ATTR(vgs_test_fault, vgs_faults_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite vgs_live_suite = {
	.name = "vgs_live",
	.test_cases = vgs_live_cases,
};

kunit_test_suite(vgs_live_suite);

MODULE_DESCRIPTION("KUnit live tests of a virtio-gpu driver on virtio-gpu-sim");
MODULE_LICENSE("Dual MIT/GPL");
