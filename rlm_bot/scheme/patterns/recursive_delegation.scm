;; Pattern 3 — recursive delegation: a model writes a sub-program that runs in a child sandbox
;; with the remaining budget (at most 3 levels). Calls: 1 + the child's. Latency: round trip +
;; the child's run.
(define (delegate task #:data [data ""] #:model [model #f] #:max-tokens [max-tokens 2048])
  (syntax-e (llm-query #:instruction task #:data data #:model model
                       #:max-tokens max-tokens #:recursive #t)))
