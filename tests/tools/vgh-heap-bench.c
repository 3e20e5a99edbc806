// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-heap-bench: what the dedicated heap costs and gives, against shmem,
 * on a device in heap mode that also takes GUEST blobs.
 *
 * usage: vgh-heap-bench [-d NODE] [-n COUNT] [-s SIZE] [-c CHURN]
 *                       [-D DEBUGFS_FILE]
 *
 * Three measurements, one line each:
 *   create heap|shmem median_us M p99_us P
 *	COUNT (default 500) RESOURCE_CREATE_BLOB + GEM_CLOSE of SIZE bytes
 *	(default 1 MiB): a GUEST_VRAM blob (a heap block) and a GUEST blob
 *	(shmem pages), timed from the create to the close's return;
 *   write heap|shmem|anon mb_per_s B
 *	16 MiB written through a mapping of a GUEST_VRAM blob, of a GUEST
 *	blob, and memcpy into anonymous memory: best of five passes;
 *   clear heap mb_per_s B bytes N refill_median_us M refill_p99_us P
 *	the heap filled with 1 MiB GUEST_VRAM blobs and all of them closed;
 *	then as many 1 MiB blobs created again at once, timed each (their
 *	blocks may still be being cleared: the creates wait for them); then
 *	the driver's clearing rate over that run from its debugfs counters
 *	(bytes cleared, time spent clearing);
 *   frag ops N live L free_bytes F largest_free_bytes G ratio R
 *	CHURN (default 100000) random allocations and frees of GUEST_VRAM
 *	blobs of mixed sizes (4 KiB to 1 MiB, small ones more likely), about
 *	128 alive at a time and never more than 256; then, with the survivors still allocated, the heap's
 *	free bytes and largest free range from the driver's debugfs file
 *	(default /sys/kernel/debug/dri/0/vgh_heap) and their ratio.
 * Figures only; nothing is asserted about them. Exits 2 on an error.
 */
#include <drm/virtgpu_heap_drm.h>

#include "vgh-kms.h"

#define WRITE_BYTES	(16u << 20)
#define LIVE_MAX	256

static int fd;

static void die(const char *what, int err)
{
	vgh_die("%s: %s", what, strerror(-err));
}

static int blob(uint32_t mem, uint64_t size, uint32_t *handle)
{
	struct drm_virtgpu_resource_create_blob b = {
		.blob_mem = mem,
		.blob_flags = VIRTGPU_BLOB_FLAG_USE_MAPPABLE,
		.size = size,
	};
	int ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB, &b);

	*handle = b.bo_handle;
	return ret;
}

static void gem_close(uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };
	int ret = vgh_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);

	if (ret)
		die("GEM_CLOSE", ret);
}

static void create(const char *tag, uint32_t mem, unsigned int count,
		   uint64_t size)
{
	double *t = calloc(count, sizeof(*t));
	unsigned int i;
	uint32_t h;
	int ret;

	if (!t)
		die("calloc", -ENOMEM);
	for (i = 0; i < count; i++) {
		double start = vgh_now_us();

		ret = blob(mem, size, &h);
		if (ret)
			die("RESOURCE_CREATE_BLOB", ret);
		gem_close(h);
		t[i] = vgh_now_us() - start;
	}
	qsort(t, count, sizeof(*t), vgh_cmp_double);
	printf("create %s median_us %.0f p99_us %.0f\n", tag, t[count / 2],
	       t[count * 99 / 100]);
	free(t);
}

static void *map(uint32_t handle, uint64_t size)
{
	struct drm_virtgpu_map m = { .handle = handle };
	void *p;
	int ret = vgh_ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &m);

	if (ret)
		die("MAP", ret);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
	if (p == MAP_FAILED)
		die("mmap", -errno);
	return p;
}

/* Best of five passes of memcpy from @src into @dst, in MB/s. */
static double bandwidth(void *dst, const void *src)
{
	double best = 0;
	int pass;

	for (pass = 0; pass < 5; pass++) {
		double start = vgh_now_us(), mbs;

		memcpy(dst, src, WRITE_BYTES);
		mbs = WRITE_BYTES / (vgh_now_us() - start);
		if (mbs > best)
			best = mbs;
	}
	return best;
}

static void write_bw(void)
{
	static const struct { const char *tag; uint32_t mem; } kinds[] = {
		{ "heap", VIRTGPU_BLOB_MEM_GUEST_VRAM },
		{ "shmem", VIRTGPU_BLOB_MEM_GUEST },
	};
	char *src = malloc(WRITE_BYTES), *anon;
	unsigned int i;
	uint32_t h;
	int ret;

	if (!src)
		die("malloc", -ENOMEM);
	memset(src, 0x5a, WRITE_BYTES);
	for (i = 0; i < 2; i++) {
		void *p;

		ret = blob(kinds[i].mem, WRITE_BYTES, &h);
		if (ret)
			die("RESOURCE_CREATE_BLOB", ret);
		p = map(h, WRITE_BYTES);
		printf("write %s mb_per_s %.0f\n", kinds[i].tag, bandwidth(p, src));
		munmap(p, WRITE_BYTES);
		gem_close(h);
	}
	anon = mmap(NULL, WRITE_BYTES, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		die("mmap", -errno);
	printf("write anon mb_per_s %.0f\n", bandwidth(anon, src));
	munmap(anon, WRITE_BYTES);
	free(src);
}

/* "clearing C cleared D clear_us T" of the heap's debugfs file. */
static void clear_stats(const char *path, uint64_t *clearing, uint64_t *cleared,
			uint64_t *us)
{
	unsigned long long c, d, t;
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f)
		die(path, -errno);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "clearing %llu cleared %llu clear_us %llu", &c, &d, &t) == 3) {
			*clearing = c;
			*cleared = d;
			*us = t;
			fclose(f);
			return;
		}
	fclose(f);
	die("no clearing line in the heap's debugfs file", -EINVAL);
}

