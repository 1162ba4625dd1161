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

/* The one parser and validator of each IOAM6 configuration value.
 *
 * Every place that reads an IOAM6 value from a user calls these: the
 * OpenFlow actions (lib/ioam6-ofp.c), the text form of the datapath actions
 * (lib/ioam6-odp.c), the ovs-vsctl commands (utilities/ovs-vsctl-ioam6.c)
 * and ovs-vswitchd's database reader (vswitchd/ioam6-ovsdb.c), so that a
 * value is accepted, or refused with the same message, everywhere.
 *
 * Numbers are written in decimal or, with a "0x" prefix, in hexadecimal,
 * without sign, spaces or leading zeros (which C would read as octal).
 *
 * Each function takes 'name', the name of the argument as the user wrote
 * it ("ns", "data", "other_config:ioam6-node-id", ...), and returns NULL
 * if successful, otherwise a malloc()ed error message that names it, which
 * the caller must free.  The parsers store nothing on error. */

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "openvswitch/compiler.h"
#include "ioam6-hbh.h"
#include "ioam6-trace.h"

char *ioam6_config_parse_uint(const char *name, const char *s,
                              uint64_t min, uint64_t max, uint64_t *valuep)
    OVS_WARN_UNUSED_RESULT;

/* Namespaces (IOAM6_Namespace, push_ioam6(ns=...)). */
char *ioam6_config_parse_ns_id(const char *name, const char *s,
                               uint16_t *idp)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_ns_id(const char *name, int64_t id)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_ns_data(const char *name, const char *s,
                                 uint32_t *datap)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_ns_data_wide(const char *name, const char *s,
                                      uint64_t *datap)
    OVS_WARN_UNUSED_RESULT;

/* Schemas (IOAM6_Schema). */
char *ioam6_config_parse_schema_id(const char *name, const char *s,
                                   uint32_t *idp)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_schema_id(const char *name, int64_t id)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_schema_data(const char *name, const char *data)
    OVS_WARN_UNUSED_RESULT;

/* Node and interface identifiers (other_config keys, fill_ioam6()). */
char *ioam6_config_parse_node_id(const char *name, const char *s,
                                 uint32_t *idp)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_node_id_wide(const char *name, const char *s,
                                      uint64_t *idp)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_if_id(const char *name, const char *s,
                               uint16_t *idp)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_if_id_wide(const char *name, const char *s,
                                    uint32_t *idp)
    OVS_WARN_UNUSED_RESULT;

/* The push: trace type, pre-allocated size, K/N frequency, mode. */
char *ioam6_config_parse_trace_type(const char *name, const char *s,
                                    uint32_t *typep)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_trace_type(const char *name, uint64_t type)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_trace_size(const char *name, const char *s,
                                    uint8_t *sizep)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_trace_size(const char *name, uint64_t size)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_freq(const char *name, const char *s,
                              uint32_t *kp, uint32_t *np)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_freq(const char *name, uint32_t k, uint32_t n)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_push_mode(const char *name, const char *s,
                                   enum ioam6_mode *modep)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_push_mode(const char *name, unsigned int mode)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_parse_sampler(const char *name, const char *s,
                                 uint32_t *idp)
    OVS_WARN_UNUSED_RESULT;

/* The arguments of push_ioam6, in the text that the OpenFlow action and
 * the datapath action share: "ns=ID,type=TYPE,size=BYTES[,mode=inline|
 * encap][,tun_dst=ADDR][,tun_src=ADDR][,freq=K/N]", and for the datapath
 * action only "[,sampler=ID]".  ioam6_config_parse_push() checks each value
 * and that ns, type and size are there; how the values fit together (the
 * tunnel addresses and the mode) is the caller's to check. */
struct ioam6_push_args {
    uint16_t ns_id;
    uint32_t trace_type;
    uint8_t size;
    enum ioam6_mode mode;       /* Default inline. */
    bool has_tun_dst;
    bool has_tun_src;
    struct in6_addr tun_dst;    /* Never :: when given. */
    struct in6_addr tun_src;    /* Never :: when given. */
    uint32_t freq_k;            /* Default 1/1. */
    uint32_t freq_n;
    uint32_t sampler;           /* Default 0. */
};

char *ioam6_config_parse_push(char *args, bool datapath,
                              struct ioam6_push_args *)
    OVS_WARN_UNUSED_RESULT;

/* The pop mode. */
char *ioam6_config_parse_pop_mode(const char *name, const char *s,
                                  enum ioam6_pop_mode *modep)
    OVS_WARN_UNUSED_RESULT;
char *ioam6_config_check_pop_mode(const char *name, unsigned int mode)
    OVS_WARN_UNUSED_RESULT;

/* The extra receive headroom, in bytes (other_config:ioam6-rx-headroom). */
char *ioam6_config_parse_rx_headroom(const char *name, const char *s,
                                     size_t *bytesp)
    OVS_WARN_UNUSED_RESULT;

#endif /* ioam6-config.h */
