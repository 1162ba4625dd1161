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

/* IOAM6 data in OVS's IPFIX flow records (see the header).
 *
 * Reading a trace.  The nodes fill a Pre-allocated Trace from the end of its
 * data area towards its start, so the filled part runs from RemainingLen * 4
 * to the end, one block per node, and the last block is the first node's:
 * the encapsulating node, whose timestamp starts the path delay.  A block is
 * NodeLen * 4 bytes, plus, with trace-type bit 22, an Opaque State Snapshot
 * whose first byte gives its length.  A trace whose blocks do not end
 * exactly at the end of the data area is unreadable.
 *
 * Templates.  Every time OVS sends its templates, ioam6_ipfix_template_added()
 * keeps a copy of each IPv6 template record, with its id moved up by
 * IOAM6_IPFIX_TEMPLATE_OFFSET and the IOAM field specifiers appended, and
 * ioam6_ipfix_send_templates() sends them in messages of their own, after
 * OVS's.  OVS's messages stay as they are.
 *
 * Every function but the counter readers runs with the mutex of
 * ofproto-dpif-ipfix.c held, which protects 'pending'. */

#include <config.h>
#include "ofproto/ofproto-dpif-ipfix-ioam6.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "collectors.h"
#include "dp-packet.h"
#include "ioam6-fill.h"
#include "ioam6-hbh.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/util.h"
#include "ovs-atomic.h"
#include "timeval.h"
#include "util.h"

/* OVS's template ids: 256 + ((((l2 * 3 + l3) * 5 + l4) * 2 + tunnel) * 2
 * + direction), with l2 < 2, so below 256 + 120, and l3 2 for IPv6
 * (ipfix_get_template_id() in ofproto-dpif-ipfix.c). */
#define IPFIX_TEMPLATE_ID_BASE   256
#define IPFIX_TEMPLATE_ID_COUNT  120
#define IPFIX_TEMPLATE_L3_STRIDE 20     /* 5 * 2 * 2 ids per l3 value. */
#define IPFIX_TEMPLATE_L3_COUNT  3
#define IPFIX_TEMPLATE_L3_IPV6   2

/* IPFIX message and set layouts (RFC 7011). */
#define IPFIX_VERSION            10
#define IPFIX_HEADER_LEN         16
#define IPFIX_SET_HEADER_LEN     4
#define IPFIX_SET_ID_TEMPLATE    2
#define IPFIX_MESSAGE_MAX        1024   /* As OVS: a message fits the MTU. */
#define IPFIX_VARLEN             0xffff /* Field length of a variable-length
                                         * element. */
#define IPFIX_ENTERPRISE_BIT     0x8000

/* The fields of an IOAM variant, in record order. */
struct ioam6_ipfix_field {
    uint16_t id;
    uint16_t len;
    uint32_t pen;
};

static const struct ioam6_ipfix_field ioam6_ipfix_fields[] = {
    { 313, IPFIX_VARLEN, 0 },   /* ipHeaderPacketSection. */
    { 409, 2, 0 },              /* sectionOffset. */
    { 410, 2, 0 },              /* sectionExportedOctets. */
    { 530, 4, 0 },              /* pathDelayMeanDeltaMicroseconds. */
    { 531, 4, 0 },              /* pathDelayMinDeltaMicroseconds. */
    { 532, 4, 0 },              /* pathDelayMaxDeltaMicroseconds. */
    { 533, 8, 0 },              /* pathDelaySumDeltaMicroseconds. */
    { 1, 2, IOAM6_IPFIX_PEN },  /* ioam6NamespaceId. */
    { 2, 1, IOAM6_IPFIX_PEN },  /* ioam6HopsFilled. */
    { 3, 8, IOAM6_IPFIX_PEN },  /* ioam6DelaySampleCount. */
};

/* Counters. */
static atomic_uint64_t n_samples = ATOMIC_VAR_INIT(0);
static atomic_uint64_t n_unreadable = ATOMIC_VAR_INIT(0);
static atomic_uint64_t n_no_exporter = ATOMIC_VAR_INIT(0);
static atomic_uint64_t n_records = ATOMIC_VAR_INIT(0);
static atomic_uint64_t n_send_errors = ATOMIC_VAR_INIT(0);

static void
ioam6_ipfix_count(atomic_uint64_t *counter, uint64_t n)
{
    uint64_t orig;

    atomic_add_relaxed(counter, n, &orig);
}

/* The template records kept by ioam6_ipfix_template_added(), each preceded
 * by its length as a host-order uint16_t.  All zeros is what
 * ofpbuf_init(&pending, 0) gives. */
