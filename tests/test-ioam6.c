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
#undef NDEBUG
#include "ioam6-fill.h"
#include "ioam6-hbh.h"
#include "ioam6-ns.h"
#include "ioam6-trace.h"
#include <assert.h>
#include <netinet/ip6.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command-line.h"
#include "coverage.h"
#include "dp-packet.h"
#include "flow.h"
#include "ioam6-compat.h"
#include "openvswitch/dynamic-string.h"
#include "ovs-rcu.h"
#include "ovstest.h"
#include "packets.h"
#include "test-ioam6-bench.h"
#include "util.h"

/* NodeLen of each single trace-type bit, from the reference table of the
 * RFC 9197 field sizes: bits 0-7 and 11 are 4-octet fields (1), bits 8-10
 * are 8-octet fields (2), bits 12-21 count 1 each (Linux 7.0+), bit 22 (the
 * OSS) and bit 23 contribute 0. */
static const unsigned int expected_bit_nodelen[24] = {
    1, 1, 1, 1, 1, 1, 1, 1,     /* 0-7 */
    2, 2, 2,                    /* 8-10 */
    1,                          /* 11 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 12-21 */
    0,                          /* 22 */
    0,                          /* 23 */
};

static void
test_nodelen(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const struct {
        uint32_t type;
        unsigned int nodelen;
    } examples[] = {
        /* The reference's worked examples. */
        { 0x800000, 1 },
        { 0xc00000, 2 },
        { 0x008000, 2 },
        { 0x000002, 0 },
        { 0xfff002, 15 },
    };
    int errors = 0;

    for (int bit = 0; bit < 24; bit++) {
        uint32_t type = UINT32_C(1) << (23 - bit);
        unsigned int got = ioam6_trace_nodelen(type);

        printf("bit %2d type 0x%06"PRIx32" nodelen %u\n", bit, type, got);
        if (got != expected_bit_nodelen[bit]) {
            fprintf(stderr, "bit %d: nodelen %u, expected %u\n",
                    bit, got, expected_bit_nodelen[bit]);
            errors++;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(examples); i++) {
        unsigned int got = ioam6_trace_nodelen(examples[i].type);
        if (got != examples[i].nodelen) {
            fprintf(stderr, "type 0x%06"PRIx32": nodelen %u, expected %u\n",
                    examples[i].type, got, examples[i].nodelen);
            errors++;
        }
    }
    if (errors) {
        exit(1);
    }
}

/* Prints the 'n' bytes at 'p' as hex, 'per_line' bytes a line, each line
 * prefixed by 'indent' and, if 'offsets', by the offset of its first byte. */
static void
print_hex(const void *p_, size_t n, size_t per_line, const char *indent,
          bool offsets)
{
    const uint8_t *p = p_;

    for (size_t i = 0; i < n; i++) {
        if (i % per_line == 0) {
            fputs(indent, stdout);
            if (offsets) {
                printf("%04"PRIxSIZE": ", i);
            }
        } else {
            putchar(' ');
        }
        printf("%02x", p[i]);
        if (i % per_line == per_line - 1 || i == n - 1) {
            putchar('\n');
        }
    }
}

/* The Hop-by-Hop header built for each size of the reference table. */
static void
test_hbh(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const unsigned int sizes[] = { 4, 8, 12, 20, 40, 64, 80, 100,
                                          244 };

    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        unsigned int size = sizes[i];
        size_t len = ioam6_hbh_len(size);
        uint8_t buf[512];

        /* Bytes past the header must stay untouched. */
        memset(buf, 0xaa, sizeof buf);
        ioam6_hbh_build(buf, 58, 123, 0x800000, size);
        for (size_t j = len; j < sizeof buf; j++) {
            if (buf[j] != 0xaa) {
                fprintf(stderr, "size %u: byte %"PRIuSIZE" written\n",
                        size, j);
                exit(1);
            }
        }
        printf("size %u: len %"PRIuSIZE" hdr_ext_len %u opt_data_len %u\n",
               size, len, buf[1], buf[5]);
        print_hex(buf, len, 16, "  ", false);
    }
}

/* Node and namespace configuration of the Linux selftest (node1 is Alpha,
 * node2 is Beta). */
static const struct ovs_action_fill_ioam6 node1_args = {
    .node_id = 1,
    .node_id_wide = { .lo = 11111111 },
    .iif = 0xffff,
    .eif = 101,
    .iif_wide = 0xffffffff,
    .eif_wide = 101101,
};

static const struct ovs_action_fill_ioam6 node2_args = {
    .node_id = 2,
    .node_id_wide = { .lo = 22222222 },
    .iif = 201,
    .eif = 202,
    .iif_wide = 201201,
    .eif_wide = 202202,
};

/* A fixed clock, so that timestamps can be checked exactly. */
static const struct ioam6_fill_ctx test_ctx = {
    .ts_sec = 1700000000,       /* 0x6553f100. */
    .ts_usec = 123456,          /* 0x0001e240. */
};

