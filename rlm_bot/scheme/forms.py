"""Core special forms: one small compile function each, its syntax in the comment above it.

Each takes (compiler, form, scope, tail, depth) and returns a node `node(frame) -> value`.
"""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme import evaluator as ev
from rlm_bot.scheme.compiler import (
    INLINE, Compiler, Node, arg_source, constant, defined_names, local_set, special,
)
from rlm_bot.scheme.environment import CompileScope
from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.primitives.control import Promise, call_ec
from rlm_bot.scheme.primitives.equality import eq
from rlm_bot.scheme.printer import to_write
from rlm_bot.scheme.runstate import TLS, current_run
from rlm_bot.scheme.values import (
    NIL, UNDEFINED, VOID, CaseLambda, Closure, MultipleValues, Pair, Parameter, Symbol, hash_key,
    list_to_py, sym,
)

_ELSE = sym("else")
_ARROW = sym("=>")


def parts(c: Compiler, x: Pair, lo: int, hi: int | None = None) -> list:
    """The operands of form `x`, checked to number between `lo` and `hi`."""
    items = list_to_py(x.cdr)
    name = x.car.name
    if items is None or len(items) < lo or (hi is not None and len(items) > hi):
        raise c.error(f"{name}: bad syntax in {_brief(x)}", x)
    return items


def _brief(x: Any) -> str:
    return to_write(x, 80)


def bindings(c: Compiler, spec: Any, where: Any) -> list[tuple[Any, Any]]:
    """`([name expr] ...)` as a list of (name, expr)."""
    items = list_to_py(spec)
    if items is None:
        raise c.error("bad syntax: expected a list of [name expr] bindings", where)
    out = []
    for b in items:
        pair = list_to_py(b)
        if pair is None or len(pair) != 2:
            raise c.error(f"bad binding {_brief(b)}: expected [name expr]", where)
        out.append((pair[0], pair[1]))
    return out


def _ident(c: Compiler, name: Any, where: Any) -> Symbol:
    if type(name) is not Symbol:
        raise c.error(f"not an identifier: {_brief(name)}", where)
    return name


# (quote datum)
@special("quote")
def quote_form(c, x, scope, tail, depth):
    """Compile (quote datum)"""
    return constant(parts(c, x, 1, 1)[0])


# (if test then [else])
@special("if")
def if_form(c, x, scope, tail, depth):
    """Compile (if test then [else])"""
    items = parts(c, x, 2, 3)
    test = c.compile(items[0], scope, False, depth + 1)
    then = c.compile(items[1], scope, tail, depth + 1)
    other = c.compile(items[2], scope, tail, depth + 1) if len(items) == 3 else constant(VOID)
    fused = fused_if(c, items[0], scope, test, then, other)
    if fused is not None:
        return fused

    def if_(env):
        if test(env) is not False:
            return then(env)
        return other(env)

    return if_


_IF_TEMPLATE = """
def make(cell, OP, k0, k1, test, then, other):
    def if_(env):
        f = cell.value
        a0 = {a0}; a1 = {a1}
        if f is OP and {guard}:
            t = {expr}
        else:
            t = test(env)
        if t is not False:
            return then(env)
        return other(env)
    return if_
"""
_IF_MAKERS: dict = {}


