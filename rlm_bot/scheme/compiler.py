"""Compiler ("analyze", SICP 4.1.7): Scheme data -> Python closures `node(frame) -> value`.

Every variable is resolved at compile time (locals to frame slots, globals to cells); special
forms are compiled by one small function each (forms.py); applications are specialised by
argument count and operator kind from templates below. A node in tail position may return a
pending call `(procedure, frame)` instead of a value (see evaluator.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Callable

from rlm_bot.scheme.environment import CompileScope, GlobalEnv
from rlm_bot.scheme.errors import SchemeError, SchemeSyntaxError
from rlm_bot.scheme.evaluator import apply_kw, apply_slow, bind, bounce, call_closure, prim_error
from rlm_bot.scheme.macros import expand, find_macro
from rlm_bot.scheme.primitives.equality import eq
from rlm_bot.scheme.runstate import TLS
from rlm_bot.scheme.values import (
    NIL, UNDEFINED, Char, Closure, Keyword, Lambda, Pair, Primitive, Symbol, list_to_py, sym,
)

MAX_CODE_DEPTH = 200  # nesting of expressions inside one procedure body
_QUOTE = sym("quote")


def scope_free(x: Any, scope: Any) -> bool:
    """True when `quote` at the head of `x` is the special form (not a local variable)."""
    return scope is None or scope.resolve(_QUOTE) is None

Node = Callable[[list], Any]
SPECIAL_FORMS: dict[Symbol, Callable[..., Node]] = {}
# Definition forms registered by their modules (struct, match-define): head name -> a function
# (head, args) -> the names that form binds, so bodies give them slots before compiling.
DEFINERS: dict[str, Callable[[str, list], list[Symbol]]] = {}


def special(*names: str) -> Callable:
    """Register a compile function for the special form(s) `names`."""

    def register(fn: Callable[..., Node]) -> Callable[..., Node]:
        for name in names:
            SPECIAL_FORMS[sym(name)] = fn
        return fn

    return register


class Compiler:
    """Compiles the forms of one program against a session's global environment."""

    def __init__(self, genv: GlobalEnv, positions: dict[int, tuple[int, int]] | None = None, *,
                 builtins: Mapping[str, Any]) -> None:
        self.genv = genv
        self.builtins = builtins  # the built-in primitives by name, for inline fast paths
        self.positions = positions or {}
        self.cur: tuple[int, int] | None = None  # position of the form being compiled

    def pos(self, x: Any) -> tuple[int, int] | None:
        """Source position of a list form, when the reader recorded it."""
        return self.positions.get(id(x))

    def error(self, message: str, x: Any) -> SchemeSyntaxError:
        """A compile error located at form `x`."""
        return SchemeSyntaxError(message, self.pos(x))

    def compile(self, x: Any, scope: CompileScope | None, tail: bool, depth: int) -> Node:
        """Compile expression `x`; `depth` is its nesting inside the current procedure body."""
        if depth > MAX_CODE_DEPTH:
            raise self.error(f"expression nested deeper than {MAX_CODE_DEPTH} levels", x)
        t = type(x)
        if t is Symbol:
            return self.variable(x, scope)
        if t is Pair:
            self.cur = self.positions.get(id(x), self.cur)
            head = x.car
            if type(head) is Symbol:
                if head in SPECIAL_FORMS and (scope is None or scope.resolve(head) is None):
                    return SPECIAL_FORMS[head](self, x, scope, tail, depth)
                macro = find_macro(self, head, scope)
                if macro is not None:
                    return self.compile(expand(self, macro, x), scope, tail, depth + 1)
            return self.application(x, scope, tail, depth)
        if x is NIL:
            raise self.error("#%app: missing procedure expression; probably originally (), "
                             "an illegal empty application", x)
        if t is Keyword:
            raise self.error(f"#:{x.name}: keyword used as an expression", x)
        return constant(x)

    def body(self, forms: list, scope: CompileScope | None, tail: bool, depth: int, where: Any) -> Node:
        """Compile a sequence; the last form inherits `tail`."""
        if not forms:
            raise self.error("bad syntax: empty body", where)
        nodes = [self.compile(f, scope, False, depth) for f in forms[:-1]]
        last = self.compile(forms[-1], scope, tail, depth)
        return sequence(nodes, last)

    def variable(self, name: Symbol, scope: CompileScope | None) -> Node:
        """A reference to a local slot or a global cell."""
        where = scope.resolve(name) if scope is not None else None
        if where is None:
            return global_ref(self.genv.cell(name), self.cur)
        return local_ref(*where, name)

    def application(self, x: Pair, scope: CompileScope | None, tail: bool, depth: int) -> Node:
        """`(f arg ... #:kw arg ...)`."""
        items = list_to_py(x)
        if items is None:
            raise self.error("bad syntax: application with a dotted list", x)
        pos = self.pos(x)
        fop = self.compile(items[0], scope, False, depth + 1)
        args, kws = [], {}
        rest = items[1:]
        i = 0
        while i < len(rest):
            a = rest[i]
            if type(a) is Keyword:
                if i + 1 >= len(rest):
                    raise self.error(f"application: missing argument expression after keyword #:{a.name}", x)
                if a in kws:
                    raise self.error(f"application: duplicate keyword #:{a.name}", x)
                kws[a] = self.compile(rest[i + 1], scope, False, depth + 1)
                i += 2
            else:
                args.append(self.compile(a, scope, False, depth + 1))
                i += 1
        cost = depth + 3
        if kws:
            return keyword_call(fop, args, kws, pos)
        head = items[0]
        cell = inline = op = None
        if type(head) is Symbol and (scope is None or scope.resolve(head) is None):
            cell = self.genv.cell(head)
            spec = INLINE.get(head.name)
            if spec is not None and spec[0] == len(args):
                op = self.builtins.get(head.name)
                inline = head.name if op is not None else None
        kinds = tuple(self.arg_kind(a, scope) for a in rest)
        op_kind = self.arg_kind(head, scope) if cell is None else None
        return make_call(fop, cell, args, tail, cost, pos, kinds, inline, op, op_kind,
                         builtins=self.builtins)

    def arg_kind(self, x: Any, scope: CompileScope | None) -> tuple:
        """How an argument can be inlined: ("const", value), ("local", up, slot) or ("node",)."""
        t = type(x)
        if t is Symbol:
            where = scope.resolve(x) if scope is not None else None
            if where is not None and not where[2] and where[0] <= 2:
                return ("local", where[0], where[1])
            return ("node",)
        if t in (int, float, str, bool, Char) or (t is Pair and x.car is _QUOTE and scope_free(x, scope)):
            if t is Pair:
                items = list_to_py(x)
                if items is None or len(items) != 2:
                    return ("node",)
                return ("const", items[1])
            return ("const", x)
        if t is Pair and type(x.car) is Symbol and (scope is None or scope.resolve(x.car) is None):
            spec = INLINE.get(x.car.name)
            sub = list_to_py(x.cdr)
            if spec is not None and sub is not None and len(sub) == spec[0] and x.car not in SPECIAL_FORMS:
                kinds = tuple(self.arg_kind(a, scope) for a in sub)
                if all(k[0] in ("local", "const") for k in kinds):
                    return ("op", x.car.name, kinds, self.genv.cell(x.car))
        return ("node",)

    def lambda_(self, params: Any, body: list, scope: CompileScope | None, name: str | None,
                where: Any) -> Lambda:
        """Compile a procedure: parameters (required, [optional default], #:kw, rest) and body."""
        req, opt, kws, rest = parse_params(self, params, where)
        inner = CompileScope(req, scope)
        opt_nodes = []
        for name_, default in opt:
            opt_nodes.append(self.compile(default, inner, False, 1))
            inner.add(name_, checked=False)
        kw_nodes = []
        for kw, name_, default in kws:
            kw_nodes.append((kw, None if default is None else self.compile(default, inner, False, 1)))
            inner.add(name_, checked=False)
        if rest is not None:
            inner.add(rest, checked=False)
        nparams = inner.size
        body_node = self.scoped_body(body, inner, where)
        return Lambda(name, len(req), opt_nodes, kw_nodes, rest is not None, inner.size - nparams,
                      body_node, self.pos(where))

    def scoped_body(self, forms: list, scope: CompileScope, where: Any, tail: bool = True,
                    depth: int = 0) -> Node:
        """A body with internal definitions: they get slots of `scope` (letrec* semantics)."""
        for name in defined_names(forms):
            scope.add(name, checked=True)
        return self.body(forms, scope, tail, depth, where)


