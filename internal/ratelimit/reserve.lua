-- Reserve one send slot.
-- KEYS[1]: the global schedule: the time (us) of the next free slot.
-- KEYS[2]: the chat: the earliest time (us) its next message may go.
-- ARGV[1]: spacing of global slots (us); ARGV[2]: spacing for this chat (us).
-- Returns {1, delay_us, slot_us} when a slot was taken, or {0, retry_after_us, 0}
-- when the chat would be sent to too soon (then nothing changes).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local slot_gap = tonumber(ARGV[1])
local chat_gap = tonumber(ARGV[2])
local next_slot = tonumber(redis.call('GET', KEYS[1]) or '0')
local chat_free = tonumber(redis.call('GET', KEYS[2]) or '0')

local slot = math.max(next_slot, now)
if chat_free > slot then
  return {0, chat_free - now, 0}
end
-- Keys expire once they no longer constrain anything.
redis.call('SET', KEYS[1], string.format('%.0f', slot + slot_gap),
  'PX', string.format('%.0f', math.ceil((slot + slot_gap - now) / 1000) + 1000))
redis.call('SET', KEYS[2], string.format('%.0f', slot + chat_gap),
  'PX', string.format('%.0f', math.ceil((slot + chat_gap - now) / 1000) + 1000))
return {1, slot - now, slot}
