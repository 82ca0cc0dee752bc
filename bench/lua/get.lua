-- A plain GET (metadata as the HTTP floor, the JWKS).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
