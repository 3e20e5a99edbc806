/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The virtio-gpu commands and feature bits, one entry each.
 */

/**
 * DOC: Protocol facts
 *
 * vgh_wire.h lists every command the driver sends, with its wire number,
 * name, request structure, OK response, virtqueue and the feature the
 * device must have negotiated, and every device feature bit the driver
 * knows, by number and by name. Protocol facts only, no driver state:
 * the driver, the simulated host and the tests build their command and
 * feature tables from these lists (struct vgh_wire_cmd filled with
 * VGH_WIRE_CMD_ENTRY), so that a command is added in one line.
 *
 * A list is included, not expanded from a macro: define
 * VGH_WIRE_CMD(NAME, REPLY, QUEUE, REQ, FEATURE) or
 * VGH_WIRE_FEATURE(NAME, name) right before including this header again,
 * for example inside an enum with
 * ``#define VGH_WIRE_CMD(name, ...) FOO_CMD_##name,``. Every entry below
 * then expands once, in wire-number order, and the header undefines
 * the macro.
 *
 * NAME is the command without its VIRTIO_GPU_CMD_ prefix (its wire number
 * is VIRTIO_GPU_CMD_##NAME), REPLY the response a successful command
 * gets without its VIRTIO_GPU_RESP_ prefix, QUEUE the virtqueue it is
 * sent on, CONTROL or CURSOR (VGH_QUEUE_##QUEUE), REQ its request
 * structure without the virtio_gpu_ prefix (struct virtio_gpu_##REQ;
 * payloads such as memory entries follow it), FEATURE the feature bit
 * that must have been negotiated for the device to take it (VGH_WIRE_ANY
 * for none). Cursor commands are not answered at all; their OK_NODATA
 * stands for "no error".
 *
 * For a feature, NAME is the bit without its VIRTIO_GPU_F_ prefix (its
 * number is VIRTIO_GPU_F_##NAME) and name how debugfs, logs and the
 * simulator's ``features`` parameter spell it.
 *
 * Why an included list rather than the usual X-macro (a #define whose
 * body applies its argument to every entry): the entries stay plain
 * lines, without a backslash on each, so adding a command touches its
 * entry only; consumers cannot leak the entry macro, since the header
 * undefines it; and a list macro whose body is one invocation per
 * command is what checkpatch reports as a complex macro. The same
 * pattern builds KVM's x86 operation tables (asm/kvm-x86-ops.h).
 */
#ifndef VGH_WIRE_H
#define VGH_WIRE_H

#include <linux/errno.h>
#include <linux/types.h>
#include <linux/virtio_gpu.h>
#include <linux/virtio_gpu_heap.h>

/**
 * enum vgh_queue_id - virtqueues of a virtio-gpu device, in spec order
 * @VGH_QUEUE_CONTROL: controlq, for every command but cursor ones
 * @VGH_QUEUE_CURSOR: cursorq, for UPDATE_CURSOR and MOVE_CURSOR
 * @VGH_NUM_QUEUES: number of virtqueues
 */
enum vgh_queue_id {
	VGH_QUEUE_CONTROL,
	VGH_QUEUE_CURSOR,
	VGH_NUM_QUEUES,
};

/* The FEATURE of a command that needs no negotiated feature. */
#define VGH_WIRE_ANY	(-1)

/*
 * Dense index of the commands below, in list order: the wire numbers are
 * sparse, per-command tables and counters are not.
 */
enum vgh_cmd_index {
#define VGH_WIRE_CMD(name, ...) VGH_CMD_##name,
#include "vgh_wire.h"
	VGH_CMD_COUNT,
};

/**
 * struct vgh_wire_cmd - what the list says about one command
 * @type: wire number, VIRTIO_GPU_CMD_*
 * @name: its name without the VIRTIO_GPU_CMD_ prefix
 * @req_size: size of its request structure, the least it carries
 * @feature: the feature bit the device must have negotiated to take it,
 *	or %VGH_WIRE_ANY
 * @reply: the response type a successful command gets
 * @queue: the virtqueue it travels on
 */
struct vgh_wire_cmd {
	u32 type;
	const char *name;
	u32 req_size;
	int feature;
	u32 reply;
	enum vgh_queue_id queue;
};

/*
 * The one way to fill a command table, indexed by &enum vgh_cmd_index:
 *
 *	const struct vgh_wire_cmd table[VGH_CMD_COUNT] = {
 *	#define VGH_WIRE_CMD VGH_WIRE_CMD_ENTRY
 *	#include "vgh_wire.h"
 *	};
 *
 * The driver and the simulated host each build theirs this way (they are
 * separate modules, either of which may be built in).
 */
