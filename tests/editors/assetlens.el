;;; assetlens.el --- assetlens with eglot: the configuration README.md shows, loaded as it is by
;;; tests/editors/test_emacs.py.  Emacs 29+ has eglot built in; Emacs 28 needs the `eglot' package.
;;; eglot runs one server per major mode: this makes assetlens the Python server.
(require 'eglot)
(defvar assetlens-command '("assetlens" "serve")
  "How to start the assetlens language server.")
(add-to-list 'eglot-server-programs
             `((python-mode python-ts-mode)
               . (,@assetlens-command
                  ;; settings (docs/protocol.md); set :trusted t to run assets from the commands
                  :initializationOptions (:trusted :json-false))))
(add-hook 'python-mode-hook #'eglot-ensure)
;; eglot shows no code lenses: `M-x assetlens-lens' lists the lenses of the current line and runs the chosen one
(defun assetlens-lens ()
  "Run one of the assetlens code lenses on the current line (Materialize, Show status, lineage)."
  (interactive)
  (let* ((server (eglot--current-server-or-lose))
         (line (1- (line-number-at-pos)))
         (lenses (seq-filter (lambda (lens) (= line (plist-get (plist-get (plist-get lens :range) :start) :line)))
                             (jsonrpc-request server :textDocument/codeLens
                                              `(:textDocument ,(eglot--TextDocumentIdentifier)))))
         (titles (mapcar (lambda (lens) (cons (plist-get (plist-get lens :command) :title) (plist-get lens :command))) lenses))
         (command (cdr (assoc (completing-read "Lens: " titles nil t) titles))))
    (eglot-execute-command server (plist-get command :command) (plist-get command :arguments))))
