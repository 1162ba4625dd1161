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

/* This file parses and checks every IOAM6 configuration value, for all the
 * places that read one (see ioam6-config.h). */

#include <config.h>
#include "ioam6-config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ioam6-headroom.h"
#include "openvswitch/ofp-parse.h"
#include "packets.h"
#include "util.h"

/* Returns true if 's' is a number as ioam6-config.h defines it: "0", a
 * decimal number without leading zeros, or "0x" followed by hexadecimal
 * digits.  str_to_u64() alone would also take a sign, leading spaces and
 * octal. */
static bool
is_number(const char *s)
{
    const char *p;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (!s[2]) {
            return false;
        }
        for (p = s + 2; *p; p++) {
            if (!isxdigit((unsigned char) *p)) {
                return false;
            }
        }
        return true;
    }

    if (!isdigit((unsigned char) s[0]) || (s[0] == '0' && s[1])) {
        return false;
    }
    for (p = s; *p; p++) {
        if (!isdigit((unsigned char) *p)) {
            return false;
        }
    }
    return true;
}

/* Parses 's', a number from 'min' to 'max', into '*valuep'. */
char *
ioam6_config_parse_uint(const char *name, const char *s,
                        uint64_t min, uint64_t max, uint64_t *valuep)
{
    uint64_t value;
    char *error;

    if (!is_number(s)) {
        return xasprintf("invalid %s \"%s\": not a decimal or 0x-prefixed "
                         "hexadecimal number", name, s);
    }

    /* With the syntax checked, str_to_u64() fails only on overflow. */
    error = str_to_u64(s, &value);
    if (error || value < min || value > max) {
        free(error);
        return xasprintf("invalid %s \"%s\": must be from %"PRIu64" to "
                         "%"PRIu64, name, s, min, max);
    }
    *valuep = value;
    return NULL;
}

/* Checks 'value', which came from the database or from the wire as a
 * number, against the range from 'min' to 'max'. */
static char *
check_range(const char *name, int64_t value, int64_t min, int64_t max)
{
    if (value < min || value > max) {
        return xasprintf("invalid %s %"PRId64": must be from %"PRId64" to "
                         "%"PRId64, name, value, min, max);
    }
    return NULL;
}

char *
ioam6_config_parse_ns_id(const char *name, const char *s, uint16_t *idp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, UINT16_MAX, &value);

    if (!error) {
        *idp = value;
    }
    return error;
}

char *
ioam6_config_check_ns_id(const char *name, int64_t id)
{
    return check_range(name, id, 0, UINT16_MAX);
}

char *
ioam6_config_parse_ns_data(const char *name, const char *s, uint32_t *datap)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, UINT32_MAX, &value);

    if (!error) {
        *datap = value;
    }
    return error;
}

char *
ioam6_config_parse_ns_data_wide(const char *name, const char *s,
                                uint64_t *datap)
{
    return ioam6_config_parse_uint(name, s, 0, UINT64_MAX, datap);
}

char *
ioam6_config_parse_schema_id(const char *name, const char *s, uint32_t *idp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, IOAM6_SCHEMA_ID_MAX,
                                          &value);

    if (!error) {
        *idp = value;
    }
    return error;
}

char *
ioam6_config_check_schema_id(const char *name, int64_t id)
{
    return check_range(name, id, 0, IOAM6_SCHEMA_ID_MAX);
}

/* Schema data are free text of at most IOAM6_MAX_SCHEMA_DATA_LEN bytes (the
 * database counts characters, so it lets longer UTF-8 text through). */
char *
ioam6_config_check_schema_data(const char *name, const char *data)
{
    size_t len = strlen(data);

    if (len > IOAM6_MAX_SCHEMA_DATA_LEN) {
        return xasprintf("invalid %s: %"PRIuSIZE" bytes long, more than %d",
                         name, len, IOAM6_MAX_SCHEMA_DATA_LEN);
    }
    return NULL;
}

char *
ioam6_config_parse_node_id(const char *name, const char *s, uint32_t *idp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, IOAM6_NODE_ID_NONE,
                                          &value);

    if (!error) {
        *idp = value;
    }
    return error;
}

char *
ioam6_config_parse_node_id_wide(const char *name, const char *s,
                                uint64_t *idp)
{
    return ioam6_config_parse_uint(name, s, 0, IOAM6_NODE_ID_WIDE_NONE, idp);
}

