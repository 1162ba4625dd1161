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

/* This file reads the IOAM6 configuration from the database into the
 * registries that the datapath and flow translation read. */

#include <config.h>
#include "ioam6-ovsdb.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "ioam6-config.h"
#include "ioam6-headroom.h"
#include "ioam6-ids.h"
#include "ioam6-ns.h"
#include "lib/vswitch-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ioam6_ovsdb);

/* The IOAM6 configuration, as read from the database in one
 * reconfiguration, without the rows that are invalid.  ovs-vswitchd keeps
 * the one in force, to apply only what changes and for ioam6/show. */
struct ioam6_snapshot {
    uint32_t node_id;
    uint64_t node_id_wide;
    size_t rx_headroom;
    struct shash ifaces;        /* Interface name -> struct snap_iface. */
    struct hmap namespaces;     /* struct snap_ns, by id. */
    struct snap_schema *schemas;    /* Sorted by id. */
    size_t n_schemas;
};

struct snap_iface {
    uint16_t id;
    uint32_t id_wide;
};

struct snap_ns {
    struct hmap_node node;      /* In 'namespaces', by hash of 'cfg.id'. */
    struct ioam6_ns_config cfg; /* 'schema_data' points into a schema of the
                                 * same snapshot. */
};

struct snap_schema {
    uint32_t id;
    char *data;
    int ns_id;                  /* The namespace it is attached to, or -1. */
};

static struct ioam6_snapshot current = {
    .node_id = IOAM6_NODE_ID_NONE,
    .node_id_wide = IOAM6_NODE_ID_WIDE_NONE,
    .rx_headroom = IOAM6_RX_HEADROOM_DEFAULT,
    .ifaces = SHASH_INITIALIZER(&current.ifaces),
    .namespaces = HMAP_INITIALIZER(&current.namespaces),
};

static void
snapshot_init(struct ioam6_snapshot *snap)
{
    snap->node_id = IOAM6_NODE_ID_NONE;
    snap->node_id_wide = IOAM6_NODE_ID_WIDE_NONE;
    snap->rx_headroom = IOAM6_RX_HEADROOM_DEFAULT;
    shash_init(&snap->ifaces);
    hmap_init(&snap->namespaces);
    snap->schemas = NULL;
    snap->n_schemas = 0;
}

static void
snapshot_destroy(struct ioam6_snapshot *snap)
{
    struct snap_ns *ns;

    shash_destroy_free_data(&snap->ifaces);
    HMAP_FOR_EACH_POP (ns, node, &snap->namespaces) {
        free(ns);
    }
    hmap_destroy(&snap->namespaces);
    for (size_t i = 0; i < snap->n_schemas; i++) {
        free(snap->schemas[i].data);
    }
    free(snap->schemas);
}

static const struct snap_ns *
snapshot_find_ns(const struct ioam6_snapshot *snap, uint16_t id)
{
    const struct snap_ns *ns;

    HMAP_FOR_EACH_WITH_HASH (ns, node, hash_int(id, 0), &snap->namespaces) {
        if (ns->cfg.id == id) {
            return ns;
        }
    }
    return NULL;
}

/* Reading the rows. */

/* Parses other_config key 'KEY' of the row that 'WHAT' names with
 * 'PARSE'.  Leaves '*VALUEP' as it is if the key is not set, or if its
 * value is invalid, which it logs. */
#define PARSE_KEY(WHAT, SMAP, KEY, PARSE, VALUEP)                       \
    do {                                                                \
        static struct vlog_rate_limit rl_ = VLOG_RATE_LIMIT_INIT(1, 5); \
        const char *s_ = smap_get(SMAP, KEY);                           \
        char *error_;                                                   \
                                                                        \
        error_ = s_ ? PARSE("other_config:" KEY, s_, VALUEP) : NULL;    \
        if (error_) {                                                   \
            VLOG_WARN_RL(&rl_, "%s: %s; ignoring it", WHAT, error_);    \
            free(error_);                                               \
        }                                                               \
    } while (0)

static void
read_open_vswitch(const struct ovsrec_open_vswitch *cfg,
                  struct ioam6_snapshot *snap)
{
    const struct smap *oc = &cfg->other_config;

    PARSE_KEY("Open_vSwitch", oc, "ioam6-node-id",
              ioam6_config_parse_node_id, &snap->node_id);
    PARSE_KEY("Open_vSwitch", oc, "ioam6-node-id-wide",
              ioam6_config_parse_node_id_wide, &snap->node_id_wide);
    PARSE_KEY("Open_vSwitch", oc, "ioam6-rx-headroom",
              ioam6_config_parse_rx_headroom, &snap->rx_headroom);
}

