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

#ifndef IOAM6_CONFIG_H
#define IOAM6_CONFIG_H 1

/* The syntax of the IOAM6 values that the database keeps as strings
 * (IOAM6_Namespace data and data_wide, the ioam6-* other_config keys) and
 * the limits the database cannot express.  ovs-vswitchd checks the
 * configuration with these functions, and ovs-vsctl checks what its IOAM6
 * commands are given with the same ones. */

#include <stdint.h>

/* The largest schema id, IOAM6_SCHEMA_ID_MAX of ioam6.h, for users that do
 * not need the rest of ioam6.h. */
#define IOAM6_CONFIG_SCHEMA_ID_MAX 0xffffff

/* Parses 's', a decimal number or "0x" followed by a hexadecimal number,
 * without sign or spaces, no greater than 'max', into '*valuep'.  Returns
 * NULL if successful, otherwise a malloc()ed error message that quotes
 * 's'. */
char *ioam6_config_parse_uint(const char *s, uint64_t max, uint64_t *valuep);

/* Checks schema data 'data': at most IOAM6_MAX_SCHEMA_DATA_LEN bytes.
 * Returns NULL if it is acceptable, otherwise a malloc()ed error
 * message. */
char *ioam6_config_check_schema_data(const char *data);

#endif /* ioam6-config.h */