def defined_names(forms: list) -> list[Symbol]:
    """Names bound by the internal definitions of a body (define, define-values, struct)."""
    out: list[Symbol] = []
    for form in forms:
        if type(form) is not Pair or type(form.car) is not Symbol:
            continue
        head = form.car.name
        args = list_to_py(form.cdr) or []
        if head == "define" and args:
            target = args[0]
            while type(target) is Pair:  # curried heads: ((f a) b)
                target = target.car
            if type(target) is Symbol:
                out.append(target)
        elif head == "define-values" and args:
            out.extend(s for s in (list_to_py(args[0]) or []) if type(s) is Symbol)
        elif head == "begin":
            out.extend(defined_names(args))
        elif head in DEFINERS and args:
            out.extend(DEFINERS[head](head, args))
    return out


def parse_params(c: Compiler, params: Any, where: Any) -> tuple[list, list, list, Symbol | None]:
    """Split a formals list into required, optional, keyword and rest parameters."""
    req: list[Symbol] = []
    opt: list[tuple[Symbol, Any]] = []
    kws: list[tuple[Keyword, Symbol, Any]] = []
    seen: set[Symbol] = set()

    def check(name: Any) -> Symbol:
        if type(name) is not Symbol:
            raise c.error(f"lambda: not an identifier: {name!r}", where)
        if name in seen:
            raise c.error(f"lambda: duplicate argument name {name.name}", where)
        seen.add(name)
        return name

    x = params
    while type(x) is Pair:
        p = x.car
        if type(p) is Keyword:
            if type(x.cdr) is not Pair:
                raise c.error(f"lambda: keyword #:{p.name} needs a parameter after it", where)
            spec = x.cdr.car
            if type(spec) is Pair:
                items = list_to_py(spec)
                if not items or len(items) != 2:
                    raise c.error("lambda: keyword parameter must be id or [id default]", where)
                kws.append((p, check(items[0]), items[1]))
            else:
                kws.append((p, check(spec), None))
            x = x.cdr.cdr
            continue
        if type(p) is Pair:
            items = list_to_py(p)
            if not items or len(items) != 2:
                raise c.error("lambda: optional parameter must be [id default]", where)
            opt.append((check(items[0]), items[1]))
        else:
            if opt:
                raise c.error("lambda: a required argument cannot follow an optional one", where)
            req.append(check(p))
        x = x.cdr
    rest = None
    if x is not NIL:
        rest = check(x)
    return req, opt, kws, rest


