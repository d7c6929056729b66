-- phase 'begin': no new placements; phase 'complete': gone, leftovers become orphans.
local p, id, phase = ARGV[1], ARGV[2], ARGV[3]
local s = redis.call('HGET', p .. ':status', id)
if not is_owner_status(s) then return 0 end
if phase ~= 'begin' then return retire(p, id, 'left') end
redis.call('HSET', p .. ':status', id, 'leaving')
return redis.call('INCR', p .. ':view')
