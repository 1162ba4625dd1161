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

/* Performance subcommands of "ovstest test-ioam6".
 *
 * "benchmark" runs batches of packets through odp_execute_actions() with
 * datapath actions parsed from their text form, as dpif-netdev runs them,
 * and prints the cost per packet of each case next to baselines measured in
 * the same run.  "pktgen" is the packet source of the datapath benchmark
 * (scripts/bench-dp). */

#include <config.h>
#include "test-ioam6-bench.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#endif

#include "command-line.h"
#include "coverage.h"
#include "dp-packet.h"
#include "flow.h"
#include "ioam6-compat.h"
#include "ioam6-hbh.h"
#include "ioam6-ns.h"
#include "netdev-native-tnl.h"
#include "netlink.h"
#include "odp-execute.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/util.h"
#include "packets.h"
#include "pcap-file.h"
#include "sset.h"
#include "timeval.h"
#include "util.h"

/* Packets per batch, as a PMD or netdev-linux receives them. */
#define BENCH_BATCH NETDEV_MAX_BURST

/* The receive buffer of netdev-linux for a 1500-byte MTU. */
#define BENCH_RX_LEN (VLAN_ETH_HEADER_LEN + ETH_PAYLOAD_MAX)

/* Headroom of a packet received on netdev-linux: DP_NETDEV_HEADROOM of OVS
 * 3.1 (a VLAN tag and 2 bytes of alignment), and the same plus the largest
 * header that push_ioam6 inserts. */
#define BENCH_STOCK_HEADROOM (2 + VLAN_HEADER_LEN)
#define BENCH_IOAM6_HEADROOM (BENCH_STOCK_HEADROOM + IOAM6_ENCAP_MAX_LEN)

/* Headroom of the packets that the in-place model reuses. */
#define BENCH_INPLACE_HEADROOM 512

#define BENCH_RSS_HASH 0x2a2a2a2a

/* The namespace of every trace, and the fill used everywhere. */
#define BENCH_NS "123"
#define BENCH_FILL \
    "fill_ioam6(node=1,node_wide=1,iif=1,eif=2,iif_wide=1,eif_wide=2)"
#define BENCH_PUSH(TYPE, SIZE) \
    "push_ioam6(ns=" BENCH_NS ",type=" TYPE ",size=" SIZE ")"
#define BENCH_PUSH_ENCAP(TYPE, SIZE) \
    "push_ioam6(ns=" BENCH_NS ",type=" TYPE ",size=" SIZE \
    ",mode=encap,tun_src=2001:db8::a,tun_dst=2001:db8::b)"

/* A VXLAN-over-IPv6 header (14 + 40 + 8 + 8 = 70 bytes, close to an encap
 * push of 8 to 40 bytes), as ofproto-dpif-xlate builds it. */
#define BENCH_TNL_PUSH(CSUM) \
    "tnl_push(tnl_port(4789),header(size=70,type=4," \
    "eth(dst=f8:bc:12:44:34:b6,src=aa:55:aa:55:00:00,dl_type=0x86dd)," \
    "ipv6(src=2001:cafe::88,dst=2001:cafe::92,label=0,proto=17," \
    "tclass=0x0,hlimit=64),udp(src=0,dst=4789,csum=" CSUM ")," \
    "vxlan(flags=0x8000000,vni=0x7b)),out_port(100))"

enum bench_model {
    BENCH_FRESH,                /* A new buffer per packet and batch. */
    BENCH_INPLACE,              /* The same packets, re-armed per batch. */
};

struct bench_case {
    const char *name;
    const char *actions;        /* Datapath actions, "" for none. */
    bool changes;               /* Must leave the packet changed. */
};

struct bench_group {
    const char *title;
    const char *summary;        /* Row of the summary, for a group whose
                                 * only case is its second one. */
    enum bench_model model;
    size_t headroom;            /* BENCH_FRESH only. */
    const char *trace;          /* Push that makes the template, or NULL
                                 * for a plain IPv6/UDP frame. */
    const struct bench_case *cases;
    size_t n_cases;
};

/* The frame that a group's packets start as. */
struct bench_template {
    struct dp_packet *packet;   /* With offsets as miniflow_extract() sets
                                 * them. */
    size_t rearm_len;           /* Bytes in front of the UDP payload, the
                                 * only ones that actions change. */
};

struct bench_run {
    size_t frame;
    const struct bench_group *group;
    const struct bench_case *c;
    const struct bench_template *tmpl;
    struct ofpbuf odp;          /* Parsed 'c->actions'. */
    double best_ns;             /* Best time per packet over the rounds. */
    size_t out_size;            /* Size of a packet after the actions. */
    const struct bench_run *base;   /* Baseline of the group. */
};

/* A reused packet of the in-place model. */
struct bench_slot {
    struct dp_packet *packet;
    void *data;                 /* Where the armed frame starts. */
    void *base;                 /* Its buffer, to catch reallocations. */
};

