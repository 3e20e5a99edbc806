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


def screendump(sock_path, png):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(sock_path)
    s.recv(4096)  # banner
    s.sendall(f"screendump {png} -f png\n".encode())
    time.sleep(1)
    s.close()


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
                screendump(mon, os.path.abspath(a.png))
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
        print(f"error: guest did not finish within {a.timeout} s "
              f"(ran {elapsed:.0f} s); console log: {a.log}", file=sys.stderr)
        with open(a.log, "rb") as f:
            tail = f.read().decode(errors="replace").splitlines()[-60:]
        print("\n".join(tail), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
