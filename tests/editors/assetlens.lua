-- assetlens for Neovim: the configuration README.md shows, loaded as it is by tests/editors/test_neovim.py.
-- Neovim 0.11+: vim.lsp.config / vim.lsp.enable. Older (0.7-0.10): start a client for each Python buffer.
-- The server command is `assetlens serve` (override with vim.g.assetlens_cmd, a list).
local cmd = vim.g.assetlens_cmd or { 'assetlens', 'serve' }
local root_markers = { 'pyproject.toml', 'setup.cfg', 'setup.py', 'workspace.yaml', 'dg.toml', '.git' }
local settings = { assetlens = { trusted = false } } -- set trusted = true to run assets from the lenses

if vim.lsp.config then
  vim.lsp.config('assetlens', {
    cmd = cmd,
    filetypes = { 'python' },
    root_markers = root_markers,
    init_options = settings.assetlens,
    settings = settings,
  })
  vim.lsp.enable('assetlens')
else
  local started = {}
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'python',
    callback = function(args)
      local file = vim.api.nvim_buf_get_name(args.buf)
      local found = vim.fs and vim.fs.find(root_markers, { upward = true, path = vim.fs.dirname(file) })[1]
      local root = found and vim.fs.dirname(found) or vim.fn.getcwd()
      local config = { name = 'assetlens', cmd = cmd, root_dir = root, init_options = settings.assetlens, settings = settings }
      if vim.lsp.start then -- 0.8-0.10: reuses the client of the same root
        vim.lsp.start(config)
      else -- 0.7: one client per root, attached to each buffer
        local id = started[root]
        if not (id and vim.lsp.get_client_by_id(id)) then
          id = vim.lsp.start_client(config)
          started[root] = id
        end
        if id then vim.lsp.buf_attach_client(args.buf, id) end
      end
    end,
  })
end

-- code lenses: shown after every change, run with <leader>l (vim.lsp.codelens.run)
vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
  pattern = '*.py',
  callback = function() pcall(vim.lsp.codelens.refresh) end,
})
vim.keymap.set('n', '<leader>l', vim.lsp.codelens.run, { desc = 'assetlens: run the code lens' })
