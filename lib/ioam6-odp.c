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
#include "ioam6-odp.h"

#include <ctype.h>
#include <errno.h>
#include <netinet/ip6.h>
#include <string.h>

#include "dp-packet.h"
#include "ioam6-config.h"
#include "ioam6-fill.h"
#include "ioam6-sampler.h"
#include "ioam6-trace.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-parse.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "unaligned.h"
#include "util.h"

/* Returns the length of the argument of IOAM6 datapath action 'type'. */
int
ioam6_odp_action_len(uint16_t type)
{
    switch (type) {
    case OVS_ACTION_ATTR_IOAM6_PUSH:
        return sizeof(struct ovs_action_push_ioam6);
    case OVS_ACTION_ATTR_IOAM6_FILL:
        return sizeof(struct ovs_action_fill_ioam6);
    case OVS_ACTION_ATTR_IOAM6_POP:
        return sizeof(struct ovs_action_pop_ioam6);
    default:
        OVS_NOT_REACHED();
    }
}

static void
format_push(struct ds *ds, const struct ovs_action_push_ioam6 *p)
{
    ds_put_format(ds, "push_ioam6(ns=%"PRIu16",type=0x%06"PRIx32
                  ",size=%"PRIu8, p->ns_id, p->type, p->size);
    if (p->mode == IOAM6_MODE_ENCAP) {
        ds_put_cstr(ds, ",mode=encap");
        if (ipv6_addr_is_set(&p->src)) {
            ds_put_cstr(ds, ",tun_src=");
            ipv6_format_addr(&p->src, ds);
        }
        ds_put_cstr(ds, ",tun_dst=");
        ipv6_format_addr(&p->dst, ds);
    } else if (p->mode != IOAM6_MODE_INLINE) {
        ds_put_format(ds, ",mode=%"PRIu8, p->mode);
    }
    if (p->freq_n > 1 || p->freq_k != p->freq_n) {
        ds_put_format(ds, ",freq=%"PRIu32"/%"PRIu32",sampler=%"PRIu32,
                      p->freq_k, p->freq_n, p->sampler);
    }
    ds_put_char(ds, ')');
}

static void
format_fill(struct ds *ds, const struct ovs_action_fill_ioam6 *f)
{
    ds_put_format(ds, "fill_ioam6(node=%"PRIu32",node_wide=%"PRIu64
                  ",iif=%"PRIu16",eif=%"PRIu16
                  ",iif_wide=%"PRIu32",eif_wide=%"PRIu32")",
                  f->node_id, get_32aligned_u64(&f->node_id_wide),
                  f->iif, f->eif, f->iif_wide, f->eif_wide);
}

void
ioam6_format_odp_action(struct ds *ds, const struct nlattr *a)
{
    switch (nl_attr_type(a)) {
    case OVS_ACTION_ATTR_IOAM6_PUSH:
        format_push(ds, nl_attr_get(a));
        break;
    case OVS_ACTION_ATTR_IOAM6_FILL:
        format_fill(ds, nl_attr_get(a));
        break;
    case OVS_ACTION_ATTR_IOAM6_POP: {
        uint32_t mode = nl_attr_get_u32(a);

        ds_put_cstr(ds, "pop_ioam6");
        if (mode == IOAM6_POP_INLINE || mode == IOAM6_POP_ENCAP) {
            ds_put_format(ds, "(mode=%s)", ioam6_pop_mode_to_string(mode));
        } else if (mode != IOAM6_POP_AUTO) {
            ds_put_format(ds, "(mode=%"PRIu32")", mode);
        }
        break;
    }
    default:
        OVS_NOT_REACHED();
    }
}

/* Parses the key=value list 'args' of a push_ioam6() action into 'p'.
 * Returns NULL if successful, otherwise an error message. */
static char *
parse_push_args(char *args, struct ovs_action_push_ioam6 *p)
{
    struct ioam6_push_args a;
    char *error = ioam6_config_parse_push(args, true, &a);

    if (error) {
        return error;
    }
    /* As push_ioam6 in OpenFlow, encap needs an outer destination: the
     * unspecified address would leave the packet nowhere to go. */
    if (a.mode == IOAM6_MODE_ENCAP && !a.has_tun_dst) {
        return xstrdup("push_ioam6: mode=encap requires tun_dst");
    }

    memset(p, 0, sizeof *p);
    p->type = a.trace_type;
    p->ns_id = a.ns_id;
    p->size = a.size;
    p->mode = a.mode;
    p->src = a.tun_src;
    p->dst = a.tun_dst;
    p->freq_k = a.freq_k;
    p->freq_n = a.freq_n;
    p->sampler = a.sampler;
    return NULL;
}

/* Parses the key=value list 'args' of a fill_ioam6() action, which names
 * every identifier, into 'f'.  Returns NULL if successful, otherwise an
 * error message. */
