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
#include "ioam6.h"

#include <netinet/ip6.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmap.h"
#include "coverage.h"
#include "dp-packet.h"
#include "flow.h"
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/util.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "timeval.h"
#include "util.h"

COVERAGE_DEFINE(ioam6_pushed);
COVERAGE_DEFINE(ioam6_push_skipped);
COVERAGE_DEFINE(ioam6_filled);
COVERAGE_DEFINE(ioam6_overflow);
COVERAGE_DEFINE(ioam6_unknown_ns);
COVERAGE_DEFINE(ioam6_popped);
COVERAGE_DEFINE(ioam6_no_ioam);
COVERAGE_DEFINE(ioam6_malformed);

/* The counters above, in the order that ioam6_counters_format() lists them.
 * Documentation/howto/ioam6.rst says what each one counts. */
static const char *const ioam6_counter_names[] = {
    "ioam6_pushed", "ioam6_push_skipped", "ioam6_filled", "ioam6_overflow",
    "ioam6_unknown_ns", "ioam6_popped", "ioam6_no_ioam", "ioam6_malformed",
};

/* Sizes inside the IOAM option, in bytes. */
#define IOAM6_OPT_HDR_LEN   4   /* Option Type to IOAM Option-Type. */
#define IOAM6_TRACE_HDR_LEN 8   /* Pre-allocated Trace header. */
#define IOAM6_OPT_MIN_LEN   (IOAM6_OPT_HDR_LEN + IOAM6_TRACE_HDR_LEN)

/* The largest Hop-by-Hop header: Hdr Ext Len 255. */
#define IOAM6_HBH_LIMIT     2048

unsigned int
ioam6_trace_nodelen(uint32_t type)
{
    /* Bits 0-7, 11 and 12-21 are 4-octet fields, bits 8-10 are 8-octet
     * fields, bit 22 (the OSS) is counted separately and bit 23 adds
     * nothing. */
    return count_1bits(type & 0xff1ffc) + 2 * count_1bits(type & 0x00e000);
}

const char *
ioam6_trace_type_check(uint32_t type)
{
    if (!type) {
        return "trace type must not be zero";
    } else if (type & ~IOAM6_TRACE_TYPE_MASK) {
        return "trace type must fit in 24 bits";
    } else if (type & IOAM6_TRACE_TYPE_UNDEF) {
        return "trace type bits 12 to 21 (0x000ffc) are undefined";
    } else if (type & IOAM6_TRACE_TYPE_RSV) {
        return "trace type bit 23 (0x000001) is reserved";
    }
    return NULL;
}

size_t
ioam6_hbh_len(unsigned int size)
{
    return IOAM6_HBH_FIXED_LEN + ROUND_UP(size, 8);
}

/* Writes 'len' bytes of padding at 'p': nothing, a Pad1 or a PadN. */
static void
ioam6_put_pad(uint8_t *p, size_t len)
{
    if (len == 1) {
        p[0] = IOAM6_OPT_PAD1;
    } else if (len >= 2) {
        p[0] = IOAM6_OPT_PADN;
        p[1] = len - 2;
        memset(p + 2, 0, len - 2);
    }
}

/* Writes at 'opt' an IOAM option, IOAM6_OPT_MIN_LEN + 'size' bytes, that
 * holds an empty Pre-allocated Trace for namespace 'ns_id' and trace type
 * 'type'. */
static void
ioam6_opt_build(uint8_t *opt, uint16_t ns_id, uint32_t type,
                unsigned int size)
{
    uint8_t *trace = opt + IOAM6_OPT_HDR_LEN;

    opt[0] = IOAM6_OPT_TYPE;
    opt[1] = IOAM6_OPT_MIN_LEN - 2 + size;
    opt[2] = 0;
    opt[3] = IOAM6_TYPE_PREALLOC;

    trace[0] = ns_id >> 8;
    trace[1] = ns_id;
    trace[2] = ioam6_trace_nodelen(type) << IOAM6_NODELEN_SHIFT;
    trace[3] = size / 4;
    trace[4] = type >> 16;
    trace[5] = type >> 8;
    trace[6] = type;
    trace[7] = 0;

    memset(trace + IOAM6_TRACE_HDR_LEN, 0, size);
}

void
ioam6_hbh_build(void *hbh_, uint8_t nxt, uint16_t ns_id, uint32_t type,
                unsigned int size)
{
    size_t len = ioam6_hbh_len(size);
    uint8_t *hbh = hbh_;

    hbh[0] = nxt;
    hbh[1] = len / 8 - 1;
    ioam6_put_pad(hbh + 2, 2);
    ioam6_opt_build(hbh + 4, ns_id, type, size);
    ioam6_put_pad(hbh + IOAM6_HBH_FIXED_LEN + size,
                  len - IOAM6_HBH_FIXED_LEN - size);
}

/* Hop-by-Hop walker. */

void
ioam6_hbh_walker_init(struct ioam6_hbh_walker *w, const void *hbh,
                      size_t len)
{
    w->hbh = hbh;
    w->len = len;
    w->ofs = 2;
}

