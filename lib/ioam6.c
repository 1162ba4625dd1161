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
#include "ioam6.h"

#include <string.h>

#include "dp-packet.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/util.h"
#include "util.h"

unsigned int
ioam6_trace_nodelen(uint32_t type)
{
    /* Bits 0-7, 11 and 12-21 are 4-octet fields, bits 8-10 are 8-octet
     * fields, bit 22 (the OSS) is counted separately and bit 23 adds
     * nothing. */
    return count_1bits(type & 0xff1ffc) + 2 * count_1bits(type & 0x00e000);
}

const char *
ioam6_trace_type_check(uint32_t type)
{
    if (!type) {
        return "trace type must not be zero";
    } else if (type & ~IOAM6_TRACE_TYPE_MASK) {
        return "trace type must fit in 24 bits";
    } else if (type & IOAM6_TRACE_TYPE_UNDEF) {
        return "trace type bits 12 to 21 (0x000ffc) are undefined";
    } else if (type & IOAM6_TRACE_TYPE_RSV) {
        return "trace type bit 23 (0x000001) is reserved";
    }
    return NULL;
}

size_t
ioam6_hbh_len(unsigned int size)
{
    return IOAM6_HBH_FIXED_LEN + ROUND_UP(size, 8);
}
