#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make fresh-check: prove that the README's two commands work on a fresh
# Debian 12 machine. Builds a minimal Debian 12 chroot (debootstrap
# --variant=minbase, from the mirror the host's apt uses), installs in it
# only make (to start the commands) and git (to clone), clones the
# committed HEAD of this repository into /root/virtio-gpu-heap and runs
# there, as root, exactly 'make run' and then 'make check'. The output is
# shown and logged to out/fresh-check/; the last line says PASS or FAIL.
#
#   scripts/fresh-check.sh [--reuse | --clean]
#     (default)  a new chroot every run, since the point is a machine with
#                nothing but what the README assumes (packages and
#                cold guest kernel builds inside: about 45 minutes on 2
#                cores)
#     --reuse    keep the chroot of the previous run, with its packages
#                and guest kernel build, and only clone again: a quick
#                re-run that no longer proves a fresh machine
#                (also: VGH_FRESH_REUSE=1 make fresh-check)
#     --clean    unmount and delete the chroot, then exit
#
# The chroot lives in $VGH_CACHE/fresh-chroot/bookworm-ARCH. Needs root
# (debootstrap, mount, chroot) and the host's Debian package mirror.
# Uncommitted changes in the working tree are not part of the test.
. "$(dirname "$0")/lib.sh"

reuse=${VGH_FRESH_REUSE:-0}
clean=0
for arg in "$@"; do
	case $arg in
	--reuse) reuse=1 ;;
	--clean) clean=1 ;;
	-h | --help) sed -n '3,24s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) vgh_die "unknown option: $arg (see: $0 --help)" ;;
	esac
done
[ "$(id -u)" -eq 0 ] ||
	vgh_die "fresh-check needs root: it runs debootstrap, mount and chroot"

suite=bookworm
arch=$(dpkg --print-architecture)
mkdir -p "$VGH_CACHE/fresh-chroot"
dir=$(cd "$VGH_CACHE/fresh-chroot" && pwd -P)
root=$dir/$suite-$arch
clone=/root/virtio-gpu-heap	# inside the chroot
origin=/mnt/vgh-origin		# the host's git directory, read-only, while cloning
out=$VGH_OUT/fresh-check
log=$out/fresh-check.log

exec 9>"$dir/lock"
flock -n 9 || vgh_die "another fresh-check is using $dir"

