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

#ifndef IOAM6_ODP_H
#define IOAM6_ODP_H 1

/* The datapath ("ODP") edge of IOAM6: the text form of the userspace-only
 * OVS_ACTION_ATTR_IOAM6_* actions, and their execution on a packet batch.
 * lib/odp-util.c and lib/odp-execute.c call in here. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ioam6-trace.h"

struct dp_packet_batch;
struct ds;
struct nlattr;
struct ofpbuf;
struct ovs_action_push_ioam6;
struct ovs_action_fill_ioam6;

int ioam6_odp_action_len(uint16_t type);
void ioam6_format_odp_action(struct ds *, const struct nlattr *);
int ioam6_parse_odp_action(const char *s, struct ofpbuf *actions);
void ioam6_execute_odp_action(struct dp_packet_batch *,
                              const struct nlattr **, unsigned int *left,
                              bool steal);

void ioam6_put_push_action(struct ofpbuf *odp_actions,
                           const struct ovs_action_push_ioam6 *);
void ioam6_put_fill_action(struct ofpbuf *odp_actions,
                           const struct ovs_action_fill_ioam6 *);
void ioam6_put_pop_action(struct ofpbuf *odp_actions,
                          enum ioam6_pop_mode);

#endif /* ioam6-odp.h */