enum ioam6_walk
ioam6_hbh_walker_next(struct ioam6_hbh_walker *w, struct ioam6_tlv *tlv)
{
    size_t ofs = w->ofs;

    if (ofs == w->len) {
        return IOAM6_WALK_END;
    } else if (ofs > w->len) {
        return IOAM6_WALK_MALFORMED;
    }

    tlv->ofs = ofs;
    tlv->type = w->hbh[ofs];
    if (tlv->type == IOAM6_OPT_PAD1) {
        tlv->len = 1;
    } else if (w->len - ofs < 2) {
        return IOAM6_WALK_MALFORMED;
    } else {
        tlv->len = 2 + w->hbh[ofs + 1];
        if (tlv->len > w->len - ofs) {
            return IOAM6_WALK_MALFORMED;
        }
    }
    w->ofs = ofs + tlv->len;
    return IOAM6_WALK_TLV;
}

enum ioam6_hbh_status
ioam6_hbh_parse(const void *ip6_, size_t size, struct ioam6_hbh_info *info)
{
    struct ovs_16aligned_ip6_hdr *ip6 = CONST_CAST(void *, ip6_);
    struct ioam6_hbh_walker walker;
    struct ioam6_tlv tlv;
    enum ioam6_walk walk;
    size_t payload;
    uint8_t *hbh;

    memset(info, 0, sizeof *info);
    if (!ip6 || size < IPV6_HEADER_LEN || ip6->ip6_vfc >> 4 != 6) {
        return IOAM6_HBH_NOT_IPV6;
    }
    payload = ntohs(ip6->ip6_plen);
    if (payload > size - IPV6_HEADER_LEN) {
        return IOAM6_HBH_NOT_IPV6;
    }
    info->ip6 = ip6;
    info->ip6_len = IPV6_HEADER_LEN + payload;
    if (ip6->ip6_nxt != IPPROTO_HOPOPTS) {
        return IOAM6_HBH_ABSENT;
    }

    hbh = (uint8_t *) ip6 + IPV6_HEADER_LEN;
    info->hbh = hbh;
    if (payload < 2) {
        return IOAM6_HBH_MALFORMED;
    }
    info->hbh_len = (hbh[1] + 1) * 8;
    if (info->hbh_len > payload) {
        return IOAM6_HBH_MALFORMED;
    }

    ioam6_hbh_walker_init(&walker, hbh, info->hbh_len);
    while ((walk = ioam6_hbh_walker_next(&walker, &tlv)) == IOAM6_WALK_TLV) {
        if (tlv.type == IOAM6_OPT_TYPE) {
            info->n_ioam++;
        } else if (!ioam6_tlv_is_pad(&tlv)) {
            info->n_other++;
        }
    }
    return walk == IOAM6_WALK_END ? IOAM6_HBH_PRESENT : IOAM6_HBH_MALFORMED;
}

enum ioam6_hbh_status
ioam6_packet_hbh_parse(const struct dp_packet *packet,
                       struct ioam6_hbh_info *info)
{
    const uint8_t *l3 = dp_packet_l3(packet);

    if (!l3) {
        memset(info, 0, sizeof *info);
        return IOAM6_HBH_NOT_IPV6;
    }
    if (dp_packet_is_eth(packet)) {
        ovs_be16 eth_type;

        /* 'l3' follows the Ethertype, after any VLAN tags.  An MPLS label
         * stack hides the real Ethertype: leave such packets alone. */
        if (packet->l3_ofs < ETH_HEADER_LEN
            || packet->l2_5_ofs != UINT16_MAX) {
            memset(info, 0, sizeof *info);
            return IOAM6_HBH_NOT_IPV6;
        }
        memcpy(&eth_type, l3 - sizeof eth_type, sizeof eth_type);
        if (eth_type != htons(ETH_TYPE_IPV6)) {
            memset(info, 0, sizeof *info);
            return IOAM6_HBH_NOT_IPV6;
        }
    } else if (packet->packet_type != htonl(PT_IPV6)) {
        memset(info, 0, sizeof *info);
        return IOAM6_HBH_NOT_IPV6;
    }
    return ioam6_hbh_parse(l3, dp_packet_l3_size(packet), info);
}

const char *
ioam6_result_to_string(enum ioam6_result result)
{
    switch (result) {
    case IOAM6_PUSHED:
        return "pushed";
    case IOAM6_FILLED:
        return "filled";
    case IOAM6_OVERFLOW:
        return "overflow";
    case IOAM6_POPPED:
        return "popped";
    case IOAM6_NO_IOAM:
        return "no-ioam";
    case IOAM6_SKIPPED:
        return "skipped";
    case IOAM6_UNKNOWN_NS:
        return "unknown-ns";
    case IOAM6_DROP:
        return "drop";
    }
    return "<unknown>";
}

/* Packet surgery. */

/* Opens a gap of 'n' bytes at offset 'ofs' of 'packet''s data, by moving the
 * first 'ofs' bytes 'n' bytes towards the head.  The L2, L2.5 and L3 offsets,
 * which lie before 'ofs', keep their values.  May reallocate the packet.
 * Returns the gap. */
