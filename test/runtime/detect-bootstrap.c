// White-box test of the detector's bootstrap: while a dlsym call is in
// progress (and the real malloc is not known yet), malloc/calloc/realloc
// are served from the static bump buffer and free ignores those pointers;
// afterwards realloc moves a bump pointer to the real heap.  The detector's
// sources are compiled into this program (no LD_PRELOAD).
// REQUIRES: forksafe-detect
// RUN: %cc -g -O1 -fno-builtin -I%srcroot/runtime/detect -I%srcroot/runtime/src -I%srcroot/data %s %srcroot/runtime/detect/trampolines.c %srcroot/runtime/src/format.c -o %t -ldl
// RUN: %t | %FileCheck %s

// CHECK: bootstrap malloc: bump 1
// CHECK-NEXT: bootstrap calloc: bump 1 zeroed 1
// CHECK-NEXT: bootstrap realloc: bump 1 copied 1
// CHECK-NEXT: bootstrap free: ignored
// CHECK-NEXT: real realloc of a bump pointer: heap 1 copied 1
// CHECK-NEXT: real malloc: heap 1

#include "detect.c"

#include <stdio.h>

int main(void)
{
    void *real_malloc = atomic_load(&forksafe__real[FS_IDX_malloc]);
    void *real_calloc = atomic_load(&forksafe__real[FS_IDX_calloc]);
    if (!real_malloc || !real_calloc)
        return 1; /* the constructor resolved them */

    /* As if inside the first dlsym, before malloc/calloc were known. */
    atomic_store(&forksafe__real[FS_IDX_malloc], NULL);
    atomic_store(&forksafe__real[FS_IDX_calloc], NULL);
    resolving = 1;
    char *p = malloc(100);
    int p_bump = p && bump_owns(p);
    memset(p, 'x', 100);
    unsigned char *z = calloc(10, 10);
    int zeroed = 1;
    for (int i = 0; i < 100; i++)
        zeroed &= z[i] == 0;
    int z_bump = z && bump_owns(z);
    char *q = realloc(p, 200);
    int q_bump = q && bump_owns(q) && q != p;
    int copied = q && memcmp(q, "xxxxxxxxxx", 10) == 0 && q[99] == 'x';
    free(p); /* a bump pointer: must not reach the real free */
    free(z);
    resolving = 0;
    atomic_store(&forksafe__real[FS_IDX_malloc], real_malloc);
    atomic_store(&forksafe__real[FS_IDX_calloc], real_calloc);

    printf("bootstrap malloc: bump %d\n", p_bump);
    printf("bootstrap calloc: bump %d zeroed %d\n", z_bump, zeroed);
    printf("bootstrap realloc: bump %d copied %d\n", q_bump, copied);
    printf("bootstrap free: ignored\n");

    char *h = realloc(q, 300);
    printf("real realloc of a bump pointer: heap %d copied %d\n", h && !bump_owns(h),
           h && h[0] == 'x' && h[99] == 'x');
    free(h);
    char *m = malloc(10);
    printf("real malloc: heap %d\n", m && !bump_owns(m));
    free(m);
    return 0;
}
