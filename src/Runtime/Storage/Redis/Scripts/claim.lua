-- Returns {1, epoch, version, data} when won (the state comes along: an activation needs it next),
-- {0, epoch, owner} when a live silo owns it, {-1} when the claimer is not active.
local p, gid, me = ARGV[1], ARGV[2], ARGV[3]
if redis.call('HGET', p .. ':status', me) ~= 'active' then return { -1 } end
local own = p .. ':own:' .. gid
local cur = redis.call('HMGET', own, 'owner', 'epoch')
local owner, epoch = cur[1], tonumber(cur[2] or '0')
-- An owner that is still a member keeps its grain even if its lease lapsed: only the membership monitor
-- declares deaths (after a Redis stall every lease lapses at once, and nobody must be killed for that).
if owner and owner ~= me then
  if is_owner_status(redis.call('HGET', p .. ':status', owner)) then return { 0, epoch, owner } end
  redis.call('SREM', p .. ':grains:' .. owner, gid)
end
local state = redis.call('HMGET', p .. ':state:' .. gid, 'epoch', 'version', 'data')
local stateEpoch = tonumber(state[1] or '0')
local nextEpoch = math.max(epoch, stateEpoch) + 1
redis.call('HSET', own, 'owner', me, 'epoch', nextEpoch)
redis.call('SADD', p .. ':grains:' .. me, gid)
redis.call('SREM', p .. ':orphans', gid)
return { 1, nextEpoch, tonumber(state[2] or '0'), state[3] or '' }