static struct ofpbuf pending;

static bool
ioam6_ipfix_is_variant(uint16_t template_id)
{
    return (template_id >= IPFIX_TEMPLATE_ID_BASE + IOAM6_IPFIX_TEMPLATE_OFFSET
            && template_id < (IPFIX_TEMPLATE_ID_BASE + IPFIX_TEMPLATE_ID_COUNT
                              + IOAM6_IPFIX_TEMPLATE_OFFSET));
}

static bool
ioam6_ipfix_is_ipv6_template(uint16_t template_id)
{
    unsigned int i = template_id - IPFIX_TEMPLATE_ID_BASE;

    return (template_id >= IPFIX_TEMPLATE_ID_BASE
            && i < IPFIX_TEMPLATE_ID_COUNT
            && (i / IPFIX_TEMPLATE_L3_STRIDE) % IPFIX_TEMPLATE_L3_COUNT
               == IPFIX_TEMPLATE_L3_IPV6);
}

static uint32_t
ioam6_get32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

enum ioam6_ipfix_read {
    IOAM6_IPFIX_NONE,           /* No IOAM Pre-allocated Trace. */
    IOAM6_IPFIX_READ,           /* Read into the entry. */
    IOAM6_IPFIX_UNREADABLE,     /* An IOAM option that cannot be read. */
};

/* Reads the delay that the first node's block at 'block' gives, for trace
 * type 'type', into '*delay'.  Returns false if the block has no
 * timestamp, or the delay is negative or too large for 32 bits. */
static bool
ioam6_ipfix_delay(const uint8_t *block, uint32_t type, uint32_t *delay)
{
    const uint32_t ts_bits = IOAM6_TRACE_TYPE_BIT(2) | IOAM6_TRACE_TYPE_BIT(3);
    uint32_t ts_sec, ts_usec, dsec;
    struct timespec now;
    int64_t usec;

    if ((type & ts_bits) != ts_bits) {
        return false;
    }
    block += 4 * !!(type & IOAM6_TRACE_TYPE_BIT(0));
    block += 4 * !!(type & IOAM6_TRACE_TYPE_BIT(1));
    ts_sec = ioam6_get32(block);
    ts_usec = ioam6_get32(block + 4);
    if (ts_sec == UINT32_MAX || ts_usec >= 1000000) {
        return false;           /* Unavailable, or not microseconds. */
    }

    /* The clock that the fill uses (ioam6_fill_ctx_init()).  The seconds
     * field holds the low 32 bits of the time. */
    xclock_gettime(CLOCK_REALTIME, &now);
    dsec = (uint32_t) now.tv_sec - ts_sec;
    if (dsec > UINT32_MAX / 1000000) {
        return false;           /* Negative, or longer than 2^32 us. */
    }
    usec = (int64_t) dsec * 1000000 + now.tv_nsec / 1000 - ts_usec;
    if (usec < 0 || usec > UINT32_MAX) {
        return false;
    }
    *delay = usec;
    return true;
}

/* Reads the IOAM Pre-allocated Trace option 'tlv' of Hop-by-Hop header 'hbh'
 * into 'e'. */
static enum ioam6_ipfix_read
ioam6_ipfix_read_trace(struct ioam6_ipfix_entry *e, const uint8_t *hbh,
                       const struct ioam6_tlv *tlv,
                       uint64_t packet_delta_count)
{
    const uint8_t *trace = hbh + tlv->ofs + IOAM6_OPT_HDR_LEN;
    const uint8_t *data = trace + IOAM6_TRACE_HDR_LEN;
    size_t data_len = tlv->len - IOAM6_OPT_HDR_LEN - IOAM6_TRACE_HDR_LEN;
    uint32_t type = (trace[4] << 16) | (trace[5] << 8) | trace[6];
    size_t nodelen = (trace[2] >> IOAM6_NODELEN_SHIFT) * 4;
    size_t ofs = (trace[3] & IOAM6_REMLEN_MASK) * 4;
    const uint8_t *first = NULL;
    unsigned int hops = 0;
    uint32_t delay;

    /* ioam6_opt_check() bounds RemainingLen by the option. */
    while (ofs < data_len) {
        size_t block = nodelen;

        if (type & IOAM6_TRACE_TYPE_OSS) {
            if (ofs + block + 4 > data_len) {
                return IOAM6_IPFIX_UNREADABLE;
            }
            block += 4 + data[ofs + block] * 4;
        }
        if (!block) {
            break;              /* Nothing to count a node by. */
        }
        if (ofs + block > data_len) {
            return IOAM6_IPFIX_UNREADABLE;
        }
        first = data + ofs;
        ofs += block;
        hops++;
    }
    if (hops > UINT8_MAX) {
        return IOAM6_IPFIX_UNREADABLE;
    }

    e->ns_id = (trace[0] << 8) | trace[1];
    e->hops = hops;
    e->section_ofs = IPV6_HEADER_LEN + tlv->ofs;
    e->section_len = tlv->len;
    memcpy(e->section, hbh + tlv->ofs, tlv->len);
    if (first && ioam6_ipfix_delay(first, type, &delay)) {
        e->delay_sum = (uint64_t) delay * packet_delta_count;
        e->delay_count = packet_delta_count;
        e->delay_min = e->delay_max = delay;
    }
    return IOAM6_IPFIX_READ;
}

