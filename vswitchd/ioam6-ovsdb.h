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

#ifndef VSWITCHD_IOAM6_OVSDB_H
#define VSWITCHD_IOAM6_OVSDB_H 1

/* ovs-vswitchd's reader of the IOAM6 configuration.
 *
 * On every reconfiguration, ioam6_ovsdb_reconfigure() reads the node
 * identifiers and the receive headroom (Open_vSwitch other_config keys
 * ioam6-node-id, ioam6-node-id-wide and ioam6-rx-headroom), the interface
 * identifiers (Interface other_config keys ioam6-id and ioam6-id-wide) and
 * the IOAM6_Namespace and IOAM6_Schema tables.  It builds the whole new
 * configuration from them, leaving out, with a rate-limited warning, each
 * invalid row or key (an invalid key reads as unset), then applies it to
 * the registries of lib/ioam6-ns.h, lib/ioam6-ids.h and
 * lib/ioam6-headroom.h, which the datapath and flow translation read.  The
 * database is the only writer of these registries in ovs-vswitchd. */

#include <stdint.h>

struct ds;
struct json;
struct ovsdb_idl;
struct ovsrec_open_vswitch;

void ioam6_ovsdb_reconfigure(const struct ovsdb_idl *,
                             const struct ovsrec_open_vswitch *);

/* The schemas in force, each with the namespace it is attached to, for
 * ovs-appctl ioam6/show. */
void ioam6_ovsdb_schemas_format(struct ds *);
struct json *ioam6_ovsdb_schemas_to_json(void);

#endif /* vswitchd/ioam6-ovsdb.h */
