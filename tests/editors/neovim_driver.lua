-- Drives Neovim through assetlens's main features as a user would (tests/editors/test_neovim.py):
-- diagnostics, hover, go to definition, a code lens run through the server. Writes what it saw as JSON.
local root = vim.g.assetlens_test_root
local out = { messages = {} }
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, vim.g.assetlens_test_output)
  vim.cmd('qall!')
end
local function wait(what, ms, condition)
  if not vim.wait(ms, condition, 50) then
    out.timeout = what
    finish()
  end
end
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  table.insert(out.messages, result.message)
  return show_message(err, result, ctx, config)
end

-- diagnostics
vim.cmd('edit ' .. root .. '/shop/typos.py')
local typos = vim.api.nvim_get_current_buf()
wait('diagnostics', 45000, function() return #vim.diagnostic.get(typos) > 0 end)
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(typos)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(out.diagnostics, { code = code, lnum = d.lnum, col = d.col, message = d.message })
end

-- hover on a parameter that is an upstream asset
vim.cmd('edit ' .. root .. '/shop/marts.py')
local marts = vim.api.nvim_get_current_buf()
wait('attach', 20000, function() return #vim.lsp.buf_get_clients(marts) > 0 end)
local line = vim.fn.search('def daily_orders(raw_orders')
vim.api.nvim_win_set_cursor(0, { line, #'def daily_orders(raw_' })
local main_window = vim.api.nvim_get_current_win()
vim.lsp.buf.hover()
local hover_window
wait('hover', 20000, function()
  for _, window in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(window).relative ~= '' then hover_window = window return true end
  end
  return false
end)
out.hover = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(hover_window), 0, -1, false)
vim.api.nvim_win_close(hover_window, true)
vim.api.nvim_set_current_win(main_window)

-- go to definition
vim.lsp.buf.definition()
wait('definition', 20000, function() return vim.api.nvim_buf_get_name(0):match('raw%.py$') ~= nil end)
out.definition = { file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t'), cursor = vim.api.nvim_win_get_cursor(0) }

-- a code lens, run through the server (its command is one the server advertises and executes)
vim.cmd('buffer ' .. marts)
vim.lsp.codelens.refresh()
wait('lenses', 20000, function() return #vim.lsp.codelens.get(marts) > 0 end)
out.lenses = {}
for _, lens in ipairs(vim.lsp.codelens.get(marts)) do
  table.insert(out.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title, command = lens.command and lens.command.command })
end
vim.ui.select = function(items, opts, on_choice)
  for index, item in ipairs(items) do
    if opts.format_item(item):find('upstream', 1, true) then return on_choice(item, index) end
  end
  on_choice(nil, nil)
end
vim.api.nvim_win_set_cursor(0, { line - 1, 0 })
vim.lsp.codelens.run()
wait('lens command', 20000, function()
  for _, message in ipairs(out.messages) do
    if message:find('daily_orders: upstream', 1, true) then return true end
  end
  return false
end)
finish()
