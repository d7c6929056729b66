local p, id, endpoint, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
redis.call('HSET', p .. ':silos', id, endpoint)
redis.call('HSET', p .. ':status', id, 'active')
redis.call('SET', p .. ':alive:' .. id, '1', 'PX', ttl)
return redis.call('INCR', p .. ':view')
