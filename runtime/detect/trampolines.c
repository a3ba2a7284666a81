/* One trampoline per entry of data/async-signal-unsafe.def.
 *
 * Each listed function `name` is defined here as a tiny assembly stub with
 * the same symbol name, so that LD_PRELOAD interposes it whatever its
 * signature (variadic ones included):
 *
 *   fast path (not armed, already resolved): tail-jump to the real function
 *   with every argument register untouched;
 *   slow path: save the argument registers, call forksafe__slow(idx) (which
 *   resolves and reports), restore them and tail-jump to its result.
 *
 * Tail jumps keep the caller's return address, so functions that look at
 * their caller (dlopen's $ORIGIN/RUNPATH handling) behave as without the
 * detector, and no frame of ours is on the stack while the real function
 * runs.
 *
 * Entries skipped here: dlsym/dlvsym (the detector needs the real ones to
 * resolve everything else), and exit/free/realloc, which have C wrappers in
 * detect.c.  The index of an entry is its position in the data file,
 * computed with __COUNTER__ (nothing else in this file may use it).
 */
#include "detect.h"

#define FS_STR_(x) #x
#define FS_STR(x) FS_STR_(x)

#if defined(__x86_64__)

__asm__(
    ".text\n"
    ".hidden forksafe__real\n"
    ".hidden forksafe__child\n"
    ".hidden forksafe__slow\n"
    ".set .Lfs_base, " FS_STR(__COUNTER__) "\n"

    /* The shared slow path: r11d = index. */
    ".globl forksafe__tramp_slow\n"
    ".hidden forksafe__tramp_slow\n"
    ".type forksafe__tramp_slow, @function\n"
    ".p2align 4\n"
    "forksafe__tramp_slow:\n"
    "  .cfi_startproc\n"
    "  pushq %rbp\n"
    "  .cfi_def_cfa_offset 16\n"
    "  .cfi_offset %rbp, -16\n"
    "  movq %rsp, %rbp\n"
    "  .cfi_def_cfa_register %rbp\n"
    "  subq $192, %rsp\n"
    "  andq $-16, %rsp\n"
    "  movq %rdi, 0(%rsp)\n"
    "  movq %rsi, 8(%rsp)\n"
    "  movq %rdx, 16(%rsp)\n"
    "  movq %rcx, 24(%rsp)\n"
    "  movq %r8, 32(%rsp)\n"
    "  movq %r9, 40(%rsp)\n"
    "  movq %rax, 48(%rsp)\n" /* number of vector registers for varargs */
    "  movq %r10, 56(%rsp)\n" /* static chain */
    "  movaps %xmm0, 64(%rsp)\n"
    "  movaps %xmm1, 80(%rsp)\n"
    "  movaps %xmm2, 96(%rsp)\n"
    "  movaps %xmm3, 112(%rsp)\n"
    "  movaps %xmm4, 128(%rsp)\n"
    "  movaps %xmm5, 144(%rsp)\n"
    "  movaps %xmm6, 160(%rsp)\n"
    "  movaps %xmm7, 176(%rsp)\n"
    "  movl %r11d, %edi\n"
    "  call forksafe__slow\n"
    "  movq %rax, %r11\n"
    "  movq 0(%rsp), %rdi\n"
    "  movq 8(%rsp), %rsi\n"
    "  movq 16(%rsp), %rdx\n"
    "  movq 24(%rsp), %rcx\n"
    "  movq 32(%rsp), %r8\n"
    "  movq 40(%rsp), %r9\n"
    "  movq 48(%rsp), %rax\n"
    "  movq 56(%rsp), %r10\n"
    "  movaps 64(%rsp), %xmm0\n"
    "  movaps 80(%rsp), %xmm1\n"
    "  movaps 96(%rsp), %xmm2\n"
    "  movaps 112(%rsp), %xmm3\n"
    "  movaps 128(%rsp), %xmm4\n"
    "  movaps 144(%rsp), %xmm5\n"
    "  movaps 160(%rsp), %xmm6\n"
    "  movaps 176(%rsp), %xmm7\n"
    "  movq %rbp, %rsp\n"
    "  popq %rbp\n"
    "  .cfi_def_cfa %rsp, 8\n"
    "  jmp *%r11\n"
    "  .cfi_endproc\n"
    ".size forksafe__tramp_slow, .-forksafe__tramp_slow\n"

    ".macro FS_TRAMP_EMIT name, n\n"
    "  .globl \\name\n"
    "  .type \\name, @function\n"
    "  .p2align 4\n"
    "\\name:\n"
    "  .cfi_startproc\n"
    "  cmpb $0, forksafe__child(%rip)\n"
    "  jne 1f\n"
    "  movq forksafe__real+8*(\\n-.Lfs_base-1)(%rip), %r11\n"
    "  testq %r11, %r11\n"
    "  je 1f\n"
    "  jmp *%r11\n"
    "1:\n"
    "  movl $(\\n-.Lfs_base-1), %r11d\n"
    "  jmp forksafe__tramp_slow\n"
    "  .cfi_endproc\n"
    "  .size \\name, .-\\name\n"
    ".endm\n"

#elif defined(__aarch64__)

__asm__(
    ".text\n"
    ".hidden forksafe__real\n"
    ".hidden forksafe__child\n"
    ".hidden forksafe__slow\n"
    ".set .Lfs_base, " FS_STR(__COUNTER__) "\n"

    /* The shared slow path: x17 = index. */
    ".globl forksafe__tramp_slow\n"
    ".hidden forksafe__tramp_slow\n"
    ".type forksafe__tramp_slow, %function\n"
    ".p2align 4\n"
    "forksafe__tramp_slow:\n"
    "  .cfi_startproc\n"
    "  stp x29, x30, [sp, #-224]!\n"
    "  .cfi_def_cfa_offset 224\n"
    "  .cfi_offset x29, -224\n"
    "  .cfi_offset x30, -216\n"
    "  mov x29, sp\n"
    "  stp x0, x1, [sp, #16]\n"
    "  stp x2, x3, [sp, #32]\n"
    "  stp x4, x5, [sp, #48]\n"
    "  stp x6, x7, [sp, #64]\n"
    "  str x8, [sp, #80]\n" /* indirect result location */
    "  stp q0, q1, [sp, #96]\n"
    "  stp q2, q3, [sp, #128]\n"
    "  stp q4, q5, [sp, #160]\n"
    "  stp q6, q7, [sp, #192]\n"
    "  mov w0, w17\n"
    "  bl forksafe__slow\n"
    "  mov x16, x0\n"
    "  ldp q6, q7, [sp, #192]\n"
    "  ldp q4, q5, [sp, #160]\n"
    "  ldp q2, q3, [sp, #128]\n"
    "  ldp q0, q1, [sp, #96]\n"
    "  ldr x8, [sp, #80]\n"
    "  ldp x6, x7, [sp, #64]\n"
    "  ldp x4, x5, [sp, #48]\n"
    "  ldp x2, x3, [sp, #32]\n"
    "  ldp x0, x1, [sp, #16]\n"
    "  ldp x29, x30, [sp], #224\n"
    "  .cfi_def_cfa_offset 0\n"
    "  br x16\n"
    "  .cfi_endproc\n"
    ".size forksafe__tramp_slow, .-forksafe__tramp_slow\n"

    ".macro FS_TRAMP_EMIT name, n\n"
    "  .globl \\name\n"
    "  .type \\name, %function\n"
    "  .p2align 4\n"
    "\\name:\n"
    "  .cfi_startproc\n"
    "  adrp x16, forksafe__child\n"
    "  ldrb w16, [x16, :lo12:forksafe__child]\n"
    "  cbnz w16, 1f\n"
    "  adrp x16, forksafe__real+8*(\\n-.Lfs_base-1)\n"
    "  ldr x16, [x16, :lo12:forksafe__real+8*(\\n-.Lfs_base-1)]\n"
    "  cbz x16, 1f\n"
    "  br x16\n"
    "1:\n"
    "  mov x17, #(\\n-.Lfs_base-1)\n"
    "  b forksafe__tramp_slow\n"
    "  .cfi_endproc\n"
    "  .size \\name, .-\\name\n"
    ".endm\n"

#else
#error "the forksafe detector supports x86_64 and aarch64 only"
#endif

    /* Entries with a dedicated wrapper or needed by the detector itself. */
    ".macro FS_TRAMP name, n\n"
    "  .ifnc \\name,dlsym\n"
    "  .ifnc \\name,dlvsym\n"
    "  .ifnc \\name,exit\n"
    "  .ifnc \\name,free\n"
    "  .ifnc \\name,realloc\n"
    "  FS_TRAMP_EMIT \\name, \\n\n"
    "  .endif\n"
    "  .endif\n"
    "  .endif\n"
    "  .endif\n"
    "  .endif\n"
    ".endm\n"

#define UNSAFE(name, category) "FS_TRAMP " #name ", " FS_STR(__COUNTER__) "\n"
#include "async-signal-unsafe.def"

    ".purgem FS_TRAMP\n"
    ".purgem FS_TRAMP_EMIT\n");
