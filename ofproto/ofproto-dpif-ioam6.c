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

/* The IOAM6 code of ofproto-dpif that does not need its private structures:
 * checks of the IOAM6 actions, the arguments of the datapath actions they
 * translate into, and the ownership of the push_ioam6(freq=K/N) samplers.
 * ofproto/ofproto-dpif-xlate-ioam6.inc adapts the translation context to
 * it.
 *
 * Samplers belong to what owns the translation, as recirculation ids do.
 * One is keyed on (owner, push_ioam6 action): the owner is the rule being
 * translated (ctx->rule, also for a group bucket or clone that it runs),
 * or, for actions that resume after a recirculation, the frozen state of
 * the recirculation id (OVS shares one between identical frozen states, as
 * it shares the datapath flows after them).  Every translation of one
 * owner and action, revalidation included, gets the same sampler.  The
 * owner's destruction, rule_destruct() or recirc_id_node_free(), frees its
 * samplers at once; both run after an RCU grace period once no translation
 * or xlate cache can reach the owner, so its address cannot recur while
 * its samplers live.  Without an owner (packet-out, ofproto/trace with
 * actions, a continuation) a translation gets sampler 0: each packet is the
 * first of its own count and is selected, and nothing is allocated.  Ids
 * are never reused (lib/ioam6-sampler.c): a datapath flow that outlives its
 * owner selects nothing and shares nothing with a later flow. */

#include <config.h>
#include "ofproto-dpif-ioam6.h"

#include <net/if.h>

#include "dpif-netdev.h"
#include "hash.h"
#include "ioam6-ids.h"
#include "ioam6-sampler.h"
#include "ioam6-trace.h"
#include "odp-netlink.h"
#include "openvswitch/hmap.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/vlog.h"
#include "ovs-router.h"
#include "ovs-thread.h"
#include "packets.h"
#include "unaligned.h"

VLOG_DEFINE_THIS_MODULE(ofproto_dpif_ioam6);

/* The IOAM6 actions run in the userspace datapath only. */
bool
ofproto_dpif_ioam6_supported(const struct dpif *dpif)
{
    return dpif_is_netdev(dpif);
}

/* Checks, when a flow is added, whether 'ofpact' can run on a datapath
 * that does ('supported') or does not support IOAM6.  Refuses the IOAM6
 * actions on other datapaths, and push_ioam6 in encap mode without
 * tun_src when the route table has no route to tun_dst. */
enum ofperr
ofproto_dpif_ioam6_check(const struct ofpact *ofpact, bool supported)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

    if (ofpact->type != OFPACT_PUSH_IOAM6
        && ofpact->type != OFPACT_FILL_IOAM6
        && ofpact->type != OFPACT_POP_IOAM6) {
        return 0;
    }

    if (!supported) {
        VLOG_WARN_RL(&rl, "Rejecting %s action because the datapath does "
                     "not support IOAM6 (only the userspace datapath does)",
                     ofpact_name(ofpact->type));
        return OFPERR_OFPBAC_BAD_TYPE;
    }

    if (ofpact->type == OFPACT_PUSH_IOAM6) {
        const struct ofpact_push_ioam6 *a = ofpact_get_PUSH_IOAM6(ofpact);

        if (a->mode == IOAM6_MODE_ENCAP && !a->has_tun_src) {
            char output_bridge[IFNAMSIZ];
            struct in6_addr src = in6addr_any, gw;

            if (!ovs_router_lookup(0, &a->tun_dst, output_bridge,
                                   &src, &gw)) {
                char buf[INET6_ADDRSTRLEN];

                VLOG_WARN_RL(&rl, "Rejecting push_ioam6 action: no route "
                             "to tun_dst %s to choose a source address "
                             "from (give tun_src, or add a route with "
                             "ovs-appctl ovs/route/add)",
                             ipv6_string_mapped(buf, &a->tun_dst));
                return OFPERR_OFPBAC_BAD_ARGUMENT;
            }
        }
    }
    return 0;
}

/* Returns true if the IOAM6 node or interface ids changed since '*seqno'
 * was last updated, and updates it. */
bool
ofproto_dpif_ioam6_ids_changed(uint64_t *seqno)
{
    uint64_t cur = ioam6_ids_seq();

    if (cur != *seqno) {
        *seqno = cur;
        return true;
    }
    return false;
}

/* The samplers of one owner. */
struct ioam6_owner {
    struct hmap_node node;      /* In 'owners', by hash_pointer(owner). */
    const void *owner;
    struct ioam6_owned {
        const void *action;     /* The push_ioam6 action. */
        uint32_t id;            /* Its sampler. */
    } *samplers;
    size_t n_samplers;
};

