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

/* This file holds the extra receive headroom that dpif-netdev leaves in
 * front of received packets for IOAM6 pushes, and makes headroom in the
 * fixed-size buffers of DPDK and AF_XDP ports. */

#include <config.h>
#include "ioam6-headroom.h"

#include "coverage.h"
#include "dp-packet.h"
#include "ioam6-hbh.h"
#include "openvswitch/util.h"
#include "ovs-atomic.h"
#include "util.h"

COVERAGE_DEFINE(ioam6_headroom_shifted);

BUILD_ASSERT_DECL(IOAM6_RX_HEADROOM_DEFAULT == IOAM6_ENCAP_MAX_LEN);
BUILD_ASSERT_DECL(IOAM6_RX_HEADROOM_DEFAULT % 4 == 0);

/* Read by the threads that receive packets, written by the main thread. */
static atomic_size_t rx_headroom = IOAM6_RX_HEADROOM_DEFAULT;

size_t
ioam6_rx_headroom(void)
{
    size_t bytes;

    atomic_read_relaxed(&rx_headroom, &bytes);
    return bytes;
}

void
ioam6_rx_headroom_set(size_t bytes)
{
    ovs_assert(bytes % 4 == 0 && bytes <= IOAM6_RX_HEADROOM_MAX);
    atomic_store_relaxed(&rx_headroom, bytes);
}

bool
ioam6_headroom_shift(struct dp_packet *packet, size_t n, size_t keep)
{
    size_t headroom = dp_packet_headroom(packet);
    size_t tailroom = dp_packet_tailroom(packet);
    size_t need, r;

    ovs_assert(headroom < n);
    if (n - headroom > tailroom) {
        return false;
    }

    /* Moving the data by 'need' leaves exactly 'n' bytes of headroom, and
     * the push then puts the data at offset 0.  Without the move, it would
     * have gone to 'headroom - n', which has residue 'r' modulo 8.  The
     * extra is at most 'keep', no more than the tailroom allows, and has
     * residue 'r' too, unless it has to be 0. */
    need = n - headroom;
    keep = MIN(keep, tailroom - need);
    r = (headroom - n) & 7;
    keep = keep >= r ? keep - (keep - r) % 8 : 0;
    dp_packet_shift(packet, need + keep);
    return true;
}

bool
ioam6_headroom_prealloc(struct dp_packet *packet, size_t size)
{
    if ((packet->source == DPBUF_DPDK || packet->source == DPBUF_AFXDP
         || packet->source == DPBUF_STACK)
        && ioam6_headroom_shift(packet, size, 64)) {
        COVERAGE_INC(ioam6_headroom_shifted);
        return true;
    }
    return false;
}
