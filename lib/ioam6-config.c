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
#include "ioam6-config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ioam6.h"
#include "util.h"

BUILD_ASSERT_DECL(IOAM6_CONFIG_SCHEMA_ID_MAX == IOAM6_SCHEMA_ID_MAX);

char *
ioam6_config_parse_uint(const char *s, uint64_t max, uint64_t *valuep)
{
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *digits = hex ? s + 2 : s;
    unsigned long long int value;
    const char *p;

    if (!*digits) {
        goto error;
    }
    for (p = digits; *p; p++) {
        if (hex ? !isxdigit((unsigned char) *p)
                : !isdigit((unsigned char) *p)) {
            goto error;
        }
    }

    errno = 0;
    value = strtoull(digits, NULL, hex ? 16 : 10);
    if (errno == ERANGE || value > max) {
        return xasprintf("\"%s\" is out of range (0 to 0x%"PRIx64")",
                         s, max);
    }
    *valuep = value;
    return NULL;

error:
    return xasprintf("\"%s\" is not a decimal or 0x-prefixed hexadecimal "
                     "number", s);
}

char *
ioam6_config_check_schema_data(const char *data)
{
    size_t len = strlen(data);

    if (len > IOAM6_MAX_SCHEMA_DATA_LEN) {
        return xasprintf("schema data is %"PRIuSIZE" bytes long, more than "
                         "%d", len, IOAM6_MAX_SCHEMA_DATA_LEN);
    }
    return NULL;
}
