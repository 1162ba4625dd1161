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

/* This file's one job: the packet counters behind push_ioam6(freq=K/N).
 *
 * A sampler counts the packets that reach it and selects the first K of
 * every N.  The datapath finds it by id, without a lock, on every packet
 * (a cmap lookup and an atomic add).  Ids come from a 32-bit counter that
 * only goes up: an id, once freed, is never handed out again, so two flows
 * never share a count, and a datapath flow that outlives its sampler (until
 * the revalidators remove it) finds nothing, selects nothing, and does not
 * bring the sampler back.  Samplers are freed after an RCU grace period, so
 * a thread that is using one when it is freed finishes safely.
 *
 * Id 0 names no sampler: every packet is the first of its own count, so it
 * is selected.  Translations that have no owner for a sampler use it.
 *
 * Datapath flows installed from text (ovs-dpctl, tests) may name an id that
 * was never allocated: that sampler is created on its first packet, and
 * allocation skips it while it lives. */

#include <config.h>
#include "ioam6-sampler.h"

#include "cmap.h"
#include "hash.h"
#include "openvswitch/vlog.h"
#include "ovs-atomic.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ioam6_sampler);

struct ioam6_sampler {
    struct cmap_node node;      /* In 'samplers', by hash_int(id, 0). */
    uint32_t id;
    atomic_uint64_t count;      /* Packets that reached the sampler. */
};

static struct ovs_mutex mutex = OVS_MUTEX_INITIALIZER;
static struct cmap samplers = CMAP_INITIALIZER;

/* The next id to allocate.  Every id below it was allocated once (or
 * skipped), and is never allocated again.  Above UINT32_MAX, the ids are
 * used up.  Written under 'mutex', read without it. */
static atomic_uint64_t next_id = 1;

static struct ioam6_sampler *
sampler_find(uint32_t id)
{
    struct ioam6_sampler *s;

    CMAP_FOR_EACH_WITH_HASH (s, node, hash_int(id, 0), &samplers) {
        if (s->id == id) {
            return s;
        }
    }
    return NULL;
}

static struct ioam6_sampler *
sampler_create(uint32_t id)
    OVS_REQUIRES(mutex)
{
    struct ioam6_sampler *s = xzalloc(sizeof *s);

    s->id = id;
    atomic_init(&s->count, 0);
    cmap_insert(&samplers, &s->node, hash_int(id, 0));
    return s;
}

/* Allocates a new sampler and returns its id, which was never used before.
 * Returns 0 (no sampler) if all 2**32 - 1 ids were used. */
uint32_t
ioam6_sampler_alloc(void)
{
    uint64_t id;

    ovs_mutex_lock(&mutex);
    atomic_read_relaxed(&next_id, &id);
    while (id <= UINT32_MAX && sampler_find(id)) {
        id++;                   /* Installed from text: skip it. */
    }
    if (id <= UINT32_MAX) {
        sampler_create(id);
        atomic_store_relaxed(&next_id, id + 1);
    } else {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);

        VLOG_WARN_RL(&rl, "push_ioam6 sampler ids are used up: freq=K/N "
                     "selects every packet of new flows");
        id = 0;
    }
    ovs_mutex_unlock(&mutex);
    return id;
}

/* Frees sampler 'id', if it exists.  Its id is not allocated again. */
void
ioam6_sampler_free(uint32_t id)
{
    struct ioam6_sampler *s;

    ovs_mutex_lock(&mutex);
    s = sampler_find(id);
    if (s) {
        cmap_remove(&samplers, &s->node, hash_int(id, 0));
        ovsrcu_postpone(free, s);
    }
    ovs_mutex_unlock(&mutex);
}

/* Returns the number of samplers. */
size_t
ioam6_sampler_count(void)
{
    return cmap_count(&samplers);
}

/* Returns the sampler with 'id', created if 'id' was never allocated (a
 * flow installed from text names it), or NULL if it was freed. */
static struct ioam6_sampler *
sampler_find_slow(uint32_t id)
{
    struct ioam6_sampler *s;
    uint64_t next;

    atomic_read_relaxed(&next_id, &next);
    if (id < next) {
        return NULL;            /* Freed: stays so. */
    }
    ovs_mutex_lock(&mutex);
    s = sampler_find(id);
    if (!s) {
        atomic_read_relaxed(&next_id, &next);
        if (id >= next) {
            s = sampler_create(id);
        }
    }
    ovs_mutex_unlock(&mutex);
    return s;
}

/* Counts a packet on sampler 'id' and returns true if the packet is one of
 * the first 'freq_k' of every 'freq_n' on that sampler. */
bool
ioam6_sampler_select(uint32_t id, uint32_t freq_k, uint32_t freq_n)
{
    struct ioam6_sampler *s;
    uint64_t count;

    if (freq_k >= freq_n || !id) {
        return true;
    }
    s = sampler_find(id);
    if (OVS_UNLIKELY(!s)) {
        s = sampler_find_slow(id);
        if (!s) {
            return false;
        }
    }
    atomic_add_relaxed(&s->count, 1, &count);
    return count % freq_n < freq_k;
}
