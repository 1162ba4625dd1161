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
 * front of received packets for IOAM6 pushes. */

#include <config.h>
#include "ioam6-headroom.h"

#include "ioam6-hbh.h"
#include "openvswitch/util.h"
#include "ovs-atomic.h"
#include "util.h"

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
