/*
 * The hash of a line is a polynomial rolling hash (base 37, modulo 2^64) of
 * the first 100 characters from its start, spaces and tabs left out, line
 * ends read as '\n', the end of the file as 65535 followed by zeros.
 * Characters are UTF-16 code units, as JavaScript reads the file. Equal
 * hashes are told apart by a count of earlier occurrences (":1", ":2", ...).
 */
#include "linehash.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

#define BLOCK 100
#define END_OF_FILE 65535u

struct counted {
  uint64_t hash;
  unsigned count;
};

struct hasher {
  uint32_t window[BLOCK];
  long line_at[BLOCK]; /* the line starting at this window slot, or -1 */
  uint64_t hash, first_mod;
  unsigned index;
  long line;
  int line_start, prev_cr;
  FC_VEC(char *) out;
  FC_VEC(struct counted) seen;
};

static unsigned occurrence(struct hasher *h) {
  for (size_t i = 0; i < h->seen.n; i++)
    if (h->seen.v[i].hash == h->hash)
      return ++h->seen.v[i].count;
  struct counted c = {h->hash, 1};
  fc_vec_push(&h->seen, c);
  return 1;
}

static void output(struct hasher *h) {
  char buf[40];
  snprintf(buf, sizeof buf, "%llx:%u", (unsigned long long)h->hash, occurrence(h));
  /* Lines are output in order, one per line start. */
  fc_vec_push(&h->out, fc_xstrdup(buf));
  h->line_at[h->index] = -1;
}

static void update(struct hasher *h, uint32_t c) {
  uint32_t begin = h->window[h->index];
  h->window[h->index] = c;
  h->hash = 37u * h->hash + c - h->first_mod * begin;
  h->index = (h->index + 1) % BLOCK;
}

static void process(struct hasher *h, uint32_t c) {
  if (c == ' ' || c == '\t' || (h->prev_cr && c == '\n')) {
    h->prev_cr = 0;
    return;
  }
  h->prev_cr = c == '\r';
  if (c == '\r')
    c = '\n';
  if (h->line_at[h->index] != -1)
    output(h);
  if (h->line_start) {
    h->line_start = 0;
    h->line_at[h->index] = ++h->line;
  }
  if (c == '\n')
    h->line_start = 1;
  update(h, c);
}

/* Decodes one UTF-8 sequence at *p into UTF-16 code units; a byte that does
 * not start a valid sequence is U+FFFD, as Node's decoder reads it. */
static int utf16_units(const unsigned char **p, const unsigned char *end, uint32_t u[2]) {
  const unsigned char *s = *p;
  uint32_t cp = 0xFFFD;
  size_t n = 1;
  if (s[0] < 0x80)
    cp = s[0];
  else if ((s[0] & 0xE0) == 0xC0 && end - s >= 2 && (s[1] & 0xC0) == 0x80 && s[0] >= 0xC2)
    cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F), n = 2;
  else if ((s[0] & 0xF0) == 0xE0 && end - s >= 3 && (s[1] & 0xC0) == 0x80 &&
           (s[2] & 0xC0) == 0x80)
    cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F), n = 3;
  else if ((s[0] & 0xF8) == 0xF0 && end - s >= 4 && (s[1] & 0xC0) == 0x80 &&
           (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80)
    cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
         (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F),
    n = 4;
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    cp = 0xFFFD, n = 1;
  *p = s + n;
  if (cp < 0x10000) {
    u[0] = cp;
    return 1;
  }
  cp -= 0x10000;
  u[0] = 0xD800 + (cp >> 10);
  u[1] = 0xDC00 + (cp & 0x3FF);
  return 2;
}

char **fc_line_hashes(const char *text, size_t len, unsigned *nlines) {
  struct hasher h = {.first_mod = 1, .line_start = 1};
  for (int i = 0; i < BLOCK; i++) {
    h.first_mod *= 37u;
    h.line_at[i] = -1;
  }
  const unsigned char *p = (const unsigned char *)text, *end = p + len;
  while (p < end) {
    uint32_t u[2];
    int n = utf16_units(&p, end, u);
    for (int i = 0; i < n; i++)
      process(&h, u[i]);
  }
  process(&h, END_OF_FILE);
  for (int i = 0; i < BLOCK; i++) {
    if (h.line_at[h.index] != -1)
      output(&h);
    update(&h, 0);
  }
  fc_vec_free(&h.seen);
  *nlines = (unsigned)h.out.n;
  return h.out.v;
}

void fc_line_hashes_free(char **hashes, unsigned nlines) {
  for (unsigned i = 0; i < nlines; i++)
    free(hashes[i]);
  free(hashes);
}
