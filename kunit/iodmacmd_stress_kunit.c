// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit concurrency stress tests: kernel threads bound to different CPUs
 * share descriptors between their commands, as drivers with several queues
 * do, and mix every operation a driver performs on them.
 *
 * Each worker owns a disjoint window of every shared descriptor, so the data
 * can be checked while the descriptor's mapping, its swiotlb slots and its
 * lock are shared. There is no real device: the device-visible side of a
 * prepared command, iodmacmd_cmd_read() and iodmacmd_cmd_write(), is the
 * device. For an In transfer the "device" writes a pattern there before the
 * command completes, and afterwards the CPU's memory must hold exactly that
 * pattern in the worker's window; for an Out transfer the CPU writes first
 * and the device must read it. A window nobody is transferring must keep its
 * owner's bytes whatever the other CPUs do, which each worker checks of its
 * own windows and of the others'.
 *
 * Every pattern word names its worker, a generation and its offset, so a
 * mismatch says whose bytes, how old, and whether they moved.
 *
 * The operation sequence of each worker comes from a PRNG seeded from the
 * module parameter "seed" (printed by every case); the interleaving of the
 * CPUs is not reproducible, the sequence of each worker is. The number of
 * operations (API calls) across the suite is the parameter "ops": each case
 * gets an equal share of what the cases before it left, and stops at
 * "seconds" of wall time whatever it reached.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <iodmacmd/iodmacmd.h>

#include "iodmacmd_kunit_helpers.h"

static unsigned long long stress_ops = 1000000;
module_param_named(ops, stress_ops, ullong, 0444);
MODULE_PARM_DESC(ops, "API calls across the suite's cases (default 10^6)");

static unsigned long long stress_seed = 0x10d3acd5eedULL;
module_param_named(seed, stress_seed, ullong, 0444);
MODULE_PARM_DESC(seed, "seed of the workers' operation sequences");

static unsigned int stress_seconds = 40;
module_param_named(seconds, stress_seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "wall-time cap of each case, in seconds (default 40)");

#define NR_WORKERS	2	/* one per vCPU of the test guests */
#define NR_THREADS	(NR_WORKERS + 1)	/* and a third party for buffer lengths */
#define NR_MDS		2
#define NR_CMDS		3
/* A worker's window: not a whole number of pages, so windows share pages. */
#define WIN		(2 * PAGE_SIZE + 0x2c0)
#define SPAN		(NR_WORKERS * WIN)
/* Descriptors start inside a page, so window edges fall anywhere in one. */
#define SKEW		0x1c0
#define MAX_SEGS	8
#define NR_FIRST	4	/* errors a thread keeps word for word */
#define ERR_LEN		256
/* Five scenarios on two devices share the suite's operations. */
#define NR_CASES	10
/* Operations a worker makes at least, whatever is left of the budget. */
#define MIN_OPS		1000
/* How long past the cap a thread may take to finish its last operation. */
#define GRACE_S		10
/* Transfers are counted by bounce reason, stress_reasons[]. */
#define NR_REASONS	5

enum { SPEC_PLAIN, SPEC_SMALL_SEGS, SPEC_32BIT, SPEC_ALIGNED, NR_SPECS };

/*
 * The first two never bounce (with the device's 64-bit streaming mask); the
 * 32-bit one bounces memory above 4 GiB unless swiotlb or an IOMMU placed
 * the mapping low; the aligned one bounces a window that starts off 512.
 */
static const struct iodmacmd_spec stress_specs[NR_SPECS] = {
	[SPEC_PLAIN] = { .output = iodmacmd_output_host64 },
	[SPEC_SMALL_SEGS] = { .output = iodmacmd_output_host64, .max_segment_size = 1024,
			      .segment_boundary = PAGE_SIZE },
	[SPEC_32BIT] = { .output = iodmacmd_output_host64, .address_bits = 32 },
	[SPEC_ALIGNED] = { .output = iodmacmd_output_host64, .alignment = 512 },
};

static const char *const stress_spec_names[NR_SPECS] = {
	"plain", "1K segments", "32-bit", "512-aligned",
};

enum stress_mds {
	STRESS_MDS_SHARED,	/* a kernel descriptor and an In-only sub-descriptor */
	STRESS_MDS_BUFFER,	/* a buffer whose length a third party changes */
	STRESS_MDS_SLOT,	/* descriptors made, shared and released on the fly */
};

/**
 * struct stress_scenario - what one case exercises
 * @nr: the case's number, mixed into the seed
 * @name: for the log
 * @mds: the descriptors the workers share
 * @nr_specs: the workers' commands use the first @nr_specs of stress_specs
 * @force: some transfers are bounced with synchronize(kForceDoubleBuffer)
 * @iokit: the driver prepares the descriptor around its commands, and holds
 *	it prepared across transfers at times (IOKit's usual sequence)
 */
struct stress_scenario {
	unsigned int nr;
	const char *name;
	enum stress_mds mds;
	unsigned int nr_specs;
	bool force;
	bool iokit;
};

/**
 * struct stress_window - a worker's window on one descriptor, as others see it
 * @seq: odd while the owner changes the window; others check it only when even
 * @exp: the bytes the memory holds while @seq is even
 */
struct stress_window {
	seqcount_t seq;
	u8 *exp;
};

/**
 * struct stress_cmd - one of a worker's commands
 * @cmd: the command, or %NULL while destroyed
 * @spec: its index in stress_specs
 * @md: the attached descriptor's index, -1 for none
 * @prepared: prepared for [@off, @off + @len) of the worker's window
 * @in: an In transfer (the device writes)
 * @device_done: the device wrote (In) or its read was checked (Out)
 * @md_prepared: the driver prepared the descriptor for this transfer
 * @off: prepared range, relative to the worker's window
 * @len: its length
 */
struct stress_cmd {
	struct iodmacmd_cmd *cmd;
	unsigned int spec;
	int md;
	bool prepared;
	bool in;
	bool device_done;
	bool md_prepared;
	u64 off;
	u64 len;
};

struct stress_run;

