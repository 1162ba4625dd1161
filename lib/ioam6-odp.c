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
#include <string.h>

#include "cmap.h"
#include "dp-packet.h"
#include "hash.h"
#include "ioam6.h"
#include "netlink.h"
#include "odp-netlink.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-parse.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "ovs-atomic.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "util.h"

/* Samplers: the packet counters behind push_ioam6(freq=K/N).
 *
 * Each counter is named by a 32-bit id that the translation layer allocates
 * per OpenFlow action (see ioam6_sampler_alloc()) and carries in the
 * datapath action, so that all the datapath flows of one OpenFlow flow share
 * one count, as all the packets of a Linux route share one.  The first K of
 * every N packets that reach the counter are selected.
 *
 * Nothing tells this module when the OpenFlow flow goes away, so samplers
 * are collected instead: ioam6_sampler_sweep() frees those that no packet
 * and no translation used since the previous sweep.  A sampler that a
 * datapath action names but that was freed is created again on the next
 * packet, with a count of zero. */
struct ioam6_sampler {
    struct cmap_node node;
    uint32_t id;
    atomic_uint64_t count;
    atomic_bool used;           /* Used since the last sweep? */
};

static struct cmap samplers = CMAP_INITIALIZER;
static struct ovs_mutex samplers_mutex = OVS_MUTEX_INITIALIZER;
static uint32_t next_sampler_id = 1;

static struct ioam6_sampler *
sampler_find(uint32_t id)
{
    struct ioam6_sampler *s;

    CMAP_FOR_EACH_WITH_HASH (s, node, hash_int(id, 0), &samplers) {
        if (s->id == id) {
            return s;
        }
    }
    return NULL;
}

static struct ioam6_sampler *
sampler_create__(uint32_t id)
    OVS_REQUIRES(samplers_mutex)
{
    struct ioam6_sampler *s = sampler_find(id);

    if (!s) {
        s = xzalloc(sizeof *s);
        s->id = id;
        atomic_init(&s->count, 0);
        atomic_init(&s->used, true);
        cmap_insert(&samplers, &s->node, hash_int(id, 0));
    }
    return s;
}

/* Allocates a new sampler and returns its id (never 0). */
uint32_t
ioam6_sampler_alloc(void)
{
    uint32_t id;

    ovs_mutex_lock(&samplers_mutex);
    do {
        id = next_sampler_id++;
    } while (!id || sampler_find(id));
    sampler_create__(id);
    ovs_mutex_unlock(&samplers_mutex);
    return id;
}

static void
sampler_free__(struct ioam6_sampler *s)
    OVS_REQUIRES(samplers_mutex)
{
    cmap_remove(&samplers, &s->node, hash_int(s->id, 0));
    ovsrcu_postpone(free, s);
}

/* Frees sampler 'id', if it exists. */
void
ioam6_sampler_free(uint32_t id)
{
    struct ioam6_sampler *s;

    ovs_mutex_lock(&samplers_mutex);
    s = sampler_find(id);
    if (s) {
        sampler_free__(s);
    }
    ovs_mutex_unlock(&samplers_mutex);
}

/* Marks sampler 'id' as used, for a translation that puts it into a datapath
 * action.  Creates it if it does not exist (a sweep freed it). */
void
ioam6_sampler_use(uint32_t id)
{
    struct ioam6_sampler *s;

    ovs_mutex_lock(&samplers_mutex);
    s = sampler_create__(id);
    atomic_store_relaxed(&s->used, true);
    ovs_mutex_unlock(&samplers_mutex);
}

/* Returns true if sampler 'id' exists. */
bool
ioam6_sampler_exists(uint32_t id)
{
    return sampler_find(id) != NULL;
}

/* Frees the samplers that were not used since the previous call, and starts
 * a new period for the others.  Returns the number freed. */
