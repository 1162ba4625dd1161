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

#ifndef OFPROTO_DPIF_IOAM6_H
#define OFPROTO_DPIF_IOAM6_H 1

/* IOAM6 in ofproto-dpif: whether a datapath supports the IOAM6 actions,
 * the checks of those actions when a flow is added, the arguments of the
 * datapath actions they translate into, and the push_ioam6(freq=K/N)
 * samplers, owned by the rules and recirculation ids whose translations
 * use them (see the comment at the top of ofproto-dpif-ioam6.c).
 * ofproto-dpif.c, ofproto-dpif-rid.c and, through
 * ofproto-dpif-xlate-ioam6.inc, ofproto-dpif-xlate.c call in here. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/types.h"
#include "openvswitch/ofp-errors.h"

struct dpif;
struct ovs_action_fill_ioam6;
struct ovs_action_push_ioam6;
struct ofpact;
struct ofpact_push_ioam6;
struct xport;

/* The IOAM6 state of a translation, a member of struct xlate_ctx, which
 * ofproto-dpif-xlate-ioam6.inc keeps up to date. */
struct xlate_ioam6 {
    const struct xport *in;     /* Where the packet entered the switch. */
    bool fill;                  /* A fill_ioam6 waits for the outputs. */
    size_t list;                /* Offset of the datapath action list being
                                 * composed (the top level or a clone). */
    size_t last;                /* Offset of the last clone(fill, output)
                                 * composed, or SIZE_MAX. */
    size_t last_end;            /* Offset of the end of that clone. */
    unsigned int flushes;       /* Fills applied to the packet itself. */
};

/* Called by ofproto-dpif-xlate.c where OVS has translated actions on what
 * it treats as a copy of the packet, then rolled the flow back to the state
 * before them ('*old'): after a group bucket, and after the bridge behind a
 * patch port.  Their outputs were the copy's, so the fill is pending again
 * for the outputs that follow, unless those actions applied it to the
 * packet itself: the datapath actions that they composed are not undone. */
static inline void
xlate_ioam6_rollback(struct xlate_ioam6 *ioam6, const struct xlate_ioam6 *old)
{
    ioam6->fill = old->fill && ioam6->flushes == old->flushes;
}

bool ofproto_dpif_ioam6_supported(const struct dpif *);
enum ofperr ofproto_dpif_ioam6_check(const struct ofpact *, bool supported);
bool ofproto_dpif_ioam6_ids_changed(uint64_t *seqno);

/* Translation. */
bool ofproto_dpif_ioam6_push_args(const struct ofpact_push_ioam6 *,
                                  const void *owner,
                                  struct ovs_action_push_ioam6 *);
void ofproto_dpif_ioam6_fill_args(const char *iif, const char *eif,
                                  struct ovs_action_fill_ioam6 *);

/* Samplers. */
uint32_t ofproto_dpif_ioam6_sampler(const void *owner, const void *action);
void ofproto_dpif_ioam6_release(const void *owner);

#endif /* ofproto-dpif-ioam6.h */