/**
 * struct stress_thread - a worker, or the third party that resizes buffers
 * @run: the case
 * @id: index in &stress_run.threads; a worker's window is number @id
 * @fn: what the thread does
 * @task: the kthread
 * @done: @fn returned
 * @rng: xorshift64* state
 * @ops: API calls made
 * @target: API calls to make
 * @capped: stopped by the wall-time cap before @target
 * @lost: neither finished nor died (stress_join())
 * @gen: generation of the worker's patterns
 * @errors: API calls that failed or returned what they must not
 * @mismatches: data checks that failed
 * @transfers: completed transfers by bounce reason (0: not bounced)
 * @resizes: length changes (the third party)
 * @nr_first: entries in @first
 * @first: the first errors and mismatches, in words
 * @cmds: the worker's commands
 * @busy: the command prepared on each descriptor, -1 for none
 * @holds: standing iodmacmd_md_prepare() on each descriptor (IOKit case)
 * @pat: the device's pattern of the In transfer on each descriptor
 * @cpat: the CPU's latest pattern
 * @buf: what was read back
 * @exp: expected window of the descriptor in use (slot case)
 */
struct stress_thread {
	struct stress_run *run;
	unsigned int id;
	void (*fn)(struct stress_thread *t);
	struct task_struct *task;
	struct completion done;
	u64 rng;
	u64 ops;
	u64 target;
	bool capped;
	bool lost;
	u32 gen;
	unsigned long errors;
	unsigned long mismatches;
	unsigned long transfers[NR_REASONS];
	unsigned long resizes;
	unsigned int nr_first;
	char first[NR_FIRST][ERR_LEN];
	struct stress_cmd cmds[NR_CMDS];
	int busy[NR_MDS];
	unsigned int holds[NR_MDS];
	u8 *pat[NR_MDS];
	u8 *cpat;
	u8 *buf;
	u8 *exp;
};

/**
 * struct stress_run - one case
 * @sc: the scenario
 * @dev: the device every command maps for
 * @nr_mds: descriptors in @md
 * @md: the shared descriptors
 * @md_name: their names, for the log
 * @win: each worker's window on each descriptor
 * @threads: the workers, then the third party
 * @workers_left: workers still in their main loop
 * @deadline: the wall-time cap, in jiffies
 * @lost: a thread neither finished nor died: it is left behind
 * @resize: held for reading by a worker with a command prepared on the
 *	buffer, for writing by the third party changing its length
 * @slot_lock: protects @slot
 * @slot: the descriptor workers take and share in the get/put case
 */
struct stress_run {
	const struct stress_scenario *sc;
	struct device *dev;
	unsigned int nr_mds;
	struct iodmacmd_md *md[NR_MDS];
	const char *md_name[NR_MDS];
	struct stress_window win[NR_MDS][NR_WORKERS];
	struct stress_thread threads[NR_THREADS];
	atomic_t workers_left;
	unsigned long deadline;
	bool lost;
	struct rw_semaphore resize;
	spinlock_t slot_lock;	/* slot */
	struct iodmacmd_md *slot;
};

/*
 * Operations and time of the whole suite, and the cases still to run: each
 * case gets an equal share of the operations the cases before it left.
 */
static u64 stress_total_ops;
static u64 stress_total_ms;
static unsigned int stress_cases_left;

static const char *const stress_reasons[NR_REASONS] = {
	"mapped", "address bits", "alignment", "device reach", "forced",
};

/* xorshift64*: cheap, and the same sequence from the same seed. */
static u64 stress_rand(struct stress_thread *t)
{
	u64 x = t->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* A number below @n. */
static u32 stress_below(struct stress_thread *t, u32 n)
{
	return (u32)(((stress_rand(t) >> 32) * n) >> 32);
}

/* splitmix64, so that neighbouring seeds give unrelated sequences. */
static u64 stress_mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (x ^ (x >> 31)) ?: 1;
}

static __printf(2, 3) void stress_note(struct stress_thread *t, const char *fmt, ...)
{
	va_list ap;

	if (t->nr_first >= NR_FIRST)
		return;
	va_start(ap, fmt);
	vscnprintf(t->first[t->nr_first++], ERR_LEN, fmt, ap);
	va_end(ap);
}

/* An API call that must return 0. */
static bool stress_ok(struct stress_thread *t, int err, const char *call)
{
	t->ops++;
	if (!err)
		return true;
	t->errors++;
	stress_note(t, "%s returned %d", call, err);
	return false;
}

/* A copy that must move @want bytes. */
static bool stress_moved(struct stress_thread *t, u64 got, u64 want, const char *call)
{
	t->ops++;
	if (got == want)
		return true;
	t->errors++;
	stress_note(t, "%s copied %llu of %llu bytes", call, got, want);
	return false;
}

/*
 * A window's pattern: 64-bit words naming the worker, a generation and the
 * word's place in the window. Windows start on a multiple of 8.
 */
static void stress_fill(u8 *p, unsigned int worker, u32 gen)
{
	u64 *word = (u64 *)p;
	unsigned int i;

	for (i = 0; i < WIN / 8; i++)
		word[i] = (u64)(worker + 1) << 56 | (u64)gen << 24 | i;
}

/*
 * Records a failed data check of @len bytes at @off in a window: where the
 * first byte differs and, when its whole word was compared, whose word was
 * there instead (an older generation of the owner's: stale data put back;
 * another worker's: a copy at the wrong place; zeros: bounce memory).
 */
static void stress_mismatch(struct stress_thread *t, const char *what, const u8 *got,
			    const u8 *exp, u64 off, u64 len)
{
	u64 i, first = len, differ = 0, word, g, e;

	for (i = 0; i < len; i++) {
		if (got[i] != exp[i]) {
			differ++;
			if (first == len)
				first = i;
		}
	}
	t->mismatches++;
	/* The window offset of the word holding the first difference. */
	word = round_down(off + first, 8);
	if (word >= off && word + 8 <= off + len) {
		memcpy(&g, got + word - off, sizeof(g));
		memcpy(&e, exp + word - off, sizeof(e));
		if (!g) {
			stress_note(t, "%s: %llu/%llu differ, +%#llx: zeros want g%llu", what,
				    differ, len, off + first, (e >> 24) & 0xffffffff);
			return;
		}

		/* The word found: worker w, generation g, word i of the window. */
		stress_note(t, "%s: %llu/%llu differ, +%#llx: %016llx w%llu g%llu i%llu want g%llu",
			    what, differ, len, off + first, g, (g >> 56) - 1,
			    (g >> 24) & 0xffffffff, g & 0xffffff, (e >> 24) & 0xffffffff);
	} else {
		stress_note(t, "%s: %llu/%llu bytes differ, +%#llx: %02x, want %02x",
			    what, differ, len, off + first, got[first], exp[first]);
	}
}

static void stress_compare(struct stress_thread *t, const char *what, const u8 *got,
			   const u8 *exp, u64 off, u64 len)
{
	if (memcmp(got, exp, len))
		stress_mismatch(t, what, got, exp, off, len);
}

