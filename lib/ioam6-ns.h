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

#ifndef IOAM6_NS_H
#define IOAM6_NS_H 1

/* The registry of IOAM6 namespaces and their schemas.
 *
 * The main thread adds, replaces and removes namespaces.  Readers (the fill,
 * on PMD threads) look them up without locks: a writer replaces an entry and
 * frees the old one after an RCU grace period.  A schema is attached to at
 * most one namespace, as in Linux. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cmap.h"
#include "ioam6-hbh.h"
#include "openvswitch/types.h"

struct ds;
struct json;

/* A namespace, as the main thread configures it. */
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
/* Number of namespaces in the registry. */
size_t ioam6_ns_count(void);

/* A namespace, as the registry holds it: the values in the form in which a
 * fill writes them into a trace.  Read-only for readers. */
struct ioam6_ns {
    struct cmap_node node;      /* In the registry. */
    uint16_t id;
    ovs_be32 data;
    ovs_be64 data_wide;
    bool has_schema;
    uint32_t schema_id;
    size_t schema_len;          /* Padded to a multiple of 4. */
    unsigned int oss_words;     /* Number of elements of 'oss'. */
    ovs_be32 oss[];             /* The OSS: header word and schema data, or
                                 * the empty OSS. */
};

/* Returns namespace 'id', or NULL if there is none.  Lock-free: the entry
 * stays valid until the caller quiesces. */
const struct ioam6_ns *ioam6_ns_lookup(uint16_t id);

/* Appends a human-readable listing of the registry to 'ds'. */
void ioam6_ns_format(struct ds *);
/* Returns the registry as a JSON object (see the definition). */
struct json *ioam6_ns_to_json(void);

#endif /* ioam6-ns.h */
