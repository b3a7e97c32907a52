return {
  name = "standard",
  version = "1.2.0",
  api = 1,
  description = "The dealer's doctrine as code: loyalty from tenure, ordering rhythm, payment discipline, "
    .. "relationship stage and complaint handling (never from wining and dining); strength from sales, "
    .. "growth, ABC class and the client file; loyalty × strength quadrants with the budget spent accordingly; "
    .. "follow-ups for each kind of client, special days, payments, credit discipline, complaint standards, "
    .. "reactivation and moving a relationship to its next stage.",
  author = "Kehu",
  permissions = {},
}