static bool stress_more(struct stress_thread *t)
{
	if (t->ops >= t->target)
		return false;
	if (time_after(jiffies, t->run->deadline)) {
		t->capped = true;
		return false;
	}
	return true;
}

/* The window changes: checkers stay away until stress_rest(). */
static void stress_busy(struct stress_window *win)
{
	raw_write_seqcount_begin(&win->seq);
}

static void stress_rest(struct stress_window *win)
{
	raw_write_seqcount_end(&win->seq);
}

/* Reads worker @owner's window of descriptor @m into @t's buffer. */
static bool stress_read_window(struct stress_thread *t, unsigned int m, unsigned int owner)
{
	return stress_moved(t, iodmacmd_md_read(t->run->md[m], (u64)owner * WIN, t->buf, WIN),
			    WIN, "md_read");
}

/* The thread's own window of @m holds what it wrote last. */
static void stress_check_own(struct stress_thread *t, unsigned int m, const char *when)
{
	char what[64];

	if (!stress_read_window(t, m, t->id))
		return;
	snprintf(what, sizeof(what), "%s, own window of %s", when, t->run->md_name[m]);
	stress_compare(t, what, t->buf, t->run->win[m][t->id].exp, 0, WIN);
}

/* Every other worker's window at rest holds its owner's bytes. */
static void stress_op_check(struct stress_thread *t)
{
	struct stress_run *run = t->run;
	unsigned int m, o;

	for (m = 0; m < run->nr_mds; m++) {
		for (o = 0; o < NR_WORKERS; o++) {
			struct stress_window *win = &run->win[m][o];
			unsigned int seq;
			char what[64];
			bool same;

			if (o == t->id) {
				if (t->busy[m] < 0)
					stress_check_own(t, m, "at rest");
				continue;
			}
			seq = raw_read_seqcount(&win->seq);
			if (seq & 1)
				continue;
			if (!stress_read_window(t, m, o))
				continue;
			same = !memcmp(t->buf, win->exp, WIN);
			/* A window its owner changed meanwhile proves nothing. */
			if (read_seqcount_retry(&win->seq, seq) || same)
				continue;
			snprintf(what, sizeof(what), "worker %u's window of %s at rest", o,
				 run->md_name[m]);
			stress_mismatch(t, what, t->buf, win->exp, 0, WIN);
		}
	}
}

static struct stress_cmd *stress_pick_cmd(struct stress_thread *t)
{
	return &t->cmds[stress_below(t, NR_CMDS)];
}

static bool stress_create_cmd(struct stress_thread *t, struct stress_cmd *c)
{
	struct iodmacmd_cmd *cmd;

	c->spec = stress_below(t, t->run->sc->nr_specs);
	cmd = iodmacmd_cmd_create(t->run->dev, &stress_specs[c->spec], t);
	if (!stress_ok(t, PTR_ERR_OR_ZERO(cmd), "cmd_create"))
		return false;
	c->cmd = cmd;
	c->md = -1;
	return true;
}

/* Commands come and go; one that is prepared stays. */
static void stress_op_toggle_cmd(struct stress_thread *t)
{
	struct stress_cmd *c = stress_pick_cmd(t);

	if (c->prepared)
		return;
	if (!c->cmd) {
		stress_create_cmd(t, c);
		return;
	}
	iodmacmd_cmd_destroy(c->cmd);
	t->ops++;
	c->cmd = NULL;
	c->md = -1;
}

static bool stress_attach(struct stress_thread *t, struct stress_cmd *c, unsigned int m)
{
	if (!stress_ok(t, iodmacmd_set_md(c->cmd, t->run->md[m], false), "set_md"))
		return false;
	c->md = m;
	return true;
}

/* Attaching, switching and detaching descriptors of unprepared commands. */
static void stress_op_attach(struct stress_thread *t)
{
	struct stress_cmd *c = stress_pick_cmd(t);

	if (!c->cmd || c->prepared)
		return;
	if (c->md >= 0 && stress_below(t, 2)) {
		if (stress_ok(t, iodmacmd_clear_md(c->cmd, stress_below(t, 2)), "clear_md"))
			c->md = -1;
		return;
	}
	stress_attach(t, c, stress_below(t, t->run->nr_mds));
}

static void stress_pick_range(struct stress_thread *t, u64 *off, u64 *len)
{
	*off = stress_below(t, WIN - 1);
	*len = 1 + stress_below(t, WIN - *off);
}

/* A description of a transfer, for error messages. */
static void stress_describe(struct stress_thread *t, const struct stress_cmd *c,
			    const char *reason, char *s, size_t size)
{
	snprintf(s, size, "%s %s [%#llx+%#llx] %s, %s%s", c->in ? "In" : "Out",
		 t->run->md_name[c->md], c->off, c->len, stress_spec_names[c->spec],
		 reason ?: "mapped", c->md_prepared ? ", md prepared" : "");
}

/*
 * Prepares a random piece of the worker's window, on a command that is
 * created and attached first if need be: an Out transfer writes its data
 * first; under the IOKit sequence the driver prepares the descriptor first.
 */
static void stress_op_prepare(struct stress_thread *t)
{
	struct stress_run *run = t->run;
	struct stress_cmd *c = stress_pick_cmd(t);
	struct stress_window *win;
	struct iodmacmd_md *md;
	u64 base = (u64)t->id * WIN;
	u32 dir;

	if (c->prepared)
		return;
	if (!c->cmd && !stress_create_cmd(t, c))
		return;
	if (c->md < 0 && !stress_attach(t, c, stress_below(t, run->nr_mds)))
		return;
	if (t->busy[c->md] >= 0)
		return;
	md = run->md[c->md];
	win = &run->win[c->md][t->id];
	dir = iodmacmd_md_direction(md);
	t->ops++;
	c->in = (dir & IODMACMD_DIR_IN) && (!(dir & IODMACMD_DIR_OUT) || stress_below(t, 2));
	stress_pick_range(t, &c->off, &c->len);
	c->device_done = false;
	c->md_prepared = false;
	if (run->sc->mds == STRESS_MDS_BUFFER)
		down_read(&run->resize);

	stress_busy(win);
	if (c->in) {
		stress_fill(t->pat[c->md], t->id, ++t->gen);
	} else {
		stress_fill(t->cpat, t->id, ++t->gen);
		if (stress_moved(t, iodmacmd_md_write(md, base + c->off, t->cpat + c->off, c->len),
				 c->len, "md_write"))
			memcpy(win->exp + c->off, t->cpat + c->off, c->len);
		/* The window holds its new bytes: others may check it again. */
		stress_rest(win);
	}
	if (run->sc->iokit) {
		if (!stress_ok(t, iodmacmd_md_prepare(md, 0), "md_prepare"))
			goto fail;
		c->md_prepared = true;
	}
	if (!stress_ok(t, iodmacmd_prepare(c->cmd, base + c->off, c->len,
					   IODMACMD_FLUSH_CACHE | IODMACMD_SYNCHRONIZE), "prepare"))
		goto fail;
	c->prepared = true;
	t->busy[c->md] = c - t->cmds;
	if (run->sc->force && !stress_below(t, 4) &&
	    !stress_ok(t, iodmacmd_synchronize(c->cmd, IODMACMD_FORCE_DOUBLE_BUFFER),
		       "synchronize(FORCE_DOUBLE_BUFFER)") &&
	    iodmacmd_prepared_range(c->cmd, NULL, NULL)) {
		/* Forcing completes, then prepares again: that failed. */
		c->prepared = false;
		t->busy[c->md] = -1;
		goto fail;
	}
	return;

fail:
	if (c->md_prepared)
		stress_ok(t, iodmacmd_md_complete(md, 0), "md_complete");
	c->md_prepared = false;
	if (c->in)
		stress_rest(win);
	if (run->sc->mds == STRESS_MDS_BUFFER)
		up_read(&run->resize);
}

