/* The async-signal-safe formatter (see format.h). */
#include "format.h"

#include <stdint.h>

static void put(struct forksafe__sink *s, char c)
{
    if (s->len == s->cap && s->flush && s->cap > 0) {
        int r = s->flush(s);
        if (r < 0 && s->err == 0)
            s->err = r;
        s->len = 0;
    }
    if (s->len < s->cap)
        s->buf[s->len++] = c;
    s->total++;
}

static void put_str(struct forksafe__sink *s, const char *str)
{
    while (*str)
        put(s, *str++);
}

static void put_unsigned(struct forksafe__sink *s, unsigned long long v, unsigned base)
{
    char tmp[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + (d - 10));
        v /= base;
    } while (v != 0);
    while (n > 0)
        put(s, tmp[--n]);
}

static void put_signed(struct forksafe__sink *s, long long v)
{
    if (v < 0) {
        put(s, '-');
        /* -(v + 1) + 1 avoids overflow on LLONG_MIN */
        put_unsigned(s, (unsigned long long)(-(v + 1)) + 1u, 10);
    } else {
        put_unsigned(s, (unsigned long long)v, 10);
    }
}

void forksafe__vformat(struct forksafe__sink *s, const char *fmt, va_list ap)
{
    const char *p = fmt;
    while (*p) {
        if (*p != '%') {
            put(s, *p++);
            continue;
        }
        const char *start = p++;
        int lng = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
        if (*p == 'l') {
            lng = 1;
            p++;
            if (*p == 'l') {
                lng = 2;
                p++;
            }
        } else if (*p == 'z') {
            lng = 3;
            p++;
        }
        char conv = *p;
        if (conv == '\0') { /* lone '%' at the end: print it as is */
            while (start < p)
                put(s, *start++);
            break;
        }
        p++;
        switch (conv) {
        case '%':
            put(s, '%');
            break;
        case 'c':
            put(s, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            put_str(s, str ? str : "(null)");
            break;
        }
        case 'p': {
            void *ptr = va_arg(ap, void *);
            put_str(s, "0x");
            put_unsigned(s, (unsigned long long)(uintptr_t)ptr, 16);
            break;
        }
        case 'd':
        case 'i': {
            long long v;
            if (lng == 1)
                v = va_arg(ap, long);
            else if (lng == 2)
                v = va_arg(ap, long long);
            else if (lng == 3)
                v = (long long)va_arg(ap, size_t); /* %zd: ssize_t */
            else
                v = va_arg(ap, int);
            put_signed(s, v);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v;
            if (lng == 1)
                v = va_arg(ap, unsigned long);
            else if (lng == 2)
                v = va_arg(ap, unsigned long long);
            else if (lng == 3)
                v = va_arg(ap, size_t);
            else
                v = va_arg(ap, unsigned);
            put_unsigned(s, v, conv == 'x' ? 16u : 10u);
            break;
        }
        default: /* unknown conversion: print it literally */
            while (start < p)
                put(s, *start++);
            break;
        }
    }
}
