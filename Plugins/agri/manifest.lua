-- The playbook's identity; every stored run records its name, version and content hash.
return {
  name = "agri",
  version = "1.0.0",
  api = 1,
  description = "A county agricultural-inputs dealer's playbook (seeds, fertiliser, pesticide on harvest credit): "
    .. "debt falls due after the harvest (orders of Feb–Jul on 12-31, of Aug–Jan on 07-31), loyalty counts seasons "
    .. "bought rather than months, strength weighs the season's growth and a farm's cultivated area, debt long past "
    .. "its harvest phases a client out and says so, and channel shops are called to stock up before planting.",
  author = "Kehu",
  permissions = {},
}
