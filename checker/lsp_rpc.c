#include "lsp_rpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vec.h"

/* ---- framing ---------------------------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at p (no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *p, size_t left) {
  unsigned char c = p[0], min = 0x80, max = 0xbf;
  size_t n;
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4;
  else
    return 0;
  if (n > left)
    return 0;
  if (c == 0xe0 || c == 0xf0)
    min = c == 0xe0 ? 0xa0 : 0x90; /* no overlong forms */
  else if (c == 0xed)
    max = 0x9f; /* no surrogates */
  else if (c == 0xf4)
    max = 0x8f; /* nothing above U+10FFFF */
  if (p[1] < min || p[1] > max)
    return 0;
  for (size_t i = 2; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  return n;
}

/* Replaces each byte that is not part of well-formed UTF-8 with '?'. */
static void make_utf8(char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    size_t n = utf8_char((const unsigned char *)s + i, len - i);
    if (!n)
      s[i] = '?';
    i += n ? n : 1;
  }
}

int lsp_is_utf8(const char *s, size_t len) {
  for (size_t i = 0, n; i < len; i += n)
    if (!(n = utf8_char((const unsigned char *)s + i, len - i)))
      return 0;
  return 1;
}

/* One header line without its CR LF; 0 at the end of input. */
static int header_line(FILE *in, char *buf, size_t size) {
  if (!fgets(buf, (int)size, in))
    return 0;
  size_t n = strlen(buf);
  if (n && buf[n - 1] != '\n') { /* too long: not a header we know; skip the rest */
    int ch;
    while ((ch = fgetc(in)) != EOF && ch != '\n')
      ;
  }
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
    buf[--n] = 0;
  return 1;
}

static void skip(FILE *in, size_t n) {
  char buf[4096];
  while (n > 0) {
    size_t got = fread(buf, 1, n < sizeof buf ? n : sizeof buf, in);
    if (got == 0)
      return;
    n -= got;
  }
}

static int bad(const char **error, const char *why) {
  *error = why;
  return -1;
}

int lsp_read(struct lsp_conn *c, char **body, size_t *len, const char **error) {
  char line[1024];
  long length = -1;
  int lines = 0;
  *body = NULL;
  *error = NULL;
  for (;;) {
    if (!header_line(c->in, line, sizeof line))
      return lines ? bad(error, "the input ended inside a message's headers") : 0;
    lines++;
    if (!line[0])
      break;
    if (!strncasecmp(line, "Content-Length:", 15)) {
      char *end;
      errno = 0;
      length = strtol(line + 15, &end, 10);
      if (errno || end == line + 15 || *end || length < 0)
        *error = "the Content-Length header is not a number";
    }
  }
  if (*error)
    return -1;
  if (length < 0)
    return bad(error, "a message without a Content-Length header");
  if ((unsigned long)length > LSP_MAX_MESSAGE) {
    skip(c->in, (size_t)length);
    return bad(error, "a message longer than 64 MiB");
  }
  *body = fc_xmalloc((size_t)length + 1);
  *len = fread(*body, 1, (size_t)length, c->in);
  (*body)[*len] = 0;
  if (*len < (size_t)length) {
    free(*body);
    *body = NULL;
    return bad(error, "the input ended inside a message");
  }
  return 1;
}

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return; /* the client is gone: its exit is ours too, through the reader */
    p += w;
    n -= (size_t)w;
  }
}

void lsp_send(struct lsp_conn *c, json_object *msg) {
  json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
  size_t n;
  char *text = fc_xstrdup(json_object_to_json_string_length(msg, JSON_C_TO_STRING_PLAIN, &n));
  make_utf8(text, n); /* what a file or a client gave us may not be */
  char header[64];
  int h = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", n);
  pthread_mutex_lock(&c->out_lock);
  write_all(c->out_fd, header, (size_t)h);
  write_all(c->out_fd, text, n);
  pthread_mutex_unlock(&c->out_lock);
  free(text);
  json_object_put(msg);
}

void lsp_reply(struct lsp_conn *c, json_object *id, json_object *result) {
  json_object *m = json_object_new_object();
  json_object_object_add(m, "id", json_object_get(id));
  json_object_object_add(m, "result", result);
  lsp_send(c, m);
}

void lsp_reply_error(struct lsp_conn *c, json_object *id, int code, const char *message) {
  json_object *m = json_object_new_object(), *e = json_object_new_object();
  json_object_object_add(e, "code", json_object_new_int(code));
  json_object_object_add(e, "message", json_object_new_string(message));
  json_object_object_add(m, "id", json_object_get(id)); /* NULL: JSON null */
  json_object_object_add(m, "error", e);
  lsp_send(c, m);
}