def fused_if(c, test_form, scope, test, then, other):
    """`(if (< i n) ...)` with a built-in comparison of locals/constants: test inline, no call."""
    if type(test_form) is not Pair or type(test_form.car) is not Symbol:
        return None
    head = test_form.car
    args = list_to_py(test_form.cdr)
    spec = INLINE.get(head.name)
    if spec is None or args is None or len(args) != 2 or spec[0] != 2:
        return None
    if scope is not None and scope.resolve(head) is not None:
        return None
    kinds = [c.arg_kind(a, scope) for a in args]
    if any(k[0] not in ("local", "const") for k in kinds):
        return None
    src = _IF_TEMPLATE.format(a0=arg_source(0, kinds[0]), a1=arg_source(1, kinds[1]),
                              guard=spec[1], expr=spec[2])
    maker = _IF_MAKERS.get(src)
    if maker is None:
        ns = {"Pair": Pair, "NIL": NIL, "eq": eq}
        exec(compile(src, "<scheme-if>", "exec"), ns)  # noqa: S102 - our own template
        maker = _IF_MAKERS[src] = ns["make"]
    consts = [k[1] if k[0] == "const" else None for k in kinds]
    return maker(c.genv.cell(head), c.builtins.get(head.name), consts[0], consts[1], test, then, other)


# (define name expr) | (define (name . formals) body ...) | (define ((name a) b) body ...)
@special("define")
def define_form(c, x, scope, tail, depth):
    """Compile (define name expr) | (define (name . formals) body ...) | (define ((name a) b) body ...)"""
    items = parts(c, x, 1)
    target, body = items[0], items[1:]
    while type(target) is Pair and type(target.car) is Pair:  # curried head
        body = [Pair(sym("lambda"), Pair(target.cdr, _to_list(body)))]
        target = target.car
    if type(target) is Pair:
        name = _ident(c, target.car, x)
        value = _closure_node(c.lambda_(target.cdr, body, scope, name.name, x))
    else:
        name = _ident(c, target, x)
        if len(body) > 1:
            raise c.error(f"define: bad syntax (multiple expressions after identifier) for {name.name}", x)
        value = _named(c, body[0], scope, depth, name) if body else constant(VOID)
    return _definer(c, name, value, scope, x)


def _to_list(items: list) -> Any:
    out: Any = NIL
    for item in reversed(items):
        out = Pair(item, out)
    return out


def _named(c: Compiler, expr: Any, scope, depth: int, name: Symbol) -> Node:
    """Compile `expr`, naming it `name` when it is a lambda (for error messages and printing)."""
    if type(expr) is Pair and expr.car in (sym("lambda"), sym("λ")) and (scope is None or scope.resolve(expr.car) is None):
        items = list_to_py(expr.cdr)
        if items and len(items) >= 2:
            return _closure_node(c.lambda_(items[0], items[1:], scope, name.name, expr))
    return c.compile(expr, scope, False, depth + 1)


def _definer(c: Compiler, name: Symbol, value: Node, scope, where) -> Node:
    if scope is None:
        cell = c.genv.cell(name)

        def define_global(env):
            cell.value = value(env)
            return VOID

        return define_global
    slot = scope.slots.get(name)
    if slot is None:
        raise c.error(f"define: not allowed in an expression context: {name.name}", where)

    def define_local(env):
        env[slot] = value(env)
        return VOID

    return define_local


def _closure_node(code) -> Node:
    return lambda env: Closure(code, env)


# (lambda formals body ...) — formals: (a [b 1] #:k [k 2] . rest) or a single rest symbol
@special("lambda", "λ")
def lambda_form(c, x, scope, tail, depth):
    """Compile (lambda formals body ...) — formals: (a [b 1] #:k [k 2] . rest) or a single rest symbol"""
    items = parts(c, x, 2)
    return _closure_node(c.lambda_(items[0], items[1:], scope, None, x))


# (case-lambda [formals body ...] ...)
@special("case-lambda")
def case_lambda_form(c, x, scope, tail, depth):
    """Compile (case-lambda [formals body ...] ...)"""
    codes = []
    for clause in parts(c, x, 1):
        items = list_to_py(clause)
        if not items or len(items) < 2:
            raise c.error("case-lambda: each clause is [formals body ...]", x)
        codes.append(c.lambda_(items[0], items[1:], scope, None, x))
    return lambda env: CaseLambda([Closure(code, env) for code in codes])


