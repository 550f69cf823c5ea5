-- POSTs xAPI statements with unique ids: one per request, or BATCH per request (a JSON array).
-- Environment: BATCH (statements per request), PEOPLE (a file of person ids), BASE_IRI, AUTH (Basic credentials).
-- Prints p95 in done() (wrk's own report stops at p99 and p90).
local batch = tonumber(os.getenv("BATCH") or "1")
local base = os.getenv("BASE_IRI") or "https://guild.noordwind.example/"
local auth = os.getenv("AUTH")
local people = {}
for line in io.lines(os.getenv("PEOPLE")) do people[#people + 1] = line end

local verbs = {
  { "http://adlnet.gov/expapi/verbs/experienced", "experienced" },
  { "http://adlnet.gov/expapi/verbs/completed", "completed" },
  { "http://adlnet.gov/expapi/verbs/shared", "shared" },
  { "http://activitystrea.ms/schema/1.0/like", "liked" },
}

local threads = {}
local counter = 0
local run = 0
thread_id = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  thread_id = tonumber(tid) or 0
  math.randomseed(os.time() * 1000 + thread_id)
  run = math.random(0, 0xffffff)
end

local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-8%03x-%012x", run, thread_id, math.random(0, 0xfff), math.random(0, 0xfff), counter)
end

local function statement()
  local person = people[math.random(#people)]
  local verb = verbs[math.random(#verbs)]
  -- Popular resources are popular: most acts are about a few thousand of the 50,000.
  local resource = math.floor(50000 * math.random() ^ 3) + 1
  return string.format(
    '{"id":"%s","actor":{"objectType":"Agent","name":"Bench learner","account":{"homePage":"%s","name":"%s"}},' ..
    '"verb":{"id":"%s","display":{"en":"%s"}},' ..
    '"object":{"objectType":"Activity","id":"%sresources/bench-%d","definition":{"type":"http://id.tincanapi.com/activitytype/resource","name":{"en":"Resource %d"}}},' ..
    '"context":{"platform":"bench"},"timestamp":"2026-11-26T12:00:00.000Z"}',
    uuid(), base, person, verb[1], verb[2], base, resource, resource)
end

request = function()
  local body
  if batch == 1 then
    body = statement()
  else
    local parts = {}
    for i = 1, batch do parts[i] = statement() end
    body = "[" .. table.concat(parts, ",") .. "]"
  end
  return wrk.format("POST", "/xapi/statements", {
    ["Content-Type"] = "application/json",
    ["X-Experience-API-Version"] = "1.0.3",
    ["Authorization"] = auth,
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("p95_ms %.3f\n", latency:percentile(95) / 1000))
end