void lsp_notify(struct lsp_conn *c, const char *method, json_object *params) {
  json_object *m = json_object_new_object();
  json_object_object_add(m, "method", json_object_new_string(method));
  json_object_object_add(m, "params", params);
  lsp_send(c, m);
}

/* ---- members ---------------------------------------------------------------- */

json_object *lsp_get(json_object *o, const char *path, json_type type) {
  char key[64];
  while (o && json_object_is_type(o, json_type_object)) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    if (n >= sizeof key)
      return NULL;
    memcpy(key, path, n);
    key[n] = 0;
    if (!json_object_object_get_ex(o, key, &o))
      return NULL;
    if (!dot)
      return json_object_is_type(o, type) ? o : NULL;
    path = dot + 1;
  }
  return NULL;
}

const char *lsp_get_str(json_object *o, const char *path) {
  json_object *s = lsp_get(o, path, json_type_string);
  return s ? json_object_get_string(s) : NULL;
}

long lsp_get_uint(json_object *o, const char *path) {
  json_object *i = lsp_get(o, path, json_type_int);
  if (!i)
    return -1;
  int64_t v = json_object_get_int64(i);
  return v < 0 || v > 0x7fffffff ? -1 : (long)v;
}

/* ---- URIs ------------------------------------------------------------------- */

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  ch = (char)(ch | 0x20);
  return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

char *lsp_uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0)
    return NULL;
  const char *p = uri + 7;
  if (*p != '/') { /* file://host/path: only the local host */
    if (strncmp(p, "localhost/", 10) != 0)
      return NULL;
    p += 9;
  }
  char *out = fc_xmalloc(strlen(p) + 1), *w = out;
  for (; *p; p++) {
    int hi, lo;
    if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
      *w++ = (char)(hi * 16 + lo);
      p += 2;
    } else {
      *w++ = *p;
    }
  }
  *w = 0;
  if (strlen(out) != (size_t)(w - out)) { /* an encoded NUL */
    free(out);
    return NULL;
  }
  return out;
}

char *lsp_path_to_uri(const char *path) {
  char *out = fc_xmalloc(strlen(path) * 3 + 8), *w = out;
  w += sprintf(w, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/-._~", *p))
      *w++ = (char)*p;
    else
      w += sprintf(w, "%%%02X", *p);
  }
  *w = 0;
  return out;
}

/* ---- positions -------------------------------------------------------------- */

const char *lsp_line(const char *text, size_t len, unsigned line, size_t *line_len) {
  const char *p = text, *end = text + len;
  for (unsigned l = 1; l < line; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *line_len = (size_t)((nl ? nl : end) - p);
  if (*line_len && p[*line_len - 1] == '\r')
    (*line_len)--;
  return p;
}

/* The length in bytes of the UTF-8 sequence at p (1 for a stray byte), and
 * its length in UTF-16 code units. */
static size_t utf8_step(const unsigned char *p, size_t left, unsigned *units) {
  size_t n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
  if (n > left)
    n = 1;
  for (size_t i = 1; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      n = 1;
  *units = n == 4 ? 2 : 1;
  return n;
}

size_t lsp_offset(const char *text, size_t len, long line, long character, int utf8) {
  size_t line_len;
  const char *p = line < 0 ? NULL : lsp_line(text, len, (unsigned)line + 1, &line_len);
  if (!p)
    return len;
  size_t at = 0;
  for (long ch = 0; ch < character && at < line_len;) {
    unsigned units;
    size_t step = utf8_step((const unsigned char *)p + at, line_len - at, &units);
    at += step;
    ch += utf8 ? (long)step : (long)units;
  }
  return (size_t)(p - text) + at;
}

unsigned lsp_character(const char *text, size_t len, unsigned line, unsigned col, int utf8) {
  size_t line_len;
  const char *p = lsp_line(text, len, line, &line_len);
  if (!p || col == 0)
    return col ? col - 1 : 0;
  size_t want = col - 1 < line_len ? col - 1 : line_len;
  unsigned ch = 0;
  for (size_t at = 0; at < want;) {
    unsigned units;
    size_t step = utf8_step((const unsigned char *)p + at, line_len - at, &units);
    at += step;
    ch += utf8 ? (unsigned)step : units;
  }
  return ch;
}