static const struct bench_case push_cases[] = {
    { "none (baseline)", "", false },
    { "push_vlan", "push_vlan(vid=10,pcp=0)", true },
    { "push_mpls", "push_mpls(label=10,tc=0,ttl=64,bos=1,eth_type=0x8847)",
      true },
    { "tnl_push vxlan6 70B, no csum", BENCH_TNL_PUSH("0x0"), true },
    { "tnl_push vxlan6 70B, udp csum", BENCH_TNL_PUSH("0xffff"), true },
    { "push_ioam6 inline 8", BENCH_PUSH("0xf00000", "8"), true },
    { "push_ioam6 inline 40", BENCH_PUSH("0xf00000", "40"), true },
    { "push_ioam6 inline 120", BENCH_PUSH("0xf00000", "120"), true },
    { "push_ioam6 inline 244", BENCH_PUSH("0xf00000", "244"), true },
    { "push_ioam6 encap 8", BENCH_PUSH_ENCAP("0xf00000", "8"), true },
    { "push_ioam6 encap 40", BENCH_PUSH_ENCAP("0xf00000", "40"), true },
    { "push_ioam6 encap 120", BENCH_PUSH_ENCAP("0xf00000", "120"), true },
    { "push_ioam6 encap 244", BENCH_PUSH_ENCAP("0xf00000", "244"), true },
    { "push+fill inline 40", BENCH_PUSH("0xf00000", "40") "," BENCH_FILL,
      true },
    { "push+fill encap 40",
      BENCH_PUSH_ENCAP("0xf00000", "40") "," BENCH_FILL, true },
    { "push+fill+pop inline 40",
      BENCH_PUSH("0xf00000", "40") "," BENCH_FILL ",pop_ioam6", false },
};

static const struct bench_case fill_cases[] = {
    { "none (baseline)", "", false },
    { "fill_ioam6", BENCH_FILL, true },
};

static const struct bench_case pop_cases[] = {
    { "none (baseline)", "", false },
    { "pop_ioam6", "pop_ioam6", true },
};

#define BENCH_GROUP(TITLE, SUMMARY, MODEL, HEADROOM, TRACE, CASES) \
    { TITLE, SUMMARY, MODEL, HEADROOM, TRACE, CASES, ARRAY_SIZE(CASES) }

/* The summary takes the push cases from the first three groups. */
static const struct bench_group groups[] = {
    BENCH_GROUP("fresh packets, headroom 6 (OVS 3.1 DP_NETDEV_HEADROOM)",
                NULL, BENCH_FRESH, BENCH_STOCK_HEADROOM, NULL, push_cases),
    BENCH_GROUP("fresh packets, headroom 310 (6 + IOAM6_ENCAP_MAX_LEN)",
                NULL, BENCH_FRESH, BENCH_IOAM6_HEADROOM, NULL, push_cases),
    BENCH_GROUP("in place, plain frames",
                NULL, BENCH_INPLACE, 0, NULL, push_cases),
    BENCH_GROUP("in place, empty trace type 0x800000 size 8",
                "fill_ioam6 0x800000, 8 B trace",
                BENCH_INPLACE, 0, BENCH_PUSH("0x800000", "8"), fill_cases),
    BENCH_GROUP("in place, empty trace type 0xf00000 size 40",
                "fill_ioam6 0xf00000, 40 B trace",
                BENCH_INPLACE, 0, BENCH_PUSH("0xf00000", "40"), fill_cases),
    BENCH_GROUP("in place, empty trace type 0xfff002 size 244",
                "fill_ioam6 0xfff002, 244 B trace",
                BENCH_INPLACE, 0, BENCH_PUSH("0xfff002", "244"), fill_cases),
    BENCH_GROUP("in place, inline trace size 40",
                "pop_ioam6 inline 40",
                BENCH_INPLACE, 0, BENCH_PUSH("0xf00000", "40"), pop_cases),
    BENCH_GROUP("in place, encap trace size 40",
                "pop_ioam6 encap 40",
                BENCH_INPLACE, 0, BENCH_PUSH_ENCAP("0xf00000", "40"),
                pop_cases),
};

static const size_t frame_sizes[] = { 64, 512 };

