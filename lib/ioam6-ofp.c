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

/* This file implements the IOAM6 OpenFlow actions (see ioam6-ofp.h) for
 * lib/ofp-actions-ioam6.inc. */

#include <config.h>
#include "ioam6-ofp.h"

#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "flow.h"
#include "ioam6-trace.h"
#include "ioam6-config.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/match.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-parse.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ioam6_ofp);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

/* Returns 'error', a message from ioam6-config.h, prefixed with the name of
 * action 'action'.  Frees 'error'.  Returns NULL if 'error' is NULL. */
static char *
action_error(const char *action, char *error)
{
    char *msg;

    if (!error) {
        return NULL;
    }
    msg = xasprintf("%s: %s", action, error);
    free(error);
    return msg;
}

/* Validates 'a'.  Returns NULL if it is valid, otherwise an error message
 * that names the bad argument, which the caller must free. */
static char * OVS_WARN_UNUSED_RESULT
push_validate(const struct ofpact_push_ioam6 *a)
{
    char *error = ioam6_config_check_trace_type("type", a->trace_type);

    if (!error) {
        error = ioam6_config_check_trace_size("size", a->size);
    }
    if (!error) {
        error = ioam6_config_check_push_mode("mode", a->mode);
    }
    if (!error) {
        error = ioam6_config_check_freq("freq", a->freq_k, a->freq_n);
    }
    if (error) {
        return action_error("push_ioam6", error);
    }

    if (a->mode == IOAM6_MODE_ENCAP) {
        if (!ipv6_addr_is_set(&a->tun_dst)) {
            return xstrdup("push_ioam6: mode=encap requires tun_dst "
                           "(a non-zero IPv6 address)");
        }
        if (a->has_tun_src && !ipv6_addr_is_set(&a->tun_src)) {
            return xstrdup("push_ioam6: tun_src must not be ::");
        }
    } else {
        if (ipv6_addr_is_set(&a->tun_dst)) {
            return xstrdup("push_ioam6: tun_dst is only valid with "
                           "mode=encap");
        }
        if (a->has_tun_src) {
            return xstrdup("push_ioam6: tun_src is only valid with "
                           "mode=encap");
        }
    }
    return NULL;
}

enum ofperr
ioam6_ofp_decode_push(const struct nx_action_push_ioam6 *nap,
                      struct ofpbuf *ofpacts)
{
    struct ofpact_push_ioam6 *a = ofpact_put_PUSH_IOAM6(ofpacts);
    char *error;

    a->ns_id = ntohs(nap->ns_id);
    a->trace_type = ntohl(nap->trace_type);
    a->size = nap->size;
    a->mode = nap->mode;
    a->has_tun_src = (nap->flags & NX_IOAM6_F_TUN_SRC) != 0;
    a->freq_k = ntohl(nap->freq_k);
    a->freq_n = ntohl(nap->freq_n);
    if (a->has_tun_src) {
        memcpy(&a->tun_src, &nap->tun_src, sizeof a->tun_src);
    }
    memcpy(&a->tun_dst, &nap->tun_dst, sizeof a->tun_dst);

