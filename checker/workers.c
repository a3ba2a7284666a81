/*
 * Parse workers. libclang crashes on some small inputs (a stack overflow in
 * its parse thread on 5,000 unary operators in a row); in our own process
 * that would end the run and lose every finding. So each source file is
 * parsed in a worker: this same program (/proc/self/exe) in a hidden mode,
 * started with posix_spawn (a multithreaded program must not fork()), which
 * reads jobs on fd 3 and writes each summary back in summary_io.c's format.
 * A worker that dies costs the file it was on, named in an error, and is
 * replaced for the rest.
 *
 * A message on the socket is a u32 length (little-endian) and that many
 * bytes. A job is a u32 count and count strings (u32 length, bytes): the
 * file, then its arguments. A reply is the file's summary.
 */
#define _GNU_SOURCE /* SOCK_CLOEXEC, MSG_NOSIGNAL */
#include "workers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver.h"
#include "extract.h"
#include "fsio.h"

extern char **environ;

#define WORKER_FD 3

/* ---- messages ------------------------------------------------------------ */

static void put_u32(unsigned char *b, uint32_t v) {
  for (int i = 0; i < 4; i++)
    b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *b) {
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int send_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    c += w;
    n -= (size_t)w;
  }
  return 0;
}

static int recv_all(int fd, void *p, size_t n) {
  char *c = p;
  while (n > 0) {
    ssize_t r = read(fd, c, n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    c += r;
    n -= (size_t)r;
  }
  return 0;
}

static int send_message(int fd, const void *data, size_t n) {
  unsigned char len[4];
  if (n > FC_READ_MAX)
    return -1;
  put_u32(len, (uint32_t)n);
  return send_all(fd, len, 4) || send_all(fd, data, n) ? -1 : 0;
}

static int send_job(int fd, const struct fc_job *j) {
  size_t n = 4 + 4 + strlen(j->file);
  for (int a = 0; a < j->nargs; a++)
    n += 4 + strlen(j->args[a]);
  unsigned char *buf = fc_xmalloc(n), *p = buf;
  put_u32(p, (uint32_t)j->nargs + 1);
  p += 4;
  for (int a = -1; a < j->nargs; a++) {
    const char *s = a < 0 ? j->file : j->args[a];
    size_t len = strlen(s);
    put_u32(p, (uint32_t)len);
    memcpy(p + 4, s, len);
    p += 4 + len;
  }
  int rc = send_message(fd, buf, n);
  free(buf);
  return rc;
}

/* ---- the worker ---------------------------------------------------------- */

/* The next job's strings (file, arguments...), NULL-terminated; NULL at the
 * end. The other side is our own parent, but lengths are checked anyway. */
static char **read_job(int fd, int *count) {
  unsigned char hdr[4];
  if (recv_all(fd, hdr, 4) != 0)
    return NULL;
  uint32_t size = get_u32(hdr);
  unsigned char *msg = size <= FC_READ_MAX ? fc_xmalloc(size) : NULL;
  if (!msg || recv_all(fd, msg, size) != 0 || size < 4) {
    free(msg);
    return NULL;
  }
  uint32_t n = get_u32(msg), at = 4;
  char **strs = n && n <= size / 4 ? fc_xcalloc((size_t)n + 1, sizeof *strs) : NULL;
  for (uint32_t i = 0; strs && i < n; i++) {
    uint32_t len = size - at >= 4 ? get_u32(msg + at) : UINT32_MAX;
    if (len > size - at - 4) {
      for (uint32_t k = 0; k < i; k++)
        free(strs[k]);
      free(strs);
      strs = NULL;
      break;
    }
    strs[i] = fc_xmalloc((size_t)len + 1);
    memcpy(strs[i], msg + at + 4, len);
    strs[i][len] = 0;
    at += 4 + len;
  }
  free(msg);
  *count = (int)n;
  return strs;
}

static int reply(const struct fc_tu *tu) {
  char *data = NULL;
  size_t size = 0;
  FILE *m = open_memstream(&data, &size);
  int ok = m && fc_tu_write(tu, m) == 0;
  if (m && fclose(m) != 0)
    ok = 0;
  ok = ok && send_message(WORKER_FD, data, size) == 0;
  free(data);
  return ok;
}

int fc_worker_main(void) {
  CXIndex index = clang_createIndex(0, 0);
  int n, ok = 1;
  char **job;
  while (ok && (job = read_job(WORKER_FD, &n)) != NULL) {
    struct fc_tu *tu = fc_extract(index, job[0], (const char *const *)job + 1, n - 1);
    ok = reply(tu);
    fc_tu_free(tu);
    for (int i = 0; i < n; i++)
      free(job[i]);
    free(job);
  }
  clang_disposeIndex(index);
  return ok ? 0 : 1;
}

/* ---- the pool ------------------------------------------------------------ */

struct worker {
  pid_t pid;
  int fd;   /* -1: not running */
  long job; /* the job it is on, -1 when idle */
  unsigned char *buf;
  size_t len, cap;
};

struct pool {
  const struct fc_jobs *jobs;
  struct fc_tu **out;
  size_t *todo, ntodo, next, done;
  struct worker *w;
  int n;
};

static int spawn_worker(struct worker *w) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return -1;
  if (sv[1] <= WORKER_FD) { /* dup2 onto itself would keep close-on-exec */
    int moved = fcntl(sv[1], F_DUPFD_CLOEXEC, WORKER_FD + 1);
    close(sv[1]);
    sv[1] = moved;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  /* Whatever the parser prints goes to stderr, never into the report. */
  posix_spawn_file_actions_adddup2(&fa, 2, 1);
  posix_spawn_file_actions_adddup2(&fa, sv[1], WORKER_FD);
  posix_spawnattr_t at;
  posix_spawnattr_init(&at);
  sigset_t all, none;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&at, &all);
  posix_spawnattr_setsigmask(&at, &none);
  posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  char *argv[] = {"forkcheck", FC_WORKER_OPTION, NULL};
  int rc = sv[1] < 0 ? -1 : posix_spawn(&w->pid, "/proc/self/exe", &fa, &at, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&at);
  if (sv[1] >= 0)
    close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    w->fd = -1;
    return -1;
  }
  w->fd = sv[0];
  w->job = -1;
  w->len = 0;
  return 0;
}

