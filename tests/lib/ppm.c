// SPDX-License-Identifier: MIT
/*
 * A simulated device's scanout image against the pixels expected; see
 * vgh.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgh.h"

/* Count the pixels of one image row that differ; print the first few. */
static long vgh_ppm_row(const char *path, const unsigned char *row,
			const uint32_t *want, uint32_t w, uint32_t y, long bad)
{
	long diff = 0;
	uint32_t x;

	for (x = 0; x < w; x++) {
		const unsigned char *got = row + (size_t)x * 3;
		uint32_t px = want[x];

		if (got[0] == ((px >> 16) & 0xff) && got[1] == ((px >> 8) & 0xff) &&
		    got[2] == (px & 0xff))
			continue;
		if (bad + diff++ < 5)
			printf("%s: pixel %u,%u is %02x%02x%02x, want %06x\n", path,
			       x, y, got[0], got[1], got[2], px & 0xffffff);
	}
	return diff;
}

long vgh_ppm_compare(const char *path, const uint32_t *want, uint32_t w,
		     uint32_t h)
{
	unsigned int iw, ih, max;
	unsigned char *row;
	long bad = 0;
	int err = vgh_sim_sync_file(path);
	uint32_t y;
	FILE *f;

	if (err) {
		printf("%s: the device's sync: %s\n", path, strerror(-err));
		return (long)w * h;
	}
	f = fopen(path, "rb");
	if (!f) {
		printf("%s: %s\n", path, strerror(errno));
		return (long)w * h;
	}
	if (fscanf(f, "P6 %u %u %u", &iw, &ih, &max) != 3 || fgetc(f) != '\n' ||
	    max != 255 || iw != w || ih != h) {
		fclose(f);
		printf("%s: not a binary %ux%u PPM\n", path, w, h);
		return (long)w * h;
	}
	row = malloc((size_t)w * 3);
	if (!row) {
		fclose(f);
		printf("%s: out of memory\n", path);
		return (long)w * h;
	}
	for (y = 0; y < h; y++) {
		if (fread(row, 3, w, f) != w) {
			bad += (long)(h - y) * w;
			break;
		}
		bad += vgh_ppm_row(path, row, want + (size_t)y * w, w, y, bad);
	}
	free(row);
	fclose(f);
	return bad;
}
