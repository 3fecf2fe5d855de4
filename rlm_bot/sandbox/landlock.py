"""Landlock (Linux 5.13+): limit a sandbox child's file access to reading one directory tree.

Loaded through ctypes like the seccomp filter (no third-party package). Once a child is
restricted, every open outside the granted tree fails with EACCES in the kernel, whatever path,
`..`, symlink or /proc trick the code tries, so the seccomp filter may let that child open files
read-only. A child that cannot be restricted keeps `open` forbidden and has no file helpers.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys

_NR_CREATE_RULESET = 444
_NR_ADD_RULE = 445
_NR_RESTRICT_SELF = 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
READ_FILE = 1 << 2
READ_DIR = 1 << 3
# every filesystem right the kernel knows, by Landlock ABI version (1: 13 rights, 2: REFER,
# 3: TRUNCATE, 5: IOCTL_DEV); handled rights not granted by a rule are denied everywhere
_HANDLED_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
_HANDLED_LATEST = (1 << 16) - 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux") or platform.machine() != "x86_64":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def abi_version() -> int:
    """The kernel's Landlock ABI version (0 when Landlock is unavailable)."""
    libc = _libc()
    if libc is None:
        return 0
    version = libc.syscall(_NR_CREATE_RULESET, None, ctypes.c_size_t(0),
                           ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(0, int(version))


def restrict_to_read_beneath(dir_fd: int) -> bool:
    """Allow this process (irreversibly) only to read beneath `dir_fd`; False if unsupported."""
    abi = abi_version()
    libc = _libc()
    if abi < 1 or libc is None:
        return False
    attr = _RulesetAttr(_HANDLED_BY_ABI.get(abi, _HANDLED_LATEST))
    ruleset = libc.syscall(_NR_CREATE_RULESET, ctypes.byref(attr),
                           ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        rule = _PathBeneathAttr(READ_FILE | READ_DIR, dir_fd)
        if libc.syscall(_NR_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH),
                        ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            return False
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return libc.syscall(_NR_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)
