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

/* This file implements the ovs-vsctl commands of IOAM6 (see
 * ovs-vsctl-ioam6.h). */

#include <config.h>
#include "ovs-vsctl-ioam6.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ioam6-config.h"
#include "lib/vswitch-idl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"

static void
pre_ioam6(struct ctl_context *ctx)
{
    ovsdb_idl_add_column(ctx->idl, &ovsrec_ioam6_namespace_col_id);
    ovsdb_idl_add_column(ctx->idl, &ovsrec_ioam6_namespace_col_data);
    ovsdb_idl_add_column(ctx->idl, &ovsrec_ioam6_namespace_col_data_wide);
    ovsdb_idl_add_column(ctx->idl, &ovsrec_ioam6_namespace_col_schema);
    ovsdb_idl_add_column(ctx->idl, &ovsrec_ioam6_schema_col_id);
    ovsdb_idl_add_column(ctx->idl, &ovsrec_ioam6_schema_col_data);
}

/* Exits with 'error', if it is nonnull. */
static void
check(char *error)
{
    if (error) {
        ctl_fatal("%s", error);
    }
}

static const struct ovsrec_ioam6_namespace *
ioam6_find_namespace(struct ctl_context *ctx, int64_t id)
{
    const struct ovsrec_ioam6_namespace *ns;

    OVSREC_IOAM6_NAMESPACE_FOR_EACH (ns, ctx->idl) {
        if (ns->id == id) {
            return ns;
        }
    }
    return NULL;
}

static const struct ovsrec_ioam6_schema *
ioam6_find_schema(struct ctl_context *ctx, int64_t id)
{
    const struct ovsrec_ioam6_schema *sc;

    OVSREC_IOAM6_SCHEMA_FOR_EACH (sc, ctx->idl) {
        if (sc->id == id) {
            return sc;
        }
    }
    return NULL;
}

/* add-ioam6-namespace ID [data=N] [wide=N] */
static void
cmd_add_ioam6_namespace(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct ovsrec_ioam6_namespace *ns;
    const char *data = NULL, *wide = NULL;
    uint16_t id;

    check(ioam6_config_parse_ns_id("namespace id", ctx->argv[1], &id));
    for (int i = 2; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];
        uint32_t data_value;
        uint64_t wide_value;

        if (!strncmp(arg, "data=", 5)) {
            data = arg + 5;
            check(ioam6_config_parse_ns_data("data", data, &data_value));
        } else if (!strncmp(arg, "wide=", 5)) {
            wide = arg + 5;
            check(ioam6_config_parse_ns_data_wide("wide", wide,
                                                  &wide_value));
        } else {
            ctl_fatal("invalid argument '%s' (expected data=N or wide=N)",
                      arg);
        }
    }

    ns = ioam6_find_namespace(ctx, id);
    if (ns && !may_exist) {
        ctl_fatal("namespace %"PRIu16" already exists", id);
    }
    if (!ns) {
        ns = ovsrec_ioam6_namespace_insert(ctx->txn);
        ovsrec_ioam6_namespace_set_id(ns, id);
    }
    if (data) {
        ovsrec_ioam6_namespace_set_data(ns, data);
    }
    if (wide) {
        ovsrec_ioam6_namespace_set_data_wide(ns, wide);
    }
}

/* del-ioam6-namespace ID */
static void
cmd_del_ioam6_namespace(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct ovsrec_ioam6_namespace *ns;
    uint16_t id;

    check(ioam6_config_parse_ns_id("namespace id", ctx->argv[1], &id));
    ns = ioam6_find_namespace(ctx, id);
    if (ns) {
        ovsrec_ioam6_namespace_delete(ns);
    } else if (must_exist) {
        ctl_fatal("namespace %"PRIu16" does not exist", id);
    }
}

/* add-ioam6-schema ID DATA */
static void
cmd_add_ioam6_schema(struct ctl_context *ctx)
{
    bool may_exist = shash_find(&ctx->options, "--may-exist") != NULL;
    const struct ovsrec_ioam6_schema *sc;
    const char *data = ctx->argv[2];
    uint32_t id;

    check(ioam6_config_parse_schema_id("schema id", ctx->argv[1], &id));
    check(ioam6_config_check_schema_data("schema data", data));

    sc = ioam6_find_schema(ctx, id);
    if (sc && !may_exist) {
        ctl_fatal("schema %"PRIu32" already exists", id);
    }
    if (!sc) {
        sc = ovsrec_ioam6_schema_insert(ctx->txn);
        ovsrec_ioam6_schema_set_id(sc, id);
    }
    ovsrec_ioam6_schema_set_data(sc, data);
}

