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

/* IOAM6 fill: checks the IOAM options of a packet as Linux's receive path
 * does, then writes this node's data into each Pre-allocated Trace. */

#include <config.h>
#include "ioam6-fill.h"

#include <netinet/ip6.h>
#include <string.h>
#include <time.h>

#include "dp-packet.h"
#include "ioam6-hbh.h"
#include "ioam6-ns.h"
#include "openvswitch/util.h"
#include "timeval.h"
#include "unaligned.h"
#include "util.h"

void
ioam6_fill_ctx_init(struct ioam6_fill_ctx *ctx)
{
    struct timespec ts;

    xclock_gettime(CLOCK_REALTIME, &ts);
    ctx->ts_sec = ts.tv_sec;
    ctx->ts_usec = ts.tv_nsec / 1000;
}

static uint8_t *
ioam6_put32(uint8_t *p, uint32_t value)
{
    ovs_be32 be = htonl(value);

    memcpy(p, &be, sizeof be);
    return p + sizeof be;
}

static uint8_t *
ioam6_put64(uint8_t *p, uint64_t value)
{
    ovs_be64 be = htonll(value);

    memcpy(p, &be, sizeof be);
    return p + sizeof be;
}

/* ioam6_opt_check(), with the NodeLen of the trace type cached in 'cache'
 * if nonnull. */
static inline enum ioam6_result ALWAYS_INLINE
ioam6_opt_check__(const uint8_t *hbh, const struct ioam6_tlv *tlv,
                  struct ioam6_fill_cache *cache)
{
    const uint8_t *opt = hbh + tlv->ofs;
    const uint8_t *trace = opt + IOAM6_OPT_HDR_LEN;
    size_t opt_len = tlv->len - 2;
    unsigned int remlen, nodelen;
    uint32_t type;

    if ((IPV6_HEADER_LEN + tlv->ofs) % 4) {
        return IOAM6_DROP;              /* Misaligned option. */
    }
    if (opt_len < 2) {
        return IOAM6_DROP;              /* No IOAM Option-Type. */
    }
    if (opt[3] != IOAM6_TYPE_PREALLOC) {
        return IOAM6_UNKNOWN_NS;        /* Not ours to fill. */
    }
    if (opt_len < 2 + IOAM6_TRACE_HDR_LEN) {
        return IOAM6_DROP;              /* No room for the trace header. */
    }
    remlen = trace[3] & IOAM6_REMLEN_MASK;
    if (opt_len < 2 + IOAM6_TRACE_HDR_LEN + remlen * 4) {
        return IOAM6_DROP;              /* RemainingLen past the option. */
    }
    type = (trace[4] << 16) | (trace[5] << 8) | trace[6];
    if (!cache) {
        nodelen = ioam6_trace_nodelen(type);
    } else if (cache->nodelen_type == type) {
        nodelen = cache->nodelen;
    } else {
        nodelen = cache->nodelen = ioam6_trace_nodelen(type);
        cache->nodelen_type = type;
    }
    if (trace[2] >> IOAM6_NODELEN_SHIFT != nodelen) {
        return IOAM6_DROP;              /* NodeLen does not match type. */
    }
    return IOAM6_FILLED;
}

enum ioam6_result
ioam6_opt_check(const uint8_t *hbh, const struct ioam6_tlv *tlv)
{
    return ioam6_opt_check__(hbh, tlv, NULL);
}

/* Writes at 'p' the data of this node for a trace of type 'type' in
 * namespace 'ns', 'sclen' words of OSS included, with hop limit 'hlim'. */