static const char node1_schema[] = "something that will be 4n-aligned";

static void
set_ns(uint16_t id, uint32_t data, uint64_t data_wide, const char *schema,
       uint32_t schema_id)
{
    struct ioam6_ns_config cfg = {
        .id = id,
        .data = data,
        .data_wide = data_wide,
        .has_schema = schema != NULL,
        .schema_id = schema_id,
        .schema_data = (const uint8_t *) schema,
        .schema_len = schema ? strlen(schema) : 0,
    };
    char *error = ioam6_ns_set(&cfg);

    if (error) {
        fprintf(stderr, "%s\n", error);
        exit(1);
    }
}

/* Registry contents: "node1" is Alpha's, "node2" Beta's, "default" a
 * namespace 123 left at its defaults, "none" empty. */
static void
set_registry(const char *name)
{
    ioam6_ns_clear();
    if (!strcmp(name, "node1")) {
        set_ns(123, 0xdeadbeef, UINT64_C(0xcafec0caf00dc0de), node1_schema,
               777);
    } else if (!strcmp(name, "node2") || !strcmp(name, "default")) {
        set_ns(123, UINT32_MAX, UINT64_MAX, NULL, 0);
    } else if (strcmp(name, "none")) {
        ovs_fatal(0, "%s: unknown registry", name);
    }
}

static const struct ovs_action_fill_ioam6 *
node_args(const char *name)
{
    if (!strcmp(name, "node1")) {
        return &node1_args;
    } else if (!strcmp(name, "node2")) {
        return &node2_args;
    }
    ovs_fatal(0, "%s: unknown node", name);
}

/* Checks the L4 checksum of the innermost IPv6 packet of 'packet', walking
 * the headers from the L3 header independently of the L4 offset. */
static const char *
l4_csum_status(const struct dp_packet *packet)
{
    const uint8_t *l3 = dp_packet_l3(packet);
    size_t size = dp_packet_l3_size(packet);

    for (int depth = 0; l3 && depth < 3; depth++) {
        const struct ovs_16aligned_ip6_hdr *ip6 = (const void *) l3;
        const struct ovs_16aligned_ip6_frag *frag_hdr;
        uint8_t nw_proto, nw_frag = 0;
        const void *data;
        size_t plen;

        if (size < IPV6_HEADER_LEN || l3[0] >> 4 != 6) {
            return "n/a";
        }
        plen = ntohs(ip6->ip6_plen);
        if (plen > size - IPV6_HEADER_LEN) {
            return "n/a";
        }
        data = l3 + IPV6_HEADER_LEN;
        nw_proto = ip6->ip6_nxt;
        if (!ioam6_parse_ipv6_ext_hdrs(&data, &plen, &nw_proto, &nw_frag,
                                       &frag_hdr)) {
            return "n/a";
        }
        if (nw_proto == IPPROTO_IPV6) {
            l3 = data;
            size = plen;
        } else if (nw_proto == IPPROTO_TCP || nw_proto == IPPROTO_UDP
                   || nw_proto == IPPROTO_ICMPV6) {
            return (packet_csum_upperlayer6(ip6, data, nw_proto, plen)
                    ? "BAD" : "ok");
        } else {
            return "n/a";
        }
    }
    return "n/a";
}

/* Prints the state of 'packet': offsets compared with those that
 * flow_extract() finds on a copy, L4 checksum, the Hop-by-Hop header that
 * follows the L3 header, and the whole packet. */
static void
print_packet(const struct dp_packet *packet)
{
    struct dp_packet *copy = dp_packet_clone(packet);
    const uint8_t *l3 = dp_packet_l3(packet);
    struct flow flow;

    flow_extract(copy, &flow);
    printf("offsets: l3 %d l4 %d", packet->l3_ofs == UINT16_MAX
           ? -1 : packet->l3_ofs, packet->l4_ofs == UINT16_MAX
           ? -1 : packet->l4_ofs);
    if (copy->l3_ofs == packet->l3_ofs && copy->l4_ofs == packet->l4_ofs) {
        printf(", flow_extract agrees\n");
    } else {
        printf(", flow_extract: l3 %d l4 %d\n", copy->l3_ofs == UINT16_MAX
               ? -1 : copy->l3_ofs, copy->l4_ofs == UINT16_MAX
               ? -1 : copy->l4_ofs);
    }
    dp_packet_delete(copy);

    printf("l4 csum: %s\n", l4_csum_status(packet));
    if (l3 && dp_packet_l3_size(packet) >= IPV6_HEADER_LEN + 8
        && l3[0] >> 4 == 6 && l3[6] == IPPROTO_HOPOPTS) {
        size_t len = (l3[IPV6_HEADER_LEN + 1] + 1) * 8;

        if (len <= dp_packet_l3_size(packet) - IPV6_HEADER_LEN) {
            printf("hbh:");
            print_hex(l3 + IPV6_HEADER_LEN, len, SIZE_MAX, " ", false);
        }
    }
    printf("packet:\n");
    print_hex(dp_packet_data(packet), dp_packet_size(packet), 16, "  ",
              true);
}

