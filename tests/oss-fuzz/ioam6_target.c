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

/* libFuzzer target for IOAM6: arbitrary packets through push, fill and pop,
 * arbitrary strings through the OpenFlow and datapath action parsers and the
 * database value parsers, and arbitrary OpenFlow IOAM6 action bodies through
 * the decoder.
 *
 * The first input byte chooses the mode (bit 0: packet or parser).  Every
 * invariant that fails calls abort() through ovs_assert(), which libFuzzer
 * reports as a crash together with the input that caused it.
 *
 * Packet mode input:
 *
 *   byte 0     bit 0 clear; bits 1-2 framing: 0 whole Ethernet frame from
 *              the input, 1 Ethernet + IPv6 header built around the
 *              payload, 2 the same without Ethernet (packet type IPv6), 3
 *              Ethernet + VLAN + IPv6; bit 3 buffer that cannot be
 *              reallocated (as DPDK's); bits 4-5 headroom 0, 6, 64 or 320;
 *              bit 6 set the pushed namespace from the input; bit 7 take
 *              the push arguments as they are (possibly invalid).
 *   byte 1     four operations, 2 bits each from the low bits: 0 fill,
 *              1 pop, 2 push, 3 stop.
 *   bytes 2-8  push arguments: namespace (2), trace type (3), size (1),
 *              flags (1: bit 0 encap).
 *   built frames only: Next Header (1), Payload Length adjustment (1,
 *              signed, 0 for the exact length), hop limit (1).
 *   the rest   the frame or the IPv6 payload.
 *
 * Parser mode input:
 *
 *   byte 0     bit 0 set; bit 1 clear: the rest is a string given to the
 *              OpenFlow action parser, to the datapath action parser and
 *              to the parsers of the IOAM6 database values;
 *              bit 1 set: the rest is the body of an OpenFlow IOAM6 action
 *              (bits 2-3 choose push, fill or pop; bit 4 OpenFlow 1.3
 *              instead of 1.0; bit 5 take the action length from the
 *              input).
 */

#include <config.h>
#include "fuzzer.h"
#undef NDEBUG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp-packet.h"
#include "flow.h"
#include "ioam6-config.h"
#include "ioam6-fill.h"
#include "ioam6-hbh.h"
#include "ioam6-ns.h"
#include "ioam6-odp.h"
#include "ioam6-sampler.h"
#include "ioam6-trace.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openflow/nicira-ext.h"
#include "openflow/openflow.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/match.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "packets.h"
#include "util.h"

/* Largest frame built from an input; longer inputs are cut. */
#define FUZZ_MAX_FRAME 4096

/* A cursor over the fuzz input. */
struct input {
    const uint8_t *p;
    size_t n;
};

static uint8_t
take8(struct input *in)
{
    if (!in->n) {
        return 0;
    }
    in->n--;
    return *in->p++;
}

static uint32_t
take_be(struct input *in, int bytes)
{
    uint32_t v = 0;

    for (int i = 0; i < bytes; i++) {
        v = (v << 8) | take8(in);
    }
    return v;
}

/* Namespace registry. */

static const uint8_t schema_data[IOAM6_MAX_SCHEMA_DATA_LEN + 8];

static void
set_ns(uint16_t id, uint32_t data, bool has_schema, size_t schema_len)
{
    struct ioam6_ns_config cfg = {
        .id = id,
        .data = data,
        .data_wide = ((uint64_t) data << 32) | ~data,
        .has_schema = has_schema,
        .schema_id = has_schema ? id * 7 : 0,
        .schema_data = schema_data,
        .schema_len = schema_len,
    };
    char *error = ioam6_ns_set(&cfg);

    /* Only schemas longer than the limit are refused. */
    ovs_assert(!error == (schema_len <= IOAM6_MAX_SCHEMA_DATA_LEN));
    free(error);
}

/* The namespaces that every run starts with: 123 with a schema (as the test
 * vectors use), 0 without, 65535 with the largest schema. */
static void
reset_registry(void)
{
    ioam6_ns_clear();
    set_ns(123, 0xdeadbeef, true, 33);
    set_ns(0, 0x01020304, false, 0);
    set_ns(65535, 0xffffffff, true, IOAM6_MAX_SCHEMA_DATA_LEN);
    ovsrcu_quiesce();
}