static char *
parse_fill_args(char *args, struct ovs_action_fill_ioam6 *f)
{
    unsigned int seen = 0;
    char *key, *value;

    memset(f, 0, sizeof *f);
    while (ofputil_parse_key_value(&args, &key, &value)) {
        char *error;

        if (!strcmp(key, "node")) {
            error = ioam6_config_parse_node_id(key, value, &f->node_id);
            seen |= 1;
        } else if (!strcmp(key, "node_wide")) {
            uint64_t node_wide;

            error = ioam6_config_parse_node_id_wide(key, value, &node_wide);
            if (!error) {
                put_32aligned_u64(&f->node_id_wide, node_wide);
            }
            seen |= 2;
        } else if (!strcmp(key, "iif")) {
            error = ioam6_config_parse_if_id(key, value, &f->iif);
            seen |= 4;
        } else if (!strcmp(key, "eif")) {
            error = ioam6_config_parse_if_id(key, value, &f->eif);
            seen |= 8;
        } else if (!strcmp(key, "iif_wide")) {
            error = ioam6_config_parse_if_id_wide(key, value, &f->iif_wide);
            seen |= 16;
        } else if (!strcmp(key, "eif_wide")) {
            error = ioam6_config_parse_if_id_wide(key, value, &f->eif_wide);
            seen |= 32;
        } else {
            error = xasprintf("invalid key '%s' in 'fill_ioam6' argument",
                              key);
        }
        if (error) {
            return error;
        }
    }
    if (seen != 63) {
        return xstrdup("fill_ioam6 requires node, node_wide, iif, eif, "
                       "iif_wide and eif_wide");
    }
    return NULL;
}

/* Parses the key=value list 'args' of a pop_ioam6() action into '*mode'.
 * Returns NULL if successful, otherwise an error message. */
