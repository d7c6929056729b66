local p, id, ttl = ARGV[1], ARGV[2], ARGV[3]
if not is_owner_status(redis.call('HGET', p .. ':status', id)) then return -1 end
redis.call('SET', p .. ':alive:' .. id, '1', 'PX', ttl)
return tonumber(redis.call('GET', p .. ':view') or '0')
