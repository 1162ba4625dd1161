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
 * identifiers (Open_vSwitch other_config:ioam6-node-id and
 * ioam6-node-id-wide), the interface identifiers (Interface
 * other_config:ioam6-id and ioam6-id-wide) and the IOAM6_Namespace and
 * IOAM6_Schema tables, checks them, and pushes what changed into the
 * registries of lib/ioam6.h and lib/ioam6-ids.h, which the datapath and flow
 * translation read.  An invalid value is logged and refused: the previous
 * valid configuration of its row stays in force.
 *
 * It also provides "ovs-appctl ioam6/show". */

struct ovsdb_idl;
struct ovsrec_open_vswitch;

void ioam6_ovsdb_reconfigure(const struct ovsdb_idl *,
                             const struct ovsrec_open_vswitch *);

#endif /* vswitchd/ioam6-ovsdb.h */
