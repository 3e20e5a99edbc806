#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make dkms-check: the driver as DKMS builds and installs it for the kernel
# of Debian 12 (6.1), with dkms.conf as it is. As root, installs with
# apt-get dkms, the headers of that kernel (linux-headers-ARCH: the
# current 6.1.0-N-ARCH), kmod, make, gcc and git; then copies the source to
# /usr/src/virtio-gpu-heap-VERSION and runs dkms add, build and install
# for that kernel (the release is read from the headers package, not from
# uname -r: the running kernel may be another one), reads the installed
# module with modinfo (version, the virtio GPU alias, a description for
# every parameter, built for that kernel, found by depmod), and removes it
# with dkms remove --all. Whatever happens, the module's files go again
# from /usr/src, /var/lib/dkms and /lib/modules (the packages stay
# installed). Ends with "dkms-check: ok", or an error and exit status 1.
. "$(dirname "$0")/lib.sh"

name=virtio-gpu-heap
alias='virtio:d00000010v*'

say() {
	echo "dkms-check: $*"
}

fail() {
	echo "dkms-check: error: $*" >&2
	exit 1
}

[ "$(id -u)" -eq 0 ] ||
	fail "needs root: it installs packages and a kernel module (run: sudo make dkms-check)"

version=$(cat "$VGH_TOP/VERSION")
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
	fail "VERSION: \"$version\" is not MAJOR.MINOR.PATCH"

# dkms.conf: read as dh_dkms reads it, the literal values.
conf_value() {
	sed -n "s/^$1=\"\\(.*\\)\"\$/\\1/p" "$VGH_TOP/dkms.conf"
}
[ "$(conf_value PACKAGE_NAME)" = "$name" ] ||
	fail "dkms.conf: PACKAGE_NAME is \"$(conf_value PACKAGE_NAME)\", not \"$name\""
[ "$(conf_value PACKAGE_VERSION)" = "$version" ] ||
	fail "dkms.conf: PACKAGE_VERSION is \"$(conf_value PACKAGE_VERSION)\" but VERSION says \"$version\"; make them equal"
say "dkms.conf: $name $version, as VERSION says"

