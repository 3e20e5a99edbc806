/* SPDX-License-Identifier: MIT */
/*
 * sw_sync timelines (drivers/dma-buf/sw_sync.c: a test-only timeline whose
 * fences userspace creates and signals) and sync-file helpers: merge,
 * status, wait. The kernel's sw_sync debugfs ABI, as IGT's lib/sw_sync
 * uses it.
 */
#ifndef VGH_IGT_SW_SYNC_H
#define VGH_IGT_SW_SYNC_H

#include <stdbool.h>
#include <stdint.h>

/* the status of a fence in SYNC_IOC_FILE_INFO */
#define SW_SYNC_FENCE_STATUS_ERROR	(-1)
#define SW_SYNC_FENCE_STATUS_ACTIVE	0
#define SW_SYNC_FENCE_STATUS_SIGNALED	1

bool sw_sync_available(void);
/* skips, naming CONFIG_SW_SYNC, when the kernel has no sw_sync timeline */
void igt_require_sw_sync(void);
/* a new timeline at 0; asserts */
int sw_sync_timeline_create(void);
/* a fence that signals when the timeline reaches seqno: fd or -errno */
int __sw_sync_timeline_create_fence(int timeline, uint32_t seqno);
/* the same; asserts */
int sw_sync_timeline_create_fence(int timeline, uint32_t seqno);
int sw_sync_fence_create(int timeline, uint32_t seqno);
/* advances the timeline by count; asserts */
void sw_sync_timeline_inc(int timeline, uint32_t count);
/* poll for POLLIN: 0, -ETIME on timeout, -EINVAL on POLLERR/POLLNVAL */
int sync_fence_wait(int fence, int timeout_ms);
/* SYNC_IOC_MERGE: a new sync file or -errno */
int sync_fence_merge(int fence1, int fence2);
/* how many fences of the sync file have this status; asserts */
int sync_fence_count_status(int fence, int status);
/* number of fences in the sync file, or -errno */
int sync_fence_count(int fence);
/* status of a single-fence sync file (1, 0 or a negative error), or -errno */
int sync_fence_status(int fence);

#endif /* VGH_IGT_SW_SYNC_H */
