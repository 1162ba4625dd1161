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


#ifndef IOAM6_DPDK_H
#define IOAM6_DPDK_H 1

/* IOAM6 on DPDK mbufs.
 *
 * A DPDK mbuf has a fixed headroom (RTE_PKTMBUF_HEADROOM, 128 bytes in
 * Debian's DPDK) and OVS cannot reallocate it.  A push that fits neither in
 * the headroom nor, after moving the data, in the tailroom continues in a
 * copy made here: an mbuf from a mempool of large mbufs kept for such
 * copies, one per NUMA node, created at the first copy.  The copy is an
 * mbuf like the others of its batch, so netdev-dpdk sends it as it is. */

#include <stddef.h>

struct dp_packet;

#ifdef DPDK_NETDEV
struct dp_packet *ioam6_dpdk_clone(const struct dp_packet *,
                                   size_t headroom);
#else
static inline struct dp_packet *
ioam6_dpdk_clone(const struct dp_packet *packet OVS_UNUSED,
                 size_t headroom OVS_UNUSED)
{
    return NULL;
}
#endif

#endif /* ioam6-dpdk.h */
