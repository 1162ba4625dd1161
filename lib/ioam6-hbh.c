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

/* The IOAM6 wire format: NodeLen, the trace type rules, and the builder,
 * walker and parser of the Hop-by-Hop header that carries the trace. */

#include <config.h>
#include "ioam6-hbh.h"

#include <netinet/ip6.h>
#include <string.h>

#include "dp-packet.h"
#include "openvswitch/util.h"
#include "util.h"

unsigned int
ioam6_trace_nodelen(uint32_t type)
{
    /* Bits 0-7, 11 and 12-21 are 4-octet fields, bits 8-10 are 8-octet
     * fields, bit 22 (the OSS) is counted separately and bit 23 adds
     * nothing. */
    return count_1bits(type & 0xff1ffc) + 2 * count_1bits(type & 0x00e000);
}

const char *
ioam6_trace_type_check(uint32_t type)
{
    if (!type) {
        return "trace type must not be zero";
    } else if (type & ~IOAM6_TRACE_TYPE_MASK) {
        return "trace type must fit in 24 bits";
    } else if (type & IOAM6_TRACE_TYPE_UNDEF) {
        return "trace type bits 12 to 21 (0x000ffc) are undefined";
    } else if (type & IOAM6_TRACE_TYPE_RSV) {
        return "trace type bit 23 (0x000001) is reserved";
    }
    return NULL;
}

size_t
ioam6_hbh_len(unsigned int size)
{
    return IOAM6_HBH_FIXED_LEN + ROUND_UP(size, 8);
}

void
ioam6_put_pad(uint8_t *p, size_t len)
{
    if (len == 1) {
        p[0] = IOAM6_OPT_PAD1;
    } else if (len >= 2) {
        p[0] = IOAM6_OPT_PADN;
        p[1] = len - 2;
        memset(p + 2, 0, len - 2);
    }
}

/* Writes at 'opt' an IOAM option, IOAM6_OPT_MIN_LEN + 'size' bytes, that
 * holds an empty Pre-allocated Trace for namespace 'ns_id' and trace type
 * 'type'. */
void
ioam6_opt_build(uint8_t *opt, uint16_t ns_id, uint32_t type,
                unsigned int size)
{
    uint8_t *trace = opt + IOAM6_OPT_HDR_LEN;

    opt[0] = IOAM6_OPT_TYPE;
    opt[1] = IOAM6_OPT_MIN_LEN - 2 + size;
    opt[2] = 0;
    opt[3] = IOAM6_TYPE_PREALLOC;

    trace[0] = ns_id >> 8;
    trace[1] = ns_id;
    trace[2] = ioam6_trace_nodelen(type) << IOAM6_NODELEN_SHIFT;
    trace[3] = size / 4;
    trace[4] = type >> 16;
    trace[5] = type >> 8;
    trace[6] = type;
    trace[7] = 0;

    memset(trace + IOAM6_TRACE_HDR_LEN, 0, size);
}

void
ioam6_hbh_build(void *hbh_, uint8_t nxt, uint16_t ns_id, uint32_t type,
                unsigned int size)
{
    size_t len = ioam6_hbh_len(size);
    uint8_t *hbh = hbh_;

    hbh[0] = nxt;
    hbh[1] = len / 8 - 1;
    ioam6_put_pad(hbh + 2, 2);
    ioam6_opt_build(hbh + 4, ns_id, type, size);
    ioam6_put_pad(hbh + IOAM6_HBH_FIXED_LEN + size,
                  len - IOAM6_HBH_FIXED_LEN - size);
}

/* Hop-by-Hop walker. */

void
ioam6_hbh_walker_init(struct ioam6_hbh_walker *w, const void *hbh,
                      size_t len)
{
    w->hbh = hbh;
    w->len = len;
    w->ofs = 2;
}

/* Checks TLV 'tlv' of Hop-by-Hop header 'hbh' as a Linux receiver does,
 * given that '*pad_run' bytes of padding precede it, and updates
 * '*pad_run'.  Returns false if the receiver would drop the packet. */
