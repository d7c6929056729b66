-- phase 'begin': no new placements; phase 'complete': gone, leftovers become orphans.
local p, id, phase = ARGV[1], ARGV[2], ARGV[3]
local s = redis.call('HGET', p .. ':status', id)
if not is_owner_status(s) then return 0 end
if phase == 'begin' then
  redis.call('HSET', p .. ':status', id, 'leaving')
else
  redis.call('HSET', p .. ':status', id, 'left')
  redis.call('ZADD', p .. ':defunct', now_ms(), id)
  local owned = p .. ':grains:' .. id
  if redis.call('EXISTS', owned) == 1 then
    redis.call('SUNIONSTORE', p .. ':orphans', p .. ':orphans', owned)
    redis.call('DEL', owned)
  end
  redis.call('DEL', p .. ':alive:' .. id)
end
return redis.call('INCR', p .. ':view')
