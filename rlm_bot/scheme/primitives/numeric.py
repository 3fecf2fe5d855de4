"""Numbers: Racket's arithmetic on exact integers, exact rationals and flonums."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.numbers import check_bits, norm, to_exact, to_inexact
from rlm_bot.scheme.primitives.base import TABLE, check_int, check_num, contract, prim
from rlm_bot.scheme.printer import format_number
from rlm_bot.scheme.reader import parse_number
from rlm_bot.scheme.values import VOID, MultipleValues

_NUM = (int, float, Fraction)
_SMALL = 1 << 62


def _num(who: str, v: Any) -> Any:
    t = type(v)
    if t is int or t is float or t is Fraction:
        return v
    raise contract(who, "number?", v)


def _div0(who: str) -> SchemeError:
    return SchemeError(f"{who}: division by zero", kind="fail:contract:divide-by-zero")


@prim("+")
def add(a=0, b=0, *rest):
    """(+ z ...)"""
    if type(a) is int and type(b) is int and not rest:
        return a + b
    r = _num("+", a) + _num("+", b)
    for x in rest:
        r = r + _num("+", x)
    return norm(r)


@prim("-")
def sub(a, *rest):
    """(- z) or (- z w ...)"""
    if len(rest) == 1 and type(a) is int and type(rest[0]) is int:
        return a - rest[0]
    if not rest:
        return norm(-_num("-", a))
    r = _num("-", a)
    for x in rest:
        r = r - _num("-", x)
    return norm(r)


def _mul2(a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        if -_SMALL < a < _SMALL and -_SMALL < b < _SMALL:
            return a * b
        check_bits(a.bit_length() + b.bit_length(), "*")
        return a * b
    _num("*", a)
    _num("*", b)
    if (a == 0 and type(a) is int) or (b == 0 and type(b) is int):
        return 0  # exact zero times anything is exact zero, as in Racket
    if type(a) is Fraction or type(b) is Fraction:
        check_bits(_bits(a) + _bits(b), "*")
    return norm(a * b)


def _bits(x: Any) -> int:
    if type(x) is int:
        return x.bit_length()
    if type(x) is Fraction:
        return max(x.numerator.bit_length(), x.denominator.bit_length())
    return 64


@prim("*")
def mul(a=1, b=1, *rest):
    """(* z ...)"""
    r = _mul2(a, b)
    for x in rest:
        r = _mul2(r, x)
    return r


def _div2(a: Any, b: Any) -> Any:
    _num("/", a)
    _num("/", b)
    if type(b) is float or type(a) is float:
        if b == 0:
            if type(b) is int:
                raise _div0("/")
            if a == 0 or a != a:
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b
    if b == 0:
        raise _div0("/")
    return norm(Fraction(a) / b)


@prim("/")
def div(a, *rest):
    """(/ z) or (/ z w ...): exact division gives exact rationals."""
    if not rest:
        return _div2(1, a)
    r = a
    for x in rest:
        r = _div2(r, x)
    return r


def _compare(who: str, op: Any, args: tuple) -> bool:
    for x in args:
        _num(who, x)
    return all(op(args[i], args[i + 1]) for i in range(len(args) - 1))


@prim("=")
def num_eq(a, b, *rest):
    """(= x y ...)"""
    if not rest and type(a) is int and type(b) is int:
        return a == b
    return _compare("=", lambda x, y: x == y, (a, b, *rest))


@prim("<")
def lt(a, b, *rest):
    """(< x y ...)"""
    if not rest and type(a) is int and type(b) is int:
        return a < b
    return _compare("<", lambda x, y: x < y, (a, b, *rest))


@prim(">")
def gt(a, b, *rest):
    """(> x y ...)"""
    if not rest and type(a) is int and type(b) is int:
        return a > b
    return _compare(">", lambda x, y: x > y, (a, b, *rest))


@prim("<=")
def le(a, b, *rest):
    """(<= x y ...)"""
    if not rest and type(a) is int and type(b) is int:
        return a <= b
    return _compare("<=", lambda x, y: x <= y, (a, b, *rest))


@prim(">=")
def ge(a, b, *rest):
    """(>= x y ...)"""
    if not rest and type(a) is int and type(b) is int:
        return a >= b
    return _compare(">=", lambda x, y: x >= y, (a, b, *rest))


def _int_like(who: str, v: Any) -> Any:
    if type(v) is int:
        return v
    if type(v) is float and v.is_integer():
        return v
    raise contract(who, "integer?", v)


def _int_op(who: str, a: Any, b: Any, fn: Any) -> Any:
    a, b = _int_like(who, a), _int_like(who, b)
    if b == 0:
        raise _div0(who)
    if type(a) is int and type(b) is int:
        return fn(a, b)
    return float(fn(int(a), int(b)))


def _quot(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


@prim("quotient")
def quotient(a, b):
    """(quotient n m): truncates toward zero."""
    return _int_op("quotient", a, b, _quot)


@prim("remainder")
def remainder(a, b):
    """(remainder n m): sign of n."""
    return _int_op("remainder", a, b, lambda x, y: x - y * _quot(x, y))


@prim("modulo")
def modulo(a, b):
    """(modulo n m): sign of m."""
    return _int_op("modulo", a, b, lambda x, y: x % y)


@prim("quotient/remainder")
def quotient_remainder(a, b):
    """(quotient/remainder n m) -> two values."""
    return MultipleValues([quotient(a, b), remainder(a, b)])


@prim("abs", "magnitude")
def abs_(x):
    """(abs x)"""
    return abs(_num("abs", x))


@prim("add1")
def add1(x):
    """(add1 z)"""
    if type(x) is int:
        return x + 1
    return norm(_num("add1", x) + 1)


@prim("sub1")
def sub1(x):
    """(sub1 z)"""
    if type(x) is int:
        return x - 1
    return norm(_num("sub1", x) - 1)


@prim("max")
def max_(a, *rest):
    """(max x ...): inexact if any argument is."""
    args = [check_num("max", x) for x in (a, *rest)]
    r = max(args)
    return float(r) if any(type(x) is float for x in args) else r


@prim("min")
def min_(a, *rest):
    """(min x ...): inexact if any argument is."""
    args = [check_num("min", x) for x in (a, *rest)]
    r = min(args)
    return float(r) if any(type(x) is float for x in args) else r


def _isqrt_exact(n: int) -> int | None:
    r = math.isqrt(n)
    return r if r * r == n else None


@prim("sqrt")
def sqrt(x):
    """(sqrt x): exact for perfect squares, as in Racket."""
    _num("sqrt", x)
    if x < 0:
        raise SchemeError("sqrt: complex results are not supported in this sandbox (negative argument)",
                          kind="fail:contract")
    if type(x) is int:
        r = _isqrt_exact(x)
        if r is not None:
            return r
        try:
            return math.sqrt(x)
        except OverflowError:
            return float(math.isqrt(x))
    if type(x) is Fraction:
        n, d = _isqrt_exact(x.numerator), _isqrt_exact(x.denominator)
        if n is not None and d is not None:
            return Fraction(n, d)
        return math.sqrt(x)
    return math.sqrt(x)


@prim("integer-sqrt")
def integer_sqrt(n):
    """(integer-sqrt n)"""
    if type(n) is not int or n < 0:
        raise contract("integer-sqrt", "exact-nonnegative-integer?", n)
    return math.isqrt(n)


@prim("sqr")
def sqr(x):
    """(sqr x)"""
    return _mul2(x, x)


@prim("expt")
def expt(base, power):
    """(expt z w): exact when both are exact; refuses results over the bignum limit."""
    _num("expt", base)
    _num("expt", power)
    if type(power) is int:
        if type(base) is float:
            try:
                return math.pow(base, power)
            except OverflowError:
                return math.inf if base > 0 or power % 2 == 0 else -math.inf
            except ValueError:
                raise _div0("expt") from None
        if base in (0, 1) or power == 0:
            if power < 0 and base == 0:
                raise _div0("expt")
            return 1 if power == 0 else base
        if base == -1:
            return 1 if power % 2 == 0 else -1
        check_bits(_bits(base) * abs(power), "expt")
        if power < 0:
            return norm(Fraction(1) / (Fraction(base) ** -power))
        return norm(base ** power)
    if type(power) is Fraction and type(base) is not float and base >= 0:
        root = sqrt(base) if power.denominator == 2 else None
        if root is not None and type(root) is not float:
            return expt(root, power.numerator)
    if base < 0 and not float(power).is_integer():
        raise SchemeError("expt: complex results are not supported in this sandbox", kind="fail:contract")
    try:
        return math.pow(float(base), float(power))
    except OverflowError:
        return math.inf
    except ValueError:
        raise _div0("expt") from None


@prim("exp")
def exp(x):
    """(exp z)"""
    if x == 0 and type(x) is int:
        return 1
    try:
        return math.exp(_num("exp", x))
    except OverflowError:
        return math.inf


@prim("log")
def log(x, base=None):
    """(log z [base])"""
    _num("log", x)
    if x == 1 and type(x) is int and base is None:
        return 0
    if x == 0:
        if type(x) is int:
            raise _div0("log")
        return -math.inf
    if x < 0:
        raise SchemeError("log: complex results are not supported in this sandbox", kind="fail:contract")
    r = math.log(x)
    if base is not None:
        _num("log", base)
        r = r / math.log(base)
    return r


def _float_fn(name: str, fn: Any, exact_zero: bool = True) -> None:
    def f(x):
        _num(name, x)
        if exact_zero and x == 0 and type(x) is int:
            return 0
        try:
            return fn(x)
        except ValueError:
            raise SchemeError(f"{name}: argument out of range (complex results are not supported)",
                              kind="fail:contract") from None
        except OverflowError:
            return math.inf

    f.__doc__ = f"({name} x)"
    prim(name)(f)


for _name, _fn in (("sin", math.sin), ("cos", math.cos), ("tan", math.tan), ("asin", math.asin),
                   ("acos", math.acos)):
    _float_fn(_name, _fn, exact_zero=_name not in ("cos", "acos"))


@prim("atan")
def atan(y, x=None):
    """(atan z) or (atan y x)"""
    _num("atan", y)
    if x is None:
        return 0 if y == 0 and type(y) is int else math.atan(y)
    _num("atan", x)
    if type(x) is int and type(y) is int and x == 0 and y == 0:
        raise _div0("atan")
    return math.atan2(y, x)


def _rounder(name: str, fn: Any) -> None:
    def f(x):
        _num(name, x)
        if type(x) is int:
            return x
        if type(x) is Fraction:
            return fn(x)
        if x != x or x in (math.inf, -math.inf):
            return x
        return math.copysign(float(fn(x)), x)  # keeps -0.0, as Racket does

    f.__doc__ = f"({name} x)"
    prim(name)(f)

    def exact_f(x):
        r = f(x)
        return to_exact(r)

    exact_f.__doc__ = f"(exact-{name} x)"
    prim(f"exact-{name}")(exact_f)


_rounder("floor", math.floor)
_rounder("ceiling", math.ceil)
_rounder("truncate", math.trunc)
_rounder("round", round)  # Python rounds half to even, like Racket


@prim("exact->inexact", "inexact", "real->double-flonum", "exact->inexact*")
def exact_to_inexact(x):
    """(exact->inexact z)"""
    return to_inexact(_num("exact->inexact", x))


@prim("inexact->exact", "exact")
def inexact_to_exact(x):
    """(inexact->exact z)"""
    return to_exact(_num("inexact->exact", x))


@prim("number->string")
def number_to_string(x, radix=10):
    """(number->string z [radix])"""
    _num("number->string", x)
    if radix not in (2, 8, 10, 16):
        raise contract("number->string", "(or/c 2 8 10 16)", radix)
    return format_number(x, radix)


@prim("string->number")
def string_to_number(s, radix=10):
    """(string->number s [radix]) -> number or #f"""
    if type(s) is not str:
        raise contract("string->number", "string?", s)
    value = parse_number(s.strip() if s.strip() == s else s, radix)
    if type(value) is int and value.bit_length() > 64:
        check_bits(value.bit_length(), "string->number")
    return False if value is None else value