static struct stress_cmd *stress_pick_prepared(struct stress_thread *t)
{
	struct stress_cmd *c = stress_pick_cmd(t);

	return c->prepared ? c : NULL;
}

/*
 * The device's side of a prepared transfer: it writes the In pattern, in two
 * pieces, or reads what the CPU wrote for Out.
 */
static void stress_device(struct stress_thread *t, struct stress_cmd *c)
{
	const u8 *exp = t->run->win[c->md][t->id].exp;
	u64 cut = stress_below(t, c->len + 1);
	const u8 *pat = t->pat[c->md] + c->off;
	char what[128];

	if (c->in) {
		if (cut)
			stress_moved(t, iodmacmd_cmd_write(c->cmd, 0, pat, cut), cut, "cmd_write");
		if (c->len - cut)
			stress_moved(t, iodmacmd_cmd_write(c->cmd, cut, pat + cut, c->len - cut),
				     c->len - cut, "cmd_write");
	} else if (stress_moved(t, iodmacmd_cmd_read(c->cmd, 0, t->buf, c->len), c->len,
				"cmd_read")) {
		stress_describe(t, c, iodmacmd_cmd_bounce_reason(c->cmd), what, sizeof(what));
		strlcat(what, ": the device read", sizeof(what));
		stress_compare(t, what, t->buf, exp + c->off, c->off, c->len);
	}
	c->device_done = true;
}

static void stress_op_device(struct stress_thread *t)
{
	struct stress_cmd *c = stress_pick_prepared(t);

	if (c)
		stress_device(t, c);
}

/* genIOVMSegments over the prepared range: every segment fits the command. */
static void stress_op_walk(struct stress_thread *t)
{
	struct stress_cmd *c = stress_pick_prepared(t);
	const struct iodmacmd_spec *spec;
	struct iodmacmd_segment segs[MAX_SEGS];
	u64 offset = 0, total = 0, limit;
	int n, i;

	if (!c)
		return;
	spec = &stress_specs[c->spec];
	limit = spec->address_bits ? (1ULL << spec->address_bits) - 1 : U64_MAX;
	do {
		n = iodmacmd_gen_segments(c->cmd, &offset, segs, MAX_SEGS);
		t->ops++;
		for (i = 0; i < n; i++) {
			const struct iodmacmd_segment *s = &segs[i];
			bool bad = !s->len || s->addr + s->len - 1 > limit;

			if (spec->alignment)
				bad |= !!(s->addr & (spec->alignment - 1));
			if (spec->max_segment_size)
				bad |= s->len > spec->max_segment_size;
			if (spec->segment_boundary)
				bad |= !!((s->addr ^ (s->addr + s->len - 1)) &
					  ~(spec->segment_boundary - 1));
			if (bad) {
				t->errors++;
				stress_note(t, "%s command: segment %#llx+%#llx breaks it",
					    stress_spec_names[c->spec], s->addr, s->len);
			}
			total += s->len;
		}
	} while (n > 0);
	if (n < 0 || total != c->len) {
		t->errors++;
		stress_note(t, "gen_segments: %d, %llu of %llu bytes", n, total, c->len);
	}
}

static unsigned int stress_reason_index(const char *reason)
{
	unsigned int i;

	for (i = 1; reason && i < ARRAY_SIZE(stress_reasons); i++)
		if (!strcmp(reason, stress_reasons[i]))
			return i;
	return 0;
}

/*
 * Completes a transfer (the device writes first if it has not: an In
 * transfer's memory is the device's to fill), then, after the driver's own
 * complete for the IOKit sequence, the window must hold exactly the
 * transfer's bytes.
 */
static void stress_complete(struct stress_thread *t, struct stress_cmd *c)
{
	struct stress_run *run = t->run;
	struct stress_window *win = &run->win[c->md][t->id];
	struct iodmacmd_md *md = run->md[c->md];
	const char *reason;
	char what[128];

	if (c->in && !c->device_done)
		stress_device(t, c);
	reason = iodmacmd_cmd_bounce_reason(c->cmd);
	t->ops++;
	t->transfers[stress_reason_index(reason)]++;
	stress_describe(t, c, reason, what, sizeof(what));
	stress_ok(t, iodmacmd_complete(c->cmd, IODMACMD_INVALIDATE | IODMACMD_SYNCHRONIZE),
		  "complete");
	c->prepared = false;
	t->busy[c->md] = -1;
	if (c->md_prepared)
		stress_ok(t, iodmacmd_md_complete(md, 0), "md_complete");
	c->md_prepared = false;
	if (run->sc->mds == STRESS_MDS_BUFFER)
		up_read(&run->resize);
	if (c->in)
		memcpy(win->exp + c->off, t->pat[c->md] + c->off, c->len);
	if (stress_read_window(t, c->md, t->id)) {
		strlcat(what, ": after complete", sizeof(what));
		stress_compare(t, what, t->buf, win->exp, 0, WIN);
	}
	if (c->in)
		stress_rest(win);
}

static void stress_op_complete(struct stress_thread *t)
{
	struct stress_cmd *c = stress_pick_prepared(t);

	if (c)
		stress_complete(t, c);
}

