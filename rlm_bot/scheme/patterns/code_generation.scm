;; Pattern 2 — code generation: the model writes Python, the sandbox runs it; errors are fed
;; back for another attempt. Calls: 1..attempts. Latency: attempts x (round trip + run).
(define (rlm:extract-code reply)
  (let* ([s (rlm:text reply)]
         [start (or (rlm:string-find s "```python\n") (rlm:string-find s "```\n"))])
    (if start
        (let* ([body-start (+ 1 (rlm:string-find s "\n" start))]
               [end (rlm:string-find s "```" body-start)])
          (substring s body-start (or end (string-length s))))
        s)))

(define (generate-and-run task #:data [data ""] #:model [model #f] #:attempts [attempts 2])
  (let loop ([k 1] [feedback ""])
    (let* ([reply (llm-query #:instruction
                             (string-append "Write Python 3 code that prints the answer to this task. "
                                            "Reply with one ```python block only.\nTask: " task
                                            feedback)
                             #:data data #:model model #:max-tokens 800)]
           [code (rlm:extract-code reply)]
           [result (with-handlers ([exn:fail? (lambda (e) (cons 'error (exn-message e)))])
                     (py-exec code))])
      (cond [(string? result) (string-trim result)]
            [(< k attempts)
             (loop (+ k 1) (string-append "\nThe previous code failed with: " (cdr result)))]
            [else (error 'generate-and-run (string-append "code failed: " (cdr result)))]))))