static bool
ioam6_hbh_tlv_valid(const uint8_t *hbh, const struct ioam6_tlv *tlv,
                    size_t *pad_run)
{
    if (!ioam6_tlv_is_pad(tlv)) {
        *pad_run = 0;
        return (tlv->type == IOAM6_OPT_TYPE
                || !(tlv->type & IOAM6_OPT_ACTION_MASK));
    }

    *pad_run += tlv->len;
    if (*pad_run > IOAM6_PAD_RUN_MAX) {
        return false;
    }
    /* The run bound keeps this to at most 5 bytes. */
    for (size_t i = 2; i < tlv->len; i++) {
        if (hbh[tlv->ofs + i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if the 'len'-byte Hop-by-Hop header 'hbh' has the layout that
 * push_ioam6 and Linux write, PadN(0), one IOAM option, then nothing, Pad1
 * or a PadN of zeros, and records it in '*info'.  The general walk would
 * find such a header valid, with the same result; checking the layout
 * first spares the walk for nearly every packet that carries a trace. */
static bool
ioam6_hbh_parse_usual(const uint8_t *hbh, size_t len,
                      struct ioam6_hbh_info *info)
{
    size_t end, pad;

    if (len < 6 || hbh[2] != IOAM6_OPT_PADN || hbh[3]
        || hbh[4] != IOAM6_OPT_TYPE) {
        return false;
    }
    end = 6 + hbh[5];
    if (end > len) {
        return false;
    }
    pad = len - end;
    if (pad == 1) {
        if (hbh[end] != IOAM6_OPT_PAD1) {
            return false;
        }
    } else if (pad) {
        if (pad > IOAM6_PAD_RUN_MAX || hbh[end] != IOAM6_OPT_PADN
            || hbh[end + 1] != pad - 2) {
            return false;
        }
        for (size_t i = end + 2; i < len; i++) {
            if (hbh[i]) {
                return false;
            }
        }
    }
    info->n_ioam = 1;
    info->ioam_ofs[0] = 4;
    return true;
}

enum ioam6_hbh_status
ioam6_hbh_parse(const void *ip6_, size_t size, struct ioam6_hbh_info *info)
{
    struct ovs_16aligned_ip6_hdr *ip6 = CONST_CAST(void *, ip6_);
    struct ioam6_hbh_walker walker;
    struct ioam6_tlv tlv;
    enum ioam6_walk walk;
    size_t pad_run = 0;
    size_t payload;
    uint8_t *hbh;

    memset(info, 0, sizeof *info);
    if (!ip6 || (size && ip6->ip6_vfc >> 4 != 6)) {
        return IOAM6_HBH_NOT_IPV6;
    }
    /* Linux drops such a packet before it looks at any extension header. */
    if (size < IPV6_HEADER_LEN) {
        return IOAM6_HBH_TRUNCATED;
    }
    payload = ntohs(ip6->ip6_plen);
    if (payload > size - IPV6_HEADER_LEN) {
        return IOAM6_HBH_TRUNCATED;
    }
    info->ip6 = ip6;
    info->ip6_len = IPV6_HEADER_LEN + payload;
    if (ip6->ip6_nxt != IPPROTO_HOPOPTS) {
        return IOAM6_HBH_ABSENT;
    }

    hbh = (uint8_t *) ip6 + IPV6_HEADER_LEN;
    info->hbh = hbh;
    if (payload < 2) {
        return IOAM6_HBH_MALFORMED;
    }
    info->hbh_len = (hbh[1] + 1) * 8;
    if (info->hbh_len > payload) {
        return IOAM6_HBH_MALFORMED;
    }

    if (ioam6_hbh_parse_usual(hbh, info->hbh_len, info)) {
        return IOAM6_HBH_PRESENT;
    }

    ioam6_hbh_walker_init(&walker, hbh, info->hbh_len);
    while ((walk = ioam6_hbh_walker_next(&walker, &tlv)) == IOAM6_WALK_TLV) {
        if (!ioam6_hbh_tlv_valid(hbh, &tlv, &pad_run)) {
            return IOAM6_HBH_MALFORMED;
        }
        if (tlv.type == IOAM6_OPT_TYPE) {
            if (info->n_ioam < IOAM6_HBH_IOAM_MAX) {
                info->ioam_ofs[info->n_ioam] = tlv.ofs;
            }
            info->n_ioam++;
        } else if (!ioam6_tlv_is_pad(&tlv)) {
            info->n_other++;
        }
    }
    return walk == IOAM6_WALK_END ? IOAM6_HBH_PRESENT : IOAM6_HBH_MALFORMED;
}

enum ioam6_hbh_status
ioam6_packet_hbh_parse(const struct dp_packet *packet,
                       struct ioam6_hbh_info *info)
{
    const uint8_t *l3 = dp_packet_l3(packet);

    if (!l3) {
        memset(info, 0, sizeof *info);
        return IOAM6_HBH_NOT_IPV6;
    }
    if (dp_packet_is_eth(packet)) {
        ovs_be16 eth_type;

        /* 'l3' follows the Ethertype, after any VLAN tags.  An MPLS label
         * stack hides the real Ethertype: leave such packets alone. */
        if (packet->l3_ofs < ETH_HEADER_LEN
            || packet->l2_5_ofs != UINT16_MAX) {
            memset(info, 0, sizeof *info);
            return IOAM6_HBH_NOT_IPV6;
        }
        memcpy(&eth_type, l3 - sizeof eth_type, sizeof eth_type);
        if (eth_type != htons(ETH_TYPE_IPV6)) {
            memset(info, 0, sizeof *info);
            return IOAM6_HBH_NOT_IPV6;
        }
    } else if (packet->packet_type != htonl(PT_IPV6)) {
        memset(info, 0, sizeof *info);
        return IOAM6_HBH_NOT_IPV6;
    }
    return ioam6_hbh_parse(l3, dp_packet_l3_size(packet), info);
}
