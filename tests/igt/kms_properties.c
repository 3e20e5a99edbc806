// SPDX-License-Identifier: MIT
/*
 * kms_properties: every mutable property of planes, CRTCs and connectors
 * accepts its current value (legacy SETPROPERTY or an atomic commit),
 * properties of one object are refused on another, and what GETPROPERTY
 * reports (types, ranges, enums, blobs, object ids, immutability) is
 * consistent.
 */
#include <stdlib.h>
#include <unistd.h>

#include "kms.h"

static int fd;
static struct kms k;

static void setup(void)
{
	fd = drm_open_master();
	kms_init(&k, fd);
}

static bool ignored(uint32_t type, drmModePropertyPtr p, bool atomic)
{
	if (p->flags & DRM_MODE_PROP_IMMUTABLE)
		return true;
	if (type == DRM_MODE_OBJECT_CONNECTOR && atomic && !strcmp(p->name, "DPMS"))
		return true;
	/* without a colour pipeline, COLOR_PIPELINE is not ours to set */
	if (type == DRM_MODE_OBJECT_PLANE && !strcmp(p->name, "COLOR_PIPELINE"))
		return true;
	return false;
}

static void max_bpc(uint32_t obj, uint32_t type, drmModePropertyPtr p, bool atomic)
{
	uint64_t v;

	for (v = p->values[0]; v <= p->values[1]; v++) {
		if (!atomic) {
			igt_assert_eq(drmModeObjectSetProperty(fd, obj, type, p->prop_id, v), 0);
		} else {
			struct areq a;

			areq_init(&a, fd);
			areq_add_id(&a, obj, p->prop_id, v);
			igt_assert_eq(areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY |
						      DRM_MODE_ATOMIC_ALLOW_MODESET, NULL), 0);
			areq_free(&a);
		}
	}
}

