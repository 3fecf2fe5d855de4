"""Special forms: one row per behaviour, (program, expected value in Racket's print style)."""

from __future__ import annotations

import pytest

from tests.helpers.scheme import render

FORMS = [
    # quote / self-evaluating
    ("'a", "'a"), ("'(1 . 2)", "'(1 . 2)"), ("'()", "'()"), ("(quote (a b))", "'(a b)"),
    ("#t", "#t"), ("#false", "#f"), ('"s"', '"s"'), ("#\\a", "#\\a"), ("#(1 2)", "'#(1 2)"),
    ("'#:kw", "'#:kw"), ("(void)", ""),
    # define: plain, procedure, optional, keyword, rest, curried
    ("(define x 5) x", "5"),
    ("(define (f a b) (- a b)) (f 10 3)", "7"),
    ("(define (f a [b 2]) (list a b)) (list (f 1) (f 1 5))", "'((1 2) (1 5))"),
    ("(define (f a #:k [k 3]) (* a k)) (list (f 2) (f 2 #:k 10))", "'(6 20)"),
    ("(define (f #:req r) r) (f #:req 'x)", "'x"),
    ("(define (f a . rest) (list a rest)) (f 1 2 3)", "'(1 (2 3))"),
    ("(define (f . all) all) (f)", "'()"),
    ("(define ((adder n) m) (+ n m)) ((adder 3) 4)", "7"),
    ("(define (f [a 1] [b (+ a 1)]) (list a b)) (f)", "'(1 2)"),
    # lambda, case-lambda
    ("((lambda (x y) (* x y)) 6 7)", "42"),
    ("((lambda args (length args)) 1 2 3)", "3"),
    ("((λ (x) x) 9)", "9"),
    ("(define f (case-lambda [(x) 'one] [(x y) 'two] [(x . r) 'many])) (list (f 1) (f 1 2) (f 1 2 3))",
     "'(one two many)"),
    # let family
    ("(let ([x 1] [y 2]) (+ x y))", "3"),
    ("(let ([x 1]) (let ([x 2] [y x]) y))", "1"),
    ("(let* ([x 1] [y (+ x 1)]) (* x y))", "2"),
    ("(let* ([x 1] [x (+ x 1)]) x)", "2"),
    ("(letrec ([ev? (lambda (n) (if (= n 0) #t (od? (- n 1))))] [od? (lambda (n) (if (= n 0) #f (ev? (- n 1))))]) (ev? 100))",
     "#t"),
    ("(letrec* ([a 1] [b (+ a 1)]) b)", "2"),
    ("(let loop ([i 0] [acc '()]) (if (= i 3) (reverse acc) (loop (+ i 1) (cons i acc))))", "'(0 1 2)"),
    ("(let () (define a 1) (define (g) (* a 10)) (g))", "10"),
    # set!
    ("(define x 1) (set! x (+ x 1)) x", "2"),
    ("(let ([x 1]) (set! x 5) x)", "5"),
    ("(define (counter) (let ([n 0]) (lambda () (set! n (+ n 1)) n))) (define c (counter)) (c) (c) (c)", "3"),
    # if / cond / case / when / unless / and / or
    ("(if #f 1 2)", "2"), ("(if '() 1 2)", "1"), ("(if 0 'yes 'no)", "'yes"),
    ("(cond [(> 1 2) 'a] [(< 1 2) 'b] [else 'c])", "'b"),
    ("(cond [#f 1] [else 2])", "2"),
    ("(cond [(assv 2 '((1 . a) (2 . b))) => cdr] [else 'no])", "'b"),
    ("(cond [(+ 1 1)])", "2"),
    ("(cond [#f 1])", ""),
    ("(case 3 [(1 2) 'low] [(3 4) 'mid] [else 'high])", "'mid"),
    ("(case 'x [(a) 1] [else 'other])", "'other"),
    ("(case \"a\" [(\"a\") 'str] [else 'no])", "'str"),
    ("(when (> 2 1) 'a 'b)", "'b"), ("(when #f 'a)", ""),
    ("(unless #f 'u)", "'u"), ("(unless #t 'u)", ""),
    ("(and 1 2 3)", "3"), ("(and)", "#t"), ("(and 1 #f 3)", "#f"),
    ("(or #f 2)", "2"), ("(or)", "#f"), ("(or #f #f)", "#f"),
    # begin / begin0 / do
    ("(begin 1 2 3)", "3"), ("(begin0 1 2 3)", "1"),
    ("(do ([i 0 (+ i 1)] [acc '() (cons i acc)]) ((= i 3) acc))", "'(2 1 0)"),
    ("(do ([vec (make-vector 3)] [i 0 (+ i 1)]) ((= i 3) vec) (vector-set! vec i (* i i)))", "'#(0 1 4)"),
    # quasiquote
    ("`(1 ,(+ 1 1) ,@(list 3 4))", "'(1 2 3 4)"),
    ("`(a . ,(+ 1 2))", "'(a . 3)"),
    ("`#(1 ,(+ 1 1))", "'#(1 2)"),
    ("`(1 `(2 ,(3 ,(+ 1 3))))", "'(1 `(2 ,(3 4)))"),
    ("(quasiquote (x (unquote (* 2 3))))", "'(x 6)"),
    # multiple values
    ("(define-values (a b) (values 1 2)) (list a b)", "'(1 2)"),
    ("(let-values ([(a b) (values 1 2)] [(c) (values 3)]) (list a b c))", "'(1 2 3)"),
    ("(let*-values ([(a b) (values 1 2)] [(c) (values (+ a b))]) c)", "3"),
    ("(call-with-values (lambda () (values 1 2)) +)", "3"),
    ("(values 1 2)", "1\n2"),
    # parameterize
    ("(define p (make-parameter 1)) (list (p) (parameterize ([p 2]) (p)) (p))", "'(1 2 1)"),
    ("(define p (make-parameter 1 (lambda (x) (* x 10)))) (parameterize ([p 2]) (p))", "20"),
    ("(define p (make-parameter 1)) (p 5) (p)", "5"),
    # with-handlers, raise, error
    ("(with-handlers ([exn:fail? (lambda (e) (exn-message e))]) (error 'boom \"bad ~a\" 42))", '"boom: bad 42"'),
    ("(with-handlers ([string? (lambda (s) (string-append \"got \" s))]) (raise \"x\"))", '"got x"'),
    ("(with-handlers ([symbol? values]) (raise 'oops))", "'oops"),
    ("(with-handlers ([exn:fail:contract:divide-by-zero? (lambda (e) 'div0)]) (/ 1 0))", "'div0"),
    ("(with-handlers ([(lambda (e) #t) (lambda (e) 'any)]) (car 5))", "'any"),
    ("(with-handlers ([exn:fail? (lambda (e) 'inner)]) (with-handlers ([string? values]) (error \"x\")))", "'inner"),
    ("(with-handlers ([exn:fail? exn-message]) (error \"msg\" 1 \"two\"))", '"msg 1 \\"two\\""'),
    ("(with-handlers ([exn:fail? exn-message]) (raise-argument-error 'f \"integer?\" 'x))",
     "\"f: contract violation\\n  expected: integer?\\n  given: 'x\""),
    ("(with-handlers ([exn:fail? exn-message]) (undefined-thing))",
     '"undefined-thing: undefined; cannot reference an identifier before its definition"'),
    ("(with-handlers* ([exn? (lambda (e) 1)]) (vector-ref (vector) 0))", "1"),
    # escape continuations, dynamic-wind
    ("(+ 1 (call/cc (lambda (k) (+ 10 (k 1)))))", "2"),
    ("(let/ec k (for-each (lambda (x) (when (> x 2) (k x))) '(1 2 3 4)) 'none)", "3"),
    ("(define out '()) (dynamic-wind (lambda () (set! out (cons 'in out))) (lambda () 'body) (lambda () (set! out (cons 'out out)))) out",
     "'(out in)"),
    ("(let/ec k (dynamic-wind void (lambda () (k 'esc)) void))", "'esc"),
    # struct
    ("(struct point (x y) #:transparent) (define p (point 1 2)) (list (point? p) (point-x p) (point-y p))", "'(#t 1 2)"),
    ("(struct point (x y) #:transparent) (point 1 2)", "(point 1 2)"),
    ("(struct cell (v) #:mutable) (define c (cell 1)) (set-cell-v! c 9) (cell-v c)", "9"),
    ("(struct opaque (a)) (opaque 1)", "#<opaque>"),
    ("(define-struct pt (x y)) (pt-x (make-pt 3 4))", "3"),
    ("(struct a (x)) (struct b a (y)) (define v (b 1 2)) (list (a? v) (b? v) (a-x v) (b-y v))", "'(#t #t 1 2)"),
    ("(struct point (x y) #:transparent) (equal? (point 1 2) (point 1 2))", "#t"),
    # delay / force, require, time
    ("(define p (delay (begin (set! n (+ n 1)) n))) (define n 0) (force p) (force p)", "1"),
    ("(require racket/list racket/string) (first '(1 2))", "1"),
    # internal defines in lambda bodies
    ("(define (f) (define a 1) (define b (+ a 1)) (* a b)) (f)", "2"),
    ("(define (f) (define (g) (h)) (define (h) 'h) (g)) (f)", "'h"),
    # macros: define-syntax-rule and syntax-rules with literals and ellipses
    ("(define-syntax-rule (swap! a b) (let ([tmp a]) (set! a b) (set! b tmp))) (define x 1) (define y 2) (swap! x y) (list x y)",
     "'(2 1)"),
    ("(define-syntax my-or (syntax-rules () [(_) #f] [(_ e) e] [(_ e r ...) (let ([t e]) (if t t (my-or r ...)))])) (my-or #f #f 3)",
     "3"),
    ("(define-syntax while (syntax-rules () [(_ c body ...) (let lp () (when c body ... (lp)))])) (define i 0) (while (< i 5) (set! i (+ i 1))) i",
     "5"),
    ("(define-syntax my-let (syntax-rules () [(_ ([n v] ...) body ...) ((lambda (n ...) body ...) v ...)])) (my-let ([a 1] [b 2]) (+ a b))",
     "3"),
    ("(define-syntax for-in (syntax-rules (in) [(_ x in lst body) (map (lambda (x) body) lst)])) (for-in y in '(1 2) (* y 10))",
     "'(10 20)"),
    ("(define (f) (define-syntax-rule (twice e) (begin e e)) (define n 0) (twice (set! n (+ n 1))) n) (f)", "2"),
    # racket/match
    ("(match '(1 2 3) [(list a b c) (+ a b c)])", "6"),
    ("(match '(1 2 3 4) [(list x rest ...) (list x rest)])", "'(1 (2 3 4))"),
    ("(match '(1 2 3 4) [(list a ... b) (list a b)])", "'((1 2 3) 4)"),
    ("(match 5 [(? string?) 's] [(? number? n) (* n 2)])", "10"),
    ("(match '(a . b) [(cons x y) (list y x)])", "'(b a)"),
    ("(struct pt (x y)) (match (pt 1 2) [(pt a b) (+ a b)])", "3"),
    ("(match 'x ['y 1] ['x 2])", "2"), ("(match 3 [1 'one] [_ 'other])", "'other"),
    ("(match 3 [(and n (? odd?)) (list 'odd n)])", "'(odd 3)"), ("(match '(1 2) [`(,a ,b) (+ a b)])", "3"),
    ("(match 7 [n #:when (> n 5) 'big] [n 'small])", "'big"), ("(match* (1 2) [(a b) (+ a b)])", "3"),
    ("(define f (match-lambda [(list a b) (+ a b)] [_ 0])) (list (f '(1 2)) (f 5))", "'(3 0)"),
    ("(match-define (list a b) '(1 2)) (+ a b)", "3"), ("(match #(1 2) [(vector a b) (+ a b)])", "3"),
    ("(match-let ([(list a b) '(1 2)] [c 3]) (+ a b c))", "6"),
    ("(match '((a 1) (b 2)) [(list (list k v) ...) (list k v)])", "'((a b) (1 2))"),
    ("(match \"hi\" [(app string-length n) n])", "2"), ("(match 1 [(or 1 2) 'low] [_ 'high])", "'low"),
    ("(match 9 [1 2])", "ERROR: match: no matching clause for 9 (at line 1, column 1)"),
    ("(define (f) (when #t (define z 1) (+ z 1))) (f)", "2"),
    # submodules: main runs, test is skipped; rackunit checks pass silently
    ("(define (sq x) (* x x)) (module+ test (check-equal? (sq 2) 5)) (module+ main (define r (sq 3))) r", "9"),
    ("(require rackunit) (check-equal? (+ 1 1) 2) (check-true (> 2 1)) 'ok", "'ok"),
    ("(check-equal? 1 2)", "ERROR: check-equal? failed: actual 1, expected 2 (at line 1, column 1)"),
    # apply in tail position and ordinary
    ("(apply + 1 2 '(3 4))", "10"),
    ("(define (loop n) (if (= n 0) 'done (apply loop (list (- n 1))))) (loop 30000)", "'done"),
]