/* Packet checks. */

static const struct ovs_action_fill_ioam6 fill_args = {
    .node_id = 1,
    .node_id_wide = { .lo = 11111111 },
    .iif = 0xffff,
    .eif = 101,
    .iif_wide = 0xffffffff,
    .eif_wide = 101101,
};

static const struct ioam6_fill_ctx fill_ctx = {
    .ts_sec = 1700000000,
    .ts_usec = 123456,
};

static bool
same_packet(const struct dp_packet *a, const struct dp_packet *b)
{
    return (dp_packet_equal(a, b)
            && a->l3_ofs == b->l3_ofs
            && a->l4_ofs == b->l4_ofs);
}

/* Offsets must lie within the packet, and agree with those that
 * flow_extract() finds on a copy, and so must the L2 padding of a packet
 * that it parses to L4. */
static void
check_offsets(const struct dp_packet *packet)
{
    struct dp_packet *copy;
    struct flow flow;

    ovs_assert(packet->l3_ofs == UINT16_MAX
               || packet->l3_ofs <= dp_packet_size(packet));
    ovs_assert(packet->l4_ofs == UINT16_MAX
               || packet->l4_ofs <= dp_packet_size(packet));

    copy = dp_packet_clone(packet);
    flow_extract(copy, &flow);
    ovs_assert(copy->l3_ofs == packet->l3_ofs);
    ovs_assert(copy->l4_ofs == packet->l4_ofs);
    if (packet->l3_ofs != UINT16_MAX && packet->l4_ofs != UINT16_MAX) {
        ovs_assert(dp_packet_l2_pad_size(copy)
                   == dp_packet_l2_pad_size(packet));
    }
    dp_packet_delete(copy);
}

/* Returns the length of the run of padding at the end of Hop-by-Hop header
 * 'info'. */
static size_t
trailing_pad(const struct ioam6_hbh_info *info)
{
    struct ioam6_hbh_walker w;
    struct ioam6_tlv tlv;
    size_t pad = 0;

    ioam6_hbh_walker_init(&w, info->hbh, info->hbh_len);
    while (ioam6_hbh_walker_next(&w, &tlv) == IOAM6_WALK_TLV) {
        pad = ioam6_tlv_is_pad(&tlv) ? pad + tlv.len : 0;
    }
    return pad;
}

/* The option layout (offset, length and type of each TLV) of the Hop-by-Hop
 * header of 'a' and 'b' are the same. */
static bool
same_tlvs(const struct ioam6_hbh_info *a, const struct ioam6_hbh_info *b)
{
    struct ioam6_hbh_walker wa, wb;
    struct ioam6_tlv ta, tb;
    enum ioam6_walk ra, rb;

    if (a->hbh_len != b->hbh_len) {
        return false;
    }
    ioam6_hbh_walker_init(&wa, a->hbh, a->hbh_len);
    ioam6_hbh_walker_init(&wb, b->hbh, b->hbh_len);
    do {
        ra = ioam6_hbh_walker_next(&wa, &ta);
        rb = ioam6_hbh_walker_next(&wb, &tb);
        if (ra != rb || (ra == IOAM6_WALK_TLV
                         && (ta.ofs != tb.ofs || ta.len != tb.len
                             || ta.type != tb.type))) {
            return false;
        }
    } while (ra == IOAM6_WALK_TLV);
    return true;
}