static long long int
bench_clock_ns(clockid_t clock)
{
    struct timespec ts;

    xclock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The CPU time of this thread: on a shared machine, the time that other
 * processes take from it does not count. */
static long long int
bench_cpu_ns(void)
{
    return bench_clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

static long long int
bench_now_ns(void)
{
    return bench_clock_ns(CLOCK_MONOTONIC);
}

/* OVS 3.1 formats push_mpls but does not parse it: builds it from 's', as
 * commit_mpls_action() does.  Returns false if 's' is not a push_mpls. */
static bool
bench_put_push_mpls(const char *s, struct ofpbuf *odp)
{
    struct ovs_action_push_mpls mpls;
    uint32_t label, tc, ttl, bos;
    uint16_t eth_type;
    int n = -1;

    if (!ovs_scan(s, "push_mpls(label=%"SCNu32",tc=%"SCNu32",ttl=%"SCNu32
                  ",bos=%"SCNu32",eth_type=0x%"SCNx16")%n",
                  &label, &tc, &ttl, &bos, &eth_type, &n) || s[n]) {
        return false;
    }
    mpls.mpls_lse = htonl((label << MPLS_LABEL_SHIFT)
                          | (tc << MPLS_TC_SHIFT)
                          | (ttl << MPLS_TTL_SHIFT)
                          | (bos << MPLS_BOS_SHIFT));
    mpls.mpls_ethertype = htons(eth_type);
    nl_msg_put_unspec(odp, OVS_ACTION_ATTR_PUSH_MPLS, &mpls, sizeof mpls);
    return true;
}

/* Parses datapath actions 's' into 'odp', and checks that they format back
 * to 's'. */
static void
bench_parse_actions(const char *s, struct ofpbuf *odp)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    int error;

    ofpbuf_init(odp, 64);
    if (!bench_put_push_mpls(s, odp)) {
        error = odp_actions_from_string(s, NULL, odp);
        if (error) {
            ovs_fatal(error, "%s: could not parse datapath actions", s);
        }
    }
    if (odp->size) {
        format_odp_actions(&ds, odp->data, odp->size, NULL);
    }
    if (strcmp(ds_cstr(&ds), s)) {
        ovs_fatal(0, "%s: formats back as %s", s, ds_cstr(&ds));
    }
    ds_destroy(&ds);
}

/* What dpif-netdev does for the one datapath-assisted action used here,
 * tnl_push (push_tnl_action() and netdev_push_header()), less the lookup of
 * the tunnel port. */
static void
bench_dp_execute(void *dp OVS_UNUSED, struct dp_packet_batch *batch,
                 const struct nlattr *a, bool should_steal OVS_UNUSED)
{
    const struct ovs_action_push_tnl *data;
    struct dp_packet *packet;

    if (nl_attr_type(a) != OVS_ACTION_ATTR_TUNNEL_PUSH) {
        ovs_fatal(0, "unexpected datapath action %d", nl_attr_type(a));
    }
    data = nl_attr_get(a);
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        ioam6_tnl_push_udp_header(NULL, packet, data);
        pkt_metadata_init(&packet->md, data->out_port);
    }
}

/* Runs datapath actions 's' on 'packet' alone. */
static void
bench_execute_one(struct dp_packet *packet, const char *s)
{
    struct dp_packet_batch batch;
    struct ofpbuf odp;

    bench_parse_actions(s, &odp);
    dp_packet_batch_init_packet(&batch, packet);
    odp_execute_actions(NULL, &batch, false, odp.data, odp.size,
                        bench_dp_execute);
    ovs_assert(dp_packet_batch_size(&batch) == 1);
    ofpbuf_uninit(&odp);
}

/* Returns an Ethernet/IPv6/UDP frame of 'frame_size' bytes (no FCS), with a
 * correct UDP checksum and its offsets set, followed by the trace that
 * datapath action 'trace' pushes, if nonnull. */
static struct dp_packet *
bench_frame(size_t frame_size, const char *trace, size_t *rearm_len)
{
    static const struct eth_addr dst = ETH_ADDR_C(00, 00, 00, 00, 00, 02);
    static const struct eth_addr src = ETH_ADDR_C(00, 00, 00, 00, 00, 01);
    size_t hdr_len = ETH_HEADER_LEN + IPV6_HEADER_LEN + UDP_HEADER_LEN;
    size_t payload = frame_size - hdr_len;
    struct ovs_16aligned_ip6_hdr *ip6;
    struct udp_header *udp;
    struct eth_header *eth;
    struct dp_packet *p;
    struct in6_addr a;
    struct flow flow;
    uint8_t *data;

    ovs_assert(frame_size >= hdr_len && frame_size <= BENCH_RX_LEN);
    p = dp_packet_new(frame_size);
    eth = dp_packet_put_zeros(p, ETH_HEADER_LEN);
    ip6 = dp_packet_put_zeros(p, IPV6_HEADER_LEN);
    udp = dp_packet_put_zeros(p, UDP_HEADER_LEN);
    data = dp_packet_put_uninit(p, payload);

    eth->eth_dst = dst;
    eth->eth_src = src;
    eth->eth_type = htons(ETH_TYPE_IPV6);
    put_16aligned_be32(&ip6->ip6_flow, htonl(UINT32_C(6) << 28));
    ip6->ip6_plen = htons(UDP_HEADER_LEN + payload);
    ip6->ip6_nxt = IPPROTO_UDP;
    ip6->ip6_hlim = 64;
    ovs_assert(ipv6_parse("2001:db8::1", &a));
    memcpy(&ip6->ip6_src, &a, sizeof a);
    ovs_assert(ipv6_parse("2001:db8::2", &a));
    memcpy(&ip6->ip6_dst, &a, sizeof a);
    udp->udp_src = htons(1234);
    udp->udp_dst = htons(5678);
    udp->udp_len = htons(UDP_HEADER_LEN + payload);
    for (size_t i = 0; i < payload; i++) {
        data[i] = i;
    }
    udp->udp_csum = packet_csum_upperlayer6(ip6, udp, IPPROTO_UDP,
                                            UDP_HEADER_LEN + payload);
    if (!udp->udp_csum) {
        udp->udp_csum = htons(0xffff);
    }
    flow_extract(p, &flow);

    if (trace) {
        bench_execute_one(p, trace);
        ovs_assert(dp_packet_size(p) > frame_size);
    }
    *rearm_len = dp_packet_size(p) - payload;
    return p;
}