static struct ovs_mutex owners_mutex = OVS_MUTEX_INITIALIZER;
static struct hmap owners OVS_GUARDED_BY(owners_mutex)
    = HMAP_INITIALIZER(&owners);

static struct ioam6_owner *
owner_find(const void *owner, size_t hash)
    OVS_REQUIRES(owners_mutex)
{
    struct ioam6_owner *o;

    HMAP_FOR_EACH_WITH_HASH (o, node, hash, &owners) {
        if (o->owner == owner) {
            return o;
        }
    }
    return NULL;
}

/* Returns the id of the sampler of push_ioam6 action 'action' when 'owner'
 * translates it, allocated on first use.  Returns 0 (no sampler) if 'owner'
 * is NULL. */
uint32_t
ofproto_dpif_ioam6_sampler(const void *owner, const void *action)
{
    size_t hash = hash_pointer(owner, 0);
    struct ioam6_owner *o;
    uint32_t id;

    if (!owner) {
        return 0;
    }

    ovs_mutex_lock(&owners_mutex);
    o = owner_find(owner, hash);
    if (!o) {
        o = xzalloc(sizeof *o);
        o->owner = owner;
        hmap_insert(&owners, &o->node, hash);
    }
    for (size_t i = 0; i < o->n_samplers; i++) {
        if (o->samplers[i].action == action) {
            id = o->samplers[i].id;
            ovs_mutex_unlock(&owners_mutex);
            return id;
        }
    }
    id = ioam6_sampler_alloc();
    o->samplers = xrealloc(o->samplers,
                           (o->n_samplers + 1) * sizeof *o->samplers);
    o->samplers[o->n_samplers++] = (struct ioam6_owned) {
        .action = action,
        .id = id,
    };
    ovs_mutex_unlock(&owners_mutex);
    return id;
}

/* Frees the samplers of 'owner', which is going away.  Called by the
 * destruction of rules and of recirculation ids, once nothing can translate
 * them any more. */
void
ofproto_dpif_ioam6_release(const void *owner)
{
    size_t hash = hash_pointer(owner, 0);
    struct ioam6_owner *o;

    ovs_mutex_lock(&owners_mutex);
    o = hmap_is_empty(&owners) ? NULL : owner_find(owner, hash);
    if (o) {
        hmap_remove(&owners, &o->node);
    }
    ovs_mutex_unlock(&owners_mutex);

    if (o) {
        for (size_t i = 0; i < o->n_samplers; i++) {
            ioam6_sampler_free(o->samplers[i].id);
        }
        free(o->samplers);
        free(o);
    }
}

/* Composes in 'p' the arguments of the datapath push_ioam6 action for
 * OpenFlow action 'a', translated for 'owner' (see
 * ofproto_dpif_ioam6_sampler()).  Returns false if 'a' is in encap mode
 * without tun_src and the route table has no route to its tun_dst. */
bool
ofproto_dpif_ioam6_push_args(const struct ofpact_push_ioam6 *a,
                             const void *owner,
                             struct ovs_action_push_ioam6 *p)
{
    memset(p, 0, sizeof *p);
    p->type = a->trace_type;
    p->ns_id = a->ns_id;
    p->size = a->size;
    p->mode = a->mode;
    p->freq_k = a->freq_k;
    p->freq_n = a->freq_n;
    if (a->freq_k < a->freq_n) {
        p->sampler = ofproto_dpif_ioam6_sampler(owner, a);
    }
    if (a->mode == IOAM6_MODE_ENCAP) {
        p->dst = a->tun_dst;
        if (a->has_tun_src) {
            p->src = a->tun_src;
        } else {
            char output_bridge[IFNAMSIZ];
            struct in6_addr gw;

            if (!ovs_router_lookup(0, &a->tun_dst, output_bridge,
                                   &p->src, &gw)) {
                return false;
            }
        }
    }
    return true;
}

/* Composes in 'f' the arguments of the datapath fill_ioam6 action for a
 * packet received on the netdev named 'iif' and sent on the one named
 * 'eif' (either may be NULL: unknown). */
void
ofproto_dpif_ioam6_fill_args(const char *iif, const char *eif,
                             struct ovs_action_fill_ioam6 *f)
{
    uint64_t node_id_wide;

    memset(f, 0, sizeof *f);
    ioam6_node_get(&f->node_id, &node_id_wide);
    put_32aligned_u64(&f->node_id_wide, node_id_wide);
    ioam6_iface_get(iif, &f->iif, &f->iif_wide);
    ioam6_iface_get(eif, &f->eif, &f->eif_wide);
}

