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

#ifndef IOAM6_H
#define IOAM6_H 1

/* In-situ OAM for IPv6: the Pre-allocated Trace Option (RFC 9197) carried in
 * an IPv6 Hop-by-Hop option (RFC 9486).
 *
 * This module is the protocol core.  It knows the wire format, builds and
 * walks Hop-by-Hop headers, inserts ("push"), fills and removes ("pop") the
 * trace on a dp_packet, and keeps the registry of IOAM namespaces and
 * schemas that the fill reads.  It knows nothing of OpenFlow or OVSDB. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include "openvswitch/types.h"
#include "packets.h"

struct dp_packet;
struct ds;
struct json;

/* Wire constants. */
#define IOAM6_OPT_TYPE            0x31  /* IPv6 option type of IOAM. */
#define IOAM6_TYPE_PREALLOC       0     /* IOAM Option-Type: Pre-alloc. */
#define IOAM6_TRACE_DATA_SIZE_MAX 244   /* Largest pre-allocated size. */
#define IOAM6_MAX_SCHEMA_DATA_LEN 1020  /* Largest schema data, bytes. */
#define IOAM6_HBH_FIXED_LEN       16    /* HbH hdr + PadN + opt + trace hdr. */
#define IOAM6_HBH_MAX_LEN         (IOAM6_HBH_FIXED_LEN \
                                   + IOAM6_TRACE_DATA_SIZE_MAX + 4)
#define IOAM6_FREQ_MAX            1000000  /* Largest K and N of K/N. */
#define IOAM6_ENCAP_MAX_LEN       (IPV6_HEADER_LEN + IOAM6_HBH_MAX_LEN)

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
BUILD_ASSERT_DECL(sizeof(struct ioam6_opt_hdr) == 4);

/* Pre-allocated Trace header (RFC 9197). */
struct ioam6_trace_hdr {
    ovs_be16 ns_id;             /* Namespace-ID. */
    uint8_t nodelen_flags;      /* NodeLen << 3 | O, L, A flags. */
    uint8_t remlen;             /* Flag bit 3 (MSB) | RemainingLen. */
    ovs_16aligned_be32 type;    /* Trace type << 8 | reserved byte. */
};
BUILD_ASSERT_DECL(sizeof(struct ioam6_trace_hdr) == 8);

/* NodeLen, in 4-octet units, of the 24-bit trace type 'type' (OSS
 * excluded). */
unsigned int ioam6_trace_nodelen(uint32_t type);

/* Is 'type' acceptable to an encapsulating node?  Non-zero, bits 12 to 21
 * and 23 clear.  Returns NULL if so, otherwise a static error string. */
const char *ioam6_trace_type_check(uint32_t type);

/* Length in bytes of the Hop-by-Hop header that carries a trace with 'size'
 * bytes of pre-allocated data, laid out as Linux lays it out. */
size_t ioam6_hbh_len(unsigned int size);

/* Writes at 'hbh' a Hop-by-Hop header of ioam6_hbh_len('size') bytes with
 * Next Header 'nxt' and one empty trace for namespace 'ns_id', type
 * 'type'. */
void ioam6_hbh_build(void *hbh, uint8_t nxt, uint16_t ns_id,
                     uint32_t type, unsigned int size);

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

void ioam6_hbh_walker_init(struct ioam6_hbh_walker *,
                           const void *hbh, size_t len);
enum ioam6_walk ioam6_hbh_walker_next(struct ioam6_hbh_walker *,
                                      struct ioam6_tlv *);

static inline bool
ioam6_tlv_is_pad(const struct ioam6_tlv *tlv)
{
    return tlv->type == IOAM6_OPT_PAD1 || tlv->type == IOAM6_OPT_PADN;
}