static void
check_push(struct dp_packet *packet, const struct dp_packet *before,
           const struct ovs_action_push_ioam6 *args, enum ioam6_result r)
{
    struct ioam6_hbh_info bi, ai;
    enum ioam6_hbh_status bs, as;
    struct dp_packet *copy;
    size_t n;

    if (r != IOAM6_PUSHED) {
        ovs_assert(r == IOAM6_SKIPPED);
        ovs_assert(same_packet(packet, before));
        return;
    }

    ovs_assert(ioam6_push_args_valid(args));
    bs = ioam6_packet_hbh_parse(before, &bi);
    ovs_assert(bs != IOAM6_HBH_NOT_IPV6 && bs != IOAM6_HBH_TRUNCATED);
    if (args->mode == IOAM6_MODE_ENCAP) {
        n = IPV6_HEADER_LEN + ioam6_hbh_len(args->size);
    } else if (bs == IOAM6_HBH_ABSENT) {
        n = ioam6_hbh_len(args->size);
    } else {
        ovs_assert(bs == IOAM6_HBH_PRESENT && !bi.n_ioam);
        n = ROUND_UP(12 + args->size, 8);
    }
    ovs_assert(dp_packet_size(packet) == dp_packet_size(before) + n);
    ovs_assert(packet->l3_ofs == before->l3_ofs);
    check_offsets(packet);

    /* A fresh trace is well-formed: it parses, and a fill never drops it. */
    as = ioam6_packet_hbh_parse(packet, &ai);
    ovs_assert(as == IOAM6_HBH_PRESENT && ai.n_ioam >= 1);
    ovs_assert(ai.ip6_len == bi.ip6_len + n);

    copy = dp_packet_clone(packet);
    r = ioam6_fill(copy, &fill_args, &fill_ctx);
    ovs_assert(r == IOAM6_FILLED || r == IOAM6_OVERFLOW
               || r == IOAM6_UNKNOWN_NS);
    dp_packet_delete(copy);

    /* Popping it in the mode it was pushed in restores the packet, except
     * where pop tidies the header that the trace went into: a Hop-by-Hop
     * header of padding only goes away, and a run of 8 or more padding
     * bytes at its end shrinks below 8 (RFC 4942 2.1.9.5).  That holds for
     * an inline trace in front of an inner IPv6 header too, which looks
     * exactly like an encap trace to an "auto" pop. */
    copy = dp_packet_clone(packet);
    r = ioam6_pop(copy, (args->mode == IOAM6_MODE_ENCAP
                         ? IOAM6_POP_ENCAP : IOAM6_POP_INLINE));
    ovs_assert(r == IOAM6_POPPED);
    check_offsets(copy);
    if (args->mode == IOAM6_MODE_ENCAP
        || bs == IOAM6_HBH_ABSENT
        || (bi.n_other && trailing_pad(&bi) < 8)) {
        ovs_assert(same_packet(copy, before));
    }
    dp_packet_delete(copy);
}

static void
check_fill(const struct dp_packet *packet, const struct dp_packet *before,
           enum ioam6_result r)
{
    struct ioam6_hbh_info bi, ai;
    size_t hbh_ofs, hbh_end;

    if (r != IOAM6_FILLED && r != IOAM6_OVERFLOW) {
        ovs_assert(r == IOAM6_NO_IOAM || r == IOAM6_UNKNOWN_NS
                   || r == IOAM6_DROP);
        ovs_assert(same_packet(packet, before));
        return;
    }

    /* Only the inside of the Hop-by-Hop header may change, and not its
     * layout. */
    ovs_assert(ioam6_packet_hbh_parse(before, &bi) == IOAM6_HBH_PRESENT);
    ovs_assert(ioam6_packet_hbh_parse(packet, &ai) == IOAM6_HBH_PRESENT);
    ovs_assert(same_tlvs(&bi, &ai));
    ovs_assert(dp_packet_size(packet) == dp_packet_size(before));
    ovs_assert(packet->l3_ofs == before->l3_ofs);
    ovs_assert(packet->l4_ofs == before->l4_ofs);
    hbh_ofs = packet->l3_ofs + IPV6_HEADER_LEN;
    hbh_end = hbh_ofs + bi.hbh_len;
    ovs_assert(!memcmp(dp_packet_data(packet), dp_packet_data(before),
                       hbh_ofs));
    ovs_assert(!memcmp(dp_packet_at_assert(packet, hbh_end, 0),
                       dp_packet_at_assert(before, hbh_end, 0),
                       dp_packet_size(packet) - hbh_end));
}

static void
check_pop(const struct dp_packet *packet, const struct dp_packet *before,
          enum ioam6_result r)
{
    struct ioam6_hbh_info bi, ai;
    enum ioam6_hbh_status as;
    size_t removed;

