import Foundation
import KehuCore
import LuaEngine

/// `kehu playbook check`: what is wrong with a playbook before it meets a dealer's data.
public enum PlaybookCheck {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public var severity: Severity
        /// `FILE:LINE` when known.
        public var location: String
        public var message: String
        public var description: String { "\(location): \(severity.rawValue): \(message)" }
    }

    /// Checks a playbook folder: manifest, loading in the sandbox, its hooks' results on
    /// synthetic clients (``PlaybookProbe``), templates for every message used in each
    /// language, unknown `kehu.` names, assignments to globals.
    public static func run(folder: URL) -> [Finding] {
        var findings: [Finding] = []
        let manifestPath = folder.appendingPathComponent("manifest.lua").path
        let playbook: Playbook
        do {
            playbook = try Playbook.load(folder: folder)
        } catch {
            return [Finding(severity: .error, location: manifestPath, message: "\(error)")]
        }
        if let shipped = Playbook.shippedFolder(named: playbook.name),
           shipped.resolvingSymlinksInPath().path != playbook.folder.resolvingSymlinksInPath().path {
            findings.append(Finding(severity: .error, location: manifestPath,
                message: "'\(playbook.name)' is the name of a playbook shipped with kehu, which no pack may replace; give yours a name of its own (kehu playbook new NAME --from \(playbook.name))"))
        }
        // Every Lua file compiles (a file no hook requires yet included), and where it assigns
        // globals; a file that does not compile is reported once, here, not again by the load.
        var compiled = true
        for file in Playbook.files(in: folder) where file.hasSuffix(".lua") {
            let listed = compile(folder.appendingPathComponent(file))
            if listed.contains(where: { $0.severity == .error }) { compiled = false }
            findings += listed
        }
        if compiled {
            do {
                let session = try PlaybookSession(playbook: playbook, asOf: Day(iso: "2026-01-01")!)
                let initFile = folder.appendingPathComponent("init.lua").path
                findings += PlaybookProbe.run(session).map { Finding(severity: .error, location: initFile, message: $0) }
            } catch let e as PlaybookError {
                findings.append(Finding(severity: .error, location: folder.appendingPathComponent("init.lua").path, message: e.description))
            } catch {
                findings.append(Finding(severity: .error, location: folder.path, message: "\(error)"))
            }
        }
        let known = Set(KehuAPI.functions.filter { !$0.isMethod }.map(\.name) + KehuAPI.values.map(\.name) + ["kehu.out"])
        var standardMessages = MessageBook()
        var ownMessages = MessageBook()
        if let std = try? Playbook.standardFolder() { try? standardMessages.add(folder: std) }
        do { try ownMessages.add(folder: folder) } catch {
            findings.append(Finding(severity: .error, location: folder.appendingPathComponent("messages").path, message: "\(error)"))
        }
        let languages = ["zh", "en"]
        for file in Playbook.files(in: folder) where file.hasSuffix(".lua") {
            let url = folder.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "--").first ?? ""
                for match in code.matches(of: /kehu\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)/) {
                    var name = "kehu." + match.1
                    if !known.contains(name), let dot = name.lastIndex(of: "."), known.contains(String(name[..<dot])) {
                        name = String(name[..<dot])
                    }
                    if !known.contains(name) {
                        findings.append(Finding(severity: .warning, location: "\(url.path):\(n + 1)",
                                                message: "unknown function \(name) (kehu api lists them)"))
                    }
                }
                for match in code.matches(of: /kehu\.message\(\s*"([^"]+)"\s*[,)]/) {
                    let name = String(match.1)
                    for language in languages where ownMessages.template(name, language: language) == nil
                        && standardMessages.template(name, language: language) == nil {
                        findings.append(Finding(severity: .error, location: "\(url.path):\(n + 1)",
                                                message: "message [\(name)] has no template in messages/\(language).txt"))
                    }
                }
            }
        }
        return findings
    }

    /// Whether the file compiles, and its assignments to globals, read from the chunk that
    /// the Lua kehu links compiles (nothing installed beside kehu is needed).
    static func compile(_ url: URL) -> [Finding] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return [Finding(severity: .error, location: url.path, message: "cannot be read")]
        }
        do {
            let listing = try ChunkListing(source: [UInt8](data), chunkName: "@f")
            return listing.globalAssignments.map {
                Finding(severity: .warning, location: "\(url.path):\($0.line)",
                        message: "assigns the global '\($0.name.escapedForTerminal)' (make it local)")
            }
        } catch let e as LuaError {
            // Lua's message starts with the chunk's name and the line ("f:3: 'end' expected"); the
            // name is short so that Lua does not cut it, and the file's path replaces it here.
            var message = e.message, location = url.path
            if message.hasPrefix("f:"), let colon = message.dropFirst(2).firstIndex(of: ":") {
                location = url.path + ":" + message[message.index(message.startIndex, offsetBy: 2)..<colon]
                message = String(message[message.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            }
            return [Finding(severity: .error, location: location, message: "does not compile: " + message.escapedForTerminal)]
        } catch {
            return [Finding(severity: .error, location: url.path, message: "does not compile: \(error)")]
        }
    }
}