static uint8_t *
ioam6_open_gap(struct dp_packet *packet, size_t ofs, size_t n)
{
    uint8_t *data = dp_packet_push_uninit(packet, n);

    memmove(data, data + n, ofs);
    return data + ofs;
}

/* Removes the 'n' bytes at offset 'ofs' of 'packet''s data, by moving the
 * first 'ofs' bytes 'n' bytes forward. */
static void
ioam6_close_gap(struct dp_packet *packet, size_t ofs, size_t n)
{
    uint8_t *data = dp_packet_data(packet);

    memmove(data + n, data, ofs);
    dp_packet_pull(packet, n);
}

/* Moves the L4 offset of 'packet', if set, by 'delta' bytes. */
static void
ioam6_move_l4(struct dp_packet *packet, int delta)
{
    if (packet->l4_ofs != UINT16_MAX) {
        packet->l4_ofs += delta;
    }
}

/* Returns true if 'packet' can grow by 'n' bytes, with an IPv6 payload of
 * 'payload' bytes after the growth, without overflowing the 16-bit Payload
 * Length or the 16-bit packet offsets.  A buffer that OVS cannot reallocate
 * (DPDK mbuf, AF_XDP umem) must already have the headroom. */
static bool
ioam6_can_grow(const struct dp_packet *packet, size_t payload, size_t n)
{
    size_t l4_ofs = (packet->l4_ofs != UINT16_MAX
                     ? packet->l4_ofs : packet->l3_ofs);

    if (packet->source != DPBUF_MALLOC && packet->source != DPBUF_STUB
        && dp_packet_headroom(packet) < n) {
        return false;
    }
    return payload <= UINT16_MAX && l4_ofs + n < UINT16_MAX;
}

/* Returns true if 'args' describes a trace that an encapsulating node may
 * insert: size 4 to 244 and a multiple of 4, a trace type that
 * ioam6_trace_type_check() accepts, a known mode. */
bool
ioam6_push_args_valid(const struct ioam6_push_args *args)
{
    return (args->size >= 4
            && args->size <= IOAM6_TRACE_DATA_SIZE_MAX
            && args->size % 4 == 0
            && !ioam6_trace_type_check(args->type)
            && (args->mode == IOAM6_MODE_INLINE
                || args->mode == IOAM6_MODE_ENCAP));
}

/* Inline mode, packet without a Hop-by-Hop header: inserts the Linux-style
 * Hop-by-Hop header right after the IPv6 header. */
static enum ioam6_result
ioam6_push_inline_new(struct dp_packet *packet,
                      const struct ioam6_hbh_info *info,
                      const struct ioam6_push_args *args)
{
    size_t n = ioam6_hbh_len(args->size);
    size_t payload = info->ip6_len - IPV6_HEADER_LEN + n;
    struct ovs_16aligned_ip6_hdr *ip6;
    uint8_t nxt = info->ip6->ip6_nxt;
    uint8_t *hbh;

    if (!ioam6_can_grow(packet, payload, n)) {
        return IOAM6_SKIPPED;
    }

    hbh = ioam6_open_gap(packet, packet->l3_ofs + IPV6_HEADER_LEN, n);
    ioam6_hbh_build(hbh, nxt, args->ns_id, args->type, args->size);

    ip6 = dp_packet_l3(packet);
    ip6->ip6_nxt = IPPROTO_HOPOPTS;
    ip6->ip6_plen = htons(payload);
    ioam6_move_l4(packet, n);
    return IOAM6_PUSHED;
}

/* Inline mode, packet with a well-formed Hop-by-Hop header without IOAM:
 * appends the IOAM option at the end of that header.  The header length is
 * a multiple of 8, so the option lands on a 4n IPv6 offset; a trailing PadN
 * brings the header back to a multiple of 8. */
static enum ioam6_result
ioam6_push_inline_append(struct dp_packet *packet,
                         const struct ioam6_hbh_info *info,
                         const struct ioam6_push_args *args)
{
    size_t opt_len = IOAM6_OPT_MIN_LEN + args->size;
    size_t n = ROUND_UP(opt_len, 8);
    size_t payload = info->ip6_len - IPV6_HEADER_LEN + n;
    size_t hbh_len = info->hbh_len + n;
    struct ovs_16aligned_ip6_hdr *ip6;
    uint8_t *opt, *hbh;

    if (hbh_len > IOAM6_HBH_LIMIT || !ioam6_can_grow(packet, payload, n)) {
        return IOAM6_SKIPPED;
    }

    opt = ioam6_open_gap(packet, (packet->l3_ofs + IPV6_HEADER_LEN
                                  + info->hbh_len), n);
    ioam6_opt_build(opt, args->ns_id, args->type, args->size);
    ioam6_put_pad(opt + opt_len, n - opt_len);

    ip6 = dp_packet_l3(packet);
    ip6->ip6_plen = htons(payload);
    hbh = (uint8_t *) ip6 + IPV6_HEADER_LEN;
    hbh[1] = hbh_len / 8 - 1;
    ioam6_move_l4(packet, n);
    return IOAM6_PUSHED;
}

/* Encap mode: prepends an outer IPv6 header and a Hop-by-Hop header whose
 * Next Header is IPv6.  The L3 offset then points to the outer header and
 * the L4 offset to the inner one, as miniflow_extract() would set them. */
