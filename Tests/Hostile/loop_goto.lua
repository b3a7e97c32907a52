-- expect: time
-- limits: timeout=1s
-- what: endless loop built from goto instead of a loop statement
::top::
goto top
