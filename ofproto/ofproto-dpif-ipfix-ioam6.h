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

#ifndef OFPROTO_DPIF_IPFIX_IOAM6_H
#define OFPROTO_DPIF_IPFIX_IOAM6_H 1

/* IOAM6 data in OVS's IPFIX flow records.
 *
 * When a flow sample (the sample action, with a collector set) takes a
 * packet that carries an IOAM Pre-allocated Trace, its flow record uses an
 * IOAM variant of OVS's IPv6 template: OVS's own template, byte for byte,
 * with IOAM6_IPFIX_TEMPLATE_OFFSET added to its id and these fields
 * appended:
 *
 *   313 ipHeaderPacketSection     the IOAM option, as the last sample
 *                                 carried it (variable length)
 *   409 sectionOffset             its offset from the IPv6 header
 *   410 sectionExportedOctets     its length
 *   530 pathDelayMeanDeltaMicroseconds   \
 *   531 pathDelayMinDeltaMicroseconds     | RFC 9951: this node's time
 *   532 pathDelayMaxDeltaMicroseconds     | minus the first node's
 *   533 pathDelaySumDeltaMicroseconds    /  timestamp, per flow
 *   IOAM6_IPFIX_PEN/1 ioam6NamespaceId      Namespace-ID of the trace
 *   IOAM6_IPFIX_PEN/2 ioam6HopsFilled       nodes that filled it
 *   IOAM6_IPFIX_PEN/3 ioam6DelaySampleCount packets with a delay
 *
 * ofproto-dpif-ipfix.c calls in here through one-line hooks, always with its
 * mutex held.  The packets and templates that OVS itself builds are left
 * unchanged; a flow's packets without IOAM keep OVS's own template. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct collectors;
struct dp_packet;
struct ds;
struct json;

/* Added to the id of OVS's IPv6 template to give its IOAM variant. */
#define IOAM6_IPFIX_TEMPLATE_OFFSET 512

/* The Private Enterprise Number of the enterprise-specific elements. */
#define IOAM6_IPFIX_PEN 32473

/* The longest IOAM option TLV: Option Type, Opt Data Len, 255 bytes. */
#define IOAM6_IPFIX_SECTION_MAX 257

/* The IOAM part of an IPFIX flow cache entry. */
struct ioam6_ipfix_entry {
    uint64_t delay_sum;         /* Sum of delays, in microseconds, each
                                 * weighted by its packet_delta_count. */
    uint64_t delay_count;       /* Sum of those packet_delta_counts. */
    uint32_t delay_min;         /* Smallest delay, in microseconds. */
    uint32_t delay_max;         /* Largest delay, in microseconds. */
    uint16_t ns_id;             /* Namespace-ID, of the last sample. */
    uint8_t hops;               /* Nodes that filled the trace, ditto. */
    uint16_t section_ofs;       /* Offset of 'section' from the IPv6
                                 * header. */
    uint16_t section_len;       /* Bytes in 'section', 0 without IOAM. */
    uint8_t section[IOAM6_IPFIX_SECTION_MAX];  /* The IOAM option. */
};

/* Sets 'e' from 'packet', a flow sample whose record will use template
 * '*template_id' and count 'packet_delta_count' packets.  If 'packet'
 * carries a readable IOAM Pre-allocated Trace, switches '*template_id' to
 * its IOAM variant.  Must be called for every new cache entry. */
void ioam6_ipfix_sample(struct ioam6_ipfix_entry *e,
                        const struct dp_packet *packet,
                        uint64_t packet_delta_count, uint16_t *template_id);

/* A flow sample of 'packet' was taken.  'exporter_found' is false if its
 * collector set id named no collector set with a working collector. */
void ioam6_ipfix_flow_sampled(const struct dp_packet *packet,
                              bool exporter_found);

/* Adds the sample 'from' to the flow record 'to'. */
void ioam6_ipfix_aggregate(struct ioam6_ipfix_entry *to,
                           const struct ioam6_ipfix_entry *from);

/* Appends the IOAM fields of 'e' to a data record of template
 * 'template_id' in 'msg', if that template is an IOAM variant. */
void ioam6_ipfix_put_data(const struct ioam6_ipfix_entry *e,
                          uint16_t template_id, struct dp_packet *msg);

/* OVS has just added to 'msg', at offset 'ofs', a template record.  If 'ipv6'
 * is true, keeps a copy, to send its IOAM variant with
 * ioam6_ipfix_send_templates(). */
void ioam6_ipfix_template_added(const struct dp_packet *msg, size_t ofs,
                                bool ipv6);

/* Sends the IOAM variants of the templates kept since the last call to
 * 'collectors', in messages with export time 'export_time_sec', sequence
 * number 'seq' and observation domain 'obs_domain_id'.  Adds the messages
 * sent and not sent to '*tx_pkts' and '*tx_errors'. */
void ioam6_ipfix_send_templates(const struct collectors *collectors,
                                uint32_t export_time_sec, uint32_t seq,
                                uint32_t obs_domain_id,
                                uint64_t *tx_pkts, uint64_t *tx_errors);

/* A data record of template 'template_id' was sent to 'collectors', and
 * 'tx_errors' of them did not take it.  Counts, in records, those that at
 * least one collector took and those that at least one did not. */
void ioam6_ipfix_sent(uint16_t template_id,
                      const struct collectors *collectors, size_t tx_errors);

/* Hooks with the names of the fields of ofproto-dpif-ipfix.c, so that each
 * hook there stays one line. */
#define IOAM6_IPFIX_SAMPLE(ENTRY, PACKET)                               \
    ioam6_ipfix_sample(&(ENTRY)->ioam6, PACKET,                         \
                       (ENTRY)->packet_delta_count,                     \
                       &(ENTRY)->flow_key.template_id)
#define IOAM6_IPFIX_SENT(EXPORTER, ENTRY, TX_ERRORS)                   \
    ioam6_ipfix_sent((ENTRY)->flow_key.template_id,                     \
                     (EXPORTER)->collectors, TX_ERRORS)
#define IOAM6_IPFIX_SEND_TEMPLATES(EXPORTER, TIME, OBS_DOMAIN_ID)       \
    ioam6_ipfix_send_templates((EXPORTER)->collectors, TIME,            \
                               (EXPORTER)->seq_number, OBS_DOMAIN_ID,   \
                               &(EXPORTER)->ofproto_stats.tx_pkts,      \
                               &(EXPORTER)->ofproto_stats.tx_errors)

/* Counters, for ioam6/show. */
void ioam6_ipfix_counters_format(struct ds *);
struct json *ioam6_ipfix_counters_to_json(void);

#endif /* ofproto-dpif-ipfix-ioam6.h */