static void
bench_copy_offsets(struct dp_packet *dst, const struct dp_packet *src)
{
    dst->packet_type = src->packet_type;
    dst->l2_pad_size = src->l2_pad_size;
    dst->l2_5_ofs = src->l2_5_ofs;
    dst->l3_ofs = src->l3_ofs;
    dst->l4_ofs = src->l4_ofs;
}

/* Returns a copy of 't' in a new buffer laid out as netdev-linux receives
 * a packet: BENCH_RX_LEN bytes after 'headroom' bytes of headroom.  The
 * offsets are copied, not parsed, and the RSS hash is set, as dpif-netdev
 * sets it before running actions. */
static struct dp_packet *
bench_rx_packet(const struct bench_template *t, size_t headroom)
{
    size_t size = dp_packet_size(t->packet);
    struct dp_packet *p = dp_packet_new_with_headroom(BENCH_RX_LEN, headroom);

    memcpy(dp_packet_data(p), dp_packet_data(t->packet), size);
    dp_packet_set_size(p, size);
    bench_copy_offsets(p, t->packet);
    dp_packet_set_rss_hash(p, BENCH_RSS_HASH);
    return p;
}

static void
bench_slot_init(struct bench_slot *slot, const struct bench_template *t)
{
    slot->packet = bench_rx_packet(t, BENCH_INPLACE_HEADROOM);
    slot->data = dp_packet_data(slot->packet);
    slot->base = dp_packet_base(slot->packet);
}

/* Puts the packet of 'slot' back as 't': the frame start, size and offsets,
 * and the header bytes that actions may have changed. */
static struct dp_packet *
bench_slot_rearm(struct bench_slot *slot, const struct bench_template *t)
{
    struct dp_packet *p = slot->packet;

    if (dp_packet_base(p) != slot->base) {
        ovs_fatal(0, "an in-place packet was reallocated");
    }
    dp_packet_set_data(p, slot->data);
    dp_packet_set_size(p, dp_packet_size(t->packet));
    memcpy(slot->data, dp_packet_data(t->packet), t->rearm_len);
    bench_copy_offsets(p, t->packet);
    return p;
}

/* Checks the first batch of 'r' after its actions: none dropped, and the
 * packets changed if they must. */
static void
bench_check(struct bench_run *r, const struct dp_packet_batch *batch)
{
    const struct dp_packet *in = r->tmpl->packet;
    const struct dp_packet *out;

    if (dp_packet_batch_size(batch) != BENCH_BATCH) {
        ovs_fatal(0, "%s: %"PRIuSIZE" of %d packets left after the actions",
                  r->c->name, dp_packet_batch_size(batch), BENCH_BATCH);
    }
    out = batch->packets[0];
    r->out_size = dp_packet_size(out);
    if (r->c->changes && dp_packet_size(out) == dp_packet_size(in)
        && !memcmp(dp_packet_data(out), dp_packet_data(in),
                   dp_packet_size(in))) {
        ovs_fatal(0, "%s: the actions left the packet unchanged",
                  r->c->name);
    }
}

/* Returns true if case 'c' of 'group' is to run: 'selected' is empty or
 * holds "GROUP: CASE". */
static bool
bench_selected(const struct sset *selected, const struct bench_group *group,
               const struct bench_case *c)
{
    bool found;
    char *name;

    if (sset_is_empty(selected)) {
        return true;
    }
    name = xasprintf("%s: %s", group->title, c->name);
    found = sset_contains(selected, name);
    free(name);
    return found;
}

/* Runs 'iterations' batches of 'r', after a warm-up of a tenth of that, and
 * returns the time per packet in nanoseconds. */
