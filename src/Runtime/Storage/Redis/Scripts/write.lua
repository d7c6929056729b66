-- ARGV: p, gid, me, epoch, expectedVersion, mode ('set'|'clear'), data, maxlen,
--       nEvents, (stream, type, data) * nEvents, nIndex, (index, member, score, remove) * nIndex
-- Returns {1, newVersion}, {-1} when fenced, {-2, actualVersion} on a version conflict.
local p, gid, me, epoch, expected = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local mode, data, maxlen = ARGV[6], ARGV[7], ARGV[8]
if not is_owner_status(redis.call('HGET', p .. ':status', me)) then return { -1 } end
local cur = redis.call('HMGET', p .. ':own:' .. gid, 'owner', 'epoch')
if cur[1] ~= me or tonumber(cur[2]) ~= epoch then return { -1 } end
local sk = p .. ':state:' .. gid
local version = tonumber(redis.call('HGET', sk, 'version') or '0')
if version ~= expected then return { -2, version } end
local nextVersion = version + 1
if mode == 'clear' then
  redis.call('DEL', sk)
  nextVersion = 0
else
  redis.call('HSET', sk, 'version', nextVersion, 'epoch', epoch, 'data', data)
end
local i = 9
local nEvents = tonumber(ARGV[i]); i = i + 1
for _ = 1, nEvents do
  local stream, etype, edata = ARGV[i], ARGV[i + 1], ARGV[i + 2]; i = i + 3
  local id = redis.call('XADD', p .. ':ev:' .. stream, 'MAXLEN', '~', maxlen, '*', 'type', etype, 'data', edata)
  redis.call('PUBLISH', p .. ':evn:' .. stream, id)
end
local nIndex = tonumber(ARGV[i]); i = i + 1
for _ = 1, nIndex do
  local index, member, score, remove = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]; i = i + 4
  if remove == '1' then
    redis.call('ZREM', p .. ':idx:' .. index, member)
  else
    redis.call('ZADD', p .. ':idx:' .. index, score, member)
  end
end
return { 1, nextVersion }