static void
parse_push(const char *s, struct ovs_action_push_ioam6 *args)
{
    char src[64], dst[64];
    unsigned int ns, type, size;
    int n = 0;

    memset(args, 0, sizeof *args);
    if (ovs_scan(s, "push=inline,%u,%i,%u%n", &ns, &type, &size, &n)
        && !s[n]) {
        args->mode = IOAM6_MODE_INLINE;
    } else if (ovs_scan(s, "push=encap,%u,%i,%u,%63[^,],%63s",
                        &ns, &type, &size, src, dst)
               && ipv6_parse(src, &args->src)
               && ipv6_parse(dst, &args->dst)) {
        args->mode = IOAM6_MODE_ENCAP;
    } else {
        ovs_fatal(0, "%s: bad push", s);
    }
    args->ns_id = ns;
    args->type = type;
    args->size = size;
}

/* packet HEX OP...: runs the operations on the Ethernet packet HEX, after
 * flow_extract() has set its offsets.  Operations:
 *
 *   ns=node1|node2|default|none        Sets the registry.
 *   push=inline,NS,TYPE,SIZE           Pushes a trace inline.
 *   push=encap,NS,TYPE,SIZE,SRC,DST    Pushes a trace, encapsulated.
 *   fill=node1|node2                   Fills with a node's identifiers.
 *   pop                                Pops the trace.
 *   dec-hlim                           Decrements the IPv6 hop limit.
 *   tso                                Marks the packet for TSO.
 *   orig                               Compares with the input.
 *
 * After each push, fill or pop, prints the outcome, then "unchanged" or the
 * new state of the packet. */
static void
test_packet(struct ovs_cmdl_context *ctx)
{
    struct dp_packet *packet, *orig;
    struct flow flow;
    const char *error;

    error = eth_from_hex(ctx->argv[1], &packet);
    if (error) {
        ovs_fatal(0, "%s", error);
    }
    flow_extract(packet, &flow);
    orig = dp_packet_clone(packet);
    printf("input: ");
    print_packet(packet);

    for (int i = 2; i < ctx->argc; i++) {
        const char *op = ctx->argv[i];
        struct dp_packet *before = dp_packet_clone(packet);
        struct ovs_action_push_ioam6 push_args;
        enum ioam6_result result;
        uint16_t l4_ofs = packet->l4_ofs;

        if (!strncmp(op, "ns=", 3)) {
            set_registry(op + 3);
            dp_packet_delete(before);
            continue;
        } else if (!strcmp(op, "dec-hlim")) {
            uint8_t *l3 = dp_packet_l3(packet);

            l3[7]--;
            dp_packet_delete(before);
            continue;
        } else if (!strcmp(op, "tso")) {
            ioam6_packet_set_tso(packet, 1000);
            dp_packet_delete(before);
            continue;
        } else if (!strcmp(op, "orig")) {
            printf("orig: %s\n", dp_packet_equal(packet, orig)
                   && packet->l3_ofs == orig->l3_ofs
                   && packet->l4_ofs == orig->l4_ofs
                   ? "same as input" : "differs from input");
            dp_packet_delete(before);
            continue;
        } else if (!strncmp(op, "push=", 5)) {
            parse_push(op, &push_args);
            result = ioam6_push(packet, &push_args);
        } else if (!strncmp(op, "fill=", 5)) {
            result = ioam6_fill(packet, node_args(op + 5), &test_ctx);
        } else if (!strcmp(op, "pop")) {
            result = ioam6_pop(packet, IOAM6_POP_AUTO);
        } else if (!strncmp(op, "pop=", 4)) {
            enum ioam6_pop_mode mode;

            if (!ioam6_pop_mode_from_string(op + 4, &mode)) {
                ovs_fatal(0, "%s: unknown pop mode", op);
            }
            result = ioam6_pop(packet, mode);
        } else {
            ovs_fatal(0, "%s: unknown operation", op);
        }

        printf("%s: %s\n", op, ioam6_result_to_string(result));
        if (dp_packet_equal(packet, before)
            && packet->l3_ofs == before->l3_ofs && packet->l4_ofs == l4_ofs) {
            printf("unchanged\n");
        } else {
            print_packet(packet);
        }
        dp_packet_delete(before);
    }
    dp_packet_delete(orig);
    dp_packet_delete(packet);
}

/* An ICMPv6 Echo Request from Alpha (2001:db8:1::2) to Gamma
 * (2001:db8:2::2), hop limit 64, as the selftest's ping. */
