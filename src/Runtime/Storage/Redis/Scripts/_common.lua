-- Shared by every script. p = key prefix. Time comes from Redis, never from a silo's clock.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function is_owner_status(s)
  return s == 'active' or s == 'leaving'
end

-- A silo is gone (status given): its grains become orphans for live silos to re-activate.
local function retire(p, id, status)
  redis.call('HSET', p .. ':status', id, status)
  redis.call('ZADD', p .. ':defunct', now_ms(), id)
  local owned = p .. ':grains:' .. id
  if redis.call('EXISTS', owned) == 1 then
    redis.call('SUNIONSTORE', p .. ':orphans', p .. ':orphans', owned)
    redis.call('DEL', owned)
  end
  redis.call('DEL', p .. ':alive:' .. id)
  return redis.call('INCR', p .. ':view')
end

-- Marks a silo dead, hands its grains to the orphan set and bumps the view.
local function declare_dead(p, id)
  if not is_owner_status(redis.call('HGET', p .. ':status', id)) then return 0 end
  retire(p, id, 'dead')
  return 1
end
