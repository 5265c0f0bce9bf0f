;;; Drives Emacs + eglot through assetlens's main features as a user would (tests/editors/test_emacs.py):
;;; diagnostics (flymake), hover, go to definition (xref), a code lens run through the server.
(require 'package)
(package-initialize)
(require 'json)
(defvar assetlens-test-root (getenv "ASSETLENS_TEST_ROOT"))
(defvar assetlens-test-output (getenv "ASSETLENS_TEST_OUTPUT"))
(defvar assetlens-test-seen (list))
(defvar assetlens-test-messages (list))
(setq assetlens-command (split-string (getenv "ASSETLENS_TEST_SERVER") "\t"))
(load (expand-file-name "assetlens.el" (file-name-directory load-file-name)))
(setq eglot-sync-connect 30 eglot-autoshutdown nil)
(advice-add 'message :filter-return (lambda (text) (when (stringp text) (push text assetlens-test-messages)) text))

(defun assetlens-test-finish ()
  (push (cons 'messages (vconcat (reverse assetlens-test-messages))) assetlens-test-seen)
  (with-temp-file assetlens-test-output (insert (json-encode assetlens-test-seen)))
  (kill-emacs 0))

(defun assetlens-test-wait (what seconds condition)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall condition)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall condition)
      (push (cons 'timeout what) assetlens-test-seen)
      (assetlens-test-finish))))

(defun assetlens-test-open (relative)
  (find-file (expand-file-name relative assetlens-test-root))
  (python-mode)
  (eglot-ensure)
  (run-hooks 'post-command-hook)  ; eglot-ensure starts the server after the command (none in batch)
  (assetlens-test-wait "connect" 30 (lambda () (eglot-current-server))))

;; diagnostics
(assetlens-test-open "shop/typos.py")
(assetlens-test-wait "diagnostics" 45 (lambda () (flymake-start) (flymake-diagnostics)))
(push (cons 'diagnostics
            (vconcat (mapcar (lambda (d) `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                          (text . ,(flymake-diagnostic-text d))))
                             (flymake-diagnostics))))
      assetlens-test-seen)

;; hover on a parameter that is an upstream asset
(assetlens-test-open "shop/marts.py")
(goto-char (point-min))
(search-forward "def daily_orders(raw_")
(let ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover (eglot--TextDocumentPositionParams))))
  (push (cons 'hover (plist-get (plist-get hover :contents) :value)) assetlens-test-seen))

;; go to definition
(xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
(push (cons 'definition `((file . ,(file-name-nondirectory (buffer-file-name))) (line . ,(line-number-at-pos))))
      assetlens-test-seen)

;; a code lens, run through the server: M-x assetlens-lens on the lens line, choosing the lineage lens
(assetlens-test-open "shop/marts.py")
(goto-char (point-min))
(search-forward "def daily_orders")
(forward-line -1)
(cl-letf (((symbol-function 'completing-read)
           (lambda (_prompt collection &rest _)
             (car (seq-find (lambda (item) (string-match-p "upstream" (car item))) collection)))))
  (assetlens-lens))
(assetlens-test-wait "lens command" 20
                     (lambda () (seq-find (lambda (text) (string-match-p "daily_orders: upstream" text)) assetlens-test-messages)))
(assetlens-test-finish)
