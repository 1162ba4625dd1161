#! /usr/bin/env python3
# Copyright (c) 2026 The ovs-ioam6 authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""A UDP sink for the IPFIX tests: it stores what a collector receives.

Usage: ioam6-ipfix-sink.py PORT-FILE IPFIX-FILE PCAP-FILE

Binds a UDP socket on 127.0.0.1 with a free port, which it writes to
PORT-FILE, then appends each datagram it receives to IPFIX-FILE (IPFIX
messages carry their own length, so the file is an IPFIX file that
ipfixDump reads) and to PCAP-FILE, as an IPv4/UDP packet to port 4739
(tshark reads it).  Runs until killed.  Decoding is left to the Debian
tools: this script never looks inside a datagram.
"""

import os
import socket
import struct
import sys
import time


def pcap_record(payload, sport, dport):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp) + len(payload),
                     0, 0x4000, 64, 17, 0, socket.inet_aton("127.0.0.1"),
                     socket.inet_aton("127.0.0.1"))
    csum = 0
    for i in range(0, len(ip), 2):
        csum += (ip[i] << 8) | ip[i + 1]
    while csum > 0xffff:
        csum = (csum & 0xffff) + (csum >> 16)
    ip = ip[:10] + struct.pack("!H", ~csum & 0xffff) + ip[12:]
    frame = b"\x00" * 12 + b"\x08\x00" + ip + udp + payload
    now = time.time()
    return struct.pack("<IIII", int(now), int(now % 1 * 1e6), len(frame),
                       len(frame)) + frame


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    port_file, ipfix_file, pcap_file = sys.argv[1:]

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]

    with open(ipfix_file, "wb") as ipfix, open(pcap_file, "wb") as pcap:
        pcap.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        pcap.flush()
        with open(port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.rename(port_file + ".tmp", port_file)
        while True:
            data, addr = sock.recvfrom(65535)
            ipfix.write(data)
            ipfix.flush()
            pcap.write(pcap_record(data, addr[1], 4739))
            pcap.flush()


if __name__ == "__main__":
    main()