static enum ioam6_result
ioam6_push_encap(struct dp_packet *packet, const struct ioam6_hbh_info *info,
                 const struct ioam6_push_args *args)
{
    size_t hbh_len = ioam6_hbh_len(args->size);
    size_t n = IPV6_HEADER_LEN + hbh_len;
    size_t payload = hbh_len + info->ip6_len;
    struct ovs_16aligned_ip6_hdr *outer;
    const struct ovs_16aligned_ip6_hdr *inner;

    if (!ioam6_can_grow(packet, payload, n)) {
        return IOAM6_SKIPPED;
    }

    outer = (void *) ioam6_open_gap(packet, packet->l3_ofs, n);
    inner = (const void *) ((uint8_t *) outer + n);

    /* Version, traffic class and flow label, then the hop limit, come from
     * the inner header. */
    memcpy(&outer->ip6_flow, &inner->ip6_flow, sizeof outer->ip6_flow);
    outer->ip6_plen = htons(payload);
    outer->ip6_nxt = IPPROTO_HOPOPTS;
    outer->ip6_hlim = inner->ip6_hlim;
    memcpy(&outer->ip6_src, &args->src, sizeof outer->ip6_src);
    memcpy(&outer->ip6_dst, &args->dst, sizeof outer->ip6_dst);
    ioam6_hbh_build((uint8_t *) outer + IPV6_HEADER_LEN, IPPROTO_IPV6,
                    args->ns_id, args->type, args->size);

    packet->l4_ofs = packet->l3_ofs + n;
    return IOAM6_PUSHED;
}

static enum ioam6_result
ioam6_push__(struct dp_packet *packet, const struct ioam6_push_args *args)
{
    struct ioam6_hbh_info info;
    enum ioam6_hbh_status status;

    /* A segmentation offload packet is cut into segments after the action
     * runs, from offsets that the extra headers would invalidate. */
    if (dp_packet_hwol_is_tso(packet) || !ioam6_push_args_valid(args)) {
        return IOAM6_SKIPPED;
    }

    status = ioam6_packet_hbh_parse(packet, &info);
    if (status == IOAM6_HBH_NOT_IPV6) {
        return IOAM6_SKIPPED;
    }

    if (args->mode == IOAM6_MODE_ENCAP) {
        /* With checksum offload, the L4 offset would have to point to the
         * inner L4 header, which the 3.1 offload code cannot express. */
        if (dp_packet_hwol_tx_l4_checksum(packet)) {
            return IOAM6_SKIPPED;
        }
        /* Like Linux, encapsulate whatever the inner packet carries. */
        return ioam6_push_encap(packet, &info, args);
    }

    switch (status) {
    case IOAM6_HBH_ABSENT:
        return ioam6_push_inline_new(packet, &info, args);
    case IOAM6_HBH_PRESENT:
        /* Inline mode never stacks a second trace. */
        return (info.n_ioam
                ? IOAM6_SKIPPED
                : ioam6_push_inline_append(packet, &info, args));
    case IOAM6_HBH_NOT_IPV6:
    case IOAM6_HBH_MALFORMED:
    default:
        return IOAM6_SKIPPED;
    }
}

enum ioam6_result
ioam6_push(struct dp_packet *packet, const struct ioam6_push_args *args)
{
    enum ioam6_result result = ioam6_push__(packet, args);

    if (result == IOAM6_PUSHED) {
        COVERAGE_INC(ioam6_pushed);
    } else {
        COVERAGE_INC(ioam6_push_skipped);
    }
    return result;
}

/* Namespace registry. */

struct ioam6_ns {
    struct cmap_node node;      /* In 'ioam6_namespaces'. */
    uint16_t id;
    ovs_be32 data;
    ovs_be64 data_wide;
    bool has_schema;
    uint32_t schema_id;
    size_t schema_len;          /* Padded to a multiple of 4. */
    unsigned int oss_words;     /* Size of 'oss' in 4-octet units. */
    uint8_t oss[];              /* The OSS: header word and schema data, or
                                 * the empty OSS. */
};

static struct ovs_mutex ioam6_mutex = OVS_MUTEX_INITIALIZER;
static struct cmap ioam6_namespaces = CMAP_INITIALIZER;

static uint32_t
ioam6_ns_hash(uint16_t id)
{
    return hash_int(id, 0);
}

static const struct ioam6_ns *
ioam6_ns_lookup(uint16_t id)
{
    const struct ioam6_ns *ns;

    CMAP_FOR_EACH_WITH_HASH (ns, node, ioam6_ns_hash(id),
                             &ioam6_namespaces) {
        if (ns->id == id) {
            return ns;
        }
    }
    return NULL;
}

/* Fill. */

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

/* Checks the IOAM option 'tlv' of Hop-by-Hop header 'hbh' as Linux's receive
 * path does, in the same order, leaving out the checks that depend on a
 * Linux interface.  Returns IOAM6_DROP for a malformed option,
 * IOAM6_UNKNOWN_NS for an IOAM Option-Type other than the Pre-allocated
 * Trace (left alone), IOAM6_FILLED for a trace that may be filled. */
