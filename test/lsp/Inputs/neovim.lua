-- Neovim's built-in LSP client, headless, attached to forkcheck --lsp on a
-- file of a two-file program: reads the diagnostics back, edits the buffer
-- and sees them change, applies the NOLINT code action.
-- Environment: FORKCHECK (the binary), PROJ (the program's directory), OUT.
local forkcheck, proj = os.getenv("FORKCHECK"), os.getenv("PROJ")
local out = assert(io.open(os.getenv("OUT"), "w"))

local function say(fmt, ...)
  out:write(string.format(fmt, ...) .. "\n")
  out:flush()
end

local function sorted_diagnostics(buf)
  local d = vim.diagnostic.get(buf)
  table.sort(d, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return d
end

-- Waits until the buffer's diagnostics satisfy `pred`, then prints them.
local function diagnostics_when(buf, what, pred)
  if not vim.wait(60000, function() return pred(vim.diagnostic.get(buf)) end, 20) then
    error("timed out waiting for the diagnostics " .. what)
  end
  local d = sorted_diagnostics(buf)
  say("%s: %d", what, #d)
  for _, x in ipairs(d) do
    say("  %d:%d-%d %s %s: %s", x.lnum + 1, x.col + 1, x.end_col + 1, x.source, x.code, x.message)
  end
  return d
end

local function count(n) return function(d) return #d == n end end

-- The server's code actions for diagnostic `d`, asked as the editor asks.
local function code_actions(buf, client, d)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = d.lnum, character = d.col },
              ["end"] = { line = d.lnum, character = d.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
  return replies[client].result
end

local function run()
  vim.cmd("edit " .. proj .. "/main.c")
  local buf = vim.api.nvim_get_current_buf()
  local exit_code
  local client = vim.lsp.start_client({
    name = "forkcheck", cmd = { forkcheck, "--lsp" }, root_dir = proj,
    on_exit = function(code) exit_code = code end,
  })
  assert(client, "the client did not start")
  vim.lsp.buf_attach_client(buf, client)

  diagnostics_when(buf, "when opened", count(1))
  vim.api.nvim_buf_set_lines(buf, 15, 16, false, { "    safe_work();" })
  diagnostics_when(buf, "after calling safe_work", count(0))
  vim.api.nvim_buf_set_lines(buf, 16, 16, false, { '    printf("%d\\n", 1);' })
  local d = diagnostics_when(buf, "after adding printf", count(1))

  local action = code_actions(buf, client, d[1])[1]
  say("code action: %s", action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  say("line now: %s", vim.api.nvim_buf_get_lines(buf, d[1].lnum, d[1].lnum + 1, false)[1])
  diagnostics_when(buf, "after the action", count(0))

  -- exit() in the child (child-exit-cleanup's finding alone): the preferred
  -- action is forkcheck's fix-it.
  vim.api.nvim_buf_set_lines(buf, 17, 18, false, { "    exit(0);" })
  d = diagnostics_when(buf, "after calling exit", count(1))
  for _, a in ipairs(code_actions(buf, client, d[1])) do
    if a.isPreferred then
      say("preferred action: %s", a.title)
      vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
    end
  end
  say("line now: %s", vim.api.nvim_buf_get_lines(buf, 17, 18, false)[1])
  diagnostics_when(buf, "after the fix", count(0))

  vim.lsp.stop_client(client)
  if not vim.wait(10000, function() return exit_code ~= nil end, 20) then
    error("the server did not exit")
  end
  say("server exit status: %d", exit_code)
end

local ok, err = pcall(run)
if not ok then say("FAIL: %s", err) end
out:close()
vim.cmd(ok and "qall!" or "cquit 1")
