// SPDX-License-Identifier: MIT
/*
 * The test pattern of the tools and of scripts/png-check.py; see vgh.h.
 */
#include "vgh.h"

uint32_t vgh_pattern(unsigned int n, uint32_t x, uint32_t y)
{
	uint32_t p = ((x & 0xff) << 16) | ((y & 0xff) << 8) | ((x ^ y) & 0xff);

	return n ? p ^ (0x00808080u + 0x00010305u * n) : p;
}
