// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Mode setting of the virtio-gpu-heap driver.
 */

/**
 * DOC: Mode setting
 *
 * Every scanout of the device is one display pipeline: a CRTC with its
 * primary and cursor planes, a virtual encoder and a virtual connector.
 * All of it is allocated with drmm_ helpers and driven by the atomic
 * helpers.
 *
 * The connector is the scanout: its status and modes are the host's
 * for that scanout, and what the CRTC driving it shows goes to that
 * scanout id. Any CRTC may drive any connector, one at a time: the
 * host shows one resource rectangle per scanout, so there is no
 * cloning, and a CRTC with two connectors is refused with -EINVAL.
 *
 * The connector is connected while the host reports the scanout
 * enabled. Its modes come from the EDID when the device gave one, plus
 * the mode of GET_DISPLAY_INFO, which is marked preferred. A display
 * change event from the device (a config-change interrupt) re-reads the
 * display information and sends a hotplug uevent.
 *
 * The host has no vertical blank to report, so each CRTC runs an hrtimer
 * at the refresh rate of its mode while vblank interrupts are wanted. The
 * timestamp of a vblank is the timer's nominal expiry, not the time the
 * callback happened to run, and each tick counts one frame, so counts
 * and timestamps advance evenly even when a tick runs late; page-flip
 * events, vblank waits and DRM_IOCTL_CRTC_GET_SEQUENCE work as on
 * hardware. Modes refresh between 1 Hz and 1 kHz; others are refused.
 * A CRTC may be on with its primary plane off; the scanout then shows
 * nothing.
 *
 * A commit turns CRTCs off first, then on, then updates the planes, and
 * waits for the host where a plane update needs it. Only then is the
 * commit's event armed, on an active CRTC for its next vblank, so that
 * the event of a nonblocking modeset that turns a CRTC on arrives at the
 * first vblank after the new configuration reached the host, never
 * while the ioctl returns. A CRTC that goes off has the host turn its
 * scanout off at once; the CRTC finishes the frame in progress and shows
 * a dark one, so its vblanks stop, and its event is sent, two vblanks
 * later. Until a commit's event is out, the next commit on the CRTC,
 * a legacy cursor update included, waits for it (the atomic helpers'
 * commit tracking); only cursor moves and image changes on a CRTC whose
 * modeset is complete skip the wait (see the planes).
 *
 * An update that only damages the framebuffer already shown (DIRTYFB, or
 * an atomic commit whose sole change is FB_DAMAGE_CLIPS and that asks for
 * no event) is not held to the vblank, nor to the host: it returns once
 * its transfers and flushes are queued, so that a client sending one
 * DIRTYFB per damaged rectangle, as an X server's shadow framebuffer or
 * the fbdev console do, is held back only when the control queue is
 * full. DIRTYFB on a framebuffer the host reads where it lies (a heap
 * blob) is a single RESOURCE_FLUSH of the clips' bounding box, queued
 * without an atomic commit.
 *
 * A framebuffer's objects must each hold their plane (pitch x height
 * plus offset), and the host resource it shows is set up before the
 * framebuffer gets its id, so that no other client can see one that is
 * still being made or about to be unmade. The host copies
 * rows of a 2D resource with the resource's own stride, so a framebuffer
 * whose pitch is not its object's stride gets a host resource of its own
 * over the same memory, released with the framebuffer; an imported
 * object gets its resource when it is first used for a framebuffer.
 *
 * The host's 2D formats are all 32 bits per pixel. A framebuffer in
 * another format the planes offer (RGB565, which IGT and older
 * userspace expect) is shown through a shadow buffer: damaged rectangles
 * are converted into it on the CPU and transferred from there.
 */

#include <linux/bitops.h>
#include <linux/hrtimer.h>
#include <linux/math64.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_crtc.h>
#include <drm/drm_damage_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_edid.h>
#include <drm/drm_encoder.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_modeset_helper.h>
#include <drm/drm_modeset_helper_vtables.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_rect.h>
#include <drm/drm_vblank.h>

#include "vgh_compat.h"
#include "vgh_drv.h"
#include "vgh_gem.h"
#include "vgh_kms.h"
#include "vgh_layout.h"
#include "vgh_plane.h"

/* Largest framebuffer and mode, in pixels. */
#define VGH_MAX_WIDTH	8192
#define VGH_MAX_HEIGHT	8192
/* Modes without a usable pixel clock refresh at this rate. */
#define VGH_DEFAULT_HZ	60
/* Frame durations a mode may have: 1 kHz down to 1 Hz. */
#define VGH_MIN_FRAME_NS	(NSEC_PER_SEC / 1000)
#define VGH_MAX_FRAME_NS	NSEC_PER_SEC
/* Frames the vblank timer may fall behind before it skips ahead. */
#define VGH_VBLANK_MAX_LATE	8
/* Vblank events each CRTC keeps for debugfs. */
#define VGH_VBLANK_LOG		64

/**
 * struct vgh_vblank_rec - one event of a CRTC's vblank timer
 * @at: when it happened
 * @nominal: for a tick, the vertical blank it stands for
 * @count: the vblank counter afterwards
 * @what: 't' a tick, 'e' vblank enabled, 'd' disabled
 */
struct vgh_vblank_rec {
	ktime_t at;
	ktime_t nominal;
	u64 count;
	char what;
};

