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

/* The registry of IOAM6 namespaces and schemas: its writers, its lock-free
 * lookup, and its text and JSON forms. */

#include <config.h>
#include "ioam6-ns.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/util.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "util.h"

static struct ovs_mutex ioam6_mutex = OVS_MUTEX_INITIALIZER;
static struct cmap ioam6_namespaces = CMAP_INITIALIZER;

static uint32_t
ioam6_ns_hash(uint16_t id)
{
    return hash_int(id, 0);
}

const struct ioam6_ns *
ioam6_ns_lookup(uint16_t id)
{
    const struct ioam6_ns *ns;

    CMAP_FOR_EACH_WITH_HASH (ns, node, ioam6_ns_hash(id),
                             &ioam6_namespaces) {
        if (ns->id == id) {
            return ns;
        }
    }
    return NULL;
}

/* Writers. */

char *
ioam6_ns_set(const struct ioam6_ns_config *cfg)
{
    size_t schema_len = 0;
    struct ioam6_ns *ns;
    const struct ioam6_ns *old;
    unsigned int oss_words;

    if (cfg->has_schema) {
        if (cfg->schema_id > IOAM6_SCHEMA_ID_MAX) {
            return xasprintf("namespace %"PRIu16": schema id %"PRIu32" is "
                             "out of range (0 to %d)", cfg->id,
                             cfg->schema_id, IOAM6_SCHEMA_ID_MAX);
        }
        if (cfg->schema_len > IOAM6_MAX_SCHEMA_DATA_LEN) {
            return xasprintf("namespace %"PRIu16": schema %"PRIu32" data is "
                             "%"PRIuSIZE" bytes long, more than %d",
                             cfg->id, cfg->schema_id, cfg->schema_len,
                             IOAM6_MAX_SCHEMA_DATA_LEN);
        }
        if (cfg->schema_len && !cfg->schema_data) {
            return xasprintf("namespace %"PRIu16": schema %"PRIu32" has no "
                             "data", cfg->id, cfg->schema_id);
        }
        schema_len = ROUND_UP(cfg->schema_len, 4);
    }
    oss_words = 1 + schema_len / 4;

    ns = xzalloc(sizeof *ns + oss_words * sizeof ns->oss[0]);
    ns->id = cfg->id;
    ns->data = htonl(cfg->data);
    ns->data_wide = htonll(cfg->data_wide);
    ns->has_schema = cfg->has_schema;
    ns->schema_id = cfg->has_schema ? cfg->schema_id : 0;
    ns->schema_len = schema_len;
    ns->oss_words = oss_words;
    if (cfg->has_schema) {
        ns->oss[0] = htonl(((schema_len / 4) << 24) | cfg->schema_id);
        if (cfg->schema_len) {
            memcpy(&ns->oss[1], cfg->schema_data, cfg->schema_len);
        }
    } else {
        ns->oss[0] = htonl(IOAM6_EMPTY_OSS);
    }

    ovs_mutex_lock(&ioam6_mutex);
    old = ioam6_ns_lookup(cfg->id);
    if (old) {
        cmap_replace(&ioam6_namespaces, CONST_CAST(struct cmap_node *,
                                                   &old->node),
                     &ns->node, ioam6_ns_hash(cfg->id));
        ovsrcu_postpone(free, CONST_CAST(struct ioam6_ns *, old));
    } else {
        cmap_insert(&ioam6_namespaces, &ns->node, ioam6_ns_hash(cfg->id));
    }
    ovs_mutex_unlock(&ioam6_mutex);
    return NULL;
}

bool
ioam6_ns_del(uint16_t id)
{
    const struct ioam6_ns *ns;

    ovs_mutex_lock(&ioam6_mutex);
    ns = ioam6_ns_lookup(id);
    if (ns) {
        cmap_remove(&ioam6_namespaces,
                    CONST_CAST(struct cmap_node *, &ns->node),
                    ioam6_ns_hash(id));
        ovsrcu_postpone(free, CONST_CAST(struct ioam6_ns *, ns));
    }
    ovs_mutex_unlock(&ioam6_mutex);
    return ns != NULL;
}

void
ioam6_ns_clear(void)
{
    struct ioam6_ns *ns;

    ovs_mutex_lock(&ioam6_mutex);
    CMAP_FOR_EACH (ns, node, &ioam6_namespaces) {
        cmap_remove(&ioam6_namespaces, &ns->node, ioam6_ns_hash(ns->id));
        ovsrcu_postpone(free, ns);
    }
    ovs_mutex_unlock(&ioam6_mutex);
}

size_t
ioam6_ns_count(void)
{
    return cmap_count(&ioam6_namespaces);
}

static int
ioam6_ns_compare(const void *a_, const void *b_)
{
    const struct ioam6_ns *const *a = a_;
    const struct ioam6_ns *const *b = b_;

    return (int) (*a)->id - (int) (*b)->id;
}

void
ioam6_ns_format(struct ds *s)
{
    const struct ioam6_ns **list;
    const struct ioam6_ns *ns;
    size_t n = 0;

    ovs_mutex_lock(&ioam6_mutex);
    list = xmalloc((cmap_count(&ioam6_namespaces) + 1) * sizeof *list);
    CMAP_FOR_EACH (ns, node, &ioam6_namespaces) {
        list[n++] = ns;
    }
    qsort(list, n, sizeof *list, ioam6_ns_compare);

    for (size_t i = 0; i < n; i++) {
        ns = list[i];
        ds_put_format(s, "namespace %"PRIu16": data 0x%08"PRIx32", "
                      "wide 0x%016"PRIx64", ", ns->id, ntohl(ns->data),
                      ntohll(ns->data_wide));
        if (ns->has_schema) {
            ds_put_format(s, "schema %"PRIu32" (%"PRIuSIZE" bytes)\n",
                          ns->schema_id, ns->schema_len);
        } else {
            ds_put_cstr(s, "no schema\n");
        }
    }
    ovs_mutex_unlock(&ioam6_mutex);
    free(list);
}

/* Returns the registry as a JSON object, keyed by namespace id:
 * {"123": {"data": "0xdeadbeef", "data_wide": "0xcafec0caf00dc0de",
 * "schema": 777}, ...}, without "schema" for a namespace that has none.
 * The data are strings because JSON numbers do not reliably hold 64 bits. */
struct json *
ioam6_ns_to_json(void)
{
    struct json *json = json_object_create();
    const struct ioam6_ns *ns;

    ovs_mutex_lock(&ioam6_mutex);
    CMAP_FOR_EACH (ns, node, &ioam6_namespaces) {
        struct json *obj = json_object_create();
        char key[8];

        json_object_put_format(obj, "data", "0x%08"PRIx32, ntohl(ns->data));
        json_object_put_format(obj, "data_wide", "0x%016"PRIx64,
                               ntohll(ns->data_wide));
        if (ns->has_schema) {
            json_object_put(obj, "schema",
                            json_integer_create(ns->schema_id));
        }
        snprintf(key, sizeof key, "%"PRIu16, ns->id);
        json_object_put(json, key, obj);
    }
    ovs_mutex_unlock(&ioam6_mutex);
    return json;
}
