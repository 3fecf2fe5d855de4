;; Pattern 15 — stream processing: handle an unbounded sequence window by window with bounded
;; concurrency, checkpointing the position so a restart resumes where it stopped.
;; Calls: n. Latency: n / window rounds.
(define (stream-process instruction chunks #:window [window 10] #:key [key "stream"]
                        #:model [model #f] #:max-tokens [max-tokens 256])
  (let* ([saved (restore key)]
         [done (if saved saved '())])
    (let loop ([results done] [rest (list-tail chunks (min (length done) (length chunks)))])
      (if (null? rest)
          results
          (let* ([batch (if (> (length rest) window) (take rest window) rest)]
                 [out (fan-out instruction batch #:model model #:max-concurrent window
                               #:max-tokens max-tokens)]
                 [all (append results out)])
            (checkpoint! key all)
            (loop all (list-tail rest (length batch))))))))
