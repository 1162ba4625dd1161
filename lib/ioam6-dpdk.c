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

#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "dp-packet.h"
#include "util.h"

/* The mbuf offload flags that describe the buffer rather than the packet:
 * the copy keeps its own (RTE_MBUF_F_EXTERNAL, which makes
 * rte_pktmbuf_free() call ioam6_dpdk_free_extbuf()). */
#define IOAM6_DPDK_BUF_FLAGS (RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT)

static void
ioam6_dpdk_free_extbuf(void *addr, void *opaque OVS_UNUSED)
{
    rte_free(addr);
}

/* Returns a copy of DPDK packet 'packet' with at least 'headroom' bytes of
 * headroom: a new mbuf from 'packet''s mempool, attached to a new external
 * buffer from rte_malloc() that holds the headroom, the data and the shared
 * info that frees the buffer with the mbuf.  The copy keeps the packet's
 * offsets, metadata and offload flags.  Returns NULL if 'packet' is not a
 * DPDK mbuf, or if memory is short. */
struct dp_packet *
ioam6_dpdk_clone(const struct dp_packet *packet, size_t headroom)
{
    const struct rte_mbuf *src = &packet->mbuf;
    struct rte_mbuf_ext_shared_info *shinfo;
    size_t size = dp_packet_size(packet);
    struct dp_packet *copy;
    struct rte_mbuf *m;
    uint16_t buf_len;
    size_t total;
    void *buf;

    /* The shared info goes at the end of the buffer, aligned to a pointer,
     * within the buffer's 16-bit length. */
    total = headroom + size + sizeof *shinfo + sizeof(uintptr_t);
    if (packet->source != DPBUF_DPDK || src->nb_segs != 1
        || total > UINT16_MAX) {
        return NULL;
    }

    m = rte_pktmbuf_alloc(src->pool);
    if (!m) {
        return NULL;
    }
    buf = rte_malloc(NULL, total, RTE_CACHE_LINE_SIZE);
    if (!buf) {
        rte_pktmbuf_free(m);
        return NULL;
    }
    buf_len = total;
    shinfo = rte_pktmbuf_ext_shinfo_init_helper(buf, &buf_len,
                                                ioam6_dpdk_free_extbuf,
                                                NULL);
    if (!shinfo || buf_len < headroom + size) {
        rte_free(buf);
        rte_pktmbuf_free(m);
        return NULL;
    }
    rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), buf_len,
                              shinfo);
    m->data_off = headroom;

    copy = CONTAINER_OF(m, struct dp_packet, mbuf);
    memcpy(dp_packet_data(copy), dp_packet_data(packet), size);
    dp_packet_set_size(copy, size);

    /* What the mbuf says about the packet, then OVS's own fields, which
     * follow the mbuf in struct dp_packet. */
    m->ol_flags = ((src->ol_flags & ~IOAM6_DPDK_BUF_FLAGS)
                   | (m->ol_flags & IOAM6_DPDK_BUF_FLAGS));
    m->tx_offload = src->tx_offload;
    m->packet_type = src->packet_type;
    m->hash = src->hash;
    m->port = src->port;
    memcpy(&copy->l2_pad_size, &packet->l2_pad_size,
           sizeof *copy - offsetof(struct dp_packet, l2_pad_size));
    return copy;
}
