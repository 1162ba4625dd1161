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
#include "ioam6-ovsdb.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "ioam6.h"
#include "ioam6-config.h"
#include "ioam6-ids.h"
#include "ioam6-odp.h"
#include "lib/vswitch-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "unixctl.h"
#include "util.h"
#include "uuid.h"

VLOG_DEFINE_THIS_MODULE(ioam6_ovsdb);

/* How this module works.
 *
 * The database is read as a whole on every reconfiguration.  For each row
 * that configures something, this module keeps the configuration it last
 * found valid for that row, keyed by what identifies the row: the row UUID
 * for IOAM6_Namespace and IOAM6_Schema, the name for Interface.  A row whose
 * content is invalid keeps that configuration (a new invalid row has none,
 * so it is not applied), and its warning is logged once, not on every
 * reconfiguration.
 *
 * From the rows' configurations, the namespaces are then assembled as the
 * registry of lib/ioam6.h wants them (each with a copy of its schema) and
 * compared with what was pushed last time, so that only the namespaces that
 * changed are replaced.  Namespaces that this module did not push (those of
 * the ioam6/ns-set test command, for example) are left alone. */

/* Logs 'msg' as a warning unless it is 'last', the warning that was logged
 * last time for the same row.  Takes ownership of 'msg' and returns it. */
static char *
warn_once(char *msg, const char *last)
{
    if (!last || strcmp(msg, last)) {
        VLOG_WARN("%s", msg);
    }
    return msg;
}

/* Refuses the new content of the row that 'what' names, for 'error', which
 * this function frees.  'old_applied' and 'old_warning' are what the row had
 * before: whether a valid configuration of it was in force, and the warning
 * last logged about it.  Logs "WHAT: ERROR; KEPT" if that configuration stays
 * in force, "WHAT: ERROR; DROPPED" otherwise, unless the same was logged
 * last time, and stores the message in '*warningp'.  Returns true if the old
 * configuration stays, which the caller then copies. */
static bool
refuse_row(const char *what, char *error, bool old_applied,
           const char *old_warning, const char *kept, const char *dropped,
           char **warningp)
{
    char *msg = xasprintf("%s: %s; %s", what, error,
                          old_applied ? kept : dropped);

    free(error);
    *warningp = warn_once(msg, old_warning);
    return old_applied;
}

/* Node identifiers: Open_vSwitch other_config. */

static uint32_t node_id = IOAM6_NODE_ID_NONE;
static uint64_t node_id_wide = IOAM6_NODE_ID_WIDE_NONE;
static char *node_warning;

/* Parses the value of 'key' in 'other_config' into '*valuep', which is left
 * as it is if 'key' is not set.  Returns NULL or an error message that names
 * 'key'. */
static char *
parse_other_config(const struct smap *other_config, const char *key,
                   uint64_t max, uint64_t *valuep)
{
    const char *s = smap_get(other_config, key);
    char *error, *msg;

    if (!s) {
        return NULL;
    }
    error = ioam6_config_parse_uint(s, max, valuep);
    if (!error) {
        return NULL;
    }
    msg = xasprintf("other_config:%s: %s", key, error);
    free(error);
    return msg;
}

static void
node_reconfigure(const struct ovsrec_open_vswitch *cfg)
{
    uint64_t id = IOAM6_NODE_ID_NONE;
    uint64_t id_wide = IOAM6_NODE_ID_WIDE_NONE;
    char *error;

    error = parse_other_config(&cfg->other_config, "ioam6-node-id",
                               IOAM6_NODE_ID_NONE, &id);
    if (!error) {
        error = parse_other_config(&cfg->other_config, "ioam6-node-id-wide",
                                   IOAM6_NODE_ID_WIDE_NONE, &id_wide);
    }

    if (error) {
        char *msg = xasprintf("Open_vSwitch: %s; keeping the previous node "
                              "identifiers", error);

        free(error);
        msg = warn_once(msg, node_warning);
        free(node_warning);
        node_warning = msg;
        return;
    }

    free(node_warning);
    node_warning = NULL;
    if (id != node_id || id_wide != node_id_wide) {
        node_id = id;
        node_id_wide = id_wide;
        ioam6_node_set(node_id, node_id_wide);
    }
}

