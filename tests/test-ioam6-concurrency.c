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

/* ovstest test-ioam6-concurrency [--threads N] [--msec MS]
 *
 * Reader threads fill IOAM traces, as PMD threads do, while the main thread
 * adds, replaces and deletes namespaces and their schemas in a loop.  Every
 * filled trace must carry the data of exactly one configuration of its
 * namespace, never a mix of two, and a packet whose namespace is absent
 * must come out untouched.  Readers quiesce between batches, as PMD threads
 * do, so that the registry's RCU frees happen while traffic flows.  Run it
 * under AddressSanitizer to catch a use after free.
 *
 * The readers also draw from the samplers of push_ioam6(freq=1/2), as the
 * datapath does, while the writer gives them new samplers and frees the old
 * ones, as rules come and go: each sampler must select exactly every other
 * draw, from the first, until it is freed; a sampler freed under a reader
 * must select nothing more, and never come back; ids must never repeat. */

#include <config.h>
#undef NDEBUG
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "dp-packet.h"
#include "flow.h"
#include "ioam6-fill.h"
#include "ioam6-hbh.h"
#include "ioam6-ns.h"
#include "ioam6-odp.h"
#include "ioam6-sampler.h"
#include "ioam6-trace.h"
#include "ovs-atomic.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "ovstest.h"
#include "packets.h"
#include "random.h"
#include "timeval.h"
#include "util.h"

/* Namespace 123 cycles through N_VERSIONS configurations and "absent".
 * Namespace 124 keeps configuration 0 (it is only absent for a moment when
 * the writer clears the whole registry).  Namespaces 200 to 263 come and
 * go, so that the registry's hash table grows and shrinks under the
 * readers. */
#define NS_CHURNED  123
#define NS_STABLE   124
#define NS_EXTRA    200
#define N_EXTRA     64
#define N_VERSIONS  8

/* Bit 0 (hop limit and node id), bit 5 (namespace data), bit 10 (wide
 * namespace data), bit 22 (the OSS). */
#define TRACE_TYPE  0x842002
#define TRACE_SIZE  64          /* Room for NodeLen 4 + an OSS of 12. */
#define NODELEN     4

/* Configuration 'v' of namespace 'id'.  Versions differ in every field the
 * fill copies: data, wide data, schema presence, id, length and bytes. */
static void
make_config(uint16_t id, int v, struct ioam6_ns_config *cfg, uint8_t *schema)
{
    size_t len = (v * 5) % 33;          /* 0 to 32 bytes, not all 4n. */

    memset(schema, 0x10 + v, len);
    *cfg = (struct ioam6_ns_config) {
        .id = id,
        .data = 0xd0000000 | (id << 8) | v,
        .data_wide = UINT64_C(0xcafe000000000000) | ((uint64_t) id << 8) | v,
        .has_schema = v % 3 != 2,
        .schema_id = 1000 * id + v,
        .schema_data = schema,
        .schema_len = len,
    };
}

static void
set_version(uint16_t id, int v)
{
    struct ioam6_ns_config cfg;
    uint8_t schema[64];
    char *error;

    make_config(id, v, &cfg, schema);
    error = ioam6_ns_set(&cfg);
    ovs_assert(!error);
}

static uint32_t
get32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* Checks that the node data that the fill just wrote into 'trace' is that of
 * exactly one configuration of namespace 'id'.  Returns the version. */
static int
check_trace(const uint8_t *trace, uint16_t id)
{
    unsigned int remlen = trace[3] & IOAM6_REMLEN_MASK;
    const uint8_t *p = trace + 8 + remlen * 4;
    struct ioam6_ns_config cfg;
    uint8_t schema[64];
    unsigned int sclen;
    uint32_t data;
    int v;

    ovs_assert(!(trace[2] & IOAM6_FLAG_OVERFLOW));
    ovs_assert(get32(p) == (64u << 24 | 1));    /* Hop limit, node id. */
    data = get32(p + 4);
    v = data & 0xff;
    ovs_assert(v < N_VERSIONS);

    make_config(id, v, &cfg, schema);
    ovs_assert(data == cfg.data);
    ovs_assert(get32(p + 8) == cfg.data_wide >> 32);
    ovs_assert(get32(p + 12) == (uint32_t) cfg.data_wide);
    p += 16;
    if (cfg.has_schema) {
        size_t padded = ROUND_UP(cfg.schema_len, 4);

        ovs_assert(get32(p) == ((padded / 4) << 24 | cfg.schema_id));
        ovs_assert(!memcmp(p + 4, schema, cfg.schema_len));
        ovs_assert(is_all_zeros(p + 4 + cfg.schema_len,
                                padded - cfg.schema_len));
        sclen = 1 + padded / 4;
    } else {
        ovs_assert(get32(p) == IOAM6_EMPTY_OSS);
        sclen = 1;
    }
    ovs_assert(remlen == TRACE_SIZE / 4 - NODELEN - sclen);
    return v;
}