@prim("gcd")
def gcd(*xs):
    """(gcd n ...)"""
    r = 0
    for x in xs:
        r = math.gcd(r, int(_int_like("gcd", x)))
    return r


@prim("lcm")
def lcm(*xs):
    """(lcm n ...)"""
    r = 1
    for x in xs:
        x = int(_int_like("lcm", x))
        if x == 0:
            return 0
        check_bits(r.bit_length() + x.bit_length(), "lcm")
        r = abs(r * x) // math.gcd(r, x)
    return r


@prim("numerator")
def numerator(x):
    """(numerator q)"""
    _num("numerator", x)
    return Fraction(x).numerator if type(x) is not float else float(Fraction(x).numerator)


@prim("denominator")
def denominator(x):
    """(denominator q)"""
    _num("denominator", x)
    return Fraction(x).denominator if type(x) is not float else float(Fraction(x).denominator)


@prim("arithmetic-shift")
def arithmetic_shift(n, k):
    """(arithmetic-shift n k)"""
    check_int("arithmetic-shift", n)
    check_int("arithmetic-shift", k)
    if k > 0:
        check_bits(n.bit_length() + k, "arithmetic-shift")
        return n << k
    return n >> -k


def _bitwise(name: str, fn: Any, unit: int) -> None:
    def f(*xs):
        r = unit
        for x in xs:
            r = fn(r, check_int(name, x))
        return r

    f.__doc__ = f"({name} n ...)"
    prim(name)(f)