static void
read_interfaces(const struct ovsdb_idl *idl, struct ioam6_snapshot *snap)
{
    const struct ovsrec_interface *row;

    OVSREC_INTERFACE_FOR_EACH (row, idl) {
        const struct smap *oc = &row->other_config;
        struct snap_iface *iface;
        char *what;

        if ((!smap_get(oc, "ioam6-id") && !smap_get(oc, "ioam6-id-wide"))
            || shash_find(&snap->ifaces, row->name)) {
            /* No ids, or a duplicate name, which bridge.c refuses. */
            continue;
        }

        iface = xmalloc(sizeof *iface);
        iface->id = IOAM6_IF_ID_NONE;
        iface->id_wide = IOAM6_IF_ID_WIDE_NONE;
        what = xasprintf("Interface %s", row->name);
        PARSE_KEY(what, oc, "ioam6-id", ioam6_config_parse_if_id,
                  &iface->id);
        PARSE_KEY(what, oc, "ioam6-id-wide", ioam6_config_parse_if_id_wide,
                  &iface->id_wide);
        free(what);
        shash_add(&snap->ifaces, row->name, iface);
    }
}

static int
compare_schemas(const void *a_, const void *b_)
{
    const struct snap_schema *a = a_;
    const struct snap_schema *b = b_;

    return a->id < b->id ? -1 : a->id > b->id;
}

/* Returns the schema of 'snap' with 'id', or NULL. */
static struct snap_schema *
snapshot_find_schema(const struct ioam6_snapshot *snap, int64_t id)
{
    struct snap_schema key = { .id = id };

    /* bsearch() must not be given a null array, even an empty one. */
    return (!snap->n_schemas || id < 0 || id > UINT32_MAX ? NULL
            : bsearch(&key, snap->schemas, snap->n_schemas,
                      sizeof *snap->schemas, compare_schemas));
}

static void
read_schemas(const struct ovsdb_idl *idl, struct ioam6_snapshot *snap)
{
    const struct ovsrec_ioam6_schema *row;
    size_t allocated = 0;

    OVSREC_IOAM6_SCHEMA_FOR_EACH (row, idl) {
        char *error = ioam6_config_check_schema_id("id", row->id);

        if (!error) {
            error = ioam6_config_check_schema_data("data", row->data);
        }
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

            VLOG_WARN_RL(&rl, "IOAM6_Schema %"PRId64": %s; schema not "
                         "applied", row->id, error);
            free(error);
            continue;
        }

        if (snap->n_schemas >= allocated) {
            snap->schemas = x2nrealloc(snap->schemas, &allocated,
                                       sizeof *snap->schemas);
        }
        snap->schemas[snap->n_schemas++] = (struct snap_schema) {
            .id = row->id,
            .data = xstrdup(row->data),
            .ns_id = -1,
        };
    }
    if (snap->n_schemas) {
        qsort(snap->schemas, snap->n_schemas, sizeof *snap->schemas,
              compare_schemas);
    }
}

/* Returns another namespace row than 'row' that refers to the same schema,
 * or NULL.  The database lets two rows refer to one schema; Linux, and so
 * ovs-vswitchd, attaches a schema to one namespace at most. */
static const struct ovsrec_ioam6_namespace *
find_schema_sharer(const struct ovsdb_idl *idl,
                   const struct ovsrec_ioam6_namespace *row)
{
    const struct ovsrec_ioam6_namespace *other;

    OVSREC_IOAM6_NAMESPACE_FOR_EACH (other, idl) {
        if (other != row && other->schema == row->schema) {
            return other;
        }
    }
    return NULL;
}

/* Reads the namespaces after the schemas, which they refer to. */
static void
read_namespaces(const struct ovsdb_idl *idl, struct ioam6_snapshot *snap)
{
    const struct ovsrec_ioam6_namespace *row;

    OVSREC_IOAM6_NAMESPACE_FOR_EACH (row, idl) {
        struct ioam6_ns_config cfg = {
            .data = UINT32_MAX,
            .data_wide = UINT64_MAX,
        };
        char *error = ioam6_config_check_ns_id("id", row->id);
        struct snap_ns *ns;

        if (!error && row->data) {
            error = ioam6_config_parse_ns_data("data", row->data, &cfg.data);
        }
        if (!error && row->data_wide) {
            error = ioam6_config_parse_ns_data_wide("data_wide",
                                                    row->data_wide,
                                                    &cfg.data_wide);
        }
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

            VLOG_WARN_RL(&rl, "IOAM6_Namespace %"PRId64": %s; namespace "
                         "not applied", row->id, error);
            free(error);
            continue;
        }
        cfg.id = row->id;

        if (row->schema) {
            const struct ovsrec_ioam6_namespace *sharer;
            struct snap_schema *schema;

            schema = snapshot_find_schema(snap, row->schema->id);
            sharer = find_schema_sharer(idl, row);
            if (sharer) {
                static struct vlog_rate_limit rl
                    = VLOG_RATE_LIMIT_INIT(1, 5);

                VLOG_WARN_RL(&rl, "IOAM6_Namespace %"PRId64": schema "
                             "%"PRId64" is also attached to namespace "
                             "%"PRId64"; namespace applied without a schema",
                             row->id, row->schema->id, sharer->id);
            } else if (schema) {
                /* A schema that is not in 'snap' was refused, with a
                 * warning: the namespace goes without it. */
                cfg.has_schema = true;
                cfg.schema_id = schema->id;
                cfg.schema_data = (const uint8_t *) schema->data;
                cfg.schema_len = strlen(schema->data);
                schema->ns_id = cfg.id;
            }
        }

        ns = xmalloc(sizeof *ns);
        ns->cfg = cfg;
        hmap_insert(&snap->namespaces, &ns->node, hash_int(cfg.id, 0));
    }
}