/* A UDP packet with an empty trace for namespace 'id'. */
static struct dp_packet *
make_packet(uint16_t id)
{
    static const char hex[] =
        "00000000000200000000000186dd"
        "6000000000101140"
        "20010db8000100000000000000000002"
        "20010db8000200000000000000000002"
        "0001000200100000" "0001020304050607";
    const struct ovs_action_push_ioam6 args = {
        .type = TRACE_TYPE,
        .ns_id = id,
        .size = TRACE_SIZE,
        .mode = IOAM6_MODE_INLINE,
        .freq_k = 1,
        .freq_n = 1,
    };
    struct dp_packet *packet;
    struct flow flow;

    ovs_assert(!eth_from_hex(hex, &packet));
    flow_extract(packet, &flow);
    ovs_assert(ioam6_push(packet, &args) == IOAM6_PUSHED);
    return packet;
}

struct reader {
    pthread_t thread;
    int idx;
    unsigned long long int filled[N_VERSIONS];
    unsigned long long int absent;
    unsigned long long int stable;
    unsigned long long int sampled;
    unsigned long long int draws;
    atomic_uint32_t sampler;    /* Set by the writer. */
};

static atomic_bool stop = false;

static void *
reader_main(void *r_)
{
    struct dp_packet *churned = make_packet(NS_CHURNED);
    struct dp_packet *stable = make_packet(NS_STABLE);
    const struct ovs_action_fill_ioam6 args = { .node_id = 1 };
    const struct ioam6_fill_ctx ctx = { 0, 0 };
    struct reader *r = r_;
    uint32_t cur = 0;           /* The sampler of the previous draw. */
    unsigned int pos = 0;       /* Draws from 'cur' so far. */
    bool freed = false;         /* Has 'cur' been seen freed? */

    for (;;) {
        bool done;

        atomic_read_relaxed(&stop, &done);
        if (done) {
            break;
        }
        /* A batch, then a quiescent point, as a PMD thread works. */
        for (int i = 0; i < 32; i++) {
            struct dp_packet *p = dp_packet_clone(i % 4 ? churned : stable);
            uint16_t id = i % 4 ? NS_CHURNED : NS_STABLE;
            enum ioam6_result result = ioam6_fill(p, &args, &ctx);
            const uint8_t *trace;

            trace = (const uint8_t *) dp_packet_l3(p) + IPV6_HEADER_LEN + 8;
            if (result == IOAM6_FILLED) {
                int v = check_trace(trace, id);

                if (id == NS_CHURNED) {
                    r->filled[v]++;
                } else {
                    /* Namespace 124 only ever has configuration 0. */
                    ovs_assert(v == 0);
                    r->stable++;
                }
            } else {
                /* An absent namespace (124 too, for a moment, when the
                 * writer clears the registry) leaves the packet alone. */
                ovs_assert(result == IOAM6_UNKNOWN_NS);
                ovs_assert(dp_packet_equal(p, id == NS_CHURNED
                                              ? churned : stable));
                r->absent += id == NS_CHURNED;
            }
            dp_packet_delete(p);

            /* Only this reader draws from its sampler. */
            uint32_t sampler;
            bool selected;

            atomic_read(&r->sampler, &sampler);
            if (sampler != cur) {
                cur = sampler;
                pos = 0;
                freed = false;
            }
            selected = ioam6_sampler_select(sampler, 1, 2);
            if (freed) {
                ovs_assert(!selected);
            } else if (selected != !(pos % 2)) {
                /* Freed under the reader: it selects nothing more. */
                ovs_assert(!selected);
                freed = true;
            }
            pos++;
            r->sampled += selected;
            r->draws++;
        }
        ovsrcu_quiesce();
    }

    dp_packet_delete(churned);
    dp_packet_delete(stable);
    return NULL;
}

static void
usage(void)
{
    printf("usage: ovstest test-ioam6-concurrency [--threads N] "
           "[--msec MS]\n");
    exit(EXIT_FAILURE);
}

