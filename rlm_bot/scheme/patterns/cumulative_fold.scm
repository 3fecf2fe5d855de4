;; Pattern 5 — cumulative fold: read chunks in order, carrying a running result (notes, a
;; summary, extracted facts). Calls: n. Latency: n sequential round trips.
(define (fold-cumulative instruction chunks #:init [init ""] #:model [model #f]
                         #:max-tokens [max-tokens 512])
  (let loop ([acc init] [rest chunks])
    (if (null? rest)
        acc
        (loop (rlm:text (llm-query #:instruction
                               (string-append instruction
                                              "\nUpdate the running result with the new chunk. Running result:\n"
                                              acc)
                               #:data (rlm:text (car rest)) #:model model #:max-tokens max-tokens))
              (cdr rest)))))