size_t
ioam6_sampler_sweep(void)
{
    struct ioam6_sampler *s;
    size_t n = 0;

    ovs_mutex_lock(&samplers_mutex);
    CMAP_FOR_EACH (s, node, &samplers) {
        bool used;

        atomic_read_relaxed(&s->used, &used);
        if (used) {
            atomic_store_relaxed(&s->used, false);
        } else {
            sampler_free__(s);
            n++;
        }
    }
    ovs_mutex_unlock(&samplers_mutex);
    return n;
}

/* Returns the number of samplers. */
size_t
ioam6_sampler_count(void)
{
    return cmap_count(&samplers);
}

/* Returns true if the packet that reaches push action 'p' gets IOAM. */
bool
ioam6_sample(const struct ioam6_push_args *p)
{
    struct ioam6_sampler *s;
    uint64_t count;
    bool used;

    if (p->freq_k >= p->freq_n) {
        return true;
    }
    s = sampler_find(p->sampler);
    if (OVS_UNLIKELY(!s)) {
        /* A flow installed from text (ovs-dpctl, tests) names a sampler
         * that nobody allocated, or a sweep freed it: create it. */
        ovs_mutex_lock(&samplers_mutex);
        s = sampler_create__(p->sampler);
        ovs_mutex_unlock(&samplers_mutex);
    }
    atomic_read_relaxed(&s->used, &used);
    if (!used) {
        atomic_store_relaxed(&s->used, true);
    }
    atomic_add_relaxed(&s->count, 1, &count);
    return count % p->freq_n < p->freq_k;
}

/* Returns the length of the argument of IOAM6 datapath action 'type'. */
int
ioam6_odp_action_len(uint16_t type)
{
    switch (type) {
    case OVS_ACTION_ATTR_IOAM6_PUSH:
        return sizeof(struct ioam6_push_args);
    case OVS_ACTION_ATTR_IOAM6_FILL:
        return sizeof(struct ioam6_fill_args);
    case OVS_ACTION_ATTR_IOAM6_POP:
        return sizeof(uint32_t);        /* enum ioam6_pop_mode. */
    default:
        OVS_NOT_REACHED();
    }
}

