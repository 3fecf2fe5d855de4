"""Number-theory helpers whose source a plan ships into the sandbox (see ship.shipped):
they run there exactly as written here."""

from __future__ import annotations

__all__ = ["is_prime", "prime_factors", "smallest_factor"]


def is_prime(n):
    """Miller-Rabin with the first 12 primes as bases: exact below 3.3e24."""
    bases = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    if n < 2:
        return False
    for p in bases:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in bases:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def prime_factors(n):
    """{prime: exponent} of n >= 2, by trial division."""
    factors = {}
    rest, d = n, 2
    while d * d <= rest:
        while rest % d == 0:
            factors[d] = factors.get(d, 0) + 1
            rest //= d
        d += 1
    if rest > 1:
        factors[rest] = factors.get(rest, 0) + 1
    return factors


def smallest_factor(n, limit):
    """The smallest prime factor of a composite n >= 4 when it is at most `limit`, else None."""
    d = 2
    while d <= limit and d * d <= n:
        if n % d == 0:
            return d
        d += 1 if d == 2 else 2
    return None
