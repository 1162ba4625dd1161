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

/* This file registers the ovs-appctl commands of IOAM6 (see
 * ioam6-unixctl.h). */

#include <config.h>
#include "ioam6-unixctl.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ioam6-headroom.h"
#include "ioam6-ids.h"
#include "ioam6-ns.h"
#include "ioam6-ovsdb.h"
#include "ioam6-sampler.h"
#include "ioam6-trace.h"
#include "ofproto/ofproto-dpif-ipfix-ioam6.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "unixctl.h"
#include "util.h"

/* ioam6/show [--json] */
static void
ioam6_unixctl_show(struct unixctl_conn *conn, int argc, const char *argv[],
                   void *aux OVS_UNUSED)
{
    if (argc > 1 && strcmp(argv[1], "--json")) {
        unixctl_command_reply_error(conn, "unknown option (use --json)");
        return;
    }

    if (argc > 1) {
        struct json *json = ioam6_ids_to_json();

        json_object_put(json, "namespaces", ioam6_ns_to_json());
        json_object_put(json, "schemas", ioam6_ovsdb_schemas_to_json());
        json_object_put(json, "counters", ioam6_counters_to_json());
        json_object_put(json, "ipfix", ioam6_ipfix_counters_to_json());
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
        ioam6_ovsdb_schemas_format(&s);
        ioam6_counters_format(&s);
        ioam6_ipfix_counters_format(&s);
        ds_put_format(&s, "samplers: %"PRIuSIZE"\n", ioam6_sampler_count());
        unixctl_command_reply(conn, ds_cstr(&s));
        ds_destroy(&s);
    }
}

/* ioam6/rx-headroom */
static void
ioam6_unixctl_rx_headroom(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[] OVS_UNUSED,
                          void *aux OVS_UNUSED)
{
    char *reply = xasprintf("%"PRIuSIZE"\n", ioam6_rx_headroom());

    unixctl_command_reply(conn, reply);
    free(reply);
}

void
ioam6_unixctl_init(void)
{
    unixctl_command_register("ioam6/show", "[--json]", 0, 1,
                             ioam6_unixctl_show, NULL);
    unixctl_command_register("ioam6/rx-headroom", "", 0, 0,
                             ioam6_unixctl_rx_headroom, NULL);
}
