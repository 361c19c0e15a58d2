/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOTypes for porters: Apple's scalar types, IODirection and the task
 * handle, so that a macOS driver's declarations compile unchanged.
 *
 * Sizes are those of 64-bit macOS (__LP64__). IOPhysicalAddress and
 * IOByteCount are 64 bits on every Linux architecture, because a physical
 * address can exceed 32 bits even on a 32-bit kernel.
 *
 * IOVirtualAddress (and so IOLogicalAddress) is uintptr_t, pointer-sized,
 * which is Apple's rule too: mach_vm_address_t (64 bits) on 64-bit
 * kernels, vm_address_t (32 bits) on i386 and arm. On 64-bit Linux it is
 * unsigned long where Apple's is unsigned long long: the same width, a
 * different C type (print it with %lx, not %llx). IOVirtualRange.address
 * is u64 on every architecture, as IOAddressRange's (see below).
 */
#ifndef _IOKIT_IOTYPES_H
#define _IOKIT_IOTYPES_H

#include <linux/sched/task.h>
#include <linux/types.h>
#include <IOKit/IOReturn.h>
#include <iodmacmd/iodmacmd.h>

/* libkern/OSTypes.h */
typedef u8 UInt8;
typedef u16 UInt16;
typedef u32 UInt32;
typedef u64 UInt64;
typedef s8 SInt8;
typedef s16 SInt16;
typedef s32 SInt32;
typedef s64 SInt64;
/*
 * Apple's LP64 kernel headers make Boolean bool in C++ and _Bool in C99 and
 * later (kernel C is gnu11), so that "Boolean b = 2;" stores 1 and
 * "b == true" holds. sizeof is 1, as before.
 */
typedef bool Boolean;

/* IOTypes.h */
typedef u64 IOByteCount;
typedef u32 IOByteCount32;
typedef u64 IOByteCount64;
typedef u32 IOItemCount;
typedef u32 IOOptionBits;
typedef s32 IOFixed;
typedef u32 IOVersion;
typedef u32 IOCacheMode;
typedef unsigned int IOAlignment;
typedef u32 IOPhysicalAddress32;
typedef u64 IOPhysicalAddress64;
typedef u64 IOPhysicalAddress;
typedef u32 IOPhysicalLength32;
typedef u64 IOPhysicalLength64;
typedef u64 IOPhysicalLength;
typedef uintptr_t IOVirtualAddress;
typedef uintptr_t IOLogicalAddress;	/* Apple: IOVirtualAddress, the same type */
typedef u64 mach_vm_address_t;
typedef u64 mach_vm_size_t;

/* mach/vm_types.h: addr64_t is 64 bits everywhere, vm_offset_t pointer-sized. */
typedef u64 addr64_t;
typedef uintptr_t vm_offset_t;
typedef vm_offset_t vm_address_t;

/*
 * Apple's layout, {address, length}, 16 bytes as on 64-bit macOS. Apple's
 * struct is anonymous; the tag here only names it.
 */
struct IOPhysicalRange {
	IOPhysicalAddress address;
	IOByteCount length;
};

typedef struct IOPhysicalRange IOPhysicalRange;

/*
 * IOKit's IOAddressRange {address, length} is iodmacmd's range. On 64-bit
 * macOS IOVirtualRange is the same type (its address a 64-bit
 * mach_vm_address_t), and code passes one for the other: so here too.
 */
typedef struct iodmacmd_range IOAddressRange;
typedef struct iodmacmd_range IOVirtualRange;

/* Direction of a transfer, with respect to the described memory. */
typedef u32 IODirection;

#define kIODirectionNone		IODMACMD_DIR_NONE
#define kIODirectionIn			IODMACMD_DIR_IN		/* the device writes memory */
#define kIODirectionOut			IODMACMD_DIR_OUT	/* the device reads memory */
#define kIODirectionOutIn		IODMACMD_DIR_INOUT
#define kIODirectionInOut		IODMACMD_DIR_INOUT
#define kIOMemoryDirectionMask		IODMACMD_DIR_MASK

/* Flags for IOMemoryDescriptorPrepare() only; they have no effect here. */
#define kIODirectionPrepareToPhys32	0x00000004
#define kIODirectionPrepareNoFault	0x00000008
#define kIODirectionPrepareNonCoherent	0x00000020

/* Flags for IOMemoryDescriptorComplete() only; they have no effect here. */
#define kIODirectionCompleteWithError	0x00000040
#define kIODirectionCompleteWithDataValid 0x00000080

/*
 * A task names the address space of virtual ranges: kernel_task for
 * kernel virtual memory, NULL for physical addresses, any other task (e.g.
 * current) for that process's memory.
 */
typedef struct task_struct *task_t;

#define kernel_task			(&init_task)

#endif /* _IOKIT_IOTYPES_H */