/**
 * struct vgh_vblank_log - the last events of a vblank timer, for debugfs
 * @lock: protects the members; taken with interrupts off
 * @next: index of the next record to write
 * @ticks: ticks since the CRTC was created
 * @late_max: the latest a tick ran after its nominal time
 * @dropped: frames skipped because the timer fell too far behind
 * @recs: the records, a ring
 */
struct vgh_vblank_log {
	spinlock_t lock; /* the members below; taken with interrupts off */
	unsigned int next;
	u64 ticks;
	ktime_t late_max;
	u64 dropped;
	struct vgh_vblank_rec recs[VGH_VBLANK_LOG];
};

/**
 * struct vgh_pipe - the display pipeline of one scanout
 * @crtc: the CRTC; its index is the scanout id of @connector
 * @encoder: virtual encoder
 * @connector: virtual connector
 * @vblank_timer: fires at each vertical blank while vblank is enabled
 * @frame_ns: the timer's current period
 * @log: recent vblank events
 */
struct vgh_pipe {
	struct drm_crtc crtc;
	struct drm_encoder encoder;
	struct drm_connector connector;
	struct hrtimer vblank_timer;
	u64 frame_ns;
	struct vgh_vblank_log log;
};

static struct vgh_pipe *crtc_to_pipe(struct drm_crtc *crtc)
{
	return container_of(crtc, struct vgh_pipe, crtc);
}

static struct vgh_pipe *connector_to_pipe(struct drm_connector *connector)
{
	return container_of(connector, struct vgh_pipe, connector);
}

static struct vgh_pipe *encoder_to_pipe(struct drm_encoder *encoder)
{
	return container_of(encoder, struct vgh_pipe, encoder);
}

/* The scanout a connector stands for: the index of its pipeline. */
static u32 vgh_connector_scanout(struct drm_connector *connector)
{
	return drm_crtc_index(&connector_to_pipe(connector)->crtc);
}

/**
 * struct vgh_crtc_state - a CRTC's state and the scanout it drives
 * @base: the DRM state
 * @scanout: the scanout of the connector the CRTC drives while enabled;
 *	the CRTC's own index while it drives none
 */
struct vgh_crtc_state {
	struct drm_crtc_state base;
	u32 scanout;
};

static struct vgh_crtc_state *to_vgh_crtc_state(struct drm_crtc_state *state)
{
	return container_of(state, struct vgh_crtc_state, base);
}

/**
 * vgh_crtc_scanout() - the scanout a CRTC state shows its planes on
 * @state: the CRTC's state, checked
 *
 * Return: the scanout id for SET_SCANOUT and the cursor commands.
 */
u32 vgh_crtc_scanout(const struct drm_crtc_state *state)
{
	return container_of(state, const struct vgh_crtc_state, base)->scanout;
}

/* Connector */

static int vgh_connector_get_modes(struct drm_connector *connector)
{
	struct vgh_device *vgdev = to_vgh(connector->dev);
	u32 scanout = vgh_connector_scanout(connector);
	const struct drm_edid *edid = NULL;
	struct drm_display_mode *mode, *preferred = NULL;
	u32 width, height;
	int count;

	mutex_lock(&vgdev->display_lock);
	if (vgdev->outputs[scanout].edid_len)
		edid = drm_edid_alloc(vgdev->outputs[scanout].edid,
				      vgdev->outputs[scanout].edid_len);
	width = vgdev->outputs[scanout].width;
	height = vgdev->outputs[scanout].height;
	mutex_unlock(&vgdev->display_lock);

	count = vgh_edid_connector_modes(connector, edid);
	drm_edid_free(edid);
	if (!count)
		count = drm_add_modes_noedid(connector, VGH_MAX_WIDTH,
					     VGH_MAX_HEIGHT);

	if (!width || !height || width > VGH_MAX_WIDTH || height > VGH_MAX_HEIGHT)
		return count;
	list_for_each_entry(mode, &connector->probed_modes, head) {
		mode->type &= ~DRM_MODE_TYPE_PREFERRED;
		if (mode->hdisplay != width || mode->vdisplay != height)
			continue;
		if (!preferred ||
		    abs(drm_mode_vrefresh(mode) - VGH_DEFAULT_HZ) <
		    abs(drm_mode_vrefresh(preferred) - VGH_DEFAULT_HZ))
			preferred = mode;
	}
	if (!preferred) {
		preferred = drm_cvt_mode(connector->dev, width, height,
					 VGH_DEFAULT_HZ, false, false, false);
		if (!preferred)
			return count;
		drm_mode_probed_add(connector, preferred);
		count++;
	}
	preferred->type |= DRM_MODE_TYPE_PREFERRED;
	return count;
}

static int vgh_connector_detect_ctx(struct drm_connector *connector,
				    struct drm_modeset_acquire_ctx *ctx,
				    bool force)
{
	struct vgh_device *vgdev = to_vgh(connector->dev);
	u32 scanout = vgh_connector_scanout(connector);
	bool enabled;

	mutex_lock(&vgdev->display_lock);
	enabled = vgdev->outputs[scanout].enabled;
	mutex_unlock(&vgdev->display_lock);
	return enabled ? connector_status_connected :
			 connector_status_disconnected;
}

static const struct drm_connector_helper_funcs vgh_connector_helper_funcs = {
	.get_modes = vgh_connector_get_modes,
	.detect_ctx = vgh_connector_detect_ctx,
};