static struct dp_packet *
selftest_packet(void)
{
    static const char hex[] =
        "0000000000020000000000010800"                     /* Ethernet. */
        "6000000000103a40"                                 /* IPv6. */
        "20010db8000100000000000000000002"
        "20010db8000200000000000000000002"
        "8000000000010001" "0001020304050607";             /* ICMPv6. */
    struct dp_packet *packet;
    struct flow flow;
    uint8_t *p;

    ovs_assert(!eth_from_hex(hex, &packet));
    p = dp_packet_data(packet);
    p[12] = 0x86;                       /* Ethertype IPv6. */
    p[13] = 0xdd;
    flow_extract(packet, &flow);
    return packet;
}

struct selftest {
    const char *name;
    uint16_t ns;
    uint32_t type;
    unsigned int size;
};

/* Runs one selftest case: Alpha pushes and fills; for input tests Beta then
 * decrements the hop limit, as a router does, and fills.  Checks the framing
 * against the reference layout and prints the trace. */
static void
run_selftest(const struct selftest *t, bool input, enum ioam6_mode mode,
             const char *alpha_registry)
{
    struct dp_packet *packet = selftest_packet();
    struct ovs_action_push_ioam6 args = {
        .type = t->type,
        .ns_id = t->ns,
        .size = t->size,
        .mode = mode,
    };
    unsigned int size = t->size;
    unsigned int hdr_ext_len = (16 + size + size % 8) / 8 - 1;
    unsigned int remlen, nodelen, overflow;
    uint8_t *hbh, *trace, *data;
    enum ioam6_result r;
    char name[64];
    bool zero;

    snprintf(name, sizeof name, "%s_%s", input ? "input" : "output",
             t->name);
    ipv6_parse("2001:db8:1::2", &args.src);
    ipv6_parse("2001:db8:2::2", &args.dst);

    set_registry(alpha_registry);
    r = ioam6_push(packet, &args);
    if (r != IOAM6_PUSHED) {
        ovs_fatal(0, "%s: push %s", name, ioam6_result_to_string(r));
    }
    ioam6_fill(packet, &node1_args, &test_ctx);
    if (input) {
        uint8_t *l3 = dp_packet_l3(packet);

        set_registry("node2");
        l3[7]--;
        ioam6_fill(packet, &node2_args, &test_ctx);
    }

    /* Framing, as the selftest parser checks it. */
    hbh = (uint8_t *) dp_packet_l3(packet) + IPV6_HEADER_LEN;
    trace = hbh + 8;
    data = trace + 8;
    if (((uint8_t *) dp_packet_l3(packet))[6] != 0
        || hbh[0] != (mode == IOAM6_MODE_ENCAP ? 41 : 58)
        || hbh[1] != hdr_ext_len
        || hbh[2] != 1 || hbh[3] != 0
        || hbh[4] != 0x31 || hbh[5] != 10 + size
        || hbh[6] != 0 || hbh[7] != 0
        || (size % 8 && memcmp(data + size, "\x01\x02\x00\x00", 4))
        || trace[0] != t->ns >> 8 || trace[1] != (t->ns & 0xff)
        || trace[4] != t->type >> 16 || trace[5] != ((t->type >> 8) & 0xff)
        || trace[6] != (t->type & 0xff) || trace[7] != 0
        || trace[3] & 0x80) {
        fprintf(stderr, "%s: bad framing\n", name);
        print_hex(hbh, (hdr_ext_len + 1) * 8, 16, "  ", true);
        exit(1);
    }

    overflow = !!(trace[2] & 0x04);
    nodelen = trace[2] >> 3;
    remlen = trace[3] & 0x7f;
    zero = true;
    for (size_t i = 0; i < remlen * 4; i++) {
        zero = zero && !data[i];
    }
    printf("%s: O=%u NodeLen %u RemLen %u, free %u %s:", name, overflow,
           nodelen, remlen, remlen * 4, zero ? "zero" : "NOT ZERO");
    if (remlen * 4 == size) {
        printf(" no data\n");
    } else {
        for (size_t i = remlen * 4; i < size; i += 4) {
            printf("%s%02x%02x%02x%02x",
                   (i - remlen * 4) % 32 ? " " : i > remlen * 4 ? "\n  "
                                                                  : " ",
                   data[i], data[i + 1], data[i + 2], data[i + 3]);
        }
        printf("\n");
    }
    dp_packet_delete(packet);
}

/* selftest output|input inline|encap: the OUTPUT and INPUT cases of the
 * Linux selftest (tools/testing/selftests/net/ioam6.sh). */