    if (r != IOAM6_POPPED) {
        ovs_assert(r == IOAM6_NO_IOAM || r == IOAM6_DROP
                   || r == IOAM6_ECN_DROP);
        ovs_assert(same_packet(packet, before));
        return;
    }

    ovs_assert(ioam6_packet_hbh_parse(before, &bi) == IOAM6_HBH_PRESENT
               && bi.n_ioam);
    /* An IOAM option in a run shorter than 8 bytes turns into padding, so
     * the packet may keep its length. */
    ovs_assert(dp_packet_size(packet) <= dp_packet_size(before));
    removed = dp_packet_size(before) - dp_packet_size(packet);
    ovs_assert(packet->l3_ofs == before->l3_ofs);
    check_offsets(packet);

    if (removed == IPV6_HEADER_LEN + bi.hbh_len) {
        /* RFC 6040, figure 4, indexed by the outer then the inner ECN
         * codepoint (Not-ECT, ECT(1), ECT(0), CE); 4 is a drop. */
        static const uint8_t decap_ecn[4][4] = {
            { 0, 1, 2, 3 }, { 0, 1, 1, 3 }, { 0, 1, 2, 3 }, { 4, 3, 3, 3 },
        };
        const uint8_t *inner = bi.hbh + bi.hbh_len;
        const uint8_t *out = dp_packet_l3(packet);
        uint8_t outer_ecn = ((const uint8_t *) bi.ip6)[1] >> 4 & 3;
        uint8_t ecn = decap_ecn[outer_ecn][inner[1] >> 4 & 3];

        /* Decapsulated: the inner packet is what follows the outer
         * Hop-by-Hop header, but for the ECN bits of its Traffic Class. */
        ovs_assert(bi.hbh[0] == IPPROTO_IPV6);
        ovs_assert(ecn != 4 && out[0] == inner[0]
                   && out[1] == ((inner[1] & ~0x30) | ecn << 4));
        ovs_assert(!memcmp(out + 2, inner + 2,
                           bi.ip6_len - IPV6_HEADER_LEN - bi.hbh_len - 2));
        return;
    }

    /* Inline: whole 8-byte units of the header went, and the Payload Length
     * followed. */
    ovs_assert(removed % 8 == 0 && removed <= bi.hbh_len);
    as = ioam6_packet_hbh_parse(packet, &ai);
    ovs_assert(ai.ip6 && ai.ip6_len == bi.ip6_len - removed);
    if (bi.n_other) {
        /* The header stays, with its other options and no IOAM option. */
        ovs_assert(as == IOAM6_HBH_PRESENT && !ai.n_ioam
                   && ai.n_other == bi.n_other);
        ovs_assert(ai.hbh_len == bi.hbh_len - removed);
    } else {
        /* The whole header went; what followed it comes next. */
        ovs_assert(removed == bi.hbh_len);
        ovs_assert(ai.ip6->ip6_nxt == bi.hbh[0]);
    }
}

/* Builds the packet that 'in' describes, or returns NULL. */
static struct dp_packet *
build_packet(struct input *in, uint8_t mode)
{
    static const size_t headrooms[] = { 0, 6, 64, 320 };
    size_t headroom = headrooms[(mode >> 4) & 3];
    int framing = (mode >> 1) & 3;
    struct dp_packet *packet;

    if (framing == 0 && !in->n) {
        /* OVS never handles an empty packet, and cloning one does pointer
         * arithmetic on a null pointer (UBSan reports it). */
        return NULL;
    }
    packet = dp_packet_new_with_headroom(FUZZ_MAX_FRAME + 128, headroom);
    if (framing == 0) {
        dp_packet_put(packet, in->p, MIN(in->n, FUZZ_MAX_FRAME));
    } else {
        struct ovs_16aligned_ip6_hdr *ip6;
        uint8_t nxt = take8(in);
        int8_t adj = take8(in);
        uint8_t hlim = take8(in);
        size_t len = MIN(in->n, FUZZ_MAX_FRAME);

        if (framing != 2) {
            static const uint8_t eth[] = {
                0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
            };

            dp_packet_put(packet, eth, sizeof eth);
            if (framing == 3) {
                dp_packet_put(packet, "\x81\x00\x00\x2a", 4);
            }
            dp_packet_put(packet, "\x86\xdd", 2);
        } else {
            packet->packet_type = htonl(PT_IPV6);
        }
        ip6 = dp_packet_put_zeros(packet, IPV6_HEADER_LEN);
        put_16aligned_be32(&ip6->ip6_flow, htonl(0x60000000));
        ip6->ip6_plen = htons((len + adj) & 0xffff);
        ip6->ip6_nxt = nxt;
        ip6->ip6_hlim = hlim;
        ip6->ip6_src.be16[0] = htons(0x2001);
        ip6->ip6_dst.be16[0] = htons(0x2001);
        ip6->ip6_dst.be16[7] = htons(2);
        dp_packet_put(packet, in->p, len);
    }
    return packet;
}

