-- wrk script: POST /api/events pageviews of many visitors (one in 8 requests starts a new visitor).
-- Reads MERIDIAN_TRACKING_ID from the environment; NEW_VISITOR_EVERY=n starts a new visitor every n-th request
-- instead (1: every event is a new visitor).
local tracking_id = os.getenv("MERIDIAN_TRACKING_ID")
local new_visitor_every = tonumber(os.getenv("NEW_VISITOR_EVERY") or "8")
local user_agents = {
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
}
local ips = { "81.2.69.160", "216.160.83.56", "89.160.20.112", "175.16.199.0", "2.125.160.216" }
local pages = { "/", "/pricing", "/docs", "/blog/launch?utm_source=newsletter&utm_campaign=spring", "/signup" }

local function uuid4()
  local t = {}
  for i = 1, 16 do t[i] = math.random(0, 255) end
  t[7] = (t[7] % 16) + 64
  t[9] = (t[9] % 64) + 128
  return string.format("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
    t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15], t[16])
end

local visitor, session, n = nil, nil, 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  if n % new_visitor_every == 0 then
    visitor, session = uuid4(), "s" .. uuid4()
  end
  n = n + 1
  local k = (n % 5) + 1
  local body = string.format(
    '{"websiteId":"%s","domain":"example.com","href":"https://example.com%s","referrer":"https://news.ycombinator.com/","type":"pageview","visitorId":"%s","sessionId":"%s","extraData":{}}',
    tracking_id, pages[k], visitor, session)
  return wrk.format("POST", "/api/events", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = user_agents[(n % #user_agents) + 1],
    ["X-Forwarded-For"] = ips[(n % #ips) + 1],
  }, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d non2xx_or_errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f p90_ms=%.2f p999_ms=%.2f max_ms=%.2f mean_ms=%.2f\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000))
end