    if ((nap->flags & ~NX_IOAM6_F_TUN_SRC)
        || !is_all_zeros(nap->pad, sizeof nap->pad)
        || !is_all_zeros(nap->pad2, sizeof nap->pad2)) {
        return OFPERR_NXBRC_MUST_BE_ZERO;
    }
    error = push_validate(a);
    if (error) {
        free(error);
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    return 0;
}

/* Fills in 'nap', whose header the caller has put, from 'a'. */
void
ioam6_ofp_encode_push(const struct ofpact_push_ioam6 *a,
                      struct nx_action_push_ioam6 *nap)
{
    nap->ns_id = htons(a->ns_id);
    nap->trace_type = htonl(a->trace_type);
    nap->size = a->size;
    nap->mode = a->mode;
    nap->flags = a->has_tun_src ? NX_IOAM6_F_TUN_SRC : 0;
    nap->freq_k = htonl(a->freq_k);
    nap->freq_n = htonl(a->freq_n);
    if (a->has_tun_src) {
        memcpy(&nap->tun_src, &a->tun_src, sizeof nap->tun_src);
    }
    memcpy(&nap->tun_dst, &a->tun_dst, sizeof nap->tun_dst);
}

/* push_ioam6(ns=ID,type=TYPE,size=BYTES[,mode=inline|encap][,tun_dst=ADDR]
 *            [,tun_src=ADDR][,freq=K/N]) */
char *
ioam6_ofp_parse_push(char *arg, struct ofpbuf *ofpacts)
{
    struct ofpact_push_ioam6 *a = ofpact_put_PUSH_IOAM6(ofpacts);
    struct ioam6_push_args args;
    char *error = ioam6_config_parse_push(arg, false, &args);

    if (error) {
        return error;
    }
    a->ns_id = args.ns_id;
    a->trace_type = args.trace_type;
    a->size = args.size;
    a->mode = args.mode;
    a->tun_dst = args.tun_dst;
    a->tun_src = args.tun_src;
    a->has_tun_src = args.has_tun_src;
    a->freq_k = args.freq_k;
    a->freq_n = args.freq_n;
    return push_validate(a);
}

/* Writes 'a' in the syntax that ioam6_ofp_parse_push() reads. */
void
ioam6_ofp_format_push(const struct ofpact_push_ioam6 *a, struct ds *s)
{
    ds_put_format(s, "%spush_ioam6(%s%sns=%s%"PRIu16
                  ",%stype=%s0x%06"PRIx32",%ssize=%s%"PRIu8,
                  colors.paren, colors.end,
                  colors.param, colors.end, a->ns_id,
                  colors.param, colors.end, a->trace_type,
                  colors.param, colors.end, a->size);
    if (a->mode == IOAM6_MODE_ENCAP) {
        ds_put_format(s, ",%smode=%sencap,%stun_dst=%s",
                      colors.param, colors.end, colors.param, colors.end);
        ipv6_format_addr(&a->tun_dst, s);
        if (a->has_tun_src) {
            ds_put_format(s, ",%stun_src=%s", colors.param, colors.end);
            ipv6_format_addr(&a->tun_src, s);
        }
    }
    if (a->freq_k != 1 || a->freq_n != 1) {
        ds_put_format(s, ",%sfreq=%s%"PRIu32"/%"PRIu32,
                      colors.param, colors.end, a->freq_k, a->freq_n);
    }
    ds_put_format(s, "%s)%s", colors.paren, colors.end);
}

enum ofperr
ioam6_ofp_check_push(const struct ofpact_push_ioam6 *a)
{
    char *error = push_validate(a);

    if (error) {
        VLOG_WARN_RL(&rl, "%s", error);
        free(error);
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    return 0;
}

/* fill_ioam6 takes no argument. */
char *
ioam6_ofp_parse_fill(const char *arg, struct ofpbuf *ofpacts)
{
    if (*arg) {
        return xasprintf("fill_ioam6: takes no argument (got '%s')", arg);
    }
    ofpact_put_FILL_IOAM6(ofpacts);
    return NULL;
}

void
ioam6_ofp_format_fill(struct ds *s)
{
    ds_put_format(s, "%sfill_ioam6%s", colors.value, colors.end);
}

/* pop_ioam6[(mode=auto|inline|encap)] */
enum ofperr
ioam6_ofp_decode_pop(uint16_t mode, struct ofpbuf *ofpacts)
{
    char *error = ioam6_config_check_pop_mode("mode", mode);

    if (error) {
        free(error);
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    ofpact_put_POP_IOAM6(ofpacts)->mode = mode;
    return 0;
}

char *
ioam6_ofp_parse_pop(char *arg, struct ofpbuf *ofpacts)
{
    enum ioam6_pop_mode mode = IOAM6_POP_AUTO;
    char *key, *value;

    while (ofputil_parse_key_value(&arg, &key, &value)) {
        if (strcmp(key, "mode")) {
            return xasprintf("invalid key '%s' in 'pop_ioam6' argument",
                             key);
        }
        char *error = ioam6_config_parse_pop_mode(key, value, &mode);
        if (error) {
            return action_error("pop_ioam6", error);
        }
    }
    ofpact_put_POP_IOAM6(ofpacts)->mode = mode;
    return NULL;
}

void
ioam6_ofp_format_pop(const struct ofpact_pop_ioam6 *a, struct ds *s)
{
    ds_put_format(s, "%spop_ioam6%s", colors.value, colors.end);
    if (a->mode != IOAM6_POP_AUTO) {
        ds_put_format(s, "%s(%s%smode=%s%s%s)%s",
                      colors.paren, colors.end, colors.param, colors.end,
                      ioam6_pop_mode_to_string(a->mode),
                      colors.paren, colors.end);
    }
}

bool
ioam6_ofp_match_is_ipv6(const struct match *match)
{
    return get_dl_type(&match->flow) == htons(ETH_TYPE_IPV6);
}
