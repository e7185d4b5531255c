-- wrk script for "make loadtest": a mix of normal and rejected GraphQL
-- requests, sent in turn on each connection. It counts every status and
-- the statuses outside the expected set, and prints them with p50/p99.

local expected = { [200] = true, [400] = true, [405] = true, [406] = true, [413] = true, [415] = true }
local reqs = {}
local n = 0
counts = {}
unexpected = 0

local function post(body, ctype, accept)
  local h = { ["Content-Type"] = ctype or "application/json", ["Accept"] = accept or "application/graphql-response+json" }
  return wrk.format("POST", "/graphql", h, body)
end

local function get(query)
  return wrk.format("GET", "/graphql?query=" .. query, { ["Accept"] = "application/json" })
end

local function aliases(k)
  local parts = {}
  for i = 1, k do parts[#parts + 1] = "a" .. i .. ": stats { nodes }" end
  return '{"query":"{ ' .. table.concat(parts, " ") .. ' }"}'
end

local function nested(k)
  local q = "id"
  for _ = 1, k do q = "... on Concept { broader { " .. q .. " } }" end
  return '{"query":"{ node(id: \\"concept/blacklist\\") { ' .. q .. ' } }"}'
end

local function rep(n, f)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = f(i) end
  return table.concat(parts, " ")
end

-- The validation bombs and the id-list flood of issue 16, each refused by
-- a named limit before validation or execution (all 400).
local function bombs()
  local ids = {}
  for i = 1, 1500 do ids[#ids + 1] = '"x/' .. i .. '"' end
  return {
    post('{"query":"{ ' .. rep(240, function(i) return 'search(text: \\"w' .. i .. '\\") { score }' end) .. ' }"}'), -- maxTokens
    post('{"query":"{ ' .. rep(100, function() return 'search(text: \\"w\\") { score }' end) .. ' }"}'),             -- maxSameNameFields
    post('{"query":"{ stats ' .. rep(20, function(i) return '@d' .. i end) .. ' { nodes } }"}'),                        -- maxDirectives
    post('{"query":"{ publications(filter: {concepts: ' .. string.rep("[ ", 300) .. '\\"concept/scs\\"' .. string.rep(" ]", 300) .. '}) { totalCount } }"}'), -- maxInputDepth
    post('{"query":"query($f: PublicationFilter) { publications(filter: $f) { totalCount } }","variables":{"f":' .. string.rep('{"x":', 300) .. '1' .. string.rep('}', 300) .. '}}'), -- maxInputDepth
    get("%7B%20node(id%3A%20" .. string.rep("%5B", 250) .. "1" .. string.rep("%5D", 250) .. ")%20%7B%20id%20%7D%20%7D"), -- maxInputDepth, as a cross-site GET
    post('{"query":"{ ' .. rep(16, function(i) return 'a' .. i .. ': __schema { types { name } }' end) .. ' }"}'),    -- maxAliases
    post('{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":[' .. table.concat(ids, ",") .. ']}}'), -- maxListLength
  }
end

init = function(args)
  local normal = {
    post('{"query":"query Search($t: String!) { search(text: $t) { score node { id label } } }","variables":{"t":"PBOC"},"operationName":"Search"}'),
    post('{"query":"query Ego { neighborhood(id: \\"concept/blacklist\\", depth: 2) { nodes { id kind label } edges { source target predicate } } }"}'),
    post('{"query":"query Pubs { publications(first: 20) { totalCount edges { node { id title year authors { id name } } } } }"}'),
    get("%7B%20stats%20%7B%20nodes%20edges%20quads%20%7D%20%7D"),
    post('{"query":"query Concept { node(id: \\"concept/blacklist\\") { id label ... on Concept { broader { id } narrower { id } cooccurring(first: 5) { weight concept { id } } } } }"}'),
  }
  local rejected = {
    post(nested(12)),                                                   -- 400 DEPTH_LIMIT
    post(aliases(40)),                                                  -- 400 ALIAS_LIMIT
    post('{"query":"{ publications(first: 100000) { totalCount } }"}'), -- 400 PAGE_SIZE_LIMIT
    post('{"query":"{ stats { nodes "}'),                               -- 400 GRAPHQL_PARSE_FAILED
    post('{"query": '),                                                 -- 400 BAD_REQUEST
    post('{"query":"{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"}'), -- 400 validation
    post('{"query":"{ stats { nodes } }"}', "text/plain"),              -- 415
    post('{"query":"{ stats { nodes } }","pad":"' .. string.rep("x", 20000) .. '"}'), -- 413 (--max-body-bytes 16384)
    get("mutation%20%7B%20stats%20%7B%20nodes%20%7D%20%7D"),           -- 405
    post('{"query":"{ stats { nodes } }"}', nil, "text/html"),          -- 406
  }
  for _, b in ipairs(bombs()) do rejected[#rejected + 1] = b end
  -- Two normal requests for each rejected one.
  for i = 1, #rejected do
    reqs[#reqs + 1] = normal[(2 * i - 2) % #normal + 1]
    reqs[#reqs + 1] = normal[(2 * i - 1) % #normal + 1]
    reqs[#reqs + 1] = rejected[i]
  end
  n = math.random(#reqs) -- connections start at different points of the mix
end

request = function()
  n = n % #reqs + 1
  return reqs[n]
end

response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if not expected[status] then unexpected = unexpected + 1 end
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end

done = function(summary, latency, requests)
  local total, bad = {}, 0
  for _, t in ipairs(threads) do
    for status, c in pairs(t:get("counts")) do total[status] = (total[status] or 0) + c end
    bad = bad + t:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format("LOADTEST requests=%d duration_s=%.1f rps=%.0f\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("LOADTEST socket_errors=%d (connect %d, read %d, write %d, timeout %d)\n",
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("LOADTEST latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local keys = {}
  for status in pairs(total) do keys[#keys + 1] = status end
  table.sort(keys)
  local parts = {}
  for _, s in ipairs(keys) do parts[#parts + 1] = s .. ":" .. total[s] end
  io.write("LOADTEST statuses " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("LOADTEST unexpected_statuses=%d\n", bad))
end