static void
test_selftest(struct ovs_cmdl_context *ctx)
{
    static const struct selftest output_tests[] = {
        { "undef_ns", 0, 0x800000, 4 },
        { "no_room", 123, 0xc00000, 4 },
        { "no_room_oss", 123, 0x000002, 4 },
    };
    static const struct selftest input_tests[] = {
        { "undef_ns", 0, 0x800000, 4 },
        { "no_room", 123, 0xc00000, 4 },
        { "no_room_oss", 123, 0x000002, 4 },
    };
    static const struct selftest full[2] = {
        { "full_supp_trace", 123, 0xfff002, 100 },
        { "full_supp_trace", 123, 0xfff002, 64 },
    };
    bool input = !strcmp(ctx->argv[1], "input");
    enum ioam6_mode mode = (!strcmp(ctx->argv[2], "encap")
                            ? IOAM6_MODE_ENCAP : IOAM6_MODE_INLINE);
    const char *alpha = input ? "none" : "node1";
    const struct selftest *tests = input ? input_tests : output_tests;

    for (size_t i = 0; i < ARRAY_SIZE(output_tests); i++) {
        run_selftest(&tests[i], input, mode, alpha);
    }
    if (input) {
        /* Alpha knows namespace 123 but overflows, so Beta must not touch
         * the trace. */
        static const struct selftest oflag = { "oflag", 123, 0xc00000, 4 };
        run_selftest(&oflag, input, mode, "default");
    }
    for (int bit = 0; bit <= 22; bit++) {
        struct selftest t;
        char name[16];

        if (bit >= 12 && bit <= 21) {
            continue;
        }
        snprintf(name, sizeof name, "bit%d", bit);
        t.name = name;
        t.ns = 123;
        t.type = UINT32_C(1) << (23 - bit);
        t.size = (bit >= 8 && bit <= 10 ? 8
                  : bit == 22 && !input ? 40 : 4);
        run_selftest(&t, input, mode, alpha);
    }
    for (unsigned int size = 4; size <= 244; size += 4) {
        struct selftest t;
        char name[16];

        snprintf(name, sizeof name, "size%u", size);
        t.name = name;
        t.ns = input ? 123 : 0;
        t.type = 0x800000;
        t.size = size;
        run_selftest(&t, input, mode, alpha);
    }
    run_selftest(&full[input], input, mode, alpha);
}

/* RemainingLen 0 overflows even for a node that adds nothing: bit 23
 * alone, NodeLen 0. */
static void
undef_bits_remlen0(void)
{
    struct dp_packet *packet = selftest_packet();
    struct ovs_action_push_ioam6 args = {
        .type = 0x800000, .ns_id = 123, .size = 4,
        .mode = IOAM6_MODE_INLINE,
    };
    uint8_t *trace;
    enum ioam6_result r;

    ovs_assert(ioam6_push(packet, &args) == IOAM6_PUSHED);
    trace = (uint8_t *) dp_packet_l3(packet) + IPV6_HEADER_LEN + 8;
    trace[2] = 0;
    trace[3] = 0;
    trace[4] = 0;
    trace[6] = 1;
    r = ioam6_fill(packet, &node2_args, &test_ctx);
    printf("bit 23, RemLen 0: %s, hdr", ioam6_result_to_string(r));
    print_hex(trace, 12, SIZE_MAX, " ", false);
    dp_packet_delete(packet);
}

/* Trace-type bits 12 to 21, refused at configuration, are filled with all
 * ones when received; bit 23 adds nothing. */
static void
test_undef_bits(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    for (int bit = 12; bit <= 23; bit++) {
        uint32_t type = UINT32_C(1) << (23 - bit);
        struct dp_packet *packet;
        struct ovs_action_push_ioam6 args = {
            .type = 0x800000, .ns_id = 123, .size = 8,
            .mode = IOAM6_MODE_INLINE,
        };
        uint8_t *trace;
        enum ioam6_result r;

        if (bit == 22) {
            continue;           /* The OSS, not an undefined bit. */
        }
        packet = selftest_packet();
        ovs_assert(ioam6_push(packet, &args) == IOAM6_PUSHED);
        /* Rewrite the type and NodeLen as a foreign encapsulator would. */
        trace = (uint8_t *) dp_packet_l3(packet) + IPV6_HEADER_LEN + 8;
        trace[2] = (bit == 23 ? 0 : 1) << 3;
        trace[4] = type >> 16;
        trace[5] = type >> 8;
        trace[6] = type;
        set_registry("node2");
        r = ioam6_fill(packet, &node2_args, &test_ctx);
        printf("bit %d: %s, hdr", bit, ioam6_result_to_string(r));
        print_hex(trace, 16, SIZE_MAX, " ", false);
        dp_packet_delete(packet);
    }

    undef_bits_remlen0();
}

/* walk HEX: walks the TLVs of the Hop-by-Hop header HEX. */
static void
test_walk(struct ovs_cmdl_context *ctx)
{
    struct ioam6_hbh_walker walker;
    struct ioam6_tlv tlv;
    struct dp_packet *buf;
    enum ioam6_walk walk;
    size_t n;

    buf = dp_packet_new(0);
    if (dp_packet_put_hex(buf, ctx->argv[1], &n)[0]) {
        ovs_fatal(0, "%s: bad hex", ctx->argv[1]);
    }
    ioam6_hbh_walker_init(&walker, dp_packet_data(buf), n);
    while ((walk = ioam6_hbh_walker_next(&walker, &tlv)) == IOAM6_WALK_TLV) {
        printf("ofs %"PRIuSIZE" type 0x%02x len %"PRIuSIZE"%s\n", tlv.ofs,
               tlv.type, tlv.len, ioam6_tlv_is_pad(&tlv) ? " (pad)" : "");
    }
    printf("%s\n", walk == IOAM6_WALK_END ? "end" : "malformed");
    dp_packet_delete(buf);
}

