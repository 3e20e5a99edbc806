#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kconfig-check.sh FRAGMENT DOTCONFIG: fail when an option that the
# fragment sets did not end up in the resulting .config as asked.
set -euo pipefail
frag=$1
config=$2
bad=0
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
		echo "error: kernel config wants '$line' but has: $(grep "^${line%%=*}=" "$config" || echo 'not set')" >&2
		bad=1
	fi
done <"$frag"
exit $bad
