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

#ifndef TEST_IOAM6_BENCH_H
#define TEST_IOAM6_BENCH_H 1

/* The performance subcommands of "ovstest test-ioam6". */

struct ovs_cmdl_context;

/* benchmark [--iterations N] [--rounds R] [--quick] */
void test_ioam6_benchmark(struct ovs_cmdl_context *);

/* fused */
void test_ioam6_fused(struct ovs_cmdl_context *);

/* pcap FILE FRAME-SIZE TRACE-SIZE */
void test_ioam6_pcap(struct ovs_cmdl_context *);

/* pktgen IFNAME FRAME-SIZE TRACE-SIZE SECONDS */
void test_ioam6_pktgen(struct ovs_cmdl_context *);

#endif /* test-ioam6-bench.h */
