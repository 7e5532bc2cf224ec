-- wrk script: GET the realtime map with the key in MERIDIAN_API_KEY.
local key = os.getenv("MERIDIAN_API_KEY")
request = function()
  return wrk.format("GET", "/api/v1/analytics/realtime/map", { ["Authorization"] = "Bearer " .. key })
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d non2xx_or_errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
