;; Pattern 8 — ensemble voting: ask n times (several models and/or temperature), return the
;; majority answer. Calls: n (parallel). Latency: one round trip.
(define (ensemble-vote question #:n [n 5] #:models [models #f] #:temperature [temperature 0.7]
                       #:max-tokens [max-tokens 64])
  (let* ([pick (lambda (i) (if models (list-ref models (modulo i (length models))) #f))]
         [answers (await-all
                   (map (lambda (i)
                          (llm-query-async #:instruction (string-append question "\nAnswer briefly.")
                                           #:model (pick i) #:temperature temperature
                                           #:max-tokens max-tokens))
                        (range n)))]
         [counts (rlm:tally answers)])
    (car (car counts))))
