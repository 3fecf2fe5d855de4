;; Pattern 9 — active learning: a cheap model labels everything with a confidence; only the
;; uncertain items go to the strong model. Calls: n + uncertain. Latency: two parallel rounds.
(define (active-label items instruction #:cheap [cheap "gpt-mini"] #:strong [strong "sonnet"]
                      #:threshold [threshold 0.7] #:max-concurrent [max-concurrent 10])
  (let* ([ask (lambda (model)
                (lambda (item)
                  (llm-query-async
                   #:instruction (string-append instruction
                                                " Reply with JSON {\"label\": string, \"confidence\": number 0-1}.")
                   #:data (rlm:text item) #:model model #:json #t #:max-tokens 60)))]
         [first (map-async (ask cheap) items #:max-concurrent max-concurrent)]
         [uncertain? (lambda (r) (< (hash-ref r 'confidence 0) threshold))])
    (map-async (lambda (pair)
                 (if (uncertain? (cdr pair))
                     (hash-ref (await ((ask strong) (car pair))) 'label "")
                     (hash-ref (cdr pair) 'label "")))
               (map cons items first)
               #:max-concurrent max-concurrent)))