static void
ioam6_node_data_write(uint8_t *p, uint32_t type, unsigned int sclen,
                      const struct ioam6_ns *ns,
                      const struct ovs_action_fill_ioam6 *args,
                      const struct ioam6_fill_ctx *ctx, uint8_t hlim)
{
    if (type & IOAM6_TRACE_TYPE_BIT(0)) {
        p = ioam6_put32(p, ((uint32_t) hlim << 24)
                           | (args->node_id & IOAM6_NODE_ID_NONE));
    }
    if (type & IOAM6_TRACE_TYPE_BIT(1)) {
        p = ioam6_put32(p, ((uint32_t) args->iif << 16) | args->eif);
    }
    if (type & IOAM6_TRACE_TYPE_BIT(2)) {
        p = ioam6_put32(p, ctx->ts_sec);
    }
    if (type & IOAM6_TRACE_TYPE_BIT(3)) {
        p = ioam6_put32(p, ctx->ts_usec);
    }
    if (type & IOAM6_TRACE_TYPE_BIT(4)) {
        p = ioam6_put32(p, UINT32_MAX);         /* Transit delay. */
    }
    if (type & IOAM6_TRACE_TYPE_BIT(5)) {
        memcpy(p, &ns->data, sizeof ns->data);
        p += sizeof ns->data;
    }
    if (type & IOAM6_TRACE_TYPE_BIT(6)) {
        p = ioam6_put32(p, UINT32_MAX);         /* Queue depth. */
    }
    if (type & IOAM6_TRACE_TYPE_BIT(7)) {
        p = ioam6_put32(p, UINT32_MAX);         /* Checksum complement. */
    }
    if (type & IOAM6_TRACE_TYPE_BIT(8)) {
        p = ioam6_put64(p, ((uint64_t) hlim << 56)
                           | (get_32aligned_u64(&args->node_id_wide)
                              & IOAM6_NODE_ID_WIDE_NONE));
    }
    if (type & IOAM6_TRACE_TYPE_BIT(9)) {
        p = ioam6_put32(p, args->iif_wide);
        p = ioam6_put32(p, args->eif_wide);
    }
    if (type & IOAM6_TRACE_TYPE_BIT(10)) {
        memcpy(p, &ns->data_wide, sizeof ns->data_wide);
        p += sizeof ns->data_wide;
    }
    if (type & IOAM6_TRACE_TYPE_BIT(11)) {
        p = ioam6_put32(p, UINT32_MAX);         /* Buffer occupancy. */
    }
    for (int bit = 12; bit <= 21; bit++) {
        if (type & IOAM6_TRACE_TYPE_BIT(bit)) {
            p = ioam6_put32(p, UINT32_MAX);     /* Undefined. */
        }
    }
    if (sclen) {
        memcpy(p, ns->oss, sclen * 4);
    }
}

/* Returns the node data of 'cache' for a trace of type 'type' in namespace
 * 'ns', writing it first if the cache holds another: everything but the
 * hop limit is the same for every packet of a batch. */
static const uint8_t *
ioam6_node_data_cached(struct ioam6_fill_cache *cache, uint32_t type,
                       unsigned int sclen, const struct ioam6_ns *ns,
                       const struct ovs_action_fill_ioam6 *args,
                       const struct ioam6_fill_ctx *ctx)
{
    if (cache->data_ns != ns || cache->data_type != type) {
        cache->data_ns = ns;
        cache->data_type = type;
        ioam6_node_data_write(cache->data, type, sclen, ns, args, ctx, 0);
        /* The hop limit is the first byte of field 0 (bit 0) and of field
         * 8 (bit 8), which follows the 4-byte fields of bits 0 to 7. */
        cache->hlim_ofs8 = 4 * count_1bits(type & 0xff0000);
    }
    return cache->data;
}

/* Adds this node's data to the checked trace whose header is at 'trace', for
 * namespace 'ns'.  'hlim' is the hop limit to record.  With a 'cache', the
 * node data comes from it. */
static inline enum ioam6_result ALWAYS_INLINE
ioam6_trace_fill(uint8_t *trace, const struct ioam6_ns *ns,
                 const struct ovs_action_fill_ioam6 *args,
                 const struct ioam6_fill_ctx *ctx, uint8_t hlim,
                 struct ioam6_fill_cache *cache)
{
    uint32_t type = (trace[4] << 16) | (trace[5] << 8) | trace[6];
    unsigned int nodelen = trace[2] >> IOAM6_NODELEN_SHIFT;
    unsigned int remlen = trace[3] & IOAM6_REMLEN_MASK;
    unsigned int sclen = type & IOAM6_TRACE_TYPE_OSS ? ns->oss_words : 0;
    uint8_t *p;

