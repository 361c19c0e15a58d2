/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two bad-input KUnit modules share: iodmacmd_badinput_kunit.c
 * (the Linux face) and iodmacmd_badinput_iokit_kunit.c (the porting face).
 * The fixture sizes and fill bytes, the bad object pointers and the table
 * machinery that makes one KUnit parameter per function and bad pointer,
 * the bad ranges of a descriptor and the table of (kind, operation, range)
 * built from them, and the named cases of the other tables. What calls a
 * face's functions stays in that face's module.
 */
#ifndef _IODMACMD_BADINPUT_H
#define _IODMACMD_BADINPUT_H

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

/* The length of every fixture descriptor: more than a page, not a multiple. */
#define MD_LEN		5000
/* What a buffer the call must not touch is filled with. */
#define SENTINEL	0xa5
/* What a refused write would have stored. */
#define JUNK		0x5a

static inline void fill_pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

static inline u8 *test_alloc(struct kunit *test, size_t len, int byte)
{
	u8 *p = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, byte, len);
	return p;
}

static inline bool all_bytes(const void *p, size_t len, int byte)
{
	return !memchr_inv(p, byte, len);
}

/* The three bad object pointers every entry point must refuse. */
enum bad_kind { BAD_NULL, BAD_ENOMEM, BAD_MAX_ERRNO, NR_BAD_KINDS };

static const char *const bad_kind_names[NR_BAD_KINDS] __maybe_unused = {
	"NULL", "ERR_PTR(-ENOMEM)", "ERR_PTR(-MAX_ERRNO)",
};

static inline void *bad_pointer(enum bad_kind kind)
{
	switch (kind) {
	case BAD_NULL:
		return NULL;
	case BAD_ENOMEM:
		return ERR_PTR(-ENOMEM);
	default:
		return ERR_PTR(-MAX_ERRNO);
	}
}

/* --- NULL and error pointers --- */

/* A function taking an object, and whether NULL is a valid value for it. */
struct ptr_fn {
	const char *name;
	void (*run)(struct kunit *test, void *bad);
	bool null_is_valid;
};

#define PTR_FN(fn)	{ #fn, p_##fn, false }
/* Where NULL means something (a physical task, no device): error pointers only. */
#define ERR_FN(fn)	{ #fn, p_##fn, true }

/* One case per function and bad pointer. */
struct ptr_param {
	const struct ptr_fn *fn;
	enum bad_kind kind;
};

static inline unsigned int build_ptr_params(const struct ptr_fn *fns, size_t nr_fns,
					    struct ptr_param *params)
{
	unsigned int n = 0, kind;
	size_t i;

	for (i = 0; i < nr_fns; i++)
		for (kind = 0; kind < NR_BAD_KINDS; kind++)
			if (kind != BAD_NULL || !fns[i].null_is_valid)
				params[n++] = (struct ptr_param){ &fns[i], kind };
	return n;
}

static inline const void *next_ptr_param(const struct ptr_param *params, unsigned int n,
					 const void *prev, char *desc)
{
	const struct ptr_param *p = prev ? (const struct ptr_param *)prev + 1 : params;

	if (p >= params + n)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s(%s)", p->fn->name, bad_kind_names[p->kind]);
	return p;
}

static inline void run_ptr_param(struct kunit *test)
{
	const struct ptr_param *p = test->param_value;

	p->fn->run(test, bad_pointer(p->kind));
}

/*
 * Defines @name_gen_params(), a KUnit parameter generator giving one case
 * per function of the array @name_cases and bad pointer; the table is
 * built on first use.
 */