/* The raw-buffer parser and the walker on the bytes as they are. */
static void
fuzz_raw_parse(const uint8_t *data, size_t size)
{
    struct ioam6_hbh_walker w;
    struct ioam6_hbh_info info;
    enum ioam6_hbh_status status;
    struct ioam6_tlv tlv;

    status = ioam6_hbh_parse(data, size, &info);
    if (status != IOAM6_HBH_NOT_IPV6 && status != IOAM6_HBH_TRUNCATED) {
        ovs_assert(info.ip6 == (void *) data);
        ovs_assert(info.ip6_len >= IPV6_HEADER_LEN && info.ip6_len <= size);
    }
    if (status == IOAM6_HBH_PRESENT) {
        ovs_assert(info.hbh == data + IPV6_HEADER_LEN);
        ovs_assert(info.hbh_len >= 8 && info.hbh_len % 8 == 0);
        ovs_assert(IPV6_HEADER_LEN + info.hbh_len <= info.ip6_len);
    }

    ioam6_hbh_walker_init(&w, data, size);
    while (ioam6_hbh_walker_next(&w, &tlv) == IOAM6_WALK_TLV) {
        ovs_assert(tlv.len >= 1 && tlv.ofs + tlv.len <= size);
    }
}

static void
fuzz_packet(struct input *in, uint8_t mode)
{
    uint8_t program = take8(in);
    struct ovs_action_push_ioam6 args;
    struct dp_packet *packet;
    bool fixed = mode & 0x08;
    struct flow flow;

    fuzz_raw_parse(in->p, in->n);

    memset(&args, 0, sizeof args);
    args.ns_id = take_be(in, 2);
    args.type = take_be(in, 3);
    args.size = take8(in);
    args.mode = take8(in);
    args.freq_k = args.freq_n = 1;
    if (!(mode & 0x80)) {
        /* Make the arguments valid, so that pushes happen. */
        args.type &= IOAM6_TRACE_TYPE_MASK & ~(IOAM6_TRACE_TYPE_UNDEF
                                               | IOAM6_TRACE_TYPE_RSV);
        if (!args.type) {
            args.type = 0x800000;
        }
        args.size = 4 * (1 + args.size % (IOAM6_TRACE_DATA_SIZE_MAX / 4));
        args.mode &= 1;
        ovs_assert(ioam6_push_args_valid(&args));
    }
    args.src.s6_addr[15] = 1;
    args.dst.s6_addr[15] = 2;

    if (mode & 0x40) {
        /* An OSS of any size for the namespace that push uses. */
        set_ns(args.ns_id, args.size, true, take_be(in, 2) % 1100);
    }

    packet = build_packet(in, mode);
    if (!packet) {
        goto out;
    }
    flow_extract(packet, &flow);
    if (fixed) {
        packet->source = DPBUF_STACK;
    }

    for (int i = 0; i < 4; i++) {
        struct dp_packet *before = dp_packet_clone(packet);
        enum ioam6_result r;

        switch ((program >> (2 * i)) & 3) {
        case 0:
            r = ioam6_fill(packet, &fill_args, &fill_ctx);
            check_fill(packet, before, r);
            break;
        case 1:
            r = ioam6_pop(packet, IOAM6_POP_AUTO);
            check_pop(packet, before, r);
            break;
        case 2:
            r = ioam6_push(packet, &args);
            check_push(packet, before, &args, r);
            break;
        case 3:
        default:
            i = 4;
            break;
        }
        dp_packet_delete(before);
    }

    packet->source = DPBUF_MALLOC;
    dp_packet_delete(packet);
out:
    if (mode & 0x40) {
        reset_registry();
    }
}

