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

/* IOAM6 push and pop: the packet surgery that inserts and removes a trace,
 * and the counters of every packet operation's outcome. */

#include <config.h>
#include "ioam6-trace.h"

#include <netinet/ip6.h>
#include <string.h>

#include "coverage.h"
#include "dp-packet.h"
#include "flow.h"
#include "ioam6-compat.h"
#include "ioam6-dpdk.h"
#include "ioam6-headroom.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/util.h"
#include "openvswitch/vlog.h"
#include "unaligned.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ioam6_trace);

COVERAGE_DEFINE(ioam6_pushed);
COVERAGE_DEFINE(ioam6_push_skipped);
COVERAGE_DEFINE(ioam6_push_shifted);
COVERAGE_DEFINE(ioam6_push_copied);
COVERAGE_DEFINE(ioam6_push_no_room);
COVERAGE_DEFINE(ioam6_filled);
COVERAGE_DEFINE(ioam6_overflow);
COVERAGE_DEFINE(ioam6_unknown_ns);
COVERAGE_DEFINE(ioam6_popped);
COVERAGE_DEFINE(ioam6_no_ioam);
COVERAGE_DEFINE(ioam6_malformed);
COVERAGE_DEFINE(ioam6_ecn_drop);

/* The counters above, in the order that ioam6_counters_format() lists them.
 * Documentation/howto/ioam6.rst says what each one counts. */
static const char *const ioam6_counter_names[] = {
    "ioam6_pushed", "ioam6_push_skipped", "ioam6_push_shifted",
    "ioam6_push_copied", "ioam6_push_no_room", "ioam6_headroom_shifted",
    "ioam6_filled", "ioam6_overflow", "ioam6_unknown_ns", "ioam6_popped",
    "ioam6_no_ioam", "ioam6_malformed", "ioam6_ecn_drop",
};

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
    case IOAM6_NO_ROOM:
        return "no-room";
    case IOAM6_UNKNOWN_NS:
        return "unknown-ns";
    case IOAM6_DROP:
        return "drop";
    case IOAM6_ECN_DROP:
        return "ecn-drop";
    }
    return "<unknown>";
}

static void ioam6_result_count_n(enum ioam6_result, unsigned int n);

/* Packet surgery. */

/* Opens a gap of 'n' bytes at offset 'ofs' of 'packet''s data, by moving the
 * first 'ofs' bytes 'n' bytes towards the head.  The L2, L2.5 and L3 offsets,
 * which lie before 'ofs', keep their values.  May reallocate the packet.
 * Returns the gap. */
