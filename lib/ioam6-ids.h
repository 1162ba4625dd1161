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

#ifndef IOAM6_IDS_H
#define IOAM6_IDS_H 1

/* This switch's IOAM node identifiers and per-interface identifiers.
 *
 * ovs-vswitchd sets them from its configuration; flow translation reads
 * them and builds them into the fill_ioam6 datapath actions.  Every change
 * bumps ioam6_ids_seq(), so that translations that used the old values are
 * redone.  Unset identifiers read as the "unavailable" values of RFC 9197
 * (IOAM6_NODE_ID_NONE and friends). */

#include <stdbool.h>
#include <stdint.h>

struct ds;
struct json;

void ioam6_node_set(uint32_t id, uint64_t id_wide);
void ioam6_node_get(uint32_t *id, uint64_t *id_wide);

void ioam6_iface_set(const char *name, uint16_t id, uint32_t id_wide);
void ioam6_iface_del(const char *name);
void ioam6_iface_get(const char *name, uint16_t *id, uint32_t *id_wide);
void ioam6_ids_format(struct ds *);
struct json *ioam6_ids_to_json(void);

uint64_t ioam6_ids_seq(void);

#endif /* ioam6-ids.h */