/* The Hop-by-Hop header that directly follows an IPv6 header. */
enum ioam6_hbh_status {
    IOAM6_HBH_NOT_IPV6,         /* Not IPv6, or the IPv6 header or its
                                 * Payload Length runs past the data. */
    IOAM6_HBH_ABSENT,           /* IPv6 without a Hop-by-Hop header. */
    IOAM6_HBH_MALFORMED,        /* The Hop-by-Hop header runs past the IPv6
                                 * payload, or one of its TLVs overruns
                                 * it. */
    IOAM6_HBH_PRESENT,          /* A well-formed Hop-by-Hop header. */
};

struct ioam6_hbh_info {
    struct ovs_16aligned_ip6_hdr *ip6;  /* IPv6 header, NULL if not IPv6. */
    uint8_t *hbh;               /* Hop-by-Hop header, or NULL. */
    size_t hbh_len;             /* Its length in bytes, or 0. */
    size_t ip6_len;             /* IPv6 header plus payload, in bytes. */
    size_t n_ioam;              /* Number of IOAM6_OPT_TYPE options. */
    size_t n_other;             /* Number of other non-padding options. */
};

/* Parses the IPv6 packet at 'ip6', of which 'size' bytes are available (the
 * IPv6 header included), and its Hop-by-Hop header if any.  Never reads past
 * 'size' bytes, nor past the IPv6 payload. */
enum ioam6_hbh_status ioam6_hbh_parse(const void *ip6, size_t size,
                                      struct ioam6_hbh_info *);
/* The same for the L3 header of 'packet', which must be an IPv6 header
 * (Ethertype 0x86dd for an Ethernet packet, packet type IPv6 otherwise).
 * L2 padding is not part of the data. */
enum ioam6_hbh_status ioam6_packet_hbh_parse(const struct dp_packet *,
                                             struct ioam6_hbh_info *);

/* Insertion mode. */
enum ioam6_mode {
    IOAM6_MODE_INLINE = 0,      /* Hop-by-Hop into the packet itself. */
    IOAM6_MODE_ENCAP = 1,       /* IPv6-in-IPv6 with an outer HbH. */
};

/* What pop removes.  A trace whose Hop-by-Hop header is followed by an IPv6
 * header is an encap trace, or an inline trace on an IPv6-in-IPv6 packet:
 * only the flow knows which. */
enum ioam6_pop_mode {
    IOAM6_POP_AUTO = 0,         /* Decapsulate if an IPv6 header follows the
                                 * trace's Hop-by-Hop header, otherwise
                                 * remove the option. */
    IOAM6_POP_INLINE = 1,       /* Remove the option, never decapsulate. */
    IOAM6_POP_ENCAP = 2,        /* Decapsulate; leave a trace that is not
                                 * followed by an IPv6 header alone. */
};

/* "auto", "inline", "encap". */
const char *ioam6_pop_mode_to_string(enum ioam6_pop_mode);
bool ioam6_pop_mode_from_string(const char *, enum ioam6_pop_mode *);

/* Arguments of the datapath push action (the payload of
 * OVS_ACTION_ATTR_IOAM6_PUSH). */
struct ioam6_push_args {
    uint32_t type;              /* 24-bit trace type. */
    uint16_t ns_id;             /* Namespace-ID. */
    uint8_t size;               /* Pre-allocated bytes, 4..244, 4n. */
    uint8_t mode;               /* enum ioam6_mode. */
    struct in6_addr src;        /* Outer source, encap mode only. */
    struct in6_addr dst;        /* Outer destination, encap mode only. */
    uint32_t freq_k;            /* Sampling: the first 'freq_k' of every */
    uint32_t freq_n;            /* 'freq_n' packets get IOAM (1/1: all). */
    uint32_t sampler;           /* Sampler (packet counter) id, or 0. */
};

bool ioam6_push_args_valid(const struct ioam6_push_args *);

/* Arguments of the datapath fill action (the payload of
 * OVS_ACTION_ATTR_IOAM6_FILL): this node's identifiers, resolved from
 * configuration when the flow is translated. */
