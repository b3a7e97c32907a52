-- Conformance: string.pack / string.unpack / string.packsize.
-- Packed bytes are printed as hex so the output stays readable text.
-- Native-dependent formats ("=", "!" without size, "i"/"l"/"T" sizes) are only
-- compared between two runs on the same machine, which is what this test does.

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

local function roundtrip(fmt, ...)
  local packed = string.pack(fmt, ...)
  local back = table.pack(string.unpack(fmt, packed))
  local parts = {}
  for i = 1, back.n do
    local v = back[i]
    parts[i] = type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  print(string.format("%-12s size=%-3d hex=%s", fmt, #packed, hex(packed)))
  print(string.format("%-12s back=%s", "", table.concat(parts, ", ")))
end

print("== signed integers, little and big endian ==")
for _, n in ipairs({ 1, 2, 3, 4, 5, 6, 7, 8 }) do
  roundtrip("<i" .. n, -2)
  roundtrip(">i" .. n, 1)
end
roundtrip("<i16", -3)
roundtrip(">I16", 258)

print("== unsigned and limits ==")
roundtrip("<I1", 255)
roundtrip("<I2", 65535)
roundtrip(">I3", 0x123456)
roundtrip("<j", math.mininteger)
roundtrip(">J", -1)
roundtrip("<i8", math.maxinteger)
show("i1 overflow", pcall(string.pack, "i1", 128))
show("i1 underflow", pcall(string.pack, "i1", -129))
show("I1 overflow", pcall(string.pack, "I1", 256))
show("I1 negative", pcall(string.pack, "I1", -1))
show("I8 negative wraps", hex(string.pack("<I8", -1)))
show("i17 bad size", pcall(string.pack, "i17", 1))
show("i0 bad size", pcall(string.pack, "i0", 1))
show("unpack i9 fits", string.unpack("<i9", string.pack("<i9", -5)))
show("unpack I9 too big", pcall(string.unpack, "<I9", ("\255"):rep(9)))
show("float arg to int", hex(string.pack("<i4", 3.0)))
show("fractional float to int", pcall(string.pack, "<i4", 3.5))
show("string arg to int", hex(string.pack("<i2", "258")))

print("== native sizes (same-machine comparison) ==")
show("packsize b h i l j T", string.packsize("b"), string.packsize("h"), string.packsize("i"),
  string.packsize("l"), string.packsize("j"), string.packsize("T"))
show("packsize f d n", string.packsize("f"), string.packsize("d"), string.packsize("n"))
roundtrip("=i", 100)
roundtrip("<b B h H", -1, 255, -300, 60000)

print("== floats ==")
roundtrip("<d", 1.5)
roundtrip(">d", -0.1)
roundtrip("<f", 0.25)
roundtrip(">f", 1 / 3)
roundtrip("<n", math.pi)
roundtrip(">d", math.huge)
roundtrip("<d", -math.huge)
roundtrip("<d", -0.0)
roundtrip("<d", 2^-1074)
show("int as float", string.unpack("<d", string.pack("<d", 7)), math.type((string.unpack("<d", string.pack("<d", 7)))))
show("float nan roundtrip", (function() local v = string.unpack("<d", string.pack("<d", 0/0)) return v ~= v end)())

print("== strings ==")
roundtrip("<s1", "hello")
roundtrip(">s2", "Kehu")
roundtrip("<s4", "")
roundtrip("<s", "abc")
roundtrip("z", "zero-terminated")
roundtrip("z z", "a", "bc")
roundtrip("c5", "abc")
roundtrip("c3", "abc")
show("c too long", pcall(string.pack, "c2", "abc"))
show("c missing size", pcall(string.pack, "c", "abc"))
show("z with embedded zero", pcall(string.pack, "z", "a\0b"))
show("s1 too long", pcall(string.pack, "s1", ("x"):rep(256)))
show("s1 max ok", #string.pack("s1", ("x"):rep(255)))
show("unpack z unfinished", pcall(string.unpack, "z", "abc"))
show("unpack s short", pcall(string.unpack, "<s1", "\5ab"))
show("utf8 s1", hex(string.pack("s1", "客户")))

print("== padding and alignment ==")
roundtrip("<i1 x i2", 1, 2)
roundtrip("<!4 i1 i4", 1, 2)
roundtrip("<!8 i1 d", 1, 2.5)
roundtrip("<!2 i1 i8", 1, 2)
roundtrip("<i1 Xi4 i4", 1, 2)
roundtrip(">!4 b Xi4", 7)
show("packsize !4 i1 i4", string.packsize("!4 i1 i4"))
show("packsize !8 i1 i2 i4 i8", string.packsize("!8 i1 i2 i4 i8"))
show("packsize i3 x x", string.packsize("i3 x x"))
show("packsize variable", pcall(string.packsize, "s1"))
show("packsize z", pcall(string.packsize, "z"))
show("bad alignment", pcall(string.pack, "!3 i1 i4", 1, 2))
show("X with no option", pcall(string.pack, "X", 1))
show("invalid option", pcall(string.pack, "y", 1))

print("== mixed records and positions ==")
local rec = string.pack("<I2 s1 d z B", 513, "dealer", 12.75, "经销商", 9)
show("record hex", hex(rec))
show("record size", #rec)
local a, b, c, d, e, nextpos = string.unpack("<I2 s1 d z B", rec)
show("record back", a, b, c, d, e, nextpos)
show("unpack with init", string.unpack("<I2", rec, 3))
show("unpack negative init", string.unpack("B", rec, -1))
show("unpack init out of range", pcall(string.unpack, "B", rec, #rec + 2))
show("unpack data too short", pcall(string.unpack, "<i4", "\1\2"))
show("unpack empty format", string.unpack("", "abc", 2))
-- several values in sequence
local stream = string.pack(">i2 i2 i2", 10, -20, 30)
local pos, out = 1, {}
while pos <= #stream do
  local v
  v, pos = string.unpack(">i2", stream, pos)
  out[#out + 1] = v
end
show("stream", table.unpack(out))
show("spaces ignored", hex(string.pack(" < i2   i2 ", 1, 2)))
show("endianness switch", hex(string.pack("<i2 >i2", 1, 1)))
