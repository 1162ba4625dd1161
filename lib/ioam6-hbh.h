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

#ifndef IOAM6_HBH_H
#define IOAM6_HBH_H 1

/* The IOAM6 wire format and the IPv6 Hop-by-Hop header that carries it.
 *
 * This module knows the bytes: the IOAM option and Pre-allocated Trace
 * headers (RFC 9197, RFC 9486), NodeLen and the trace type rules, and how
 * to build, walk and parse a Hop-by-Hop header.  It changes no packet: the
 * packet operations are in ioam6-trace.h and ioam6-fill.h. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include "openvswitch/types.h"
#include "packets.h"

struct dp_packet;

/* Wire constants. */
#define IOAM6_OPT_TYPE            0x31  /* IPv6 option type of IOAM. */
#define IOAM6_TYPE_PREALLOC       0     /* IOAM Option-Type: Pre-alloc. */
#define IOAM6_TRACE_DATA_SIZE_MAX 244   /* Largest pre-allocated size. */
#define IOAM6_MAX_SCHEMA_DATA_LEN 1020  /* Largest schema data, bytes. */
#define IOAM6_HBH_FIXED_LEN       16    /* HbH hdr + PadN + opt + trace hdr. */
#define IOAM6_HBH_MAX_LEN         (IOAM6_HBH_FIXED_LEN \
                                   + IOAM6_TRACE_DATA_SIZE_MAX + 4)
#define IOAM6_ENCAP_MAX_LEN       (IPV6_HEADER_LEN + IOAM6_HBH_MAX_LEN)

/* Sizes inside the IOAM option, in bytes. */
#define IOAM6_OPT_HDR_LEN         4     /* Option Type to IOAM Option-Type. */
#define IOAM6_TRACE_HDR_LEN       8     /* Pre-allocated Trace header. */
#define IOAM6_OPT_MIN_LEN         (IOAM6_OPT_HDR_LEN + IOAM6_TRACE_HDR_LEN)
/* Offset of the trace header in the Hop-by-Hop header that push builds:
 * after the header's 2 bytes, PadN(0) and the option's header. */
#define IOAM6_HBH_TRACE_OFS       (2 + 2 + IOAM6_OPT_HDR_LEN)

/* The largest Hop-by-Hop header: Hdr Ext Len 255. */
#define IOAM6_HBH_LIMIT           2048

/* Trace-type bits, as the 24-bit number used on the command line (bit 0 is
 * the most significant, 0x800000). */
#define IOAM6_TRACE_TYPE_BIT(I)   (UINT32_C(1) << (23 - (I)))
#define IOAM6_TRACE_TYPE_MASK     0xffffff
#define IOAM6_TRACE_TYPE_UNDEF    0x000ffc  /* Bits 12 to 21. */
#define IOAM6_TRACE_TYPE_OSS      0x000002  /* Bit 22. */
#define IOAM6_TRACE_TYPE_RSV      0x000001  /* Bit 23. */

/* Trace header flags, in the byte that also holds NodeLen. */
#define IOAM6_NODELEN_SHIFT       3
#define IOAM6_FLAG_OVERFLOW       0x04
#define IOAM6_FLAG_LOOPBACK       0x02
#define IOAM6_FLAG_ACTIVE         0x01
#define IOAM6_REMLEN_MASK         0x7f

/* "Unavailable" values and defaults (RFC 9197, Linux). */
#define IOAM6_NODE_ID_NONE        0xffffff
#define IOAM6_NODE_ID_WIDE_NONE   UINT64_C(0x00ffffffffffffff)
#define IOAM6_IF_ID_NONE          0xffff
#define IOAM6_IF_ID_WIDE_NONE     0xffffffff
#define IOAM6_SCHEMA_ID_MAX       0xffffff
#define IOAM6_EMPTY_OSS           0x00ffffff