static void test_properties(uint32_t type, uint32_t obj, bool atomic)
{
	drmModeObjectPropertiesPtr props = drmModeObjectGetProperties(fd, obj, type);
	struct areq a;
	uint32_t i;

	igt_assert(props);
	if (atomic)
		areq_init(&a, fd);
	for (i = 0; i < props->count_props; i++) {
		drmModePropertyPtr p = drmModeGetProperty(fd, props->props[i]);

		igt_assert(p);
		if (ignored(type, p, atomic)) {
			drmModeFreeProperty(p);
			continue;
		}
		igt_info("property %s = %llu", p->name,
			 (unsigned long long)props->prop_values[i]);
		if (!atomic) {
			int ret = drmModeObjectSetProperty(fd, obj, type, p->prop_id,
							   props->prop_values[i]);

			igt_assert_f(ret == 0, "setting %s on %u to its value: %s", p->name,
				     obj, strerror(-ret));
		} else {
			int ret;

			areq_add_id(&a, obj, p->prop_id, props->prop_values[i]);
			ret = areq_commit(&a, DRM_MODE_ATOMIC_TEST_ONLY, NULL);
			igt_assert_f(ret == 0, "atomic test of %s on %u: %s", p->name, obj,
				     strerror(-ret));
		}
		if (type == DRM_MODE_OBJECT_CONNECTOR && !strcmp(p->name, "max bpc"))
			max_bpc(obj, type, p, atomic);
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	if (atomic) {
		igt_assert_eq(areq_commit(&a, 0, NULL), 0);
		areq_free(&a);
	}
}

static void prepare(const struct output *o, struct kfb *fb)
{
	kms_reset_display(&k);
	kfb_create(fd, o->mode.hdisplay, o->mode.vdisplay, DRM_FORMAT_XRGB8888, fb);
	output_on(&k, o, fb);
}

static void done(const struct output *o, struct kfb *fb)
{
	kms_reset_display(&k);
	(void)o;
	kfb_remove(fb);
}

enum what { PLANES, CRTC, CONNECTOR, COLOROP };

/* DRM_MODE_OBJECT_COLOROP, newer than this libdrm */
#define OBJECT_COLOROP 0xfafafafa

/* the first colorop of each of the plane's colour pipelines; their count */
static int color_pipelines(uint32_t plane, uint32_t *first, int max)
{
	uint32_t id = prop_id(fd, plane, DRM_MODE_OBJECT_PLANE, "COLOR_PIPELINE");
	drmModePropertyPtr p;
	int i, n = 0;

	if (!id)
		return 0;
	p = drmModeGetProperty(fd, id);
	igt_assert(p);
	/* the enum's values are the pipelines' first colorops; 0 is bypass */
	for (i = 0; i < p->count_enums; i++) {
		if (!p->enums[i].value)
			continue;
		if (n < max)
			first[n] = p->enums[i].value;
		n++;
	}
	drmModeFreeProperty(p);
	return n;
}

static void test_properties(uint32_t type, uint32_t obj, bool atomic);

/* every colorop of every pipeline of the plane, along their NEXT links */
static void colorops_of(uint32_t plane, bool atomic)
{
	uint32_t first[16];
	int i, n = color_pipelines(plane, first, 16);

	for (i = 0; i < n && i < 16; i++) {
		uint64_t op = first[i];
		int hops = 0;

		while (op) {
			igt_info("plane %u pipeline %u colorop %llu", plane, first[i],
				 (unsigned long long)op);
			test_properties(OBJECT_COLOROP, op, atomic);
			igt_assert_f(prop_get(fd, op, OBJECT_COLOROP, "NEXT", &op),
				     "colorop without NEXT");
			igt_assert_lt(++hops, 64);
		}
	}
}

static void run(enum what what, bool atomic)
{
	struct output outs[MAX_CRTCS];
	uint32_t planes[MAX_PLANES];
	int i, j, n, np;
	struct kfb fb;

	if (atomic || what == COLOROP)
		igt_require_f(k.atomic, "driver has no atomic modesetting");
	kms_require_output(&k);
	if (what == COLOROP) {
		for (i = 0, np = 0; i < k.n_planes; i++)
			np += color_pipelines(k.planes[i].id, NULL, 0);
		igt_require_f(np, "no plane has a colour pipeline (COLOR_PIPELINE)");
	}
	n = kms_single_outputs(&k, outs, MAX_CRTCS);
	for (i = 0; i < n; i++) {
		struct output *o = &outs[i];

		igt_info("pipe-%c-%s", 'A' + o->pipe, o->name);
		prepare(o, &fb);
		switch (what) {
		case PLANES:
			np = kms_planes_on_pipe(&k, o->pipe, planes, MAX_PLANES);
			for (j = 0; j < np; j++)
				test_properties(DRM_MODE_OBJECT_PLANE, planes[j], atomic);
			break;
		case CRTC:
			test_properties(DRM_MODE_OBJECT_CRTC, o->crtc_id, atomic);
			break;
		case CONNECTOR:
			test_properties(DRM_MODE_OBJECT_CONNECTOR, o->conn_id, atomic);
			break;
		case COLOROP:
			np = kms_planes_on_pipe(&k, o->pipe, planes, MAX_PLANES);
			for (j = 0; j < np; j++)
				colorops_of(planes[j], atomic);
			break;
		}
		done(o, &fb);
	}
	if (what == CONNECTOR) {
		for (i = 0; i < k.n_conns; i++) {
			char name[32];

			if (k.conns[i]->connection == DRM_MODE_CONNECTED)
				continue;
			kms_output_name(k.conns[i], name, sizeof(name));
			igt_info("pipe-None-%s", name);
			test_properties(DRM_MODE_OBJECT_CONNECTOR, k.conns[i]->connector_id,
					atomic);
		}
	}
}

static void plane_legacy(void) { run(PLANES, false); }
static void plane_atomic(void) { run(PLANES, true); }
static void crtc_legacy(void) { run(CRTC, false); }
static void crtc_atomic(void) { run(CRTC, true); }
static void connector_legacy(void) { run(CONNECTOR, false); }
static void connector_atomic(void) { run(CONNECTOR, true); }
static void colorop_legacy(void) { run(COLOROP, false); }
static void colorop_atomic(void) { run(COLOROP, true); }

/* Properties of obj2 that obj1 lacks must be refused on obj1. */
static void invalid_on(uint32_t id1, uint32_t t1, uint32_t id2, uint32_t t2, bool atomic)
{
	drmModeObjectPropertiesPtr p1 = drmModeObjectGetProperties(fd, id1, t1);
	drmModeObjectPropertiesPtr p2 = drmModeObjectGetProperties(fd, id2, t2);
	uint32_t i, j;

	igt_assert(p1 && p2);
	for (i = 0; i < p2->count_props; i++) {
		bool found = false;

		for (j = 0; j < p1->count_props; j++)
			found |= p1->props[j] == p2->props[i];
		if (found)
			continue;
		if (!atomic) {
			igt_assert_eq(drmModeObjectSetProperty(fd, id1, t1, p2->props[i],
							       p2->prop_values[i]), -EINVAL);
		} else {
			struct areq a;

			areq_init(&a, fd);
			areq_add_id(&a, id1, p2->props[i], p2->prop_values[i]);
			igt_assert_eq(areq_commit(&a, DRM_MODE_ATOMIC_ALLOW_MODESET, NULL),
				      -ENOENT);
			areq_free(&a);
		}
	}
	drmModeFreeObjectProperties(p1);
	drmModeFreeObjectProperties(p2);
}

static void invalid_for(uint32_t id, uint32_t type, bool atomic)
{
	int i;

	for (i = 0; i < k.n_crtcs; i++)
		invalid_on(id, type, k.crtcs[i], DRM_MODE_OBJECT_CRTC, atomic);
	for (i = 0; i < k.n_planes; i++)
		invalid_on(id, type, k.planes[i].id, DRM_MODE_OBJECT_PLANE, atomic);
	for (i = 0; i < k.n_conns; i++)
		invalid_on(id, type, k.conns[i]->connector_id, DRM_MODE_OBJECT_CONNECTOR, atomic);
}

static void invalid_properties(bool atomic)
{
	int i;

	if (atomic)
		igt_require_f(k.atomic, "driver has no atomic modesetting");
	for (i = 0; i < k.n_crtcs; i++)
		invalid_for(k.crtcs[i], DRM_MODE_OBJECT_CRTC, atomic);
	for (i = 0; i < k.n_planes; i++)
		invalid_for(k.planes[i].id, DRM_MODE_OBJECT_PLANE, atomic);
	for (i = 0; i < k.n_conns; i++)
		invalid_for(k.conns[i]->connector_id, DRM_MODE_OBJECT_CONNECTOR, atomic);
}

static void invalid_properties_legacy(void) { invalid_properties(false); }
static void invalid_properties_atomic(void) { invalid_properties(true); }

/* properties that must be immutable (always, or when single-valued) */
static const struct { uint32_t type; const char *name; bool if_single; } immutable[] = {
	{ DRM_MODE_OBJECT_CONNECTOR, "EDID", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "PATH", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "TILE", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "WRITEBACK_PIXEL_FORMATS", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "non-desktop", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "panel orientation", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "privacy-screen hw-state", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "subconnector", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "suggested X", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "suggested Y", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "vrr_capable", false },
	{ DRM_MODE_OBJECT_CRTC, "DEGAMMA_LUT_SIZE", false },
	{ DRM_MODE_OBJECT_CRTC, "GAMMA_LUT_SIZE", false },
	{ DRM_MODE_OBJECT_PLANE, "IN_FORMATS", false },
	{ DRM_MODE_OBJECT_PLANE, "IN_FORMATS_ASYNC", false },
	{ DRM_MODE_OBJECT_PLANE, "SIZE_HINTS", false },
	{ DRM_MODE_OBJECT_PLANE, "type", false },
	{ DRM_MODE_OBJECT_PLANE, "zpos", true },
	{ DRM_MODE_OBJECT_CONNECTOR, "hotplug_mode_update", false },
	{ DRM_MODE_OBJECT_CONNECTOR, "implicit_placement", false },
	{ DRM_MODE_OBJECT_PLANE, "AMD_PLANE_BLEND_LUT_SIZE", false },
	{ DRM_MODE_OBJECT_PLANE, "AMD_PLANE_DEGAMMA_LUT_SIZE", false },
	{ DRM_MODE_OBJECT_PLANE, "AMD_PLANE_LUT3D_SIZE", false },
	{ DRM_MODE_OBJECT_PLANE, "AMD_PLANE_SHAPER_LUT_SIZE", false },
};

static void check_immutable(const struct drm_mode_get_property *p, uint32_t type, bool single)
{
	bool imm = p->flags & DRM_MODE_PROP_IMMUTABLE;
	size_t i;

	for (i = 0; i < sizeof(immutable) / sizeof(immutable[0]); i++)
		if (immutable[i].type == type && !strcmp(immutable[i].name, p->name))
			break;
	if (i == sizeof(immutable) / sizeof(immutable[0])) {
		igt_assert_f(!imm, "%s is immutable", p->name);
		return;
	}
	igt_assert_f(imm || immutable[i].if_single, "%s must be immutable", p->name);
	igt_assert_f(imm || !single || !immutable[i].if_single,
		     "%s has one value and must be immutable", p->name);
}

static void validate_enums(const struct drm_mode_get_property *p, const uint64_t *values,
			   const struct drm_mode_property_enum *enums)
{
	uint32_t i;

	for (i = 0; i < p->count_enum_blobs; i++) {
		size_t len = strnlen(enums[i].name, sizeof(enums[i].name));

		igt_assert_lte(1, len);
		igt_assert_lte(len, sizeof(enums[i].name) - 1);
		igt_assert_eq_u64(values[i], enums[i].value);
	}
}

static void validate_prop(uint32_t prop_id, uint64_t value, bool atomic, uint32_t type)
{
	struct drm_mode_get_property p = { .prop_id = prop_id };
	uint64_t *values = NULL;
	struct drm_mode_property_enum *enums = NULL;
	uint32_t legacy, ext, i;

	do_ioctl(fd, DRM_IOCTL_MODE_GETPROPERTY, &p);
	if (p.count_values) {
		values = malloc(p.count_values * sizeof(*values));
		igt_assert(values);
		memset(values, 0x5c, p.count_values * sizeof(*values));
		p.values_ptr = (uintptr_t)values;
	}
	if (p.count_enum_blobs) {
		enums = malloc(p.count_enum_blobs * sizeof(*enums));
		igt_assert(enums);
		memset(enums, 0x5c, p.count_enum_blobs * sizeof(*enums));
		p.enum_blob_ptr = (uintptr_t)enums;
	}
	do_ioctl(fd, DRM_IOCTL_MODE_GETPROPERTY, &p);
	for (i = 0; i < p.count_values; i++)
		igt_assert(values[i] != 0x5c5c5c5c5c5c5c5cull);
	for (i = 0; i < p.count_enum_blobs; i++)
		igt_assert(enums[i].value != 0x5c5c5c5c5c5c5c5cull);
	igt_info("%s flags %#x value %llu", p.name, p.flags, (unsigned long long)value);
	igt_assert_eq(p.flags & ~(DRM_MODE_PROP_LEGACY_TYPE | DRM_MODE_PROP_EXTENDED_TYPE |
				  DRM_MODE_PROP_IMMUTABLE | DRM_MODE_PROP_ATOMIC), 0);
	igt_assert(atomic || !(p.flags & DRM_MODE_PROP_ATOMIC));
	legacy = p.flags & DRM_MODE_PROP_LEGACY_TYPE;
	ext = p.flags & DRM_MODE_PROP_EXTENDED_TYPE;
	igt_assert_neq(!legacy, !ext);
	igt_assert(legacy == 0 || !(legacy & (legacy - 1)));
	switch (legacy) {
	case DRM_MODE_PROP_RANGE:
		igt_assert_eq(p.count_values, 2);
		igt_assert_eq(p.count_enum_blobs, 0);
		check_immutable(&p, type, values[0] == values[1]);
		igt_assert(values[0] <= values[1] && values[0] <= value && value <= values[1]);
		break;
	case DRM_MODE_PROP_ENUM:
		igt_assert_lte(1, p.count_values);
		igt_assert_eq(p.count_enum_blobs, p.count_values);
		check_immutable(&p, type, p.count_values == 1);
		for (i = 0; i < p.count_values && values[i] != value; i++)
			;
		igt_assert_f(i < p.count_values, "%s: value %llu not among its enums", p.name,
			     (unsigned long long)value);
		validate_enums(&p, values, enums);
		break;
	case DRM_MODE_PROP_BITMASK: {
		uint64_t mask = 0;

		igt_assert_lte(1, p.count_values);
		igt_assert_eq(p.count_enum_blobs, p.count_values);
		check_immutable(&p, type, p.count_values == 1);
		for (i = 0; i < p.count_values; i++) {
			igt_assert_lte(values[i], 63);
			mask |= 1ull << values[i];
		}
		igt_assert_eq_u64(value & ~mask, 0);
		igt_assert(value & mask);
		validate_enums(&p, values, enums);
		break;
	}
	case DRM_MODE_PROP_BLOB:
		igt_assert_eq(p.count_values, 0);
		igt_assert_eq(p.count_enum_blobs, 0);
		igt_assert_lte(value, 0xffffffff);
		check_immutable(&p, type, false);
		if (value) {
			struct drm_mode_get_blob b = { .blob_id = value };

			do_ioctl(fd, DRM_IOCTL_MODE_GETPROPBLOB, &b);
		}
		break;
	default:
		igt_assert_eq(legacy, 0);
	}
	switch (ext) {
	case DRM_MODE_PROP_OBJECT:
		igt_assert_eq(p.count_values, 1);
		igt_assert_eq(p.count_enum_blobs, 0);
		igt_assert_lte(value, 0xffffffff);
		check_immutable(&p, type, value == 0);
		if (values[0] == DRM_MODE_OBJECT_CRTC && value) {
			struct drm_mode_crtc c = { .crtc_id = value };

			do_ioctl(fd, DRM_IOCTL_MODE_GETCRTC, &c);
		} else if (values[0] == DRM_MODE_OBJECT_FB && value) {
			struct drm_mode_fb_cmd f = { .fb_id = value };

			do_ioctl(fd, DRM_IOCTL_MODE_GETFB, &f);
			if (f.handle)
				gem_close(fd, f.handle);
		} else {
			igt_assert(values[0] == DRM_MODE_OBJECT_CRTC ||
				   values[0] == DRM_MODE_OBJECT_FB);
		}
		break;
	case DRM_MODE_PROP_SIGNED_RANGE:
		igt_assert_eq(p.count_values, 2);
		igt_assert_eq(p.count_enum_blobs, 0);
		check_immutable(&p, type, values[0] == values[1]);
		igt_assert((int64_t)values[0] <= (int64_t)values[1] &&
			   (int64_t)values[0] <= (int64_t)value &&
			   (int64_t)value <= (int64_t)values[1]);
		break;
	default:
		igt_assert_eq(ext, 0);
	}
	free(values);
	free(enums);
}

static void validate_props(uint32_t type, uint32_t obj, bool atomic)
{
	struct drm_mode_obj_get_properties g = { .obj_id = obj, .obj_type = type };
	uint32_t *props = NULL, count, i;
	uint64_t *values = NULL;

	do_ioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g);
	count = g.count_props;
	if (count) {
		props = malloc(count * sizeof(*props));
		values = malloc(count * sizeof(*values));
		igt_assert(props && values);
		memset(props, 0x5c, count * sizeof(*props));
		memset(values, 0x5c, count * sizeof(*values));
		g.props_ptr = (uintptr_t)props;
		g.prop_values_ptr = (uintptr_t)values;
	}
	do_ioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g);
	igt_assert_eq(g.count_props, count);
	for (i = 0; i < count; i++)
		validate_prop(props[i], values[i], atomic, type);
	free(props);
	free(values);
}

