"""Primitives: (program, expected value in Racket's print style), grouped by library."""

from __future__ import annotations

import pytest

from tests.helpers.scheme import render

NUMBERS = [
    ("(+)", "0"), ("(+ 1 2 3)", "6"), ("(+ 1/2 1/2)", "1"), ("(+ 1 2.0)", "3.0"), ("(- 5)", "-5"),
    ("(- 10 1 2)", "7"), ("(*)", "1"), ("(* 2 3 4)", "24"), ("(* 1/2 4)", "2"), ("(/ 1 3)", "1/3"),
    ("(/ 6 3)", "2"), ("(/ 2)", "1/2"), ("(/ 1.0 4)", "0.25"), ("(/ 1.0 0.0)", "+inf.0"),
    ("(/ -1 0.0)", "-inf.0"), ("(quotient 17 5)", "3"), ("(quotient -17 5)", "-3"),
    ("(remainder -17 5)", "-2"), ("(modulo -17 5)", "3"), ("(modulo 17 -5)", "-3"),
    ("(quotient 7.0 2)", "3.0"), ("(expt 2 10)", "1024"), ("(expt 2 -2)", "1/4"), ("(expt 2.0 3)", "8.0"),
    ("(expt 4 1/2)", "2"), ("(expt 2 0.5)", "1.4142135623730951"), ("(expt 0 0)", "1"),
    ("(expt 2 100)", "1267650600228229401496703205376"), ("(sqrt 16)", "4"), ("(sqrt 2)", "1.4142135623730951"),
    ("(sqrt 1/4)", "1/2"), ("(sqrt 16.0)", "4.0"), ("(integer-sqrt 17)", "4"), ("(exp 0)", "1"),
    ("(log 1)", "0"), ("(log 100 10)", "2.0"), ("(exp 1)", "2.718281828459045"), ("(sin 0)", "0"),
    ("(cos 0)", "1.0"), ("(atan 1 1)", "0.7853981633974483"), ("(floor 2.5)", "2.0"), ("(floor -2.5)", "-3.0"),
    ("(ceiling 2.1)", "3.0"), ("(round 2.5)", "2.0"), ("(round 3.5)", "4.0"), ("(round -2.5)", "-2.0"),
    ("(round 5/2)", "2"), ("(round -0.4)", "-0.0"), ("(real->decimal-string 3.14159)", '"3.14"'),
    ("(real->decimal-string 2 3)", '"2.000"'),
    ("(eq? (expt 2 100) (expt 2 100))", "#f"), ("(eqv? (expt 2 100) (expt 2 100))", "#t"), ("(round 7/2)", "4"), ("(truncate -2.7)", "-2.0"), ("(floor 7/2)", "3"),
    ("(exact-round 2.6)", "3"), ("(exact-floor 2.6)", "2"), ("(abs -5)", "5"), ("(abs -5.5)", "5.5"),
    ("(min 1 2 3)", "1"), ("(max 1 2 3)", "3"), ("(max 1 2.0)", "2.0"), ("(min 1/2 1/3)", "1/3"),
    ("(exact->inexact 1/3)", "0.3333333333333333"), ("(inexact->exact 0.5)", "1/2"), ("(exact 2.0)", "2"),
    ("(inexact 1)", "1.0"), ("(exact->inexact (expt 10 400))", "+inf.0"),
    ("(number->string 42)", '"42"'), ("(number->string 255 16)", '"ff"'), ("(number->string 1/3)", '"1/3"'),
    ("(number->string 2.5)", '"2.5"'), ("(string->number \"42\")", "42"), ("(string->number \"1/2\")", "1/2"),
    ("(string->number \"2.5e3\")", "2500.0"), ("(string->number \"abc\")", "#f"),
    ("(string->number \"ff\" 16)", "255"), ("(add1 1)", "2"), ("(sub1 1)", "0"), ("(zero? 0)", "#t"),
    ("(zero? 0.0)", "#t"), ("(positive? 1)", "#t"), ("(negative? -1)", "#t"), ("(even? 4)", "#t"),
    ("(odd? 4)", "#f"), ("(even? 4.0)", "#t"), ("(= 1 1.0)", "#t"), ("(< 1 2 3)", "#t"), ("(< 1 3 2)", "#f"),
    ("(>= 3 3 2)", "#t"), ("(<= 1 1/2)", "#f"), ("(number? 1)", "#t"), ("(number? #t)", "#f"),
    ("(integer? 2.0)", "#t"), ("(integer? 2.5)", "#f"), ("(exact-integer? 2.0)", "#f"),
    ("(rational? 1/2)", "#t"), ("(real? 1.5)", "#t"), ("(exact? 1/2)", "#t"), ("(inexact? 1.0)", "#t"),
    ("(exact-nonnegative-integer? 0)", "#t"), ("(nan? +nan.0)", "#t"), ("(infinite? -inf.0)", "#t"),
    ("(gcd 12 18)", "6"), ("(lcm 4 6)", "12"), ("(numerator 6/4)", "3"), ("(denominator 6/4)", "2"),
    ("(arithmetic-shift 1 10)", "1024"), ("(arithmetic-shift 1024 -3)", "128"),
    ("(bitwise-and 12 10)", "8"), ("(bitwise-ior 12 10)", "14"), ("(bitwise-xor 12 10)", "6"),
    ("(sqr 5)", "25"), ("(exact-integer? (random 10))", "#t"), ("(< (random) 1)", "#t"),
    ("(let ([r (random 5 7)]) (and (>= r 5) (< r 7)))", "#t"), ("pi", "3.141592653589793"),
    ("1e21", "1e+21"), ("1e20", "100000000000000000000.0"), ("0.0001", "0.0001"), ("1e-7", "1e-07"),
    ("-0.0", "-0.0"), ("(* 1.0 0)", "0"), ("#xff", "255"), ("#b101", "5"), ("#e1.5", "3/2"), ("#i1/2", "0.5"),
    ("(/ 0 5)", "0"), ("(- 0.5 1/2)", "0.0"), ("(exact->inexact 12345678901234567890)", "12345678901234567000.0"),
]