/* The IOAM option header inside a Hop-by-Hop header (RFC 9486). */
struct ioam6_opt_hdr {
    uint8_t opt_type;           /* IOAM6_OPT_TYPE. */
    uint8_t opt_len;            /* Bytes after this field. */
    uint8_t reserved;
    uint8_t ioam_type;          /* IOAM6_TYPE_PREALLOC. */
};
BUILD_ASSERT_DECL(sizeof(struct ioam6_opt_hdr) == IOAM6_OPT_HDR_LEN);

/* Pre-allocated Trace header (RFC 9197). */
struct ioam6_trace_hdr {
    ovs_be16 ns_id;             /* Namespace-ID. */
    uint8_t nodelen_flags;      /* NodeLen << 3 | O, L, A flags. */
    uint8_t remlen;             /* Flag bit 3 (MSB) | RemainingLen. */
    ovs_16aligned_be32 type;    /* Trace type << 8 | reserved byte. */
};
BUILD_ASSERT_DECL(sizeof(struct ioam6_trace_hdr) == IOAM6_TRACE_HDR_LEN);

/* NodeLen, in 4-octet units, of the 24-bit trace type 'type' (OSS
 * excluded). */
unsigned int ioam6_trace_nodelen(uint32_t type);

/* Is 'type' acceptable to an encapsulating node?  Non-zero, bits 12 to 21
 * and 23 clear.  Returns NULL if so, otherwise a static error string. */
const char *ioam6_trace_type_check(uint32_t type);

/* Builders. */

/* Length in bytes of the Hop-by-Hop header that carries a trace with 'size'
 * bytes of pre-allocated data, laid out as Linux lays it out. */
size_t ioam6_hbh_len(unsigned int size);

/* Writes at 'hbh' a Hop-by-Hop header of ioam6_hbh_len('size') bytes with
 * Next Header 'nxt' and one empty trace for namespace 'ns_id', type
 * 'type'. */
void ioam6_hbh_build(void *hbh, uint8_t nxt, uint16_t ns_id,
                     uint32_t type, unsigned int size);

/* Writes at 'opt' an IOAM option, IOAM6_OPT_MIN_LEN + 'size' bytes, that
 * holds an empty Pre-allocated Trace for namespace 'ns_id' and trace type
 * 'type'. */
void ioam6_opt_build(uint8_t *opt, uint16_t ns_id, uint32_t type,
                     unsigned int size);

/* Writes 'len' bytes of padding at 'p': nothing, a Pad1 or a PadN. */
void ioam6_put_pad(uint8_t *p, size_t len);

/* Hop-by-Hop option walker.
 *
 * Walks the option TLVs of a Hop-by-Hop header, Pad1 and PadN included.
 * Every TLV is bounded against the length of the header, so the walker
 * never reads past it.  The TLVs start at offset 2, after the Next Header
 * and Hdr Ext Len bytes. */
struct ioam6_tlv {
    size_t ofs;                 /* Offset of the Option Type byte from the
                                 * start of the Hop-by-Hop header. */
    size_t len;                 /* Whole TLV in bytes: 1 for Pad1,
                                 * otherwise 2 + Opt Data Len. */
    uint8_t type;               /* Option Type. */
};

struct ioam6_hbh_walker {
    const uint8_t *hbh;         /* Start of the Hop-by-Hop header. */
    size_t len;                 /* Its length in bytes. */
    size_t ofs;                 /* Offset of the next TLV. */
};

enum ioam6_walk {
    IOAM6_WALK_TLV,             /* Stored the next TLV. */
    IOAM6_WALK_END,             /* No more TLVs. */
    IOAM6_WALK_MALFORMED,       /* A TLV overruns the header. */
};

#define IOAM6_OPT_PAD1            0
#define IOAM6_OPT_PADN            1

/* The two high-order bits of an Option Type: what a node that does not know
 * the option does with the packet (RFC 8200 4.2).  Only 00, "skip the
 * option", lets the packet through. */
#define IOAM6_OPT_ACTION_MASK     0xc0

/* The longest run of consecutive Pad1 and PadN bytes that a receiver accepts
 * (RFC 4942 2.1.9.5; Linux drops a header with a longer run). */
#define IOAM6_PAD_RUN_MAX         7

void ioam6_hbh_walker_init(struct ioam6_hbh_walker *,
                           const void *hbh, size_t len);