/* Interface identifiers: Interface other_config, by interface name. */

struct ioam6_iface {
    bool applied;               /* False if no valid ids were ever found. */
    uint16_t id;
    uint32_t id_wide;
    char *warning;              /* Last warning logged, or NULL. */
};

/* Contains "struct ioam6_iface"s, for the interfaces that have at least one
 * of the two keys. */
static struct shash ifaces = SHASH_INITIALIZER(&ifaces);

static void
iface_destroy(void *iface_)
{
    struct ioam6_iface *iface = iface_;

    if (iface) {
        free(iface->warning);
        free(iface);
    }
}

static struct ioam6_iface *
iface_create(const struct ovsrec_interface *row,
             const struct ioam6_iface *old)
{
    struct ioam6_iface *iface = xzalloc(sizeof *iface);
    uint64_t id = IOAM6_IF_ID_NONE;
    uint64_t id_wide = IOAM6_IF_ID_WIDE_NONE;
    char *error;

    error = parse_other_config(&row->other_config, "ioam6-id",
                               IOAM6_IF_ID_NONE, &id);
    if (!error) {
        error = parse_other_config(&row->other_config, "ioam6-id-wide",
                                   IOAM6_IF_ID_WIDE_NONE, &id_wide);
    }

    if (!error) {
        iface->applied = true;
        iface->id = id;
        iface->id_wide = id_wide;
    } else {
        char *what = xasprintf("Interface %s", row->name);

        if (refuse_row(what, error, old && old->applied,
                       old ? old->warning : NULL,
                       "keeping its previous IOAM6 identifiers",
                       "its IOAM6 identifiers are not applied",
                       &iface->warning)) {
            iface->applied = true;
            iface->id = old->id;
            iface->id_wide = old->id_wide;
        }
        free(what);
    }
    return iface;
}

static void
ifaces_reconfigure(const struct ovsdb_idl *idl)
{
    struct shash new_ifaces = SHASH_INITIALIZER(&new_ifaces);
    const struct ovsrec_interface *row;
    struct shash_node *node;

    OVSREC_INTERFACE_FOR_EACH (row, idl) {
        if (!smap_get(&row->other_config, "ioam6-id")
            && !smap_get(&row->other_config, "ioam6-id-wide")) {
            continue;
        }
        if (shash_find(&new_ifaces, row->name)) {
            /* bridge.c refuses the duplicate name. */
            continue;
        }
        shash_add(&new_ifaces, row->name,
                  iface_create(row, shash_find_data(&ifaces, row->name)));
    }

    SHASH_FOR_EACH (node, &ifaces) {
        const struct ioam6_iface *old = node->data;
        const struct ioam6_iface *new = shash_find_data(&new_ifaces,
                                                        node->name);

        if (old->applied && (!new || !new->applied)) {
            ioam6_iface_del(node->name);
        }
    }
    SHASH_FOR_EACH (node, &new_ifaces) {
        const struct ioam6_iface *new = node->data;
        const struct ioam6_iface *old = shash_find_data(&ifaces, node->name);

        if (new->applied
            && (!old || !old->applied
                || old->id != new->id || old->id_wide != new->id_wide)) {
            ioam6_iface_set(node->name, new->id, new->id_wide);
        }
    }

    SHASH_FOR_EACH (node, &ifaces) {
        iface_destroy(node->data);
    }
    shash_clear(&ifaces);
    shash_swap(&ifaces, &new_ifaces);
    shash_destroy(&new_ifaces);
}

/* IOAM6_Schema rows, by row UUID. */

struct ioam6_schema_row {
    struct hmap_node node;      /* In 'schema_rows'. */
    struct uuid uuid;           /* Row UUID. */
    bool applied;               /* False if never valid: no 'id', 'data'. */
    uint32_t id;
    char *data;                 /* Null-terminated, IOAM6_MAX_SCHEMA_DATA_LEN
                                 * bytes at most. */
    char *warning;              /* Last warning logged, or NULL. */
};