LISTS = [
    ("(cons 1 2)", "'(1 . 2)"), ("(car '(1 2))", "1"), ("(cdr '(1 2))", "'(2)"), ("(cadr '(1 2 3))", "2"),
    ("(cddr '(1 2 3))", "'(3)"), ("(caddr '(1 2 3))", "3"), ("(caar '((1) 2))", "1"),
    ("(list 1 2 3)", "'(1 2 3)"), ("(list* 1 2 '(3))", "'(1 2 3)"), ("(length '(1 2 3))", "3"),
    ("(list-ref '(a b c) 1)", "'b"), ("(list-tail '(1 2 3) 2)", "'(3)"), ("(append '(1) '(2 3) '() '(4))", "'(1 2 3 4)"),
    ("(append '(1) 2)", "'(1 . 2)"), ("(append)", "'()"), ("(reverse '(1 2 3))", "'(3 2 1)"),
    ("(first '(1 2 3))", "1"), ("(second '(1 2 3))", "2"), ("(third '(1 2 3))", "3"), ("(rest '(1 2 3))", "'(2 3)"),
    ("(last '(1 2 3))", "3"), ("(take '(1 2 3 4) 2)", "'(1 2)"), ("(drop '(1 2 3 4) 2)", "'(3 4)"),
    ("(take-right '(1 2 3) 1)", "'(3)"), ("(drop-right '(1 2 3) 1)", "'(1 2)"),
    ("(let-values ([(a b) (split-at '(1 2 3) 1)]) (list a b))", "'((1) (2 3))"),
    ("(member 2 '(1 2 3))", "'(2 3)"), ("(member 9 '(1 2))", "#f"), ("(member '(1) '((1) 2))", "'((1) 2)"),
    ("(memq 'c '(a b c))", "'(c)"), ("(memv 2 '(1 2))", "'(2)"), ("(assoc \"b\" '((\"a\" . 1) (\"b\" . 2)))", "'(\"b\" . 2)"),
    ("(assq 'x '((x 1)))", "'(x 1)"), ("(assv 2 '((1 . a)))", "#f"),
    ("(map + '(1 2) '(10 20))", "'(11 22)"), ("(map (lambda (x) (* x x)) '(1 2 3))", "'(1 4 9)"),
    ("(let ([n 0]) (for-each (lambda (x) (set! n (+ n x))) '(1 2 3)) n)", "6"),
    ("(filter odd? '(1 2 3 4 5))", "'(1 3 5)"), ("(remove 2 '(1 2 3 2))", "'(1 3 2)"),
    ("(remove* '(2) '(1 2 3 2))", "'(1 3)"), ("(remq 'a '(a b a))", "'(b a)"),
    ("(remove-duplicates '(1 2 1 3 2))", "'(1 2 3)"), ("(remove-duplicates '(\"a\" \"A\") string-ci=?)", "'(\"a\")"),
    ("(foldl cons '() '(1 2 3))", "'(3 2 1)"), ("(foldr cons '() '(1 2 3))", "'(1 2 3)"),
    ("(foldl + 0 '(1 2) '(10 20))", "33"), ("(foldl (lambda (x acc) (- x acc)) 0 '(1 2 3))", "2"),
    ("(apply max '(3 1 4))", "4"), ("(sort '(3 1 2) <)", "'(1 2 3)"), ("(sort '(3 1 2) >)", "'(3 2 1)"),
    ("(sort '(\"b\" \"a\") string<?)", "'(\"a\" \"b\")"),
    ("(sort '((b . 2) (a . 1)) < #:key cdr)", "'((a . 1) (b . 2))"),
    ("(sort '((1 . a) (0 . b) (1 . c)) (lambda (x y) (< (car x) (car y))))", "'((0 . b) (1 . a) (1 . c))"),
    ("(sort '(2 1 2 1) (lambda (a b) (> a b)))", "'(2 2 1 1)"),
    ("(andmap positive? '(1 2))", "#t"), ("(andmap positive? '())", "#t"), ("(ormap even? '(1 3))", "#f"),
    ("(ormap (lambda (x) (and (even? x) x)) '(1 4))", "4"), ("(count even? '(1 2 4))", "2"),
    ("(argmin car '((3 a) (1 b) (1 c)))", "'(1 b)"), ("(argmax car '((3 a) (1 b) (3 c)))", "'(3 a)"),
    ("(range 5)", "'(0 1 2 3 4)"), ("(range 1 10 3)", "'(1 4 7)"), ("(range 5 0 -2)", "'(5 3 1)"),
    ("(range 0 1 0.5)", "'(0 0.5)"), ("(build-list 4 (lambda (i) (* i i)))", "'(0 1 4 9)"),
    ("(flatten '(1 (2 (3 4)) () 5))", "'(1 2 3 4 5)"),
    ("(let-values ([(e o) (partition even? '(1 2 3 4))]) (list e o))", "'((2 4) (1 3))"),
    ("(append-map (lambda (x) (list x x)) '(1 2))", "'(1 1 2 2)"),
    ("(filter-map (lambda (x) (and (even? x) (* x 10))) '(1 2 3 4))", "'(20 40)"),
    ("(index-of '(a b c) 'b)", "1"), ("(index-of '(a b) 'z)", "#f"), ("(iota 3)", "'(0 1 2)"),
    ("(iota 3 1)", "'(1 2 3)"), ("(iota 3 0 2)", "'(0 2 4)"), ("(make-list 2 'x)", "'(x x)"),
    ("(add-between '(1 2 3) 0)", "'(1 0 2 0 3)"), ("(list-set '(1 2 3) 1 'x)", "'(1 x 3)"),
    ("(findf even? '(1 4 6))", "4"), ("(memf even? '(1 4 5))", "'(4 5)"), ("(assf even? '((1 . a) (2 . b)))", "'(2 . b)"),
    ("(last-pair '(1 2 3))", "'(3)"), ("(null? '())", "#t"), ("(empty? '(1))", "#f"), ("(pair? '())", "#f"),
    ("(list? '(1 2))", "#t"), ("(list? '(1 . 2))", "#f"), ("(cons? '(1))", "#t"), ("empty", "'()"),
    ("(check-duplicates '(1 2 1))", "1"), ("(length (shuffle '(1 2 3 4)))", "4"),
    ("(cartesian-product '(1 2) '(a))", "'((1 a) (2 a))"), ("(combinations '(1 2 3) 2)", "'((1 2) (1 3) (2 3))"),
    ("(length (permutations '(1 2 3)))", "6"), ("(append* 1 '((2) (3)))", "ERROR"),
    ("(append* '(1) '((2) (3)))", "'(1 2 3)"), ("(build-string 3 (lambda (i) (integer->char (+ 97 i))))", '"abc"'), ("(list (list 1 car))", "(list (list 1 #<procedure:car>))"),
]

