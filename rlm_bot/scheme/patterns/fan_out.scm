;; Pattern 1 — parallel fan-out: one instruction over many items at once, results in order.
;; Calls: n. Latency: ceil(n / max-concurrent) model round trips.
(define (fan-out instruction items
                 #:model [model #f] #:max-concurrent [max-concurrent 10] #:max-tokens [max-tokens 256])
  (map-async (lambda (item)
               (llm-query-async #:instruction instruction #:data (rlm:text item)
                                #:model model #:max-tokens max-tokens))
             items
             #:max-concurrent max-concurrent))
