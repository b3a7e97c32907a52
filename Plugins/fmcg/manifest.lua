return {
  name = "fmcg",
  version = "1.1.0",
  api = 1,
  description = "A fast-moving-consumer-goods distributor's playbook: strength weighs growth and sell-through "
    .. "(动销) over size, stricter quadrants, weekly store visits, and restock / slow-stock checks for channel "
    .. "clients that help them sell instead of pushing stock (控货, not 压货). Loyalty and allocation are the "
    .. "standard playbook's.",
  author = "a consultant",
  permissions = {},
}
