/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 */

#ifndef _NSRP_GC_H
#define _NSRP_GC_H

#include <linux/types.h>

struct nsrp_net;
struct nsrp_session;

void nsrp_gc_init(struct nsrp_net *nn);
void nsrp_gc_start(struct nsrp_net *nn);
void nsrp_gc_stop(struct nsrp_net *nn);
void nsrp_gc_kick(struct nsrp_net *nn);
/* A session may be due at @due, sooner than any pass knows: any context. */
void nsrp_gc_expect(struct nsrp_net *nn, u32 due);
void nsrp_gc_expect_session(struct nsrp_net *nn, const struct nsrp_session *s);

/* The plan, pure for KUnit; see gc.c. */
unsigned long nsrp_gc_floor(u64 pass_ns);
u32 nsrp_gc_plan(u32 earliest, u32 now);
unsigned long nsrp_gc_wait(u32 now, u32 planned, u32 hint, u32 not_before);

#endif /* _NSRP_GC_H */
