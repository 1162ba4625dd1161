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

#include <config.h>
#undef NDEBUG
#include "ioam6.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include "ovstest.h"
#include "command-line.h"
#include "util.h"

/* NodeLen of each single trace-type bit, from the reference table of the
 * RFC 9197 field sizes: bits 0-7 and 11 are 4-octet fields (1), bits 8-10
 * are 8-octet fields (2), bits 12-21 count 1 each (Linux 7.0+), bit 22 (the
 * OSS) and bit 23 contribute 0. */
static const unsigned int expected_bit_nodelen[24] = {
    1, 1, 1, 1, 1, 1, 1, 1,     /* 0-7 */
    2, 2, 2,                    /* 8-10 */
    1,                          /* 11 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 12-21 */
    0,                          /* 22 */
    0,                          /* 23 */
};

static void
test_nodelen(struct ovs_cmdl_context *ctx OVS_UNUSED)
{
    static const struct {
        uint32_t type;
        unsigned int nodelen;
    } examples[] = {
        /* The reference's worked examples. */
        { 0x800000, 1 },
        { 0xc00000, 2 },
        { 0x008000, 2 },
        { 0x000002, 0 },
        { 0xfff002, 15 },
    };
    int errors = 0;

    for (int bit = 0; bit < 24; bit++) {
        uint32_t type = UINT32_C(1) << (23 - bit);
        unsigned int got = ioam6_trace_nodelen(type);

        printf("bit %2d type 0x%06"PRIx32" nodelen %u\n", bit, type, got);
        if (got != expected_bit_nodelen[bit]) {
            fprintf(stderr, "bit %d: nodelen %u, expected %u\n",
                    bit, got, expected_bit_nodelen[bit]);
            errors++;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(examples); i++) {
        unsigned int got = ioam6_trace_nodelen(examples[i].type);
        if (got != examples[i].nodelen) {
            fprintf(stderr, "type 0x%06"PRIx32": nodelen %u, expected %u\n",
                    examples[i].type, got, examples[i].nodelen);
            errors++;
        }
    }
    if (errors) {
        exit(1);
    }
}

static const struct ovs_cmdl_command commands[] = {
    {"nodelen", NULL, 0, 0, test_nodelen, OVS_RO},
    {NULL, NULL, 0, 0, NULL, OVS_RO},
};

static void
test_ioam6_main(int argc, char *argv[])
{
    struct ovs_cmdl_context ctx = {
        .argc = argc - 1,
        .argv = argv + 1,
    };
    ovs_cmdl_run_command(&ctx, commands);
}

OVSTEST_REGISTER("test-ioam6", test_ioam6_main);