/* The CPU writes a piece of its window and reads the window back. */
static void stress_op_cpu(struct stress_thread *t)
{
	unsigned int m = stress_below(t, t->run->nr_mds);
	struct stress_window *win = &t->run->win[m][t->id];
	u64 off, len;

	if (t->busy[m] >= 0)
		return;
	stress_pick_range(t, &off, &len);
	stress_fill(t->cpat, t->id, ++t->gen);
	stress_busy(win);
	if (stress_moved(t, iodmacmd_md_write(t->run->md[m], (u64)t->id * WIN + off,
					      t->cpat + off, len), len, "md_write"))
		memcpy(win->exp + off, t->cpat + off, len);
	stress_rest(win);
	stress_check_own(t, m, "after md_write");
}

static void stress_op_get_put(struct stress_thread *t)
{
	struct iodmacmd_md *md = t->run->md[stress_below(t, t->run->nr_mds)];

	iodmacmd_md_get(md);
	iodmacmd_md_put(md);
	t->ops += 2;
}

/*
 * IOKit: the driver holds a descriptor prepared across transfers, so its
 * mapping outlives the commands; dropping the hold may unmap it, and the
 * window must still hold its bytes afterwards.
 */
static void stress_op_hold(struct stress_thread *t)
{
	unsigned int m = stress_below(t, t->run->nr_mds);
	struct iodmacmd_md *md = t->run->md[m];

	if (!t->run->sc->iokit) {
		stress_op_get_put(t);
		return;
	}
	if (!t->holds[m]) {
		if (stress_ok(t, iodmacmd_md_prepare(md, 0), "md_prepare"))
			t->holds[m]++;
		return;
	}
	t->holds[m]--;
	stress_ok(t, iodmacmd_md_complete(md, 0), "md_complete");
	if (t->busy[m] < 0)
		stress_check_own(t, m, "after the driver's md_complete");
}

/* Completes, detaches and destroys everything; the windows end at rest. */
static void stress_cleanup(struct stress_thread *t)
{
	struct stress_run *run = t->run;
	unsigned int i, m;

	for (i = 0; i < NR_CMDS; i++) {
		struct stress_cmd *c = &t->cmds[i];

		if (c->prepared)
			stress_complete(t, c);
		if (c->cmd)
			iodmacmd_cmd_destroy(c->cmd);
		c->cmd = NULL;
	}
	for (m = 0; m < run->nr_mds; m++) {
		while (t->holds[m]) {
			t->holds[m]--;
			stress_ok(t, iodmacmd_md_complete(run->md[m], 0), "md_complete");
		}
		stress_check_own(t, m, "after the worker's last operation");
	}
}

/* A worker on shared descriptors, the buffer among them. */
static void stress_shared_worker(struct stress_thread *t)
{
	while (stress_more(t)) {
		unsigned int r = stress_below(t, 100);

		if (r < 6)
			stress_op_toggle_cmd(t);
		else if (r < 14)
			stress_op_attach(t);
		else if (r < 34)
			stress_op_prepare(t);
		else if (r < 48)
			stress_op_device(t);
		else if (r < 56)
			stress_op_walk(t);
		else if (r < 76)
			stress_op_complete(t);
		else if (r < 86)
			stress_op_cpu(t);
		else if (r < 93)
			stress_op_check(t);
		else
			stress_op_hold(t);
		cond_resched();
	}
	atomic_dec(&t->run->workers_left);
	stress_cleanup(t);
}

/*
 * A window on a new buffer, which holds the buffer's only reference: its
 * last release frees both. Each has memory of its own, so no two mappings
 * ever cover the same bytes (dma-debug refuses overlapping mappings).
 */
static struct iodmacmd_md *stress_slot_md(u32 dir)
{
	struct iodmacmd_md *buf, *md;

	/* Contiguous: vmap() and vunmap() would cost more than the rest. */
	buf = iodmacmd_buffer_create(IODMACMD_DIR_INOUT | IODMACMD_BUFFER_CONTIGUOUS,
				     SPAN + 2 * PAGE_SIZE, 0, 0);
	if (IS_ERR(buf))
		return buf;
	md = iodmacmd_md_create_sub(buf, PAGE_SIZE + SKEW, SPAN, dir);
	iodmacmd_md_put(buf);
	return md;
}

/* A new descriptor replaces the shared one, which its last user frees. */
static void stress_op_republish(struct stress_thread *t)
{
	struct stress_run *run = t->run;
	struct iodmacmd_md *md, *old;

	md = stress_slot_md(stress_below(t, 3) ? IODMACMD_DIR_INOUT : IODMACMD_DIR_IN);
	t->ops += 3;
	if (!stress_ok(t, PTR_ERR_OR_ZERO(md), "buffer_create or md_create_sub"))
		return;
	spin_lock(&run->slot_lock);
	old = run->slot;
	run->slot = md;
	spin_unlock(&run->slot_lock);
	iodmacmd_md_put(old);
	t->ops++;
}

/*
 * One transfer on the shared descriptor of the moment, under a reference of
 * the worker's own: the CPU fills its window, the device reads or writes a
 * piece, and the window must hold exactly the result.
 */
