return { name = "one-hook", version = "0.1.0", api = 1, description = "Only a quadrant hook; the rest is the standard playbook's." }