static const struct drm_connector_funcs vgh_connector_funcs = {
	.fill_modes = drm_helper_probe_single_connector_modes,
	.reset = drm_atomic_helper_connector_reset,
	.atomic_duplicate_state = drm_atomic_helper_connector_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_connector_destroy_state,
};

/* CRTC and vblank */

/*
 * The timer ticks with the frame duration the vblank core computed for
 * the current mode, read at every tick: the core turns timestamps into
 * frame counts with that same duration, so the two must agree, also
 * right after a modeset changed it.
 */
static u64 vgh_pipe_period_ns(struct vgh_pipe *pipe)
{
	u64 ns = READ_ONCE(drm_crtc_vblank_crtc(&pipe->crtc)->framedur_ns);

	return ns ?: NSEC_PER_SEC / VGH_DEFAULT_HZ;
}

/*
 * Record one vblank event; for a tick, @nominal is its vertical blank
 * and @dropped the frames it skipped.
 */
static void vgh_vblank_record(struct vgh_pipe *pipe, char what,
			      ktime_t nominal, u64 dropped)
{
	struct vgh_vblank_log *log = &pipe->log;
	struct vgh_vblank_rec *rec;
	unsigned long flags;

	spin_lock_irqsave(&log->lock, flags);
	rec = &log->recs[log->next];
	log->next = (log->next + 1) % VGH_VBLANK_LOG;
	rec->at = ktime_get();
	rec->nominal = nominal;
	rec->count = drm_crtc_vblank_count(&pipe->crtc);
	rec->what = what;
	if (what == 't') {
		log->ticks++;
		log->late_max = max(log->late_max, ktime_sub(rec->at, nominal));
		log->dropped += dropped;
	}
	spin_unlock_irqrestore(&log->lock, flags);
}

static enum hrtimer_restart vgh_vblank_fire(struct hrtimer *timer)
{
	struct vgh_pipe *pipe = container_of(timer, struct vgh_pipe,
					     vblank_timer);
	u64 period = vgh_pipe_period_ns(pipe);
	ktime_t now = hrtimer_cb_get_time(timer);
	ktime_t nominal = hrtimer_get_expires(timer);
	u64 dropped = 0;
	bool on;

	WRITE_ONCE(pipe->frame_ns, period);
	/*
	 * One tick is one frame, so a late tick (an emulated or busy CPU)
	 * neither skips nor repeats a count; the next one comes sooner. A
	 * backlog of more than a few frames is dropped instead.
	 */
	if (ktime_sub(now, nominal) > ns_to_ktime(VGH_VBLANK_MAX_LATE * period))
		dropped = hrtimer_forward(timer, now, ns_to_ktime(period)) - 1;
	else
		hrtimer_add_expires_ns(timer, period);
	/* false once vblank was turned off under us: stop ticking */
	on = drm_crtc_handle_vblank(&pipe->crtc);
	vgh_vblank_record(pipe, 't', nominal, dropped);
	return on ? HRTIMER_RESTART : HRTIMER_NORESTART;
}

static int vgh_crtc_enable_vblank(struct drm_crtc *crtc)
{
	struct vgh_pipe *pipe = crtc_to_pipe(crtc);
	u64 period = vgh_pipe_period_ns(pipe);

	WRITE_ONCE(pipe->frame_ns, period);
	hrtimer_start(&pipe->vblank_timer, ns_to_ktime(period),
		      HRTIMER_MODE_REL);
	vgh_vblank_record(pipe, 'e', 0, 0);
	return 0;
}

/*
 * Called under the vblank timestamp lock, which the timer callback takes
 * too: waiting for a running callback here would deadlock. A callback
 * that runs on finds vblank disabled and does not re-arm.
 */
static void vgh_crtc_disable_vblank(struct drm_crtc *crtc)
{
	struct vgh_pipe *pipe = crtc_to_pipe(crtc);

	hrtimer_try_to_cancel(&pipe->vblank_timer);
	vgh_vblank_record(pipe, 'd', 0, 0);
}

/*
 * The most recent vertical blank is one frame before the timer's next
 * expiry; while the timer is off, now.
 */
static bool vgh_crtc_get_vblank_timestamp(struct drm_crtc *crtc,
					  int *max_error, ktime_t *vblank_time,
					  bool in_vblank_irq)
{
	struct vgh_pipe *pipe = crtc_to_pipe(crtc);

	if (!hrtimer_active(&pipe->vblank_timer))
		*vblank_time = ktime_get();
	else
		*vblank_time = ktime_sub_ns(hrtimer_get_expires(&pipe->vblank_timer),
					    READ_ONCE(pipe->frame_ns));
	return true;
}

/**
 * vgh_mode_frame_ns() - duration of one frame of a mode
 * @mode: the mode
 *
 * Computed without overflow for any timings the uAPI can carry.
 *
 * Return: nanoseconds per frame; U64_MAX when that does not fit in 64
 * bits; 0 for a mode without a positive pixel clock or total size.
 */
u64 vgh_mode_frame_ns(const struct drm_display_mode *mode)
{
	u64 pixels = (u64)mode->htotal * mode->vtotal;

	if (mode->vscan > 1)
		pixels *= mode->vscan;
	if (mode->clock <= 0 || !pixels)
		return 0;
	/* clock is in kHz */
	if (div_u64(pixels, mode->clock) >= div_u64(U64_MAX, USEC_PER_SEC))
		return U64_MAX;
	return mul_u64_u32_div(pixels, USEC_PER_SEC, mode->clock);
}
EXPORT_SYMBOL_IF_KUNIT(vgh_mode_frame_ns);