/* Returns a copy of 'src' in a buffer of fixed size, as DPDK's and
 * AF_XDP's are, with 'headroom' and 'tailroom' bytes around the data.  The
 * caller frees '*bufp' after deleting the packet. */
static struct dp_packet *
fixed_packet(const struct dp_packet *src, size_t headroom, size_t tailroom,
             uint8_t **bufp)
{
    size_t size = dp_packet_size(src);
    size_t allocated = headroom + size + tailroom;
    struct dp_packet *packet = xmalloc(sizeof *packet);
    struct flow flow;

    *bufp = xmalloc(allocated);
    dp_packet_use_stub(packet, *bufp, allocated);
    dp_packet_reserve(packet, headroom);
    dp_packet_put(packet, dp_packet_data(src), size);
    packet->source = DPBUF_STACK;
    flow_extract(packet, &flow);
    return packet;
}

/* Compares 'packet', pushed into a fixed-size buffer, with 'ref', the same
 * pushes into an ordinary one: bytes and header offsets. */
static const char *
same_as_ref(const struct dp_packet *packet, const struct dp_packet *ref)
{
    return (dp_packet_equal(packet, ref)
            && packet->l2_5_ofs == ref->l2_5_ofs
            && packet->l3_ofs == ref->l3_ofs
            && packet->l4_ofs == ref->l4_ofs
            ? "same as malloc push" : "DIFFERS");
}

/* The counters of the pushes that found no headroom. */
static void
read_room_counters(unsigned long long int counts[3])
{
    static const char *const names[3] = {
        "ioam6_push_shifted", "ioam6_push_copied", "ioam6_push_no_room",
    };

    for (size_t i = 0; i < 3; i++) {
        if (!coverage_read_counter(names[i], &counts[i])) {
            ovs_fatal(0, "%s: no such coverage counter", names[i]);
        }
    }
}

/* A Hop-by-Hop header close to the 2048-byte limit: an inline push must
 * refuse to go past it.  A buffer that cannot be reallocated must have the
 * headroom. */