static double
bench_time(struct bench_run *r, int iterations)
{
    const struct bench_template *t = r->tmpl;
    bool fresh = r->group->model == BENCH_FRESH;
    struct bench_slot slots[BENCH_BATCH];
    int warmup = iterations / 10 + 1;
    long long int start = 0;

    if (!fresh) {
        for (int i = 0; i < BENCH_BATCH; i++) {
            bench_slot_init(&slots[i], t);
        }
    }

    for (int it = -warmup; it < iterations; it++) {
        struct dp_packet_batch batch;

        if (!it) {
            start = bench_cpu_ns();
        }
        dp_packet_batch_init(&batch);
        for (int i = 0; i < BENCH_BATCH; i++) {
            dp_packet_batch_add(&batch, (fresh
                                         ? bench_rx_packet(t,
                                                           r->group->headroom)
                                         : bench_slot_rearm(&slots[i], t)));
        }
        odp_execute_actions(NULL, &batch, false, r->odp.data, r->odp.size,
                            bench_dp_execute);
        if (it == -warmup) {
            bench_check(r, &batch);
        }
        if (fresh) {
            dp_packet_delete_batch(&batch, true);
        } else if (dp_packet_batch_size(&batch) != BENCH_BATCH) {
            ovs_fatal(0, "%s: in-place packets dropped", r->c->name);
        }
    }

    if (!fresh) {
        for (int i = 0; i < BENCH_BATCH; i++) {
            bench_slot_rearm(&slots[i], t);
            dp_packet_delete(slots[i].packet);
        }
    }
    return (double) (bench_cpu_ns() - start) / iterations / BENCH_BATCH;
}

static const struct bench_run *
bench_find(const struct bench_run *runs, size_t n_runs, size_t frame,
           const struct bench_group *group, const struct bench_case *c)
{
    for (size_t i = 0; i < n_runs; i++) {
        if (runs[i].frame == frame && runs[i].group == group
            && !strcmp(runs[i].c->name, c->name)) {
            return &runs[i];
        }
    }
    OVS_NOT_REACHED();
}

/* Time per packet of 'r' above its baseline. */
static double
bench_net_ns(const struct bench_run *r)
{
    return r->best_ns - r->base->best_ns;
}

/* Prints, per frame size, the time per packet that each action adds to its
 * baseline in the three models, and how much faster a push gets with the
 * IOAM6 receive headroom (total time with 6 bytes of headroom over total
 * time with 310). */
static void
bench_print_summary(const struct bench_run *runs, size_t n_runs)
{
    for (size_t f = 0; f < ARRAY_SIZE(frame_sizes); f++) {
        size_t frame = frame_sizes[f];

        printf("\nSummary, %"PRIuSIZE"-byte frames: ns/pkt above the "
               "baseline\n", frame);
        printf("  %-32s %9s %9s %9s %9s\n", "action", "fresh/6",
               "fresh/310", "in place", "6 vs 310");
        for (size_t c = 1; c < ARRAY_SIZE(push_cases); c++) {
            const struct bench_case *bc = &push_cases[c];
            const struct bench_run *r6, *r310, *rin;

            r6 = bench_find(runs, n_runs, frame, &groups[0], bc);
            r310 = bench_find(runs, n_runs, frame, &groups[1], bc);
            rin = bench_find(runs, n_runs, frame, &groups[2], bc);
            printf("  %-32s %9.1f %9.1f %9.1f %8.2fx\n", bc->name,
                   bench_net_ns(r6), bench_net_ns(r310), bench_net_ns(rin),
                   r6->best_ns / r310->best_ns);
        }
        for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
            if (groups[g].summary) {
                const struct bench_run *r;

                r = bench_find(runs, n_runs, frame, &groups[g],
                               &groups[g].cases[1]);
                printf("  %-32s %9s %9s %9.1f\n", groups[g].summary, "-",
                       "-", bench_net_ns(r));
            }
        }
    }
    printf("\nfresh/6, fresh/310: fresh packets, 6 or 310 bytes of "
           "headroom.\n6 vs 310: time per packet with 6 bytes of headroom "
           "over time with 310.\n");
}

static void
bench_usage(void)
{
    ovs_fatal(0, "usage: benchmark [--iterations N] [--rounds R] [--quick] "
              "[--case NAME]...");
}

static void
bench_print_header(void)
{
    printf("  %-32s %5s %8s %8s %8s %7s\n", "case", "bytes", "ns/pkt",
           "Mpps", "+ns/pkt", "rate");
}

/* benchmark [--iterations N] [--rounds R] [--quick] [--case NAME]...
 *
 * Each case runs N batches of 32 packets (after a warm-up of N / 10 + 1),
 * R times, interleaved with the other cases, and keeps its best time.
 * Without options, N is 5000 and R is 7.  --quick means N = 1000, R = 1.
 * --iterations alone runs one round, so that an instruction count (under
 * "valgrind --tool=callgrind") compares from run to run.  --case runs only
 * the cases named "GROUP: CASE" (as the output titles them, for example
 * "in place, plain frames: push_vlan") and the baselines, without the
 * summary; a Makefile.am target counts instructions per packet with it.
 *
 * Columns: bytes of a packet after the actions, time per packet, packets
 * per second on one core, time per packet above the group's baseline, and
 * the baseline's time divided by the case's (the packet rate relative to
 * the baseline). */
