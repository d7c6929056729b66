local p = ARGV[1]
local dead = {}
local st = redis.call('HGETALL', p .. ':status')
for i = 1, #st, 2 do
  if is_owner_status(st[i + 1]) and redis.call('EXISTS', p .. ':alive:' .. st[i]) == 0 then
    declare_dead(p, st[i])
    table.insert(dead, st[i])
  end
end
return dead