# (set! name expr)
@special("set!")
def set_form(c, x, scope, tail, depth):
    """Compile (set! name expr)"""
    name_, expr = parts(c, x, 2, 2)
    name = _ident(c, name_, x)
    value = c.compile(expr, scope, False, depth + 1)
    where = scope.resolve(name) if scope is not None else None
    if where is None:
        cell = c.genv.cell(name)

        def set_global(env):
            v = value(env)
            if cell.value is UNDEFINED:
                raise SchemeError(f"set!: assignment disallowed; cannot set variable {name.name} "
                                  "before its definition", kind="fail:contract:variable", pos=c.pos(x))
            cell.value = v
            return VOID

        return set_global
    setter = local_set(where[0], where[1])

    def set_local(env):
        setter(env, value(env))
        return VOID

    return set_local


# (begin form ...)
@special("begin")
def begin_form(c, x, scope, tail, depth):
    """Compile (begin form ...)"""
    items = parts(c, x, 0)
    if not items:
        return constant(VOID)
    return c.body(items, scope, tail, depth + 1, x)


# (begin0 first form ...)
@special("begin0")
def begin0_form(c, x, scope, tail, depth):
    """Compile (begin0 first form ...)"""
    first, *rest = [c.compile(f, scope, False, depth + 1) for f in parts(c, x, 1)]

    def begin0(env):
        v = first(env)
        for node in rest:
            node(env)
        return v

    return begin0


def _let_frame(c, names, inits, body_forms, scope, tail, depth, x, checked=False):
    """Compile a new frame holding `names` (values from `inits`) around `body_forms`."""
    inner = CompileScope(names, scope, checked)
    body = c.scoped_body(body_forms, inner, x, tail, depth + 1)
    extra = [UNDEFINED] * (inner.size - len(names))
    return inner, body, extra


# (let ([name expr] ...) body ...) | (let loop ([name expr] ...) body ...)
@special("let")
def let_form(c, x, scope, tail, depth):
    """Compile (let ([name expr] ...) body ...) | (let loop ([name expr] ...) body ...)"""
    items = parts(c, x, 2)
    if type(items[0]) is Symbol:
        return _named_let(c, x, items, scope, tail, depth)
    pairs = bindings(c, items[0], x)
    names = [_ident(c, n, x) for n, _ in pairs]
    if len(set(names)) != len(names):
        raise c.error("let: duplicate identifier", x)
    inits = [c.compile(e, scope, False, depth + 1) for _, e in pairs]
    _, body, extra = _let_frame(c, names, inits, items[1:], scope, tail, depth, x)
    if len(inits) == 1:
        init0 = inits[0]
        return lambda env: body([env, init0(env), *extra])

    def let(env):
        return body([env, *[i(env) for i in inits], *extra])

    return let


def _named_let(c, x, items, scope, tail, depth):
    if len(items) < 3:
        raise c.error("let: bad syntax (named let needs bindings and a body)", x)
    name = items[0]
    pairs = bindings(c, items[1], x)
    inits = [c.compile(e, scope, False, depth + 1) for _, e in pairs]
    loop_scope = CompileScope([name], scope)
    code = c.lambda_(_to_list([n for n, _ in pairs]), items[2:], loop_scope, name.name, x)
    cost = depth + 3

    def named_let(env):
        frame = [env, None]
        proc = frame[1] = Closure(code, frame)
        args = [None, *[i(env) for i in inits]]
        if tail:
            return (proc, args)
        return ev.call_closure(proc, args, cost)

    return named_let


# (let* ([name expr] ...) body ...)
@special("let*")
def let_star_form(c, x, scope, tail, depth):
    """Compile (let* ([name expr] ...) body ...)"""
    items = parts(c, x, 2)
    pairs = bindings(c, items[0], x)
    if len(pairs) <= 1:
        return let_form(c, Pair(sym("let"), x.cdr), scope, tail, depth)
    first, rest = pairs[0], pairs[1:]
    inner = Pair(sym("let*"), Pair(_to_list([_to_list([n, e]) for n, e in rest]), _to_list(items[1:])))
    c.positions[id(inner)] = c.pos(x)
    outer = Pair(sym("let"), Pair(_to_list([_to_list(list(first))]), Pair(inner, NIL)))
    c.positions[id(outer)] = c.pos(x)
    return let_form(c, outer, scope, tail, depth)


