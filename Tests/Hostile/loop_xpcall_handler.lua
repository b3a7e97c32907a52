-- expect: instructions
-- limits: instructions=1000000
-- note: message handler re-entered with hooks disabled
-- what: infinite loop inside an xpcall message handler; when the budget error is raised from the count hook, Lua calls the handler again with hooks disabled (L->allowhook == 0), so a plain count hook alone never stops it
print(xpcall(function() error("first") end, function(m) while true do end end))
