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
#include "ioam6-unixctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ioam6.h"
#include "openvswitch/dynamic-string.h"
#include "unixctl.h"
#include "util.h"

/* Parses 's' as an unsigned number in C syntax (decimal, 0x hex or 0
 * octal) no greater than 'max' into '*value'.  Returns true if
 * successful. */
static bool
parse_uint(const char *s, unsigned long long max, unsigned long long *value)
{
    return (*s != '-' && *s != '+'
            && str_to_ullong(s, 0, value) && *value <= max);
}

/* Parses 's', "ID:STRING", into the schema fields of 'cfg'.  The schema
 * data are the bytes of STRING, without a terminating null byte; they point
 * into 's'.  Returns NULL if successful, otherwise a malloc()ed error
 * message. */
static char *
parse_schema(const char *s, struct ioam6_ns_config *cfg)
{
    const char *colon = strchr(s, ':');
    unsigned long long id;
    char *id_s;
    bool ok;

    if (!colon) {
        return xasprintf("%s: schema must be ID:STRING", s);
    }
    id_s = xmemdup0(s, colon - s);
    ok = parse_uint(id_s, IOAM6_SCHEMA_ID_MAX, &id);
    free(id_s);
    if (!ok) {
        return xasprintf("%s: schema id must be a number from 0 to %d",
                         s, IOAM6_SCHEMA_ID_MAX);
    }

    cfg->has_schema = true;
    cfg->schema_id = id;
    cfg->schema_data = (const uint8_t *) colon + 1;
    cfg->schema_len = strlen(colon + 1);
    return NULL;
}

/* ioam6/ns-set ID [data=N] [wide=N] [schema=ID:STRING]
 *
 * Adds namespace ID, or replaces it as a whole: omitted data default to all
 * ones, and an omitted schema leaves the namespace without one. */
static void
ioam6_unixctl_ns_set(struct unixctl_conn *conn, int argc, const char *argv[],
                     void *aux OVS_UNUSED)
{
    struct ioam6_ns_config cfg = {
        .data = UINT32_MAX,
        .data_wide = UINT64_MAX,
    };
    unsigned long long u;
    char *error = NULL;

    if (!parse_uint(argv[1], UINT16_MAX, &u)) {
        error = xasprintf("%s: namespace id must be a number from 0 to %d",
                          argv[1], UINT16_MAX);
        goto out;
    }
    cfg.id = u;

    for (int i = 2; i < argc && !error; i++) {
        const char *arg = argv[i];

        if (!strncmp(arg, "data=", 5)) {
            if (parse_uint(arg + 5, UINT32_MAX, &u)) {
                cfg.data = u;
            } else {
                error = xasprintf("%s: data must be a 32-bit number", arg);
            }
        } else if (!strncmp(arg, "wide=", 5)) {
            if (parse_uint(arg + 5, UINT64_MAX, &u)) {
                cfg.data_wide = u;
            } else {
                error = xasprintf("%s: wide must be a 64-bit number", arg);
            }
        } else if (!strncmp(arg, "schema=", 7)) {
            error = parse_schema(arg + 7, &cfg);
        } else {
            error = xasprintf("%s: unknown argument (expected data=N, "
                              "wide=N or schema=ID:STRING)", arg);
        }
    }
    if (!error) {
        error = ioam6_ns_set(&cfg);
    }

out:
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

/* ioam6/ns-del ID */
static void
ioam6_unixctl_ns_del(struct unixctl_conn *conn, int argc OVS_UNUSED,
                     const char *argv[], void *aux OVS_UNUSED)
{
    unsigned long long id;

    if (!parse_uint(argv[1], UINT16_MAX, &id)) {
        unixctl_command_reply_error(conn, "namespace id must be a number "
                                    "from 0 to 65535");
    } else if (!ioam6_ns_del(id)) {
        unixctl_command_reply_error(conn, "no such namespace");
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

/* ioam6/ns-show */
static void
ioam6_unixctl_ns_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ioam6_ns_format(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

void
ioam6_unixctl_register(void)
{
    /* unixctl_command_register() ignores a second registration of the same
     * command with the same callback, so this may run more than once. */
    unixctl_command_register("ioam6/ns-set",
                             "ID [data=N] [wide=N] [schema=ID:STRING]",
                             1, 4, ioam6_unixctl_ns_set, NULL);
    unixctl_command_register("ioam6/ns-del", "ID", 1, 1,
                             ioam6_unixctl_ns_del, NULL);
    unixctl_command_register("ioam6/ns-show", "", 0, 0,
                             ioam6_unixctl_ns_show, NULL);
}

/* Until vswitchd calls ioam6_unixctl_register() itself, register at startup.
 * This only fills unixctl's command table, which needs no initialization,
 * so it may run before main(). */
OVS_CONSTRUCTOR(ioam6_unixctl_init)
{
    ioam6_unixctl_register();
}
