;; Pattern 14 — memoization: identical requests are answered from the checkpoint store, across
;; runs and restarts. Calls: 1 per distinct request. Latency: a store lookup when cached.
(define (memo-key instruction data model)
  (string-append "memo:" (number->string (equal-hash-code (list instruction data (or model ""))))
                 ":" (number->string (string-length instruction)) ":" (number->string (string-length data))))

(define (memo-query instruction #:data [data ""] #:model [model #f] #:max-tokens [max-tokens 512])
  (let* ([key (memo-key instruction data model)]
         [hit (restore key)])
    (if (and hit (equal? (car hit) (list instruction data)))
        (cadr hit)
        (let ([reply (text (llm-query #:instruction instruction #:data data #:model model
                                      #:max-tokens max-tokens))])
          (checkpoint! key (list (list instruction data) reply))
          reply))))
