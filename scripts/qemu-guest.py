#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the aarch64 test guest under QEMU (TCG) and capture its console.

The guest's console goes to LOG (and to stdout with --echo). When the
guest prints VGH-SCREENDUMP, the display is saved as a PNG through the
HMP monitor. A guest that has not printed VGH-DONE within --timeout
seconds is killed; the exit status is then non-zero.
"""
import argparse
import os
import select
import socket
import subprocess
import sys
import tempfile
import time


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--append", default="")
    ap.add_argument("--gpu", default="virtio-gpu-device")
    ap.add_argument("--log", required=True)
    ap.add_argument("--png")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--echo", action="store_true")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="vgh-qemu-")
    mon = os.path.join(tmp, "monitor.sock")
    cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57",
           "-smp", "2", "-m", "1024", "-accel", "tcg",
           "-display", "none", "-no-reboot", "-nodefaults",
           "-serial", "stdio", "-monitor", f"unix:{mon},server,nowait",
           "-global", "virtio-mmio.force-legacy=false",
           "-device", a.gpu,
           "-kernel", a.kernel, "-initrd", a.initrd,
           "-append", "console=ttyAMA0 panic=-1 oops=panic " + a.append]
    start = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    done = dumped = False
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
            if a.png and not dumped and b"VGH-SCREENDUMP" in buf:
                monitor_command(mon, f"screendump {os.path.abspath(a.png)} -f png")
                dumped = True
            if b"VGH-DONE" in buf:
                done = True
    if p.poll() is None:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    elapsed = time.time() - start
    if not done:
        why = (f"was killed after {a.timeout} s" if elapsed >= a.timeout
               else f"stopped after {elapsed:.0f} s")
        print(f"error: guest never reached the end of its tests: it {why}; "
              f"console log: {a.log}", file=sys.stderr)
        with open(a.log, "rb") as f:
            tail = f.read().decode(errors="replace").splitlines()[-60:]
        print("\n".join(tail), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
