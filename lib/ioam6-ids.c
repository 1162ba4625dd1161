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
#include "ioam6-ids.h"

#include "ioam6-hbh.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "ovs-thread.h"
#include "seq.h"
#include "util.h"

struct ioam6_iface_ids {
    uint16_t id;
    uint32_t id_wide;
};

static struct ovs_mutex mutex = OVS_MUTEX_INITIALIZER;
static uint32_t node_id OVS_GUARDED_BY(mutex) = IOAM6_NODE_ID_NONE;
static uint64_t node_id_wide OVS_GUARDED_BY(mutex) = IOAM6_NODE_ID_WIDE_NONE;
static struct shash ifaces OVS_GUARDED_BY(mutex)
    = SHASH_INITIALIZER(&ifaces);
static struct seq *ids_seq;

static struct seq *
get_seq(void)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;

    if (ovsthread_once_start(&once)) {
        ids_seq = seq_create();
        ovsthread_once_done(&once);
    }
    return ids_seq;
}

/* Returns a sequence number that changes whenever an identifier changes. */
uint64_t
ioam6_ids_seq(void)
{
    return seq_read(get_seq());
}

/* Sets this node's id (24 bits) and wide id (56 bits). */
void
ioam6_node_set(uint32_t id, uint64_t id_wide)
{
    bool changed;

    ovs_mutex_lock(&mutex);
    changed = node_id != id || node_id_wide != id_wide;
    node_id = id;
    node_id_wide = id_wide;
    ovs_mutex_unlock(&mutex);
    if (changed) {
        seq_change(get_seq());
    }
}

void
ioam6_node_get(uint32_t *id, uint64_t *id_wide)
{
    ovs_mutex_lock(&mutex);
    *id = node_id;
    *id_wide = node_id_wide;
    ovs_mutex_unlock(&mutex);
}

/* Sets the ids of the interface whose netdev is named 'name'. */
void
ioam6_iface_set(const char *name, uint16_t id, uint32_t id_wide)
{
    struct ioam6_iface_ids *ids;
    bool changed = true;

    ovs_mutex_lock(&mutex);
    ids = shash_find_data(&ifaces, name);
    if (!ids) {
        ids = xmalloc(sizeof *ids);
        shash_add(&ifaces, name, ids);
    } else {
        changed = ids->id != id || ids->id_wide != id_wide;
    }
    ids->id = id;
    ids->id_wide = id_wide;
    ovs_mutex_unlock(&mutex);
    if (changed) {
        seq_change(get_seq());
    }
}

/* Forgets the ids of interface 'name', which then reads as unavailable. */
void
ioam6_iface_del(const char *name)
{
    void *ids;

    ovs_mutex_lock(&mutex);
    ids = shash_find_and_delete(&ifaces, name);
    ovs_mutex_unlock(&mutex);
    if (ids) {
        free(ids);
        seq_change(get_seq());
    }
}

/* Gets the ids of interface 'name' (which may be NULL: no interface). */
void
ioam6_iface_get(const char *name, uint16_t *id, uint32_t *id_wide)
{
    const struct ioam6_iface_ids *ids;

    ovs_mutex_lock(&mutex);
    ids = name ? shash_find_data(&ifaces, name) : NULL;
    *id = ids ? ids->id : IOAM6_IF_ID_NONE;
    *id_wide = ids ? ids->id_wide : IOAM6_IF_ID_WIDE_NONE;
    ovs_mutex_unlock(&mutex);
}

/* Appends the node and interface ids to 'ds', one per line. */
void
ioam6_ids_format(struct ds *ds)
{
    const struct shash_node **nodes;

    ovs_mutex_lock(&mutex);
    ds_put_format(ds, "node id %"PRIu32", wide %"PRIu64"\n",
                  node_id, node_id_wide);
    nodes = shash_sort(&ifaces);
    for (size_t i = 0; i < shash_count(&ifaces); i++) {
        const struct ioam6_iface_ids *ids = nodes[i]->data;

        ds_put_format(ds, "interface %s: id %"PRIu16", wide %"PRIu32"\n",
                      nodes[i]->name, ids->id, ids->id_wide);
    }
    free(nodes);
    ovs_mutex_unlock(&mutex);
}

/* Returns the node and interface ids as a JSON object:
 * {"node_id": N, "node_id_wide": N, "interfaces": {NAME: {"id": N,
 * "id_wide": N}, ...}}. */
struct json *
ioam6_ids_to_json(void)
{
    struct json *ifaces_json = json_object_create();
    struct json *json = json_object_create();
    struct shash_node *node;

    ovs_mutex_lock(&mutex);
    json_object_put(json, "node_id", json_integer_create(node_id));
    json_object_put(json, "node_id_wide", json_integer_create(node_id_wide));
    SHASH_FOR_EACH (node, &ifaces) {
        const struct ioam6_iface_ids *ids = node->data;
        struct json *iface = json_object_create();

        json_object_put(iface, "id", json_integer_create(ids->id));
        json_object_put(iface, "id_wide", json_integer_create(ids->id_wide));
        json_object_put(ifaces_json, node->name, iface);
    }
    ovs_mutex_unlock(&mutex);
    json_object_put(json, "interfaces", ifaces_json);
    return json;
}