/*
 * The whole heap released at once, then taken again block by block: the
 * creates find blocks still being cleared and wait for them.
 */
static void clear_rate(const char *debugfs)
{
	uint64_t clearing, cleared0, us0, cleared1, us1;
	uint32_t *h = calloc(4096, sizeof(*h));
	double *t = calloc(4096, sizeof(*t));
	unsigned int n = 0, i;
	int ret = 0;

	if (!h || !t)
		die("calloc", -ENOMEM);
	do {
		clear_stats(debugfs, &clearing, &cleared0, &us0);
	} while (clearing);
	while (n < 4096 && !(ret = blob(VIRTGPU_BLOB_MEM_GUEST_VRAM, 1 << 20, &h[n])))
		n++;
	if (!n)
		die("RESOURCE_CREATE_BLOB", ret);
	for (i = 0; i < n; i++)
		gem_close(h[i]);
	for (i = 0; i < n; i++) {
		double start = vgh_now_us();

		ret = blob(VIRTGPU_BLOB_MEM_GUEST_VRAM, 1 << 20, &h[i]);
		if (ret)
			die("RESOURCE_CREATE_BLOB after the release", ret);
		t[i] = vgh_now_us() - start;
	}
	for (i = 0; i < n; i++)
		gem_close(h[i]);
	do {
		clear_stats(debugfs, &clearing, &cleared1, &us1);
	} while (clearing);
	qsort(t, n, sizeof(*t), vgh_cmp_double);
	printf("clear heap mb_per_s %.0f bytes %llu refill_median_us %.0f refill_p99_us %.0f\n",
	       us1 > us0 ? (double)(cleared1 - cleared0) / (us1 - us0) : 0,
	       (unsigned long long)(cleared1 - cleared0), t[n / 2], t[n * 99 / 100]);
	free(t);
	free(h);
}

/* A size from 4 KiB to 1 MiB in pages, small ones more likely. */
static uint64_t mixed_size(void)
{
	unsigned int shift = rand() % 9;

	return (uint64_t)(1 + rand() % (1u << shift)) * 4096;
}

static void heap_stats(const char *path, uint64_t *free_b, uint64_t *largest)
{
	unsigned long long size, used, fr, lf;
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f)
		die(path, -errno);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "pool %*s size %llu used %llu free %llu largest_free %llu",
			   &size, &used, &fr, &lf) == 4) {
			*free_b = fr;
			*largest = lf;
			fclose(f);
			return;
		}
	fclose(f);
	die("no pool line in the heap's debugfs file", -EINVAL);
}

static void frag(unsigned int ops, const char *debugfs)
{
	uint32_t live[LIVE_MAX];
	unsigned int n = 0, i;
	uint64_t free_b, largest;
	int ret;

	srand(1);
	for (i = 0; i < ops; i++) {
		/* free with odds n / LIVE_MAX: about half of LIVE_MAX alive */
		if (n && (unsigned int)rand() % LIVE_MAX < n) {
			unsigned int k = rand() % n;

			gem_close(live[k]);
			live[k] = live[--n];
			continue;
		}
		ret = blob(VIRTGPU_BLOB_MEM_GUEST_VRAM, mixed_size(), &live[n]);
		if (ret == -ENOSPC)
			continue;
		if (ret)
			die("RESOURCE_CREATE_BLOB", ret);
		n++;
	}
	heap_stats(debugfs, &free_b, &largest);
	printf("frag ops %u live %u free_bytes %llu largest_free_bytes %llu ratio %.3f\n",
	       ops, n, (unsigned long long)free_b, (unsigned long long)largest,
	       free_b ? (double)largest / free_b : 1.0);
	while (n)
		gem_close(live[--n]);
}

int main(int argc, char **argv)
{
	const char *node = "/dev/dri/card0";
	const char *debugfs = "/sys/kernel/debug/dri/0/vgh_heap";
	unsigned int count = 500, churn = 100000;
	uint64_t size = 1 << 20;
	int opt;

	while ((opt = getopt(argc, argv, "d:n:s:c:D:")) != -1) {
		switch (opt) {
		case 'd':
			node = optarg;
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			size = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			churn = strtoul(optarg, NULL, 0);
			break;
		case 'D':
			debugfs = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-d NODE] [-n COUNT] [-s SIZE] [-c CHURN] [-D DEBUGFS_FILE]\n",
				argv[0]);
			return 2;
		}
	}
	if (!count)
		count = 1;
	vgh_prog = "vgh-heap-bench";
	fd = vgh_open(node);
	create("heap", VIRTGPU_BLOB_MEM_GUEST_VRAM, count, size);
	create("shmem", VIRTGPU_BLOB_MEM_GUEST, count, size);
	write_bw();
	clear_rate(debugfs);
	frag(churn, debugfs);
	close(fd);
	return 0;
}
