/*
 * Copyright (c) 2026 The ovs-ioam6 authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef IOAM6_HEADROOM_H
#define IOAM6_HEADROOM_H 1

/* Receive headroom for IOAM6 pushes.
 *
 * OVS 3.1 receives packets on kernel-backed netdevs (netdev-linux sockets
 * and taps, netdev-bsd) into buffers with DP_NETDEV_HEADROOM bytes of
 * headroom, 6 bytes: room for a VLAN tag.  push_ioam6 inserts 24 to 264
 * bytes (inline) or 64 to 304 bytes (encap) in front of the payload, so on
 * such packets every push reallocated the buffer and copied the packet.
 * DP_NETDEV_HEADROOM (lib/dpif-netdev.h) adds ioam6_rx_headroom() bytes so
 * that a push of any size fits.
 *
 * The cost is memory: netdev-linux allocates a buffer per received packet,
 * 1518 bytes plus headroom for a 1500-byte MTU, and frees it once the packet
 * is sent, so the extra bytes are held only by the packets in flight. */

#include <stdbool.h>
#include <stddef.h>

struct dp_packet;

/* Default: the largest header that push_ioam6 inserts, an outer IPv6 header
 * and the largest Hop-by-Hop header (IOAM6_ENCAP_MAX_LEN).  A multiple of 4,
 * so that the IP header of a received frame stays 4-byte aligned. */
#define IOAM6_RX_HEADROOM_DEFAULT 304
#define IOAM6_RX_HEADROOM_MAX 2048

/* Extra receive headroom, in bytes. */
size_t ioam6_rx_headroom(void);

/* Sets the extra receive headroom to 'bytes', which
 * ioam6_config_parse_rx_headroom() accepted: a multiple of 4 no greater than
 * IOAM6_RX_HEADROOM_MAX.  0 restores OVS's own 6 bytes.  Packets received
 * from then on get it.  ovs-vswitchd sets it from the database
 * (other_config:ioam6-rx-headroom). */
void ioam6_rx_headroom_set(size_t bytes);

/* Headroom in fixed-size buffers.
 *
 * A DPDK mbuf or an AF_XDP frame cannot be reallocated: its headroom, 128
 * bytes, is all there is in front of the packet.  A push_ioam6 that fits
 * uses it up, and OVS's own header pushes that may follow on the same
 * packet (a VLAN tag, an MPLS label, a tunnel header) then find too little
 * of it, where dp_packet_resize() would abort ovs-vswitchd.  Both kinds of
 * push instead move the packet's data towards the tail of its buffer, as
 * far as the tailroom allows.
 *
 * Makes 'packet', a buffer with fewer than 'n' bytes of headroom that OVS
 * cannot reallocate, have at least 'n', by moving its data 'n' minus its
 * headroom bytes, plus up to 'keep' more, towards its tail.  The extra keeps
 * the data's alignment, modulo 8, as the push of 'n' bytes would have found
 * it.
 * Returns false, leaving 'packet' alone, if headroom and tailroom together
 * are fewer than 'n' bytes. */
bool ioam6_headroom_shift(struct dp_packet *packet, size_t n, size_t keep);

/* Hook in dp_packet_prealloc_headroom(), for a packet with fewer than
 * 'size' bytes of headroom.  For a DPDK, AF_XDP or stack buffer, which
 * dp_packet_resize() cannot grow, makes the room with
 * ioam6_headroom_shift(), keeping up to 64 bytes more for the pushes after
 * it (dp_packet_resize() would give 64 bytes in all, 'size' included), and
 * returns true (counted in ioam6_headroom_shifted).  Returns
 * false otherwise: the caller then resizes the buffer, as OVS always did. */
bool ioam6_headroom_prealloc(struct dp_packet *packet, size_t size);

#endif /* ioam6-headroom.h */