static void
test_ioam6_concurrency_main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"threads", required_argument, NULL, 't'},
        {"msec", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    unsigned long long int writes = 0, total = 0, absent = 0, stable = 0;
    unsigned long long int per_version[N_VERSIONS] = { 0 };
    unsigned long long int sampler_changes = 0;
    uint32_t last_sampler = 0;
    long long int deadline;
    int n_threads = 4, msec = 1000;
    struct reader *readers;

    set_program_name(argv[0]);
    for (;;) {
        int c = getopt_long(argc, argv, "", long_options, NULL);

        if (c == -1) {
            break;
        } else if (c == 't') {
            n_threads = atoi(optarg);
        } else if (c == 'm') {
            msec = atoi(optarg);
        } else {
            usage();
        }
    }
    if (optind != argc || n_threads < 1 || n_threads > 64 || msec < 1) {
        usage();
    }

    ioam6_ns_clear();
    set_version(NS_CHURNED, 0);
    set_version(NS_STABLE, 0);

    readers = xcalloc(n_threads, sizeof *readers);
    for (int i = 0; i < n_threads; i++) {
        readers[i].idx = i;
        atomic_init(&readers[i].sampler, ioam6_sampler_alloc());
        readers[i].thread = ovs_thread_create("ioam6-reader", reader_main,
                                              &readers[i]);
    }

    /* The writer: replace, delete and re-add namespace 123, add and delete
     * others, clear and rebuild everything, in random order. */
    deadline = time_msec() + msec;
    while (time_msec() < deadline) {
        for (int i = 0; i < 64; i++) {
            uint32_t op = random_uint32() % 16;

            if (op < 10) {
                set_version(NS_CHURNED, random_uint32() % N_VERSIONS);
            } else if (op < 12) {
                ioam6_ns_del(NS_CHURNED);
            } else if (op < 15) {
                uint16_t id = NS_EXTRA + random_uint32() % N_EXTRA;

                if (!ioam6_ns_del(id)) {
                    set_version(id, random_uint32() % N_VERSIONS);
                }
            } else {
                ioam6_ns_clear();
                set_version(NS_STABLE, 0);
                set_version(NS_CHURNED, random_uint32() % N_VERSIONS);
            }
            writes++;
        }
        /* Give a reader a new sampler and free its old one, as a rule
         * that replaces another would.  Ids only go up, and a freed sampler
         * never comes back, so there are always exactly 'n_threads'. */
        struct reader *r = &readers[random_uint32() % n_threads];
        uint32_t new = ioam6_sampler_alloc();
        uint32_t old;

        ovs_assert(new > last_sampler);
        last_sampler = new;
        atomic_read(&r->sampler, &old);
        atomic_store(&r->sampler, new);
        ioam6_sampler_free(old);
        ovs_assert(ioam6_sampler_count() == n_threads);
        sampler_changes++;
        ovsrcu_quiesce();
    }

    atomic_store(&stop, true);
    for (int i = 0; i < n_threads; i++) {
        struct reader *r = &readers[i];

        xpthread_join(r->thread, NULL);
        for (int v = 0; v < N_VERSIONS; v++) {
            per_version[v] += r->filled[v];
            total += r->filled[v];
        }
        absent += r->absent;
        stable += r->stable;

        ovs_assert(r->draws && r->sampled);
    }
    ovs_assert(ioam6_sampler_count() == n_threads);
    ovs_assert(sampler_changes);

    /* Counts vary from run to run: print them on stderr, and on stdout only
     * what a test can compare. */
    fprintf(stderr, "%llu registry changes; namespace %d: %llu packets "
            "filled (", writes, NS_CHURNED, total);
    for (int v = 0; v < N_VERSIONS; v++) {
        fprintf(stderr, "%sv%d %llu", v ? ", " : "", v, per_version[v]);
    }
    fprintf(stderr, "), %llu absent; namespace %d: %llu filled\n",
            absent, NS_STABLE, stable);

    ovs_assert(writes && total && stable);
    printf("%d readers: every trace carried one configuration\n", n_threads);

    ioam6_ns_clear();
    for (int i = 0; i < n_threads; i++) {
        uint32_t sampler;

        atomic_read(&readers[i].sampler, &sampler);
        ioam6_sampler_free(sampler);
    }
    free(readers);
    ovs_assert(!ioam6_sampler_count());
    ovsrcu_quiesce();
}

OVSTEST_REGISTER("test-ioam6-concurrency", test_ioam6_concurrency_main);
