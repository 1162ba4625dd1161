#!/usr/bin/env python3
# ioam6-seeds.py: (re)writes the seed corpus of the IOAM6 fuzz target,
# tests/oss-fuzz/ioam6_corpus/, from the test vectors.
#
#   tests/oss-fuzz/ioam6-seeds.py
#
# Seeds follow the input layout described at the top of
# tests/oss-fuzz/ioam6_target.c:
#   pkt-*   packets of tests/ioam6.at (every other distinct "pkt=" frame:
#           valid traces, each kind of malformed option, non-IPv6), run
#           through fill, pop, push (ns 123, type 0x800000, 12 bytes), fill;
#           the -encap variants push in encap mode;
#   built-* payloads wrapped in an IPv6 header by the target;
#   text-*  action strings of tests/ioam6-ofp.at and tests/ioam6-dp.at,
#           valid and invalid, for the OpenFlow and the datapath action
#           parsers;
#   wire-*  OpenFlow action bodies for the decoder.

import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
out = os.path.join(top, "tests", "oss-fuzz", "ioam6_corpus")

# fill, pop, push, fill: 2 bits each from the low bits.
PROGRAM = 0 | 1 << 2 | 2 << 4 | 0 << 6
PUSH = bytes([0x00, 0x7b, 0x80, 0x00, 0x00, 2])     # ns 123, 0x800000, 12.


def packet_seed(frame, encap=False, headroom=0):
    mode = (headroom & 3) << 4
    return bytes([mode, PROGRAM]) + PUSH + bytes([int(encap)]) + frame


def main():
    seeds = {}

    at = open(os.path.join(top, "tests", "ioam6.at")).read()
    frames = []
    for block in re.findall(r'^pkt="([0-9a-fA-F \n]+)"', at, re.M):
        frame = bytes.fromhex("".join(block.split()))
        if frame not in frames:
            frames.append(frame)
    for i, frame in enumerate(frames):
        if i % 2 == 0:
            seeds["pkt-%02d" % i] = packet_seed(frame, headroom=i // 2 % 4)
        if i % 12 == 0:
            seeds["pkt-%02d-encap" % i] = packet_seed(frame, encap=True)

    # An IPv6 payload for the target to wrap: ICMPv6 Echo Request (framing
    # 1), then the same behind a Linux-style Hop-by-Hop header (framing 2,
    # no Ethernet header).
    icmp = bytes.fromhex("8000000000010001" "0001020304050607")
    hbh = bytes.fromhex("3a020100310e0000007b080180000000"
                        "0000000001020000")
    seeds["built-icmp6"] = (bytes([0x02, PROGRAM]) + PUSH + b"\x00"
                            + bytes([58, 0, 64]) + icmp)
    seeds["built-hbh-l3"] = (bytes([0x04, PROGRAM]) + PUSH + b"\x00"
                             + bytes([0, 0, 64]) + hbh + icmp)
    seeds["built-hbh-vlan"] = (bytes([0x06, PROGRAM]) + PUSH + b"\x01"
                               + bytes([0, 0, 64]) + hbh + icmp)

    strings = [
        # Valid (tests/ioam6-ofp.at, tests/ioam6-dp.at).
        "push_ioam6(ns=123,type=0xf00000,size=40),fill_ioam6,output:2",
        "push_ioam6(ns=0,type=0xfff002,size=244,mode=encap,"
        "tun_dst=2001:db8:2::2,tun_src=2001:db8:1::50,freq=3/1000000)",
        "push_ioam6(ns=123,type=0x800000,size=4,freq=2/5,sampler=6),"
        "fill_ioam6(node=1,node_wide=11111111,iif=65535,eif=101,"
        "iif_wide=4294967295,eif_wide=101101),pop_ioam6",
        "fill_ioam6,pop_ioam6,2",
        # Invalid (tests/ioam6-ofp.at).
        "push_ioam6(ns=1,type=0x000800,size=8)",
        "push_ioam6(ns=1,type=0x800000,size=10)",
        "push_ioam6(ns=1,type=0x800000,size=8,freq=5/4)",
        "push_ioam6(ns=1,type=0x800000,size=8,mode=encap,tun_dst=::)",
    ]
    for i, s in enumerate(strings):
        seeds["text-%02d" % i] = b"\x01" + s.encode()

    push_body = (bytes.fromhex("007b" "00800000") + bytes([40, 1, 1, 0])
                 + (1).to_bytes(4, "big") + (4).to_bytes(4, "big")
                 + bytes(4)
                 + bytes.fromhex("20010db8000100000000000000000002")
                 + bytes.fromhex("20010db8000200000000000000000002"))
    seeds["wire-push"] = b"\x03" + push_body
    seeds["wire-push-of13"] = b"\x13" + push_body
    seeds["wire-fill"] = b"\x07" + bytes(6)
    seeds["wire-pop"] = b"\x0b" + bytes(6)

    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f not in seeds:
            os.unlink(os.path.join(out, f))
    for name, data in sorted(seeds.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print("%d seeds in %s" % (len(seeds), os.path.relpath(out, top)))


if __name__ == "__main__":
    sys.exit(main())
