// SPDX-License-Identifier: GPL-2.0
/*
 * edu_user: runs edu_iodmacmd transfers over this process's own memory.
 *
 *	edu_user SIZE[+OFFSET]...
 *
 * For each argument it fills SIZE bytes at OFFSET into a page-aligned
 * buffer with a pattern and write()s them to /dev/edu_iodmacmd: the driver
 * has the device read them (user-out) and then write their complement back
 * (user-in). It prints the driver's result lines, then checks the
 * complement itself. Exit status 0 only when every transfer and every check
 * passed. Built static (gcc -static -O2) to run in a busybox initramfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEV "/dev/edu_iodmacmd"

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 13 + 5) ^ (unsigned char)(i >> 9);
}

static int one(int fd, size_t size, size_t offset)
{
	size_t alloc = (size + offset + 4095) & ~(size_t)4095;
	unsigned char *buf = aligned_alloc(4096, alloc);
	char result[1024];
	size_t i, bad = 0;
	ssize_t n;
	int ok = 1;

	if (!buf) {
		perror("aligned_alloc");
		return 0;
	}
	for (i = 0; i < size; i++)
		buf[offset + i] = pattern(i);
	n = write(fd, buf + offset, size);
	if (n != (ssize_t)size) {
		fprintf(stderr, "edu_user: write %zu bytes: %s\n", size,
			n < 0 ? strerror(errno) : "short write");
		ok = 0;
	}
	if (lseek(fd, 0, SEEK_SET) < 0)
		perror("lseek");
	n = read(fd, result, sizeof(result) - 1);
	if (n > 0) {
		result[n] = '\0';
		fputs(result, stdout);
	}
	for (i = 0; i < size; i++)
		if (buf[offset + i] != (unsigned char)~pattern(i))
			bad++;
	if (bad)
		ok = 0;
	printf("edu_user size=%zu offset=%zu user-check %zu/%zu %s\n", size, offset,
	       size - bad, size, ok ? "OK" : "FAIL");
	free(buf);
	return ok;
}

int main(int argc, char **argv)
{
	int fd, i, failed = 0;

	fd = open(DEV, O_RDWR);
	if (fd < 0) {
		perror(DEV);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char *plus;
		size_t size = strtoul(argv[i], &plus, 0), offset = 0;

		if (*plus == '+')
			offset = strtoul(plus + 1, NULL, 0);
		if (!size || offset >= 4096) {
			fprintf(stderr, "edu_user: bad argument %s\n", argv[i]);
			failed++;
			continue;
		}
		if (!one(fd, size, offset))
			failed++;
	}
	close(fd);
	return failed ? 1 : 0;
}