void
test_ioam6_benchmark(struct ovs_cmdl_context *ctx)
{
    struct ioam6_ns_config ns = {
        .id = atoi(BENCH_NS),
        .data = UINT32_MAX,
        .data_wide = UINT64_MAX,
    };
    int iterations = 5000, rounds = 7;
    bool rounds_set = false, iterations_set = false;
    struct bench_template *tmpls;
    struct bench_run *runs;
    size_t n_runs = 0, n_runs_max = 0;
    struct sset selected = SSET_INITIALIZER(&selected);
    size_t n_tmpls = 0;
    char *error;

    for (int i = 1; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];

        if (!strcmp(arg, "--quick")) {
            iterations = 1000;
            rounds = 1;
        } else if (!strcmp(arg, "--iterations") && i + 1 < ctx->argc) {
            iterations = atoi(ctx->argv[++i]);
            iterations_set = true;
        } else if (!strcmp(arg, "--case") && i + 1 < ctx->argc) {
            sset_add(&selected, ctx->argv[++i]);
        } else if (!strcmp(arg, "--rounds") && i + 1 < ctx->argc) {
            rounds = atoi(ctx->argv[++i]);
            rounds_set = true;
        } else {
            bench_usage();
        }
    }
    if (iterations_set && !rounds_set) {
        rounds = 1;
    }
    if (iterations < 1 || rounds < 1) {
        bench_usage();
    }

    /* As dpif-netdev does: selects the scalar action implementations. */
    ioam6_odp_execute_init();

    error = ioam6_ns_set(&ns);
    if (error) {
        ovs_fatal(0, "%s", error);
    }

    for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
        n_runs_max += groups[g].n_cases;
    }
    n_runs_max *= ARRAY_SIZE(frame_sizes);
    runs = xcalloc(n_runs_max, sizeof *runs);
    tmpls = xcalloc(ARRAY_SIZE(groups) * ARRAY_SIZE(frame_sizes),
                    sizeof *tmpls);

    for (size_t f = 0; f < ARRAY_SIZE(frame_sizes); f++) {
        for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
            const struct bench_group *group = &groups[g];
            struct bench_template *t = &tmpls[n_tmpls++];
            struct bench_run *base = &runs[n_runs];

            t->packet = bench_frame(frame_sizes[f], group->trace,
                                    &t->rearm_len);
            for (size_t c = 0; c < group->n_cases; c++) {
                struct bench_run *r;

                if (c && !bench_selected(&selected, group, &group->cases[c])) {
                    continue;
                }
                r = &runs[n_runs++];

                r->frame = frame_sizes[f];
                r->group = group;
                r->c = &group->cases[c];
                r->tmpl = t;
                r->best_ns = DBL_MAX;
                r->base = base;
                bench_parse_actions(r->c->actions, &r->odp);
            }
        }
    }

    for (int round = 0; round < rounds; round++) {
        for (size_t i = 0; i < n_runs; i++) {
            double t = bench_time(&runs[i], iterations);

            runs[i].best_ns = MIN(runs[i].best_ns, t);
        }
    }

    printf("IOAM6 micro-benchmark: batches of %d IPv6/UDP packets through "
           "odp_execute_actions(),\n%d batches per case and round, best of "
           "%d round%s, thread CPU time.\n", BENCH_BATCH, iterations, rounds,
           rounds > 1 ? "s" : "");
    printf("fresh: a new %d-byte buffer per packet, filled as netdev-linux "
           "receives it, then freed.\n"
           "in place: the same packets every batch, their headers re-armed "
           "from the template.\n"
           "+ns/pkt: above the group's baseline; rate: baseline time / case "
           "time.\n", BENCH_RX_LEN);
    for (size_t i = 0; i < n_runs; i++) {
        const struct bench_run *r = &runs[i];

        if (r == r->base) {
            printf("\n%"PRIuSIZE"-byte frames, %s\n", r->frame,
                   r->group->title);
            bench_print_header();
        }
        printf("  %-32s %5"PRIuSIZE" %8.1f %8.2f %8.1f %6.0f%%\n",
               r->c->name, r->out_size, r->best_ns, 1e3 / r->best_ns,
               r->best_ns - r->base->best_ns,
               100.0 * r->base->best_ns / r->best_ns);
    }

    if (sset_is_empty(&selected)) {
        bench_print_summary(runs, n_runs);
    }
    sset_destroy(&selected);

    for (size_t i = 0; i < n_runs; i++) {
        ofpbuf_uninit(&runs[i].odp);
    }
    for (size_t i = 0; i < n_tmpls; i++) {
        dp_packet_delete(tmpls[i].packet);
    }
    free(runs);
    free(tmpls);
    ioam6_ns_clear();
}

/* Runs datapath actions 'actions' on a batch of 'n' copies of 'tmpl', then
 * returns the batch's packets in 'out'. */
static void
fused_run(const struct dp_packet *tmpl, size_t n, const char *actions,
          struct dp_packet *out[])
{
    struct dp_packet_batch batch;
    struct ofpbuf odp;

