-- Fenced: only the owner at its epoch may set how long its keys outlive it. ttl <= 0 keeps them forever.
local p, gid, me, epoch, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local own = p .. ':own:' .. gid
local cur = redis.call('HMGET', own, 'owner', 'epoch')
if cur[1] ~= me or tonumber(cur[2]) ~= epoch then return -1 end
for _, key in ipairs({ own, p .. ':state:' .. gid, p .. ':ev:' .. gid }) do
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('PERSIST', key) end
end
return 1