static uint8_t *
ioam6_open_gap(struct dp_packet *packet, size_t ofs, size_t n)
{
    uint8_t *data;

    if (OVS_LIKELY(dp_packet_headroom(packet) >= n)) {
        data = (uint8_t *) dp_packet_data(packet) - n;
        dp_packet_set_data(packet, data);
        dp_packet_set_size(packet, dp_packet_size(packet) + n);
    } else {
        data = dp_packet_push_uninit(packet, n);
    }

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
 * Length or the 16-bit packet offsets. */
static bool
ioam6_can_grow(const struct dp_packet *packet, size_t payload, size_t n)
{
    size_t l4_ofs = (packet->l4_ofs != UINT16_MAX
                     ? packet->l4_ofs : packet->l3_ofs);

    return payload <= UINT16_MAX && l4_ofs + n < UINT16_MAX;
}

/* Makes sure that 'packet' has 'n' bytes of headroom, or can get them by
 * reallocation.  OVS cannot reallocate a DPDK mbuf, an AF_XDP umem frame or
 * a stack buffer, whose headroom is fixed (128 bytes for an mbuf), but these
 * buffers usually have plenty of tailroom: then the data moves towards the
 * tail, within the buffer.  Returns false if the buffer is too small for
 * that too (see ioam6_push_copy() for what happens then). */
static bool
ioam6_make_headroom(struct dp_packet *packet, size_t n)
{
    size_t headroom = dp_packet_headroom(packet);

    if (OVS_LIKELY(headroom >= n)
        || packet->source == DPBUF_MALLOC || packet->source == DPBUF_STUB) {
        return true;
    }
    /* Keep, where the tailroom allows, up to 'headroom' bytes in front of
     * the trace, so that the packet keeps its headroom for later pushes
     * (see ioam6_headroom_prealloc()). */
    if (ioam6_headroom_shift(packet, n, headroom)) {
        COVERAGE_INC(ioam6_push_shifted);
        return true;
    }
    return false;
}

/* Push. */

/* Returns true if 'args' describes a trace that an encapsulating node may
 * insert: size 4 to 244 and a multiple of 4, a trace type that
 * ioam6_trace_type_check() accepts, a known mode. */
bool
ioam6_push_args_valid(const struct ovs_action_push_ioam6 *args)
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
                      const struct ioam6_push_ctx *pctx, uint8_t **tracep)
{
    size_t n = pctx->hbh_len;
    size_t payload = info->ip6_len - IPV6_HEADER_LEN + n;
    struct ovs_16aligned_ip6_hdr *ip6;
    uint8_t nxt = info->ip6->ip6_nxt;
    uint8_t *hbh;

    if (!ioam6_can_grow(packet, payload, n)) {
        return IOAM6_SKIPPED;
    } else if (!ioam6_make_headroom(packet, n)) {
        return IOAM6_NO_ROOM;
    }

    hbh = ioam6_open_gap(packet, packet->l3_ofs + IPV6_HEADER_LEN, n);
    memcpy(hbh, pctx->hbh, n);
    hbh[0] = nxt;
    *tracep = hbh + IOAM6_HBH_TRACE_OFS;

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
                         const struct ioam6_push_ctx *pctx, uint8_t **tracep)
{
    const struct ovs_action_push_ioam6 *args = pctx->args;
    size_t opt_len = IOAM6_OPT_MIN_LEN + args->size;
    size_t n = ROUND_UP(opt_len, 8);
    size_t payload = info->ip6_len - IPV6_HEADER_LEN + n;
    size_t hbh_len = info->hbh_len + n;
    struct ovs_16aligned_ip6_hdr *ip6;
    uint8_t *opt, *hbh;

    if (hbh_len > IOAM6_HBH_LIMIT || !ioam6_can_grow(packet, payload, n)) {
        return IOAM6_SKIPPED;
    } else if (!ioam6_make_headroom(packet, n)) {
        return IOAM6_NO_ROOM;
    }

    opt = ioam6_open_gap(packet, (packet->l3_ofs + IPV6_HEADER_LEN
                                  + info->hbh_len), n);
    ioam6_opt_build(opt, args->ns_id, args->type, args->size);
    ioam6_put_pad(opt + opt_len, n - opt_len);
    *tracep = opt + IOAM6_OPT_HDR_LEN;

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
                 const struct ioam6_push_ctx *pctx, uint8_t **tracep)
{
    const struct ovs_action_push_ioam6 *args = pctx->args;
    size_t hbh_len = pctx->hbh_len;
    size_t n = IPV6_HEADER_LEN + hbh_len;
    size_t payload = hbh_len + info->ip6_len;
    struct ovs_16aligned_ip6_hdr *outer;
    const struct ovs_16aligned_ip6_hdr *inner;

    if (!ioam6_can_grow(packet, payload, n)) {
        return IOAM6_SKIPPED;
    } else if (!ioam6_make_headroom(packet, n)) {
        return IOAM6_NO_ROOM;
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
    memcpy((uint8_t *) outer + IPV6_HEADER_LEN, pctx->hbh, hbh_len);
    *tracep = (uint8_t *) outer + IPV6_HEADER_LEN + IOAM6_HBH_TRACE_OFS;

    packet->l4_ofs = packet->l3_ofs + n;
    return IOAM6_PUSHED;
}

void
ioam6_push_ctx_init(struct ioam6_push_ctx *pctx,
                    const struct ovs_action_push_ioam6 *args)
{
    pctx->args = args;
    pctx->valid = ioam6_push_args_valid(args);
    pctx->hbh_len = 0;
    if (pctx->valid) {
        pctx->hbh_len = ioam6_hbh_len(args->size);
        ioam6_hbh_build(pctx->hbh,
                        args->mode == IOAM6_MODE_ENCAP ? IPPROTO_IPV6 : 0,
                        args->ns_id, args->type, args->size);
    }
}

static enum ioam6_result
ioam6_push__(struct dp_packet *packet, const struct ioam6_push_ctx *pctx,
             uint8_t **tracep)
{
    const struct ovs_action_push_ioam6 *args = pctx->args;
    struct ioam6_hbh_info info;
    enum ioam6_hbh_status status;

    /* A segmentation offload packet is cut into segments after the action
     * runs, from offsets that the extra headers would invalidate. */
    if (!pctx->valid || ioam6_packet_is_tso(packet)) {
        return IOAM6_SKIPPED;
    }

    status = ioam6_packet_hbh_parse(packet, &info);
    if (status == IOAM6_HBH_NOT_IPV6 || status == IOAM6_HBH_TRUNCATED) {
        return IOAM6_SKIPPED;
    }

    if (args->mode == IOAM6_MODE_ENCAP) {
        /* With checksum offload, the L4 offset would have to point to the
         * inner L4 header, which the 3.1 offload code cannot express. */
        if (ioam6_packet_l4_csum_offloaded(packet)) {
            return IOAM6_SKIPPED;
        }
        /* Like Linux, encapsulate whatever the inner packet carries. */
        return ioam6_push_encap(packet, &info, pctx, tracep);
    }

    switch (status) {
    case IOAM6_HBH_ABSENT:
        return ioam6_push_inline_new(packet, &info, pctx, tracep);
    case IOAM6_HBH_PRESENT:
        /* Inline mode never stacks a second trace. */
        return (info.n_ioam
                ? IOAM6_SKIPPED
                : ioam6_push_inline_append(packet, &info, pctx, tracep));
    case IOAM6_HBH_NOT_IPV6:
    case IOAM6_HBH_TRUNCATED:
    case IOAM6_HBH_MALFORMED:
    default:
        return IOAM6_SKIPPED;
    }
}

enum ioam6_result
ioam6_push(struct dp_packet *packet, const struct ovs_action_push_ioam6 *args)
{
    struct ioam6_push_ctx pctx;
    enum ioam6_result result;
    uint8_t *trace;

    ioam6_push_ctx_init(&pctx, args);
    result = ioam6_push__(packet, &pctx, &trace);

    ioam6_result_count(result);
    return result;
}

/* The headroom of a copy made for a push: room for the largest one, and
 * after it as much as an mbuf has (RTE_PKTMBUF_HEADROOM in Debian's DPDK),
 * for later pushes (a VLAN tag, a tunnel header). */
#define IOAM6_COPY_HEADROOM (ROUND_UP(IOAM6_ENCAP_MAX_LEN, 64) + 128)

/* Returns a copy of 'packet' with room for any push, or NULL if memory is
 * short.  A DPDK mbuf gets an mbuf copy, so that its batch stays all DPDK
 * (netdev-dpdk in OVS 3.1 copies a batch into mbufs only if its first
 * packet is not one); any other buffer gets a malloc'ed copy. */
static struct dp_packet *
ioam6_push_clone(const struct dp_packet *packet)
{
    return (packet->source == DPBUF_DPDK
            ? ioam6_dpdk_clone(packet, IOAM6_COPY_HEADROOM)
            : dp_packet_clone_with_headroom(packet, IOAM6_COPY_HEADROOM));
}

/* Pushes a trace into '*packetp' as ioam6_push() does.  If '*packetp' is a
 * fixed-size buffer too small for the trace (IOAM6_NO_ROOM), and
 * 'may_replace' says that the caller owns the packet and takes another in
 * its place, continues in a copy with room: replaces '*packetp' by the
 * copy, with the trace, and deletes the original.  Logs a packet that
 * stays without its trace.  On IOAM6_PUSHED, stores in '*tracep' where the
 * new (empty) trace's header is in the packet.  The caller counts the
 * outcome. */
enum ioam6_result
ioam6_push_may_copy(struct dp_packet **packetp,
                    const struct ioam6_push_ctx *pctx, bool may_replace,
                    uint8_t **tracep)
{
    const struct ovs_action_push_ioam6 *args = pctx->args;
    struct dp_packet *packet = *packetp;
    enum ioam6_result result = ioam6_push__(packet, pctx, tracep);

    if (OVS_UNLIKELY(result == IOAM6_NO_ROOM)) {
        struct dp_packet *copy = may_replace ? ioam6_push_clone(packet) : NULL;

        if (copy && ioam6_push__(copy, pctx, tracep) == IOAM6_PUSHED) {
            COVERAGE_INC(ioam6_push_copied);
            dp_packet_delete(packet);
            *packetp = copy;
            result = IOAM6_PUSHED;
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

            dp_packet_delete(copy);
            VLOG_WARN_RL(&rl, "no room for a %"PRIu8"-byte IOAM trace in a "
                         "%"PRIu32"-byte packet (%s): sent without it",
                         args->size, dp_packet_size(packet),
                         may_replace ? "no copy" : "not ours to copy");
        }
    }
    return result;
}

/* Pop. */

/* Parses the Hop-by-Hop header of 'packet' into '*info', for fill and pop.
 * Returns true if the header holds an IOAM option.  Otherwise, returns false
 * and stores what fill and pop do with the packet in '*result':
 * IOAM6_DROP if a Linux receiver would drop it before it reads any IOAM
 * option (a truncated IPv6 packet, or a malformed or invalid Hop-by-Hop
 * header: see enum ioam6_hbh_status), IOAM6_NO_IOAM if the packet is not
 * IPv6 or carries no IOAM option. */
bool
ioam6_packet_find_ioam(const struct dp_packet *packet,
                       struct ioam6_hbh_info *info,
                       enum ioam6_result *result)
{
    enum ioam6_hbh_status status = ioam6_packet_hbh_parse(packet, info);

    if (status == IOAM6_HBH_MALFORMED || status == IOAM6_HBH_TRUNCATED) {
        *result = IOAM6_DROP;
        return false;
    } else if (status != IOAM6_HBH_PRESENT || !info->n_ioam) {
        *result = IOAM6_NO_IOAM;
        return false;
    }
    return true;
}

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
    if (ioam6_parse_ipv6_ext_hdrs(&data, &payload, &nw_proto, &nw_frag,
                                  &frag_hdr)) {
        packet->l4_ofs = (const char *) data
                         - (const char *) dp_packet_data(packet);
    }
}