static enum ioam6_result
ioam6_opt_check(const uint8_t *hbh, const struct ioam6_tlv *tlv)
{
    const uint8_t *opt = hbh + tlv->ofs;
    const uint8_t *trace = opt + IOAM6_OPT_HDR_LEN;
    size_t opt_len = tlv->len - 2;
    unsigned int remlen;
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
    if (trace[2] >> IOAM6_NODELEN_SHIFT != ioam6_trace_nodelen(type)) {
        return IOAM6_DROP;              /* NodeLen does not match type. */
    }
    return IOAM6_FILLED;
}

/* Adds this node's data to the checked trace whose header is at 'trace', for
 * namespace 'ns'.  'hlim' is the hop limit to record. */
static enum ioam6_result
ioam6_trace_fill(uint8_t *trace, const struct ioam6_ns *ns,
                 const struct ioam6_fill_args *args,
                 const struct ioam6_fill_ctx *ctx, uint8_t hlim)
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
                           | (args->node_id_wide & IOAM6_NODE_ID_WIDE_NONE));
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
    default:
        return 0;
    }
}

/* Parses the Hop-by-Hop header of 'packet' into '*info', for fill and pop.
 * Returns true if the header holds an IOAM option.  Otherwise, returns false
 * and stores what fill and pop do with the packet in '*result':
 * IOAM6_DROP if the header is malformed (Linux drops a packet whose
 * Hop-by-Hop TLVs are malformed), IOAM6_NO_IOAM if the packet is not IPv6
 * or carries no IOAM option. */
static bool
ioam6_packet_find_ioam(const struct dp_packet *packet,
                       struct ioam6_hbh_info *info,
                       enum ioam6_result *result)
{
    enum ioam6_hbh_status status = ioam6_packet_hbh_parse(packet, info);

    if (status == IOAM6_HBH_MALFORMED) {
        *result = IOAM6_DROP;
        return false;
    } else if (status != IOAM6_HBH_PRESENT || !info->n_ioam) {
        *result = IOAM6_NO_IOAM;
        return false;
    }
    return true;
}

static enum ioam6_result
ioam6_fill__(struct dp_packet *packet, const struct ioam6_fill_args *args,
             const struct ioam6_fill_ctx *ctx)
{
    enum ioam6_result result = IOAM6_NO_IOAM;
    struct ioam6_hbh_walker walker;
    struct ioam6_hbh_info info;
    struct ioam6_tlv tlv;

    if (!ioam6_packet_find_ioam(packet, &info, &result)) {
        return result;
    }

    /* Check every IOAM option before writing any, so that a dropped packet
     * is never partly modified. */
    ioam6_hbh_walker_init(&walker, info.hbh, info.hbh_len);
    while (ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV) {
        if (tlv.type == IOAM6_OPT_TYPE
            && ioam6_opt_check(info.hbh, &tlv) == IOAM6_DROP) {
            return IOAM6_DROP;
        }
    }

    ioam6_hbh_walker_init(&walker, info.hbh, info.hbh_len);
    while (ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV) {
        enum ioam6_result r;

        if (tlv.type != IOAM6_OPT_TYPE) {
            continue;
        }
        r = ioam6_opt_check(info.hbh, &tlv);
        if (r == IOAM6_FILLED) {
            uint8_t *trace = info.hbh + tlv.ofs + IOAM6_OPT_HDR_LEN;
            const struct ioam6_ns *ns;

            ns = ioam6_ns_lookup((trace[0] << 8) | trace[1]);
            /* Linux's receive path records the hop limit minus one, the
             * value that the packet leaves with, and its encapsulating node
             * the current value.  A switch does not decrement the hop limit
             * itself: record it as the packet carries it now, and let a
             * dec_ttl action before this one count the hop. */
            r = (ns
                 ? ioam6_trace_fill(trace, ns, args, ctx,
                                    info.ip6->ip6_hlim)
                 : IOAM6_UNKNOWN_NS);
        }
        if (ioam6_fill_rank(r) > ioam6_fill_rank(result)) {
            result = r;
        }
    }
    return result;
}

enum ioam6_result
ioam6_fill(struct dp_packet *packet, const struct ioam6_fill_args *args,
           const struct ioam6_fill_ctx *ctx)
{
    enum ioam6_result result = ioam6_fill__(packet, args, ctx);

    switch (result) {
    case IOAM6_FILLED:
        COVERAGE_INC(ioam6_filled);
        break;
    case IOAM6_OVERFLOW:
        COVERAGE_INC(ioam6_overflow);
        break;
    case IOAM6_UNKNOWN_NS:
        COVERAGE_INC(ioam6_unknown_ns);
        break;
    case IOAM6_DROP:
        COVERAGE_INC(ioam6_malformed);
        break;
    case IOAM6_NO_IOAM:
    case IOAM6_PUSHED:
    case IOAM6_POPPED:
    case IOAM6_SKIPPED:
    default:
        COVERAGE_INC(ioam6_no_ioam);
        break;
    }
    return result;
}

/* Pop. */

