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

#ifndef OFPROTO_DPIF_IOAM6_H
#define OFPROTO_DPIF_IOAM6_H 1

#include <stdbool.h>
#include <stdint.h>
#include "openvswitch/ofp-errors.h"

struct dpif;
struct ofpact;

bool ofproto_dpif_ioam6_supported(const struct dpif *);
enum ofperr ofproto_dpif_ioam6_check(const struct ofpact *, bool supported);
bool ofproto_dpif_ioam6_ids_changed(uint64_t *seqno);

#endif /* ofproto-dpif-ioam6.h */
