-- A playbook that implements one hook: everyone lands in "watch".
return {
  quadrant = function(loyalty, strength, c)
    return "watch"
  end,
}
