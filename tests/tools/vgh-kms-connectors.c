// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vgh-kms-connectors: what DRM_IOCTL_MODE_GETCONNECTOR says about every
 * connector, after a probe.
 *
 * usage: vgh-kms-connectors [-d CARD]
 *
 * Prints one line per connector:
 *   connector INDEX id ID connected|disconnected|unknown modes WxH[*] ...
 * in the kernel's order of modes; '*' marks the preferred mode. Opening
 * the card first makes the tool DRM master, which GETCONNECTOR needs to
 * probe the connector rather than report what it knew.
 */
#include "vgh-kms.h"

int main(int argc, char **argv)
{
	const char *card = "/dev/dri/card0";
	static const char *const status[] = { "?", "connected", "disconnected",
					      "unknown" };
	struct vgh_resources r;
	uint32_t i, m;
	int opt, fd;

	vgh_prog = "vgh-kms-connectors";
	while ((opt = getopt(argc, argv, "d:")) != -1) {
		if (opt != 'd') {
			fprintf(stderr, "usage: %s [-d CARD]\n", argv[0]);
			return 2;
		}
		card = optarg;
	}
	fd = vgh_open(card);
	vgh_get_resources(fd, &r);
	for (i = 0; i < r.n_conns; i++) {
		struct vgh_connector c;

		vgh_get_connector(fd, r.conns[i], &c);
		printf("connector %u id %u %s modes", i, r.conns[i],
		       c.info.connection <= 3 ? status[c.info.connection] : "?");
		for (m = 0; m < c.info.count_modes; m++)
			printf(" %ux%u%s", c.modes[m].hdisplay, c.modes[m].vdisplay,
			       c.modes[m].type & DRM_MODE_TYPE_PREFERRED ? "*" : "");
		printf("\n");
		vgh_put_connector(&c);
	}
	free(r.conns);
	free(r.crtcs);
	close(fd);
	return 0;
}