STRINGS = [
    ("(string-append \"a\" \"b\" \"c\")", '"abc"'), ("(substring \"hello\" 1 3)", '"el"'), ("(substring \"hello\" 2)", '"llo"'),
    ("(string-length \"héllo\")", "5"), ("(string-upcase \"abc\")", '"ABC"'), ("(string-downcase \"ABC\")", '"abc"'),
    ("(string-join '(\"a\" \"b\" \"c\") \", \")", '"a, b, c"'), ("(string-join '(\"a\" \"b\"))", '"a b"'),
    ("(string-split \"  a b \")", "'(\"a\" \"b\")"), ("(string-split \"a,b,,c\" \",\")", "'(\"a\" \"b\" \"\" \"c\")"),
    ("(string-split \",a,\" \",\")", "'(\"a\")"), ("(string-split \"\")", "'()"),
    ("(string-split \"a  b\" \" \" #:trim? #f)", "'(\"a\" \"\" \"b\")"),
    ("(string-trim \"  hi  \")", '"hi"'), ("(string-trim \"xxhixx\" \"x\")", '"xhix"'),
    ("(string-trim \"xxhixx\" \"x\" #:repeat? #t)", '"hi"'), ("(string-trim \"  hi  \" #:left? #f)", '"  hi"'),
    ("(string-replace \"a-b-c\" \"-\" \"+\")", '"a+b+c"'), ("(string-replace \"a-b-c\" \"-\" \"+\" #:all? #f)", '"a+b-c"'),
    ("(string-contains? \"hello\" \"ell\")", "#t"), ("(string-prefix? \"hello\" \"he\")", "#t"),
    ("(string-suffix? \"hello\" \"lo\")", "#t"), ("(string->list \"ab\")", "'(#\\a #\\b)"),
    ("(list->string (list #\\a #\\b))", '"ab"'), ("(string-ref \"abc\" 1)", "#\\b"), ("(string=? \"a\" \"a\")", "#t"),
    ("(string<? \"a\" \"b\")", "#t"), ("(string-ci=? \"Ab\" \"aB\")", "#t"), ("(string>? \"b\" \"a\")", "#t"),
    ("(format \"~a-~s-~v\" \"x\" \"y\" 'z)", "\"x-\\\"y\\\"-'z\""), ("(format \"~a~n\" 1)", '"1\\n"'),
    ("(format \"~~ ~b ~o ~x\" 5 8 255)", '"~ 101 10 ff"'), ("(format \"~a\" '(1 \"s\" #\\c))", '"(1 s c)"'),
    ("(format \"~s\" '(1 \"s\" #\\c))", "\"(1 \\\"s\\\" #\\\\c)\""), ("(~a 1 \"b\" 'c)", '"1bc"'),
    ("(~a 5 #:min-width 3 #:align 'right #:pad-string \"0\")", '"005"'), ("(~a \"abcdef\" #:max-width 3)", '"abc"'),
    ("(~s \"x\")", "\"\\\"x\\\"\""), ("(~r 3.14159 #:precision 2)", '"3.14"'), ("(~r 42)", '"42"'),
    ("(~r 2.5 #:precision '(= 2))", '"2.50"'),
    ("(string->symbol \"abc\")", "'abc"), ("(string->symbol \"a b\")", "'|a b|"), ("'|x y|", "'|x y|"),
    ("(eq? '|abc| 'abc)", "#t"), ("(symbol->string 'abc)", '"abc"'), ("(make-string 3 #\\z)", '"zzz"'),
    ("(string #\\a #\\b)", '"ab"'), ("(string-copy \"a\")", '"a"'), ("(string? \"a\")", "#t"), ("(symbol? 'a)", "#t"),
    ("(char->integer #\\A)", "65"), ("(integer->char 97)", "#\\a"), ("(char-upcase #\\a)", "#\\A"),
    ("(char-alphabetic? #\\a)", "#t"), ("(char-numeric? #\\5)", "#t"), ("(char-whitespace? #\\space)", "#t"),
    ("(char=? #\\a #\\a)", "#t"), ("(char<? #\\a #\\b)", "#t"), ("#\\space", "#\\space"), ("#\\newline", "#\\newline"),
    ("(string->keyword \"k\")", "'#:k"), ("(keyword->string '#:k)", '"k"'), ("\"a\\tb\\n\"", '"a\\tb\\n"'),
    ("\"\\u03bb\"", '"λ"'), ("(non-empty-string? \"\")", "#f"), ("(string-titlecase \"hello world\")", '"Hello World"'),
]