static void stress_op_use(struct stress_thread *t)
{
	struct stress_run *run = t->run;
	struct stress_cmd *c = stress_pick_cmd(t);
	u64 base = (u64)t->id * WIN;
	struct iodmacmd_md *md;
	const char *reason;
	char what[128];

	if (!c->cmd && !stress_create_cmd(t, c))
		return;
	spin_lock(&run->slot_lock);
	md = run->slot;
	iodmacmd_md_get(md);
	spin_unlock(&run->slot_lock);
	t->ops++;

	c->in = iodmacmd_md_direction(md) == IODMACMD_DIR_IN || stress_below(t, 2);
	stress_pick_range(t, &c->off, &c->len);
	stress_fill(t->exp, t->id, ++t->gen);
	stress_fill(t->pat[0], t->id, ++t->gen);
	if (!stress_moved(t, iodmacmd_md_write(md, base, t->exp, WIN), WIN, "md_write"))
		goto put;
	if (!stress_ok(t, iodmacmd_set_md(c->cmd, md, false), "set_md"))
		goto put;
	if (!stress_ok(t, iodmacmd_prepare(c->cmd, base + c->off, c->len,
					   IODMACMD_FLUSH_CACHE | IODMACMD_SYNCHRONIZE), "prepare"))
		goto clear;
	if (run->sc->force && !stress_below(t, 4))
		stress_ok(t, iodmacmd_synchronize(c->cmd, IODMACMD_FORCE_DOUBLE_BUFFER),
			  "synchronize(FORCE_DOUBLE_BUFFER)");
	reason = iodmacmd_cmd_bounce_reason(c->cmd);
	t->ops++;
	t->transfers[stress_reason_index(reason)]++;
	snprintf(what, sizeof(what), "%s slot [%#llx+%#llx] %s, %s", c->in ? "In" : "Out",
		 c->off, c->len, stress_spec_names[c->spec], reason ?: "mapped");
	if (c->in) {
		stress_moved(t, iodmacmd_cmd_write(c->cmd, 0, t->pat[0] + c->off, c->len), c->len,
			     "cmd_write");
		memcpy(t->exp + c->off, t->pat[0] + c->off, c->len);
	} else if (stress_moved(t, iodmacmd_cmd_read(c->cmd, 0, t->buf, c->len), c->len,
				"cmd_read")) {
		stress_compare(t, what, t->buf, t->exp + c->off, c->off, c->len);
	}
	stress_ok(t, iodmacmd_complete(c->cmd, IODMACMD_INVALIDATE | IODMACMD_SYNCHRONIZE),
		  "complete");
	if (stress_moved(t, iodmacmd_md_read(md, base, t->buf, WIN), WIN, "md_read")) {
		strlcat(what, ": after complete", sizeof(what));
		stress_compare(t, what, t->buf, t->exp, 0, WIN);
	}
clear:
	stress_ok(t, iodmacmd_clear_md(c->cmd, true), "clear_md");
put:
	iodmacmd_md_put(md);
	t->ops++;
}

/* A worker of the get/put case. */
static void stress_slot_worker(struct stress_thread *t)
{
	unsigned int i;

	while (stress_more(t)) {
		unsigned int r = stress_below(t, 100);

		if (r < 8)
			stress_op_republish(t);
		else if (r < 12)
			stress_op_toggle_cmd(t);
		else
			stress_op_use(t);
		cond_resched();
	}
	atomic_dec(&t->run->workers_left);
	for (i = 0; i < NR_CMDS; i++)
		iodmacmd_cmd_destroy(t->cmds[i].cmd);
}

/*
 * The third party: changes the buffer's length, never below the windows,
 * while no command has it prepared, until the workers are done. It only
 * tries: a writer waiting on the lock would stop the workers' prepares
 * until both completed, and the workers would take turns instead of
 * running side by side.
 */
static void stress_resizer(struct stress_thread *t)
{
	struct stress_run *run = t->run;
	struct iodmacmd_md *md = run->md[0];
	u64 cap = iodmacmd_buffer_capacity(md), len, at;

	t->ops++;
	while (atomic_read(&run->workers_left) && !time_after(jiffies, run->deadline)) {
		/* Leave the workers time to prepare between two changes. */
		usleep_range(50, 200);
		if (!down_write_trylock(&run->resize))
			continue;
		len = SPAN + stress_below(t, cap - SPAN + 1);
		t->resizes++;
		if (stress_below(t, 2)) {
			stress_ok(t, iodmacmd_buffer_set_length(md, len), "buffer_set_length");
		} else {
			at = SPAN + stress_below(t, len - SPAN + 1);
			stress_ok(t, iodmacmd_buffer_set_length(md, at), "buffer_set_length");
			t->ops++;
			if (!iodmacmd_buffer_append(md, NULL, len - at)) {
				t->errors++;
				stress_note(t, "buffer_append of %llu bytes at %llu failed",
					    len - at, at);
			}
		}
		t->ops++;
		if (iodmacmd_md_length(md) != len) {
			t->errors++;
			stress_note(t, "length %llu after setting %llu",
				    iodmacmd_md_length(md), len);
		}
		up_write(&run->resize);
	}
}

static int stress_thread_fn(void *data)
{
	struct stress_thread *t = data;

	t->fn(t);
	complete(&t->done);
	return 0;
}

/* Thread @i runs on CPU @i when it exists, so the workers run side by side. */
static int stress_start(struct stress_run *run, unsigned int i,
			void (*fn)(struct stress_thread *t), u64 target)
{
	struct stress_thread *t = &run->threads[i];
	struct task_struct *task;

	t->fn = fn;
	t->target = target;
	task = kthread_create(stress_thread_fn, t, "iodmacmd_stress/%u", i);
	if (IS_ERR(task))
		return PTR_ERR(task);
	if (i < NR_WORKERS && i < nr_cpu_ids && cpu_online(i))
		kthread_bind(task, i);
	/* kthread_stop() after the thread returned needs the task to stay. */
	get_task_struct(task);
	t->task = task;
	wake_up_process(task);
	return 0;
}

/*
 * Waits for a thread, until the cap and a grace period. A thread that
 * oopsed (a use-after-free can end there) never completes, but it is gone
 * and kthread_stop() returns at once. One still there after the grace
 * period waits for a lock a dead thread held, for ever: it is left behind,
 * with its task reference. Return: whether the thread finished its work.
 */
static bool stress_join(struct stress_run *run, struct stress_thread *t)
{
	long wait = (long)(run->deadline + GRACE_S * HZ - jiffies);
	bool finished;

	if (!t->task)
		return true;
	finished = wait_for_completion_timeout(&t->done, max(wait, 1L));
	if (!finished && !(READ_ONCE(t->task->flags) & PF_EXITING)) {
		t->lost = true;
		run->lost = true;
		return false;
	}
	kthread_stop(t->task);
	put_task_struct(t->task);
	t->task = NULL;
	return finished;
}

static void stress_restore_masks(void *data)
{
	struct device *dev = data;

	dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
}

/*
 * The case's device: streaming mask 64 bits so that only the commands' own
 * limits bounce, coherent mask 32 bits so that bounce memory fits the
 * narrowest command (README: the policy for narrow commands).
 */
static struct device *stress_case_device(struct kunit *test, bool edu)
{
	struct device *dev;

	if (edu) {
		if (!iodmacmd_test_edu)
			kunit_skip(test, "no edu device");
		dev = &iodmacmd_test_edu->dev;
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, stress_restore_masks, dev),
				0);
		KUNIT_ASSERT_EQ(test, dma_set_mask(dev, DMA_BIT_MASK(64)), 0);
	} else {
		dev = iodmacmd_test_device(test, 64);
	}
	KUNIT_ASSERT_EQ(test, dma_set_coherent_mask(dev, DMA_BIT_MASK(32)), 0);
	return dev;
}

/*
 * A kernel descriptor on vmalloc memory (physically scattered) and an
 * In-only window on another one, which the DMA API maps from the device.
 */
