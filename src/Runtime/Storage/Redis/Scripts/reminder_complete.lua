local p, member, leased = ARGV[1], ARGV[2], tonumber(ARGV[3])
local score = redis.call('ZSCORE', p .. ':reminders', member)
if score and tonumber(score) == leased then
  redis.call('ZREM', p .. ':reminders', member)
  return 1
end
return 0