/*
 * The host takes any timings; the vblank timer needs a frame duration it
 * can keep, and beyond 1 kHz or below 1 Hz there is no display.
 */
static enum drm_mode_status vgh_crtc_mode_valid(struct drm_crtc *crtc,
						const struct drm_display_mode *mode)
{
	u64 frame_ns = vgh_mode_frame_ns(mode);

	if (mode->hdisplay > VGH_MAX_WIDTH || mode->vdisplay > VGH_MAX_HEIGHT)
		return MODE_BAD;
	if (frame_ns < VGH_MIN_FRAME_NS)
		return MODE_CLOCK_HIGH;
	if (frame_ns > VGH_MAX_FRAME_NS)
		return MODE_CLOCK_LOW;
	return MODE_OK;
}

/*
 * Runs before the planes are updated (see vgh_atomic_commit_tail()), so
 * that vblank is on when atomic_flush arms the commit's event.
 */
static void vgh_crtc_atomic_enable(struct drm_crtc *crtc,
				   struct drm_atomic_state *state)
{
	drm_crtc_vblank_on(crtc);
}

/* Wait for @n more vblanks of an active CRTC, or give up after @n + 1 s. */
static void vgh_crtc_wait_vblanks(struct drm_crtc *crtc, unsigned int n)
{
	wait_queue_head_t *queue = drm_crtc_vblank_waitqueue(crtc);
	u64 start;

	if (drm_crtc_vblank_get(crtc))
		return;
	start = drm_crtc_vblank_count(crtc);
	wait_event_timeout(*queue, drm_crtc_vblank_count(crtc) >= start + n,
			   (n + 1) * HZ);
	drm_crtc_vblank_put(crtc);
}

/*
 * The host stops showing the scanout at once, whatever planes stay
 * attached to the CRTC. Like a display pipe that finishes the frame in
 * progress and then shows a dark one, the CRTC is off, and its vblanks
 * stop, two vblanks later: a disable's event never goes out less than a
 * frame after the commit.
 */
static void vgh_crtc_atomic_disable(struct drm_crtc *crtc,
				    struct drm_atomic_state *state)
{
	struct drm_crtc_state *old = drm_atomic_get_old_crtc_state(state, crtc);

	vgh_plane_scanout_off(to_vgh(crtc->dev), vgh_crtc_scanout(old));
	vgh_crtc_wait_vblanks(crtc, 2);
	drm_crtc_vblank_off(crtc);
}

/*
 * Whether a commit only tells the host about new pixels in the buffers
 * @crtc already shows: no mode set, and every plane on it keeps its
 * framebuffer, its place and its visibility. DIRTYFB and the damage
 * clips of a front-buffer renderer are such commits.
 */
static bool vgh_crtc_damage_only(struct drm_crtc *crtc,
				 struct drm_atomic_state *state)
{
	struct drm_crtc_state *new = drm_atomic_get_new_crtc_state(state, crtc);
	struct drm_plane_state *op, *np;
	struct drm_plane *plane;
	int i;

	if (drm_atomic_crtc_needs_modeset(new))
		return false;
	for_each_oldnew_plane_in_state(state, plane, op, np, i) {
		if (op->crtc != crtc && np->crtc != crtc)
			continue;
		if (op->crtc != np->crtc || op->fb != np->fb ||
		    op->visible != np->visible ||
		    !drm_rect_equals(&op->src, &np->src) ||
		    !drm_rect_equals(&op->dst, &np->dst))
			return false;
	}
	return true;
}

/*
 * The planes are on the host by now, a new frame answered, damage alone
 * queued (vgh_plane.c): an active CRTC's event goes out at its next
 * vblank, an inactive one's (a disable) right away. So does the event of
 * a damage-only commit that no client asked for (the one the helpers
 * make so that a blocking commit can wait): there is no new buffer to
 * latch at a vblank, and a client that sends DIRTYFB per damaged
 * rectangle is not held to one rectangle a frame.
 */
static void vgh_crtc_atomic_flush(struct drm_crtc *crtc,
				  struct drm_atomic_state *state)
{
	struct drm_crtc_state *new = crtc->state;
	struct drm_pending_vblank_event *event = new->event;
	bool now;

	if (!event)
		return;
	new->event = NULL;
	/* the helpers' own event belongs to no file */
	now = !event->base.file_priv && vgh_crtc_damage_only(crtc, state);
	spin_lock_irq(&crtc->dev->event_lock);
	if (new->active && !now && drm_crtc_vblank_get(crtc) == 0)
		drm_crtc_arm_vblank_event(crtc, event);
	else
		drm_crtc_send_vblank_event(crtc, event);
	spin_unlock_irq(&crtc->dev->event_lock);
}

/*
 * An enabled CRTC drives exactly one connector (the helpers have made
 * sure it has one and that the connector may use this CRTC); its planes
 * go to that connector's scanout.
 */
static int vgh_crtc_atomic_check(struct drm_crtc *crtc,
				 struct drm_atomic_state *state)
{
	struct drm_crtc_state *new = drm_atomic_get_new_crtc_state(state, crtc);
	struct drm_encoder *encoder;

