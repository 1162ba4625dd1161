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

#ifndef IOAM6_SAMPLER_H
#define IOAM6_SAMPLER_H 1

/* The datapath side of push_ioam6(freq=K/N): a table of packet counters
 * ("samplers"), each named by a 32-bit id that the datapath action carries.
 *
 * Who allocates and frees a sampler is up to the caller: in ovs-vswitchd,
 * ofproto/ofproto-dpif-ioam6.c, for the owner of the flow's translation.
 * Ids are never reused, so a datapath flow that still names a freed sampler
 * selects nothing and does not bring the sampler back. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint32_t ioam6_sampler_alloc(void);
void ioam6_sampler_free(uint32_t id);
size_t ioam6_sampler_count(void);
bool ioam6_sampler_select(uint32_t id, uint32_t freq_k, uint32_t freq_n);

#endif /* ioam6-sampler.h */
