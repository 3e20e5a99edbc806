#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the rig needs; only missing ones are fetched.
. "$(dirname "$0")/lib.sh"

pkgs=(make gcc "linux-source-$VGH_KSERIES" gcc-aarch64-linux-gnu
      libc6-dev-arm64-cross qemu-system-arm sparse ccache bc flex bison
      libelf-dev libssl-dev cpio kmod xz-utils python3 perl dpkg-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	vgh_die "missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
fi
vgh_log "installing ${missing[*]}"
log=$(mktemp)
if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	tail -n 5 "$log" >&2
	vgh_die "apt-get could not install: ${missing[*]}"
fi
rm -f "$log"