# --- node builders -------------------------------------------------------------------------------


def constant(value: Any) -> Node:
    """A node that returns `value`."""
    return lambda env: value


def sequence(nodes: list[Node], last: Node) -> Node:
    """Evaluate `nodes` for effect, then `last`."""
    if not nodes:
        return last
    if len(nodes) == 1:
        first = nodes[0]

        def seq2(env: list) -> Any:
            first(env)
            return last(env)

        return seq2

    def seq(env: list) -> Any:
        for node in nodes:
            node(env)
        return last(env)

    return seq


def unbound(name: Symbol | None, pos: Any = None) -> SchemeError:
    """The error for a variable used before (or without) its definition."""
    label = name.name if name is not None else "variable"
    return SchemeError(f"{label}: undefined; cannot reference an identifier before its definition",
                       kind="fail:contract:variable", pos=pos)


def global_ref(cell: Any, pos: Any = None) -> Node:
    """Read a global cell."""

    def gref(env: list) -> Any:
        v = cell.value
        if v is UNDEFINED:
            raise unbound(cell.name, pos)
        return v

    return gref


def local_ref(up: int, slot: int, checked: bool, name: Symbol) -> Node:
    """Read slot `slot` of the frame `up` levels out."""
    if not checked:
        if up == 0:
            return lambda env: env[slot]
        if up == 1:
            return lambda env: env[0][slot]
        if up == 2:
            return lambda env: env[0][0][slot]

    def ref(env: list) -> Any:
        for _ in range(up):
            env = env[0]
        v = env[slot]
        if v is UNDEFINED:
            raise unbound(name)
        return v

    return ref


