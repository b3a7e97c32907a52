-- Conformance: Lua patterns through string.find/match/gmatch/gsub.
-- Deterministic: no addresses, no hash-order iteration.

local function show(label, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  print(label .. ": " .. table.concat(parts, " | "))
end

print("== find ==")
local s = "The quick brown fox jumps over the lazy dog 42 times."
show("find plain word", s:find("fox"))
show("find missing", s:find("cat"))
show("find init", s:find("the", 1), s:find("the", 10))
show("find negative init", s:find("o", -10))
show("find init past end", s:find("", 100), s:find("", #s + 1))
show("find captures", s:find("(%a+) (%a+)"))
show("find plain dot", ("a.b.c"):find(".", 1, true), ("a.b.c"):find("%."))
show("find plain special", ("x(1+2)"):find("(1+2)", 1, true))
show("find digits", s:find("%d+"))
show("find empty", ("abc"):find(""))
show("find anchored", s:find("^The"), s:find("^quick"))
show("find end anchor", s:find("times%.$"), s:find("dog$"))

print("== match ==")
show("match key=value", ("name = Kehu"):match("^(%w+)%s*=%s*(%w+)$"))
show("match no captures", ("hello world"):match("o w"))
show("match position captures", ("hello"):match("()ll()"))
show("match empty capture", ("abc"):match("()"))
show("match optional", ("color"):match("colou?r"), ("colour"):match("colou?r"))
show("match lazy vs greedy", ("<a><b>"):match("<(.-)>"), ("<a><b>"):match("<(.*)>"))
show("match balanced", ("f(a(b)c)d(e)"):match("%b()"))
show("match balanced custom", ("if [x [y] z] end"):match("%b[]"))
show("match frontier", ("THE (quick) fox"):match("%f[%a]%a+%f[%A]"))
show("match backref", ("say 'hi' or \"yo\""):match("([\"'])(.-)%1"))
show("match classes", ("  \t x1_Y!"):match("^%s*(%w)(%d)(_)(%u)(%p)$"))
show("match negated set", ("abc123def"):match("[^%a]+"))
show("match set range", ("zz-Q9"):match("[a-f%-]+"), ("hex: 0xBEEF"):match("0x(%x+)"))
show("match control", ("a\0b"):match("%z") == nil, ("a\0b"):match("%c") == "\0")
show("match init", ("aaa bbb"):match("%a+", 4), ("aaa bbb"):match("%a+", -3))
show("match dash at end", ("key-"):match("^(%w+)%-$"))
show("match %g", ("  visible  "):match("%g+"))
show("match numbers", ("-12.5e3"):match("^([+-]?)(%d+)%.?(%d*)[eE]?([+-]?%d*)$"))

print("== gmatch ==")
local words = {}
for w in ("one two  three\tfour"):gmatch("%a+") do words[#words + 1] = w end
show("words", table.unpack(words))
local pairs_out = {}
for k, v in ("a=1, b=22, c=333"):gmatch("(%w+)=(%w+)") do pairs_out[#pairs_out + 1] = k .. ":" .. v end
show("k=v", table.unpack(pairs_out))
local pos = {}
for p in ("banana"):gmatch("()a") do pos[#pos + 1] = p end
show("positions of a", table.unpack(pos))
local empties = {}
for m in ("abc"):gmatch("x*") do empties[#empties + 1] = "[" .. m .. "]" end
show("empty matches", #empties, table.concat(empties))
local anchored = {}
for m in ("aaa"):gmatch("^a") do anchored[#anchored + 1] = m end
show("gmatch with ^ is not an anchor", #anchored)
local carets = 0
for _ in ("a^a^"):gmatch("^a") do carets = carets + 1 end
show("gmatch ^ matches a literal caret", carets)
local it = ("x1y2"):gmatch("%a(%d)")
show("gmatch iterator calls", it(), it(), it())
local from = {}
for w in ("ab cd ef"):gmatch("%a+", 4) do from[#from + 1] = w end
show("gmatch init", table.unpack(from))

print("== gsub ==")
show("gsub string", ("hello world"):gsub("o", "0"))
show("gsub %1", ("hello world"):gsub("(%w+)", "<%1>"))
show("gsub %0", ("abc"):gsub("%w", "%0%0"))
show("gsub swap", ("first second"):gsub("(%w+) (%w+)", "%2 %1"))
show("gsub percent escape", ("50"):gsub("%d+", "%0%%"))
show("gsub max n", ("a a a a"):gsub("a", "b", 2))
show("gsub n=0", ("aaa"):gsub("a", "b", 0))
show("gsub empty pattern", ("abc"):gsub("", "-"))
show("gsub anchored", ("aaa"):gsub("^a", "b"))
local vars = { name = "Kehu", version = "1.0" }
show("gsub table", ("$name v$version $missing"):gsub("%$(%w+)", vars))
show("gsub function", ("1 2 3 4"):gsub("%d", function(d) return tonumber(d) * 10 end))
show("gsub function nil keeps", ("a b c"):gsub("%a", function(c) if c == "b" then return nil end return c:upper() end))
show("gsub function false keeps", ("abc"):gsub("b", function() return false end))
show("gsub position capture", ("abc"):gsub("()", "%1"))
show("gsub table with number", ("x y"):gsub("%a", { x = 1, y = 2.5 }))
show("gsub bad replacement type", pcall(string.gsub, "abc", "b", function() return {} end))
show("gsub bad %2", pcall(string.gsub, "abc", "(b)", "%2"))
show("gsub bad %x", pcall(string.gsub, "abc", "b", "%x"))
show("gsub trim", ("   padded text  "):gsub("^%s*(.-)%s*$", "%1"))
show("gsub frontier words", ("THE (quick) fox"):gsub("%f[%a]%a+", string.lower))
local lead, nlead = ("经销商"):gsub("[\128-\191]", "")
show("gsub utf8-ish bytes", nlead, lead:byte(1, -1))

print("== malformed patterns ==")
local bad = { "(", "%", "[a", "(()", "%b", "%f", "a)", "%1", "[%", "(%1)", "[]", "[^]" }
for _, p in ipairs(bad) do
  local ok, err = pcall(string.match, "abc", p)
  print(string.format("%-6s", p), ok, err)
end
print("find a) is plain (no specials)", pcall(string.find, "abc", "a)"))
print("find a) not plain", pcall(string.find, "abc", "a)."))
local ok, err = pcall(string.rep, "x", -1)
print("rep negative ok", ok, "[" .. tostring(err) .. "]")
-- too many captures
local many = ("(a)"):rep(40)
print("too many captures", pcall(string.find, ("a"):rep(40), many))
-- pattern too complex (deep recursion in matcher) is caught as an error
local okc, errc = pcall(string.match, ("a"):rep(300000), ("a?"):rep(300000) .. ("a"):rep(300000))
print("complex pattern", okc, errc)