/* Parser mode. */

/* Returns true if 'ofpacts' holds IOAM6 actions and nothing else.  (An empty
 * list does not count: it does not survive an encoding round trip, because
 * OVS's decoder refuses the null data of an empty buffer.) */
static bool
ofpacts_all_ioam6(const struct ofpbuf *ofpacts)
{
    const struct ofpact *a;

    if (!ofpacts->size) {
        return false;
    }
    OFPACT_FOR_EACH (a, ofpacts->data, ofpacts->size) {
        if (a->type != OFPACT_PUSH_IOAM6 && a->type != OFPACT_FILL_IOAM6
            && a->type != OFPACT_POP_IOAM6) {
            return false;
        }
    }
    return true;
}

static void
format_ofpacts(const struct ofpbuf *ofpacts, struct ds *s)
{
    struct ofpact_format_params fp = { .s = s };

    ofpacts_format(ofpacts->data, ofpacts->size, &fp);
}

/* OpenFlow: encode 'ofpacts' for 'version', decode the result; the actions
 * must come back the same. */
static void
check_ofpacts_encoding(const struct ofpbuf *ofpacts, enum ofp_version version)
{
    struct ofpbuf openflow, decoded;
    enum ofperr error;

    ofpbuf_init(&openflow, 0);
    ofpbuf_init(&decoded, 0);
    ofpacts_put_openflow_actions(ofpacts->data, ofpacts->size, &openflow,
                                 version);
    error = ofpacts_pull_openflow_actions(&openflow, openflow.size, version,
                                          NULL, NULL, &decoded);
    ovs_assert(!error);
    ovs_assert(ofpacts_equal(ofpacts->data, ofpacts->size,
                             decoded.data, decoded.size));
    ofpbuf_uninit(&openflow);
    ofpbuf_uninit(&decoded);
}

/* OpenFlow check of 'ofpacts' against an IPv6 and an IPv4 match. */
static void
check_ofpacts(struct ofpbuf *ofpacts)
{
    for (int v6 = 0; v6 < 2; v6++) {
        struct ofpact_check_params cp;
        struct match match;

        match_init_catchall(&match);
        match_set_dl_type(&match, htons(v6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP));
        cp = (struct ofpact_check_params) {
            .match = &match,
            .max_ports = OFPP_MAX,
            .table_id = 0,
            .n_tables = 255,
            .usable_protocols = OFPUTIL_P_ANY,
        };
        ofpacts_check(ofpacts->data, ofpacts->size, &cp);
    }
}

static void
fuzz_ofp_text(const char *s)
{
    enum ofputil_protocol usable = OFPUTIL_P_ANY;
    struct ofpbuf ofpacts, again;
    struct ofpact_parse_params pp = {
        .ofpacts = &ofpacts,
        .usable_protocols = &usable,
    };
    struct ds a = DS_EMPTY_INITIALIZER;
    struct ds b = DS_EMPTY_INITIALIZER;
    char *error;

    ofpbuf_init(&ofpacts, 0);
    error = ofpacts_parse_actions(s, &pp);
    if (error) {
        free(error);
        ofpbuf_uninit(&ofpacts);
        return;
    }
    format_ofpacts(&ofpacts, &a);
    check_ofpacts(&ofpacts);

    if (ofpacts_all_ioam6(&ofpacts)) {
        /* IOAM6 actions format into text that parses back to the same
         * actions, and survive OpenFlow encoding. */
        ofpbuf_init(&again, 0);
        pp.ofpacts = &again;
        usable = OFPUTIL_P_ANY;
        error = ofpacts_parse_actions(ds_cstr(&a), &pp);
        if (error) {
            fprintf(stderr, "\"%s\" -> \"%s\": %s\n", s, ds_cstr(&a), error);
        }
        ovs_assert(!error);
        ovs_assert(ofpacts_equal(ofpacts.data, ofpacts.size,
                                 again.data, again.size));
        format_ofpacts(&again, &b);
        ovs_assert(!strcmp(ds_cstr(&a), ds_cstr(&b)));
        ofpbuf_uninit(&again);

        check_ofpacts_encoding(&ofpacts, OFP10_VERSION);
        check_ofpacts_encoding(&ofpacts, OFP13_VERSION);
    }
    ds_destroy(&a);
    ds_destroy(&b);
    ofpbuf_uninit(&ofpacts);
}