/* del-ioam6-schema ID
 *
 * The database detaches the schema from its namespace, if any, because
 * IOAM6_Namespace refers to schemas weakly. */
static void
cmd_del_ioam6_schema(struct ctl_context *ctx)
{
    bool must_exist = !shash_find(&ctx->options, "--if-exists");
    const struct ovsrec_ioam6_schema *sc;
    uint32_t id;

    check(ioam6_config_parse_schema_id("schema id", ctx->argv[1], &id));
    sc = ioam6_find_schema(ctx, id);
    if (sc) {
        ovsrec_ioam6_schema_delete(sc);
    } else if (must_exist) {
        ctl_fatal("schema %"PRIu32" does not exist", id);
    }
}

/* set-ioam6-namespace-schema ID {SCHEMA_ID|none}
 *
 * As in Linux, a schema belongs to at most one namespace: attaching it to
 * namespace ID detaches it from any other namespace. */
static void
cmd_set_ioam6_namespace_schema(struct ctl_context *ctx)
{
    const struct ovsrec_ioam6_namespace *ns, *other;
    const struct ovsrec_ioam6_schema *sc = NULL;
    uint16_t id;

    check(ioam6_config_parse_ns_id("namespace id", ctx->argv[1], &id));
    ns = ioam6_find_namespace(ctx, id);
    if (!ns) {
        ctl_fatal("namespace %"PRIu16" does not exist", id);
    }

    if (strcmp(ctx->argv[2], "none")) {
        uint32_t sc_id;

        check(ioam6_config_parse_schema_id("schema id", ctx->argv[2],
                                           &sc_id));
        sc = ioam6_find_schema(ctx, sc_id);
        if (!sc) {
            ctl_fatal("schema %"PRIu32" does not exist", sc_id);
        }
        OVSREC_IOAM6_NAMESPACE_FOR_EACH (other, ctx->idl) {
            if (other != ns && other->schema == sc) {
                ovsrec_ioam6_namespace_set_schema(other, NULL);
            }
        }
    }
    ovsrec_ioam6_namespace_set_schema(ns, sc);
}

/* "create IOAM6_Schema id=777 data=\"two words\"" reaches ovs-vsctl as the
 * argument 'data=two words', which would fail with "2 value(s) specified
 * but the maximum number is 1".  This quotes such a value, as if the user
 * had quoted it for ovs-vsctl too.  A value that begins with a double quote
 * is left for the usual parser, which unquotes it and reads its backslash
 * escapes. */
void
vsctl_ioam6_quote_args(struct ctl_command *commands, size_t n_commands)
{
    for (size_t i = 0; i < n_commands; i++) {
        struct ctl_command *c = &commands[i];
        int first;

        if (!strcmp(c->syntax->name, "create")) {
            first = 2;          /* create TABLE COLUMN=VALUE... */
        } else if (!strcmp(c->syntax->name, "set")) {
            first = 3;          /* set TABLE RECORD COLUMN=VALUE... */
        } else {
            continue;
        }
        if (c->argc <= first || strcasecmp(c->argv[1], "IOAM6_Schema")) {
            continue;
        }

        for (int j = first; j < c->argc; j++) {
            const char *value;

            if (strncmp(c->argv[j], "data=", strlen("data="))) {
                continue;
            }
            value = c->argv[j] + strlen("data=");
            if (*value != '"') {
                struct ds quoted = DS_EMPTY_INITIALIZER;

                ds_put_cstr(&quoted, "data=");
                json_string_escape(value, &quoted);
                c->argv[j] = ds_steal_cstr(&quoted);
            }
        }
    }
}

const struct ctl_command_syntax vsctl_ioam6_commands[] = {
    {"add-ioam6-namespace", 1, 3, "ARG [KEY=VALUE]...", pre_ioam6,
     cmd_add_ioam6_namespace, NULL, "--may-exist", RW},
    {"del-ioam6-namespace", 1, 1, "ARG", pre_ioam6, cmd_del_ioam6_namespace,
     NULL, "--if-exists", RW},
    {"add-ioam6-schema", 2, 2, "ARG ARG", pre_ioam6, cmd_add_ioam6_schema,
     NULL, "--may-exist", RW},
    {"del-ioam6-schema", 1, 1, "ARG", pre_ioam6, cmd_del_ioam6_schema, NULL,
     "--if-exists", RW},
    {"set-ioam6-namespace-schema", 2, 2, "ARG ARG", pre_ioam6,
     cmd_set_ioam6_namespace_schema, NULL, "", RW},

    {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, RO},
};
