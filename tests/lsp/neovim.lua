-- Neovim (0.7+, headless) as the client of `mdfc --lsp`: run by
-- tests/sh/lsp_neovim.sh with MDFC, MDF_FILE (a broken .mdf next to lib.mdf)
-- and MDF_LIB in the environment.  Uses only what Neovim 0.7 has:
-- vim.lsp.start_client + buf_attach_client (vim.lsp.start is 0.8+),
-- vim.lsp.buf.formatting_sync (vim.lsp.buf.format is 0.8+).
-- Prints "ok: ..." per check; exits with :cquit on the first failure.
local mdfc, file, lib = os.getenv('MDFC'), os.getenv('MDF_FILE'), os.getenv('MDF_LIB')
local checks = 0
local function say(s) io.stdout:write(s .. '\n') end
local function check(cond, what, got)
  checks = checks + 1
  if not cond then
    say('FAIL: ' .. what .. (got and (': got ' .. vim.inspect(got)) or ''))
    vim.cmd('cquit 1')
  end
  say('ok: ' .. what)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'mdfc', cmd = { mdfc, '--lsp' }, root_dir = vim.fn.fnamemodify(file, ':h'),
})
check(id ~= nil, 'start_client')
check(vim.lsp.buf_attach_client(buf, id), 'buf_attach_client')

local function codes(b)
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(b)) do t[#t + 1] = d.code end
  table.sort(t)
  return table.concat(t, ',')
end

-- 1. the broken file's diagnostics, at the right ranges
vim.wait(15000, function() return codes(buf) == 'E0401,W0401' end, 20)
check(codes(buf) == 'E0401,W0401', 'diagnostics of the broken buffer (E0401, and W0401 at the import)', codes(buf))
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.code == 'E0401' then
    check(d.lnum == 3 and d.col == 8 and d.end_lnum == 3 and d.end_col == 13, 'E0401 range 3:8-3:13',
      { d.lnum, d.col, d.end_lnum, d.end_col })
    check(d.severity == vim.diagnostic.severity.ERROR, 'E0401 is an error')
  else
    check(d.lnum == 0 and d.col == 7 and d.end_col == 16, 'W0401 at the import 0:7-0:16', { d.lnum, d.col, d.end_col })
  end
end
-- the library's own diagnostics, under its own buffer (file:// URI -> buffer)
local libbuf = vim.fn.bufadd(lib)
vim.wait(5000, function() return codes(libbuf) == 'W0401' end, 20)
check(codes(libbuf) == 'W0401', 'the imported file gets its diagnostic under its own name', codes(libbuf))
local ld = vim.diagnostic.get(libbuf)[1]
check(ld and ld.lnum == 8 and ld.col == 54, 'lib W0401 at 8:54', ld and { ld.lnum, ld.col })

-- 2. edit the buffer (CONVV -> CONV, sent as an incremental change): the set updates
vim.api.nvim_buf_set_text(buf, 3, 12, 3, 13, { '' })
vim.wait(15000, function() return codes(buf) == 'W0401' end, 20)
check(codes(buf) == 'W0401', 'after the edit only the import-site warning is left', codes(buf))

-- 3. hover on the layer's name: its cost summary
local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
  { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 2, character = 9 } }, 10000)
local hover = res and res[id] and res[id].result and res[id].result.contents.value or ''
check(hover:find('runtime', 1, true) and hover:find('73728 MACs', 1, true), 'hover on layer conv1: runtime and 73728 MACs', hover)

-- 4. definition on the import: lib.mdf
res = vim.lsp.buf_request_sync(buf, 'textDocument/definition',
  { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 0, character = 10 } }, 10000)
local loc = res and res[id] and res[id].result
if loc and loc[1] then loc = loc[1] end
check(loc and vim.uri_to_fname(loc.uri) == vim.fn.resolve(lib), 'definition of the import is lib.mdf', loc)

-- 5. format the buffer
vim.api.nvim_buf_set_lines(buf, 2, 3, false, { 'Layer    conv1{' })
vim.lsp.buf.formatting_sync(nil, 10000)
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
check(lines[3] == '\tLayer conv1 {', 'formatting reindents and respaces the layer line', lines[3])
check(lines[4] == '\t\tType: CONV' and lines[#lines] == '}', 'the rest in the canonical layout', lines)

say(('neovim: %d checks passed'):format(checks))
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
vim.cmd('qall!')