	if (!new->enable)
		return 0;
	if (hweight32(new->connector_mask) != 1) {
		drm_dbg_atomic(crtc->dev,
			       "[CRTC:%d:%s] drives %u connectors; a scanout shows one CRTC\n",
			       crtc->base.id, crtc->name,
			       hweight32(new->connector_mask));
		return -EINVAL;
	}
	/* each connector has its own encoder */
	drm_for_each_encoder_mask(encoder, crtc->dev, new->encoder_mask)
		to_vgh_crtc_state(new)->scanout =
			vgh_connector_scanout(&encoder_to_pipe(encoder)->connector);
	return 0;
}

static void vgh_crtc_reset(struct drm_crtc *crtc)
{
	struct vgh_crtc_state *state = kzalloc(sizeof(*state), GFP_KERNEL);

	if (crtc->state)
		crtc->funcs->atomic_destroy_state(crtc, crtc->state);
	if (!state) {
		crtc->state = NULL;
		return;
	}
	state->scanout = drm_crtc_index(crtc);
	__drm_atomic_helper_crtc_reset(crtc, &state->base);
}

static struct drm_crtc_state *vgh_crtc_duplicate_state(struct drm_crtc *crtc)
{
	struct vgh_crtc_state *state;

	if (WARN_ON(!crtc->state))
		return NULL;
	state = kzalloc(sizeof(*state), GFP_KERNEL);
	if (!state)
		return NULL;
	__drm_atomic_helper_crtc_duplicate_state(crtc, &state->base);
	state->scanout = to_vgh_crtc_state(crtc->state)->scanout;
	return &state->base;
}

static void vgh_crtc_destroy_state(struct drm_crtc *crtc,
				   struct drm_crtc_state *state)
{
	__drm_atomic_helper_crtc_destroy_state(state);
	kfree(to_vgh_crtc_state(state));
}

static const struct drm_crtc_helper_funcs vgh_crtc_helper_funcs = {
	.mode_valid = vgh_crtc_mode_valid,
	.atomic_check = vgh_crtc_atomic_check,
	.atomic_flush = vgh_crtc_atomic_flush,
	.atomic_enable = vgh_crtc_atomic_enable,
	.atomic_disable = vgh_crtc_atomic_disable,
};

static const struct drm_crtc_funcs vgh_crtc_funcs = {
	.set_config = drm_atomic_helper_set_config,
	.page_flip = drm_atomic_helper_page_flip,
	.reset = vgh_crtc_reset,
	.atomic_duplicate_state = vgh_crtc_duplicate_state,
	.atomic_destroy_state = vgh_crtc_destroy_state,
	.enable_vblank = vgh_crtc_enable_vblank,
	.disable_vblank = vgh_crtc_disable_vblank,
	.get_vblank_timestamp = vgh_crtc_get_vblank_timestamp,
};

static void vgh_pipe_fini(struct drm_device *drm, void *data)
{
	struct vgh_pipe *pipe = data;

	hrtimer_cancel(&pipe->vblank_timer);
}

