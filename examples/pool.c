/* The worker pool: threads that checksum the texts submitted to them. */
#include "jobrunner.h"

#include <stdlib.h>
#include <string.h>

struct task {
  struct task *next;
  char *text;
};

void pool_init(struct pool *p)
{
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->more, NULL);
  p->head = p->tail = NULL;
  p->stopping = 0;
}

/* FNV-1a, repeated a little to give the workers something to do. */
static unsigned long checksum(const char *text)
{
  unsigned long h = 2166136261ul;
  for (int round = 0; round < 64; round++)
    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
      h = (h ^ *s) * 16777619ul;
  return h;
}

void *worker_main(void *arg)
{
  struct pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    while (p->head == NULL && !p->stopping)
      pthread_cond_wait(&p->more, &p->lock);
    struct task *t = p->head;
    if (t == NULL) { /* stopping and drained */
      pthread_mutex_unlock(&p->lock);
      return NULL;
    }
    p->head = t->next;
    if (p->head == NULL)
      p->tail = NULL;
    pthread_mutex_unlock(&p->lock);

    stats_record(checksum(t->text));
    free(t->text);
    free(t);
  }
}

int pool_submit(struct pool *p, const char *text)
{
  struct task *t = malloc(sizeof *t);
  if (t == NULL)
    return -1;
  t->text = strdup(text);
  if (t->text == NULL) {
    free(t);
    return -1;
  }
  t->next = NULL;
  pthread_mutex_lock(&p->lock);
  if (p->tail != NULL)
    p->tail->next = t;
  else
    p->head = t;
  p->tail = t;
  pthread_cond_signal(&p->more);
  pthread_mutex_unlock(&p->lock);
  return 0;
}

void pool_stop(struct pool *p)
{
  pthread_mutex_lock(&p->lock);
  p->stopping = 1;
  pthread_cond_broadcast(&p->more);
  pthread_mutex_unlock(&p->lock);
}

void pool_destroy(struct pool *p)
{
  pthread_cond_destroy(&p->more);
  pthread_mutex_destroy(&p->lock);
}