# (letrec ([name expr] ...) body ...) and letrec*
@special("letrec", "letrec*")
def letrec_form(c, x, scope, tail, depth):
    """Compile (letrec ([name expr] ...) body ...) and letrec*"""
    items = parts(c, x, 2)
    pairs = bindings(c, items[0], x)
    names = [_ident(c, n, x) for n, _ in pairs]
    inner = CompileScope(names, scope, checked=True)
    inits = [_named(c, e, inner, depth, n) for n, e in pairs]
    body = c.scoped_body(items[1:], inner, x, tail, depth + 1)
    size = inner.size

    def letrec(env):
        frame = [UNDEFINED] * (size + 1)
        frame[0] = env
        for i, init in enumerate(inits, 1):
            frame[i] = init(frame)
        return body(frame)

    return letrec


# (cond [test body ...] [test => proc] [else body ...])
@special("cond")
def cond_form(c, x, scope, tail, depth):
    """Compile (cond [test body ...] [test => proc] [else body ...])"""
    clauses = []
    items = parts(c, x, 0)
    for k, clause in enumerate(items):
        cl = list_to_py(clause)
        if not cl:
            raise c.error("cond: bad clause (expected [test body ...])", x)
        if cl[0] is _ELSE:
            if k != len(items) - 1:
                raise c.error("cond: `else` clause must be last", x)
            clauses.append((None, "else", c.body(cl[1:], scope, tail, depth + 1, x)))
        elif len(cl) == 3 and cl[1] is _ARROW:
            f = c.compile(cl[2], scope, False, depth + 1)
            clauses.append((c.compile(cl[0], scope, False, depth + 1), "=>", f))
        elif len(cl) == 1:
            clauses.append((c.compile(cl[0], scope, False, depth + 1), "test", None))
        else:
            clauses.append((c.compile(cl[0], scope, False, depth + 1), "body",
                            c.body(cl[1:], scope, tail, depth + 1, x)))

    def cond(env):
        for test, kind, body in clauses:
            if kind == "else":
                return body(env)
            v = test(env)
            if v is not False:
                if kind == "body":
                    return body(env)
                if kind == "test":
                    return v
                return ev.apply_procedure(body(env), [v])
        return VOID

    return cond


# (case key [(datum ...) body ...] ... [else body ...])
@special("case")
def case_form(c, x, scope, tail, depth):
    """Compile (case key [(datum ...) body ...] ... [else body ...])"""
    items = parts(c, x, 1)
    key = c.compile(items[0], scope, False, depth + 1)
    table: dict = {}
    bodies = []
    default = constant(VOID)
    for clause in items[1:]:
        cl = list_to_py(clause)
        if not cl or len(cl) < 2:
            raise c.error("case: bad clause (expected [(datum ...) body ...])", x)
        body = c.body(cl[1:], scope, tail, depth + 1, x)
        if cl[0] is _ELSE:
            default = body
            continue
        data = list_to_py(cl[0])
        if data is None:
            raise c.error("case: clause must start with a list of data", x)
        for d in data:
            table.setdefault(hash_key(d), len(bodies))
        bodies.append(body)

    def case(env):
        try:
            k = hash_key(key(env))
            i = table.get(k)
        except (TypeError, ValueError):
            i = None
        return default(env) if i is None else bodies[i](env)

    return case