static void
test_limits(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const size_t hbh_lens[] = { 1792, 1800 };

    for (size_t i = 0; i < ARRAY_SIZE(hbh_lens); i++) {
        struct dp_packet *packet = selftest_packet();
        struct ovs_action_push_ioam6 args = {
            .type = 0x800000, .ns_id = 123, .size = 244,
            .mode = IOAM6_MODE_INLINE,
        };
        size_t len = hbh_lens[i];
        struct ovs_16aligned_ip6_hdr *ip6;
        uint8_t *hbh, *l3;
        size_t ofs;
        struct flow flow;
        enum ioam6_result r;

        /* Insert a Hop-by-Hop header of 'len' bytes: a Router Alert, then
         * options of the experimental type 0x3e (RFC 4727), whose action
         * bits 00 make a receiver skip them.  PadN would not do: a run of
         * padding longer than 7 bytes makes the header invalid. */
        dp_packet_put_uninit(packet, len);
        l3 = dp_packet_l3(packet);
        memmove(l3 + IPV6_HEADER_LEN + len, l3 + IPV6_HEADER_LEN, 16);
        hbh = l3 + IPV6_HEADER_LEN;
        memset(hbh, 0, len);
        hbh[0] = 58;
        hbh[1] = len / 8 - 1;
        memcpy(hbh + 2, "\x05\x02\x00\x00", 4);
        ofs = 6;
        while (ofs < len) {
            size_t pad = MIN(len - ofs, 257);

            if (len - ofs - pad == 1) {
                pad--;
            }
            hbh[ofs] = 0x3e;
            hbh[ofs + 1] = pad - 2;
            ofs += pad;
        }
        ip6 = (void *) l3;
        ip6->ip6_nxt = 0;
        ip6->ip6_plen = htons(len + 16);
        flow_extract(packet, &flow);

        r = ioam6_push(packet, &args);
        printf("hbh %"PRIuSIZE" + 256: %s", len, ioam6_result_to_string(r));
        l3 = dp_packet_l3(packet);
        printf(", hdr ext len %u, l4 at l3 + %d\n", l3[IPV6_HEADER_LEN + 1],
               packet->l4_ofs - packet->l3_ofs);
        dp_packet_delete(packet);
    }

    /* Buffers that OVS cannot reallocate, as DPDK's and AF_XDP's: a push
     * uses the headroom, or moves the data into the tailroom, or, if
     * allowed, continues in a copy.  Each result must equal the push into
     * an ordinary buffer. */
    static const struct {
        size_t headroom, tailroom;
        bool may_copy;
    } rooms[] = {
        { 304, 0, false }, { 64, 0, false }, { 64, 512, false },
        { 128, 534, false },
        { 2, 300, false }, { 0, 100, false }, { 0, 100, true },
    };
    for (size_t h = 0; h < ARRAY_SIZE(rooms); h++) {
        static const uint8_t sizes[] = { 4, 244 };

        for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
            for (int mode = IOAM6_MODE_INLINE; mode <= IOAM6_MODE_ENCAP;
                 mode++) {
                struct ovs_action_push_ioam6 args = {
                    .type = 0x800000, .ns_id = 123, .size = sizes[i],
                    .mode = mode,
                };
                struct dp_packet *ref = selftest_packet();
                unsigned long long int before[3], after[3];
                struct ioam6_push_ctx pctx;
                uint8_t *trace;
                struct dp_packet *packet;
                enum ioam6_result r;
                uint8_t *buf;

                packet = fixed_packet(ref, rooms[h].headroom,
                                      rooms[h].tailroom, &buf);
                ioam6_push(ref, &args);
                read_room_counters(before);
                ioam6_push_ctx_init(&pctx, &args);
                r = ioam6_push_may_copy(&packet, &pctx, rooms[h].may_copy,
                                        &trace);
                ioam6_result_count(r);
                read_room_counters(after);
                printf("fixed buffer, head %"PRIuSIZE" tail %"PRIuSIZE"%s, "
                       "%s, size %u: %s, shifted %llu copied %llu "
                       "no-room %llu, %s, head left %"PRIuSIZE", %s\n",
                       rooms[h].headroom, rooms[h].tailroom,
                       rooms[h].may_copy ? " (may copy)" : "",
                       mode == IOAM6_MODE_ENCAP ? "encap" : "inline",
                       sizes[i], ioam6_result_to_string(r),
                       after[0] - before[0], after[1] - before[1],
                       after[2] - before[2],
                       packet->source == DPBUF_STACK ? "in place" : "copy",
                       dp_packet_headroom(packet),
                       (r != IOAM6_PUSHED ? "no trace"
                        : same_as_ref(packet, ref)));
                dp_packet_delete(packet);
                dp_packet_delete(ref);
                free(buf);
            }
        }
    }
}

/* Header pushes after an IOAM6 push that used up the headroom of a buffer
 * that OVS cannot reallocate, as DPDK's and AF_XDP's: OVS's own pushes (a
 * VLAN tag, a tunnel header) move the data into the tailroom instead of
 * aborting, keep its alignment, and give the same packet as in an ordinary
 * buffer. */
static void
test_later_push(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const struct {
        size_t tailroom;
        const char *pushes;     /* 'v': a VLAN tag, 't': a 70-byte header. */
    } cases[] = {
        { 600, "vtv" }, { 12, "v" },
    };
    uint8_t tnl_hdr[70];

    for (size_t i = 0; i < sizeof tnl_hdr; i++) {
        tnl_hdr[i] = i;
    }
    for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
        /* 112 bytes of trace data: a 128-byte push, all the headroom. */
        struct ovs_action_push_ioam6 args = {
            .type = 0xc00000, .ns_id = 123, .size = 112,
            .mode = IOAM6_MODE_INLINE,
        };
        struct dp_packet *ref = selftest_packet();
        struct dp_packet *packet;
        enum ioam6_result r;
        uint8_t *buf;

        packet = fixed_packet(ref, 128, cases[c].tailroom, &buf);
        ioam6_push(ref, &args);
        r = ioam6_push(packet, &args);
        printf("head 128 tail %"PRIuSIZE", push_ioam6 size 112: %s, "
               "head left %"PRIuSIZE"\n", cases[c].tailroom,
               ioam6_result_to_string(r), dp_packet_headroom(packet));
        for (const char *p = cases[c].pushes; *p; p++) {
            unsigned long long int before, after;

            coverage_read_counter("ioam6_headroom_shifted", &before);
            if (*p == 'v') {
                eth_push_vlan(ref, htons(ETH_TYPE_VLAN_8021Q), htons(10));
                eth_push_vlan(packet, htons(ETH_TYPE_VLAN_8021Q), htons(10));
            } else {
                memcpy(dp_packet_push_uninit(ref, sizeof tnl_hdr), tnl_hdr,
                       sizeof tnl_hdr);
                memcpy(dp_packet_push_uninit(packet, sizeof tnl_hdr),
                       tnl_hdr, sizeof tnl_hdr);
            }
            coverage_read_counter("ioam6_headroom_shifted", &after);
            printf("  then %s: shifted %llu, head left %"PRIuSIZE", "
                   "tail left %"PRIuSIZE", %s\n",
                   *p == 'v' ? "a VLAN tag" : "a 70-byte header",
                   after - before, dp_packet_headroom(packet),
                   dp_packet_tailroom(packet),
                   same_as_ref(packet, ref));
        }
        dp_packet_delete(packet);
        dp_packet_delete(ref);
        free(buf);
    }
}

