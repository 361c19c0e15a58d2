// SPDX-License-Identifier: GPL-2.0
/*
 * Counters of what iodmacmd did since it was loaded (see stats.h): per-CPU
 * event counts, and the bounce memory held now and at most.
 */
#include <linux/atomic.h>
#include <linux/percpu.h>

#include "stats.h"

DEFINE_PER_CPU(struct iodmacmd_counters, iodmacmd_counters);

/*
 * Bounce memory is allocated and freed on the slow path only, so plain
 * atomics count it exactly: the high-water mark is raised with the total
 * the allocation itself produced, never with a stale sum.
 */
static atomic64_t bounce_bytes = ATOMIC64_INIT(0);
static atomic64_t bounce_bytes_hiwater = ATOMIC64_INIT(0);

/**
 * iodmacmd_stats_read() - the counters as they are now
 * @s: filled with the per-CPU counters summed and the bounce memory
 *
 * Each counter is exact when nothing runs at the same time; while commands
 * run, a sum may miss increments made during the read.
 */
void iodmacmd_stats_read(struct iodmacmd_stats *s)
{
	unsigned int cpu, r;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct iodmacmd_counters *c = per_cpu_ptr(&iodmacmd_counters, cpu);

		s->c.prepares += READ_ONCE(c->prepares);
		s->c.completes += READ_ONCE(c->completes);
		for (r = 0; r < IODMACMD_BOUNCE_NR; r++)
			s->c.bounces[r] += READ_ONCE(c->bounces[r]);
		s->c.bounce_allocs += READ_ONCE(c->bounce_allocs);
		s->c.alloc_failures += READ_ONCE(c->alloc_failures);
		s->c.gen_errors += READ_ONCE(c->gen_errors);
	}
	s->bounce_bytes = atomic64_read(&bounce_bytes);
	s->bounce_bytes_hiwater = atomic64_read(&bounce_bytes_hiwater);
}

/**
 * iodmacmd_stats_bounce_alloc() - count bounce memory a command now holds
 * @b: the bounce memory, its capacity set, owned by b->owner
 */
void iodmacmd_stats_bounce_alloc(struct iodmacmd_bounce *b)
{
	s64 now = atomic64_add_return(b->capacity, &bounce_bytes);
	s64 high = atomic64_read(&bounce_bytes_hiwater);

	/* Another CPU may raise it meanwhile: retry until ours is not higher. */
	while (now > high) {
		s64 seen = atomic64_cmpxchg(&bounce_bytes_hiwater, high, now);

		if (seen == high)
			break;
		high = seen;
	}
	this_cpu_inc(iodmacmd_counters.bounce_allocs);
	WRITE_ONCE(b->owner->live.bounce_bytes, b->owner->live.bounce_bytes + b->capacity);
}

/**
 * iodmacmd_stats_bounce_free() - count bounce memory given back
 * @b: the bounce memory, counted by iodmacmd_stats_bounce_alloc()
 */
void iodmacmd_stats_bounce_free(struct iodmacmd_bounce *b)
{
	atomic64_sub(b->capacity, &bounce_bytes);
	WRITE_ONCE(b->owner->live.bounce_bytes, b->owner->live.bounce_bytes - b->capacity);
}