def block(c, forms, scope, tail, depth, x):
    """A body that may hold internal definitions: they get a fresh frame when present."""
    if scope is None or not defined_names(forms):
        return c.body(forms, scope, tail, depth + 1, x)
    inner = CompileScope([], scope)
    body = c.scoped_body(forms, inner, x, tail, depth + 1)
    extra = [UNDEFINED] * inner.size
    return lambda env: body([env, *extra])


# (when test body ...) / (unless test body ...)
@special("when", "unless")
def when_form(c, x, scope, tail, depth):
    """Compile (when test body ...) / (unless test body ...)"""
    items = parts(c, x, 2)
    test = c.compile(items[0], scope, False, depth + 1)
    body = block(c, items[1:], scope, tail, depth, x)
    if x.car.name == "when":
        return lambda env: body(env) if test(env) is not False else VOID
    return lambda env: body(env) if test(env) is False else VOID


# (and expr ...)
@special("and")
def and_form(c, x, scope, tail, depth):
    """Compile (and expr ...)"""
    items = parts(c, x, 0)
    if not items:
        return constant(True)
    nodes = [c.compile(e, scope, False, depth + 1) for e in items[:-1]]
    last = c.compile(items[-1], scope, tail, depth + 1)

    def and_(env):
        for node in nodes:
            if node(env) is False:
                return False
        return last(env)

    return and_


# (or expr ...)
@special("or")
def or_form(c, x, scope, tail, depth):
    """Compile (or expr ...)"""
    items = parts(c, x, 0)
    if not items:
        return constant(False)
    nodes = [c.compile(e, scope, False, depth + 1) for e in items[:-1]]
    last = c.compile(items[-1], scope, tail, depth + 1)

    def or_(env):
        for node in nodes:
            v = node(env)
            if v is not False:
                return v
        return last(env)

    return or_


# (do ([var init step] ...) (test result ...) body ...)
@special("do")
def do_form(c, x, scope, tail, depth):
    """Compile (do ([var init step] ...) (test result ...) body ...)"""
    items = parts(c, x, 2)
    specs = []
    for spec in list_to_py(items[0]) or []:
        s = list_to_py(spec)
        if not s or len(s) not in (2, 3):
            raise c.error("do: each variable is [var init] or [var init step]", x)
        specs.append(s)
    names = [_ident(c, s[0], x) for s in specs]
    inits = [c.compile(s[1], scope, False, depth + 1) for s in specs]
    inner = CompileScope(names, scope)
    steps = [c.compile(s[2], inner, False, depth + 1) if len(s) == 3 else (lambda i: lambda env: env[i])(k + 1)
             for k, s in enumerate(specs)]
    exit_clause = list_to_py(items[1])
    if not exit_clause:
        raise c.error("do: missing (test result ...) clause", x)
    test = c.compile(exit_clause[0], inner, False, depth + 1)
    result = c.body(exit_clause[1:], inner, False, depth + 1, x) if len(exit_clause) > 1 else constant(VOID)
    body = c.body(items[2:], inner, False, depth + 1, x) if len(items) > 2 else constant(VOID)

    def do(env):
        frame = [env, *[i(env) for i in inits]]
        st = TLS.st
        while test(frame) is False:
            body(frame)
            frame = [env, *[s(frame) for s in steps]]
            st.budget -= 1
            if st.budget < 0:
                st.run.tick(st)
        return result(frame)

    return do


# (quasiquote template) with unquote and unquote-splicing, nestable
@special("quasiquote")
def quasiquote_form(c, x, scope, tail, depth):
    """Compile (quasiquote template) with unquote and unquote-splicing, nestable"""
    return _qq(c, parts(c, x, 1, 1)[0], scope, depth + 1, 1)


_QQ, _UNQ, _UNQS = sym("quasiquote"), sym("unquote"), sym("unquote-splicing")


