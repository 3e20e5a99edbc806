#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""uapi-abi-check.py OURS_INCLUDE KERNEL_INCLUDE: prove that the driver's
declaration of the virtio-gpu uAPI (OURS_INCLUDE/drm/virtgpu_drm.h) is
the ABI of the kernel's header (KERNEL_INCLUDE/drm/virtgpu_drm.h, from
headers_install): every structure of ours, its size and every member's
offset and size, and every number it defines, printed by one program
built once against each header; the two outputs must be identical, and a
name the kernel's header lacks fails the build of its program."""
import os
import re
import subprocess
import sys
import tempfile


def parse(path):
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    structs = []
    for m in re.finditer(r"struct\s+(\w+)\s*\{(.*?)\};", text, flags=re.S):
        members = []
        for decl in m.group(2).split(";"):
            decl = " ".join(decl.split())
            if not decl or decl.startswith("#"):
                continue
            decl = re.sub(r"^#define .*$", "", decl).strip()
            # "type a, b": every declarator is a member
            first, *more = [part.strip() for part in decl.split(",")]
            members.append(re.findall(r"(\w+)\s*$", first)[0])
            members += more
        structs.append((m.group(1), members))
    macros = re.findall(r"^#define\s+((?:DRM_IOCTL_VIRTGPU|DRM_VIRTGPU|VIRTGPU)_\w+)[ \t]+\S",
                        text, flags=re.M)
    return structs, macros


def program(structs, macros):
    out = ["#include <stdio.h>", "#include <stddef.h>",
           "#include <drm/virtgpu_drm.h>", "int main(void)", "{"]
    for name, members in structs:
        out.append(f'\tprintf("struct {name} %zu\\n", sizeof(struct {name}));')
        for mem in members:
            out.append(f'\tprintf("  {name}.{mem} @%zu +%zu\\n", '
                       f"offsetof(struct {name}, {mem}), "
                       f"sizeof(((struct {name} *)0)->{mem}));")
    for mac in macros:
        out.append(f'\tprintf("{mac} %#llx\\n", (unsigned long long)({mac}));')
    out += ["\treturn 0;", "}"]
    return "\n".join(out) + "\n"


def run(src, includes, tmp, tag):
    exe = os.path.join(tmp, tag)
    cmd = ["gcc", "-Wall", "-Werror", "-o", exe, src] + [f"-I{i}" for i in includes]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"uapi-abi-check: building against the {tag} header failed:\n{r.stderr}")
    return subprocess.run([exe], capture_output=True, text=True, check=True).stdout


def main():
    ours, kernel = sys.argv[1], sys.argv[2]
    structs, macros = parse(os.path.join(ours, "drm", "virtgpu_drm.h"))
    if len(structs) < 10 or len(macros) < 30:
        sys.exit(f"uapi-abi-check: parsed only {len(structs)} structures "
                 f"and {len(macros)} numbers")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "abi.c")
        open(src, "w").write(program(structs, macros))
        a = run(src, [ours, kernel], tmp, "ours")
        b = run(src, [kernel], tmp, "kernel")
    if a != b:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(
            b.splitlines(True), a.splitlines(True), "kernel", "ours"))
        sys.exit("uapi-abi-check: our virtgpu_drm.h differs from the kernel's")
    print(f"uapi-abi-check: {len(structs)} structures, "
          f"{sum(len(m) for _, m in structs)} members and {len(macros)} numbers "
          "identical to the kernel's header")


main()
