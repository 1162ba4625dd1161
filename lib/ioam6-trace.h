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

#ifndef IOAM6_TRACE_H
#define IOAM6_TRACE_H 1

/* IOAM6 trace insertion ("push") and removal ("pop") on a dp_packet, the
 * outcomes of every packet operation and their counters.
 *
 * Push and pop take the payloads of the OVS_ACTION_ATTR_IOAM6_PUSH and
 * OVS_ACTION_ATTR_IOAM6_POP datapath actions (include/linux/openvswitch.h).
 * The fill, which adds this node's data to a trace, is in ioam6-fill.h. */

#include <stdbool.h>
#include "ioam6-hbh.h"
#include "odp-netlink.h"

struct dp_packet;
struct ds;
struct json;

/* Insertion mode: 'mode' of struct ovs_action_push_ioam6. */
enum ioam6_mode {
    IOAM6_MODE_INLINE = 0,      /* Hop-by-Hop into the packet itself. */
    IOAM6_MODE_ENCAP = 1,       /* IPv6-in-IPv6 with an outer HbH. */
};

/* Largest K and N of a sampling frequency K/N ('freq_k' and 'freq_n' of
 * struct ovs_action_push_ioam6). */
#define IOAM6_FREQ_MAX            1000000

/* Returns true if 'args' describes a trace that an encapsulating node may
 * insert. */
bool ioam6_push_args_valid(const struct ovs_action_push_ioam6 *);

/* What pop removes: 'mode' of struct ovs_action_pop_ioam6.  A trace whose
 * Hop-by-Hop header is followed by an IPv6 header is an encap trace, or an
 * inline trace on an IPv6-in-IPv6 packet: only the flow knows which. */
enum ioam6_pop_mode {
    IOAM6_POP_AUTO = 0,         /* Decapsulate if an IPv6 header follows the
                                 * trace's Hop-by-Hop header, otherwise
                                 * remove the option. */
    IOAM6_POP_INLINE = 1,       /* Remove the option, never decapsulate. */
    IOAM6_POP_ENCAP = 2,        /* Decapsulate; leave a trace that is not
                                 * followed by an IPv6 header alone. */
};

/* "auto", "inline", "encap". */
const char *ioam6_pop_mode_to_string(enum ioam6_pop_mode);
bool ioam6_pop_mode_from_string(const char *, enum ioam6_pop_mode *);

/* The outcome of one packet operation.  Every outcome has a coverage
 * counter.  The caller drops the packet on IOAM6_DROP and IOAM6_ECN_DROP
 * (see ioam6_result_drops()), which leave it unchanged. */
enum ioam6_result {
    IOAM6_PUSHED,               /* push: trace inserted. */
    IOAM6_FILLED,               /* fill: this node's data added. */
    IOAM6_OVERFLOW,             /* fill: no room, Overflow flag set (or
                                 * already set). */
    IOAM6_POPPED,               /* pop: trace removed. */
    IOAM6_NO_IOAM,              /* fill, pop: no trace or non-IPv6
                                 * packet; left untouched. */
    IOAM6_SKIPPED,              /* push: non-IPv6 packet, packet that
                                 * already carries IOAM (inline), or one
                                 * whose lengths would overflow; left
                                 * untouched. */
    IOAM6_UNKNOWN_NS,           /* fill: namespace not configured or IOAM
                                 * Option-Type not the Pre-allocated
                                 * Trace; left untouched. */
    IOAM6_DROP,                 /* fill, pop: malformed option, invalid
                                 * or malformed Hop-by-Hop header, or
                                 * truncated IPv6 packet; drop. */
    IOAM6_ECN_DROP,             /* pop: decapsulation of an outer CE over
                                 * an inner Not-ECT (RFC 6040); drop. */
    IOAM6_NO_ROOM,              /* push: a fixed-size buffer (DPDK, AF_XDP)
                                 * too small for the trace; left
                                 * untouched, for the caller to copy. */
};

const char *ioam6_result_to_string(enum ioam6_result);

/* Returns true if the datapath must drop a packet with outcome 'result'. */
static inline bool
ioam6_result_drops(enum ioam6_result result)
{
    return result == IOAM6_DROP || result == IOAM6_ECN_DROP;
}

/* Packet operations.  'packet' must have l3_ofs and l4_ofs set as
 * miniflow_extract() sets them.  They keep l2 and l3 offsets and move
 * l4_ofs by the bytes inserted or removed. */
enum ioam6_result ioam6_push(struct dp_packet *,
                             const struct ovs_action_push_ioam6 *);
enum ioam6_result ioam6_pop(struct dp_packet *, enum ioam6_pop_mode);

/* What the pushes of one batch share: the arguments, checked once, and the
 * Hop-by-Hop header that they insert (its Next Header aside, for inline
 * mode). */
struct ioam6_push_ctx {
    const struct ovs_action_push_ioam6 *args;
    bool valid;                 /* ioam6_push_args_valid(args). */
    size_t hbh_len;             /* Bytes of 'hbh' in use. */
    uint8_t hbh[IOAM6_HBH_MAX_LEN];
};
void ioam6_push_ctx_init(struct ioam6_push_ctx *,
                         const struct ovs_action_push_ioam6 *);

/* ioam6_push() for the packets of a batch: when the packet's buffer is too
 * small for the trace and 'may_replace' is true, continues in a copy that
 * it stores in '*packetp', and tells where the trace is (see the
 * definition).  Does not count the outcome. */
enum ioam6_result ioam6_push_may_copy(struct dp_packet **packetp,
                                      const struct ioam6_push_ctx *,
                                      bool may_replace, uint8_t **tracep);

/* For fill and pop: parses the Hop-by-Hop header of a packet and tells
 * whether it holds an IOAM option (see the definition). */
bool ioam6_packet_find_ioam(const struct dp_packet *,
                            struct ioam6_hbh_info *,
                            enum ioam6_result *);

/* Counts 'result', the outcome of a push, fill or pop, in its coverage
 * counter; or, for a batch, counts[r] outcomes 'r' for each 'r'. */
#define IOAM6_N_RESULTS (IOAM6_NO_ROOM + 1)
void ioam6_result_count(enum ioam6_result);
void ioam6_results_count(const unsigned int counts[IOAM6_N_RESULTS]);

/* Appends the IOAM6 packet counters to 'ds', or returns them as a JSON
 * object. */
void ioam6_counters_format(struct ds *);
struct json *ioam6_counters_to_json(void);

#endif /* ioam6-trace.h */