#define PTR_PARAMS(name)							\
	static struct ptr_param name##_params[ARRAY_SIZE(name##_cases) * NR_BAD_KINDS]; \
	static unsigned int nr_##name##_params;					\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		if (!nr_##name##_params)					\
			nr_##name##_params = build_ptr_params(name##_cases,	\
							      ARRAY_SIZE(name##_cases), \
							      name##_params);	\
		return next_ptr_param(name##_params, nr_##name##_params, prev, desc); \
	}

/* --- offsets and lengths --- */

/* Ranges of a MD_LEN-byte descriptor that must all be refused. */
struct bad_range {
	const char *name;
	u64 offset;
	u64 length;
};

static const struct bad_range bad_ranges[] __maybe_unused = {
	{ "at the end", MD_LEN, 1 },
	{ "past the end", MD_LEN + 1, 1 },
	{ "last byte and one more", MD_LEN - 1, 2 },
	{ "all and one more", 0, MD_LEN + 1 },
	{ "length U64_MAX", 0, U64_MAX },
	{ "offset 1 length U64_MAX (end wraps to 0)", 1, U64_MAX },
	{ "last byte, end wrapping to 1", MD_LEN - 1, U64_MAX - MD_LEN + 3 },
	{ "offset U64_MAX", U64_MAX, 1 },
	{ "offset and length U64_MAX", U64_MAX, U64_MAX },
	{ "offset and length 2^63 (end wraps to 0)", 1ULL << 63, 1ULL << 63 },
	{ "empty", 0, 0 },
};

/* One case per descriptor kind, operation and bad range (the module's enums). */
struct range_param {
	unsigned int kind;
	unsigned int op;
	const struct bad_range *range;
};

/*
 * Every kind with every operation and every range that @applies says the
 * operation refuses, in that order, into @params; returns how many.
 */
static inline unsigned int
build_range_params(struct range_param *params, unsigned int nr_kinds, unsigned int nr_ops,
		   bool (*applies)(unsigned int kind, unsigned int op, const struct bad_range *r))
{
	unsigned int kind, op, i, n = 0;

	for (kind = 0; kind < nr_kinds; kind++)
		for (op = 0; op < nr_ops; op++)
			for (i = 0; i < ARRAY_SIZE(bad_ranges); i++) {
				if (!applies(kind, op, &bad_ranges[i]))
					continue;
				params[n++] = (struct range_param){
					.kind = kind, .op = op, .range = &bad_ranges[i],
				};
			}
	return n;
}

/* The case after @prev, described as "kind operation, range". */
static inline const void *next_range_param(const struct range_param *params, unsigned int n,
					   const void *prev, char *desc,
					   const char *const *kind_names,
					   const char *const *op_names)
{
	const struct range_param *p = prev ? (const struct range_param *)prev + 1 : params;

	if (p >= params + n)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s, %s", kind_names[p->kind],
		 op_names[p->op], p->range->name);
	return p;
}

/*
 * Defines @name_gen_params(), a KUnit parameter generator giving one case
 * per descriptor kind, operation and bad range that the operation refuses;
 * the table is built on first use. The module defines enum md_kind (up to
 * NR_KINDS) named by kind_names[], its operations (up to NR_RANGE_OPS)
 * named by @name_op_names[], and @name_applies(), which says whether an
 * operation on a kind refuses a range.
 */
#define RANGE_PARAMS(name)							\
	static struct range_param name##_params[NR_KINDS * NR_RANGE_OPS *	\
						ARRAY_SIZE(bad_ranges)];	\
	static unsigned int nr_##name##_params;					\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		if (!nr_##name##_params)					\
			nr_##name##_params = build_range_params(name##_params,	\
								NR_KINDS, NR_RANGE_OPS, \
								name##_applies); \
		return next_range_param(name##_params, nr_##name##_params, prev, desc, \
					kind_names, name##_op_names);		\
	}

/* --- named cases --- */

/* A case of a table of named functions. */
struct fn_case {
	const char *name;
	void (*run)(struct kunit *test);
};

static inline void fn_case_desc(const struct fn_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

/* An errno and the name a case of the errno suite goes by. */
struct errno_case {
	const char *name;
	int err;
};

static inline void errno_case_desc(const struct errno_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

#endif /* _IODMACMD_BADINPUT_H */
