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
#include "ofproto-dpif-ioam6.h"

#include <net/if.h>

#include "dpif-netdev.h"
#include "ioam6.h"
#include "ioam6-ids.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/vlog.h"
#include "ovs-router.h"
#include "packets.h"

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
            struct in6_addr src, gw;

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