/* Applying a snapshot. */

static bool
ns_config_equal(const struct ioam6_ns_config *a,
                const struct ioam6_ns_config *b)
{
    return (a->id == b->id
            && a->data == b->data
            && a->data_wide == b->data_wide
            && a->has_schema == b->has_schema
            && (!a->has_schema
                || (a->schema_id == b->schema_id
                    && a->schema_len == b->schema_len
                    && !memcmp(a->schema_data, b->schema_data,
                               a->schema_len))));
}

/* Makes 'new' the configuration in force: changes in the registries what
 * differs from 'current', then replaces 'current' by 'new'. */
static void
snapshot_apply(struct ioam6_snapshot *new)
{
    struct shash_node *node;
    const struct snap_ns *ns;

    ioam6_node_set(new->node_id, new->node_id_wide);
    ioam6_rx_headroom_set(new->rx_headroom);

    SHASH_FOR_EACH (node, &current.ifaces) {
        if (!shash_find(&new->ifaces, node->name)) {
            ioam6_iface_del(node->name);
        }
    }
    SHASH_FOR_EACH (node, &new->ifaces) {
        const struct snap_iface *iface = node->data;

        ioam6_iface_set(node->name, iface->id, iface->id_wide);
    }

    HMAP_FOR_EACH (ns, node, &current.namespaces) {
        if (!snapshot_find_ns(new, ns->cfg.id)) {
            ioam6_ns_del(ns->cfg.id);
        }
    }
    HMAP_FOR_EACH (ns, node, &new->namespaces) {
        const struct snap_ns *old = snapshot_find_ns(&current, ns->cfg.id);

        if (!old || !ns_config_equal(&old->cfg, &ns->cfg)) {
            char *error = ioam6_ns_set(&ns->cfg);

            if (error) {
                /* Not expected: the configuration was checked. */
                static struct vlog_rate_limit rl
                    = VLOG_RATE_LIMIT_INIT(1, 5);

                VLOG_WARN_RL(&rl, "IOAM6_Namespace %"PRIu16": %s",
                             ns->cfg.id, error);
                free(error);
            }
        }
    }

    snapshot_destroy(&current);
    current = *new;
    /* 'current' took over the contents of the containers, whose heads hold
     * pointers to themselves. */
    shash_moved(&current.ifaces);
    hmap_moved(&current.namespaces);
}

void
ioam6_ovsdb_reconfigure(const struct ovsdb_idl *idl,
                        const struct ovsrec_open_vswitch *cfg)
{
    struct ioam6_snapshot snap;

    snapshot_init(&snap);
    read_open_vswitch(cfg, &snap);
    read_interfaces(idl, &snap);
    read_schemas(idl, &snap);
    read_namespaces(idl, &snap);
    snapshot_apply(&snap);
}

/* For ovs-appctl ioam6/show. */

void
ioam6_ovsdb_schemas_format(struct ds *s)
{
    for (size_t i = 0; i < current.n_schemas; i++) {
        const struct snap_schema *schema = &current.schemas[i];

        ds_put_format(s, "schema %"PRIu32": ", schema->id);
        if (schema->ns_id >= 0) {
            ds_put_format(s, "namespace %d", schema->ns_id);
        } else {
            ds_put_cstr(s, "no namespace");
        }
        ds_put_format(s, ", %"PRIuSIZE" bytes: ", strlen(schema->data));
        json_string_escape(schema->data, s);
        ds_put_char(s, '\n');
    }
}

struct json *
ioam6_ovsdb_schemas_to_json(void)
{
    struct json *json = json_object_create();

    for (size_t i = 0; i < current.n_schemas; i++) {
        const struct snap_schema *schema = &current.schemas[i];
        struct json *obj = json_object_create();
        char key[16];

        json_object_put_string(obj, "data", schema->data);
        if (schema->ns_id >= 0) {
            json_object_put(obj, "namespace",
                            json_integer_create(schema->ns_id));
        }
        snprintf(key, sizeof key, "%"PRIu32, schema->id);
        json_object_put(json, key, obj);
    }
    return json;
}