static bool
odp_actions_all_ioam6(const struct ofpbuf *actions)
{
    const struct nlattr *a;
    size_t left;

    if (!actions->size) {
        return false;
    }
    NL_ATTR_FOR_EACH (a, left, actions->data, actions->size) {
        enum ovs_action_attr type = nl_attr_type(a);

        if (type != OVS_ACTION_ATTR_IOAM6_PUSH
            && type != OVS_ACTION_ATTR_IOAM6_FILL
            && type != OVS_ACTION_ATTR_IOAM6_POP) {
            return false;
        }
    }
    return true;
}

/* Runs the IOAM6 datapath actions 'actions' on an ICMPv6 packet. */
static void
execute_odp_actions(const struct ofpbuf *actions)
{
    static const char hex[] =
        "00000000000200000000000186dd"
        "6000000000103a40"
        "20010db8000100000000000000000002"
        "20010db8000200000000000000000002"
        "8000000000010001" "0001020304050607";
    struct dp_packet_batch batch;
    struct dp_packet *packet;
    const struct nlattr *a;
    struct flow flow;
    unsigned int left;

    ovs_assert(!eth_from_hex(hex, &packet));
    flow_extract(packet, &flow);
    dp_packet_batch_init_packet(&batch, packet);
    NL_ATTR_FOR_EACH (a, left, actions->data, actions->size) {
        const struct nlattr *action = a;

        /* As odp_execute_actions() does: a push runs with the fill that
         * directly follows it, and 'a' moves on to that fill.  This
         * function owns the packets. */
        ioam6_execute_odp_action(&batch, &a, &left, true);
        if (nl_attr_type(action) == OVS_ACTION_ATTR_IOAM6_PUSH) {
            const struct ovs_action_push_ioam6 *p = nl_attr_get(action);

            /* Text-installed samplers live until freed. */
            ioam6_sampler_free(p->sampler);
        }
    }
    DP_PACKET_BATCH_FOR_EACH (i, packet, &batch) {
        check_offsets(packet);
    }
    dp_packet_delete_batch(&batch, true);
}

static void
fuzz_odp_text(const char *s)
{
    struct ofpbuf actions, again;
    struct ds a = DS_EMPTY_INITIALIZER;
    struct ds b = DS_EMPTY_INITIALIZER;
    int error;

    ofpbuf_init(&actions, 0);
    if (ioam6_parse_odp_action(s, &actions) > 0) {
        ovs_assert(actions.size);
    }
    ofpbuf_clear(&actions);

    error = odp_actions_from_string(s, NULL, &actions);
    if (!error && odp_actions_all_ioam6(&actions)) {
        /* The text form is stable: formatting what the parser made and
         * parsing that gives the same text again. */
        format_odp_actions(&a, actions.data, actions.size, NULL);
        ofpbuf_init(&again, 0);
        error = odp_actions_from_string(ds_cstr(&a), NULL, &again);
        if (error) {
            fprintf(stderr, "\"%s\" -> \"%s\": error %d\n",
                    s, ds_cstr(&a), error);
        }
        ovs_assert(!error);
        format_odp_actions(&b, again.data, again.size, NULL);
        ovs_assert(!strcmp(ds_cstr(&a), ds_cstr(&b)));
        ofpbuf_uninit(&again);

        execute_odp_actions(&actions);
    }
    ds_destroy(&a);
    ds_destroy(&b);
    ofpbuf_uninit(&actions);
}

/* The syntax of the IOAM6 values of the database (ioam6-config.h): what is
 * accepted is in range and reads back the same in decimal and in hex. */