static void sanity(bool atomic)
{
	int i;

	for (i = 0; i < k.n_planes; i++)
		validate_props(DRM_MODE_OBJECT_PLANE, k.planes[i].id, atomic);
	for (i = 0; i < k.n_crtcs; i++)
		validate_props(DRM_MODE_OBJECT_CRTC, k.crtcs[i], atomic);
	for (i = 0; i < k.n_conns; i++)
		validate_props(DRM_MODE_OBJECT_CONNECTOR, k.conns[i]->connector_id, atomic);
	for (i = 0; i < k.res->count_encoders; i++) {
		struct drm_mode_obj_get_properties g = {
			.obj_id = k.res->encoders[i], .obj_type = DRM_MODE_OBJECT_ENCODER,
		};

		igt_assert(vgh_ioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &g) != 0);
	}
}

static void sanity_non_atomic(void)
{
	if (k.atomic)
		igt_assert_eq(drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 0), 0);
	sanity(false);
	if (k.atomic)
		igt_assert_eq(drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 1), 0);
}

static void sanity_atomic(void)
{
	igt_require_f(k.atomic, "driver has no atomic modesetting");
	sanity(true);
}

IGT_MAIN(setup,
	{ "plane-properties-legacy", plane_legacy },
	{ "plane-properties-atomic", plane_atomic },
	{ "crtc-properties-legacy", crtc_legacy },
	{ "crtc-properties-atomic", crtc_atomic },
	{ "connector-properties-legacy", connector_legacy },
	{ "connector-properties-atomic", connector_atomic },
	{ "colorop-properties-legacy", colorop_legacy },
	{ "colorop-properties-atomic", colorop_atomic },
	{ "invalid-properties-legacy", invalid_properties_legacy },
	{ "invalid-properties-atomic", invalid_properties_atomic },
	{ "get_properties-sanity-non-atomic", sanity_non_atomic },
	{ "get_properties-sanity-atomic", sanity_atomic },
)