def _qq(c, t, scope, depth, level):
    if depth > 200:
        raise c.error("quasiquote: template nested too deeply", t)
    if type(t) is list:
        inner = _qq(c, _to_list(t), scope, depth + 1, level)
        return lambda env: list(_iter_list(inner(env)))
    if type(t) is not Pair:
        return constant(t)
    if t.car is _UNQ:
        arg = list_to_py(t.cdr)
        if arg is None or len(arg) != 1:
            raise c.error("unquote: expects one expression", t)
        if level == 1:
            return c.compile(arg[0], scope, False, depth)
        inner = _qq(c, arg[0], scope, depth + 1, level - 1)
        return lambda env: Pair(_UNQ, Pair(inner(env), NIL))
    if t.car is _QQ:
        arg = list_to_py(t.cdr)
        inner = _qq(c, arg[0], scope, depth + 1, level + 1)
        return lambda env: Pair(_QQ, Pair(inner(env), NIL))
    head = t.car
    if type(head) is Pair and head.car is _UNQS and level == 1:
        arg = list_to_py(head.cdr)
        splice = c.compile(arg[0], scope, False, depth)
        rest = _qq(c, t.cdr, scope, depth + 1, level)

        def spliced(env):
            items = list_to_py(splice(env))
            if items is None:
                raise SchemeError("unquote-splicing: expected a list", kind="fail:contract")
            tail_value = rest(env)
            for item in reversed(items):
                tail_value = Pair(item, tail_value)
            return tail_value

        return spliced
    car = _qq(c, head, scope, depth + 1, level)
    cdr = _qq(c, t.cdr, scope, depth + 1, level)
    return lambda env: Pair(car(env), cdr(env))


def _iter_list(x):
    while type(x) is Pair:
        yield x.car
        x = x.cdr


# (define-values (name ...) expr)
@special("define-values")
def define_values_form(c, x, scope, tail, depth):
    """Compile (define-values (name ...) expr)"""
    formals, expr = parts(c, x, 2, 2)
    names = [_ident(c, n, x) for n in (list_to_py(formals) or [])]
    value = c.compile(expr, scope, False, depth + 1)
    setters = [_definer(c, n, constant(None), scope, x) for n in names]
    cells = [c.genv.cell(n) for n in names] if scope is None else None
    slots = [scope.slots.get(n) for n in names] if scope is not None else None

    def define_values(env):
        vals = _values(value(env), len(names), "define-values")
        if cells is not None:
            for cell, v in zip(cells, vals):
                cell.value = v
        else:
            for slot, v in zip(slots, vals):
                env[slot] = v
        return VOID

    del setters
    return define_values


def _values(v, n, who):
    vals = v.items if type(v) is MultipleValues else [v]
    if len(vals) != n:
        raise SchemeError(f"{who}: result arity mismatch; expected {n} values, received {len(vals)}",
                          kind="fail:contract:arity")
    return vals


# (let-values ([(name ...) expr] ...) body ...) and let*-values
@special("let-values", "let*-values")
def let_values_form(c, x, scope, tail, depth):
    """Compile (let-values ([(name ...) expr] ...) body ...) and let*-values"""
    items = parts(c, x, 2)
    star = x.car.name == "let*-values"
    clauses = []
    all_names: list[Symbol] = []
    for formals, expr in bindings(c, items[0], x):
        names = [_ident(c, n, x) for n in (list_to_py(formals) or [])]
        where = CompileScope(all_names, scope) if star else scope
        clauses.append((len(names), c.compile(expr, where, False, depth + 1)))
        all_names.extend(names)
    inner = CompileScope(all_names, scope)
    body = c.scoped_body(items[1:], inner, x, tail, depth + 1)
    extra = [UNDEFINED] * (inner.size - len(all_names))

    def let_values(env):
        vals: list = []
        for n, node in clauses:
            vals.extend(_values(node([env, *vals] if star else env), n, "let-values"))
        return body([env, *vals, *extra])

    return let_values


