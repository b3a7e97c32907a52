return { name = "broken", version = "0.1.0", api = 1 }
