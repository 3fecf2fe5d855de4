"""OS-level confinement of a sandbox child: rlimits, closed fds, empty cwd, a seccomp filter.

This is the second layer: even if sandboxed code breaks out of RestrictedPython, the process it
runs in has no secrets in its environment (the pool starts the zygote with a scrubbed environ),
cannot open files, create sockets, start processes or signal other processes, and is bounded in
CPU time and address space. The seccomp filter is a hand-written classic-BPF program loaded with
prctl through ctypes (no third-party package, no libseccomp needed); where the kernel refuses it
the child still runs with rlimits and reports `seccomp: False` in its hello message.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import sys

# x86_64 syscall numbers denied with EPERM once user code may run. Reading and writing already
# open descriptors (the job socket) stays allowed; everything that reaches a new file, socket,
# process or another process is refused.
DENIED_SYSCALLS_X86_64: dict[str, int] = {
    "open": 2, "creat": 85, "openat": 257, "openat2": 437, "open_by_handle_at": 304,
    "name_to_handle_at": 303, "socket": 41, "connect": 42, "accept": 43, "bind": 49,
    "listen": 50, "socketpair": 53, "accept4": 288, "sendmsg": 46, "recvmsg": 47,
    "sendmmsg": 307, "recvmmsg": 299, "clone": 56, "clone3": 435, "fork": 57, "vfork": 58,
    "execve": 59, "execveat": 322, "kill": 62, "tkill": 200, "tgkill": 234,
    "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297, "pidfd_open": 434,
    "pidfd_send_signal": 424, "pidfd_getfd": 438, "ptrace": 101, "process_vm_readv": 310,
    "process_vm_writev": 311, "link": 86, "linkat": 265,
    "unlink": 87, "unlinkat": 263, "rename": 82, "renameat": 264, "renameat2": 316,
    "mkdir": 83, "mkdirat": 258, "rmdir": 84, "symlink": 88, "symlinkat": 266, "chmod": 90,
    "fchmodat": 268, "chown": 92, "fchownat": 260, "truncate": 76, "mknod": 133,
    "mknodat": 259, "chdir": 80, "fchdir": 81, "chroot": 161, "mount": 165, "umount2": 166,
    "pivot_root": 155, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250, "add_key": 248,
    "request_key": 249, "unshare": 272, "setns": 308, "personality": 135, "memfd_create": 319,
    "inotify_init1": 294, "fanotify_init": 300, "mq_open": 240, "msgget": 68, "shmget": 29,
    "semget": 64, "init_module": 175, "finit_module": 313, "kexec_load": 246, "reboot": 169,
    "acct": 163, "swapon": 167, "quotactl": 179, "setuid": 105, "setgid": 106,
    # more ways to touch host files without open()
    "uselib": 134, "utime": 132, "utimes": 235, "utimensat": 280, "futimesat": 261,
    "fchmodat2": 452, "lchown": 94, "setxattr": 188, "lsetxattr": 189, "removexattr": 197,
    "lremovexattr": 198, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
    "fsmount": 432, "fspick": 433, "mount_setattr": 442, "swapoff": 168, "syslog": 103,
    # System V / POSIX IPC objects of the same user (delete or attach by guessed id)
    "shmat": 30, "shmctl": 31, "semop": 65, "semctl": 66, "msgsnd": 69, "msgrcv": 70,
    "msgctl": 71, "semtimedop": 220, "mq_unlink": 241,
    # calls that act on other processes of the same user (priority, CPUs, memory placement)
    "setpriority": 141, "sched_setparam": 142, "sched_setscheduler": 144,
    "sched_setaffinity": 203, "sched_setattr": 314, "ioprio_set": 251, "migrate_pages": 256,
    "move_pages": 279, "process_madvise": 440, "process_mrelease": 448, "kcmp": 312,
}

MAX_OPEN_FILES = 16  # descriptors a child may hold (it needs 4: stdio on /dev/null, its socket)
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_SYSCALL_BIT = 0x40000000
# prlimit64 is how glibc implements setrlimit: allowed on this process only (pid argument 0), so a
# child may tighten or re-arm its own soft limits under the hard ones but never touch the host's.
_NR_PRLIMIT64 = 302
# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_JSET_K = 0x45
# openat stays possible only for a worker Landlock confines to reading its files root, and even
# there only without a flag that writes or creates (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC,
# O_APPEND, O_TMPFILE); `open`, `openat2` and the rest stay denied.
_NR_OPENAT = 257
_OPEN_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000 | 0o20000000


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _bpf_program(denied: list[int], *,
                 read_open: bool = False) -> list[tuple[int, int, int, int]]:
    eperm = _SECCOMP_RET_ERRNO | errno.EPERM
    prog: list[tuple[int, int, int, int]] = [
        (_LD_W_ABS, 0, 0, 4),                         # A = seccomp_data.arch
        (_JEQ_K, 1, 0, _AUDIT_ARCH_X86_64),           # foreign arch (int 0x80 i386 calls) ->
        (_RET_K, 0, 0, eperm),                        #   refuse everything
        (_LD_W_ABS, 0, 0, 0),                         # A = seccomp_data.nr
        (_JGE_K, 0, 1, _X32_SYSCALL_BIT),             # x32 ABI calls -> refuse
        (_RET_K, 0, 0, eperm),
    ]
    prog += [
        (_JEQ_K, 0, 7, _NR_PRLIMIT64),                # prlimit64(pid, ...):
        (_LD_W_ABS, 0, 0, 16),                        #   A = low word of pid
        (_JEQ_K, 1, 0, 0),
        (_RET_K, 0, 0, eperm),                        #   another process -> refuse
        (_LD_W_ABS, 0, 0, 20),                        #   A = high word of pid
        (_JEQ_K, 0, 1, 0),
        (_RET_K, 0, 0, _SECCOMP_RET_ALLOW),           #   pid 0 (self) -> allow
        (_RET_K, 0, 0, eperm),
    ]
    if read_open:
        prog += [
            (_JEQ_K, 0, 4, _NR_OPENAT),               # openat(dirfd, path, flags, mode):
            (_LD_W_ABS, 0, 0, 32),                    #   A = low word of flags
            (_JSET_K, 1, 0, _OPEN_WRITE_FLAGS),       #   any writing flag -> refuse
            (_RET_K, 0, 0, _SECCOMP_RET_ALLOW),       #   read-only -> allow (Landlock binds)
            (_RET_K, 0, 0, eperm),
        ]
    n = len(denied)
    for i, nr in enumerate(denied):
        # match -> jump to the final "deny" instruction; else fall through to the next test
        prog.append((_JEQ_K, n - i, 0, nr))
    prog.append((_RET_K, 0, 0, _SECCOMP_RET_ALLOW))
    prog.append((_RET_K, 0, 0, eperm))
    return prog


def seccomp_supported() -> bool:
    """True where install_seccomp can load its filter (Linux on x86_64)."""
    return sys.platform.startswith("linux") and platform.machine() == "x86_64"


def install_seccomp(*, read_open: bool = False) -> bool:
    """Load the deny-list filter into this process (irreversible); False when unsupported.

    `read_open` lets read-only `openat` through: pass it only after Landlock has confined the
    process to reading its files root (landlock.restrict_to_read_beneath returned True).
    """
    if not seccomp_supported():
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return False
    prog = _bpf_program(sorted(set(DENIED_SYSCALLS_X86_64.values())), read_open=read_open)
    array = (_SockFilter * len(prog))(*[_SockFilter(*ins) for ins in prog])
    fprog = _SockFprog(len(prog), array)
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0


def set_limits(*, cpu_seconds: int, memory_bytes: int, lifetime_cpu_seconds: int) -> None:
    """Apply rlimits: CPU (soft per job, hard per process), address space, no core, no files."""
    used = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime
               + resource.getrusage(resource.RUSAGE_SELF).ru_stime)
    soft = used + max(1, cpu_seconds)
    hard = max(soft + 1, lifetime_cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    for name, value in (("RLIMIT_AS", memory_bytes), ("RLIMIT_CORE", 0), ("RLIMIT_FSIZE", 0),
                        ("RLIMIT_NPROC", 0), ("RLIMIT_NOFILE", MAX_OPEN_FILES),
                        ("RLIMIT_MEMLOCK", 0), ("RLIMIT_MSGQUEUE", 0)):
        limit = getattr(resource, name, None)  # some are Linux-only
        if limit is None:
            continue
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            if name in ("RLIMIT_AS", "RLIMIT_NPROC"):
                raise  # the limits this layer depends on must hold


def close_fds_except(keep: set[int]) -> None:
    """Close every inherited descriptor except `keep` (0, 1, 2 are reopened on /dev/null)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        if fd not in keep:
            os.dup2(devnull, fd)
    os.close(devnull)
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