REGEXPS = [
    ("(regexp-match #rx\"a(b*)c\" \"xabbcx\")", "'(\"abbc\" \"bb\")"), ("(regexp-match #rx\"z\" \"abc\")", "#f"),
    ("(regexp-match #px\"(\\\\d+)-(\\\\d+)\" \"tel 12-34\")", "'(\"12-34\" \"12\" \"34\")"),
    ("(regexp-match #rx\"(a)|(b)\" \"b\")", "'(\"b\" #f \"b\")"),
    ("(regexp-match* #px\"\\\\d+\" \"a1b22c333\")", "'(\"1\" \"22\" \"333\")"),
    ("(regexp-match? #rx\"^h\" \"hello\")", "#t"), ("(regexp-match-exact? #rx\"a+\" \"aaa\")", "#t"),
    ("(regexp-replace #rx\"o\" \"foo\" \"0\")", '"f0o"'), ("(regexp-replace* #rx\"o\" \"foo\" \"0\")", '"f00"'),
    ("(regexp-replace* #px\"(\\\\w+)@(\\\\w+)\" \"a@b c@d\" \"\\\\2 at \\\\1\")", '"b at a d at c"'),
    ("(regexp-replace #rx\"b+\" \"abbbc\" \"[&]\")", '"a[bbb]c"'),
    ("(regexp-replace* #rx\"[0-9]\" \"a1b2\" (lambda (m) (string-append m m)))", '"a11b22"'),
    ("(regexp-split #rx\",\" \"a,b,,c\")", "'(\"a\" \"b\" \"\" \"c\")"), ("(regexp-split #px\"\\\\s+\" \"a  b c\")", "'(\"a\" \"b\" \"c\")"),
    ("(regexp-match (regexp \"x+\") \"axxb\")", "'(\"xx\")"), ("(regexp-match \"b.\" \"abc\")", "'(\"bc\")"),
    ("(regexp-match-positions #rx\"b+\" \"abbc\")", "'((1 . 3))"), ("(regexp-quote \"a.b\")", '"a\\\\.b"'),
    ("(regexp? #rx\"a\")", "#t"), ("(pregexp \"\\\\d\")", "#px\"\\\\d\""),
]