_bitwise("bitwise-and", lambda a, b: a & b, -1)
_bitwise("bitwise-ior", lambda a, b: a | b, 0)
_bitwise("bitwise-xor", lambda a, b: a ^ b, 0)


@prim("bitwise-not")
def bitwise_not(n):
    """(bitwise-not n)"""
    return ~check_int("bitwise-not", n)


@prim("integer-length")
def integer_length(n):
    """(integer-length n)"""
    return check_int("integer-length", n).bit_length()


# --- predicates ---------------------------------------------------------------------------------


@prim("number?", "real?", "complex?")
def number_p(x):
    """(number? v)"""
    t = type(x)
    return t is int or t is float or t is Fraction


@prim("rational?")
def rational_p(x):
    """(rational? v)"""
    t = type(x)
    return t is int or t is Fraction or (t is float and math.isfinite(x))


@prim("integer?")
def integer_p(x):
    """(integer? v): 2.0 is an integer"""
    return type(x) is int or (type(x) is float and x.is_integer())


@prim("exact-integer?")
def exact_integer_p(x):
    """(exact-integer? v)"""
    return type(x) is int


@prim("exact-nonnegative-integer?", "natural?")
def exact_nonneg_p(x):
    """(exact-nonnegative-integer? v)"""
    return type(x) is int and x >= 0


