-- Conformance: the utf8 library with Chinese text, byte lengths versus
-- character counts, and invalid sequences.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02X ", c:byte()) end):gsub(" $", ""))
end

local text = "客户关系 dealer 经销商"

print("== lengths ==")
show("string.len", string.len(text), #text)
show("utf8.len", utf8.len(text))
show("utf8.len ranges", utf8.len(text, 1, 3), utf8.len(text, 4), utf8.len(text, -9))
show("utf8.len empty", utf8.len(""), utf8.len(text, #text + 1))
show("utf8.len ascii", utf8.len("dealer"), #"dealer")
show("len of each word", utf8.len("客户关系"), #"客户关系", utf8.len("经销商"), #"经销商")
show("len from continuation byte", utf8.len(text, 2))
show("len out of range", pcall(utf8.len, text, #text + 2))

print("== char / charpattern ==")
show("char", utf8.char(23458, 25143), utf8.char(72, 105), utf8.char())
show("char many", utf8.char(0x7ECF, 0x9500, 0x5546, 0x20, 0x41))
show("char hex bytes", hex(utf8.char(0x41, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF)))
show("char beyond unicode", hex(utf8.char(0x110000)), hex(utf8.char(0x7FFFFFFF)))
show("char bad", pcall(utf8.char, 0x80000000))
show("char negative", pcall(utf8.char, -1))
show("char float", utf8.char(65.0), pcall(utf8.char, 65.5))
show("charpattern bytes", hex(utf8.charpattern))
local chars = {}
for ch in text:gmatch(utf8.charpattern) do chars[#chars + 1] = ch end
show("gmatch charpattern", #chars, table.concat(chars, "/"))

print("== codepoint ==")
show("codepoint first", utf8.codepoint(text))
show("codepoint range", utf8.codepoint(text, 1, 7))
show("codepoint all", utf8.codepoint(text, 1, -1))
show("codepoint ascii", utf8.codepoint("A"), utf8.codepoint("dealer", 1, 3))
show("codepoint middle byte", pcall(utf8.codepoint, text, 2))
show("codepoint out of bounds", pcall(utf8.codepoint, text, 100))
show("codepoint empty range", select("#", utf8.codepoint(text, 4, 3)))
show("codepoint surrogate strict", pcall(utf8.codepoint, "\u{D800}"))
show("codepoint surrogate lax", utf8.codepoint("\u{D800}", 1, 1, true))

print("== codes ==")
local cps = {}
for pos, cp in utf8.codes(text) do cps[#cps + 1] = pos .. ":" .. string.format("U+%04X", cp) end
show("codes", table.concat(cps, " "))
local okc, errc = pcall(function()
  local n = 0
  for _, _ in utf8.codes("ok\xffbad") do n = n + 1 end
  return n
end)
show("codes invalid", okc, errc)
local lax = {}
for p, c in utf8.codes("a\u{DFFF}b", true) do lax[#lax + 1] = p .. "=" .. c end
show("codes lax", table.concat(lax, " "))

print("== offset ==")
show("offset n=1..4", utf8.offset(text, 1), utf8.offset(text, 2), utf8.offset(text, 3), utf8.offset(text, 4))
show("offset negative", utf8.offset(text, -1), utf8.offset(text, -3), utf8.offset(text, -100))
show("offset end", utf8.offset(text, utf8.len(text) + 1), utf8.offset(text, utf8.len(text) + 2))
show("offset 0 from middle", utf8.offset(text, 0, 2), utf8.offset(text, 0, 5))
show("offset with i", utf8.offset(text, 2, 4), utf8.offset(text, -1, 7))
show("offset continuation start", pcall(utf8.offset, text, 1, 2))
show("offset out of range", pcall(utf8.offset, text, 1, #text + 2))
-- substring by characters
local function usub(s, i, j)
  local a = utf8.offset(s, i)
  local b = utf8.offset(s, j + 1)
  return s:sub(a, b - 1)
end
show("usub 1..4", usub(text, 1, 4))
show("usub 13..15", usub(text, 13, 15))
show("usub 6..11", usub(text, 6, 11))

print("== invalid sequences ==")
local bad = {
  { "lone continuation", "abc\x80def" },
  { "truncated 3-byte", "ok\xe5\xae" },
  { "overlong 2-byte", "\xc0\xaf" },
  { "overlong 3-byte", "\xe0\x80\xaf" },
  { "ff byte", "x\xffy" },
  { "surrogate", "\xed\xa0\x80" },
  { "too large", "\xf4\x90\x80\x80" },
  { "5-byte", "\xf8\x88\x80\x80\x80" },
}
for _, case in ipairs(bad) do
  local n, pos = utf8.len(case[2])
  local laxn = utf8.len(case[2], 1, -1, true)
  print(string.format("%-18s len=%s pos=%s lax=%s", case[1], tostring(n), tostring(pos), tostring(laxn)))
end

print("== string functions on UTF-8 ==")
show("upper leaves CJK", ("经销商 dealer"):upper())
show("reverse bytes breaks text", utf8.len(("经销商"):reverse()))
local rev = {}
for _, c in utf8.codes("客户关系") do table.insert(rev, 1, utf8.char(c)) end
show("reverse by chars", table.concat(rev))
show("find CJK", text:find("经销商"), text:find("关系", 1, true))
show("gsub CJK", (text:gsub("经销商", "distributor")))
show("format %s width counts bytes", "[" .. string.format("%8s", "客户") .. "]")
show("escape \\u", "\u{5BA2}\u{6237}" == "客户", #"\u{10FFFF}", #"\u{7FFFFFFF}")
show("byte values", ("客"):byte(1, -1))
