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

#ifndef UTILITIES_OVS_VSCTL_IOAM6_H
#define UTILITIES_OVS_VSCTL_IOAM6_H 1

/* ovs-vsctl commands for the IOAM6_Namespace and IOAM6_Schema tables, on
 * the public API of lib/db-ctl-base.h.  They mirror Linux's "ip ioam":
 *
 *     add-ioam6-namespace ID [data=N] [wide=N]   ip ioam namespace add
 *     del-ioam6-namespace ID                     ip ioam namespace del
 *     add-ioam6-schema ID DATA                   ip ioam schema add
 *     del-ioam6-schema ID                        ip ioam schema del
 *     set-ioam6-namespace-schema ID {SCHEMA|none}  ip ioam namespace set
 *
 * They check values with lib/ioam6-config.h, as ovs-vswitchd does, so that
 * a value that these commands accept is never refused later. */

#include <stddef.h>

#include "db-ctl-base.h"

/* The commands, for ctl_register_commands(). */
extern const struct ctl_command_syntax vsctl_ioam6_commands[];

/* Schema data are free text, but the database commands read an unquoted
 * value with spaces as a list of words.  So, in the "create" and "set"
 * commands on table IOAM6_Schema, this takes a 'data' value that does not
 * begin with a double quote literally.  ovs-vsctl calls it on the parsed
 * commands, before it runs them. */
void vsctl_ioam6_quote_args(struct ctl_command *, size_t n_commands);

#endif /* utilities/ovs-vsctl-ioam6.h */