char *
ioam6_config_parse_if_id(const char *name, const char *s, uint16_t *idp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, IOAM6_IF_ID_NONE,
                                          &value);

    if (!error) {
        *idp = value;
    }
    return error;
}

char *
ioam6_config_parse_if_id_wide(const char *name, const char *s, uint32_t *idp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, IOAM6_IF_ID_WIDE_NONE,
                                          &value);

    if (!error) {
        *idp = value;
    }
    return error;
}

/* A trace type is 24 bits, non-zero, without undefined or reserved bits
 * (what Linux accepts at an encapsulating node). */
char *
ioam6_config_check_trace_type(const char *name, uint64_t type)
{
    const char *error = (type > UINT32_MAX
                         ? "trace type must fit in 24 bits"
                         : ioam6_trace_type_check(type));

    if (error) {
        return xasprintf("invalid %s 0x%06"PRIx64": %s", name, type, error);
    }
    return NULL;
}

char *
ioam6_config_parse_trace_type(const char *name, const char *s,
                              uint32_t *typep)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, UINT64_MAX, &value);

    if (!error) {
        error = ioam6_config_check_trace_type(name, value);
    }
    if (!error) {
        *typep = value;
    }
    return error;
}

/* The pre-allocated trace data: a multiple of 4 bytes from 4 to
 * IOAM6_TRACE_DATA_SIZE_MAX. */
char *
ioam6_config_check_trace_size(const char *name, uint64_t size)
{
    if (size < 4 || size > IOAM6_TRACE_DATA_SIZE_MAX || size % 4) {
        return xasprintf("invalid %s %"PRIu64": must be a multiple of 4 "
                         "from 4 to %d", name, size,
                         IOAM6_TRACE_DATA_SIZE_MAX);
    }
    return NULL;
}

char *
ioam6_config_parse_trace_size(const char *name, const char *s,
                              uint8_t *sizep)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, UINT64_MAX, &value);

    if (!error) {
        error = ioam6_config_check_trace_size(name, value);
    }
    if (!error) {
        *sizep = value;
    }
    return error;
}

/* The first K of every N packets get IOAM: 1 <= K <= N <= IOAM6_FREQ_MAX. */
char *
ioam6_config_check_freq(const char *name, uint32_t k, uint32_t n)
{
    if (k < 1 || k > n || n > IOAM6_FREQ_MAX) {
        return xasprintf("invalid %s %"PRIu32"/%"PRIu32": must be K/N with "
                         "1 <= K <= N <= %d", name, k, n, IOAM6_FREQ_MAX);
    }
    return NULL;
}

char *
ioam6_config_parse_freq(const char *name, const char *s,
                        uint32_t *kp, uint32_t *np)
{
    const char *slash = strchr(s, '/');
    uint64_t k, n;
    char *error;

    if (!slash) {
        return xasprintf("invalid %s \"%s\": must be K/N", name, s);
    }

    char *k_s = xmemdup0(s, slash - s);
    char *k_name = xasprintf("%s K", name);
    char *n_name = xasprintf("%s N", name);

    error = ioam6_config_parse_uint(k_name, k_s, 1, IOAM6_FREQ_MAX, &k);
    if (!error) {
        error = ioam6_config_parse_uint(n_name, slash + 1, 1, IOAM6_FREQ_MAX,
                                        &n);
    }
    if (!error) {
        error = ioam6_config_check_freq(name, k, n);
    }
    if (!error) {
        *kp = k;
        *np = n;
    }
    free(n_name);
    free(k_name);
    free(k_s);
    return error;
}

char *
ioam6_config_check_push_mode(const char *name, unsigned int mode)
{
    if (mode != IOAM6_MODE_INLINE && mode != IOAM6_MODE_ENCAP) {
        return xasprintf("invalid %s %u: must be 0 (inline) or 1 (encap)",
                         name, mode);
    }
    return NULL;
}

char *
ioam6_config_parse_push_mode(const char *name, const char *s,
                             enum ioam6_mode *modep)
{
    if (!strcmp(s, "inline")) {
        *modep = IOAM6_MODE_INLINE;
    } else if (!strcmp(s, "encap")) {
        *modep = IOAM6_MODE_ENCAP;
    } else {
        return xasprintf("invalid %s \"%s\": must be inline or encap",
                         name, s);
    }
    return NULL;
}