/* The ECN field of an IPv6 header: the two low-order bits of the Traffic
 * Class, bits 20 and 21 of the first 32-bit word (after the version and
 * before the flow label). */
#define IOAM6_ECN_SHIFT 20

static uint8_t
ioam6_get_ecn(const struct ovs_16aligned_ip6_hdr *ip6)
{
    return (ntohl(get_16aligned_be32(&ip6->ip6_flow)) >> IOAM6_ECN_SHIFT)
           & IP_ECN_MASK;
}

static void
ioam6_set_ecn(struct ovs_16aligned_ip6_hdr *ip6, uint8_t ecn)
{
    uint32_t flow = ntohl(get_16aligned_be32(&ip6->ip6_flow));

    flow &= ~((uint32_t) IP_ECN_MASK << IOAM6_ECN_SHIFT);
    flow |= (uint32_t) ecn << IOAM6_ECN_SHIFT;
    put_16aligned_be32(&ip6->ip6_flow, htonl(flow));
}

/* Returns the ECN codepoint that the inner header of a decapsulated packet
 * leaves with, given the codepoints 'outer' and 'inner' that it arrived
 * with, or -1 if the packet must be dropped.  This is the decapsulation
 * table of RFC 6040 (section 4.2), as Linux's IPv6-in-IPv6 decapsulation
 * applies it: an outer CE marks an ECN-capable inner packet CE and drops a
 * Not-ECT one; an outer ECT(1) turns an inner ECT(0) into ECT(1); any other
 * combination keeps the inner codepoint (Linux only logs an ECT outer
 * header over a Not-ECT inner one). */
