/*
 * Where Python.h is, for a file that includes it but whose arguments do not
 * say (a file given on the command line without -I). Nothing is run to find
 * out: running python3-config here would run the first one on PATH (from a
 * pull request's checkout, possibly) and wait on it. The installed Python
 * (/usr/bin/python3) was asked once, when forkcheck was configured
 * (FORKCHECK_PYTHON_INCLUDE, directories separated by ':');
 * $FORKCHECK_PYTHON_INCLUDE names others.
 */
#include "pyconfig.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static FC_VEC(char *) includes;

static void choose(void) {
  const char *dirs = getenv("FORKCHECK_PYTHON_INCLUDE");
  char *copy = fc_xstrdup(dirs && *dirs ? dirs : FORKCHECK_PYTHON_INCLUDE);
  for (char *save = NULL, *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
    size_t n = strlen(d) + 3;
    char *flag = fc_xmalloc(n);
    snprintf(flag, n, "-I%s", d);
    fc_vec_push(&includes, flag);
  }
  free(copy);
}

const char *const *fc_python_includes(int *n) {
  pthread_once(&once, choose);
  *n = (int)includes.n;
  return (const char *const *)includes.v;
}