def local_set(up: int, slot: int) -> Callable[[list, Any], None]:
    """Write slot `slot` of the frame `up` levels out."""

    def setter(env: list, value: Any) -> None:
        for _ in range(up):
            env = env[0]
        env[slot] = value

    return setter


_TEMPLATE = """
def make(fop, cell, nodes, consts, cost, pos, OP, extra):
    {unpack}
    def call(env):
        f = {fetch}
        {check}
        {evals}
        {inline}
        if type(f) is Primitive:
            try:
                return f.call({args})
            except Exception as e:
                raise prim_error(f, e, pos, {n}) from None
        if type(f) is Closure:
            {closure}
        return apply_slow(f, [{args}], pos, {tail}, cost)
    return call
"""
_MAKERS: dict[str, Callable] = {}

# The non-tail closure call, inlined into application nodes (call_closure without the call):
# count the step, account depth, build the frame directly, run the body, bounce tail calls.
_INLINE_CALL = """st = _tls.st
            st.budget -= 1
            if st.budget < 0:
                st.run.tick(st)
            d = st.depth + cost
            sd = st.sdepth + 1
            if d > st.hop_at or sd > st.max_sdepth:
                return call_closure(f, {frame}, cost)
            st.depth = d
            st.sdepth = sd
            code = f.code
            if code.fast_len == {nargs1}:
                r = code.body({fast_frame})
            else:
                r = code.body(bind(f, {frame}, None))
            while type(r) is tuple:
                r = bounce(r)
            st.depth = d - cost
            st.sdepth = sd - 1
            return r"""

# Inline fast paths for built-ins, taken only when the operator *is* the built-in primitive
# (a program that redefines `+` gets its own definition): name -> (arity, guard, expression).
_INT2 = "type(a0) is int and type(a1) is int"
INLINE = {
    "+": (2, _INT2, "a0 + a1"), "-": (2, _INT2, "a0 - a1"),
    "*": (2, _INT2 + " and -3037000499 < a0 < 3037000499 and -3037000499 < a1 < 3037000499", "a0 * a1"),
    "<": (2, _INT2, "a0 < a1"), ">": (2, _INT2, "a0 > a1"), "=": (2, _INT2, "a0 == a1"),
    "<=": (2, _INT2, "a0 <= a1"), ">=": (2, _INT2, "a0 >= a1"),
    "car": (1, "type(a0) is Pair", "a0.car"), "cdr": (1, "type(a0) is Pair", "a0.cdr"),
    "cons": (2, "True", "Pair(a0, a1)"), "null?": (1, "True", "a0 is NIL"),
    "pair?": (1, "True", "type(a0) is Pair"), "not": (1, "True", "a0 is False"),
    "zero?": (1, "type(a0) is int", "a0 == 0"), "add1": (1, "type(a0) is int", "a0 + 1"),
    "sub1": (1, "type(a0) is int", "a0 - 1"), "eq?": (2, "True", "a0 is a1 or eq(a0, a1)"),
    "vector-ref": (2, "type(a0) is list and type(a1) is int and 0 <= a1 < len(a0)", "a0[a1]"),
}


def arg_source(i: int, kind: tuple) -> str:
    """The Python expression of inline argument `i` of `kind` in a call template."""
    if kind[0] == "const":
        return f"k{i}"
    if kind[0] == "local":
        return "env" + "[0]" * kind[1] + f"[{kind[2]}]"
    return f"f{i}(env)"


