/* The language server's plumbing: JSON-RPC 2.0 messages framed by
 * Content-Length headers (the LSP base protocol), file URIs, and LSP
 * positions (lines and UTF-16 or UTF-8 code units) in a document's text. */
#ifndef FORKCHECK_LSP_RPC_H
#define FORKCHECK_LSP_RPC_H

#include <json-c/json.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

/* The largest message read; a longer one is skipped with an error. */
#define LSP_MAX_MESSAGE (64u << 20)

struct lsp_conn {
  FILE *in;
  int out_fd;
  pthread_mutex_t out_lock; /* the reader and the analysis both write */
};

/* Reads one message: 1 with its body (NUL-terminated, to free), 0 at the end
 * of input, -1 when its framing is bad (*error says how; *body is NULL). */
int lsp_read(struct lsp_conn *c, char **body, size_t *len, const char **error);
/* Whether s is well-formed UTF-8, as every message must be. */
int lsp_is_utf8(const char *s, size_t len);
/* Writes `msg` (a JSON-RPC message without "jsonrpc") and drops it. */
void lsp_send(struct lsp_conn *c, json_object *msg);
void lsp_reply(struct lsp_conn *c, json_object *id, json_object *result);
void lsp_reply_error(struct lsp_conn *c, json_object *id, int code, const char *message);
void lsp_notify(struct lsp_conn *c, const char *method, json_object *params);

/* JSON-RPC and LSP error codes. */
enum {
  LSP_PARSE_ERROR = -32700,
  LSP_INVALID_REQUEST = -32600,
  LSP_METHOD_NOT_FOUND = -32601,
  LSP_INVALID_PARAMS = -32602,
  LSP_SERVER_NOT_INITIALIZED = -32002,
};

/* Members by path ("textDocument.uri"): NULL when absent or of another type. */
const char *lsp_get_str(json_object *o, const char *path);
json_object *lsp_get(json_object *o, const char *path, json_type type);
/* A non-negative integer member, or -1. */
long lsp_get_uint(json_object *o, const char *path);

/* file:///a%20b -> /a b; NULL for another scheme. */
char *lsp_uri_to_path(const char *uri);
char *lsp_path_to_uri(const char *path);

/* The byte offset of an LSP position (clamped to its line and the text). */
size_t lsp_offset(const char *text, size_t len, long line, long character, int utf8);
/* The LSP character of 1-based byte column `col` on 1-based `line`. */
unsigned lsp_character(const char *text, size_t len, unsigned line, unsigned col, int utf8);
/* The start of 1-based `line` and its length without the newline; NULL past the end. */
const char *lsp_line(const char *text, size_t len, unsigned line, size_t *line_len);

#endif