/* Stores the next TLV of 'w' in '*tlv'.  Inline: the parse of every packet
 * runs it for each TLV. */
static inline enum ioam6_walk
ioam6_hbh_walker_next(struct ioam6_hbh_walker *w, struct ioam6_tlv *tlv)
{
    size_t ofs = w->ofs;

    if (ofs == w->len) {
        return IOAM6_WALK_END;
    } else if (ofs > w->len) {
        return IOAM6_WALK_MALFORMED;
    }

    tlv->ofs = ofs;
    tlv->type = w->hbh[ofs];
    if (tlv->type == IOAM6_OPT_PAD1) {
        tlv->len = 1;
    } else if (w->len - ofs < 2) {
        return IOAM6_WALK_MALFORMED;
    } else {
        tlv->len = 2 + w->hbh[ofs + 1];
        if (tlv->len > w->len - ofs) {
            return IOAM6_WALK_MALFORMED;
        }
    }
    w->ofs = ofs + tlv->len;
    return IOAM6_WALK_TLV;
}

static inline bool
ioam6_tlv_is_pad(const struct ioam6_tlv *tlv)
{
    return tlv->type == IOAM6_OPT_PAD1 || tlv->type == IOAM6_OPT_PADN;
}

/* The Hop-by-Hop header that directly follows an IPv6 header. */
enum ioam6_hbh_status {
    IOAM6_HBH_NOT_IPV6,         /* Not IPv6: no L3 header, another
                                 * Ethertype, or IP version not 6. */
    IOAM6_HBH_TRUNCATED,        /* IPv6, but the 40-byte header or the
                                 * payload that its Payload Length gives runs
                                 * past the data. */
    IOAM6_HBH_ABSENT,           /* IPv6 without a Hop-by-Hop header. */
    IOAM6_HBH_MALFORMED,        /* A Hop-by-Hop header that a Linux receiver
                                 * drops: it runs past the IPv6 payload, one
                                 * of its TLVs overruns it, it holds a run of
                                 * padding longer than IOAM6_PAD_RUN_MAX
                                 * bytes or a PadN with a non-zero byte, or
                                 * an unknown option (neither padding nor
                                 * IOAM) whose action bits are not 00. */
    IOAM6_HBH_PRESENT,          /* A well-formed Hop-by-Hop header. */
};

/* How many IOAM option offsets struct ioam6_hbh_info records.  A header with
 * more IOAM options (which no encapsulating node writes) is walked again. */
#define IOAM6_HBH_IOAM_MAX        4

struct ioam6_hbh_info {
    struct ovs_16aligned_ip6_hdr *ip6;  /* IPv6 header, NULL if not IPv6. */
    uint8_t *hbh;               /* Hop-by-Hop header, or NULL. */
    size_t hbh_len;             /* Its length in bytes, or 0. */
    size_t ip6_len;             /* IPv6 header plus payload, in bytes. */
    size_t n_ioam;              /* Number of IOAM6_OPT_TYPE options. */
    size_t n_other;             /* Number of other non-padding options. */
    uint16_t ioam_ofs[IOAM6_HBH_IOAM_MAX]; /* Offsets in the Hop-by-Hop
                                 * header of the first IOAM6_HBH_IOAM_MAX
                                 * IOAM options. */
};

/* Parses the IPv6 packet at 'ip6', of which 'size' bytes are available (the
 * IPv6 header included), and its Hop-by-Hop header if any, in one walk of
 * its options.  Never reads past 'size' bytes, nor past the IPv6 payload. */
enum ioam6_hbh_status ioam6_hbh_parse(const void *ip6, size_t size,
                                      struct ioam6_hbh_info *);
/* The same for the L3 header of 'packet', which must be an IPv6 header
 * (Ethertype 0x86dd for an Ethernet packet, packet type IPv6 otherwise).
 * L2 padding is not part of the data. */
enum ioam6_hbh_status ioam6_packet_hbh_parse(const struct dp_packet *,
                                             struct ioam6_hbh_info *);

#endif /* ioam6-hbh.h */
