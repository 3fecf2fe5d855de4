;; Pattern 14 — memoization: identical requests are answered from the checkpoint store, across
;; runs and restarts. Calls: 1 per distinct request. Latency: a store lookup when cached.
(define (rlm:memo-key instruction data model)
  (string-append "memo:" (or model "default") ":"
                 (number->string (rlm:text-hash (string-append instruction "\u0000" data)))))

(define (memo-query instruction #:data [data ""] #:model [model #f] #:max-tokens [max-tokens 512])
  (let* ([key (rlm:memo-key instruction data model)]
         [hit (restore key)])
    (if (and hit (equal? (car hit) (list instruction data)))
        (cadr hit)
        (let ([reply (rlm:text (llm-query #:instruction instruction #:data data #:model model
                                      #:max-tokens max-tokens))])
          (checkpoint! key (list (list instruction data) reply))
          reply))))