static struct hmap schema_rows = HMAP_INITIALIZER(&schema_rows);

static struct ioam6_schema_row *
schema_row_find(const struct hmap *rows, const struct uuid *uuid)
{
    struct ioam6_schema_row *sr;

    HMAP_FOR_EACH_WITH_HASH (sr, node, uuid_hash(uuid), rows) {
        if (uuid_equals(&sr->uuid, uuid)) {
            return sr;
        }
    }
    return NULL;
}

static void
schema_rows_clear(struct hmap *rows)
{
    struct ioam6_schema_row *sr;

    HMAP_FOR_EACH_POP (sr, node, rows) {
        free(sr->data);
        free(sr->warning);
        free(sr);
    }
}

static void
schemas_reconfigure(const struct ovsdb_idl *idl)
{
    struct hmap new_rows = HMAP_INITIALIZER(&new_rows);
    const struct ovsrec_ioam6_schema *row;

    OVSREC_IOAM6_SCHEMA_FOR_EACH (row, idl) {
        const struct ioam6_schema_row *old;
        struct ioam6_schema_row *sr;
        char *error = NULL;

        old = schema_row_find(&schema_rows, &row->header_.uuid);
        sr = xzalloc(sizeof *sr);
        sr->uuid = row->header_.uuid;
        hmap_insert(&new_rows, &sr->node, uuid_hash(&sr->uuid));

        if (row->id < 0 || row->id > IOAM6_SCHEMA_ID_MAX) {
            error = xasprintf("id: %"PRId64" is out of range (0 to 0x%x)",
                              row->id, IOAM6_SCHEMA_ID_MAX);
        } else {
            char *data_error = ioam6_config_check_schema_data(row->data);

            if (data_error) {
                error = xasprintf("data: %s", data_error);
                free(data_error);
            }
        }

        if (!error) {
            sr->applied = true;
            sr->id = row->id;
            sr->data = xstrdup(row->data);
        } else {
            char *what = xasprintf("IOAM6_Schema %"PRId64, row->id);

            if (refuse_row(what, error, old && old->applied,
                           old ? old->warning : NULL,
                           "keeping the previous configuration of this "
                           "schema", "this schema is not applied",
                           &sr->warning)) {
                sr->applied = true;
                sr->id = old->id;
                sr->data = xstrdup(old->data);
            }
            free(what);
        }
    }

    schema_rows_clear(&schema_rows);
    hmap_swap(&schema_rows, &new_rows);
    hmap_destroy(&new_rows);
}

/* IOAM6_Namespace rows, by row UUID. */

struct ioam6_ns_row {
    struct hmap_node node;      /* In 'ns_rows'. */
    struct uuid uuid;           /* Row UUID. */
    bool applied;               /* False if never valid: the rest unused. */
    uint16_t id;
    uint32_t data;
    uint64_t data_wide;
    bool has_schema;
    struct uuid schema_uuid;    /* IOAM6_Schema row UUID, if 'has_schema'. */
    char *warning;              /* Last warning logged, or NULL. */
};

static struct hmap ns_rows = HMAP_INITIALIZER(&ns_rows);

static struct ioam6_ns_row *
ns_row_find(const struct hmap *rows, const struct uuid *uuid)
{
    struct ioam6_ns_row *nr;

    HMAP_FOR_EACH_WITH_HASH (nr, node, uuid_hash(uuid), rows) {
        if (uuid_equals(&nr->uuid, uuid)) {
            return nr;
        }
    }
    return NULL;
}

static void
ns_rows_clear(struct hmap *rows)
{
    struct ioam6_ns_row *nr;

    HMAP_FOR_EACH_POP (nr, node, rows) {
        free(nr->warning);
        free(nr);
    }
}

