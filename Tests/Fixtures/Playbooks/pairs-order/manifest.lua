return { name = "pairs-order", version = "0.1.0", api = 1,
  description = "Sums weights and builds text with pairs: its results depend on the order pairs walks string keys." }