static void
format_push(struct ds *ds, const struct ioam6_push_args *p)
{
    ds_put_format(ds, "push_ioam6(ns=%"PRIu16",type=0x%06"PRIx32
                  ",size=%"PRIu8, p->ns_id, p->type, p->size);
    if (p->mode == IOAM6_MODE_ENCAP) {
        ds_put_cstr(ds, ",mode=encap,tun_src=");
        ipv6_format_addr(&p->src, ds);
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
format_fill(struct ds *ds, const struct ioam6_fill_args *f)
{
    ds_put_format(ds, "fill_ioam6(node=%"PRIu32",node_wide=%"PRIu64
                  ",iif=%"PRIu16",eif=%"PRIu16
                  ",iif_wide=%"PRIu32",eif_wide=%"PRIu32")",
                  f->node_id, f->node_id_wide, f->iif, f->eif,
                  f->iif_wide, f->eif_wide);
}

void
ioam6_format_odp_action(struct ds *ds, const struct nlattr *a)
{
    switch (nl_attr_type(a)) {
    case OVS_ACTION_ATTR_IOAM6_PUSH:
        format_push(ds, nl_attr_get(a));
        break;
    case OVS_ACTION_ATTR_IOAM6_FILL: {
        struct ioam6_fill_args f;

        /* A netlink attribute is only 4-byte aligned, and 'f' has a 64-bit
         * member: copy it out. */
        memcpy(&f, nl_attr_get(a), sizeof f);
        format_fill(ds, &f);
        break;
    }
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

static bool
parse_u64(const char *value, uint64_t max, uint64_t *out)
{
    char *end;

    errno = 0;
    *out = strtoull(value, &end, 0);
    return *value && !*end && !errno && *out <= max
           && value[0] != '-';
}

/* Parses the key=value list 'args' of a push_ioam6() action into 'p'.
 * Returns true if successful. */
static bool
parse_push_args(char *args, struct ioam6_push_args *p)
{
    bool have_ns = false, have_type = false, have_size = false;
    char *key, *value;

    memset(p, 0, sizeof *p);
    p->freq_k = p->freq_n = 1;
    while (ofputil_parse_key_value(&args, &key, &value)) {
        uint64_t u;

        if (!strcmp(key, "ns") && parse_u64(value, UINT16_MAX, &u)) {
            p->ns_id = u;
            have_ns = true;
        } else if (!strcmp(key, "type")
                   && parse_u64(value, IOAM6_TRACE_TYPE_MASK, &u)) {
            p->type = u;
            have_type = true;
        } else if (!strcmp(key, "size")
                   && parse_u64(value, IOAM6_TRACE_DATA_SIZE_MAX, &u)) {
            p->size = u;
            have_size = true;
        } else if (!strcmp(key, "mode") && !strcmp(value, "encap")) {
            p->mode = IOAM6_MODE_ENCAP;
        } else if (!strcmp(key, "mode") && !strcmp(value, "inline")) {
            p->mode = IOAM6_MODE_INLINE;
        } else if (!strcmp(key, "tun_src")
                   && ipv6_parse(value, &p->src)) {
            /* Parsed. */
        } else if (!strcmp(key, "tun_dst")
                   && ipv6_parse(value, &p->dst)) {
            /* Parsed. */
        } else if (!strcmp(key, "freq")) {
            char *slash = strchr(value, '/');
            uint64_t k, n;

            if (!slash) {
                return false;
            }
            *slash = '\0';
            if (!parse_u64(value, IOAM6_FREQ_MAX, &k)
                || !parse_u64(slash + 1, IOAM6_FREQ_MAX, &n)
                || k < 1 || k > n) {
                return false;
            }
            p->freq_k = k;
            p->freq_n = n;
        } else if (!strcmp(key, "sampler")
                   && parse_u64(value, UINT32_MAX, &u)) {
            p->sampler = u;
        } else {
            return false;
        }
    }
    /* As push_ioam6 in OpenFlow, encap needs an outer destination: the
     * unspecified address would leave the packet nowhere to go. */
    return (have_ns && have_type && have_size && ioam6_push_args_valid(p)
            && (p->mode != IOAM6_MODE_ENCAP || ipv6_addr_is_set(&p->dst)));
}

static bool
parse_fill_args(char *args, struct ioam6_fill_args *f)
{
    unsigned int seen = 0;
    char *key, *value;

    memset(f, 0, sizeof *f);
    while (ofputil_parse_key_value(&args, &key, &value)) {
        uint64_t u;

        if (!strcmp(key, "node") && parse_u64(value, 0xffffff, &u)) {
            f->node_id = u;
            seen |= 1;
        } else if (!strcmp(key, "node_wide")
                   && parse_u64(value, IOAM6_NODE_ID_WIDE_NONE, &u)) {
            f->node_id_wide = u;
            seen |= 2;
        } else if (!strcmp(key, "iif") && parse_u64(value, UINT16_MAX, &u)) {
            f->iif = u;
            seen |= 4;
        } else if (!strcmp(key, "eif") && parse_u64(value, UINT16_MAX, &u)) {
            f->eif = u;
            seen |= 8;
        } else if (!strcmp(key, "iif_wide")
                   && parse_u64(value, UINT32_MAX, &u)) {
            f->iif_wide = u;
            seen |= 16;
        } else if (!strcmp(key, "eif_wide")
                   && parse_u64(value, UINT32_MAX, &u)) {
            f->eif_wide = u;
            seen |= 32;
        } else {
            return false;
        }
    }
    return seen == 63;
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

    if (is_push || is_fill) {
        size_t start = strlen(push);    /* Same length as 'fill'. */
        const char *close = strchr(s + start, ')');
        char *args;
        bool ok;

        if (!close) {
            return -EINVAL;
        }
        args = xmemdup0(s + start, close - (s + start));
        if (is_push) {
            struct ioam6_push_args p;

            ok = parse_push_args(args, &p);
            if (ok) {
                ioam6_put_push_action(actions, &p);
            }
        } else {
            struct ioam6_fill_args f;

            ok = parse_fill_args(args, &f);
            if (ok) {
                ioam6_put_fill_action(actions, &f);
            }
        }
        free(args);
        return ok ? close + 1 - s : -EINVAL;
    } else if (!strncmp(s, pop, strlen(pop))
               && !isalnum((unsigned char) s[strlen(pop)])
               && s[strlen(pop)] != '_') {
        enum ioam6_pop_mode mode = IOAM6_POP_AUTO;
        const char *end = s + strlen(pop);

        if (*end == '(') {
            const char *close = strchr(end, ')');
            char *args, *key, *value, *p;
            bool ok = true;

            if (!close) {
                return -EINVAL;
            }
            args = p = xmemdup0(end + 1, close - (end + 1));
            while (ok && ofputil_parse_key_value(&p, &key, &value)) {
                ok = (!strcmp(key, "mode")
                      && ioam6_pop_mode_from_string(value, &mode));
            }
            free(args);
            if (!ok) {
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
                      const struct ioam6_push_args *p)
{
    nl_msg_put_unspec(odp_actions, OVS_ACTION_ATTR_IOAM6_PUSH, p, sizeof *p);
}

void
ioam6_put_fill_action(struct ofpbuf *odp_actions,
                      const struct ioam6_fill_args *f)
{
    nl_msg_put_unspec(odp_actions, OVS_ACTION_ATTR_IOAM6_FILL, f, sizeof *f);
}

void
ioam6_put_pop_action(struct ofpbuf *odp_actions, enum ioam6_pop_mode mode)
{
    nl_msg_put_u32(odp_actions, OVS_ACTION_ATTR_IOAM6_POP, mode);
}

/* Runs the IOAM6 datapath action 'a' on every packet of 'batch'.  Packets
 * with a malformed IOAM option are dropped (and counted by the core). */
void
ioam6_execute_odp_action(struct dp_packet_batch *batch,
                         const struct nlattr *a)
{
    const size_t num = dp_packet_batch_size(batch);
    enum ovs_action_attr type = nl_attr_type(a);
    struct dp_packet *packet;

    if (type == OVS_ACTION_ATTR_IOAM6_PUSH) {
        const struct ioam6_push_args *p = nl_attr_get(a);

        DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
            if (ioam6_sample(p)) {
                ioam6_push(packet, p);
            }
        }
    } else {
        const struct ioam6_fill_args *f = NULL;
        enum ioam6_pop_mode mode = IOAM6_POP_AUTO;
        struct ioam6_fill_args fill;
        struct ioam6_fill_ctx ctx;
        size_t i;

        if (type == OVS_ACTION_ATTR_IOAM6_FILL) {
            /* A netlink attribute is only 4-byte aligned, and 'fill' has a
             * 64-bit member: copy it out. */
            memcpy(&fill, nl_attr_get(a), sizeof fill);
            f = &fill;
            ioam6_fill_ctx_init(&ctx);
        } else {
            ovs_assert(type == OVS_ACTION_ATTR_IOAM6_POP);
            mode = nl_attr_get_u32(a);
        }
        DP_PACKET_BATCH_REFILL_FOR_EACH (i, num, packet, batch) {
            enum ioam6_result r = (f
                                   ? ioam6_fill(packet, f, &ctx)
                                   : ioam6_pop(packet, mode));
            if (r != IOAM6_DROP) {
                dp_packet_batch_refill(batch, packet, i);
            } else {
                dp_packet_delete(packet);
            }
        }
    }
}
