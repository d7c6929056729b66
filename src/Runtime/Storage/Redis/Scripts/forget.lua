local p, retention = ARGV[1], tonumber(ARGV[2])
local old = redis.call('ZRANGEBYSCORE', p .. ':defunct', '-inf', now_ms() - retention)
for _, id in ipairs(old) do
  redis.call('HDEL', p .. ':silos', id)
  redis.call('HDEL', p .. ':status', id)
  redis.call('ZREM', p .. ':defunct', id)
  redis.call('DEL', p .. ':grains:' .. id, p .. ':alive:' .. id)
end
return #old
