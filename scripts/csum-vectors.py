#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make the checksum vectors of kunit/header_test.c, independently of the
module: segments are built here, written to a pcap as IPv4 protocol 253, and
tshark (-d ip.proto==253,tcp) must call each checksum good. Prints C arrays."""
import ipaddress
import struct
import subprocess
import sys
import tempfile


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def segment(src, dst, sport, dport, seq, ack, flags, win, opts=b"", data=b""):
    doff = (20 + len(opts)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4, flags,
                      win, 0, 0) + opts
    seg = hdr + data
    pseudo = (ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
              + struct.pack("!BBH", 0, 6, len(seg)))     # 6: IPPROTO_TCP
    c = csum(pseudo + seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def ipv4(src, dst, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, 253,
                    0, ipaddress.ip_address(src).packed,
                    ipaddress.ip_address(dst).packed)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


VECTORS = [
    ("syn_opts", "10.0.0.1", "10.0.0.2",
     dict(sport=40000, dport=8080, seq=0x12345678, ack=0, flags=0x02, win=64240,
          opts=bytes([2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0, 0,
                      1, 3, 3, 7]))),
    ("data_odd", "192.168.1.10", "172.16.0.5",
     dict(sport=5001, dport=443, seq=0xfffffff0, ack=0x00000010, flags=0x18,
          win=512, data=b"hello, xtcp!!")),
    ("fin_ack", "127.0.0.1", "127.0.0.1",
     dict(sport=1, dport=65535, seq=1, ack=0xdeadbeef, flags=0x11, win=0)),
]


def main():
    segs = [(name, src, dst, segment(src, dst, **kw)) for name, src, dst, kw in VECTORS]
    with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for _, src, dst, seg in segs:
            pkt = ipv4(src, dst, seg)
            f.write(struct.pack("<IIII", 0, 0, len(pkt), len(pkt)) + pkt)
        f.flush()
        out = subprocess.run(
            ["tshark", "-r", f.name, "-d", "ip.proto==253,tcp", "-o",
             "tcp.check_checksum:TRUE", "-T", "fields", "-e", "tcp.checksum.status"],
            check=True, capture_output=True, text=True).stdout.split()
    if out != ["1"] * len(segs):  # tshark: 0 bad, 1 good, 2 unchecked
        sys.exit("tshark does not call every checksum good: %s" % out)
    for name, src, dst, seg in segs:
        print("/* %s: %s -> %s, %d bytes, checked by tshark */" % (name, src, dst, len(seg)))
        print("static const u8 xtcp_vec_%s[] = {" % name)
        for i in range(0, len(seg), 12):
            print("\t" + " ".join("0x%02x," % b for b in seg[i:i + 12]))
        print("};")
        if (name, src, dst, seg) != segs[-1]:
            print()


if __name__ == "__main__":
    main()
