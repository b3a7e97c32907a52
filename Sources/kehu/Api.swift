import Foundation
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
              kehu api --fill docs/playbooks.md      # remake the guide's field tables in place
            """
        )

        @Flag(help: "A lua-language-server ---@meta definition file.") var luals = false
        @Flag(help: "The reference as Markdown (the default).") var markdown = false
        @Option(help: ArgumentHelp("Remake the generated tables of a Markdown file (between its <!-- generated: … --> markers) in place.", valueName: "file"))
        var fill: String?

        func validate() throws {
            if [luals, markdown, fill != nil].filter({ $0 }).count > 1 { throw ValidationError("choose one of --luals, --markdown and --fill") }
        }

        func run() throws {
            if let fill {
                guard let text = try? String(contentsOfFile: fill, encoding: .utf8) else { throw ValidationError("cannot read \(fill)") }
                let filled = APIDocs.fill(text)
                if filled != text { try OutputFile.write(Data(filled.utf8), to: fill) }
                print(filled == text ? "\(fill) is up to date" : "remade the generated tables of \(fill)")
                return
            }
            print(luals ? APIDocs.luaLS() : APIDocs.markdown(), terminator: "")
        }
    }
}