/* Sets the L2 padding and the L4 offset of 'packet' from its IPv6 header and
 * the extension headers that follow it, as miniflow_extract() does, or
 * clears the L4 offset if the chain cannot be parsed.  Like
 * miniflow_extract(), it looks at every byte after the IPv6 header: the old
 * L2 padding, that of the outer packet, may be part of the inner packet. */
static void
ioam6_reset_l4(struct dp_packet *packet)
{
    const struct ovs_16aligned_ip6_hdr *ip6 = dp_packet_l3(packet);
    size_t size = dp_packet_size(packet) - packet->l3_ofs;
    const struct ovs_16aligned_ip6_frag *frag_hdr;
    size_t payload = ntohs(ip6->ip6_plen);
    uint8_t nw_proto = ip6->ip6_nxt;
    uint8_t nw_frag = 0;
    const void *data;

    packet->l4_ofs = UINT16_MAX;
    dp_packet_set_l2_pad_size(packet, 0);
    if (size < IPV6_HEADER_LEN || payload > size - IPV6_HEADER_LEN) {
        return;
    }
    dp_packet_set_l2_pad_size(packet, size - IPV6_HEADER_LEN - payload);
    data = ip6 + 1;
    if (parse_ipv6_ext_hdrs(&data, &payload, &nw_proto, &nw_frag,
                            &frag_hdr)) {
        packet->l4_ofs = (const char *) data
                         - (const char *) dp_packet_data(packet);
    }
}

/* Removes the outer IPv6 header and its Hop-by-Hop header, 'info', of an
 * IPv6-in-IPv6 packet.  The L3 offset then points to the inner header. */
static void
ioam6_pop_encap(struct dp_packet *packet, const struct ioam6_hbh_info *info)
{
    ioam6_close_gap(packet, packet->l3_ofs, IPV6_HEADER_LEN + info->hbh_len);
    ioam6_reset_l4(packet);
}

/* Removes every IOAM option from the Hop-by-Hop header 'info' of 'packet'.
 *
 * If nothing but padding remains, the whole header goes.  Otherwise each
 * maximal run of padding and IOAM options that holds at least one IOAM
 * option shrinks by the largest multiple of 8 bytes it holds, and what is
 * left of it, 0 to 7 bytes, becomes a single Pad1 or PadN.  Every other
 * option thus keeps its offset modulo 8, hence its alignment, the header
 * stays a multiple of 8 bytes, and no padding run grows beyond 7 bytes (RFC
 * 4942 2.1.9.5; Linux drops longer runs).  A run whose leading padding is
 * already the right length keeps those bytes, so that popping a trace
 * appended by ioam6_push() restores the original header.  Other bytes are
 * left alone. */
static void
ioam6_pop_inline(struct dp_packet *packet, const struct ioam6_hbh_info *info)
{
    struct ovs_16aligned_ip6_hdr *ip6;
    struct ioam6_hbh_walker walker;
    uint8_t *hbh = info->hbh;
    struct ioam6_tlv tlv;
    size_t removed;
    size_t w = 2;
    bool more;

    if (!info->n_other) {
        uint8_t nxt = hbh[0];

        ioam6_close_gap(packet, packet->l3_ofs + IPV6_HEADER_LEN,
                        info->hbh_len);
        ip6 = dp_packet_l3(packet);
        ip6->ip6_nxt = nxt;
        ip6->ip6_plen = htons(ntohs(ip6->ip6_plen) - info->hbh_len);
        ioam6_move_l4(packet, -(int) info->hbh_len);
        return;
    }

    /* Compact the header in place: the write offset 'w' never passes the
     * read offset. */
    ioam6_hbh_walker_init(&walker, hbh, info->hbh_len);
    more = ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV;
    while (more) {
        size_t run_start = tlv.ofs;
        size_t lead_pad = 0;
        bool has_ioam = false;

        /* A run of padding and IOAM options, possibly empty. */
        while (more && (ioam6_tlv_is_pad(&tlv)
                        || tlv.type == IOAM6_OPT_TYPE)) {
            if (tlv.type == IOAM6_OPT_TYPE) {
                has_ioam = true;
            } else if (!has_ioam) {
                lead_pad += tlv.len;
            }
            more = ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV;
        }
        if (run_start != (more ? tlv.ofs : info->hbh_len)) {
            size_t run_len = (more ? tlv.ofs : info->hbh_len) - run_start;

            if (!has_ioam) {
                memmove(hbh + w, hbh + run_start, run_len);
                w += run_len;
            } else if (lead_pad == run_len % 8) {
                memmove(hbh + w, hbh + run_start, lead_pad);
                w += lead_pad;
            } else {
                ioam6_put_pad(hbh + w, run_len % 8);
                w += run_len % 8;
            }
        }

        /* Then another option, kept as it is. */
        if (more) {
            memmove(hbh + w, hbh + tlv.ofs, tlv.len);
            w += tlv.len;
            more = ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV;
        }
    }

    removed = info->hbh_len - w;
    hbh[1] = w / 8 - 1;
    ioam6_close_gap(packet, packet->l3_ofs + IPV6_HEADER_LEN + w, removed);
    ip6 = dp_packet_l3(packet);
    ip6->ip6_plen = htons(ntohs(ip6->ip6_plen) - removed);
    ioam6_move_l4(packet, -(int) removed);
}

