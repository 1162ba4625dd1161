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

#ifndef IOAM6_OFP_H
#define IOAM6_OFP_H 1

/* The OpenFlow edge of IOAM6: the push_ioam6, fill_ioam6 and pop_ioam6
 * actions, their wire format, text form and checks.
 *
 * lib/ofp-actions.c reaches these through lib/ofp-actions-ioam6.inc, a thin
 * adapter that gives them the names that its generated dispatch calls.  The
 * raw action numbers are a private allocation, far from upstream's sequence
 * so that they never collide with future upstream actions (and are not
 * interoperable with upstream OVS):
 *
 *     NXAST_RAW_PUSH_IOAM6   NX1.0+ subtype 200, struct nx_action_push_ioam6
 *     NXAST_RAW_FILL_IOAM6   NX1.0+ subtype 201, no argument
 *     NXAST_RAW_POP_IOAM6    NX1.0+ subtype 202, 16-bit enum ioam6_pop_mode
 *                            (0, "auto", in the padding of a bare action) */

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "openflow/openflow-common.h"
#include "openvswitch/compiler.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/types.h"

struct ds;
struct match;
struct ofpact_pop_ioam6;
struct ofpact_push_ioam6;
struct ofpbuf;

/* Flags for nx_action_push_ioam6's 'flags'. */
#define NX_IOAM6_F_TUN_SRC  0x01        /* 'tun_src' is valid. */

/* Action structure for NXAST_PUSH_IOAM6. */
struct nx_action_push_ioam6 {
    ovs_be16 type;              /* OFPAT_VENDOR. */
    ovs_be16 len;               /* Length is 64. */
    ovs_be32 vendor;            /* NX_VENDOR_ID. */
    ovs_be16 subtype;           /* NXAST_PUSH_IOAM6. */
    ovs_be16 ns_id;             /* IOAM Namespace-ID. */
    ovs_be32 trace_type;        /* IOAM-Trace-Type, in the low 24 bits. */
    uint8_t size;               /* Pre-allocated trace data, in bytes. */
    uint8_t mode;               /* 0: inline, 1: encap. */
    uint8_t flags;              /* NX_IOAM6_F_*. */
    uint8_t pad[1];
    ovs_be32 freq_k;            /* Sampling: the first 'freq_k' of every */
    ovs_be32 freq_n;            /* 'freq_n' packets get IOAM. */
    uint8_t pad2[4];
    struct in6_addr tun_src;    /* Outer source (encap), if flagged. */
    struct in6_addr tun_dst;    /* Outer destination (encap). */
};
OFP_ASSERT(sizeof(struct nx_action_push_ioam6) == 64);

/* push_ioam6. */
enum ofperr ioam6_ofp_decode_push(const struct nx_action_push_ioam6 *,
                                  struct ofpbuf *ofpacts);
void ioam6_ofp_encode_push(const struct ofpact_push_ioam6 *,
                           struct nx_action_push_ioam6 *);
char *ioam6_ofp_parse_push(char *arg, struct ofpbuf *ofpacts)
    OVS_WARN_UNUSED_RESULT;
void ioam6_ofp_format_push(const struct ofpact_push_ioam6 *, struct ds *);
enum ofperr ioam6_ofp_check_push(const struct ofpact_push_ioam6 *);

/* fill_ioam6. */
char *ioam6_ofp_parse_fill(const char *arg, struct ofpbuf *ofpacts)
    OVS_WARN_UNUSED_RESULT;
void ioam6_ofp_format_fill(struct ds *);

/* pop_ioam6. */
enum ofperr ioam6_ofp_decode_pop(uint16_t mode, struct ofpbuf *ofpacts);
char *ioam6_ofp_parse_pop(char *arg, struct ofpbuf *ofpacts)
    OVS_WARN_UNUSED_RESULT;
void ioam6_ofp_format_pop(const struct ofpact_pop_ioam6 *, struct ds *);

/* IOAM works on IPv6 packets only: on any other packet the three actions do
 * nothing, so a flow that applies them to a match that is not IPv6 only is
 * inconsistent.  Returns true if 'match' is IPv6 only. */
bool ioam6_ofp_match_is_ipv6(const struct match *);

#endif /* ioam6-ofp.h */