HASHES = [
    ("(define h (make-hash)) (hash-set! h 'a 1) (hash-ref h 'a)", "1"),
    ("(hash-ref (hash 'a 1) 'b 0)", "0"), ("(hash-ref (hash 'a 1) 'b (lambda () 'thunk))", "'thunk"),
    ("(hash-ref (hash \"k\" 1) \"k\")", "1"), ("(hash-ref (hash '(1 2) 'v) (list 1 2))", "'v"),
    ("(hash-ref (make-hash) 'missing)", "ERROR: hash-ref: no value found for key; key: 'missing (at line 1, column 1)"),
    ("(define h (make-hash)) (hash-update! h 'n add1 0) (hash-update! h 'n add1 0) (hash-ref h 'n)", "2"),
    ("(define h (make-hash '((a . 1)))) (hash-remove! h 'a) (hash-count h)", "0"),
    ("(hash-count (hash-set (hash 'a 1) 'b 2))", "2"), ("(hash-has-key? (hash 'a 1) 'a)", "#t"),
    ("(sort (hash-keys (hash 'b 1 'a 2)) symbol<?)", "'(a b)"),
    ("(sort (hash-values (hash 'b 1 'a 2)) <)", "'(1 2)"), ("(hash->list (hash 'a 1))", "'((a . 1))"),
    ("(hash 'a 1)", "'#hash((a . 1))"), ("(hash-ref (hash-remove (hash 'a 1 'b 2) 'a) 'b)", "2"),
    ("(hash-map (hash 'a 1) (lambda (k v) (list k v)))", "'((a 1))"),
    ("(let ([n 0]) (hash-for-each (hash 'a 1 'b 2) (lambda (k v) (set! n (+ n v)))) n)", "3"),
    ("(hash-set! (hash 'a 1) 'b 2)", "ERROR"), ("(hash-ref (hash 1 'int 1.0 'float) 1.0)", "'float"),
    ("(hash-ref (hash #t 'bool 1 'one) #t)", "'bool"), ("(hash-empty? (make-hash))", "#t"),
    ("(define h (make-hash)) (hash-ref! h 'k 5) (hash-ref h 'k)", "5"), ("(hash? (make-hasheq))", "#t"),
    ("(hash-ref (hash-copy (hash 'a 1)) 'a)", "1"), ("(equal? (hash 'a 1) (hash 'a 1))", "#t"),
]

