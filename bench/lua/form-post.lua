-- A form POST with HTTP Basic client authentication.
-- BENCH_AUTHORIZATION: the Authorization header value; BENCH_BODY: the form body.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")
wrk.body = os.getenv("BENCH_BODY")