    bench_parse_actions(actions, &odp);
    dp_packet_batch_init(&batch);
    for (size_t i = 0; i < n; i++) {
        dp_packet_batch_add(&batch, out[i] ? out[i] : dp_packet_clone(tmpl));
    }
    odp_execute_actions(NULL, &batch, false, odp.data, odp.size,
                        bench_dp_execute);
    ovs_assert(dp_packet_batch_size(&batch) == n);
    for (size_t i = 0; i < n; i++) {
        out[i] = batch.packets[i];
    }
    ofpbuf_uninit(&odp);
}

/* The counters of the outcomes, summed over the push and fill ones. */
static void
fused_counters(unsigned long long int counts[6])
{
    static const char *const names[6] = {
        "ioam6_pushed", "ioam6_push_skipped", "ioam6_filled",
        "ioam6_overflow", "ioam6_unknown_ns", "ioam6_no_ioam",
    };

    for (size_t i = 0; i < 6; i++) {
        if (!coverage_read_counter(names[i], &counts[i])) {
            ovs_fatal(0, "%s: no such coverage counter", names[i]);
        }
    }
}

/* fused
 *
 * A push_ioam6 directly followed by a fill_ioam6 runs as one pass, which
 * fills the traces that the push has just written without parsing them
 * (lib/ioam6-odp.c).  For each case, runs the two actions together on a
 * batch, then each in its own odp_execute_actions() on another batch, and
 * prints whether the packets, their offsets and the outcomes' counts are the
 * same.  The trace types have no timestamps, which the two runs would read
 * at different times. */
void
test_ioam6_fused(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const struct {
        const char *name;
        const char *push;
        const char *fill;
        int frame;          /* 0 plain, 1 with a trace, 2 Router Alert. */
    } cases[] = {
        { "inline", BENCH_PUSH("0xc00000", "40"), BENCH_FILL, 0 },
        { "encap", BENCH_PUSH_ENCAP("0xc00000", "40"), BENCH_FILL, 0 },
        { "inline 244", BENCH_PUSH("0xc80000", "244"), BENCH_FILL, 0 },
        { "overflow", BENCH_PUSH("0xc00000", "4"), BENCH_FILL, 0 },
        { "unknown namespace", "push_ioam6(ns=9,type=0xc00000,size=40)",
          BENCH_FILL, 0 },
        { "already traced", BENCH_PUSH("0xc00000", "40"), BENCH_FILL, 1 },
        { "Hop-by-Hop without IOAM", BENCH_PUSH("0xc00000", "40"),
          BENCH_FILL, 2 },
    };
    struct ioam6_ns_config ns = {
        .id = atoi(BENCH_NS), .data = 1, .data_wide = 2,
    };
    char *error;

    ioam6_odp_execute_init();
    error = ioam6_ns_set(&ns);
    if (error) {
        ovs_fatal(0, "%s", error);
    }
    for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
        enum { N = 4 };
        struct dp_packet *fused[N] = { NULL }, *apart[N] = { NULL };
        unsigned long long int c0[6], c1[6], c2[6];
        struct dp_packet *tmpl;
        bool same = true;
        size_t rearm_len;
        char *both;

        if (cases[c].frame == 1) {
            tmpl = bench_frame(64, BENCH_PUSH("0xc00000", "40"), &rearm_len);
        } else {
            tmpl = bench_frame(64, NULL, &rearm_len);
        }
        if (cases[c].frame == 2) {
            /* A Hop-by-Hop header with a Router Alert and a PadN(0). */
            static const uint8_t hbh[8] = { 17, 0, 5, 2, 0, 0, 1, 0 };
            struct ovs_16aligned_ip6_hdr *ip6;
            struct flow flow;
            uint8_t *l4;

            dp_packet_put_uninit(tmpl, sizeof hbh);
            l4 = dp_packet_l4(tmpl);
            memmove(l4 + sizeof hbh, l4,
                    dp_packet_size(tmpl) - sizeof hbh - tmpl->l4_ofs);
            memcpy(l4, hbh, sizeof hbh);
            ip6 = dp_packet_l3(tmpl);
            ip6->ip6_nxt = 0;
            ip6->ip6_plen = htons(ntohs(ip6->ip6_plen) + sizeof hbh);
            flow_extract(tmpl, &flow);
        }

        both = xasprintf("%s,%s", cases[c].push, cases[c].fill);
        fused_counters(c0);
        fused_run(tmpl, N, both, fused);
        fused_counters(c1);
        fused_run(tmpl, N, cases[c].push, apart);
        fused_run(tmpl, N, cases[c].fill, apart);
        fused_counters(c2);
        for (size_t i = 0; i < N; i++) {
            same = (same && dp_packet_equal(fused[i], apart[i])
                    && fused[i]->l3_ofs == apart[i]->l3_ofs
                    && fused[i]->l4_ofs == apart[i]->l4_ofs);
        }
        for (size_t i = 0; i < 6; i++) {
            same = same && c1[i] - c0[i] == c2[i] - c1[i];
        }
        printf("%s: %s, %"PRIu32" bytes, pushed %llu filled %llu "
               "overflow %llu unknown-ns %llu skipped %llu\n",
               cases[c].name, same ? "same" : "DIFFERENT",
               dp_packet_size(fused[0]), c1[0] - c0[0], c1[2] - c0[2],
               c1[3] - c0[3], c1[4] - c0[4], c1[1] - c0[1]);
        for (size_t i = 0; i < N; i++) {
            dp_packet_delete(fused[i]);
            dp_packet_delete(apart[i]);
        }
        dp_packet_delete(tmpl);
        free(both);
    }
    ioam6_ns_clear();
}