@pytest.mark.parametrize("source,expected", FORMS)
def test_forms_give_racket_values(source: str, expected: str) -> None:
    assert render(source) == expected


FOR_FORMS = [
    ("(for/list ([i 3]) i)", "'(0 1 2)"),
    ("(for/list ([i (in-range 1 10 3)]) i)", "'(1 4 7)"),
    ("(for/list ([x '(a b)] [i (in-naturals)]) (cons x i))", "'((a . 0) (b . 1))"),
    ("(for/list ([c \"ab\"]) c)", "'(#\\a #\\b)"),
    ("(for/list ([c (in-string \"ab\")]) (char->integer c))", "'(97 98)"),
    ("(for/list ([v (in-vector #(1 2))]) (* v 10))", "'(10 20)"),
    ("(for/list ([v #(1 2)]) v)", "'(1 2)"),
    ("(for/list ([x (in-list '(1 2 3))] #:when (odd? x)) x)", "'(1 3)"),
    ("(for/list ([x 5] #:unless (odd? x)) x)", "'(0 2 4)"),
    ("(for/list ([x 10] #:break (> x 2)) x)", "'(0 1 2)"),
    ("(for/list ([x 10] #:final (= x 2)) x)", "'(0 1 2)"),
    ("(for/list ([i 2] #:when #t [j 2]) (list i j))", "'((0 0) (0 1) (1 0) (1 1))"),
    ("(for*/list ([i 2] [j 2]) (+ (* 10 i) j))", "'(0 1 10 11)"),
    ("(for/list ([(k v) (in-hash (hash 'a 1))]) (list k v))", "'((a 1))"),
    ("(for/list ([k (in-hash-keys (hash 'a 1))]) k)", "'(a)"),
    ("(for/list ([v (in-hash-values (hash 'a 1))]) v)", "'(1)"),
    ("(for/list ([(x i) (in-indexed '(a b))]) i)", "'(0 1)"),
    ("(for/sum ([i 5]) i)", "10"),
    ("(for/product ([i (in-range 1 5)]) i)", "24"),
    ("(for/and ([x '(1 2 3)]) (> x 0))", "#t"),
    ("(for/and ([x '(1 -2 3)]) (> x 0))", "#f"),
    ("(for/or ([x '(1 2 3)]) (and (> x 1) x))", "2"),
    ("(for/first ([x '(5 6)] #:when (even? x)) x)", "6"),
    ("(for/last ([x '(5 6 7)]) x)", "7"),
    ("(for/vector ([i 3]) (* i i))", "'#(0 1 4)"),
    ("(for/hash ([i 3]) (values i (* i i)))", "'#hash((0 . 0) (1 . 1) (2 . 4))"),
    ("(for/fold ([acc 0]) ([i 5]) (+ acc i))", "10"),
    ("(for/fold ([s 0] [p 1]) ([i (in-range 1 4)]) (values (+ s i) (* p i)))", "6\n6"),
    ("(for/fold ([acc '()] #:result (reverse acc)) ([x '(1 2 3)]) (cons x acc))", "'(1 2 3)"),
    ("(define v 0) (for ([i 4]) (set! v (+ v i))) v", "6"),
    ("(for ([i 3]) i)", ""),
    ("(map (lambda (f) (f)) (for/list ([i 3]) (lambda () i)))", "'(0 1 2)"),
    ("(for/list ([i (in-range 0 1 0.25)]) i)", "'(0 0.25 0.5 0.75)"),
    ("(for/list ([x (hash 'a 1)]) x)", "ERROR: for: expected 1 value from the sequence, received 2; bind a hash with [(k v) h] (at line 1, column 1)"),
    ("(for/sum ([i (in-range 100000)]) 1)", "100000"),
]