VECTORS = [
    ("(vector 1 2)", "'#(1 2)"), ("(make-vector 2 'a)", "'#(a a)"), ("(vector-ref #(1 2 3) 1)", "2"),
    ("(define v (vector 1 2)) (vector-set! v 0 'x) v", "'#(x 2)"), ("(vector-length #(1 2 3))", "3"),
    ("(vector->list #(1 2))", "'(1 2)"), ("(list->vector '(1 2))", "'#(1 2)"), ("(vector-map add1 #(1 2))", "'#(2 3)"),
    ("(vector-append #(1) #(2))", "'#(1 2)"), ("(build-vector 3 (lambda (i) i))", "'#(0 1 2)"),
    ("(vector-ref #(1) 5)", "ERROR: vector-ref: index 5 is out of range for a vector of length 1 (at line 1, column 1)"),
    ("(define v (vector 3 1 2)) (vector-sort! v <) v", "'#(1 2 3)"), ("(vector-sort #(3 1 2) <)", "'#(1 2 3)"),
    ("(vector-member 2 #(1 2))", "1"), ("(define v (make-vector 3 0)) (vector-fill! v 7) v", "'#(7 7 7)"),
    ("(vector-copy #(1 2 3) 1)", "'#(2 3)"), ("(vector? #(1))", "#t"), ("(vector-count even? #(1 2 4))", "2"),
]

