-- Shared by every scenario: samples responses for correctness and prints one machine-readable line.
-- BENCH_EXPECT: a substring every sampled response body must contain (a token, "active":true, ...).
local expect = os.getenv("BENCH_EXPECT")
local sample_every = 20
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  seen, checked, bad = 0, 0, 0
end

function response(status, headers, body)
  seen = seen + 1
  if expect ~= nil and expect ~= "" and seen % sample_every == 0 then
    checked = checked + 1
    if status < 200 or status > 299 or body == nil or not string.find(body, expect, 1, true) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  local total_checked, total_bad = 0, 0
  for _, thread in ipairs(threads) do
    total_checked = total_checked + thread:get("checked")
    total_bad = total_bad + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p99_us=%d checked=%d bad=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), total_checked, total_bad))
end
