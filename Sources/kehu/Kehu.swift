import ArgumentParser

@main
struct Kehu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kehu",
        abstract: "A dealer's customer-relationship engine with its policy in Lua.",
        discussion: """
        Kehu keeps a dealer's clients, orders, payments and interactions, and runs Lua \
        playbooks that score, plan and draft follow-ups.

        Examples:
          kehu run script.lua arg1 arg2
          kehu run -e 'print(_VERSION)'
        """,
        version: "0.1.0",
        subcommands: [Init.self, Gen.self, Import.self, Export.self, Clients.self, Client.self, Run.self]
    )
}