static struct fc_tu *failed_tu(const char *file, const char *what) {
  struct fc_tu *tu = fc_tu_new(file);
  size_t n = strlen(file) + strlen(what) + 16;
  char *msg = fc_xmalloc(n);
  snprintf(msg, n, "%s: error: %s", file, what);
  fc_tu_add_error(tu, msg);
  free(msg);
  tu->flags |= FC_TU_FAILED;
  return tu;
}

/* The worker stopped (its socket closed): what it was on is lost, named. */
static void worker_died(struct pool *p, struct worker *w) {
  int status = 0;
  close(w->fd);
  w->fd = -1;
  pid_t r;
  while ((r = waitpid(w->pid, &status, 0)) < 0 && errno == EINTR)
    ;
  if (w->job < 0)
    return;
  char what[160];
  if (r > 0 && WIFSIGNALED(status))
    snprintf(what, sizeof what, "the parser crashed on this file (signal %d, %s); it is not analysed",
             WTERMSIG(status), strsignal(WTERMSIG(status)));
  else
    snprintf(what, sizeof what, "the parser stopped on this file; it is not analysed");
  const char *file = p->jobs->v.v[w->job].file;
  p->out[w->job] = failed_tu(file, what);
  p->done++;
  w->job = -1;
}

/* A complete reply in w->buf: the summary of w's job. */
static void take_reply(struct pool *p, struct worker *w, size_t size) {
  char *error = NULL;
  struct fc_tu *tu = fc_tu_read(w->buf + 4, size, &error);
  const char *file = p->jobs->v.v[w->job].file;
  if (!tu) {
    tu = failed_tu(file, "the parser's summary of this file could not be read");
    free(error);
  }
  p->out[w->job] = tu;
  p->done++;
  w->job = -1;
  w->len -= 4 + size; /* nothing follows a reply: one job at a time */
}

static void read_reply(struct pool *p, struct worker *w) {
  if (w->cap - w->len < 65536) {
    w->cap = w->cap * 2 + 65536;
    w->buf = fc_xrealloc(w->buf, w->cap);
  }
  ssize_t r = read(w->fd, w->buf + w->len, w->cap - w->len);
  if (r < 0 && errno == EINTR)
    return;
  if (r <= 0) {
    worker_died(p, w);
    return;
  }
  w->len += (size_t)r;
  if (w->len < 4)
    return;
  size_t size = get_u32(w->buf);
  if (size > FC_READ_MAX) {
    kill(w->pid, SIGKILL);
    worker_died(p, w);
  } else if (w->len >= 4 + size) {
    take_reply(p, w, size);
  }
}