static char *
parse_pop_args(char *args, enum ioam6_pop_mode *mode)
{
    char *key, *value;

    while (ofputil_parse_key_value(&args, &key, &value)) {
        char *error = (strcmp(key, "mode")
                       ? xasprintf("invalid key '%s' in 'pop_ioam6' "
                                   "argument", key)
                       : ioam6_config_parse_pop_mode(key, value, mode));
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Parses the IOAM6 action at the start of 's' and appends it to 'actions'.
 * Returns the number of bytes consumed, 0 if 's' does not start with an
 * IOAM6 action, or -EINVAL if it starts with one that is malformed. */
int
ioam6_parse_odp_action(const char *s, struct ofpbuf *actions)
{
    static const char push[] = "push_ioam6(";
    static const char fill[] = "fill_ioam6(";
    static const char pop[] = "pop_ioam6";
    bool is_push = !strncmp(s, push, strlen(push));
    bool is_fill = !strncmp(s, fill, strlen(fill));
    char *error;

    if (is_push || is_fill) {
        size_t start = strlen(push);    /* Same length as 'fill'. */
        const char *close = strchr(s + start, ')');
        char *args;

        if (!close) {
            return -EINVAL;
        }
        args = xmemdup0(s + start, close - (s + start));
        if (is_push) {
            struct ovs_action_push_ioam6 p;

            error = parse_push_args(args, &p);
            if (!error) {
                ioam6_put_push_action(actions, &p);
            }
        } else {
            struct ovs_action_fill_ioam6 f;

            error = parse_fill_args(args, &f);
            if (!error) {
                ioam6_put_fill_action(actions, &f);
            }
        }
        free(args);
        if (error) {
            free(error);
            return -EINVAL;
        }
        return close + 1 - s;
    } else if (!strncmp(s, pop, strlen(pop))
               && !isalnum((unsigned char) s[strlen(pop)])
               && s[strlen(pop)] != '_') {
        enum ioam6_pop_mode mode = IOAM6_POP_AUTO;
        const char *end = s + strlen(pop);

        if (*end == '(') {
            const char *close = strchr(end, ')');
            char *args;

            if (!close) {
                return -EINVAL;
            }
            args = xmemdup0(end + 1, close - (end + 1));
            error = parse_pop_args(args, &mode);
            free(args);
            if (error) {
                free(error);
                return -EINVAL;
            }
            end = close + 1;
        }
        ioam6_put_pop_action(actions, mode);
        return end - s;
    }
    return 0;
}

void
ioam6_put_push_action(struct ofpbuf *odp_actions,
                      const struct ovs_action_push_ioam6 *p)
{
    nl_msg_put_unspec(odp_actions, OVS_ACTION_ATTR_IOAM6_PUSH, p, sizeof *p);
}

void
ioam6_put_fill_action(struct ofpbuf *odp_actions,
                      const struct ovs_action_fill_ioam6 *f)
{
    nl_msg_put_unspec(odp_actions, OVS_ACTION_ATTR_IOAM6_FILL, f, sizeof *f);
}

void
ioam6_put_pop_action(struct ofpbuf *odp_actions, enum ioam6_pop_mode mode)
{
    nl_msg_put_u32(odp_actions, OVS_ACTION_ATTR_IOAM6_POP, mode);
}

/* Runs push_ioam6 'push' on every packet of 'batch', and with a nonnull
 * 'fill', the fill_ioam6 that directly follows it: in one pass, each packet
 * that the push gives a trace gets its fill at once, without the parse and
 * the checks of a trace that this push has just written.  The other
 * packets (not sampled, skipped) get the ordinary fill, so the outcome is
 * that of the two actions one after the other. */
static void
ioam6_execute_push(struct dp_packet_batch *batch,
                   const struct ovs_action_push_ioam6 *push,
                   const struct ovs_action_fill_ioam6 *fill, bool steal,
                   unsigned int counts[IOAM6_N_RESULTS])
{
    const size_t num = dp_packet_batch_size(batch);
    bool every = push->freq_k >= push->freq_n;
    struct ioam6_push_ctx pctx;
    struct ioam6_fill_cache cache;
    struct ioam6_fill_ctx ctx;
    struct dp_packet *packet;
    size_t i;

    ioam6_push_ctx_init(&pctx, push);
    if (fill) {
        ioam6_fill_ctx_init(&ctx);
        ioam6_fill_cache_init(&cache);
    }
    DP_PACKET_BATCH_REFILL_FOR_EACH (i, num, packet, batch) {
        enum ioam6_result r = IOAM6_N_RESULTS;
        uint8_t *trace = NULL;

        if (every || ioam6_sampler_select(push->sampler, push->freq_k,
                                          push->freq_n)) {
            r = ioam6_push_may_copy(&packet, &pctx, steal, &trace);
            counts[r]++;
        }
        if (fill) {
            if (r == IOAM6_PUSHED) {
                const struct ovs_16aligned_ip6_hdr *ip6 = dp_packet_l3(packet);

                r = ioam6_fill_pushed(trace, ip6->ip6_hlim, fill, &ctx,
                                      &cache);
            } else {
                r = ioam6_fill_cached(packet, fill, &ctx, &cache);
            }
            counts[r]++;
            if (ioam6_result_drops(r)) {
                if (steal) {
                    dp_packet_delete(packet);
                }
                continue;
            }
        }
        dp_packet_batch_add(batch, packet);
    }
}

/* Runs the IOAM6 datapath action '*ap' on every packet of 'batch', which
 * odp_execute_actions() reaches with '*leftp' bytes of actions left.  A
 * push_ioam6 directly followed by a fill_ioam6 runs with it, in one pass
 * (see ioam6_execute_push()); then '*ap' and '*leftp' move on to the fill,
 * so that the caller's loop goes past it.  Packets that the core says to
 * drop (malformed, or CE over Not-ECT at decapsulation) are dropped; the
 * core counts them.  'steal' says that the datapath owns the packets: then
 * a push may replace a packet by a copy with room for the trace, and a
 * dropped packet is deleted.  Otherwise, the caller keeps the packets and a
 * dropped one only leaves the batch. */
void
ioam6_execute_odp_action(struct dp_packet_batch *batch,
                         const struct nlattr **ap, unsigned int *leftp,
                         bool steal)
{
    unsigned int counts[IOAM6_N_RESULTS + 1] = { 0 };
    const size_t num = dp_packet_batch_size(batch);
    const struct nlattr *a = *ap;
    enum ovs_action_attr type = nl_attr_type(a);
    struct dp_packet *packet;

    if (type == OVS_ACTION_ATTR_IOAM6_PUSH) {
        const struct ovs_action_fill_ioam6 *fill = NULL;
        unsigned int len = nl_attr_len_pad(a, *leftp);

        if (*leftp > len) {
            const struct nlattr *next = nl_attr_next(a);

            if (nl_attr_type(next) == OVS_ACTION_ATTR_IOAM6_FILL
                && nl_attr_get_size(next) == sizeof *fill) {
                fill = nl_attr_get(next);
                *ap = next;
                *leftp -= len;
            }
        }
        ioam6_execute_push(batch, nl_attr_get(a), fill, steal, counts);
    } else if (type == OVS_ACTION_ATTR_IOAM6_FILL) {
        const struct ovs_action_fill_ioam6 *f = nl_attr_get(a);
        struct ioam6_fill_cache cache;
        struct ioam6_fill_ctx ctx;
        size_t i;

        ioam6_fill_ctx_init(&ctx);
        ioam6_fill_cache_init(&cache);
        DP_PACKET_BATCH_REFILL_FOR_EACH (i, num, packet, batch) {
            enum ioam6_result r = ioam6_fill_cached(packet, f, &ctx, &cache);

            counts[r]++;
            if (!ioam6_result_drops(r)) {
                dp_packet_batch_add(batch, packet);
            } else if (steal) {
                dp_packet_delete(packet);
            }
        }
    } else {
        enum ioam6_pop_mode mode = nl_attr_get_u32(a);
        size_t i;

        ovs_assert(type == OVS_ACTION_ATTR_IOAM6_POP);
        DP_PACKET_BATCH_REFILL_FOR_EACH (i, num, packet, batch) {
            if (!ioam6_result_drops(ioam6_pop(packet, mode))) {
                dp_packet_batch_add(batch, packet);
            } else if (steal) {
                dp_packet_delete(packet);
            }
        }
    }
    ioam6_results_count(counts);
}
