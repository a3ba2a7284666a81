/* The parse floor: what any libclang tool pays for a program. Each file is
 * parsed with the flags forkcheck parses with and every cursor visited, in N
 * worker processes started as forkcheck's workers are (each a new image of
 * the program) taking files from a shared counter; nothing is kept.
 *
 *   floor JOBS N     JOBS: one file a line, "DIR\tFILE\tARG\tARG..."
 *
 * Prints the files and cursors seen; exits 1 when a file cannot be parsed. */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <clang-c/Index.h>

struct job {
  char **argv; /* "-working-directory", DIR, ARG... */
  int argc;
  const char *file;
};

struct shared {
  long next, files, cursors, failed;
};

static enum CXChildVisitResult count(CXCursor c, CXCursor parent, CXClientData data) {
  (void)c;
  (void)parent;
  ++*(long *)data;
  return CXChildVisit_Recurse;
}

/* Splits each line at tabs, in place. */
static struct job *read_jobs(char *text, long *n) {
  long cap = 16;
  struct job *jobs = malloc((size_t)cap * sizeof *jobs);
  *n = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (*n == cap)
      jobs = realloc(jobs, (size_t)(cap *= 2) * sizeof *jobs);
    struct job *j = &jobs[(*n)++];
    j->argv = malloc((strlen(line) + 3) * sizeof *j->argv);
    j->argc = 0;
    j->argv[j->argc++] = "-working-directory";
    char *field = line, *tab;
    int k = 0;
    do {
      tab = strchr(field, '\t');
      if (tab)
        *tab = '\0';
      if (k == 1)
        j->file = field;
      else
        j->argv[j->argc++] = field;
      field = tab + 1;
      k++;
    } while (tab);
  }
  return jobs;
}

static void work(const struct job *jobs, long n, struct shared *s) {
  CXIndex index = clang_createIndex(0, 0);
  for (long i; (i = __atomic_fetch_add(&s->next, 1, __ATOMIC_SEQ_CST)) < n;) {
    CXTranslationUnit tu = NULL;
    enum CXErrorCode err = clang_parseTranslationUnit2(
        index, jobs[i].file, (const char *const *)jobs[i].argv, jobs[i].argc, NULL, 0,
        CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles, &tu);
    if (err != CXError_Success || !tu) {
      fprintf(stderr, "floor: cannot parse %s (libclang error %d)\n", jobs[i].file, (int)err);
      __atomic_fetch_add(&s->failed, 1, __ATOMIC_SEQ_CST);
      continue;
    }
    long cursors = 0;
    clang_visitChildren(clang_getTranslationUnitCursor(tu), count, &cursors);
    clang_disposeTranslationUnit(tu);
    __atomic_fetch_add(&s->cursors, cursors, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&s->files, 1, __ATOMIC_SEQ_CST);
  }
  clang_disposeIndex(index);
}

/* The job list and the shared counter, or exit status 2. */
static struct job *setup(const char *path, long *n) {
  FILE *f = fopen(path, "r");
  char *text = NULL;
  size_t cap = 0;
  if (!f || getdelim(&text, &cap, '\0', f) < 0) {
    perror(path);
    exit(2);
  }
  fclose(f);
  return read_jobs(text, n);
}

static struct shared *map_shared(int fd) {
  struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (s == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  return s;
}

int main(int argc, char **argv) {
  if ((argc != 3 && argc != 4) || atoi(argv[2]) < 1) {
    fputs("usage: floor JOBS N\n", stderr);
    return 2;
  }
  long n;
  struct job *jobs = setup(argv[1], &n);
  if (argc == 4) { /* a worker: argv[3] is the counter's descriptor */
    work(jobs, n, map_shared(atoi(argv[3])));
    return 0;
  }
  int fd = memfd_create("floor", 0);
  if (fd < 0 || ftruncate(fd, sizeof(struct shared)) != 0) {
    perror("memfd");
    return 2;
  }
  struct shared *s = map_shared(fd);
  char fdarg[16];
  snprintf(fdarg, sizeof fdarg, "%d", fd);
  /* Each worker is a new image of this program, as forkcheck's workers are.
   * A worker forked without exec would start with no page of libclang's
   * code in its page tables (fork does not copy a file mapping's), so its
   * peak resident set would leave out the ~48 MiB that loading libclang
   * touches and every exec'd worker counts. */
  for (int w = 0; w < atoi(argv[2]); w++) {
    pid_t pid = fork();
    if (pid == 0) {
      execl("/proc/self/exe", argv[0], argv[1], argv[2], fdarg, (char *)NULL);
      _exit(127);
    }
    if (pid < 0) {
      perror("fork");
      return 2;
    }
  }
  int status, bad = 0;
  while (wait(&status) > 0)
    bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
  printf("%ld files, %ld cursors\n", s->files, s->cursors);
  return bad || s->failed || s->files != n;
}
