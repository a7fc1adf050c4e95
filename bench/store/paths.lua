-- wrk script: each request GETs a random line of the file named by $PATHS
-- (a fixed seed per wrk thread).
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local paths = {}
function init(args)
  for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
  math.randomseed(1000 + id)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