static void stress_make_shared(struct kunit *test, struct stress_run *run)
{
	u8 *mem0 = iodmacmd_test_vmalloc(test, SKEW + SPAN + PAGE_SIZE);
	u8 *mem1 = iodmacmd_test_vmalloc(test, 2 * PAGE_SIZE + SPAN);
	struct iodmacmd_range r0 = { (uintptr_t)mem0 + SKEW, SPAN };
	struct iodmacmd_range r1 = { (uintptr_t)mem1, 2 * PAGE_SIZE + SPAN };
	struct iodmacmd_md *parent;

	run->md[0] = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r0, 1,
								      IODMACMD_DIR_INOUT));
	run->md_name[0] = "kernel md";
	parent = iodmacmd_test_md(test, iodmacmd_md_create_kernel(&r1, 1, IODMACMD_DIR_INOUT));
	run->md[1] = iodmacmd_test_md(test, iodmacmd_md_create_sub(parent, PAGE_SIZE + SKEW / 2,
								   SPAN, IODMACMD_DIR_IN));
	run->md_name[1] = "In-only sub md";
	run->nr_mds = 2;
}

/* A buffer of separate pages, with room to grow past the windows. */
static void stress_make_buffer(struct kunit *test, struct stress_run *run)
{
	run->md[0] = iodmacmd_test_md(test, iodmacmd_buffer_create(IODMACMD_DIR_INOUT,
								   SPAN + 3 * PAGE_SIZE - 0x100,
								   0, 0));
	run->md_name[0] = "buffer";
	run->nr_mds = 1;
}

static void stress_put_slot(void *data)
{
	struct stress_run *run = data;

	iodmacmd_md_put(run->slot);
}

static void stress_report(struct kunit *test, struct stress_run *run, u64 ms)
{
	unsigned long errors = 0, mismatches = 0, resizes = 0;
	unsigned long transfers[NR_REASONS] = {};
	u64 total = 0, target = 0;
	bool capped = false;
	unsigned int i, j;

	for (i = 0; i < NR_THREADS; i++) {
		struct stress_thread *t = &run->threads[i];

		for (j = 0; j < t->nr_first; j++)
			kunit_err(test, "thread %u: %s\n", i, t->first[j]);
		if (t->errors || t->mismatches)
			kunit_err(test, "thread %u: %lu errors, %lu mismatches in %llu operations\n",
				  i, t->errors, t->mismatches, t->ops);
		errors += t->errors;
		mismatches += t->mismatches;
		total += t->ops;
		target += i < NR_WORKERS ? t->target : 0;
		capped |= t->capped;
		resizes += t->resizes;
		for (j = 0; j < ARRAY_SIZE(transfers); j++)
			transfers[j] += t->transfers[j];
	}
	stress_total_ops += total;
	stress_total_ms += ms;
	kunit_info(test, "%s: seed %#llx, %llu operations in %llu ms (%llu/s)%s\n",
		   run->sc->name, stress_seed, total, ms,
		   ms ? div64_u64(total * 1000, ms) : 0,
		   capped ? ", stopped by the time cap" : "");
	if (capped)
		kunit_info(test, "the workers made %llu of their %llu operations in %u s\n",
			   total - run->threads[NR_WORKERS].ops, target, stress_seconds);
	kunit_info(test, "transfers: %lu mapped; bounced: %lu address bits, %lu alignment, %lu device reach, %lu forced\n",
		   transfers[0], transfers[1], transfers[2], transfers[3], transfers[4]);
	if (run->sc->mds == STRESS_MDS_BUFFER)
		kunit_info(test, "%lu buffer length changes\n", resizes);
	KUNIT_EXPECT_EQ(test, mismatches, 0);
	KUNIT_EXPECT_EQ(test, errors, 0);
}

/*
 * After the workers: every window, at rest for good, holds its owner's last
 * bytes. A mapping that outlived its commands (a descriptor the driver
 * prepared) was unmapped last, by whichever worker completed it last.
 */
static void stress_final_check(struct kunit *test, struct stress_run *run)
{
	u8 *got = kunit_kmalloc(test, WIN, GFP_KERNEL);
	unsigned int m, o;

	KUNIT_ASSERT_NOT_NULL(test, got);
	for (m = 0; m < run->nr_mds; m++) {
		for (o = 0; o < NR_WORKERS; o++) {
			KUNIT_ASSERT_EQ(test, iodmacmd_md_read(run->md[m], (u64)o * WIN, got, WIN),
					WIN);
			KUNIT_EXPECT_MEMEQ_MSG(test, got, run->win[m][o].exp, WIN,
					       "worker %u's window of %s at the end", o,
					       run->md_name[m]);
		}
	}
}

