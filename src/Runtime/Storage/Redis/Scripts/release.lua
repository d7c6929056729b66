local p, gid, me, epoch, handoff = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local own = p .. ':own:' .. gid
local cur = redis.call('HMGET', own, 'owner', 'epoch')
if cur[1] ~= me or tonumber(cur[2]) ~= epoch then return 0 end
redis.call('HDEL', own, 'owner')
redis.call('SREM', p .. ':grains:' .. me, gid)
if handoff == '1' then redis.call('SADD', p .. ':orphans', gid) end
return 1
