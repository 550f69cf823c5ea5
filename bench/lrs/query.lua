-- GET /xapi/statements by verb and since: a page of 100, newest first, for a random verb and a random
-- day in the past year. Environment: AUTH (Basic credentials). Prints p95 in done().
local auth = os.getenv("AUTH")
local verbs = {
  "http://adlnet.gov/expapi/verbs/experienced", "https://w3id.org/xapi/adl/verbs/logged-in",
  "http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/shared",
  "http://activitystrea.ms/schema/1.0/like", "http://adlnet.gov/expapi/verbs/commented",
  "http://adlnet.gov/expapi/verbs/asked", "http://adlnet.gov/expapi/verbs/answered",
  "http://adlnet.gov/expapi/verbs/registered", "http://adlnet.gov/expapi/verbs/attended",
  "http://activitystrea.ms/schema/1.0/join",
}

local function escape(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  math.randomseed(os.time() * 1000 + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000)
end

request = function()
  local verb = verbs[math.random(#verbs)]
  local since = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - math.random(1, 365) * 86400)
  return wrk.format("GET", "/xapi/statements?verb=" .. escape(verb) .. "&since=" .. escape(since) .. "&limit=100", {
    ["X-Experience-API-Version"] = "1.0.3",
    ["Authorization"] = auth,
  })
end

function done(summary, latency, requests)
  io.write(string.format("p95_ms %.3f\n", latency:percentile(95) / 1000))
end