/* Reads the first IOAM Pre-allocated Trace of 'packet' into 'e'. */
static enum ioam6_ipfix_read
ioam6_ipfix_read(struct ioam6_ipfix_entry *e, const struct dp_packet *packet,
                 uint64_t packet_delta_count)
{
    struct ioam6_hbh_walker walker;
    struct ioam6_hbh_info info;
    struct ioam6_tlv tlv;

    switch (ioam6_packet_hbh_parse(packet, &info)) {
    case IOAM6_HBH_PRESENT:
        break;
    case IOAM6_HBH_MALFORMED:
        return info.n_ioam ? IOAM6_IPFIX_UNREADABLE : IOAM6_IPFIX_NONE;
    case IOAM6_HBH_NOT_IPV6:
    case IOAM6_HBH_TRUNCATED:
    case IOAM6_HBH_ABSENT:
    default:
        return IOAM6_IPFIX_NONE;
    }
    if (!info.n_ioam) {
        return IOAM6_IPFIX_NONE;
    }

    ioam6_hbh_walker_init(&walker, info.hbh, info.hbh_len);
    while (ioam6_hbh_walker_next(&walker, &tlv) == IOAM6_WALK_TLV) {
        if (tlv.type != IOAM6_OPT_TYPE) {
            continue;
        }
        enum ioam6_result r = ioam6_opt_check(info.hbh, &tlv);

        if (r == IOAM6_FILLED) {
            return ioam6_ipfix_read_trace(e, info.hbh, &tlv,
                                          packet_delta_count);
        } else if (r != IOAM6_UNKNOWN_NS) {
            return IOAM6_IPFIX_UNREADABLE;
        }
        /* Otherwise another IOAM Option-Type: look further. */
    }
    return IOAM6_IPFIX_NONE;
}

void
ioam6_ipfix_sample(struct ioam6_ipfix_entry *e,
                   const struct dp_packet *packet,
                   uint64_t packet_delta_count, uint16_t *template_id)
{
    memset(e, 0, offsetof(struct ioam6_ipfix_entry, section));
    e->delay_min = UINT32_MAX;

    switch (ioam6_ipfix_read(e, packet, packet_delta_count)) {
    case IOAM6_IPFIX_READ:
        /* Only IPv6 packets carry IOAM, and the flow comes from the packet,
         * so '*template_id' is one of OVS's IPv6 templates; check it
         * anyway, since only those have a variant. */
        if (!ioam6_ipfix_is_ipv6_template(*template_id)) {
            ioam6_ipfix_count(&n_unreadable, 1);
            e->section_len = 0;
            break;
        }
        ioam6_ipfix_count(&n_samples, 1);
        *template_id += IOAM6_IPFIX_TEMPLATE_OFFSET;
        break;
    case IOAM6_IPFIX_UNREADABLE:
        ioam6_ipfix_count(&n_unreadable, 1);
        e->section_len = 0;
        break;
    case IOAM6_IPFIX_NONE:
    default:
        break;
    }
}

void
ioam6_ipfix_flow_sampled(const struct dp_packet *packet, bool exporter_found)
{
    struct ioam6_hbh_info info;

    if (!exporter_found
        && ioam6_packet_hbh_parse(packet, &info) != IOAM6_HBH_NOT_IPV6
        && info.n_ioam) {
        ioam6_ipfix_count(&n_no_exporter, 1);
    }
}