    if (trace[2] & IOAM6_FLAG_OVERFLOW) {
        return IOAM6_OVERFLOW;
    }
    /* As in Linux, RemainingLen 0 overflows even if this node would add
     * nothing. */
    if (!remlen || remlen < nodelen + sclen) {
        trace[2] |= IOAM6_FLAG_OVERFLOW;
        return IOAM6_OVERFLOW;
    }

    remlen -= nodelen + sclen;
    p = trace + IOAM6_TRACE_HDR_LEN + remlen * 4;
    if (cache) {
        const uint8_t *data = ioam6_node_data_cached(cache, type, sclen, ns,
                                                     args, ctx);

        /* Word by word: a call to memcpy() costs more than the few words
         * of a node. */
        for (unsigned int i = 0; i < nodelen + sclen; i++) {
            memcpy(p + i * 4, data + i * 4, 4);
        }
        if (type & IOAM6_TRACE_TYPE_BIT(0)) {
            p[0] = hlim;
        }
        if (type & IOAM6_TRACE_TYPE_BIT(8)) {
            p[cache->hlim_ofs8] = hlim;
        }
    } else {
        ioam6_node_data_write(p, type, sclen, ns, args, ctx, hlim);
    }

    /* Keep flag bit 3, the MSB of the RemainingLen byte. */
    trace[3] = (trace[3] & ~IOAM6_REMLEN_MASK) | remlen;
    return IOAM6_FILLED;
}

/* Orders outcomes of several options of a packet: the most significant
 * outcome wins. */
static int
ioam6_fill_rank(enum ioam6_result result)
{
    switch (result) {
    case IOAM6_DROP:
        return 4;
    case IOAM6_FILLED:
        return 3;
    case IOAM6_OVERFLOW:
        return 2;
    case IOAM6_UNKNOWN_NS:
        return 1;
    case IOAM6_NO_IOAM:
    case IOAM6_PUSHED:
    case IOAM6_POPPED:
    case IOAM6_SKIPPED:
    case IOAM6_ECN_DROP:
    case IOAM6_NO_ROOM:
    default:
        return 0;
    }
}

static const struct ioam6_ns *
ioam6_fill_ns_lookup(struct ioam6_fill_cache *cache, uint16_t id)
{
    if (!cache) {
        return ioam6_ns_lookup(id);
    } else if (cache->ns_id != id) {
        cache->ns = ioam6_ns_lookup(id);
        cache->ns_id = id;
    }
    return cache->ns;
}

/* Fills the IOAM option at offset 'ofs' of the Hop-by-Hop header 'hbh',
 * which ioam6_opt_check() found fillable. */
static inline enum ioam6_result ALWAYS_INLINE
ioam6_fill_opt(uint8_t *hbh, size_t ofs, uint8_t hlim,
               const struct ovs_action_fill_ioam6 *args,
               const struct ioam6_fill_ctx *ctx,
               struct ioam6_fill_cache *cache)
{
    uint8_t *trace = hbh + ofs + IOAM6_OPT_HDR_LEN;
    const struct ioam6_ns *ns;

    ns = ioam6_fill_ns_lookup(cache, (trace[0] << 8) | trace[1]);
    /* Linux's receive path records the hop limit minus one, the value that
     * the packet leaves with, and its encapsulating node the current value.
     * A switch does not decrement the hop limit itself: record it as the
     * packet carries it now, and let a dec_ttl action before this one count
     * the hop. */
    return ns ? ioam6_trace_fill(trace, ns, args, ctx, hlim, cache)
              : IOAM6_UNKNOWN_NS;
}

/* Fills a packet with more IOAM options than struct ioam6_hbh_info records:
 * walks its Hop-by-Hop header twice, once to check every option (so that a
 * dropped packet is never partly modified), once to fill. */
static enum ioam6_result
ioam6_fill_walk(const struct ioam6_hbh_info *info,
                const struct ovs_action_fill_ioam6 *args,
                const struct ioam6_fill_ctx *ctx,
                struct ioam6_fill_cache *cache)
{
    enum ioam6_result result = IOAM6_NO_IOAM;
    struct ioam6_hbh_walker walker;
    struct ioam6_tlv tlv;

