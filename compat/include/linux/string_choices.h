/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For kernels that keep str_on_off() and its kind in string_helpers.h:
 * found only when the kernel has no <linux/string_choices.h> of its own,
 * as compat/include is searched after the kernel's headers.
 */
#ifndef VGH_COMPAT_STRING_CHOICES_H
#define VGH_COMPAT_STRING_CHOICES_H

#include <linux/string_helpers.h>

#endif