EQUALITY_AND_MISC = [
    ("(eq? 'a 'a)", "#t"), ("(eq? '() '())", "#t"), ("(eq? 100 100)", "#t"), ("(eq? (list 1) (list 1))", "#f"),
    ("(eqv? 1.5 1.5)", "#t"), ("(eqv? 0.0 -0.0)", "#f"), ("(= 0.0 -0.0)", "#t"), ("(equal? +nan.0 +nan.0)", "#t"), ("(eqv? 1 1.0)", "#f"), ("(equal? '(1 (2 #(3))) (list 1 (list 2 (vector 3))))", "#t"),
    ("(equal? \"ab\" \"ab\")", "#t"), ("(equal? 1 1.0)", "#f"), ("(equal? #\\a #\\a)", "#t"),
    ("(not #f)", "#t"), ("(not 0)", "#f"), ("(boolean? #f)", "#t"), ("(procedure? car)", "#t"),
    ("(procedure? (lambda () 1))", "#t"), ("(void? (void))", "#t"), ("((const 5) 1 2)", "5"),
    ("((compose add1 add1) 1)", "3"), ("((curry + 1) 2)", "3"), ("((negate even?) 3)", "#t"),
    ("(identity 3)", "3"), ("car", "#<procedure:car>"), ("(lambda (x) x)", "#<procedure>"),
    ("(define (named x) x) named", "#<procedure:named>"), ("(keyword? '#:a)", "#t"),
    ("(string->jsexpr \"{\\\"a\\\": [1, 2.5, true, null, \\\"s\\\"]}\")", "'#hasheq((a . (1 2.5 #t null \"s\")))"),
    ("(hash-ref (string->jsexpr \"{\\\"k\\\": 1}\") 'k)", "1"),
    ("(jsexpr->string (hash 'a (list 1 2) 'b \"x\"))", "\"{\\\"a\\\":[1,2],\\\"b\\\":\\\"x\\\"}\""),
    ("(jsexpr->string 'null)", '"null"'), ("(jsexpr->string (list #t #f 1.5))", '"[true,false,1.5]"'),
    ("(string->jsexpr \"[1,\")", "ERROR"), ("(jsexpr->string (vector 1))", '"[1]"'),
    ("(with-output-to-string (lambda () (display \"a\") (write \"b\")))", "\"a\\\"b\\\"\""),
    ("(let ([o (open-output-string)]) (write 'x o) (display 1 o) (get-output-string o))", '"x1"'),
    ("(exn-message (with-handlers ([exn? values]) (car 1)))", "\"car: contract violation\\n  expected: pair?\\n  given: 1\""),
    ("(with-handlers ([exn:fail? (lambda (e) (display (exn-message e)))]) (car '()))", ""),
    ("(exn:fail? (make-exn:fail \"m\" (current-continuation-marks)))", "#t"),
    ("(with-handlers ([exn:fail? exn-message]) (raise (make-exn:fail \"custom\" (current-continuation-marks))))", '"custom"'),
    ("(call-with-output-string (lambda (p) (display \"hi\" p)))", '"hi"'),
    ("(let ([p (delay 1)]) (promise? p))", "#t"),
    ("(set 1 2 2 3)", "(set 1 2 3)"), ("(set-member? (list->set (list 1 2)) 2)", "#t"),
    ("(set-count (set-add (set 1) 2))", "2"), ("(sort (set->list (set-union (set 1 2) (set 2 3))) <)", "'(1 2 3)"),
    ("(define s (mutable-set)) (set-add! s (list 1)) (set-member? s (list 1))", "#t"),
    ("(equal? (set 1 2) (set 2 1))", "#t"), ("(subset? (set 1) (set 1 2))", "#t"),
    ("(set->list (set-subtract (set 1 2) (set 2)))", "'(1)"), ("(set-add! (set) 1)", "ERROR"),
]


def _ids(rows):
    return [r[0][:60] for r in rows]


@pytest.mark.parametrize("source,expected", NUMBERS, ids=_ids(NUMBERS))
def test_numbers(source: str, expected: str) -> None:
    assert render(source) == expected


@pytest.mark.parametrize("source,expected", LISTS, ids=_ids(LISTS))
def test_lists(source: str, expected: str) -> None:
    _check(source, expected)


@pytest.mark.parametrize("source,expected", STRINGS, ids=_ids(STRINGS))
def test_strings_and_chars(source: str, expected: str) -> None:
    assert render(source) == expected


@pytest.mark.parametrize("source,expected", REGEXPS, ids=_ids(REGEXPS))
def test_regexps(source: str, expected: str) -> None:
    assert render(source) == expected


def _check(source: str, expected: str) -> None:
    out = render(source)
    if expected == "ERROR":
        assert out.startswith("ERROR: "), out
    else:
        assert out == expected


@pytest.mark.parametrize("source,expected", HASHES, ids=_ids(HASHES))
def test_hashes(source: str, expected: str) -> None:
    _check(source, expected)