struct ioam6_fill_args {
    uint64_t node_id_wide;      /* 56 bits. */
    uint32_t node_id;           /* 24 bits. */
    uint32_t iif_wide;          /* Ingress interface id, wide. */
    uint32_t eif_wide;          /* Egress interface id, wide. */
    uint16_t iif;               /* Ingress interface id. */
    uint16_t eif;               /* Egress interface id. */
};

/* The outcome of one packet operation.  Every outcome has a coverage
 * counter.  The caller drops the packet on IOAM6_DROP. */
enum ioam6_result {
    IOAM6_PUSHED,               /* push: trace inserted. */
    IOAM6_FILLED,               /* fill: this node's data added. */
    IOAM6_OVERFLOW,             /* fill: no room, Overflow flag set (or
                                 * already set). */
    IOAM6_POPPED,               /* pop: trace removed. */
    IOAM6_NO_IOAM,              /* fill, pop: no trace, non-IPv6 or
                                 * truncated packet; left untouched. */
    IOAM6_SKIPPED,              /* push: non-IPv6 packet, packet that
                                 * already carries IOAM (inline), or one
                                 * that cannot grow; left untouched. */
    IOAM6_UNKNOWN_NS,           /* fill: namespace not configured or IOAM
                                 * Option-Type not the Pre-allocated
                                 * Trace; left untouched. */
    IOAM6_DROP,                 /* fill, pop: malformed option; drop. */
};

const char *ioam6_result_to_string(enum ioam6_result);

/* Per-batch context of a fill: the wall clock, read once per batch. */
struct ioam6_fill_ctx {
    uint32_t ts_sec;            /* Seconds, low 32 bits. */
    uint32_t ts_usec;           /* Microseconds. */
};
void ioam6_fill_ctx_init(struct ioam6_fill_ctx *);

/* Packet operations.  'packet' must have l3_ofs and l4_ofs set as
 * miniflow_extract() sets them.  They keep l2 and l3 offsets and move
 * l4_ofs by the bytes inserted or removed. */
enum ioam6_result ioam6_push(struct dp_packet *,
                             const struct ioam6_push_args *);
enum ioam6_result ioam6_fill(struct dp_packet *,
                             const struct ioam6_fill_args *,
                             const struct ioam6_fill_ctx *);
enum ioam6_result ioam6_pop(struct dp_packet *, enum ioam6_pop_mode);

/* Namespace and schema registry.
 *
 * Readers (PMD threads, inside ioam6_fill()) look namespaces up without
 * locks; writers (the main thread) replace entries and free the old ones
 * after an RCU grace period.  A schema is attached to at most one
 * namespace, as in Linux. */
struct ioam6_ns_config {
    uint16_t id;
    uint32_t data;              /* Default 0xffffffff. */
    uint64_t data_wide;         /* Default all ones. */
    bool has_schema;
    uint32_t schema_id;         /* 0 .. IOAM6_SCHEMA_ID_MAX. */
    const uint8_t *schema_data; /* 'schema_len' bytes, padded to 4n with
                                 * zeros by the registry. */
    size_t schema_len;          /* At most IOAM6_MAX_SCHEMA_DATA_LEN. */
};

/* Adds namespace 'cfg->id', or replaces it if it exists.  Returns NULL on
 * success, otherwise a malloc()ed error message and the registry is
 * unchanged. */
char *ioam6_ns_set(const struct ioam6_ns_config *cfg);
/* Removes namespace 'id'.  Returns false if there is no such namespace. */
bool ioam6_ns_del(uint16_t id);
/* Removes every namespace. */
void ioam6_ns_clear(void);
/* Appends a human-readable listing of the registry to 'ds'. */
void ioam6_ns_format(struct ds *);
/* Number of namespaces in the registry. */
size_t ioam6_ns_count(void);

/* Returns the registry as a JSON object (see the definition). */
struct json *ioam6_ns_to_json(void);

/* Appends the IOAM6 packet counters to 'ds', or returns them as a JSON
 * object. */
void ioam6_counters_format(struct ds *);
struct json *ioam6_counters_to_json(void);

#endif /* ioam6.h */