@prim("exact-positive-integer?")
def exact_pos_p(x):
    """(exact-positive-integer? v)"""
    return type(x) is int and x > 0


@prim("exact?")
def exact_p(x):
    """(exact? z)"""
    _num("exact?", x)
    return type(x) is not float


@prim("inexact?", "flonum?")
def inexact_p(x):
    """(inexact? z)"""
    return type(_num("inexact?", x)) is float


@prim("zero?")
def zero_p(x):
    """(zero? z)"""
    return _num("zero?", x) == 0


@prim("positive?")
def positive_p(x):
    """(positive? x)"""
    return check_num("positive?", x) > 0


@prim("negative?")
def negative_p(x):
    """(negative? x)"""
    return check_num("negative?", x) < 0


@prim("even?")
def even_p(x):
    """(even? n)"""
    return _int_like("even?", x) % 2 == 0


@prim("odd?")
def odd_p(x):
    """(odd? n)"""
    return _int_like("odd?", x) % 2 == 1


@prim("nan?")
def nan_p(x):
    """(nan? x)"""
    return type(check_num("nan?", x)) is float and x != x


@prim("infinite?")
def infinite_p(x):
    """(infinite? x)"""
    return type(check_num("infinite?", x)) is float and x in (math.inf, -math.inf)


@prim("random", run=True)
def random_(ctx, a=None, b=None):
    """(random) -> float in [0,1); (random k) -> [0,k); (random lo hi) -> [lo,hi). Seeded per run."""
    if a is None:
        return ctx.rng.random()
    if b is None:
        if type(a) is not int or a <= 0:
            raise contract("random", "exact-positive-integer?", a)
        return ctx.rng.randrange(a)
    check_int("random", a)
    check_int("random", b)
    if b <= a:
        raise contract("random", "an upper bound greater than the lower bound", b)
    return ctx.rng.randrange(a, b)


@prim("random-seed", run=True)
def random_seed(ctx, k):
    """(random-seed k): reseed this run's generator."""
    ctx.rng.seed(check_int("random-seed", k))
    return VOID


TABLE["pi"] = math.pi
TABLE["euler"] = math.e


@prim("real->decimal-string")
def real_to_decimal_string(x, digits=2):
    """(real->decimal-string n [decimal-digits])"""
    check_num("real->decimal-string", x)
    if type(digits) is not int or digits < 0:
        raise contract("real->decimal-string", "exact-nonnegative-integer?", digits)
    scaled = round(Fraction(x) * 10 ** digits) if type(x) is not float or math.isfinite(x) else None
    if scaled is None:
        raise contract("real->decimal-string", "rational?", x)
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}" if digits else f"{sign}{text}."