char *
ioam6_config_parse_sampler(const char *name, const char *s, uint32_t *idp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, UINT32_MAX, &value);

    if (!error) {
        *idp = value;
    }
    return error;
}

/* Parses 'value', the value of argument 'key' (tun_src or tun_dst), into
 * '*addr'. */
static char *
parse_tun_addr(const char *key, const char *value, struct in6_addr *addr)
{
    if (!ipv6_parse(value, addr)) {
        return xasprintf("invalid %s \"%s\": not an IPv6 address",
                         key, value);
    } else if (!ipv6_addr_is_set(addr)) {
        return xasprintf("invalid %s \"%s\": must not be ::", key, value);
    }
    return NULL;
}

/* Parses 'args', the key=value list of a push_ioam6 action (the OpenFlow
 * action, or the datapath action if 'datapath'), into 'a'.  Modifies
 * 'args'.  The error messages start with "push_ioam6: ", except that of an
 * unknown key, which names the action itself. */
char *
ioam6_config_parse_push(char *args, bool datapath, struct ioam6_push_args *a)
{
    bool have_ns = false, have_type = false, have_size = false;
    char *key, *value;

    memset(a, 0, sizeof *a);
    a->mode = IOAM6_MODE_INLINE;
    a->freq_k = a->freq_n = 1;
    while (ofputil_parse_key_value(&args, &key, &value)) {
        char *error;

        if (!strcmp(key, "ns")) {
            error = ioam6_config_parse_ns_id(key, value, &a->ns_id);
            have_ns = true;
        } else if (!strcmp(key, "type")) {
            error = ioam6_config_parse_trace_type(key, value,
                                                  &a->trace_type);
            have_type = true;
        } else if (!strcmp(key, "size")) {
            error = ioam6_config_parse_trace_size(key, value, &a->size);
            have_size = true;
        } else if (!strcmp(key, "mode")) {
            error = ioam6_config_parse_push_mode(key, value, &a->mode);
        } else if (!strcmp(key, "tun_dst")) {
            error = parse_tun_addr(key, value, &a->tun_dst);
            a->has_tun_dst = !error;
        } else if (!strcmp(key, "tun_src")) {
            error = parse_tun_addr(key, value, &a->tun_src);
            a->has_tun_src = !error;
        } else if (!strcmp(key, "freq")) {
            error = ioam6_config_parse_freq(key, value, &a->freq_k,
                                            &a->freq_n);
        } else if (datapath && !strcmp(key, "sampler")) {
            error = ioam6_config_parse_sampler(key, value, &a->sampler);
        } else {
            return xasprintf("invalid key '%s' in 'push_ioam6' argument",
                             key);
        }
        if (error) {
            char *msg = xasprintf("push_ioam6: %s", error);

            free(error);
            return msg;
        }
    }

    return (!have_ns ? xstrdup("push_ioam6: missing required argument ns")
            : !have_type ? xstrdup("push_ioam6: missing required argument "
                                   "type")
            : !have_size ? xstrdup("push_ioam6: missing required argument "
                                   "size")
            : NULL);
}

char *
ioam6_config_check_pop_mode(const char *name, unsigned int mode)
{
    if (mode > IOAM6_POP_ENCAP) {
        return xasprintf("invalid %s %u: must be 0 (auto), 1 (inline) or "
                         "2 (encap)", name, mode);
    }
    return NULL;
}

char *
ioam6_config_parse_pop_mode(const char *name, const char *s,
                            enum ioam6_pop_mode *modep)
{
    if (!ioam6_pop_mode_from_string(s, modep)) {
        return xasprintf("invalid %s \"%s\": must be auto, inline or encap",
                         name, s);
    }
    return NULL;
}

/* A multiple of 4, so that the IP header of a received frame stays 4-byte
 * aligned, from 0 to IOAM6_RX_HEADROOM_MAX. */
char *
ioam6_config_parse_rx_headroom(const char *name, const char *s,
                               size_t *bytesp)
{
    uint64_t value;
    char *error = ioam6_config_parse_uint(name, s, 0, IOAM6_RX_HEADROOM_MAX,
                                          &value);

    if (!error && value % 4) {
        error = xasprintf("invalid %s \"%s\": must be a multiple of 4",
                          name, s);
    }
    if (!error) {
        *bytesp = value;
    }
    return error;
}