    ioam6_hbh_walker_init(&walker, info->hbh, info->hbh_len);
    while (ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV) {
        if (tlv.type == IOAM6_OPT_TYPE
            && ioam6_opt_check(info->hbh, &tlv) == IOAM6_DROP) {
            return IOAM6_DROP;
        }
    }

    ioam6_hbh_walker_init(&walker, info->hbh, info->hbh_len);
    while (ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV) {
        enum ioam6_result r;

        if (tlv.type != IOAM6_OPT_TYPE) {
            continue;
        }
        r = ioam6_opt_check(info->hbh, &tlv);
        if (r == IOAM6_FILLED) {
            r = ioam6_fill_opt(info->hbh, tlv.ofs, info->ip6->ip6_hlim,
                               args, ctx, cache);
        }
        if (ioam6_fill_rank(r) > ioam6_fill_rank(result)) {
            result = r;
        }
    }
    return result;
}

static enum ioam6_result
ioam6_fill__(struct dp_packet *packet,
             const struct ovs_action_fill_ioam6 *args,
             const struct ioam6_fill_ctx *ctx,
             struct ioam6_fill_cache *cache)
{
    enum ioam6_result checked[IOAM6_HBH_IOAM_MAX];
    enum ioam6_result result = IOAM6_NO_IOAM;
    struct ioam6_hbh_info info;

    if (!ioam6_packet_find_ioam(packet, &info, &result)) {
        return result;
    } else if (OVS_UNLIKELY(info.n_ioam > IOAM6_HBH_IOAM_MAX)) {
        return ioam6_fill_walk(&info, args, ctx, cache);
    }

    /* The parse recorded where the IOAM options are.  Check every one
     * before writing any, so that a dropped packet is never partly
     * modified. */
    for (size_t i = 0; i < info.n_ioam; i++) {
        struct ioam6_tlv tlv = {
            .ofs = info.ioam_ofs[i],
            .type = IOAM6_OPT_TYPE,
            .len = 2 + info.hbh[info.ioam_ofs[i] + 1],
        };

        checked[i] = ioam6_opt_check__(info.hbh, &tlv, cache);
        if (checked[i] == IOAM6_DROP) {
            return IOAM6_DROP;
        }
    }
    for (size_t i = 0; i < info.n_ioam; i++) {
        enum ioam6_result r = checked[i];

        if (r == IOAM6_FILLED) {
            r = ioam6_fill_opt(info.hbh, info.ioam_ofs[i],
                               info.ip6->ip6_hlim, args, ctx, cache);
        }
        if (ioam6_fill_rank(r) > ioam6_fill_rank(result)) {
            result = r;
        }
    }
    return result;
}

enum ioam6_result
ioam6_fill(struct dp_packet *packet,
           const struct ovs_action_fill_ioam6 *args,
           const struct ioam6_fill_ctx *ctx)
{
    enum ioam6_result result = ioam6_fill__(packet, args, ctx, NULL);

    ioam6_result_count(result);
    return result;
}

enum ioam6_result
ioam6_fill_pushed(uint8_t *trace, uint8_t hlim,
                  const struct ovs_action_fill_ioam6 *args,
                  const struct ioam6_fill_ctx *ctx,
                  struct ioam6_fill_cache *cache)
{
    const struct ioam6_ns *ns;

    ns = ioam6_fill_ns_lookup(cache, (trace[0] << 8) | trace[1]);
    return ns ? ioam6_trace_fill(trace, ns, args, ctx, hlim, cache)
              : IOAM6_UNKNOWN_NS;
}

void
ioam6_fill_cache_init(struct ioam6_fill_cache *cache)
{
    cache->ns_id = -1;
    cache->ns = NULL;
    cache->data_ns = NULL;
    cache->data_type = 0;
    cache->nodelen_type = 0;
    cache->nodelen = 0;
}

enum ioam6_result
ioam6_fill_cached(struct dp_packet *packet,
                  const struct ovs_action_fill_ioam6 *args,
                  const struct ioam6_fill_ctx *ctx,
                  struct ioam6_fill_cache *cache)
{
    return ioam6_fill__(packet, args, ctx, cache);
}
