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

#ifndef IOAM6_FILL_H
#define IOAM6_FILL_H 1

/* IOAM6 fill: adds this node's data to the traces that a dp_packet
 * carries, as a transit node does.
 *
 * The fill takes the payload of the OVS_ACTION_ATTR_IOAM6_FILL datapath
 * action (include/linux/openvswitch.h) and reads the namespace registry
 * (ioam6-ns.h). */

#include <stdint.h>
#include "ioam6-trace.h"
#include "odp-netlink.h"

struct dp_packet;
struct ioam6_ns;

/* Per-batch context of a fill: the wall clock, read once per batch. */
struct ioam6_fill_ctx {
    uint32_t ts_sec;            /* Seconds, low 32 bits. */
    uint32_t ts_usec;           /* Microseconds. */
};
void ioam6_fill_ctx_init(struct ioam6_fill_ctx *);

/* Fills every IOAM option of 'packet', which must have l3_ofs set as
 * miniflow_extract() sets it.  Returns IOAM6_FILLED, IOAM6_OVERFLOW,
 * IOAM6_UNKNOWN_NS, IOAM6_NO_IOAM or IOAM6_DROP. */
enum ioam6_result ioam6_fill(struct dp_packet *,
                             const struct ovs_action_fill_ioam6 *,
                             const struct ioam6_fill_ctx *);

/* What the fills of one batch share: the namespace that they last looked
 * up, and the node data that they last wrote, but for the hop limit.  Valid
 * until the thread quiesces (RCU), so for one batch of a PMD thread. */
struct ioam6_fill_cache {
    int ns_id;                  /* -1 if no namespace is cached. */
    const struct ioam6_ns *ns;  /* Namespace 'ns_id', NULL if none. */
    const struct ioam6_ns *data_ns;  /* Namespace of 'data', or NULL. */
    uint32_t data_type;         /* Trace type of 'data'. */
    unsigned int hlim_ofs8;     /* Offset in 'data' of field 8. */
    uint32_t nodelen_type;      /* A trace type and its NodeLen. */
    unsigned int nodelen;
    uint8_t data[IOAM6_TRACE_DATA_SIZE_MAX];
};
void ioam6_fill_cache_init(struct ioam6_fill_cache *);

/* ioam6_fill() without the outcome's counter, with 'cache' shared by the
 * packets of a batch (see ioam6_execute_odp_action()). */
enum ioam6_result ioam6_fill_cached(struct dp_packet *,
                                    const struct ovs_action_fill_ioam6 *,
                                    const struct ioam6_fill_ctx *,
                                    struct ioam6_fill_cache *);

/* Fills the trace whose header is at 'trace', which a push has just written
 * into a packet whose hop limit is 'hlim': what ioam6_fill_cached() does to
 * that packet, without the parse and the checks, which such a trace passes
 * by construction.  For push_ioam6 directly followed by fill_ioam6. */
enum ioam6_result ioam6_fill_pushed(uint8_t *trace, uint8_t hlim,
                                    const struct ovs_action_fill_ioam6 *,
                                    const struct ioam6_fill_ctx *,
                                    struct ioam6_fill_cache *);

/* Checks the IOAM option 'tlv' of Hop-by-Hop header 'hbh' as Linux's receive
 * path does, in the same order, leaving out the checks that depend on a
 * Linux interface.  Returns IOAM6_DROP for a malformed option,
 * IOAM6_UNKNOWN_NS for an IOAM Option-Type other than the Pre-allocated
 * Trace (left alone), IOAM6_FILLED for a trace that may be filled or
 * read. */
struct ioam6_tlv;
enum ioam6_result ioam6_opt_check(const uint8_t *hbh,
                                  const struct ioam6_tlv *tlv);

#endif /* ioam6-fill.h */