def _maker(n: int, tail: bool, fetch: str, kinds: tuple, inline: str | None) -> Callable:
    args = ", ".join(f"a{i}" for i in range(n))
    frame = "[None" + "".join(f", a{i}" for i in range(n)) + "]"
    unpack = [f"f{i} = nodes[{i}]" for i, k in enumerate(kinds) if k[0] in ("node", "op")]
    unpack += [f"k{i} = consts[{i}]" for i, k in enumerate(kinds) if k[0] == "const"]
    evals = []
    for i, k in enumerate(kinds):
        if k[0] != "op":
            evals.append(f"a{i} = {arg_source(i, k)}")
            continue
        # a nested built-in operation on locals/constants, computed here without a call
        _, name, subkinds, _cell = k
        _, guard, expr = INLINE[name]
        unpack += [f"ic{i} = extra['ic{i}']", f"iop{i} = extra['iop{i}']"]
        subs = []
        for j, sk in enumerate(subkinds):
            if sk[0] == "const":
                unpack.append(f"kk{i}_{j} = extra['kk{i}_{j}']")
                subs.append(f"kk{i}_{j}")
            else:
                subs.append(arg_source(j, sk))
        rename = {f"a{j}": f"x{i}_{j}" for j in range(len(subkinds))}
        g = re.sub(r"\ba(\d)\b", lambda m: rename[m.group(0)], guard)
        e = re.sub(r"\ba(\d)\b", lambda m: rename[m.group(0)], expr)
        evals.append("; ".join(f"x{i}_{j} = {src}" for j, src in enumerate(subs)))
        evals.append(f"if ic{i}.value is iop{i} and {g}:\n            a{i} = {e}\n        else:\n"
                     f"            a{i} = f{i}(env)")
    inline_src = "pass"
    if inline is not None:
        _, guard, expr = INLINE[inline]
        inline_src = f"if f is OP and {guard}:\n            return {expr}"
    src = _TEMPLATE.format(
        n=n,
        unpack="; ".join(unpack) or "pass",
        fetch=fetch,
        check="if f is UNDEFINED:\n            raise unbound(cell.name, pos)" if fetch == "cell.value" else "pass",
        evals="\n        ".join(evals) or "pass",
        inline=inline_src,
        args=args,
        closure=f"return (f, {frame})" if tail else (
            f"return call_closure(f, {frame}, cost)" if inline is not None else _INLINE_CALL.format(
                frame=frame, fast_frame="[f.env" + "".join(f", a{i}" for i in range(n)) + "]",
                nargs1=n + 1)),
        tail=tail,
    )
    maker = _MAKERS.get(src)
    if maker is None:
        scope = {"Primitive": Primitive, "Closure": Closure, "prim_error": prim_error, "Pair": Pair,
                 "_tls": TLS, "bind": bind, "bounce": bounce,
                 "NIL": NIL, "UNDEFINED": UNDEFINED, "unbound": unbound, "apply_slow": apply_slow, "call_closure": call_closure, "eq": eq}
        exec(compile(src, f"<scheme-call-{n}>", "exec"), scope)  # noqa: S102 - our own template
        maker = _MAKERS[src] = scope["make"]
    return maker


def make_call(fop: Node, cell: Any, args: list[Node], tail: bool, cost: int, pos: Any,
              kinds: tuple | None = None, inline: str | None = None, op: Any = None,
              op_kind: tuple | None = None, *, builtins: Mapping[str, Any]) -> Node:
    """An application node specialised by argument count (0-4), argument kinds and operator."""
    if kinds is None:
        kinds = tuple(("node",) for _ in args)
    if len(args) <= 4:
        consts = [k[1] if k[0] == "const" else None for k in kinds]
        if cell is not None:
            fetch = "cell.value"
        elif op_kind is not None and op_kind[0] == "local":
            fetch = arg_source(0, op_kind)
        else:
            fetch = "fop(env)"
        extra = {}
        for i, k in enumerate(kinds):
            if k[0] == "op":
                extra[f"ic{i}"] = k[3]
                extra[f"iop{i}"] = builtins.get(k[1])
                for j, sk in enumerate(k[2]):
                    if sk[0] == "const":
                        extra[f"kk{i}_{j}"] = sk[1]
        maker = _maker(len(args), tail, fetch, kinds, inline)
        return maker(fop, cell, args, consts, cost, pos, op, extra)

    def call(env: list) -> Any:
        f = fop(env)
        vals = [a(env) for a in args]
        if type(f) is Primitive:
            try:
                return f.call(*vals)
            except Exception as e:
                raise prim_error(f, e, pos, len(vals)) from None
        if type(f) is Closure:
            frame = [None, *vals]
            return (f, frame) if tail else call_closure(f, frame, cost)
        return apply_slow(f, vals, pos, tail, cost)

    return call


def keyword_call(fop: Node, args: list[Node], kws: dict, pos: Any) -> Node:
    """An application with keyword arguments (never a tail call)."""
    items = list(kws.items())

    def call(env: list) -> Any:
        f = fop(env)
        vals = [a(env) for a in args]
        kwvals = {k: node(env) for k, node in items}
        return apply_kw(f, vals, kwvals, pos)

    return call