static void stress_run(struct kunit *test, const struct stress_scenario *sc)
{
	const bool *edu = test->param_value;
	struct stress_run *run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
	u64 left = stress_ops > stress_total_ops ? stress_ops - stress_total_ops : 0;
	u64 per_worker;
	void (*worker)(struct stress_thread *t);
	struct iodmacmd_md *first;
	unsigned int i, m;
	bool finished = true;
	ktime_t start;
	int err = 0;

	/* A skipped case leaves its share to the next ones. */
	per_worker = div64_u64(left, max(stress_cases_left, 1U) * NR_WORKERS);
	per_worker = max_t(u64, per_worker, MIN_OPS);
	if (stress_cases_left)
		stress_cases_left--;
	KUNIT_ASSERT_NOT_NULL(test, run);
	run->sc = sc;
	run->dev = stress_case_device(test, *edu);
	init_rwsem(&run->resize);
	spin_lock_init(&run->slot_lock);
	switch (sc->mds) {
	case STRESS_MDS_SHARED:
		stress_make_shared(test, run);
		break;
	case STRESS_MDS_BUFFER:
		stress_make_buffer(test, run);
		break;
	case STRESS_MDS_SLOT:
		first = stress_slot_md(IODMACMD_DIR_INOUT);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, first);
		run->slot = first;
		/* The slot's reference: whoever replaces the descriptor drops it. */
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, stress_put_slot, run), 0);
		break;
	}
	for (i = 0; i < NR_THREADS; i++) {
		struct stress_thread *t = &run->threads[i];

		t->run = run;
		t->id = i;
		t->rng = stress_mix(stress_seed ^ stress_mix((u64)sc->nr << 8 | *edu << 4 | i));
		init_completion(&t->done);
		for (m = 0; m < NR_MDS; m++) {
			t->busy[m] = -1;
			t->pat[m] = kunit_kmalloc(test, WIN, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, t->pat[m]);
		}
		for (m = 0; m < NR_CMDS; m++)
			t->cmds[m].md = -1;
		t->cpat = kunit_kmalloc(test, WIN, GFP_KERNEL);
		t->buf = kunit_kmalloc(test, WIN, GFP_KERNEL);
		t->exp = kunit_kmalloc(test, WIN, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->cpat);
		KUNIT_ASSERT_NOT_NULL(test, t->buf);
		KUNIT_ASSERT_NOT_NULL(test, t->exp);
	}
	for (m = 0; m < run->nr_mds; m++) {
		for (i = 0; i < NR_WORKERS; i++) {
			struct stress_window *win = &run->win[m][i];

			seqcount_init(&win->seq);
			win->exp = kunit_kmalloc(test, WIN, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, win->exp);
			stress_fill(win->exp, i, 0);
			KUNIT_ASSERT_EQ(test, iodmacmd_md_write(run->md[m], (u64)i * WIN,
								win->exp, WIN), WIN);
		}
	}

	/* No assertion from here until the threads are joined: they use all of this. */
	worker = sc->mds == STRESS_MDS_SLOT ? stress_slot_worker : stress_shared_worker;
	atomic_set(&run->workers_left, NR_WORKERS);
	run->deadline = jiffies + stress_seconds * HZ;
	start = ktime_get();
	for (i = 0; i < NR_WORKERS && !err; i++)
		err = stress_start(run, i, worker, per_worker);
	if (!err && sc->mds == STRESS_MDS_BUFFER)
		err = stress_start(run, NR_WORKERS, stress_resizer, U64_MAX);
	if (err)
		run->deadline = jiffies;
	for (i = 0; i < NR_THREADS; i++) {
		if (stress_join(run, &run->threads[i]))
			continue;
		finished = false;
		KUNIT_FAIL(test, "thread %u %s (see the oops above)", i,
			   run->threads[i].lost ? "never finished" : "died before finishing");
	}
	if (run->lost) {
		/*
		 * A thread stuck on a descriptor's lock must never find that
		 * lock freed: the descriptors stay, leaked.
		 */
		for (m = 0; m < run->nr_mds; m++)
			iodmacmd_md_get(run->md[m]);
	}
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "a thread did not start");

	stress_report(test, run, ktime_ms_delta(ktime_get(), start));
	/* A dead thread's windows hold whatever it left. */
	if (sc->mds != STRESS_MDS_SLOT && finished)
		stress_final_check(test, run);
}

static const bool stress_on_edu[] = { false, true };

static void stress_device_desc(const bool *edu, char *desc)
{
	strscpy(desc, *edu ? "edu" : "kunit device", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stress_dev, stress_on_edu, stress_device_desc);

/*
 * Commands that never bounce share two descriptors: one mapping per
 * descriptor, its sync calls (swiotlb copies) and its last unmap shared by
 * both CPUs.
 */
static void iodmacmd_stress_test_shared_mapped(struct kunit *test)
{
	static const struct stress_scenario sc = {
		.nr = 1, .name = "shared descriptors, mapped commands",
		.mds = STRESS_MDS_SHARED, .nr_specs = 2,
	};

	stress_run(test, &sc);
}

/* Bouncing and mapped commands on the same descriptors at once. */
static void iodmacmd_stress_test_mapped_bounced_mix(struct kunit *test)
{
	static const struct stress_scenario sc = {
		.nr = 2, .name = "mapped and bounced commands",
		.mds = STRESS_MDS_SHARED, .nr_specs = NR_SPECS, .force = true,
	};

	stress_run(test, &sc);
}

/*
 * IOKit's sequence: the driver prepares the descriptor, then its commands;
 * the mapping stays after them until the descriptor's last complete, which
 * either CPU may make.
 */
static void iodmacmd_stress_test_iokit_sequence(struct kunit *test)
{
	static const struct stress_scenario sc = {
		.nr = 3, .name = "IOKit sequence with md_prepare",
		.mds = STRESS_MDS_SHARED, .nr_specs = NR_SPECS, .force = true, .iokit = true,
	};

	stress_run(test, &sc);
}

/*
 * Descriptors made, taken and dropped by both CPUs: the last reference,
 * from either, frees the descriptor and its mapping.
 */
static void iodmacmd_stress_test_get_put(struct kunit *test)
{
	static const struct stress_scenario sc = {
		.nr = 4, .name = "get/put of shared descriptors",
		.mds = STRESS_MDS_SLOT, .nr_specs = NR_SPECS, .force = true,
	};

	stress_run(test, &sc);
}

/* A third party changes a buffer's length between the workers' transfers. */
static void iodmacmd_stress_test_buffer_length(struct kunit *test)
{
	static const struct stress_scenario sc = {
		.nr = 5, .name = "buffer length changes",
		.mds = STRESS_MDS_BUFFER, .nr_specs = NR_SPECS, .force = true,
	};

	stress_run(test, &sc);
}

static int iodmacmd_stress_suite_init(struct kunit_suite *suite)
{
	stress_total_ops = 0;
	stress_total_ms = 0;
	stress_cases_left = NR_CASES;
	return iodmacmd_test_edu_bind();
}

static void iodmacmd_stress_suite_exit(struct kunit_suite *suite)
{
	iodmacmd_test_edu_unbind();
	pr_info("iodmacmd_stress: %llu operations in %llu ms (ops=%llu, seconds=%u, seed=%#llx)\n",
		stress_total_ops, stress_total_ms, stress_ops, stress_seconds, stress_seed);
}

static struct kunit_case iodmacmd_stress_test_cases[] = {
	/* The slowest first: the faster ones make up for what they missed. */
	KUNIT_CASE_PARAM(iodmacmd_stress_test_get_put, stress_dev_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_stress_test_buffer_length, stress_dev_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_stress_test_mapped_bounced_mix, stress_dev_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_stress_test_shared_mapped, stress_dev_gen_params),
	KUNIT_CASE_PARAM(iodmacmd_stress_test_iokit_sequence, stress_dev_gen_params),
	{}
};

static struct kunit_suite iodmacmd_stress_test_suite = {
	.name = "iodmacmd_stress",
	.suite_init = iodmacmd_stress_suite_init,
	.suite_exit = iodmacmd_stress_suite_exit,
	.test_cases = iodmacmd_stress_test_cases,
};

kunit_test_suite(iodmacmd_stress_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit concurrency stress tests for iodmacmd");
IODMACMD_IMPORT_NS();