void
ioam6_ipfix_aggregate(struct ioam6_ipfix_entry *to,
                      const struct ioam6_ipfix_entry *from)
{
    if (!from->section_len) {
        return;
    }
    /* Saturate: a bridge sample may stand for up to 2^32 packets. */
    to->delay_sum = (to->delay_sum > UINT64_MAX - from->delay_sum
                     ? UINT64_MAX : to->delay_sum + from->delay_sum);
    to->delay_count = (to->delay_count > UINT64_MAX - from->delay_count
                       ? UINT64_MAX : to->delay_count + from->delay_count);
    to->delay_min = MIN(to->delay_min, from->delay_min);
    to->delay_max = MAX(to->delay_max, from->delay_max);

    /* The trace of the last sample. */
    to->ns_id = from->ns_id;
    to->hops = from->hops;
    to->section_ofs = from->section_ofs;
    to->section_len = from->section_len;
    memcpy(to->section, from->section, from->section_len);
}

static void
ioam6_ipfix_put16(struct dp_packet *msg, uint16_t value)
{
    ovs_be16 be = htons(value);

    dp_packet_put(msg, &be, sizeof be);
}

static void
ioam6_ipfix_put32(struct dp_packet *msg, uint32_t value)
{
    ovs_be32 be = htonl(value);

    dp_packet_put(msg, &be, sizeof be);
}

static void
ioam6_ipfix_put64(struct dp_packet *msg, uint64_t value)
{
    ovs_be64 be = htonll(value);

    dp_packet_put(msg, &be, sizeof be);
}

void
ioam6_ipfix_put_data(const struct ioam6_ipfix_entry *e, uint16_t template_id,
                     struct dp_packet *msg)
{
    uint32_t mean = 0, min = 0, max = 0;
    uint8_t len8;

    if (!ioam6_ipfix_is_variant(template_id)) {
        return;
    }
    if (e->delay_count) {
        mean = e->delay_sum / e->delay_count;
        min = e->delay_min;
        max = e->delay_max;
    }

    /* A variable-length field: a one-byte length below 255, otherwise 255
     * and a two-byte length (RFC 7011, section 7). */
    if (e->section_len < 255) {
        len8 = e->section_len;
        dp_packet_put(msg, &len8, 1);
    } else {
        len8 = 255;
        dp_packet_put(msg, &len8, 1);
        ioam6_ipfix_put16(msg, e->section_len);
    }
    dp_packet_put(msg, e->section, e->section_len);
    ioam6_ipfix_put16(msg, e->section_ofs);
    ioam6_ipfix_put16(msg, e->section_len);
    ioam6_ipfix_put32(msg, mean);
    ioam6_ipfix_put32(msg, min);
    ioam6_ipfix_put32(msg, max);
    ioam6_ipfix_put64(msg, e->delay_sum);
    ioam6_ipfix_put16(msg, e->ns_id);
    dp_packet_put(msg, &e->hops, 1);
    ioam6_ipfix_put64(msg, e->delay_count);
}

void
ioam6_ipfix_template_added(const struct dp_packet *msg, size_t ofs, bool ipv6)
{
    const uint8_t *rec = (const uint8_t *) dp_packet_data(msg) + ofs;
    size_t len = dp_packet_size(msg) - ofs;
    size_t new_len = len;
    uint16_t id, count, len16;
    uint8_t *p;

    if (!ipv6 || len < 4) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(ioam6_ipfix_fields); i++) {
        new_len += ioam6_ipfix_fields[i].pen ? 8 : 4;
    }

    id = ((rec[0] << 8) | rec[1]) + IOAM6_IPFIX_TEMPLATE_OFFSET;
    count = ((rec[2] << 8) | rec[3]) + ARRAY_SIZE(ioam6_ipfix_fields);

    len16 = new_len;
    p = ofpbuf_put_uninit(&pending, sizeof len16 + new_len);
    memcpy(p, &len16, sizeof len16);
    p += sizeof len16;
    memcpy(p, rec, len);
    p[0] = id >> 8;
    p[1] = id;
    p[2] = count >> 8;
    p[3] = count;
    p += len;
    for (size_t i = 0; i < ARRAY_SIZE(ioam6_ipfix_fields); i++) {
        const struct ioam6_ipfix_field *f = &ioam6_ipfix_fields[i];
        uint16_t eid = f->id | (f->pen ? IPFIX_ENTERPRISE_BIT : 0);

        *p++ = eid >> 8;
        *p++ = eid;
        *p++ = f->len >> 8;
        *p++ = f->len;
        if (f->pen) {
            *p++ = f->pen >> 24;
            *p++ = f->pen >> 16;
            *p++ = f->pen >> 8;
            *p++ = f->pen;
        }
    }
}

