/* Internal: the async-signal-safe formatter shared by libforksafe and the
 * detector.  Not installed. */
#ifndef FORKSAFE_FORMAT_H
#define FORKSAFE_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __GNUC__
#define FORKSAFE__HIDDEN __attribute__((visibility("hidden")))
#else
#define FORKSAFE__HIDDEN
#endif

/* Output of the formatter: characters are stored in buf[0..cap); when the
 * buffer is full, flush() (if not NULL) is called to empty it, otherwise
 * further characters are only counted.  `total` counts every character. */
struct forksafe__sink {
    char *buf;
    size_t cap;
    size_t len;
    size_t total;
    int (*flush)(struct forksafe__sink *sink); /* returns 0 or -errno */
    int fd;                                    /* for flush() */
    int err;                                   /* first error of flush() */
};

/* Formats `fmt` (%s %d %i %u %x %p %c %%, modifiers l ll z) into `sink`.
 * Async-signal-safe: no allocation, no locale, no locks. */
FORKSAFE__HIDDEN void forksafe__vformat(struct forksafe__sink *sink, const char *fmt, va_list ap);

#endif
