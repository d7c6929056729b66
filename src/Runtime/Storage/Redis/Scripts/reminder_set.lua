local p, member, dueIn = ARGV[1], ARGV[2], tonumber(ARGV[3])
redis.call('ZADD', p .. ':reminders', now_ms() + dueIn, member)
return 1