static int
ioam6_ecn_decap(uint8_t outer, uint8_t inner)
{
    if (outer == IP_ECN_CE) {
        return inner == IP_ECN_NOT_ECT ? -1 : IP_ECN_CE;
    } else if (outer == IP_ECN_ECT_1 && inner == IP_ECN_ECT_0) {
        return IP_ECN_ECT_1;
    }
    return inner;
}

/* Removes the outer IPv6 header and its Hop-by-Hop header, 'info', of an
 * IPv6-in-IPv6 packet whose inner header is 'inner', and gives the inner
 * header the ECN codepoint of RFC 6040.  The L3 offset then points to the
 * inner header.  Returns IOAM6_POPPED, or IOAM6_ECN_DROP, leaving the
 * packet as it is, if RFC 6040 drops it. */
static enum ioam6_result
ioam6_pop_encap(struct dp_packet *packet, const struct ioam6_hbh_info *info,
                const struct ovs_16aligned_ip6_hdr *inner)
{
    uint8_t inner_ecn = ioam6_get_ecn(inner);
    int ecn = ioam6_ecn_decap(ioam6_get_ecn(info->ip6), inner_ecn);

    if (ecn < 0) {
        return IOAM6_ECN_DROP;
    }

    ioam6_close_gap(packet, packet->l3_ofs, IPV6_HEADER_LEN + info->hbh_len);
    if (ecn != inner_ecn) {
        /* No checksum covers the Traffic Class: neither the IPv6 header nor
         * the upper-layer pseudo-header. */
        ioam6_set_ecn(dp_packet_l3(packet), ecn);
    }
    ioam6_reset_l4(packet);
    return IOAM6_POPPED;
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
            return ioam6_pop_encap(packet, &info, inner);
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

    ioam6_result_count(result);
    return result;
}

