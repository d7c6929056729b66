-- {view, id1, endpoint1, status1, ...}
local p = ARGV[1]
local out = { tonumber(redis.call('GET', p .. ':view') or '0') }
local st = redis.call('HGETALL', p .. ':status')
for i = 1, #st, 2 do
  table.insert(out, st[i])
  table.insert(out, redis.call('HGET', p .. ':silos', st[i]) or '')
  table.insert(out, st[i + 1])
end
return out