static void
print_registry(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ioam6_ns_format(&s);
    printf("%"PRIuSIZE" namespaces\n%s", ioam6_ns_count(), ds_cstr(&s));
    ds_destroy(&s);
}

static void
try_set(const struct ioam6_ns_config *cfg)
{
    char *error = ioam6_ns_set(cfg);

    printf("set %"PRIu16": %s\n", cfg->id, error ? error : "ok");
    free(error);
}

/* Namespace registry: set, replace, delete, format, errors. */
static void
test_registry(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const uint8_t big[IOAM6_MAX_SCHEMA_DATA_LEN + 1];
    struct ioam6_ns_config cfg = {
        .id = 123, .data = 0xdeadbeef,
        .data_wide = UINT64_C(0xcafec0caf00dc0de),
        .has_schema = true, .schema_id = 777,
        .schema_data = (const uint8_t *) node1_schema,
        .schema_len = strlen(node1_schema),
    };

    print_registry();
    try_set(&cfg);
    cfg.id = 5;
    cfg.data = UINT32_MAX;
    cfg.data_wide = UINT64_MAX;
    cfg.has_schema = false;
    try_set(&cfg);
    cfg.id = 65535;
    cfg.data = 0;
    cfg.data_wide = 0;
    cfg.has_schema = true;
    cfg.schema_id = IOAM6_SCHEMA_ID_MAX;
    cfg.schema_data = big;
    cfg.schema_len = IOAM6_MAX_SCHEMA_DATA_LEN;
    try_set(&cfg);
    print_registry();

    /* Errors leave the registry unchanged. */
    cfg.id = 7;
    cfg.schema_id = IOAM6_SCHEMA_ID_MAX + 1;
    try_set(&cfg);
    cfg.schema_id = 1;
    cfg.schema_len = IOAM6_MAX_SCHEMA_DATA_LEN + 1;
    try_set(&cfg);
    cfg.id = 123;
    cfg.schema_len = 0;
    cfg.schema_data = NULL;
    cfg.schema_id = 0x1000000;
    try_set(&cfg);
    print_registry();

    /* Replace namespace 123 by one without schema; delete 5. */
    cfg.id = 123;
    cfg.data = 1;
    cfg.data_wide = 2;
    cfg.has_schema = false;
    try_set(&cfg);
    printf("del 5: %s\n", ioam6_ns_del(5) ? "true" : "false");
    printf("del 5: %s\n", ioam6_ns_del(5) ? "true" : "false");
    print_registry();

    ioam6_ns_clear();
    print_registry();
    ovsrcu_quiesce();
}

/* Outcome names. */
static void
test_results(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    for (int r = IOAM6_PUSHED; r <= IOAM6_NO_ROOM; r++) {
        printf("%d %s\n", r, ioam6_result_to_string(r));
    }
}

static const struct ovs_cmdl_command commands[] = {
    {"nodelen", NULL, 0, 0, test_nodelen, OVS_RO},
    {"hbh", NULL, 0, 0, test_hbh, OVS_RO},
    {"packet", "HEX [OP]...", 1, INT_MAX, test_packet, OVS_RO},
    {"selftest", "output|input inline|encap", 2, 2, test_selftest, OVS_RO},
    {"undef-bits", NULL, 0, 0, test_undef_bits, OVS_RO},
    {"limits", NULL, 0, 0, test_limits, OVS_RO},
    {"later-push", NULL, 0, 0, test_later_push, OVS_RO},
    {"walk", "HEX", 1, 1, test_walk, OVS_RO},
    {"registry", NULL, 0, 0, test_registry, OVS_RO},
    {"results", NULL, 0, 0, test_results, OVS_RO},
    {"benchmark", "[--iterations N] [--rounds R] [--quick] [--case NAME]...",
     0, INT_MAX,
     test_ioam6_benchmark, OVS_RO},
    {"pktgen", "IFNAME FRAME-SIZE TRACE-SIZE SECONDS", 4, 4,
     test_ioam6_pktgen, OVS_RO},
    {"pcap", "FILE FRAME-SIZE TRACE-SIZE", 3, 3, test_ioam6_pcap, OVS_RO},
    {"fused", NULL, 0, 0, test_ioam6_fused, OVS_RO},
    {NULL, NULL, 0, 0, NULL, OVS_RO},
};

static void
test_ioam6_main(int argc, char *argv[])
{
    struct ovs_cmdl_context ctx = {
        .argc = argc - 1,
        .argv = argv + 1,
    };
    ovs_cmdl_run_command(&ctx, commands);
}

OVSTEST_REGISTER("test-ioam6", test_ioam6_main);
