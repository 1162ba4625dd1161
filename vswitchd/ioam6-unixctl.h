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

#ifndef VSWITCHD_IOAM6_UNIXCTL_H
#define VSWITCHD_IOAM6_UNIXCTL_H 1

/* The ovs-appctl commands of IOAM6 in ovs-vswitchd, all read-only:
 *
 *     ioam6/show [--json]    the configuration in force and the counters
 *     ioam6/rx-headroom      the extra receive headroom, in bytes
 *
 * The configuration itself comes from the database only (see
 * vswitchd/ioam6-ovsdb.h).  bridge_init() calls ioam6_unixctl_init(). */

void ioam6_unixctl_init(void);

#endif /* vswitchd/ioam6-unixctl.h */