const char *
ioam6_pop_mode_to_string(enum ioam6_pop_mode mode)
{
    return (mode == IOAM6_POP_INLINE ? "inline"
            : mode == IOAM6_POP_ENCAP ? "encap"
            : "auto");
}

/* Parses 's' as a pop mode name into '*mode'.  Returns false if it is not
 * one. */
bool
ioam6_pop_mode_from_string(const char *s, enum ioam6_pop_mode *mode)
{
    for (int m = IOAM6_POP_AUTO; m <= IOAM6_POP_ENCAP; m++) {
        if (!strcmp(s, ioam6_pop_mode_to_string(m))) {
            *mode = m;
            return true;
        }
    }
    return false;
}

static enum ioam6_result
ioam6_pop__(struct dp_packet *packet, enum ioam6_pop_mode mode)
{
    struct ioam6_hbh_info info;
    enum ioam6_result result;

    if (!ioam6_packet_find_ioam(packet, &info, &result)) {
        return result;
    }

    if (mode != IOAM6_POP_INLINE && info.hbh[0] == IPPROTO_IPV6) {
        const struct ovs_16aligned_ip6_hdr *inner;
        size_t inner_len = info.ip6_len - IPV6_HEADER_LEN - info.hbh_len;

        /* Decapsulate only a real inner IPv6 header; otherwise treat the
         * trace as inline. */
        inner = (const void *) (info.hbh + info.hbh_len);
        if (inner_len >= IPV6_HEADER_LEN && inner->ip6_vfc >> 4 == 6) {
            ioam6_pop_encap(packet, &info);
            return IOAM6_POPPED;
        }
    }
    if (mode == IOAM6_POP_ENCAP) {
        /* Not an encap trace: nothing for this pop to do. */
        return IOAM6_NO_IOAM;
    }
    ioam6_pop_inline(packet, &info);
    return IOAM6_POPPED;
}

enum ioam6_result
ioam6_pop(struct dp_packet *packet, enum ioam6_pop_mode mode)
{
    enum ioam6_result result = ioam6_pop__(packet, mode);

    switch (result) {
    case IOAM6_POPPED:
        COVERAGE_INC(ioam6_popped);
        break;
    case IOAM6_DROP:
        COVERAGE_INC(ioam6_malformed);
        break;
    case IOAM6_NO_IOAM:
    case IOAM6_PUSHED:
    case IOAM6_FILLED:
    case IOAM6_OVERFLOW:
    case IOAM6_SKIPPED:
    case IOAM6_UNKNOWN_NS:
    default:
        COVERAGE_INC(ioam6_no_ioam);
        break;
    }
    return result;
}

/* Registry writers. */

char *
ioam6_ns_set(const struct ioam6_ns_config *cfg)
{
    size_t schema_len = 0;
    struct ioam6_ns *ns;
    const struct ioam6_ns *old;
    unsigned int oss_words;

    if (cfg->has_schema) {
        if (cfg->schema_id > IOAM6_SCHEMA_ID_MAX) {
            return xasprintf("namespace %"PRIu16": schema id %"PRIu32" is "
                             "out of range (0 to %d)", cfg->id,
                             cfg->schema_id, IOAM6_SCHEMA_ID_MAX);
        }
        if (cfg->schema_len > IOAM6_MAX_SCHEMA_DATA_LEN) {
            return xasprintf("namespace %"PRIu16": schema %"PRIu32" data is "
                             "%"PRIuSIZE" bytes long, more than %d",
                             cfg->id, cfg->schema_id, cfg->schema_len,
                             IOAM6_MAX_SCHEMA_DATA_LEN);
        }
        if (cfg->schema_len && !cfg->schema_data) {
            return xasprintf("namespace %"PRIu16": schema %"PRIu32" has no "
                             "data", cfg->id, cfg->schema_id);
        }
        schema_len = ROUND_UP(cfg->schema_len, 4);
    }
    oss_words = 1 + schema_len / 4;

    ns = xzalloc(sizeof *ns + oss_words * 4);
    ns->id = cfg->id;
    ns->data = htonl(cfg->data);
    ns->data_wide = htonll(cfg->data_wide);
    ns->has_schema = cfg->has_schema;
    ns->schema_id = cfg->has_schema ? cfg->schema_id : 0;
    ns->schema_len = schema_len;
    ns->oss_words = oss_words;
    if (cfg->has_schema) {
        ioam6_put32(ns->oss, ((schema_len / 4) << 24) | cfg->schema_id);
        if (cfg->schema_len) {
            memcpy(ns->oss + 4, cfg->schema_data, cfg->schema_len);
        }
    } else {
        ioam6_put32(ns->oss, IOAM6_EMPTY_OSS);
    }

    ovs_mutex_lock(&ioam6_mutex);
    old = ioam6_ns_lookup(cfg->id);
    if (old) {
        cmap_replace(&ioam6_namespaces, CONST_CAST(struct cmap_node *,
                                                   &old->node),
                     &ns->node, ioam6_ns_hash(cfg->id));
        ovsrcu_postpone(free, CONST_CAST(struct ioam6_ns *, old));
    } else {
        cmap_insert(&ioam6_namespaces, &ns->node, ioam6_ns_hash(cfg->id));
    }
    ovs_mutex_unlock(&ioam6_mutex);
    return NULL;
}

