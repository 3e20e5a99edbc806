#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kconfig-check.sh FRAGMENT DOTCONFIG [KSRC]: fail when an option that the
# fragment sets did not end up in the resulting .config as asked. With the
# kernel's source tree KSRC, an option that no Kconfig file of that tree
# declares (one a later or earlier series added or removed) is only noted.
set -euo pipefail
frag=$1
config=$2
ksrc=${3:-}
bad=0
declared() {
	[ -z "$ksrc" ] && return 0
	find "$ksrc" -name 'Kconfig*' -print0 |
		xargs -0 grep -qE "^[[:space:]]*(menu)?config[[:space:]]+$1\$"
}
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) want="# ${line%=n} is not set" ;;
	CONFIG_*) want=$line ;;
	*) continue ;;
	esac
	if ! grep -qxF "$want" "$config"; then
		if [ "${line#*=}" = n ] && ! grep -q "^${line%=n}=" "$config"; then
			continue
		fi
		name=${line%%=*}
		if ! declared "${name#CONFIG_}"; then
			echo "note: $name does not exist in this kernel; not checked" >&2
			continue
		fi
		echo "error: kernel config wants '$line' but has: $(grep "^$name=" "$config" || echo 'not set')" >&2
		bad=1
	fi
done <"$frag"
exit $bad
