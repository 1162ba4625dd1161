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

#include <config.h>
#include "ioam6-headroom.h"

#include <inttypes.h>
#include <stdlib.h>

#include "ioam6.h"
#include "openvswitch/util.h"
#include "ovs-atomic.h"
#include "unixctl.h"
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

bool
ioam6_rx_headroom_set(size_t bytes)
{
    if (bytes % 4 || bytes > IOAM6_RX_HEADROOM_MAX) {
        return false;
    }
    atomic_store_relaxed(&rx_headroom, bytes);
    return true;
}

/* ioam6/rx-headroom [BYTES]: shows, or sets, the extra receive headroom. */
static void
ioam6_rx_headroom_unixctl(struct unixctl_conn *conn, int argc,
                          const char *argv[], void *aux OVS_UNUSED)
{
    unsigned long long bytes;
    char *reply;

    if (argc > 1) {
        if (argv[1][0] == '-' || !str_to_ullong(argv[1], 10, &bytes)
            || bytes > SIZE_MAX || !ioam6_rx_headroom_set(bytes)) {
            unixctl_command_reply_error(conn, "headroom must be a multiple "
                                        "of 4 from 0 to 2048");
            return;
        }
    }
    reply = xasprintf("%"PRIuSIZE"\n", ioam6_rx_headroom());
    unixctl_command_reply(conn, reply);
    free(reply);
}

/* Registration only fills unixctl's command table, so it may run before
 * main(). */
OVS_CONSTRUCTOR(ioam6_rx_headroom_init)
{
    unixctl_command_register("ioam6/rx-headroom", "[BYTES]", 0, 1,
                             ioam6_rx_headroom_unixctl, NULL);
}