bool
ioam6_ns_del(uint16_t id)
{
    const struct ioam6_ns *ns;

    ovs_mutex_lock(&ioam6_mutex);
    ns = ioam6_ns_lookup(id);
    if (ns) {
        cmap_remove(&ioam6_namespaces,
                    CONST_CAST(struct cmap_node *, &ns->node),
                    ioam6_ns_hash(id));
        ovsrcu_postpone(free, CONST_CAST(struct ioam6_ns *, ns));
    }
    ovs_mutex_unlock(&ioam6_mutex);
    return ns != NULL;
}

void
ioam6_ns_clear(void)
{
    struct ioam6_ns *ns;

    ovs_mutex_lock(&ioam6_mutex);
    CMAP_FOR_EACH (ns, node, &ioam6_namespaces) {
        cmap_remove(&ioam6_namespaces, &ns->node, ioam6_ns_hash(ns->id));
        ovsrcu_postpone(free, ns);
    }
    ovs_mutex_unlock(&ioam6_mutex);
}

size_t
ioam6_ns_count(void)
{
    return cmap_count(&ioam6_namespaces);
}

static int
ioam6_ns_compare(const void *a_, const void *b_)
{
    const struct ioam6_ns *const *a = a_;
    const struct ioam6_ns *const *b = b_;

    return (int) (*a)->id - (int) (*b)->id;
}

void
ioam6_ns_format(struct ds *s)
{
    const struct ioam6_ns **list;
    const struct ioam6_ns *ns;
    size_t n = 0;

    ovs_mutex_lock(&ioam6_mutex);
    list = xmalloc((cmap_count(&ioam6_namespaces) + 1) * sizeof *list);
    CMAP_FOR_EACH (ns, node, &ioam6_namespaces) {
        list[n++] = ns;
    }
    qsort(list, n, sizeof *list, ioam6_ns_compare);

    for (size_t i = 0; i < n; i++) {
        ns = list[i];
        ds_put_format(s, "namespace %"PRIu16": data 0x%08"PRIx32", "
                      "wide 0x%016"PRIx64", ", ns->id, ntohl(ns->data),
                      ntohll(ns->data_wide));
        if (ns->has_schema) {
            ds_put_format(s, "schema %"PRIu32" (%"PRIuSIZE" bytes)\n",
                          ns->schema_id, ns->schema_len);
        } else {
            ds_put_cstr(s, "no schema\n");
        }
    }
    ovs_mutex_unlock(&ioam6_mutex);
    free(list);
}

/* Returns the value of counter ioam6_counter_names[i].  Each is a coverage
 * counter: the total includes the calling thread's own count, and the other
 * threads' counts as of their last coverage update, which they make about
 * once a second. */
static unsigned long long int
ioam6_counter_read(size_t i)
{
    unsigned long long int count;

    return coverage_read_counter(ioam6_counter_names[i], &count) ? count : 0;
}

/* Appends the IOAM6 packet counters to 's', one per line. */
void
ioam6_counters_format(struct ds *s)
{
    ds_put_cstr(s, "packet counters:\n");
    for (size_t i = 0; i < ARRAY_SIZE(ioam6_counter_names); i++) {
        ds_put_format(s, "  %s: %llu\n", ioam6_counter_names[i],
                      ioam6_counter_read(i));
    }
}

/* Returns the IOAM6 packet counters as a JSON object, by name. */
struct json *
ioam6_counters_to_json(void)
{
    struct json *json = json_object_create();

    for (size_t i = 0; i < ARRAY_SIZE(ioam6_counter_names); i++) {
        json_object_put(json, ioam6_counter_names[i],
                        json_integer_create(ioam6_counter_read(i)));
    }
    return json;
}

/* Returns the registry as a JSON object, keyed by namespace id:
 * {"123": {"data": "0xdeadbeef", "data_wide": "0xcafec0caf00dc0de",
 * "schema": 777}, ...}, without "schema" for a namespace that has none.
 * The data are strings because JSON numbers do not reliably hold 64 bits. */
struct json *
ioam6_ns_to_json(void)
{
    struct json *json = json_object_create();
    const struct ioam6_ns *ns;

    ovs_mutex_lock(&ioam6_mutex);
    CMAP_FOR_EACH (ns, node, &ioam6_namespaces) {
        struct json *obj = json_object_create();
        char key[8];

        json_object_put_format(obj, "data", "0x%08"PRIx32, ntohl(ns->data));
        json_object_put_format(obj, "data_wide", "0x%016"PRIx64,
                               ntohll(ns->data_wide));
        if (ns->has_schema) {
            json_object_put(obj, "schema",
                            json_integer_create(ns->schema_id));
        }
        snprintf(key, sizeof key, "%"PRIu16, ns->id);
        json_object_put(json, key, obj);
    }
    ovs_mutex_unlock(&ioam6_mutex);
    return json;
}