@pytest.mark.parametrize("source,expected", VECTORS, ids=_ids(VECTORS))
def test_vectors(source: str, expected: str) -> None:
    _check(source, expected)


@pytest.mark.parametrize("source,expected", EQUALITY_AND_MISC, ids=_ids(EQUALITY_AND_MISC))
def test_equality_json_output_and_misc(source: str, expected: str) -> None:
    _check(source, expected)


OUTPUT = [
    ('(display "a") (display 1.5) (display #\\c) (display \'(1 "s"))', 'a1.5c(1 s)'),
    ('(write "a") (write #\\c) (write \'sym)', '"a"#\\csym'),
    ('(displayln "x") (newline) (print \'(1 2)) (println "s")', "x\n\n'(1 2)\"s\"\n"),
    ('(printf "~a=~s~%" \'k "v")', 'k="v"\n'),
    ('(writeln (list 1 2)) (write-string "ws")', "(1 2)\nws"),
    ('(eprintf "to stderr")', ""),
    ('(display (void))', "#<void>"),
    ('(display (hash \'a 1))', "#hash((a . 1))"),
]


@pytest.mark.parametrize("source,expected", OUTPUT)
def test_output_goes_to_the_run_buffer(run, source: str, expected: str) -> None:
    result = run(source)
    assert result.ok, result.error
    assert result.output == expected


PRIMITIVE_ERRORS = [
    ("(car '())", "car: contract violation; expected: pair?; given: '()"),
    ("(+ 1 \"a\")", "+: contract violation; expected: number?; given: \"a\""),
    ("(+ 1 #t)", "+: contract violation"), ("(/ 1 0)", "/: division by zero"),
    ("(quotient 1 0)", "quotient: division by zero"), ("(modulo 1 0)", "modulo: division by zero"),
    ("(vector-ref (vector 1) -1)", "vector-ref: contract violation"),
    ("(list-ref '(1) 5)", "list-ref: index 5 is too large"),
    ("(string-ref \"a\" 3)", "string-ref: index 3 is out of range"),
    ("(substring \"abc\" 2 1)", "substring:"), ("(hash-ref (hash) 'x)", "hash-ref: no value found"),
    ("(length '(1 . 2))", "length: contract violation"), ("(cons 1)", "cons: arity mismatch"),
    ("((lambda (x) x))", "arity mismatch; the expected number of arguments does not match the given number; expected: 1; given: 0"),
    ("(sqrt -4)", "sqrt: complex results are not supported"), ("(string->symbol 5)", "string->symbol: contract violation"),
    ("(integer->char -1)", "integer->char: contract violation"), ("(exact->inexact 'a)", "contract violation"),
    ("(regexp-match #rx\"(\" \"x\")", "regexp:"), ("(format \"~a\")", "format: format string requires more"),
    ("(error 'my-fn \"went wrong: ~a\" 42)", "my-fn: went wrong: 42"), ("(raise 'boom)", "uncaught exception: 'boom"),
    ("(apply + 1)", "apply: contract violation"), ("(map car '(1))", "car: contract violation"),
    ("(map + '(1) '(1 2))", "map: all lists must have the same size"), ("(inexact->exact +inf.0)", "no exact representation"),
    ("(sort '(1 a) <)", "<: contract violation"), ("(hash-set! (hash) 1 2)", "hash-set!: contract violation"),
    ("(vector-set! #(1) 0 2)", ""),
]


@pytest.mark.parametrize("source,fragment", PRIMITIVE_ERRORS, ids=_ids(PRIMITIVE_ERRORS))
def test_primitive_errors_are_scheme_errors_with_positions(run, source: str, fragment: str) -> None:
    result = run(f"\n  {source}")
    if source.startswith("(vector-set! #(1)"):  # literal vectors are mutable here: allowed
        return
    assert not result.ok
    assert fragment in result.error
    assert "(at line 2, column" in result.error
    for leak in ("Traceback", "<class", "object at 0x", "File \""):
        assert leak not in result.error