/* The namespace that a schema is attached to: at most one (1:1 binding). */
struct ioam6_schema_owner {
    struct hmap_node node;      /* By 'schema_uuid'. */
    struct uuid schema_uuid;    /* IOAM6_Schema row UUID. */
    const struct ovsrec_ioam6_namespace *ns;
};

static struct ioam6_schema_owner *
schema_owner_find(const struct hmap *owners, const struct uuid *schema_uuid)
{
    struct ioam6_schema_owner *o;

    HMAP_FOR_EACH_WITH_HASH (o, node, uuid_hash(schema_uuid), owners) {
        if (uuid_equals(&o->schema_uuid, schema_uuid)) {
            return o;
        }
    }
    return NULL;
}

static void
schema_owner_add(struct hmap *owners, const struct uuid *schema_uuid,
                 const struct ovsrec_ioam6_namespace *ns)
{
    if (!schema_owner_find(owners, schema_uuid)) {
        struct ioam6_schema_owner *o = xmalloc(sizeof *o);

        o->schema_uuid = *schema_uuid;
        o->ns = ns;
        hmap_insert(owners, &o->node, uuid_hash(schema_uuid));
    }
}

static int
compare_ns_rows_by_id(const void *a_, const void *b_)
{
    const struct ovsrec_ioam6_namespace *const *a = a_;
    const struct ovsrec_ioam6_namespace *const *b = b_;

    return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

/* Returns the namespace rows of 'idl' sorted by id, in a malloc()ed array
 * of '*n' elements. */
static const struct ovsrec_ioam6_namespace **
get_sorted_ns_rows(const struct ovsdb_idl *idl, size_t *n)
{
    const struct ovsrec_ioam6_namespace **rows = NULL;
    const struct ovsrec_ioam6_namespace *row;
    size_t allocated = 0;

    *n = 0;
    OVSREC_IOAM6_NAMESPACE_FOR_EACH (row, idl) {
        if (*n >= allocated) {
            rows = x2nrealloc(rows, &allocated, sizeof *rows);
        }
        rows[(*n)++] = row;
    }
    if (*n) {
        qsort(rows, *n, sizeof *rows, compare_ns_rows_by_id);
    }
    return rows;
}

/* Decides which namespace each schema referred to belongs to.  A namespace
 * that has a schema in force keeps it; otherwise the namespace with the
 * smallest id gets it. */
static void
get_schema_owners(const struct ovsrec_ioam6_namespace **rows, size_t n,
                  struct hmap *owners)
{
    for (size_t i = 0; i < n; i++) {
        const struct ioam6_ns_row *old;

        if (!rows[i]->schema) {
            continue;
        }
        old = ns_row_find(&ns_rows, &rows[i]->header_.uuid);
        if (old && old->applied && old->has_schema
            && uuid_equals(&old->schema_uuid,
                           &rows[i]->schema->header_.uuid)) {
            schema_owner_add(owners, &rows[i]->schema->header_.uuid,
                             rows[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (rows[i]->schema) {
            schema_owner_add(owners, &rows[i]->schema->header_.uuid,
                             rows[i]);
        }
    }
}

/* Parses IOAM6_Namespace column 'column', whose value is 's' (NULL if
 * empty), into '*valuep', which is left as it is if 's' is NULL.  Returns
 * NULL or an error message that names the column. */
static char *
parse_ns_column(const char *column, const char *s, uint64_t max,
                uint64_t *valuep)
{
    char *error, *msg;

    if (!s) {
        return NULL;
    }
    error = ioam6_config_parse_uint(s, max, valuep);
    if (!error) {
        return NULL;
    }
    msg = xasprintf("%s: %s", column, error);
    free(error);
    return msg;
}

static struct ioam6_ns_row *
ns_row_create(const struct ovsrec_ioam6_namespace *row,
              const struct hmap *owners)
{
    const struct ioam6_ns_row *old = ns_row_find(&ns_rows,
                                                 &row->header_.uuid);
    struct ioam6_ns_row *nr = xzalloc(sizeof *nr);
    uint64_t data = UINT32_MAX;
    uint64_t data_wide = UINT64_MAX;
    char *error;

    nr->uuid = row->header_.uuid;

    error = parse_ns_column("data", row->data, UINT32_MAX, &data);
    if (!error) {
        error = parse_ns_column("data_wide", row->data_wide, UINT64_MAX,
                                &data_wide);
    }
    if (!error && (row->id < 0 || row->id > UINT16_MAX)) {
        error = xasprintf("id: %"PRId64" is out of range (0 to 0xffff)",
                          row->id);
    }
    if (!error && row->schema) {
        const struct ioam6_schema_owner *o;

        o = schema_owner_find(owners, &row->schema->header_.uuid);
        if (o->ns != row) {
            error = xasprintf("schema: schema %"PRId64" is already attached "
                              "to namespace %"PRId64, row->schema->id,
                              o->ns->id);
        }
    }

    if (!error) {
        nr->applied = true;
        nr->id = row->id;
        nr->data = data;
        nr->data_wide = data_wide;
        nr->has_schema = row->schema != NULL;
        if (row->schema) {
            nr->schema_uuid = row->schema->header_.uuid;
        }
    } else {
        char *what = xasprintf("IOAM6_Namespace %"PRId64, row->id);

        if (refuse_row(what, error, old && old->applied,
                       old ? old->warning : NULL,
                       "keeping the previous configuration of this "
                       "namespace", "this namespace is not applied",
                       &nr->warning)) {
            nr->applied = true;
            nr->id = old->id;
            nr->data = old->data;
            nr->data_wide = old->data_wide;
            nr->has_schema = old->has_schema;
            nr->schema_uuid = old->schema_uuid;
        }
        free(what);
    }
    return nr;
}

/* The namespaces as pushed into the registry, by namespace id. */

struct ioam6_ns_entry {
    struct hmap_node node;      /* By 'id'. */
    uint16_t id;
    uint32_t data;
    uint64_t data_wide;
    bool has_schema;
    struct uuid schema_uuid;    /* IOAM6_Schema row, if 'has_schema'. */
    uint32_t schema_id;         /* If 'has_schema'. */
    char *schema_data;          /* If 'has_schema'. */
};

static struct hmap ns_entries = HMAP_INITIALIZER(&ns_entries);

static struct ioam6_ns_entry *
ns_entry_find(const struct hmap *entries, uint16_t id)
{
    struct ioam6_ns_entry *e;

    HMAP_FOR_EACH_WITH_HASH (e, node, hash_int(id, 0), entries) {
        if (e->id == id) {
            return e;
        }
    }
    return NULL;
}

static void
ns_entries_clear(struct hmap *entries)
{
    struct ioam6_ns_entry *e;

    HMAP_FOR_EACH_POP (e, node, entries) {
        free(e->schema_data);
        free(e);
    }
}

static bool
ns_entry_equal(const struct ioam6_ns_entry *a, const struct ioam6_ns_entry *b)
{
    return (a->data == b->data
            && a->data_wide == b->data_wide
            && a->has_schema == b->has_schema
            && (!a->has_schema
                || (a->schema_id == b->schema_id
                    && uuid_equals(&a->schema_uuid, &b->schema_uuid)
                    && !strcmp(a->schema_data, b->schema_data))));
}

/* Adds to 'entries' the namespace that 'nr', the configuration in force for
 * namespace row 'row', describes, unless its id is taken. */
static void
ns_entry_add(struct hmap *entries, const struct ioam6_ns_row *nr,
             const struct ovsrec_ioam6_namespace *row,
             const struct hmap *owners)
{
    const struct ioam6_schema_row *sr = NULL;
    struct ioam6_ns_entry *e;

    if (ns_entry_find(entries, nr->id)) {
        return;
    }

    if (nr->has_schema) {
        const struct ioam6_schema_owner *o;

        /* The schema must still exist, be valid, and not have gone to
         * another namespace (if 'nr' is an old configuration). */
        sr = schema_row_find(&schema_rows, &nr->schema_uuid);
        o = schema_owner_find(owners, &nr->schema_uuid);
        if (!sr || !sr->applied || (o && o->ns != row)) {
            sr = NULL;
        }
    }

    e = xzalloc(sizeof *e);
    e->id = nr->id;
    e->data = nr->data;
    e->data_wide = nr->data_wide;
    if (sr) {
        e->has_schema = true;
        e->schema_uuid = sr->uuid;
        e->schema_id = sr->id;
        e->schema_data = xstrdup(sr->data);
    }
    hmap_insert(entries, &e->node, hash_int(e->id, 0));
}

/* Pushes into the registry the differences between 'ns_entries', what was
 * pushed last time, and 'entries', then makes 'entries' the new
 * 'ns_entries'. */
static void
ns_entries_push(struct hmap *entries)
{
    struct ioam6_ns_entry *e;

    HMAP_FOR_EACH (e, node, &ns_entries) {
        if (!ns_entry_find(entries, e->id)) {
            ioam6_ns_del(e->id);
        }
    }
    HMAP_FOR_EACH (e, node, entries) {
        const struct ioam6_ns_entry *old = ns_entry_find(&ns_entries, e->id);

        if (!old || !ns_entry_equal(old, e)) {
            struct ioam6_ns_config cfg = {
                .id = e->id,
                .data = e->data,
                .data_wide = e->data_wide,
                .has_schema = e->has_schema,
                .schema_id = e->schema_id,
                .schema_data = (const uint8_t *) e->schema_data,
                .schema_len = e->has_schema ? strlen(e->schema_data) : 0,
            };
            char *error = ioam6_ns_set(&cfg);

            if (error) {
                /* Not expected: the configuration was checked. */
                VLOG_WARN("IOAM6_Namespace %"PRIu16": %s", e->id, error);
                free(error);
            }
        }
    }

    ns_entries_clear(&ns_entries);
    hmap_swap(&ns_entries, entries);
}

static void
namespaces_reconfigure(const struct ovsdb_idl *idl)
{
    struct hmap new_rows = HMAP_INITIALIZER(&new_rows);
    struct hmap entries = HMAP_INITIALIZER(&entries);
    struct hmap owners = HMAP_INITIALIZER(&owners);
    const struct ovsrec_ioam6_namespace **rows;
    struct ioam6_ns_row **nrs;
    struct ioam6_schema_owner *o;
    size_t n;

    rows = get_sorted_ns_rows(idl, &n);
    get_schema_owners(rows, n, &owners);

    nrs = xmalloc((n + 1) * sizeof *nrs);
    for (size_t i = 0; i < n; i++) {
        nrs[i] = ns_row_create(rows[i], &owners);
        hmap_insert(&new_rows, &nrs[i]->node, uuid_hash(&nrs[i]->uuid));
    }

    /* The namespaces whose configuration in force has the row's current id
     * come first: an old configuration of another row, kept because that
     * row is invalid now, cannot take their id. */
    for (size_t i = 0; i < n; i++) {
        if (nrs[i]->applied && nrs[i]->id == rows[i]->id) {
            ns_entry_add(&entries, nrs[i], rows[i], &owners);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (nrs[i]->applied && nrs[i]->id != rows[i]->id) {
            ns_entry_add(&entries, nrs[i], rows[i], &owners);
        }
    }
    ns_entries_push(&entries);
    hmap_destroy(&entries);

    ns_rows_clear(&ns_rows);
    hmap_swap(&ns_rows, &new_rows);
    hmap_destroy(&new_rows);

    HMAP_FOR_EACH_POP (o, node, &owners) {
        free(o);
    }
    hmap_destroy(&owners);
    free(nrs);
    free(rows);
}

/* ovs-appctl ioam6/show. */

/* Returns the namespace that schema row 'sr' is attached to in the
 * registry, or NULL. */
static const struct ioam6_ns_entry *
schema_row_namespace(const struct ioam6_schema_row *sr)
{
    const struct ioam6_ns_entry *e;

    HMAP_FOR_EACH (e, node, &ns_entries) {
        if (e->has_schema && uuid_equals(&e->schema_uuid, &sr->uuid)) {
            return e;
        }
    }
    return NULL;
}

static int
compare_schema_rows_by_id(const void *a_, const void *b_)
{
    const struct ioam6_schema_row *const *a = a_;
    const struct ioam6_schema_row *const *b = b_;

    return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

static void
schemas_format(struct ds *s)
{
    const struct ioam6_schema_row **list;
    const struct ioam6_schema_row *sr;
    size_t n = 0;

    list = xmalloc((hmap_count(&schema_rows) + 1) * sizeof *list);
    HMAP_FOR_EACH (sr, node, &schema_rows) {
        if (sr->applied) {
            list[n++] = sr;
        }
    }
    qsort(list, n, sizeof *list, compare_schema_rows_by_id);

    for (size_t i = 0; i < n; i++) {
        const struct ioam6_ns_entry *ns;

        sr = list[i];
        ns = schema_row_namespace(sr);
        ds_put_format(s, "schema %"PRIu32": ", sr->id);
        if (ns) {
            ds_put_format(s, "namespace %"PRIu16, ns->id);
        } else {
            ds_put_cstr(s, "no namespace");
        }
        ds_put_format(s, ", %"PRIuSIZE" bytes: ", strlen(sr->data));
        json_string_escape(sr->data, s);
        ds_put_char(s, '\n');
    }
    free(list);
}

/* Returns the applied schemas as a JSON object, keyed by schema id:
 * {"777": {"data": "...", "namespace": 123}, ...}, without "namespace" for
 * a schema that no namespace uses. */
static struct json *
schemas_to_json(void)
{
    struct json *json = json_object_create();
    const struct ioam6_schema_row *sr;

    HMAP_FOR_EACH (sr, node, &schema_rows) {
        if (sr->applied) {
            const struct ioam6_ns_entry *ns = schema_row_namespace(sr);
            struct json *obj = json_object_create();
            char key[16];

            json_object_put_string(obj, "data", sr->data);
            if (ns) {
                json_object_put(obj, "namespace",
                                json_integer_create(ns->id));
            }
            snprintf(key, sizeof key, "%"PRIu32, sr->id);
            json_object_put(json, key, obj);
        }
    }
    return json;
}

static void
ioam6_ovsdb_unixctl_show(struct unixctl_conn *conn, int argc,
                         const char *argv[], void *aux OVS_UNUSED)
{
    if (argc > 1 && strcmp(argv[1], "--json")) {
        unixctl_command_reply_error(conn, "unknown option (use --json)");
        return;
    }

    if (argc > 1) {
        struct json *json = ioam6_ids_to_json();

        json_object_put(json, "namespaces", ioam6_ns_to_json());
        json_object_put(json, "schemas", schemas_to_json());
        json_object_put(json, "counters", ioam6_counters_to_json());
        json_object_put(json, "samplers",
                        json_integer_create(ioam6_sampler_count()));

        char *reply = json_to_string(json, JSSF_SORT | JSSF_PRETTY);
        unixctl_command_reply(conn, reply);
        free(reply);
        json_destroy(json);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        ioam6_ids_format(&s);
        ioam6_ns_format(&s);
        schemas_format(&s);
        ioam6_counters_format(&s);
        ds_put_format(&s, "samplers: %"PRIuSIZE"\n", ioam6_sampler_count());
        unixctl_command_reply(conn, ds_cstr(&s));
        ds_destroy(&s);
    }
}

void
ioam6_ovsdb_reconfigure(const struct ovsdb_idl *idl,
                        const struct ovsrec_open_vswitch *cfg)
{
    static bool registered;

    if (!registered) {
        unixctl_command_register("ioam6/show", "[--json]", 0, 1,
                                 ioam6_ovsdb_unixctl_show, NULL);
        registered = true;
    }

    node_reconfigure(cfg);
    ifaces_reconfigure(idl);
    schemas_reconfigure(idl);
    namespaces_reconfigure(idl);
}
