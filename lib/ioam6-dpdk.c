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
#include "ioam6-dpdk.h"

#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dp-packet.h"
#include "openvswitch/vlog.h"
#include "ovs-atomic.h"
#include "ovs-thread.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ioam6_dpdk);

/* The copies come from a mempool of their own per NUMA node, of mbufs big
 * enough for the largest frame that OVS-DPDK takes (NETDEV_DPDK_MAX_PKT_LEN,
 * 9728 bytes) behind the headroom of a copy (IOAM6_COPY_HEADROOM in
 * lib/ioam6-trace.c, 448 bytes).  A mempool object lies in memory that is
 * contiguous for the device (IOVA), as a NIC's DMA needs, and taking one
 * needs no lock.  Copies are rare on average (a full-size frame at an MTU
 * just below a multiple of 1024, with a large trace), but at such an MTU
 * every full-size frame needs one, and a copy stays in a NIC's transmit
 * ring (2048 descriptors by default) until the driver frees it: 2047 mbufs
 * of 10 kB, about 22 MB of hugepage memory per node that copies, created at
 * the first copy there. */
#define IOAM6_DPDK_COPY_ROOM 10240
#define IOAM6_DPDK_COPY_MBUFS 2047
#define IOAM6_DPDK_COPY_CACHE 32

/* After a failure to create a copy mempool, the time until the next try. */
#define IOAM6_DPDK_COPY_RETRY_MSEC 10000

/* The mbuf offload flags that describe the buffer rather than the packet,
 * which the copy does not take from the packet. */
#define IOAM6_DPDK_BUF_FLAGS (RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT)

/* Serializes the creation of the copy mempools. */
static struct ovs_mutex copy_pools_mutex = OVS_MUTEX_INITIALIZER;

/* The copy mempool of each NUMA node, once created: written once each,
 * under 'copy_pools_mutex', read by the PMD threads without it. */
static ATOMIC(struct rte_mempool *) copy_pools[RTE_MAX_NUMA_NODES];

/* When the creation of a node's copy mempool may next be tried, after it
 * failed (0: it has not failed). */
static long long int copy_pool_retry[RTE_MAX_NUMA_NODES]
    OVS_GUARDED_BY(copy_pools_mutex);

/* rte_mempool_obj_iter() callback: makes 'obj' a DPDK dp_packet, as
 * netdev-dpdk does for the mbufs of its own mempools. */
static void
ioam6_dpdk_init_mbuf(struct rte_mempool *mp OVS_UNUSED,
                     void *aux OVS_UNUSED, void *obj,
                     unsigned int i OVS_UNUSED)
{
    dp_packet_init_dpdk(obj);
}

/* Returns the copy mempool for NUMA node 'socket' (SOCKET_ID_ANY for a
 * packet whose mempool has no node, whose copies then share node 0's
 * slot), creating it the first time.  Returns NULL if it does not exist
 * and could not be created, or if another thread is creating one: the
 * creation runs in the PMD thread that needs it first, and the others do
 * not wait for it. */
static struct rte_mempool *
ioam6_dpdk_copy_pool(int socket)
{
    int slot = socket >= 0 && socket < RTE_MAX_NUMA_NODES ? socket : 0;
    struct rte_mempool *mp;

    atomic_read_explicit(&copy_pools[slot], &mp, memory_order_acquire);
    if (OVS_LIKELY(mp)) {
        return mp;
    }
    if (ovs_mutex_trylock(&copy_pools_mutex)) {
        return NULL;
    }

    atomic_read_relaxed(&copy_pools[slot], &mp);
    if (!mp && time_msec() >= copy_pool_retry[slot]) {
        /* struct dp_packet continues the mbuf into its private area, which
         * ends on a cache line, as netdev-dpdk's pools have it. */
        size_t priv = (ROUND_UP(sizeof(struct dp_packet), RTE_CACHE_LINE_SIZE)
                       - sizeof(struct rte_mbuf));
        char name[RTE_MEMPOOL_NAMESIZE];

        snprintf(name, sizeof name, "ioam6_copy_%d", slot);
        mp = rte_pktmbuf_pool_create(name, IOAM6_DPDK_COPY_MBUFS,
                                     IOAM6_DPDK_COPY_CACHE, priv,
                                     IOAM6_DPDK_COPY_ROOM,
                                     slot == socket ? socket : SOCKET_ID_ANY);
        if (mp) {
            rte_mempool_obj_iter(mp, ioam6_dpdk_init_mbuf, NULL);
            atomic_store_explicit(&copy_pools[slot], mp,
                                  memory_order_release);
            VLOG_INFO("created mempool %s for the IOAM6 copies: %d mbufs "
                      "of %d bytes", name, IOAM6_DPDK_COPY_MBUFS,
                      IOAM6_DPDK_COPY_ROOM);
        } else {
            copy_pool_retry[slot] = time_msec() + IOAM6_DPDK_COPY_RETRY_MSEC;
            VLOG_ERR("could not create mempool %s for the IOAM6 copies "
                     "(%s): packets that need a copy for their trace are "
                     "sent without it; trying again in %d s", name,
                     rte_strerror(rte_errno),
                     IOAM6_DPDK_COPY_RETRY_MSEC / 1000);
        }
    }
    ovs_mutex_unlock(&copy_pools_mutex);
    return mp;
}

/* Returns a copy of DPDK packet 'packet' with at least 'headroom' bytes of
 * headroom, in an mbuf of the copy mempool of the packet's NUMA node.  The
 * copy keeps the packet's offsets, metadata and offload flags.  Returns
 * NULL if 'packet' is not a single-segment DPDK mbuf, if the copy would
 * not fit a copy mbuf, or if the mempool is exhausted or could not be
 * created. */
struct dp_packet *
ioam6_dpdk_clone(const struct dp_packet *packet, size_t headroom)
{
    const struct rte_mbuf *src = &packet->mbuf;
    size_t size = dp_packet_size(packet);
    struct rte_mempool *mp;
    struct dp_packet *copy;
    struct rte_mbuf *m;

    if (packet->source != DPBUF_DPDK || src->nb_segs != 1
        || headroom + size > IOAM6_DPDK_COPY_ROOM) {
        return NULL;
    }

    mp = ioam6_dpdk_copy_pool(src->pool->socket_id);
    m = mp ? rte_pktmbuf_alloc(mp) : NULL;
    if (!m) {
        return NULL;
    }
    m->data_off = headroom;

    copy = CONTAINER_OF(m, struct dp_packet, mbuf);
    memcpy(dp_packet_data(copy), dp_packet_data(packet), size);
    dp_packet_set_size(copy, size);

    /* What the mbuf says about the packet, as netdev-dpdk keeps it when it
     * copies a packet into an mbuf, then OVS's own fields, which follow the
     * mbuf in struct dp_packet. */
    m->ol_flags = src->ol_flags & ~IOAM6_DPDK_BUF_FLAGS;
    m->tx_offload = src->tx_offload;
    m->packet_type = src->packet_type;
    m->hash = src->hash;
    m->port = src->port;
    memcpy(&copy->l2_pad_size, &packet->l2_pad_size,
           sizeof *copy - offsetof(struct dp_packet, l2_pad_size));
    return copy;
}
