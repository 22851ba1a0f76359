/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The name of a system call's kernel function on the architecture built
 * for, used by the BPF programs' sections and by the tools' tier table
 * (tools/lib/tiers.c), so that the two always agree.  BPF objects are
 * built with -D__TARGET_ARCH_<arch> (libbpf's convention), the tools
 * for the compiler's own target.
 */
#ifndef VSWAP_SYSCALL_H
#define VSWAP_SYSCALL_H

#if defined(__TARGET_ARCH_x86) || (!defined(__bpf__) && defined(__x86_64__))
#define VS_SYSCALL(name)	"__x64_sys_" #name
#elif defined(__TARGET_ARCH_arm64) || (!defined(__bpf__) && defined(__aarch64__))
#define VS_SYSCALL(name)	"__arm64_sys_" #name
#else
#error "the system call functions of this architecture are not named here"
#endif

#endif /* VSWAP_SYSCALL_H */
