/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The nsrp developers.
 */

#ifndef _NSRP_GC_H
#define _NSRP_GC_H

struct nsrp_net;

void nsrp_gc_init(struct nsrp_net *nn);
void nsrp_gc_start(struct nsrp_net *nn);
void nsrp_gc_stop(struct nsrp_net *nn);
void nsrp_gc_kick(struct nsrp_net *nn);

/* Jiffies until the next pass, from the earliest expiry seen in the last one. */
unsigned long nsrp_gc_next_delay(s32 earliest_left, u32 min_ttl);

#endif /* _NSRP_GC_H */