# Packages. linux-headers-ARCH depends on the headers of the current 6.1
# kernel, which bring the compiler that built it; gcc and make for the
# build, kmod for modinfo and depmod, git to list the source.
arch=$(dpkg --print-architecture)
meta=linux-headers-$arch
pkgs=(dkms "$meta" kmod make gcc git)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	log=$(mktemp)
	# (waiting for another apt or dpkg to finish, up to 10 minutes)
	if ! { apt-get -o DPkg::Lock::Timeout=600 update -q &&
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
		tail -n 15 "$log" >&2
		rm -f "$log"
		fail "apt-get could not install: ${missing[*]}"
	fi
	rm -f "$log"
fi

# The kernel release, from the headers package the meta package depends on.
headers=$(dpkg-query -W -f '${Depends}' "$meta" | tr ',|' '\n' |
	sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n 1)
[ -n "$headers" ] || fail "$meta depends on no linux-headers package"
dpkg-query -W -f '${Status}' "$headers" 2>/dev/null | grep -q 'ok installed' ||
	fail "$headers (what $meta depends on) is not installed"
krel=${headers#linux-headers-}
[[ $krel == 6.1.* ]] || fail "$headers: kernel $krel is not Debian 12's 6.1"
kdir=/lib/modules/$krel/build
[ -f "$kdir/Makefile" ] && [ -f "$kdir/.config" ] ||
	fail "$kdir: no kernel build directory (package $headers)"
say "kernel $krel (package $headers; the running kernel, $(uname -r), is not used)"

# Where DKMS puts things. Someone's own copy of the module is left alone:
# the check stops instead.
src=/usr/src/$name-$version
tree=/var/lib/dkms/$name
mods=/lib/modules/$krel
for p in "$src" "$tree"; do
	[ ! -e "$p" ] ||
		fail "$p exists: $name is already known to DKMS here; remove it first (dkms remove $name/$version --all; rm -rf $src)"
done
work=$(mktemp -d)
# What /usr/src (its entries), /var/lib/dkms and the kernel's module
# directory held before: afterwards they must hold the same.
snapshot() {
	{ find /usr/src -mindepth 1 -maxdepth 1
	  find /var/lib/dkms "$mods" -mindepth 1; } 2>/dev/null | sort
}
snapshot >"$work/before"

cleanup() {
	local rc=$? p
	trap - EXIT
	set +e
	if [ -d "$tree" ]; then
		say "dkms remove $name/$version --all (cleanup)"
		dkms remove "$name/$version" --all >"$work/cleanup.log" 2>&1 ||
			sed 's/^/  /' "$work/cleanup.log"
	fi
	rm -rf "$src" "$tree"
	# The module, what depmod wrote for a kernel that had no module
	# index before (headers only) and the signing key DKMS made for a
	# machine that had none: nothing else is touched.
	snapshot >"$work/after"
	comm -13 "$work/before" "$work/after" | sort -r | while read -r p; do
		case $p in
		"$mods"/updates/dkms/"$name".ko* | "$mods"/modules.* | /var/lib/dkms/mok.key | /var/lib/dkms/mok.pub)
			rm -f "$p" ;;
		"$mods"/updates | "$mods"/updates/dkms)
			rmdir "$p" 2>/dev/null ;;
		esac
	done
	snapshot >"$work/after"
	if ! cmp -s "$work/before" "$work/after"; then
		echo "dkms-check: error: left behind after cleanup:" >&2
		diff "$work/before" "$work/after" | grep '^[<>]' | sed 's/^/  /' >&2
		rc=1
	fi
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The source DKMS gets: the tracked and new files of this tree, less the
# rig's tests and documentation (what 'make modules' reads: Makefile,
# Kbuild, VERSION, dkms.conf, drivers/, include/, scripts/).
say "copying the source to $src"
mkdir -p "$src"
# (safe.directory: a clone of another user's, as with sudo make dkms-check)
top=$(cd "$VGH_TOP" && pwd -P)
(cd "$top" && git -c safe.directory="$top" ls-files -z --cached --others --exclude-standard -- . \
	':!:tests' ':!:Documentation' ':!:.ci' ':!:packaging' |
	xargs -0 cp --parents -t "$src") || fail "copying the source to $src"
[ -f "$src/dkms.conf" ] && [ -f "$src/VERSION" ] || fail "$src: no dkms.conf or VERSION"

step() { # step WHAT CMD...: run a DKMS step, its output indented
	say "$*"
	"$@" >"$work/step.log" 2>&1 || {
		sed 's/^/  /' "$work/step.log"
		return 1
	}
}

step dkms add -m "$name" -v "$version" || fail "dkms add failed"
if ! step dkms build -m "$name" -v "$version" -k "$krel"; then
	mkdir -p "$VGH_OUT/dkms"
	if [ -f "$tree/$version/build/make.log" ]; then
		cp "$tree/$version/build/make.log" "$VGH_OUT/dkms/make.log"
		echo "dkms-check: last lines of DKMS's make.log (all of it: $VGH_OUT/dkms/make.log):" >&2
		tail -n 40 "$VGH_OUT/dkms/make.log" | sed 's/^/  /' >&2
	fi
	fail "dkms build failed for kernel $krel"
fi
# Only the driver was built: no test module, no simulator.
makelog=$(find "$tree/$version/$krel" -name make.log | head -n 1)
[ -n "$makelog" ] || fail "no make.log from the build"
grep -q 'vgh_drv\.o' "$makelog" || fail "make.log shows no build of the driver ($makelog)"
! grep -E '(/tests/|/sim/|virtio-gpu-sim|virtio-gpu-heap-test)' "$makelog" ||
	fail "DKMS built a test module or the simulator (above, from $makelog)"
step dkms install -m "$name" -v "$version" -k "$krel" || fail "dkms install failed"

# The module as installed, and as modprobe would find it.
mapfile -t kos < <(find "$mods/updates/dkms" -name "$name.ko*")
[ ${#kos[@]} -eq 1 ] || fail "expected one $name.ko under $mods/updates/dkms, found ${#kos[@]}"
ko=${kos[0]}
say "modinfo $ko"
[ "$(modinfo -k "$krel" -n "$name")" = "$ko" ] ||
	fail "depmod does not resolve $name to $ko for $krel"
got=$(modinfo -F version "$ko")
say "  version $got"
[ "$got" = "$version" ] || fail "the installed module's version is \"$got\", VERSION says \"$version\""
vermagic=$(modinfo -F vermagic "$ko")
[ "${vermagic%% *}" = "$krel" ] || fail "the module was built for \"${vermagic%% *}\", not $krel"
modinfo -F alias "$ko" | grep -qxF "$alias" || fail "no alias $alias (the virtio GPU device)"
say "  alias $alias"
parms=$(modinfo -F parm "$ko")
awk '
	{ split($0, f, ":"); d = substr($0, length(f[1]) + 2) }
	d ~ /^[[:space:]]*(\([a-z0-9]+\))?$/ { print "no description: " f[1]; bad = 1 }
	END { exit bad }' <<<"$parms" || fail "a parameter without a description (above)"
say "  $(grep -c . <<<"$parms") parameters, each with a description"

step dkms remove "$name/$version" --all || fail "dkms remove failed"
[ ! -e "$ko" ] || fail "dkms remove left $ko"
say ok