static void
fuzz_config_values(const char *s)
{
    static const uint64_t maxes[] = {
        UINT16_MAX, IOAM6_NODE_ID_NONE, UINT32_MAX, IOAM6_NODE_ID_WIDE_NONE,
        UINT64_MAX,
    };
    char *error;

    for (size_t i = 0; i < ARRAY_SIZE(maxes); i++) {
        uint64_t value, again;
        char buf[32];

        error = ioam6_config_parse_uint("x", s, 0, maxes[i], &value);
        if (error) {
            free(error);
            continue;
        }
        ovs_assert(value <= maxes[i]);
        snprintf(buf, sizeof buf, "%"PRIu64, value);
        ovs_assert(!ioam6_config_parse_uint("x", buf, 0, maxes[i], &again)
                   && again == value);
        snprintf(buf, sizeof buf, "0x%"PRIx64, value);
        ovs_assert(!ioam6_config_parse_uint("x", buf, 0, maxes[i], &again)
                   && again == value);
    }

    error = ioam6_config_check_schema_data("data", s);
    ovs_assert(!error == (strlen(s) <= IOAM6_MAX_SCHEMA_DATA_LEN));
    free(error);
}

/* The OpenFlow decoder on one IOAM6 action whose body comes from 'in'. */
static void
fuzz_ofp_wire(struct input *in, uint8_t mode)
{
    static const uint16_t subtypes[] = { 200, 201, 202, 200 };
    enum ofp_version version = mode & 0x10 ? OFP13_VERSION : OFP10_VERSION;
    uint16_t subtype = subtypes[(mode >> 2) & 3];
    size_t len = subtype == 200 ? 64 : 16;
    struct ofpbuf openflow, ofpacts;
    uint8_t buf[64];
    enum ofperr error;

    if (mode & 0x20) {
        len = MIN(take8(in) & ~7, sizeof buf);
    }
    memset(buf, 0, sizeof buf);
    /* struct nx_action_header: type OFPAT_VENDOR (0xffff), length,
     * vendor NX_VENDOR_ID, subtype. */
    buf[0] = buf[1] = 0xff;
    buf[2] = len >> 8;
    buf[3] = len & 0xff;
    buf[4] = (NX_VENDOR_ID >> 24) & 0xff;
    buf[5] = (NX_VENDOR_ID >> 16) & 0xff;
    buf[6] = (NX_VENDOR_ID >> 8) & 0xff;
    buf[7] = NX_VENDOR_ID & 0xff;
    buf[8] = subtype >> 8;
    buf[9] = subtype & 0xff;
    memcpy(buf + 10, in->p, MIN(in->n, sizeof buf - 10));

    ofpbuf_use_const(&openflow, buf, MAX(len, 16));
    ofpbuf_init(&ofpacts, 0);
    error = ofpacts_pull_openflow_actions(&openflow, openflow.size, version,
                                          NULL, NULL, &ofpacts);
    if (!error) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ovs_assert(ofpacts_all_ioam6(&ofpacts));
        format_ofpacts(&ofpacts, &s);
        check_ofpacts(&ofpacts);
        check_ofpacts_encoding(&ofpacts, version);
        fuzz_ofp_text(ds_cstr(&s));
        ds_destroy(&s);
    }
    ofpbuf_uninit(&ofpacts);
}

static void
fuzz_parsers(struct input *in, uint8_t mode)
{
    char *s;

    if (mode & 0x02) {
        fuzz_ofp_wire(in, mode);
        return;
    }
    s = xmemdup0((const char *) in->p, MIN(in->n, 1024));
    fuzz_ofp_text(s);
    fuzz_odp_text(s);
    fuzz_config_values(s);
    free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialized;
    struct input in = { data, size };
    uint8_t mode;

    if (!initialized) {
        vlog_set_verbosity("off");
        reset_registry();
        initialized = true;
    }
    if (!size) {
        return 0;
    }

    mode = take8(&in);
    if (mode & 1) {
        fuzz_parsers(&in, mode);
    } else {
        fuzz_packet(&in, mode);
    }
    ovsrcu_quiesce();
    return 0;
}
