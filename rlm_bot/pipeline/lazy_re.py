"""`re` for the pipeline's reader modules: patterns compiled when first used, and a cache that holds them.

The analyze and compute stages read messages with about 850 module-level patterns and about 2,000
more written inline (`re.search(r"...", text)`). Two costs came with plain `re`:

- every process start compiled all 850 at import (about half the CPU of importing the stages),
  though a first message uses about a third of them (half of their compile time);
- `re` keeps the last 512 patterns it compiled from strings, and a stream of messages reads with
  more than that, so each message compiled ~110 inline patterns again (~80% of analyze's CPU).

A reader module imports this instead of `re` (`from rlm_bot.pipeline import lazy_re as re`) and is
otherwise unchanged: `compile` returns a `LazyPattern`, compiled on its first use and from then on
the compiled pattern's own methods; the module-level functions (`search`, `sub`, ...) take a string,
a compiled or a lazy pattern as `re`'s do, and keep the patterns given as strings in an LRU cache of
`CACHE_SIZE`. Everything else (`escape`, the flags, `Pattern`, `Match`, `error`) is `re`'s own.
Two differences a module using it must mind: a pattern that does not compile fails at its first use
instead of at import (tests/pipeline/test_lazy_re.py compiles every one the readers hold), and a
match's `.re` is the compiled pattern, never the LazyPattern it came from: compare the two with `==`,
not by identity (the test looks for that too; compute's extract and tables do, and keep plain `re`).
"""

from __future__ import annotations

import functools
import re as _re
from re import (  # noqa: F401  (re's names, re-exported)
    ASCII, DEBUG, DOTALL, IGNORECASE, LOCALE, MULTILINE, NOFLAG, UNICODE, VERBOSE, A, I, L, M, Match,
    Pattern, RegexFlag, S, U, X, error, escape,
)

__all__ = ["ASCII", "CACHE_SIZE", "DEBUG", "DOTALL", "IGNORECASE", "LOCALE", "MULTILINE", "NOFLAG",
           "UNICODE", "VERBOSE", "A", "I", "L", "LazyPattern", "M", "Match", "Pattern", "RegexFlag", "S",
           "U", "X", "compile", "error", "escape", "findall", "finditer", "fullmatch", "match", "purge",
           "search", "split", "sub", "subn"]

# Patterns given as strings kept compiled, least recently used dropped first. The readers use about
# 2,000 distinct inline patterns, and a few more a message (built from its words) that are not met again.
CACHE_SIZE = 8192

# what a compiled pattern answers, copied onto a LazyPattern when it compiles
_DELEGATED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
              "flags", "groups", "groupindex")


class LazyPattern:
    """A pattern compiled on its first use; from then on it answers as the compiled `re.Pattern`.

    `pattern` (the source) is there without compiling, for the modules that build bigger patterns
    from smaller ones. `compiled()` is the `re.Pattern` itself.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: Pattern | None = None

    def compiled(self) -> Pattern:
        """The compiled pattern (compiled now if this is its first use)."""
        done = self._compiled
        if done is None:
            done = _cached(self.pattern, self._flags)
            # instance attributes shadow __getattr__: later calls go straight to the compiled methods
            self.__dict__.update({name: getattr(done, name) for name in _DELEGATED})
            self._compiled = done
        return done

    def __getattr__(self, name: str):
        if name.startswith("_"):  # copy/pickle probes, half-built instances
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyPattern):
            other = other.compiled()
        return self.compiled() == other

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __repr__(self) -> str:
        return repr(self.compiled())


def compile(pattern, flags=0):  # noqa: A001  (re's name)
    """`re.compile`, deferred: a `LazyPattern` for a string; a compiled or lazy pattern as it is."""
    if isinstance(pattern, str):
        return LazyPattern(pattern, flags)
    if isinstance(pattern, LazyPattern):
        return pattern if not flags else _re.compile(pattern.compiled(), flags)  # re's ValueError
    return _re.compile(pattern, flags)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached(pattern: str, flags: int) -> Pattern:
    return _re.compile(pattern, flags)


def purge() -> None:
    """`re.purge`, and this module's cache too."""
    _cached.cache_clear()
    _re.purge()


def _pattern(pattern, flags) -> Pattern:
    if type(pattern) is str:
        return _cached(pattern, flags)
    if type(pattern) is LazyPattern:
        pattern = pattern.compiled()
    return _re.compile(pattern, flags)  # a compiled pattern (flags 0, as re wants) or bytes


def search(pattern, string, flags=0):
    """`re.search`."""
    return _pattern(pattern, flags).search(string)


def match(pattern, string, flags=0):
    """`re.match`."""
    return _pattern(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    """`re.fullmatch`."""
    return _pattern(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    """`re.findall`."""
    return _pattern(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    """`re.finditer`."""
    return _pattern(pattern, flags).finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    """`re.split`."""
    return _pattern(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    """`re.sub`."""
    return _pattern(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    """`re.subn`."""
    return _pattern(pattern, flags).subn(repl, string, count)
