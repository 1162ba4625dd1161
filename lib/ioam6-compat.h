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

#ifndef IOAM6_COMPAT_H
#define IOAM6_COMPAT_H 1

/* The Open vSwitch interfaces that differ between the supported lines (3.1,
 * 3.5 and 4.0), each behind one function, so that the rest of ovs-ioam6 is
 * the same on every line.
 *
 * IOAM6_OVS_LINE is the line being built, as major * 100 + minor (301, 305,
 * 400).  lib/ioam6-ovs-line.h, which defines it, is generated from the
 * configured version (see ioam6.am). */

#include <stdbool.h>
#include "dp-packet.h"
#include "flow.h"
#include "ioam6-ovs-line.h"
#include "netdev-native-tnl.h"
#include "odp-execute.h"

/* 3.6 reworked the offload flags of struct dp_packet: the segment size
 * marks a TSO packet, and an L4 checksum left to the device is "partial". */
#define IOAM6_OVS_NEW_OFFLOADS (IOAM6_OVS_LINE >= 306)

/* Is 'p' a TCP segmentation offload packet? */
static inline bool
ioam6_packet_is_tso(const struct dp_packet *p)
{
#if IOAM6_OVS_NEW_OFFLOADS
    return dp_packet_get_tso_segsz(p) != 0;
#else
    return dp_packet_hwol_is_tso(p);
#endif
}

/* Marks 'p' as a TSO packet with segments of 'segsz' bytes (tests). */
static inline void
ioam6_packet_set_tso(struct dp_packet *p, uint16_t segsz)
{
#if IOAM6_OVS_NEW_OFFLOADS
    dp_packet_set_tso_segsz(p, segsz);
#elif IOAM6_OVS_LINE >= 305
    dp_packet_set_tso_segsz(p, segsz);
    dp_packet_hwol_set_tcp_seg(p);
#else
    (void) segsz;
    dp_packet_hwol_set_tcp_seg(p);
#endif
}

/* Is the L4 checksum of 'p' left to the device? */
static inline bool
ioam6_packet_l4_csum_offloaded(const struct dp_packet *p)
{
#if IOAM6_OVS_NEW_OFFLOADS
    return dp_packet_l4_checksum_partial(p);
#else
    return dp_packet_hwol_tx_l4_checksum(p);
#endif
}

/* parse_ipv6_ext_hdrs() reports the routing header too since 3.2. */
static inline bool
ioam6_parse_ipv6_ext_hdrs(const void **datap, size_t *sizep,
                          uint8_t *nw_proto, uint8_t *nw_frag,
                          const struct ovs_16aligned_ip6_frag **frag_hdr)
{
#if IOAM6_OVS_LINE >= 302
    const struct ip6_rt_hdr *rt_hdr;

    return parse_ipv6_ext_hdrs(datap, sizep, nw_proto, nw_frag, frag_hdr,
                               &rt_hdr);
#else
    return parse_ipv6_ext_hdrs(datap, sizep, nw_proto, nw_frag, frag_hdr);
#endif
}

/* netdev_tnl_push_udp_header() takes the ingress netdev after 3.5. */
static inline void
ioam6_tnl_push_udp_header(const struct netdev *netdev,
                          struct dp_packet *packet,
                          const struct ovs_action_push_tnl *data)
{
#if IOAM6_OVS_LINE >= 400
    netdev_tnl_push_udp_header(netdev, NULL, packet, data);
#else
    netdev_tnl_push_udp_header(netdev, packet, data);
#endif
}

/* odp-execute selects its action implementations at startup up to 3.5. */
static inline void
ioam6_odp_execute_init(void)
{
#if IOAM6_OVS_LINE < 400
    odp_execute_init();
#endif
}

#endif /* ioam6-compat.h */
