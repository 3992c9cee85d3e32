#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make check: tools/wireshark/xtcp.lua makes tshark dissect IP protocol 253
as TCP, labelled XTCP, with no -d. The capture is made here, independently
of the module: S1+S2 of RFC 9293 (3.5 and 3.6) between 10.0.0.1:40000 and
10.0.0.2:8080, checksums as TCP's with 6 in the pseudo-header (RFC 9293
3.1), then one more segment with a bad checksum. Without the plugin tshark
must not see TCP in it (so the plugin is what does it); with it, every
segment must be XTCP over TCP with its flags, relative seq/ack and
checksum status. Prints one ok/not ok line per check; exits 1 on a
failure."""
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module

vec = import_module("csum-vectors")
A, B, AP, BP = "10.0.0.1", "10.0.0.2", 40000, 8080
X, Y = 0x11223344, 0xfffffff0       # ISNs; B's wraps 2^32

# (from A?, flags, seq, ack, flags as tshark prints them, relative seq, ack)
S1S2 = [
    (True, 0x02, X, 0, "0x0002", 0, 0),                 # SYN
    (False, 0x12, Y, X + 1, "0x0012", 0, 1),            # SYN+ACK
    (True, 0x10, X + 1, Y + 1, "0x0010", 1, 1),         # ACK
    (True, 0x11, X + 1, Y + 1, "0x0011", 1, 1),         # FIN
    (False, 0x10, Y + 1, X + 2, "0x0010", 1, 2),        # ACK of it
    (False, 0x11, Y + 1, X + 2, "0x0011", 1, 2),        # FIN
    (True, 0x10, X + 2, Y + 2, "0x0010", 2, 2),         # last ACK
]

fails = 0


def check(ok, name, why=""):
    global fails
    print("ok - %s" % name if ok else "not ok - %s: %s" % (name, why))
    fails += not ok


def tshark(pcap, *args):
    return subprocess.run(["tshark", "-r", pcap, "-o", "tcp.check_checksum:TRUE",
                           "-o", "tcp.relative_sequence_numbers:TRUE"] + list(args),
                          check=True, capture_output=True, text=True).stdout


def main():
    plugin = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", "tools", "wireshark", "xtcp.lua")
    pkts = []
    for a, fl, seq, ack, *_ in S1S2:
        src, dst, sp, dp = (A, B, AP, BP) if a else (B, A, BP, AP)
        pkts.append(vec.ipv4(src, dst, vec.segment(src, dst, sp, dp, seq & 0xffffffff,
                                                   ack & 0xffffffff, fl, 64240)))
    bad = bytearray(vec.ipv4(A, B, vec.segment(A, B, AP, BP, (X + 2) & 0xffffffff,
                                               (Y + 2) & 0xffffffff, 0x10, 64240)))
    bad[20 + 16] ^= 0xff                # the TCP checksum's first byte
    pkts.append(bytes(bad))
    with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i, p in enumerate(pkts):
            f.write(struct.pack("<IIII", 1000 + i, 0, len(p), len(p)) + p)
        f.flush()
        plain = tshark(f.name, "-T", "fields", "-e", "frame.protocols").split()
        check(len(plain) == len(pkts) and not any("tcp" in p for p in plain),
              "wireshark: without the plugin tshark sees no TCP", plain)
        rows = [l.split("\t") for l in tshark(
            f.name, "-X", "lua_script:" + plugin, "-T", "fields",
            "-e", "frame.protocols", "-e", "_ws.col.Protocol", "-e", "tcp.flags",
            "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.checksum.status",
            "-e", "_ws.malformed").splitlines()]
        check(len(rows) == len(pkts), "wireshark: %d frames" % len(pkts), len(rows))
        for i, r in enumerate(rows[:len(S1S2)]):
            _, _, _, _, flags, rseq, rack = S1S2[i]
            want = ["raw:ip:xtcp:tcp", "XTCP", flags, str(rseq), str(rack), "1", ""]
            check(r == want, "wireshark: S1+S2 segment %d dissected as XTCP over "
                  "TCP, checksum good" % (i + 1), "got %s, want %s" % (r, want))
        if len(rows) == len(pkts):
            r = rows[-1]
            check(r[0] == "raw:ip:xtcp:tcp" and r[1] == "XTCP" and r[5] == "0",
                  "wireshark: a bad checksum is called bad", r)
        n = len(tshark(f.name, "-X", "lua_script:" + plugin, "-Y", "xtcp").splitlines())
        check(n == len(pkts), "wireshark: the display filter xtcp selects every frame", n)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
