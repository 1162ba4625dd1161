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

#ifndef IOAM6_UNIXCTL_H
#define IOAM6_UNIXCTL_H 1

/* ovs-appctl commands that edit the IOAM6 namespace registry directly:
 *
 *     ioam6/ns-set ID [data=N] [wide=N] [schema=ID:STRING]
 *     ioam6/ns-del ID
 *     ioam6/ns-show
 *
 * They exist for tests and debugging, until namespaces come from OVSDB.
 * Registration is idempotent. */
void ioam6_unixctl_register(void);

#endif /* ioam6-unixctl.h */
