// forksafe_log / forksafe_vlog / forksafe_format: every conversion agrees
// with snprintf; partial writes and EINTR are handled (write is
// interposed by the test to return at most 3 bytes and fail with EINTR
// every other call); long messages; errors; errno is kept.
// RUN: %cc %fs-cflags %s -o %t %fs-ldflags -ldl
// RUN: %t > %t.out
// RUN: %FileCheck %s < %t.out

// CHECK: direct: str hello d -42 i 7 u 4294967295 x deadbeef p 0x1234 c Z 100% null (null)
// CHECK-NEXT: limits: -2147483648 2147483647 -9223372036854775808 18446744073709551615 ffffffffffffffff 0
// CHECK-NEXT: unknown: %q %5d and a lone %
// CHECK-NEXT: compare: 0 mismatches in 40 cases
// CHECK-NEXT: truncate: 11 [hell] 11 [] -22 -22
// CHECK-NEXT: chunky: 0 writes>10 eintr>5 content ok
// CHECK-NEXT: long: 0 content ok
// CHECK-NEXT: errors: -9 -22 errno kept 1

#include "fs_test.h"

#include <dlfcn.h>
#include <forksafe.h>
#include <limits.h>
#include <stdint.h>

static int chunky, writes, eintrs;

/* libforksafe's write comes here first: with `chunky`, short writes and
 * EINTR. */
ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (chunky) {
        writes++;
        if (writes % 2 == 0) {
            eintrs++;
            errno = EINTR;
            return -1;
        }
        if (n > 3)
            n = 3;
    }
    return real(fd, buf, n);
}

static int mismatches, cases;

#define COMPARE(...)                                                                               \
    do {                                                                                           \
        char a_[256], b_[256];                                                                     \
        int ra_ = forksafe_format(a_, sizeof a_, __VA_ARGS__);                                     \
        int rb_ = snprintf(b_, sizeof b_, __VA_ARGS__);                                            \
        cases++;                                                                                   \
        if (ra_ != rb_ || strcmp(a_, b_) != 0) {                                                   \
            mismatches++;                                                                          \
            fprintf(stderr, "mismatch: [%s] vs [%s]\n", a_, b_);                                   \
        }                                                                                          \
    } while (0)

static char *read_file(const char *path, size_t *len)
{
    static char buf[65536];
    FILE *f = fopen(path, "r");
    FS_CHECK(f != NULL);
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    (void)argc;
    fflush(stdout);
    forksafe_log(1, "direct: str %s d %d i %i u %u x %x p %p c %c 100%% null %s\n", "hello", -42,
                 7, UINT_MAX, 0xdeadbeefu, (void *)0x1234, 'Z', (char *)NULL);
    forksafe_log(1, "limits: %d %d %lld %llu %lx %zu\n", INT_MIN, INT_MAX, LLONG_MIN, ULLONG_MAX,
                 ULONG_MAX, (size_t)0);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
    forksafe_log(1, "unknown: %q %5d and a lone %\n");
#pragma GCC diagnostic pop

    int values[] = {0, 1, -1, 9, 10, 99, 100, 12345, -98765, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        COMPARE("%d|%i", values[i], values[i]);
        COMPARE("%u|%x", (unsigned)values[i], (unsigned)values[i]);
        COMPARE("%ld|%lu|%lx", (long)values[i] * 100000L, (unsigned long)values[i],
                (unsigned long)values[i] * 3ul);
    }
    COMPARE("%s/%s/%c", "", "abc", 'q');
    COMPARE("%p", (void *)&mismatches);
    COMPARE("%zu %zx", (size_t)SIZE_MAX, (size_t)4096);
    COMPARE("%lld %llu %llx", LLONG_MAX, ULLONG_MAX, 0x123456789abcdefULL);
    COMPARE("%%%d%%", 5);
    COMPARE("no conversion at all");
    COMPARE("%s", "a string that is quite a bit longer than the others in this list");
    printf("compare: %d mismatches in %d cases\n", mismatches, cases);

    char small[5];
    int t1 = forksafe_format(small, sizeof small, "hello %s", "world");
    char one[1] = {'x'};
    int t2 = forksafe_format(one, 1, "hello %s", "world");
    printf("truncate: %d [%s] %d [%s] %d %d\n", t1, small, t2, one,
           forksafe_format(NULL, 4, "x"), forksafe_format(small, sizeof small, NULL));
    fflush(stdout);

    /* Partial writes and EINTR into a file, then compare. */
    char path[4096];
    snprintf(path, sizeof path, "%s.chunky", argv[0]);
    FILE *f = fopen(path, "w");
    FS_CHECK(f != NULL);
    chunky = 1;
    int r = forksafe_log(fileno(f), "%s-%d-%x-%s\n", "partial", 123456, 0xabcdefu, "writes");
    chunky = 0;
    fclose(f);
    size_t len;
    const char *content = read_file(path, &len);
    printf("chunky: %d writes>10 eintr>5 content %s\n", r,
           writes > 10 && eintrs > 5 && strcmp(content, "partial-123456-abcdef-writes\n") == 0
               ? "ok"
               : content);

    /* Longer than the 512-byte chunk: several writes, nothing lost. */
    char big[3000];
    for (size_t i = 0; i < sizeof big - 1; i++)
        big[i] = (char)('a' + i % 26);
    big[sizeof big - 1] = '\0';
    f = fopen(path, "w");
    FS_CHECK(f != NULL);
    r = forksafe_log(fileno(f), "<%s|%d>", big, 42);
    fclose(f);
    content = read_file(path, &len);
    int ok = len == sizeof big - 1 + 5 && content[0] == '<' && memcmp(content + 1, big, sizeof big - 1) == 0 &&
             strcmp(content + sizeof big, "|42>") == 0;
    printf("long: %d content %s\n", r, ok ? "ok" : "bad");

    errno = 777;
    int e1 = forksafe_log(-1, "x");
    int e2 = forksafe_log(1, NULL);
    printf("errors: %d %d errno kept %d\n", e1, e2, errno == 777);
    return 0;
}
