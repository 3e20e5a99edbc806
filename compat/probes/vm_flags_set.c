// SPDX-License-Identifier: GPL-2.0
/* vm_flags_set(): VMA flags changed through an accessor */
#include <linux/mm.h>

static __maybe_unused void vgh_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_IO);
}
