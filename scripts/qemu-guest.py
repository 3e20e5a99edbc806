#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the aarch64 test guest under QEMU (TCG) and capture its console.

The guest's console goes to LOG (and to stdout with --echo). A guest that
has not printed VGH-DONE within --timeout seconds is killed; the exit
status is then non-zero.

The guest asks the host for actions with console lines:
  VGH-HOST screendump    save the display as --png (HMP screendump)
  VGH-HOST screendump NAME
                         save it as NAME.png in --png-dir
  VGH-HOST resize W H    ask for a W x H display as a VNC client would
                         (RFB SetDesktopSize); QEMU forwards it to the
                         GPU, which raises a display config-change event

A GPU with max_outputs=N (N > 1) gets a VNC server on each head beyond
the first, and each of them asks for an xres x yres display as the guest
boots: QEMU itself enables only head 0, and a host with N displays
attached shows the guest N connected outputs.

With --dt-heap BASE,SIZE the guest boots with QEMU's own device tree plus
a no-map reserved-memory node at BASE+SIZE that the GPU's virtio-mmio
node names with memory-region (Documentation/devicetree/bindings/gpu/
virtio-gpu-heap.yaml): the tree is dumped with -machine dumpdtb, edited
as source with dtc and given back with -dtb.

With --rootfs IMAGE the guest gets IMAGE as a read-only virtio block
device (the real-userspace guests' Debian packages, scripts/guest-rootfs.sh).

With --gl the GPU renders with virglrenderer on the host: QEMU shows its
display in an SDL window with OpenGL, on an X server of its own (Xvfb,
started here, rendering with Mesa's llvmpipe), as QEMU needs a GL context
for virtio-gpu-gl. VNC cannot show GL scanouts, so --gl has no VNC server.
"""
import argparse
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def monitor_command(sock_path, command):
    """Run one HMP command; return once the monitor prompts again."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(15)
    s.connect(sock_path)
    seen = b""
    while b"(qemu)" not in seen:
        seen += s.recv(4096)
    s.sendall(command.encode() + b"\n")
    seen = b""
    while b"(qemu)" not in seen:
        data = s.recv(4096)
        if not data:
            break
        seen += data
    s.close()
    return seen.decode(errors="replace")


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError("VNC server closed the connection")
        data += chunk
    return data


def vnc_resize(sock_path, width, height):
    """Send one RFB SetDesktopSize request to QEMU's VNC server."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(15)
    s.connect(sock_path)
    recv_exact(s, 12)                       # ProtocolVersion
    s.sendall(b"RFB 003.008\n")
    ntypes = recv_exact(s, 1)[0]
    if 1 not in recv_exact(s, ntypes):
        raise ConnectionError("VNC server wants authentication")
    s.sendall(b"\x01")                      # security: None
    if struct.unpack(">I", recv_exact(s, 4))[0] != 0:
        raise ConnectionError("VNC security handshake failed")
    s.sendall(b"\x01")                      # ClientInit: shared
    init = recv_exact(s, 24)                # ServerInit
    recv_exact(s, struct.unpack(">I", init[20:24])[0])
    # SetEncodings: raw and ExtendedDesktopSize (-308)
    s.sendall(struct.pack(">BxHii", 2, 2, 0, -308))
    # SetDesktopSize with one screen covering the whole desktop
    s.sendall(struct.pack(">BxHHBx", 251, width, height, 1) +
              struct.pack(">IHHHHI", 0, 0, 0, width, height, 0))
    time.sleep(1)
    s.close()


class Host:
    """The host side of VGH-HOST requests, through QEMU's sockets."""

    def __init__(self, tmp, png, png_dir, gl):
        self.tmp = tmp
        self.monitor = os.path.join(tmp, "monitor.sock")
        self.vnc = os.path.join(tmp, "vnc.sock")
        self.png = png
        self.png_dir = png_dir
        self.gl = gl
        self.handled = set()

    def screendump(self, path):
        """Save the display as a PNG at path; report a failure."""
        if self.gl:
            try:
                x_window_png(path)
            except (OSError, RuntimeError, ValueError) as e:
                print(f"warning: screenshot {path}: {e}", file=sys.stderr)
            return
        said = monitor_command(self.monitor, f"screendump {path} -f png")
        if not os.path.exists(path):
            print(f"warning: screendump {path}: {said.splitlines()[-2:]}",
                  file=sys.stderr)

    def head_vnc(self, head):
        """The VNC socket of a GPU head beyond the first."""
        return os.path.join(self.tmp, f"vnc-head{head}.sock")

    def act(self, buf):
        """Carry out the requests in buf that were not handled yet.

        Only complete lines count; each distinct request line is carried
        out once.
        """
        for line in buf.decode(errors="replace").split("\n")[:-1]:
            words = line.strip("\r").split()
            if words[:1] != ["VGH-HOST"] or line in self.handled:
                continue
            self.handled.add(line)
            if words[1:] == ["screendump"] and self.png:
                self.screendump(os.path.abspath(self.png))
            elif (len(words) == 3 and words[1] == "screendump" and self.png_dir
                  and re.fullmatch(r"[A-Za-z0-9_.-]+", words[2])):
                path = os.path.join(os.path.abspath(self.png_dir), words[2] + ".png")
                self.screendump(path)
            elif len(words) == 4 and words[1] == "resize":
                vnc_resize(self.vnc, int(words[2]), int(words[3]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--append", default="")
    ap.add_argument("--gpu", default="virtio-gpu-device",
                    help='QEMU GPU device, or "none"')
    ap.add_argument("--mem", type=int, default=1024, help="guest RAM in MiB")
    ap.add_argument("--smp", type=int, default=2, help="guest CPUs")
    ap.add_argument("--log", required=True)
    ap.add_argument("--png")
    ap.add_argument("--png-dir", help="where named screendumps go")
    ap.add_argument("--rootfs", help="a read-only virtio block device")
    ap.add_argument("--gl", action="store_true",
                    help="SDL display with OpenGL on a private Xvfb (virgl)")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--echo", action="store_true")
    ap.add_argument("--legacy", action="store_true",
                    help="leave virtio-mmio in legacy mode (virtio 0.9)")
    ap.add_argument("--dt-heap", metavar="BASE,SIZE",
                    help="a reserved-memory heap for the GPU in the device tree")
    a = ap.parse_args()
    # stopped from outside (make check ending early): clean up as on an
    # error, Xvfb and QEMU included
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if a.png_dir:
        os.makedirs(a.png_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vgh-qemu-") as tmp:
        xvfb = start_xvfb(tmp) if a.gl else None
        try:
            return run(a, Host(tmp, a.png, a.png_dir, a.gl))
        finally:
            if xvfb:
                xvfb.terminate()
                xvfb.wait()


def x_window_png(path):
    """Save QEMU's SDL window on the X server as a PNG at path.

    QEMU's own screendump has no image of a GL scanout ("no surface"), so
    with --gl the screenshot is what the host's display shows: the window
    read back from the X server with xwd, whose ZPixmap image (32 bits
    per pixel, the masks in its header) is converted here.
    """
    tree = subprocess.run(["xwininfo", "-root", "-tree"], check=True,
                          capture_output=True, text=True).stdout
    m = re.search(r'^\s*(0x[0-9a-f]+) "QEMU[^"]*":', tree, re.M)
    if not m:
        raise RuntimeError("no QEMU window on the X server")
    xwd = subprocess.run(["xwd", "-silent", "-id", m.group(1)], check=True,
                         capture_output=True).stdout
    head = struct.unpack(">25I", xwd[:100])
    (hsize, _, fmt, _, width, height, _, order, _, _, _, bpp, stride, _,
     rmask, gmask, bmask, _, _, ncolors) = head[:20]
    if fmt != 2 or bpp != 32:
        raise ValueError(f"xwd image format {fmt} with {bpp} bits per pixel")
    data = xwd[hsize + 12 * ncolors:]
    rows = []
    for y in range(height):
        line = data[y * stride:y * stride + width * 4]
        px = struct.unpack(("<" if order == 0 else ">") + f"{width}I", line)
        out = bytearray()
        for v in px:
            for mask in (rmask, gmask, bmask):
                out.append((v & mask) >> ((mask & -mask).bit_length() - 1))
        rows.append(bytes(out))
    ppm = __import__("console-ppm")
    ppm.write_png(path, width, height, b"".join(rows))


def start_xvfb(tmp):
    """An X server for QEMU's SDL window; sets DISPLAY; returns it."""
    r, w = os.pipe()
    # -displayfd: the server picks a free display and writes its number
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0",
                             "1920x1200x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(tmp, "xvfb.log"), "wb"))
    os.close(w)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            raise RuntimeError("Xvfb did not start")
        number += chunk
    os.close(r)
    os.environ["DISPLAY"] = ":" + number.decode().strip()
    return xvfb


def dt_with_heap(cmd, tmp, base, size):
    """QEMU's device tree for cmd with the GPU heap added; its path.

    QEMU plugs the first -device into the virtio-mmio transport with the
    highest address (hw/arm/virt.c), so that node is the GPU's.
    """
    dumped = os.path.join(tmp, "virt.dtb")
    subprocess.run(cmd + ["-machine", f"dumpdtb={dumped}"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dumped],
                         check=True, capture_output=True, text=True).stdout
    nodes = re.findall(r"\bvirtio_mmio@([0-9a-f]+) \{", dts)
    gpu = max(nodes, key=lambda n: int(n, 16))
    dts += f"""
/ {{
\treserved-memory {{
\t\t#address-cells = <2>;
\t\t#size-cells = <2>;
\t\tranges;
\t\tgpu_heap: gpu-heap@{base:x} {{
\t\t\treg = <{base >> 32:#x} {base & 0xffffffff:#x} {size >> 32:#x} {size & 0xffffffff:#x}>;
\t\t\tno-map;
\t\t}};
\t}};
\tvirtio_mmio@{gpu} {{
\t\tmemory-region = <&gpu_heap>;
\t}};
}};
"""
    out = os.path.join(tmp, "virt-heap.dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"],
                   input=dts, check=True, text=True)
    return out


def extra_heads(gpu):
    """The GPU device with an id, and its heads beyond the first."""
    m = re.search(r"\bmax_outputs=(\d+)", gpu)
    if gpu == "none" or not m or int(m.group(1)) < 2:
        return gpu, None, []
    dev = re.search(r"\bid=([^,]+)", gpu)
    if not dev:
        gpu += ",id=vgh-gpu"
        dev = re.search(r"\bid=([^,]+)", gpu)
    return gpu, dev.group(1), list(range(1, int(m.group(1))))


def enable_heads(host, gpu, heads):
    """Ask for a display on each extra head, once QEMU listens on it."""
    xres = re.search(r"\bxres=(\d+)", gpu)
    yres = re.search(r"\byres=(\d+)", gpu)
    size = (int(xres.group(1)) if xres else 1280, int(yres.group(1)) if yres else 800)
    for h in heads:
        sock = host.head_vnc(h)
        for _ in range(100):
            if os.path.exists(sock):
                break
            time.sleep(0.1)
        try:
            vnc_resize(sock, *size)
        except OSError as e:
            print(f"warning: head {h} stays off: {e}", file=sys.stderr)


def run(a, host):
    gpu, dev, heads = extra_heads(a.gpu)
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57",
           "-smp", str(a.smp), "-m", str(a.mem), "-accel", "tcg",
           "-display", "sdl,gl=on" if a.gl else "none", "-no-reboot", "-nodefaults",
           "-serial", "stdio", "-monitor", f"unix:{host.monitor},server,nowait",
           *([] if a.gl else ["-vnc", f"unix:{host.vnc}"]),
           "-global", f"virtio-mmio.force-legacy={'true' if a.legacy else 'false'}",
           *(["-device", gpu] if gpu != "none" else []),
           *[o for h in heads for o in
             ("-vnc", f"unix:{host.head_vnc(h)},id=vnc-head{h},display={dev},head={h}")],
           "-kernel", a.kernel, "-initrd", a.initrd,
           "-append", "console=ttyAMA0 panic=-1 oops=panic " + a.append]
    if a.rootfs:
        cmd += ["-drive", f"file={a.rootfs},if=none,format=raw,readonly=on,id=rootfs",
                "-device", "virtio-blk-device,drive=rootfs"]
    if a.dt_heap:
        base, size = (int(v, 0) for v in a.dt_heap.split(","))
        cmd += ["-dtb", dt_with_heap(cmd, host.tmp, base, size)]
    start = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    enable_heads(host, gpu, heads)
    try:
        done = read_console(a, host, cmd, p, start)
    except BaseException:
        # also when this script is stopped (SIGTERM, see main): the guest
        # ends with it
        p.kill()
        p.wait()
        raise
    if p.poll() is None:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    elapsed = time.time() - start
    if not done:
        if elapsed >= a.timeout:
            why = f"was killed after {a.timeout} s"
        elif p.returncode < 0:
            why = (f"stopped after {elapsed:.0f} s: QEMU died of signal "
                   f"{-p.returncode}")
        else:
            why = (f"stopped after {elapsed:.0f} s: QEMU exited with "
                   f"status {p.returncode}")
        print(f"error: guest never reached the end of its tests: it {why}; "
              f"console log: {a.log}", file=sys.stderr)
        with open(a.log, "rb") as f:
            tail = f.read().decode(errors="replace").splitlines()[-60:]
        print("\n".join(tail), file=sys.stderr)
        return 1
    print(f"guest finished in {elapsed:.0f} s", file=sys.stderr)
    return 0


def read_console(a, host, cmd, p, start):
    """Log the console of QEMU (p, started with cmd) until VGH-DONE, the
    timeout or QEMU's end; act on the VGH-HOST requests it prints.
    True if VGH-DONE was seen."""
    done = False
    buf = b""
    with open(a.log, "wb") as log:
        log.write(("# " + " ".join(cmd) + "\n").encode())
        while True:
            left = a.timeout - (time.time() - start)
            if left <= 0:
                break
            r, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
            if not r:
                if p.poll() is not None:
                    break
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            log.write(chunk)
            log.flush()
            if a.echo:
                sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
            buf = (buf + chunk)[-4096:]
            if b"VGH-HOST " in buf:
                host.act(buf)
            if b"VGH-DONE" in buf:
                done = True
    return done


if __name__ == "__main__":
    sys.exit(main())