static int vgh_pipe_init(struct vgh_device *vgdev, u32 scanout)
{
	struct drm_device *drm = &vgdev->drm;
	struct drm_plane *primary, *cursor;
	struct vgh_pipe *pipe;
	int ret;

	pipe = drmm_kzalloc(drm, sizeof(*pipe), GFP_KERNEL);
	if (!pipe)
		return -ENOMEM;
	hrtimer_init(&pipe->vblank_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	pipe->vblank_timer.function = vgh_vblank_fire;
	pipe->frame_ns = NSEC_PER_SEC / VGH_DEFAULT_HZ;
	spin_lock_init(&pipe->log.lock);
	ret = drmm_add_action_or_reset(drm, vgh_pipe_fini, pipe);
	if (ret)
		return ret;

	primary = vgh_plane_create(vgdev, DRM_PLANE_TYPE_PRIMARY, scanout);
	if (IS_ERR(primary))
		return PTR_ERR(primary);
	cursor = vgh_plane_create(vgdev, DRM_PLANE_TYPE_CURSOR, scanout);
	if (IS_ERR(cursor))
		return PTR_ERR(cursor);

	ret = drmm_crtc_init_with_planes(drm, &pipe->crtc, primary, cursor,
					 &vgh_crtc_funcs, NULL);
	if (ret)
		return ret;
	drm_crtc_helper_add(&pipe->crtc, &vgh_crtc_helper_funcs);

	ret = drmm_encoder_init(drm, &pipe->encoder, NULL,
				DRM_MODE_ENCODER_VIRTUAL, NULL);
	if (ret)
		return ret;

	ret = drmm_connector_init(drm, &pipe->connector, &vgh_connector_funcs,
				  DRM_MODE_CONNECTOR_VIRTUAL, NULL);
	if (ret)
		return ret;
	drm_connector_helper_add(&pipe->connector, &vgh_connector_helper_funcs);
	pipe->connector.polled = DRM_CONNECTOR_POLL_HPD;
	drm_connector_attach_edid_property(&pipe->connector);
	return drm_connector_attach_encoder(&pipe->connector, &pipe->encoder);
}

/* Framebuffers */

/**
 * struct vgh_fb - a framebuffer and the host resource it shows
 * @base: the DRM framebuffer; first, so that the GEM framebuffer
 *	helpers may free it
 * @res_id: host resource scanned out for it
 * @own_res: @res_id belongs to this framebuffer, not to its object
 * @shadow: for a format the host lacks, a buffer of the same pixels in
 *	XRGB8888 that @res_id shows; NULL otherwise
 * @direct: @res_id is a blob the host reads where it lies (a heap blob),
 *	set with SET_SCANOUT_BLOB and never transferred
 */
struct vgh_fb {
	struct drm_framebuffer base;
	u32 res_id;
	bool own_res;
	struct drm_gem_object *shadow;
	bool direct;
};

static struct vgh_fb *to_vgh_fb(struct drm_framebuffer *fb)
{
	return container_of(fb, struct vgh_fb, base);
}

/**
 * vgh_fb_resource_id() - the host resource a framebuffer shows
 * @fb: one of the driver's framebuffers
 *
 * Return: the resource id.
 */
u32 vgh_fb_resource_id(struct drm_framebuffer *fb)
{
	return to_vgh_fb(fb)->res_id;
}

/**
 * vgh_fb_direct() - whether the host reads a framebuffer where it lies
 * @fb: one of the driver's framebuffers
 *
 * Return: true when its resource is a heap blob, shown with
 * SET_SCANOUT_BLOB and updated by RESOURCE_FLUSH alone.
 */
bool vgh_fb_direct(struct drm_framebuffer *fb)
{
	return to_vgh_fb(fb)->direct;
}

/**
 * vgh_fb_shadow() - the XRGB8888 copy a framebuffer is shown from
 * @fb: one of the driver's framebuffers
 *
 * Return: the shadow buffer object of a framebuffer whose format the
 * host lacks, or NULL when the host shows the framebuffer's own memory.
 */
struct drm_gem_object *vgh_fb_shadow(struct drm_framebuffer *fb)
{
	return to_vgh_fb(fb)->shadow;
}

/* What vgh_fb_setup() made: the framebuffer's own resource, the shadow. */
static void vgh_fb_release_host(struct vgh_fb *vfb)
{
	if (vfb->own_res)
		vgh_bo_fb_resource_put(vfb->base.obj[0], vfb->res_id);
	vfb->own_res = false;
	if (vfb->shadow)
		drm_gem_object_put(vfb->shadow);
	vfb->shadow = NULL;
}

static void vgh_fb_destroy(struct drm_framebuffer *fb)
{
	vgh_fb_release_host(to_vgh_fb(fb));
	drm_gem_fb_destroy(fb);
}

/* A shadow buffer with its own XRGB8888 host resource. */
static int vgh_fb_make_shadow(struct vgh_fb *vfb)
{
	struct drm_framebuffer *fb = &vfb->base;
	struct vgh_bo_params params = {
		.size = (u64)fb->width * fb->height * 4,
		.width = fb->width,
		.height = fb->height,
		.format = VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM,
	};
	struct drm_gem_object *shadow;
	int ret;

	shadow = vgh_bo_create(to_vgh(fb->dev), &params);
	if (IS_ERR(shadow))
		return PTR_ERR(shadow);
	ret = vgh_bo_fb_resource(shadow, fb->width * 4, fb->width, fb->height,
				 params.format, &vfb->res_id);
	if (ret) {
		drm_gem_object_put(shadow);
		return ret < 0 ? ret : -EINVAL;
	}
	vfb->shadow = shadow;
	return 0;
}

/*
 * The smallest rectangle holding every clip, cut to the framebuffer; the
 * whole framebuffer when there are no clips. False when nothing is left.
 */
static bool vgh_fb_dirty_bounds(const struct drm_framebuffer *fb,
				const struct drm_clip_rect *clips,
				unsigned int num_clips, struct vgh_rect *r)
{
	struct drm_rect box = DRM_RECT_INIT(0, 0, fb->width, fb->height);
	struct drm_rect all = { INT_MAX, INT_MAX, INT_MIN, INT_MIN };
	unsigned int i;

	if (num_clips) {
		for (i = 0; i < num_clips; i++) {
			all.x1 = min_t(int, all.x1, clips[i].x1);
			all.y1 = min_t(int, all.y1, clips[i].y1);
			all.x2 = max_t(int, all.x2, clips[i].x2);
			all.y2 = max_t(int, all.y2, clips[i].y2);
		}
		if (!drm_rect_intersect(&box, &all))
			return false;
	}
	r->x = box.x1;
	r->y = box.y1;
	r->width = drm_rect_width(&box);
	r->height = drm_rect_height(&box);
	return true;
}

/*
 * DRM_IOCTL_MODE_DIRTYFB. The host reads a direct framebuffer where it
 * lies, so there is nothing to copy and no plane state to change: one
 * RESOURCE_FLUSH of the damage's bounding box tells every scanout that
 * shows the framebuffer. It is queued and not waited for, as the planes
 * queue damage alone (vgh_plane.c): no atomic commit, no vblank, no host
 * round trip. Other framebuffers need their damage transferred, which the
 * planes do in a damage-only commit.
 */
static int vgh_fb_dirty(struct drm_framebuffer *fb, struct drm_file *file,
			unsigned int flags, unsigned int color,
			struct drm_clip_rect *clips, unsigned int num_clips)
{
	struct vgh_fb *vfb = to_vgh_fb(fb);
	struct vgh_rect r;
	int ret, idx;

	if (!vfb->direct)
		return drm_atomic_helper_dirtyfb(fb, file, flags, color, clips,
						 num_clips);
	if (!vgh_fb_dirty_bounds(fb, clips, num_clips, &r))
		return 0;
	if (!drm_dev_enter(fb->dev, &idx))
		return -ENODEV;
	ret = vgh_bo_flush(fb->obj[0], vfb->res_id, &r, VGH_SEND_QUEUE);
	drm_dev_exit(idx);
	return ret;
}

static const struct drm_framebuffer_funcs vgh_fb_funcs = {
	.destroy = vgh_fb_destroy,
	.create_handle = drm_gem_fb_create_handle,
	.dirty = vgh_fb_dirty,
};

/*
 * The host scans a heap blob out where it lies, rows @pitch bytes apart:
 * the pitch must be one the host's display takes, when the host said
 * which (its layout's stride alignment).
 */
static int vgh_fb_check_host_pitch(struct drm_device *drm,
				   const struct drm_mode_fb_cmd2 *cmd)
{
	struct vgh_layout l;
	u32 how;
	int ret;

	ret = vgh_layout_get(to_vgh(drm), cmd->pixel_format, cmd->width,
			     cmd->height, VGH_LAYOUT_DUMB, &l, &how);
	if (ret)
		return ret;
	if ((how & DRM_VIRTGPU_HEAP_LAYOUT_FROM_HOST) &&
	    !IS_ALIGNED(cmd->pitches[0], l.stride_align)) {
		drm_dbg_kms(drm, "pitch %u is not a multiple of the host display's %u\n",
			    cmd->pitches[0], l.stride_align);
		return -EINVAL;
	}
	return 0;
}

/*
 * The objects of every plane, referenced into @fb->obj[], each large
 * enough for its plane: rows of @cmd's pitch, the last one as long as
 * the plane is wide, from the plane's offset. On failure the caller puts
 * what was found.
 */
static int vgh_fb_get_objects(struct drm_device *drm, struct drm_file *file,
			      const struct drm_mode_fb_cmd2 *cmd,
			      struct drm_framebuffer *fb)
{
	const struct drm_format_info *info = fb->format;
	unsigned int i;

	if (!drm_any_plane_has_format(drm, cmd->pixel_format, cmd->modifier[0])) {
		drm_dbg_kms(drm, "no plane shows %p4cc with modifier 0x%llx\n",
			    &cmd->pixel_format, cmd->modifier[0]);
		return -EINVAL;
	}
	for (i = 0; i < info->num_planes; i++) {
		u32 width = drm_format_info_plane_width(info, cmd->width, i);
		u32 rows = drm_format_info_plane_height(info, cmd->height, i);
		u64 need;

		fb->obj[i] = drm_gem_object_lookup(file, cmd->handles[i]);
		if (!fb->obj[i]) {
			drm_dbg_kms(drm, "plane %u: no object for handle %u\n",
				    i, cmd->handles[i]);
			return -ENOENT;
		}
		need = (u64)cmd->pitches[i] * (rows ? rows - 1 : 0) +
		       drm_format_info_min_pitch(info, i, width) + cmd->offsets[i];
		if (!rows || fb->obj[i]->size < need) {
			drm_dbg_kms(drm, "plane %u: object of %zu bytes, %llu needed\n",
				    i, fb->obj[i]->size, need);
			return -EINVAL;
		}
	}
	return 0;
}

/* The host side of a framebuffer: the resource it shows, or a shadow. */
static int vgh_fb_setup(struct vgh_fb *vfb, const struct drm_mode_fb_cmd2 *cmd)
{
	struct drm_device *drm = vfb->base.dev;
	u32 format = vgh_format_to_virtio(cmd->pixel_format);
	int ret = 0;

	vfb->direct = format && vgh_bo_scanout_direct(vfb->base.obj[0]);
	if (vfb->direct)
		ret = vgh_fb_check_host_pitch(drm, cmd);
	if (ret)
		return ret;
	/* The plane formats are all shown directly or through a shadow. */
	if (!format)
		return vgh_fb_make_shadow(vfb);
	ret = vgh_bo_fb_resource(vfb->base.obj[0], cmd->pitches[0], cmd->width,
				 cmd->height, format, &vfb->res_id);
	if (ret < 0)
		return ret;
	vfb->own_res = ret;
	return 0;
}

/*
 * Everything a framebuffer needs is in place before drm_framebuffer_init()
 * gives it its id: from then on other clients can look it up (GETFB2,
 * SETPLANE) and hold references, so it is only ever released through
 * its reference count.
 */
static struct drm_framebuffer *
vgh_fb_create(struct drm_device *drm, struct drm_file *file,
	      const struct drm_mode_fb_cmd2 *cmd)
{
	struct vgh_fb *vfb;
	unsigned int i;
	int ret;

	BUILD_BUG_ON(offsetof(struct vgh_fb, base) != 0);
	vfb = kzalloc(sizeof(*vfb), GFP_KERNEL);
	if (!vfb)
		return ERR_PTR(-ENOMEM);
	drm_helper_mode_fill_fb_struct(drm, &vfb->base, cmd);
	ret = -EINVAL;
	if (vfb->base.format)
		ret = vgh_fb_get_objects(drm, file, cmd, &vfb->base);
	if (ret)
		goto err_put;
	ret = vgh_fb_setup(vfb, cmd);
	if (ret) {
		drm_dbg_kms(drm, "no host resource for a %ux%u framebuffer, pitch %u: %d\n",
			    cmd->width, cmd->height, cmd->pitches[0], ret);
		goto err_put;
	}
	ret = drm_framebuffer_init(drm, &vfb->base, &vgh_fb_funcs);
	if (ret)
		goto err_release;
	return &vfb->base;

err_release:
	vgh_fb_release_host(vfb);
err_put:
	for (i = 0; i < ARRAY_SIZE(vfb->base.obj); i++)
		drm_gem_object_put(vfb->base.obj[i]);
	kfree(vfb);
	return ERR_PTR(ret);
}

/*
 * The helpers' default tail, with CRTCs enabled before the planes are
 * updated: a CRTC's vblank is on by the time its atomic_flush arms the
 * event, which therefore arrives at the first vblank after the commit
 * reached the host, not before. Waiting for flip_done waits for the
 * events themselves.
 */
static void vgh_atomic_commit_tail(struct drm_atomic_state *state)
{
	struct drm_device *drm = state->dev;

	drm_atomic_helper_commit_modeset_disables(drm, state);
	drm_atomic_helper_commit_modeset_enables(drm, state);
	drm_atomic_helper_commit_planes(drm, state, 0);
	drm_atomic_helper_commit_hw_done(state);
	drm_atomic_helper_wait_for_flip_done(drm, state);
	drm_atomic_helper_cleanup_planes(drm, state);
}

static const struct drm_mode_config_funcs vgh_mode_config_funcs = {
	.fb_create = vgh_fb_create,
	.atomic_check = drm_atomic_helper_check,
	.atomic_commit = drm_atomic_helper_commit,
};

static const struct drm_mode_config_helper_funcs vgh_mode_config_helpers = {
	.atomic_commit_tail = vgh_atomic_commit_tail,
};

/**
 * vgh_kms_init() - create the display pipelines of every scanout
 * @vgdev: the device, with its display information read
 *
 * Return: 0 or a negative errno.
 */
int vgh_kms_init(struct vgh_device *vgdev)
{
	struct drm_device *drm = &vgdev->drm;
	struct drm_encoder *encoder;
	struct drm_crtc *crtc;
	u32 i, crtcs = 0;
	int ret;

	ret = drmm_mode_config_init(drm);
	if (ret)
		return ret;
	drm->mode_config.min_width = 1;
	drm->mode_config.min_height = 1;
	drm->mode_config.max_width = VGH_MAX_WIDTH;
	drm->mode_config.max_height = VGH_MAX_HEIGHT;
	drm->mode_config.cursor_width = VGH_CURSOR_SIZE;
	drm->mode_config.cursor_height = VGH_CURSOR_SIZE;
	drm->mode_config.preferred_depth = 24;
	drm->mode_config.funcs = &vgh_mode_config_funcs;
	drm->mode_config.helper_private = &vgh_mode_config_helpers;

	for (i = 0; i < vgdev->num_scanouts; i++) {
		ret = vgh_pipe_init(vgdev, i);
		if (ret)
			return ret;
	}
	/* every connector on any CRTC, never two on one (no clones) */
	drm_for_each_crtc(crtc, drm)
		crtcs |= drm_crtc_mask(crtc);
	drm_for_each_encoder(encoder, drm) {
		encoder->possible_crtcs = crtcs;
		encoder->possible_clones = drm_encoder_mask(encoder);
	}
	ret = drm_vblank_init(drm, vgdev->num_scanouts);
	if (ret)
		return ret;
	drm_mode_config_reset(drm);
	return 0;
}

/**
 * vgh_kms_print_vblank() - the vblank timers' recent events, for debugfs
 * @vgdev: the device
 * @p: where to print
 *
 * Per CRTC, the tick count, the latest a tick ran after its vertical
 * blank and the frames dropped, then the last events, oldest first:
 * time in microseconds, the event (tick, enable, disable), the vblank
 * counter after it and, for a tick, its lateness in microseconds.
 */
void vgh_kms_print_vblank(struct vgh_device *vgdev, struct drm_printer *p)
{
	struct vgh_vblank_rec *recs;
	struct drm_crtc *crtc;
	unsigned int i, next;

	recs = kmalloc_array(VGH_VBLANK_LOG, sizeof(*recs), GFP_KERNEL);
	if (!recs)
		return;
	drm_for_each_crtc(crtc, &vgdev->drm) {
		struct vgh_vblank_log *log = &crtc_to_pipe(crtc)->log;
		u64 ticks, dropped;
		ktime_t late_max;

		spin_lock_irq(&log->lock);
		memcpy(recs, log->recs, sizeof(log->recs));
		next = log->next;
		ticks = log->ticks;
		late_max = log->late_max;
		dropped = log->dropped;
		spin_unlock_irq(&log->lock);

		drm_printf(p, "crtc %u ticks %llu late_max_us %lld dropped %llu\n",
			   drm_crtc_index(crtc), ticks,
			   ktime_to_us(late_max), dropped);
		for (i = 0; i < VGH_VBLANK_LOG; i++) {
			const struct vgh_vblank_rec *rec =
				&recs[(next + i) % VGH_VBLANK_LOG];

			if (!rec->what)
				continue;
			drm_printf(p, "  %lld %c %llu", ktime_to_us(rec->at),
				   rec->what, rec->count);
			if (rec->what == 't')
				drm_printf(p, " %lld",
					   ktime_us_delta(rec->at, rec->nominal));
			drm_printf(p, "\n");
		}
	}
	kfree(recs);
}

/**
 * vgh_kms_hotplug() - tell userspace that displays changed
 * @vgdev: the device, after its display information was re-read
 */
void vgh_kms_hotplug(struct vgh_device *vgdev)
{
	/* Before registration userspace cannot have seen the old state. */
	if (vgdev->drm.registered)
		drm_kms_helper_hotplug_event(&vgdev->drm);
}