/* Keeps every worker busy, starting one again where one died. */
static int assign(struct pool *p) {
  int running = 0;
  for (int i = 0; i < p->n; i++) {
    struct worker *w = &p->w[i];
    if (w->fd < 0 && p->next < p->ntodo && spawn_worker(w) != 0)
      continue;
    if (w->fd >= 0 && w->job < 0 && p->next < p->ntodo) {
      w->job = (long)p->todo[p->next++];
      if (send_job(w->fd, &p->jobs->v.v[w->job]) != 0) {
        kill(w->pid, SIGKILL);
        worker_died(p, w);
        continue;
      }
    }
    running += w->fd >= 0 && w->job >= 0;
  }
  return running;
}

static void run_pool(struct pool *p) {
  struct pollfd *fds = fc_xcalloc((size_t)p->n, sizeof *fds);
  int *which = fc_xcalloc((size_t)p->n, sizeof *which);
  while (p->done < p->ntodo && assign(p) > 0) {
    int k = 0;
    for (int i = 0; i < p->n; i++)
      if (p->w[i].fd >= 0 && p->w[i].job >= 0) {
        fds[k] = (struct pollfd){p->w[i].fd, POLLIN, 0};
        which[k++] = i;
      }
    if (poll(fds, (nfds_t)k, -1) < 0 && errno != EINTR)
      break;
    for (int i = 0; i < k; i++)
      if (fds[i].revents)
        read_reply(p, &p->w[which[i]]);
  }
  free(fds);
  free(which);
}

/* A source that is not a regular file (a FIFO would block the parser for
 * ever, /dev/zero fill its memory) or is too large is not parsed. */
static const char *source_problem(const char *path) {
  struct stat st;
  const char *why = fc_not_regular(path);
  if (!why && stat(path, &st) == 0 && (uint64_t)st.st_size > FC_READ_MAX)
    why = "larger than the limit of 1024 MiB";
  return why;
}

static void stop_workers(struct pool *p) {
  for (int i = 0; i < p->n; i++) {
    struct worker *w = &p->w[i];
    if (w->fd >= 0) { /* it ends when its socket closes */
      close(w->fd);
      while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
    free(w->buf);
  }
  free(p->w);
}

/* What no worker could take: parsed here, as before workers existed. */
static void parse_here(struct pool *p) {
  struct fc_jobs rest = {0};
  for (size_t i = p->next; i < p->ntodo; i++)
    fc_vec_push(&rest.v, p->jobs->v.v[p->todo[i]]);
  struct fc_tu **tus = fc_extract_jobs(&rest, p->n);
  for (size_t i = p->next; i < p->ntodo; i++)
    p->out[p->todo[i]] = tus[i - p->next];
  free(tus);
  fc_vec_free(&rest.v); /* the jobs themselves are p->jobs' */
}

struct fc_tu **fc_extract_isolated(const struct fc_jobs *jobs, int workers) {
  struct pool p = {jobs, fc_xcalloc(jobs->v.n + 1, sizeof(struct fc_tu *)), NULL, 0, 0, 0, NULL, 0};
  p.todo = fc_xcalloc(jobs->v.n + 1, sizeof *p.todo);
  for (size_t i = 0; i < jobs->v.n; i++) {
    const char *file = jobs->v.v[i].file, *why;
    if (fc_is_summary_path(file))
      p.out[i] = fc_load_summary(file);
    else if ((why = source_problem(file)) != NULL) {
      char what[128];
      snprintf(what, sizeof what, "cannot read the file: %s", why);
      p.out[i] = failed_tu(file, what);
    } else
      p.todo[p.ntodo++] = i;
  }
  /* Workers are waited for, whatever SIGCHLD disposition we inherited. */
  signal(SIGCHLD, SIG_DFL);
  p.n = workers < 1 ? 1 : (size_t)workers > p.ntodo ? (int)p.ntodo : workers;
  p.w = fc_xcalloc((size_t)p.n + 1, sizeof *p.w);
  for (int i = 0; i < p.n; i++)
    p.w[i].fd = -1;
  if (p.ntodo > 0)
    run_pool(&p);
  stop_workers(&p);
  if (p.done < p.ntodo) {
    fputs("forkcheck: warning: cannot start parse workers; parsing in this process, where a "
          "crash of the parser ends the run\n", stderr);
    parse_here(&p);
  }
  free(p.todo);
  return p.out;
}
