;; Pattern 10 — tree aggregation: combine many partial results k at a time, level by level,
;; in parallel, until one remains. Calls: about n/(k-1). Latency: log_k(n) rounds.
(define (tree-reduce instruction items #:fan-in [fan-in 4] #:model [model #f]
                     #:max-concurrent [max-concurrent 10] #:max-tokens [max-tokens 512])
  (let level ([xs (map rlm:text items)])
    (if (<= (length xs) 1)
        (if (null? xs) "" (car xs))
        (level (map-async (lambda (group)
                            (if (= (length group) 1)
                                (car group)
                                (llm-query-async #:instruction instruction
                                                 #:data (string-join group "\n---\n")
                                                 #:model model #:max-tokens max-tokens)))
                          (rlm:chunk-list xs (max 2 fan-in))
                          #:max-concurrent max-concurrent)))))