# Mount points under $dir, deepest first; also those of a killed run.
mounts_under() {
	awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

# Processes whose root is the chroot: all of them were started by this
# script (or by a killed run of it).
chroot_pids() {
	local p r
	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		[ "$r" != "$root" ] || echo "${p#/proc/}"
	done
}

# release: end what runs in the chroot and unmount everything under $dir.
release() {
	local pids m i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		pids=$(chroot_pids)
		[ -n "$pids" ] || break
		# shellcheck disable=SC2086 # a list of pids
		if [ "$i" -lt 10 ]; then kill -TERM $pids; else kill -KILL $pids; fi 2>/dev/null || true
		sleep 1
	done
	while read -r m; do
		[ -n "$m" ] || continue
		umount "$m" 2>/dev/null || umount -l "$m" ||
			echo "warning: could not unmount $m" >&2
	done < <(mounts_under)
	[ -z "$(mounts_under)" ]
}

# remove_chroot: delete the chroot, never through a mount point.
remove_chroot() {
	release || vgh_die "mounts left under $dir: $(mounts_under | tr '\n' ' ')"
	rm -rf --one-file-system "$root"
}

if [ "$clean" = 1 ]; then
	remove_chroot
	vgh_log "removed $root"
	exit 0
fi

# stop_job: end the running step with all its processes (its own process
# group, see step).
job=
stop_job() {
	local i
	[ -n "$job" ] || return 0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 -- "-$job" 2>/dev/null || break
		if [ "$i" -lt 10 ]; then kill -TERM -- "-$job"; else kill -KILL -- "-$job"; fi 2>/dev/null || true
		sleep 1
	done
	job=
}

on_exit() {
	local rc=$?
	trap - EXIT INT TERM
	stop_job
	release || echo "error: could not unmount: $(mounts_under | tr '\n' ' ')" >&2
	exit "$rc"
}
trap on_exit EXIT
trap 'echo "fresh-check: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

rm -rf "$out"
mkdir -p "$out"
: >"$log"

say() {
	echo "==> $*" | tee -a "$log" >&2
}

fmt_time() {
	printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

names=()
times=()
results=()

# step NAME CMD...: run CMD with its output on the terminal, in the log
# and in $out/NAME.log; record its time and result. CMD runs in the
# background, in its own process group, so that a signal reaches the
# traps at once and stop_job can end all of it.
step() {
	local name=$1 slug t0 dt rc=0
	shift
	slug=$(echo "$name" | tr -cs '[:alnum:]\n' '-' | tr '[:upper:]' '[:lower:]')
	say "$name"
	t0=$(date +%s)
	set -m
	{ "$@" </dev/null 2>&1 | tee -a "$log" "$out/$slug.log"; } &
	job=$!
	set +m
	wait "$job" || rc=$?
	job=
	dt=$(($(date +%s) - t0))
	names+=("$name")
	times+=("$dt")
	results+=("$rc")
	if [ "$rc" -eq 0 ]; then
		say "$name: ok ($(fmt_time "$dt"))"
	else
		say "$name: FAILED with exit status $rc ($(fmt_time "$dt"))"
	fi
	return "$rc"
}

# host_sources: "URI SUITE" for every enabled deb source of the host's apt,
# from one-line .list files and deb822 .sources files.
host_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" {
			i = 2
			if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
			print $i, $(i + 1)
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'function flush(  n, m, i, j, u, s) {
			if (f["types"] ~ /(^|[ \t])deb([ \t]|$)/ && f["enabled"] !~ /[Nn][Oo]/) {
				n = split(f["uris"], u, " ")
				m = split(f["suites"], s, " ")
				for (i = 1; i <= n; i++)
					for (j = 1; j <= m; j++)
						print u[i], s[j]
			}
			split("", f)
		}
		/^#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ { f[key] = f[key] " " $0; next }
		{
			key = tolower(substr($0, 1, index($0, ":") - 1))
			f[key] = substr($0, index($0, ":") + 1)
		}
		END { flush() }' "$f"
	done
}

mirror_for() {
	host_sources | awk -v re="$1" '!found && $2 ~ re { print $1; found = 1 }'
}