/* Starts a template message in 'msg'. */
static void
ioam6_ipfix_msg_init(struct dp_packet *msg, uint32_t export_time_sec,
                     uint32_t seq, uint32_t obs_domain_id)
{
    dp_packet_clear(msg);
    ioam6_ipfix_put16(msg, IPFIX_VERSION);
    ioam6_ipfix_put16(msg, 0);                  /* Length, set on send. */
    ioam6_ipfix_put32(msg, export_time_sec);
    ioam6_ipfix_put32(msg, seq);
    ioam6_ipfix_put32(msg, obs_domain_id);
    ioam6_ipfix_put16(msg, IPFIX_SET_ID_TEMPLATE);
    ioam6_ipfix_put16(msg, 0);                  /* Set length, ditto. */
}

/* Sends the template message in 'msg', unless it holds no record. */
static void
ioam6_ipfix_msg_send(struct dp_packet *msg,
                     const struct collectors *collectors,
                     uint64_t *tx_pkts, uint64_t *tx_errors)
{
    uint8_t *p = dp_packet_data(msg);
    size_t size = dp_packet_size(msg);
    size_t errors;

    if (size <= IPFIX_HEADER_LEN + IPFIX_SET_HEADER_LEN) {
        return;
    }
    p[2] = size >> 8;
    p[3] = size;
    p[IPFIX_HEADER_LEN + 2] = (size - IPFIX_HEADER_LEN) >> 8;
    p[IPFIX_HEADER_LEN + 3] = size - IPFIX_HEADER_LEN;

    errors = collectors_send(collectors, p, size);
    *tx_errors += errors;
    *tx_pkts += collectors_count(collectors) - errors;
}

void
ioam6_ipfix_send_templates(const struct collectors *collectors,
                           uint32_t export_time_sec, uint32_t seq,
                           uint32_t obs_domain_id,
                           uint64_t *tx_pkts, uint64_t *tx_errors)
{
    uint64_t stub[DIV_ROUND_UP(IPFIX_MESSAGE_MAX + 512, 8)];
    const uint8_t *p = pending.data;
    const uint8_t *end = p + pending.size;
    struct dp_packet msg;

    dp_packet_use_stub(&msg, stub, sizeof stub);
    ioam6_ipfix_msg_init(&msg, export_time_sec, seq, obs_domain_id);
    while (p < end) {
        uint16_t len;

        memcpy(&len, p, sizeof len);
        p += sizeof len;
        if (dp_packet_size(&msg) + len > IPFIX_MESSAGE_MAX) {
            ioam6_ipfix_msg_send(&msg, collectors, tx_pkts, tx_errors);
            ioam6_ipfix_msg_init(&msg, export_time_sec, seq, obs_domain_id);
        }
        dp_packet_put(&msg, p, len);
        p += len;
    }
    ioam6_ipfix_msg_send(&msg, collectors, tx_pkts, tx_errors);
    dp_packet_uninit(&msg);
    ofpbuf_clear(&pending);
}

void
ioam6_ipfix_sent(uint16_t template_id, const struct collectors *collectors,
                 size_t tx_errors)
{
    size_t n = collectors_count(collectors);

    if (ioam6_ipfix_is_variant(template_id)) {
        if (tx_errors < n) {
            ioam6_ipfix_count(&n_records, 1);
        }
        if (!n || tx_errors) {
            ioam6_ipfix_count(&n_send_errors, 1);
        }
    }
}

/* The counters, in the order that ioam6/show lists them. */
static const struct {
    const char *name;
    atomic_uint64_t *counter;
} ioam6_ipfix_counters[] = {
    { "ipfix_samples", &n_samples },
    { "ipfix_trace_unreadable", &n_unreadable },
    { "ipfix_no_exporter", &n_no_exporter },
    { "ipfix_records", &n_records },
    { "ipfix_send_errors", &n_send_errors },
};

static uint64_t
ioam6_ipfix_counter_read(size_t i)
{
    uint64_t value;

    atomic_read_relaxed(ioam6_ipfix_counters[i].counter, &value);
    return value;
}

void
ioam6_ipfix_counters_format(struct ds *s)
{
    ds_put_cstr(s, "ipfix counters:\n");
    for (size_t i = 0; i < ARRAY_SIZE(ioam6_ipfix_counters); i++) {
        ds_put_format(s, "  %s: %"PRIu64"\n", ioam6_ipfix_counters[i].name,
                      ioam6_ipfix_counter_read(i));
    }
}

struct json *
ioam6_ipfix_counters_to_json(void)
{
    struct json *json = json_object_create();

    for (size_t i = 0; i < ARRAY_SIZE(ioam6_ipfix_counters); i++) {
        json_object_put(json, ioam6_ipfix_counters[i].name,
                        json_integer_create(ioam6_ipfix_counter_read(i)));
    }
    return json;
}