/* pcap FILE FRAME-SIZE TRACE-SIZE
 *
 * Writes to FILE a pcap of one frame: the benchmark's IPv6/UDP frame of
 * FRAME-SIZE bytes, and with a nonzero TRACE-SIZE an empty inline trace of
 * that size after it (namespace 123, type 0xf00000), as pktgen sends it.
 * The DPDK benchmark replays it without end (net_pcap, infinite_rx). */
void
test_ioam6_pcap(struct ovs_cmdl_context *ctx)
{
    const char *file = ctx->argv[1];
    int frame_size = atoi(ctx->argv[2]);
    int trace_size = atoi(ctx->argv[3]);
    struct pcap_file *pcap;
    struct dp_packet *p;
    size_t rearm_len;
    char *trace = NULL;

    if (frame_size < ETH_HEADER_LEN + IPV6_HEADER_LEN + UDP_HEADER_LEN
        || frame_size > BENCH_RX_LEN) {
        ovs_fatal(0, "pcap: bad frame size %s", ctx->argv[2]);
    }
    ioam6_odp_execute_init();
    if (trace_size) {
        trace = xasprintf(BENCH_PUSH("0xf00000", "%d"), trace_size);
    }
    p = bench_frame(frame_size, trace, &rearm_len);
    free(trace);

    pcap = ovs_pcap_open(file, "wb");
    if (!pcap) {
        ovs_fatal(errno, "pcap: %s", file);
    }
    ovs_pcap_write(pcap, p);
    ovs_pcap_close(pcap);
    dp_packet_delete(p);
}

/* pktgen IFNAME FRAME-SIZE TRACE-SIZE SECONDS
 *
 * Sends the benchmark's IPv6/UDP frame of FRAME-SIZE bytes on IFNAME, as
 * fast as one AF_PACKET socket can, for SECONDS seconds.  With a nonzero
 * TRACE-SIZE the frames carry an empty inline trace of that size (namespace
 * 123, type 0xf00000), for transit nodes to fill. */
void
test_ioam6_pktgen(struct ovs_cmdl_context *ctx)
{
#ifdef __linux__
    enum { BURST = 64 };
    const char *ifname = ctx->argv[1];
    int frame_size = atoi(ctx->argv[2]);
    int trace_size = atoi(ctx->argv[3]);
    double seconds = atof(ctx->argv[4]);
    struct mmsghdr msgs[BURST];
    struct sockaddr_ll sll;
    unsigned long long sent = 0;
    long long int start, now, deadline;
    struct dp_packet *p;
    struct iovec iov;
    size_t rearm_len;
    char *trace = NULL;
    int one = 1;
    int fd;

    if (frame_size < ETH_HEADER_LEN + IPV6_HEADER_LEN + UDP_HEADER_LEN
        || frame_size > BENCH_RX_LEN || seconds <= 0 || seconds > 600) {
        ovs_fatal(0, "pktgen: bad frame size or duration");
    }
    ioam6_odp_execute_init();
    if (trace_size) {
        trace = xasprintf(BENCH_PUSH("0xf00000", "%d"), trace_size);
    }
    p = bench_frame(frame_size, trace, &rearm_len);
    free(trace);

    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        ovs_fatal(errno, "pktgen: socket");
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = if_nametoindex(ifname);
    if (!sll.sll_ifindex) {
        ovs_fatal(errno, "pktgen: %s", ifname);
    }
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        ovs_fatal(errno, "pktgen: bind to %s", ifname);
    }
    /* Best effort: straight to the driver, as trafgen and pktgen do. */
    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);

    iov.iov_base = dp_packet_data(p);
    iov.iov_len = dp_packet_size(p);
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BURST; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    start = now = bench_now_ns();
    deadline = start + (long long int) (seconds * 1e9);
    while (now < deadline) {
        int n = sendmmsg(fd, msgs, BURST, 0);

        if (n > 0) {
            sent += n;
        } else if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
            ovs_fatal(errno, "pktgen: send on %s", ifname);
        }
        now = bench_now_ns();
    }
    printf("%s: sent %llu frames of %"PRIu32" bytes in %.2f s (%.0f kpps)\n",
           ifname, sent, dp_packet_size(p), (now - start) / 1e9,
           sent / ((now - start) / 1e6));
    close(fd);
    dp_packet_delete(p);
#else
    ovs_fatal(0, "pktgen: only on Linux");
#endif
}