mirror=${VGH_FRESH_MIRROR:-$(mirror_for "^($suite|stable)\$")}
mirror=${mirror:-http://deb.debian.org/debian}
security=${VGH_FRESH_SECURITY_MIRROR:-$(mirror_for "^($suite|stable)-security\$")}
security=${security:-http://deb.debian.org/debian-security}

command -v git >/dev/null || vgh_die "fresh-check needs git on the host (apt-get install git)"
commit=$(git -C "$VGH_TOP" rev-parse HEAD) ||
	vgh_die "$VGH_TOP is not a git checkout; fresh-check tests a commit"
gitdir=$(cd "$VGH_TOP" && cd "$(git rev-parse --git-common-dir)" && pwd -P)
say "fresh-check of commit $(git -C "$VGH_TOP" log -1 --format='%h %s')"
if [ -n "$(git -C "$VGH_TOP" status --porcelain --untracked-files=no)" ]; then
	say "note: the working tree has uncommitted changes; they are not tested"
fi
say "chroot: $root (Debian $suite $arch, minbase); mirrors: $mirror $security"
say "log: $log"

host_packages() {
	local p missing=()
	for p in debootstrap debian-archive-keyring; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "debootstrap and debian-archive-keyring already installed"
		return 0
	fi
	echo "installing ${missing[*]}"
	apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}"
}

make_chroot() {
	[ -d "$root" ] && echo "removing the previous chroot" && remove_chroot
	debootstrap --variant=minbase --arch="$arch" "$suite" "$root" "$mirror" || {
		tail -n 20 "$root/debootstrap/debootstrap.log" 2>/dev/null
		return 1
	}
}

# mount_chroot: what a running machine has: /proc, /sys, /dev, /dev/pts.
# The /dev binds are slaves, so that nothing mounted inside reaches the
# host.
mount_chroot() {
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount --bind /dev "$root/dev"
	mount --make-rslave "$root/dev"
	mount --bind /dev/pts "$root/dev/pts"
	mount --make-rslave "$root/dev/pts"
}

mount_step() {
	mount_chroot || { say "mounting /proc, /sys and /dev in the chroot failed"; return 1; }
}

# in_chroot CMD: run CMD in the chroot as root's login shell would, with
# none of the host's environment.
in_chroot() {
	chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -lc "$1"
}

setup_chroot() {
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
	# What the Debian 12 installer writes, with the host's mirrors.
	cat >"$root/etc/apt/sources.list" <<-EOF
	deb $mirror $suite main
	deb $mirror $suite-updates main
	deb $security $suite-security main
	EOF
	# No package may start a service on the host (standard for chroots).
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	in_chroot 'apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends make git'
	touch "$root/.vgh-fresh-ready"
}

clone_repo() {
	local head
	mkdir -p "$root$origin"
	mount --bind "$gitdir" "$root$origin"
	mount -o remount,bind,ro "$root$origin"
	rm -rf "$root$clone"
	# safe.directory: the host's repository may belong to another user.
	in_chroot "git -c safe.directory='*' clone --no-hardlinks $origin $clone" || {
		umount "$root$origin"
		return 1
	}
	umount "$root$origin"
	head=$(in_chroot "git -C $clone rev-parse HEAD")
	# A linked worktree's HEAD is not its repository's HEAD.
	if [ "$head" != "$commit" ]; then
		in_chroot "git -C $clone checkout -q $commit" || return 1
	fi
	in_chroot "git -C $clone log -1 --format='cloned %H %s'"
}

t_start=$(date +%s)
ok=1
if [ "$reuse" = 1 ] && [ -f "$root/.vgh-fresh-ready" ]; then
	say "reusing the chroot of the previous run (--reuse): not a fresh machine"
	release
	mount_step
	step "clone" clone_repo || ok=0
else
	[ "$reuse" = 1 ] && say "no chroot to reuse; building one"
	reuse=0
	if step "host packages" host_packages &&
		step "debootstrap" make_chroot &&
		mount_step &&
		step "chroot packages" setup_chroot; then
		step "clone" clone_repo || ok=0
	else
		ok=0
	fi
fi
if [ "$ok" = 1 ]; then
	# Both commands run whatever the first one gave, as a user would.
	step "make run" in_chroot "cd $clone && make run" || ok=0
	step "make check" in_chroot "cd $clone && make check" || ok=0
	if [ -d "$root$clone/out" ]; then
		cp -a "$root$clone/out" "$out/clone-out"
	fi
fi
release || ok=0

total=$(($(date +%s) - t_start))
check_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/make-check.log" 2>/dev/null | tail -n 1) || true
{
	echo "fresh-check summary (commit ${commit:0:12}; log: $log):"
	for i in "${!names[@]}"; do
		r=ok
		[ "${results[i]}" -eq 0 ] || r="FAILED (exit ${results[i]})"
		[ "${names[i]}" != "make check" ] || [ -z "$check_line" ] || r="$r: $check_line"
		printf '  %-28s %9s  %s\n' "${names[i]}" "$(fmt_time "${times[i]}")" "$r"
	done
	[ "$ok" = 1 ] || [[ " ${names[*]} " == *" make run "* ]] ||
		echo "  make run, make check: not run (an earlier step failed)"
	[ "$reuse" = 0 ] || echo "  (reused chroot: not a fresh machine)"
	[ ! -d "$out/clone-out" ] || echo "  outputs of the clone: $out/clone-out"
	echo "  chroot kept: $root"
	if [ "$ok" = 1 ]; then
		echo "fresh-check: PASS in $(fmt_time "$total")"
	else
		echo "fresh-check: FAIL in $(fmt_time "$total")"
	fi
} | tee -a "$log"
[ "$ok" = 1 ]