#define VGH_WIRE_CMD_ENTRY(NAME, REPLY, QUEUE, REQ, FEATURE)		\
	[VGH_CMD_##NAME] = {						\
		.type = VIRTIO_GPU_CMD_##NAME,				\
		.name = #NAME,						\
		.req_size = sizeof(struct virtio_gpu_##REQ),		\
		.feature = FEATURE,					\
		.reply = VIRTIO_GPU_RESP_##REPLY,			\
		.queue = VGH_QUEUE_##QUEUE,				\
	},

/**
 * vgh_wire_cmd_index() - dense index of a wire command number
 * @table: a table filled with %VGH_WIRE_CMD_ENTRY
 * @type: command number, CPU order
 *
 * Return: the &enum vgh_cmd_index value, or -EINVAL for a number the
 * list does not have.
 */
static inline int vgh_wire_cmd_index(const struct vgh_wire_cmd *table,
				     u32 type)
{
	unsigned int i;

	for (i = 0; i < VGH_CMD_COUNT; i++)
		if (table[i].type == type)
			return i;
	return -EINVAL;
}

#endif /* VGH_WIRE_H */

#ifdef VGH_WIRE_CMD
/* 2D commands */
VGH_WIRE_CMD(GET_DISPLAY_INFO, OK_DISPLAY_INFO, CONTROL,
	     ctrl_hdr, VGH_WIRE_ANY)
VGH_WIRE_CMD(RESOURCE_CREATE_2D, OK_NODATA, CONTROL,
	     resource_create_2d, VGH_WIRE_ANY)
VGH_WIRE_CMD(RESOURCE_UNREF, OK_NODATA, CONTROL,
	     resource_unref, VGH_WIRE_ANY)
VGH_WIRE_CMD(SET_SCANOUT, OK_NODATA, CONTROL,
	     set_scanout, VGH_WIRE_ANY)
VGH_WIRE_CMD(RESOURCE_FLUSH, OK_NODATA, CONTROL,
	     resource_flush, VGH_WIRE_ANY)
VGH_WIRE_CMD(TRANSFER_TO_HOST_2D, OK_NODATA, CONTROL,
	     transfer_to_host_2d, VGH_WIRE_ANY)
VGH_WIRE_CMD(RESOURCE_ATTACH_BACKING, OK_NODATA, CONTROL,
	     resource_attach_backing, VGH_WIRE_ANY)
VGH_WIRE_CMD(RESOURCE_DETACH_BACKING, OK_NODATA, CONTROL,
	     resource_detach_backing, VGH_WIRE_ANY)
VGH_WIRE_CMD(GET_CAPSET_INFO, OK_CAPSET_INFO, CONTROL,
	     get_capset_info, VGH_WIRE_ANY)
VGH_WIRE_CMD(GET_CAPSET, OK_CAPSET, CONTROL,
	     get_capset, VGH_WIRE_ANY)
VGH_WIRE_CMD(GET_EDID, OK_EDID, CONTROL,
	     cmd_get_edid, VIRTIO_GPU_F_EDID)
VGH_WIRE_CMD(RESOURCE_ASSIGN_UUID, OK_RESOURCE_UUID, CONTROL,
	     resource_assign_uuid, VIRTIO_GPU_F_RESOURCE_UUID)
VGH_WIRE_CMD(RESOURCE_CREATE_BLOB, OK_NODATA, CONTROL,
	     resource_create_blob, VIRTIO_GPU_F_RESOURCE_BLOB)
VGH_WIRE_CMD(SET_SCANOUT_BLOB, OK_NODATA, CONTROL,
	     set_scanout_blob, VIRTIO_GPU_F_RESOURCE_BLOB)
/* 3D commands */
VGH_WIRE_CMD(CTX_CREATE, OK_NODATA, CONTROL,
	     ctx_create, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(CTX_DESTROY, OK_NODATA, CONTROL,
	     ctx_destroy, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(CTX_ATTACH_RESOURCE, OK_NODATA, CONTROL,
	     ctx_resource, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(CTX_DETACH_RESOURCE, OK_NODATA, CONTROL,
	     ctx_resource, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(RESOURCE_CREATE_3D, OK_NODATA, CONTROL,
	     resource_create_3d, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(TRANSFER_TO_HOST_3D, OK_NODATA, CONTROL,
	     transfer_host_3d, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(TRANSFER_FROM_HOST_3D, OK_NODATA, CONTROL,
	     transfer_host_3d, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(SUBMIT_3D, OK_NODATA, CONTROL,
	     cmd_submit, VIRTIO_GPU_F_VIRGL)
VGH_WIRE_CMD(RESOURCE_MAP_BLOB, OK_MAP_INFO, CONTROL,
	     resource_map_blob, VIRTIO_GPU_F_RESOURCE_BLOB)
VGH_WIRE_CMD(RESOURCE_UNMAP_BLOB, OK_NODATA, CONTROL,
	     resource_unmap_blob, VIRTIO_GPU_F_RESOURCE_BLOB)
/* Provisional, include/uapi/linux/virtio_gpu_heap.h */
VGH_WIRE_CMD(RESOURCE_QUERY_LAYOUT, OK_RESOURCE_LAYOUT, CONTROL,
	     resource_query_layout, VIRTIO_GPU_F_RESOURCE_LAYOUT)
/* Cursor commands */
VGH_WIRE_CMD(UPDATE_CURSOR, OK_NODATA, CURSOR,
	     update_cursor, VGH_WIRE_ANY)
VGH_WIRE_CMD(MOVE_CURSOR, OK_NODATA, CURSOR,
	     update_cursor, VGH_WIRE_ANY)
#undef VGH_WIRE_CMD
#endif /* VGH_WIRE_CMD */

#ifdef VGH_WIRE_FEATURE
VGH_WIRE_FEATURE(VIRGL,			virgl)
VGH_WIRE_FEATURE(EDID,			edid)
VGH_WIRE_FEATURE(RESOURCE_UUID,		resource_uuid)
VGH_WIRE_FEATURE(RESOURCE_BLOB,		resource_blob)
VGH_WIRE_FEATURE(CONTEXT_INIT,		context_init)
VGH_WIRE_FEATURE(BLOB_ALIGNMENT,	blob_alignment)
/* Provisional, include/uapi/linux/virtio_gpu_heap.h */
VGH_WIRE_FEATURE(RESOURCE_LAYOUT,	resource_layout)
#undef VGH_WIRE_FEATURE
#endif /* VGH_WIRE_FEATURE */
