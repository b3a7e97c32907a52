import ArgumentParser
import KehuPlaybook

extension Kehu {
    struct Api: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the kehu Lua API: reference docs, or a LuaLS stub for editors.",
            discussion: """
            Both come from the one API registry. The checked-in copies are docs/lua-api.md and \
            docs/kehu.d.lua; a test fails when they drift from it.

            Examples:
              kehu api --luals > kehu.d.lua        # put it in your playbook's workspace (LuaLS)
              kehu api --markdown > docs/lua-api.md
            """
        )

        @Flag(help: "A lua-language-server ---@meta definition file.") var luals = false
        @Flag(help: "The reference as Markdown (the default).") var markdown = false

        func validate() throws {
            if luals && markdown { throw ValidationError("choose one of --luals and --markdown") }
        }

        func run() throws {
            print(luals ? APIDocs.luaLS() : APIDocs.markdown(), terminator: "")
        }
    }
}
