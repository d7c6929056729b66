-- Leases due reminders: each gets a new score (now + lease) so a crashed deliverer is retried.
local p, max, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', p .. ':reminders', '-inf', now, 'LIMIT', 0, max)
local out = {}
for _, member in ipairs(due) do
  redis.call('ZADD', p .. ':reminders', now + lease, member)
  table.insert(out, member)
  table.insert(out, tostring(now + lease))
end
return out
