-- The refresh_token grant with rotation: every response carries the family's next refresh token, and a
-- refresh token may be sent only once (a second use is reuse and revokes the family). So each thread keeps a
-- queue of families: a request takes a token off the queue, its response puts the successor back.
-- BENCH_TOKENS: a file of refresh tokens, one per line; each wrk run takes BENCH_FAMILIES of them off the top
-- (the warm-up and the measured run get different families). BENCH_CLIENT_ID: the public client.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local common_setup, common_init, sample = setup, init, response
local handed_out = false
local next_thread = 0

local function take_families()
  local path, wanted = os.getenv("BENCH_TOKENS"), tonumber(os.getenv("BENCH_FAMILIES"))
  local lines = {}
  for line in io.lines(path) do
    table.insert(lines, line)
  end
  assert(#lines >= wanted, "not enough refresh token families in " .. path)
  local rest = io.open(path, "w")
  for i = wanted + 1, #lines do
    rest:write(lines[i], "\n")
  end
  rest:close()
  local taken = {}
  for i = 1, wanted do
    taken[i] = lines[i]
  end
  return taken
end

local families = nil
local thread_count = tonumber(os.getenv("BENCH_THREADS"))

function setup(thread)
  common_setup(thread)
  if not handed_out then
    families = take_families()
    handed_out = true
  end
  local mine = {}
  for i = next_thread + 1, #families, thread_count do
    table.insert(mine, families[i])
  end
  next_thread = next_thread + 1
  thread:set("tokens", table.concat(mine, " "))
end

function init(args)
  common_init(args)
  queue = {}
  for token in string.gmatch(tokens, "%S+") do
    table.insert(queue, token)
  end
  client_id = os.getenv("BENCH_CLIENT_ID")
end

-- (wrk calls request() once per thread to check the script before the run and throws that request away, so
-- each run leaves one family per thread untouched; there are twice as many families as connections)
function request()
  -- an empty queue means more requests in flight than families: send a token that fails, so the run fails
  local token = table.remove(queue, 1) or "none"
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=refresh_token&client_id=" .. client_id .. "&refresh_token=" .. token)
end

function response(status, headers, body)
  sample(status, headers, body)
  local successor = body and string.match(body, '"refresh_token":"(gh_rt_[%w_-]+)"')
  if successor then
    table.insert(queue, successor)
  else
    bad = bad + 1
  end
end