@pytest.mark.parametrize("source,expected", FOR_FORMS)
def test_for_loops(source: str, expected: str) -> None:
    assert render(source) == expected


SYNTAX_ERRORS = [
    ("(if)", "if: bad syntax"),
    ("(let ([x]) x)", "bad binding"),
    ("(lambda)", "lambda: bad syntax"),
    ("(define)", "define: bad syntax"),
    ("()", "missing procedure expression"),
    ("(let ([x 1] [x 2]) x)", "duplicate"),
    ("(lambda (x x) x)", "duplicate argument"),
    ("(f #:k)", "missing argument expression after keyword"),
    ("(+ 1 . 2)", "dotted list"),
    ("(define (f) (if #t (define z 1) 2) z) (f)", "not allowed in an expression context"),
    ("(define-syntax boom (syntax-rules () ((_ x) (boom (x x))))) (boom 1)", "nested deeper than"),
    ("(define-syntax d (syntax-rules () ((_ e) (begin e e)))) " + "(d " * 30 + "(display 1)" + ")" * 30,
     "macro expansion limit exceeded"),
    ("(define-syntax-rule (m a) a) (m)", "no syntax-rules pattern matches"),
]


@pytest.mark.parametrize("source,fragment", SYNTAX_ERRORS)
def test_bad_syntax_is_a_clean_error(source: str, fragment: str) -> None:
    out = render(source)
    assert out.startswith("ERROR: ") and fragment in out


INLINE_SEMANTICS = [
    # inlined built-ins must behave exactly like the primitives, and yield to redefinitions
    ("(define - +) (define (h n) (list (- n 1))) (h 5)", "'(6)"),
    ("(define (f x) (+ (car x) 1)) (f (list 5))", "6"),
    ("(define (f x) (+ x 1)) (f 1/2)", "3/2"),
    ("(define (f x) (* x x)) (f 4000000000)", "16000000000000000000"),
    ("(define (f x) (if (< x 2.5) 'lo 'hi)) (list (f 2) (f 3))", "'(lo hi)"),
    ("(define (f v) (vector-ref v 5)) (f (vector 1))", "ERROR: vector-ref: index 5 is out of range for a vector of length 1 (at line 1, column 15)"),
    ("(let ([car cdr]) (car '(1 2)))", "'(2)"),
    ("(define (g x) (if (eq? x 'a) (cons x (null? x)) (not x))) (list (g 'a) (g #f))", "'((a . #f) #t)"),
]


@pytest.mark.parametrize("source,expected", INLINE_SEMANTICS)
def test_inlined_builtins_keep_racket_semantics(source: str, expected: str) -> None:
    assert render(source) == expected