/* Counters. */

void
ioam6_result_count(enum ioam6_result result)
{
    ioam6_result_count_n(result, 1);
}

void
ioam6_results_count(const unsigned int counts[IOAM6_N_RESULTS])
{
    for (int r = 0; r < IOAM6_N_RESULTS; r++) {
        if (counts[r]) {
            ioam6_result_count_n(r, counts[r]);
        }
    }
}

static void
ioam6_result_count_n(enum ioam6_result result, unsigned int n)
{
    switch (result) {
    case IOAM6_PUSHED:
        COVERAGE_ADD(ioam6_pushed, n);
        break;
    case IOAM6_SKIPPED:
        COVERAGE_ADD(ioam6_push_skipped, n);
        break;
    case IOAM6_NO_ROOM:
        COVERAGE_ADD(ioam6_push_no_room, n);
        break;
    case IOAM6_FILLED:
        COVERAGE_ADD(ioam6_filled, n);
        break;
    case IOAM6_OVERFLOW:
        COVERAGE_ADD(ioam6_overflow, n);
        break;
    case IOAM6_UNKNOWN_NS:
        COVERAGE_ADD(ioam6_unknown_ns, n);
        break;
    case IOAM6_POPPED:
        COVERAGE_ADD(ioam6_popped, n);
        break;
    case IOAM6_NO_IOAM:
        COVERAGE_ADD(ioam6_no_ioam, n);
        break;
    case IOAM6_DROP:
        COVERAGE_ADD(ioam6_malformed, n);
        break;
    case IOAM6_ECN_DROP:
        COVERAGE_ADD(ioam6_ecn_drop, n);
        break;
    }
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
