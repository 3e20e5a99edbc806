# SPDX-License-Identifier: GPL-2.0
# After the other scripts of a guest: no leak, lockdep still on, no splat.
# A script that runs first clears kmemleak so only later leaks count. The
# tests are the shared ones of lib.sh.
. /tests/ktap.sh

ktap_run vgs_leaks no_leaks lockdep_still_on no_kernel_splats
