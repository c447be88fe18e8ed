-- SPDX-License-Identifier: GPL-2.0
-- What make bench has each built lua run: a little of each part of the
-- language and its libraries, so that a miscompiled object shows as
-- different output (integers and floats, strings and patterns, tables
-- and sorting, closures, coroutines, errors, utf8, string.pack).
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib(24)", fib(24))
print("integers", 7 // 2, 7 % -3, math.maxinteger, math.mininteger, 1 << 62, 0xff ~ 0x0f)
print("floats", 7 / 2, 2^0.5, math.pi, string.format("%.17g %a", 0.1, 1.5), math.floor(-3.5))
local words = {}
for word in ("the quick brown fox jumps over the lazy dog"):gmatch("%a+") do
	words[#words + 1] = word
end
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end)
print("sorted", table.concat(words, " "))
print("gsub", ("hello world"):gsub("o", "0"), ("x = 1, y = 22"):match("y = (%d+)"))
local counter = coroutine.wrap(function()
	for i = 1, 3 do coroutine.yield(i * i) end
end)
print("coroutine", counter(), counter(), counter())
local function adder(base) return function(n) base = base + n; return base end end
local add = adder(10)
add(5)
print("closure", add(7))
print("pcall", pcall(error, { code = 42 }), select(2, pcall(error, "boom", 0)))
print("utf8", utf8.char(72, 228, 8364, 128512), utf8.len("häé€"))
print("pack", string.unpack("<i4 z", string.pack("<i4 z", -2, "packed")))
local t = setmetatable({}, { __index = function(_, k) return k .. "!" end })
print("metatable", t.missing, rawget(t, "missing"))
local sum = 0
for i = 1, 200000 do sum = sum + i % 7 end
print("loop", sum)
