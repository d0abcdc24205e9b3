-- wrk script for the Vinculo customer 360: each request asks for a random customer id in
-- [VINCULO_MIN_ID, VINCULO_MAX_ID] (environment variables; defaults 1..100000), with a fixed seed per thread.
--
--   VINCULO_MIN_ID=1 VINCULO_MAX_ID=1000000 wrk -t2 -c8 -d20s --latency -s bench/wrk/customer360.lua \
--     -H "Authorization: Bearer $TOKEN" http://127.0.0.1:5080/api/v1/customers/1/360
--
-- The URL's path is replaced on every request; the -H header is kept (wrk.format adds wrk.headers).

local min_id = tonumber(os.getenv("VINCULO_MIN_ID") or "1")
local max_id = tonumber(os.getenv("VINCULO_MAX_ID") or "100000")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_seed", 20261122 + counter)
end

function init(args)
  math.randomseed(thread_seed or 20261122)
end

function request()
  local id = math.random(min_id, max_id)
  return wrk.format("GET", "/api/v1/customers/" .. id .. "/360")
end