# (parameterize ([param expr] ...) body ...)
@special("parameterize")
def parameterize_form(c, x, scope, tail, depth):
    """Compile (parameterize ([param expr] ...) body ...)"""
    items = parts(c, x, 2)
    pairs = [(c.compile(p, scope, False, depth + 1), c.compile(e, scope, False, depth + 1))
             for p, e in bindings(c, items[0], x)]
    body = c.body(items[1:], scope, False, depth + 1, x)

    def parameterize(env):
        st = TLS.st
        new = dict(st.params)
        for p_node, e_node in pairs:
            p, v = p_node(env), e_node(env)
            if type(p) is not Parameter:
                raise SchemeError("parameterize: contract violation; expected a parameter",
                                  kind="fail:contract", pos=c.pos(x))
            new[p] = ev.guard_value(p, v)
        old, st.params = st.params, new
        try:
            return ev.resolve(body(env))
        finally:
            TLS.st.params = old

    return parameterize


# (with-handlers ([predicate handler] ...) body ...)
@special("with-handlers", "with-handlers*")
def with_handlers_form(c, x, scope, tail, depth):
    """Compile (with-handlers ([predicate handler] ...) body ...)"""
    items = parts(c, x, 2)
    pairs = [(c.compile(p, scope, False, depth + 1), c.compile(h, scope, False, depth + 1))
             for p, h in bindings(c, items[0], x)]
    body = c.body(items[1:], scope, False, depth + 1, x)

    def with_handlers(env):
        handlers = [(p(env), h(env)) for p, h in pairs]
        st = TLS.st
        saved = (st.depth, st.sdepth, st.params)
        try:
            return ev.resolve(body(env))
        except SchemeError as exc:
            st = TLS.st
            st.depth, st.sdepth, st.params = saved
            value = exc.value
            for pred, handler in handlers:
                if ev.apply_procedure(pred, [value]) is not False:
                    return ev.apply_procedure(handler, [value])
            raise

    return with_handlers


# (let/ec k body ...)
@special("let/ec")
def let_ec_form(c, x, scope, tail, depth):
    """Compile (let/ec k body ...)"""
    items = parts(c, x, 2)
    name = _ident(c, items[0], x)
    code = c.lambda_(_to_list([name]), items[1:], scope, "let/ec", x)
    return lambda env: call_ec(Closure(code, env))


# (require spec ...) / (provide spec ...): accepted and ignored (racket/* is built in)
@special("require", "provide")
def require_form(c, x, scope, tail, depth):
    """Compile (require spec ...) / (provide spec ...): accepted and ignored (racket/* is built in)"""
    return constant(VOID)


# (delay expr) / (lazy expr)
@special("delay", "lazy")
def delay_form(c, x, scope, tail, depth):
    """Compile (delay expr) / (lazy expr)"""
    expr = c.compile(parts(c, x, 1, 1)[0], scope, False, depth + 1)
    return lambda env: Promise(lambda: expr(env))


# (time expr): evaluate expr and print the time it took
@special("time")
def time_form(c, x, scope, tail, depth):
    """Compile (time expr): evaluate expr and print the time it took"""
    import time as _time

    expr = c.compile(parts(c, x, 1, 1)[0], scope, False, depth + 1)

    def timed(env):
        start = _time.perf_counter()
        v = ev.resolve(expr(env))
        ms = int((_time.perf_counter() - start) * 1000)
        current_run().write(f"cpu time: {ms} real time: {ms} gc time: 0\n")
        return v

    return timed



# (module+ main body ...) runs like top-level code, as `racket file.rkt` does; (module+ test ...)
# and other submodules are skipped
@special("module+")
def module_plus_form(c, x, scope, tail, depth):
    """Compile and other submodules are skipped"""
    items = parts(c, x, 1)
    if type(items[0]) is Symbol and items[0].name == "main" and len(items) > 1:
        return begin_form(c, Pair(sym("begin"), _to_list(items[1:])), scope, tail, depth)
    return constant(VOID)
