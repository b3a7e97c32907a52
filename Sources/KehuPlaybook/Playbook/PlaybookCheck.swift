import Foundation
import KehuCore
import LuaEngine

/// `kehu playbook check`: what is wrong with a playbook before it meets a dealer's data.
public enum PlaybookCheck {
    public struct Finding: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public var severity: Severity
        /// `FILE:LINE` when known.
        public var location: String
        public var message: String
        public var description: String { "\(location): \(severity.rawValue): \(message)" }
    }

    /// Checks a playbook folder: manifest, loading in the sandbox, the keys `init.lua` returns,
    /// its changes to the standard's settings, its hooks' results on synthetic clients
    /// (``PlaybookProbe``), reads of undefined globals, calls of functions `kehu` does not
    /// have, the message files, templates for every message used in each language, and
    /// assignments to globals.
    /// - Parameters:
    ///   - database: a dealer's database: the hooks are also tried on a sample of its active
    ///     clients, as of `asOf` (the CLI passes today when not told).
    ///   - sample: how many of its clients at most.
    public static func run(folder: URL, database: KehuDatabase? = nil, asOf: Day? = nil, sample: Int = 200) -> [Finding] {
        var findings: [Finding] = []
        let manifestPath = folder.appendingPathComponent("manifest.lua").path
        let initFile = folder.appendingPathComponent("init.lua").path
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
        // and reads globals; a file that does not compile is reported once, here, not again by the load.
        var listings: [(file: String, url: URL, listing: ChunkListing)] = []
        var compiled = true
        for file in Playbook.files(in: folder) where file.hasSuffix(".lua") {
            let url = folder.appendingPathComponent(file)
            switch listing(url) {
            case .success(let l):
                listings.append((file, url, l))
                findings += l.globalAssignments.map {
                    Finding(severity: .warning, location: "\(url.path):\($0.line)", message: "assigns the global '\($0.name.escapedForTerminal)' (make it local)")
                }
            case .failure(let f):
                compiled = false
                findings.append(f)
            }
        }
        var session: PlaybookSession?
        if compiled {
            do {
                let s = try PlaybookSession(playbook: playbook, asOf: Day(iso: "2026-01-01")!, lenientMessages: true)
                session = s
                findings += returnedKeys(s, file: initFile)
                findings += settingsChanges(s, file: initFile)
                findings += PlaybookProbe.run(s).map { Finding(severity: .error, location: initFile, message: $0) }
                if let database {
                    let onData = try PlaybookSession(playbook: playbook, asOf: asOf ?? Day(iso: "2026-01-01")!, lenientMessages: true)
                    findings += PlaybookProbe.sample(database, onData, count: sample).map { Finding(severity: .error, location: initFile, message: $0) }
                }
            } catch let e as PlaybookError {
                findings.append(Finding(severity: .error, location: initFile, message: e.description))
            } catch {
                findings.append(Finding(severity: .error, location: folder.path, message: "\(error)"))
            }
        }
        findings += undefinedGlobals(listings, session: session)
        let kehuNames = KehuAPI.functions.filter { !$0.isMethod }.map(\.name) + KehuAPI.values.map(\.name) + ["kehu.out"]
        let known = Set(kehuNames)
        var standardMessages = MessageBook()
        var ownMessages = MessageBook()
        if let std = try? Playbook.standardFolder() { try? standardMessages.add(folder: std) }
        do {
            findings += try ownMessages.addReporting(folder: folder).map {
                Finding(severity: .error, location: "\($0.file):\($0.line)", message: $0.message)
            }
        } catch {
            findings.append(Finding(severity: .error, location: folder.appendingPathComponent("messages").path, message: "\(error)"))
        }
        let languages = ["zh", "en"]
        for (_, url, _) in listings {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "--").first ?? ""
                for match in code.matches(of: /kehu\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)/) {
                    var name = "kehu." + match.1
                    if !known.contains(name), let dot = name.lastIndex(of: "."), known.contains(String(name[..<dot])) {
                        name = String(name[..<dot])
                    }
                    if !known.contains(name) {
                        // The kehu table is read-only: a name it lacks can never be called.
                        findings.append(Finding(severity: .error, location: "\(url.path):\(n + 1)",
                                                message: "kehu has no \(name)\(suggestion(name, among: kehuNames)) (kehu api lists what it has)"))
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

    /// The keys `init.lua` returns: a hook or a setting the registry declares; a key close to
    /// one is a typo that would let the standard's hook run silently, and a value kehu does not
    /// read is an error too. A function far from every hook's name is the playbook's own export
    /// (for other playbooks that require it), which kehu leaves alone.
    static func returnedKeys(_ session: PlaybookSession, file: String) -> [Finding] {
        let hooks = HookSpecs.all.map(\.name)
        let declared = hooks + HookSpecs.settings.map(\.name)
        return session.returnedKeys.compactMap { key, type in
            guard !declared.contains(key) else { return nil }
            let near = nearest(key, among: declared)
            if let near {
                let instead = hooks.contains(near) ? " (the standard's \(near) would run in its place)" : ""
                return Finding(severity: .error, location: file, message: "init.lua returns '\(key.escapedForTerminal)', which kehu does not read — did you mean '\(near)'?\(instead)")
            }
            if type == "function" { return nil }
            return Finding(severity: .error, location: file,
                           message: "init.lua returns '\(key.escapedForTerminal)' (a \(type)), which kehu does not read — it reads the hooks \(hooks.joined(separator: ", ")) and \(HookSpecs.settings.map(\.name).joined(separator: ", "))")
        }
    }

    /// The standard's settings as this playbook leaves them, against the standard's own: a
    /// value of another type, or a name the standard does not have, is a mistake.
    static func settingsChanges(_ session: PlaybookSession, file: String) -> [Finding] {
        guard session.playbook.folder != session.standard.folder else { return [] }
        let mine: LuaTable, theirs: LuaTable
        do {
            let pristine = try PlaybookSession(asOf: session.runtime.asOf)
            let read = "local s = require('standard').settings; assert(type(s) == 'table', 'the standard playbook has no settings table'); return s"
            mine = try session.run(read, chunkName: "=check").first?.tableValue ?? LuaTable()
            theirs = try pristine.run(read, chunkName: "=check").first?.tableValue ?? LuaTable()
        } catch {
            // Not compared is said, never passed over.
            return [Finding(severity: .error, location: file, message: "cannot compare this playbook's settings with the standard's: \(error)")]
        }
        var out: [Finding] = []
        func compare(_ a: LuaTable, _ b: LuaTable, _ path: String) {
            let names = b.hash.keys.compactMap(\.stringValue)
            for (k, v) in a.hash.sorted(by: { $0.key.description < $1.key.description }) {
                let name = path + k.description
                let standard = b[k]
                if case .nil = standard {
                    out.append(Finding(severity: .error, location: file,
                        message: "settings.\(name.escapedForTerminal) is not one of the standard's settings\(suggestion(k.description, among: names))"))
                    continue
                }
                if case .table(let x) = v, case .table(let y) = standard { compare(x, y, name + "."); continue }
                if v.typeName != standard.typeName {
                    out.append(Finding(severity: .error, location: file,
                        message: "settings.\(name.escapedForTerminal) is \(v.typeName == "string" ? "the string \"\(v.description.escapedForTerminal)\"" : "a " + v.typeName); the standard's is a \(standard.typeName) (\(standard.description.escapedForTerminal))"))
                }
            }
        }
        compare(mine, theirs, "")
        return out
    }

    /// Reads of globals that nothing defines: not the sandbox's, not `kehu`, not a global a
    /// file of the playbook assigns, and in `tests/` not the test globals. Often a misspelt
    /// local, which would fail only when that line runs.
    static func undefinedGlobals(_ listings: [(file: String, url: URL, listing: ChunkListing)], session: PlaybookSession?) -> [Finding] {
        let assigned = Set(listings.flatMap { $0.listing.globalAssignments.map(\.name) })
        let read = Array(Set(listings.flatMap { $0.listing.globalReads.map(\.name) })).sorted()
        // What a misspelt name may have meant: the sandbox's globals too, read or not.
        let known = SandboxRules.globals + SandboxRules.guarded + ["kehu", "string", "table", "math", "utf8", "os", "coroutine"]
        var out: [Finding] = []
        let defined: Set<String>
        if let session {
            do { defined = try session.globalsDefined(read) } catch {
                return [Finding(severity: .error, location: session.playbook.folder.path, message: "cannot tell which globals the sandbox defines: \(error)")]
            }
        } else {
            // The playbook did not load (reported already): the sandbox's own names.
            defined = Set(known)
        }
        let testGlobals = Set(KehuAPI.testGlobals.map { String($0.name.split(separator: ".")[0]) } + ["playbook"])
        for (file, url, listing) in listings {
            let isTest = file.hasPrefix("tests/")
            var seen: Set<String> = []
            for r in listing.globalReads where !assigned.contains(r.name) && !defined.contains(r.name) && !(isTest && testGlobals.contains(r.name)) {
                guard seen.insert("\(r.line) \(r.name)").inserted else { continue }
                let candidates = Array(listing.localNames) + Array(defined) + Array(assigned) + known
                out.append(Finding(severity: .error, location: "\(url.path):\(r.line)",
                    message: "reads the global '\(r.name.escapedForTerminal)', which nothing defines\(suggestion(r.name, among: candidates))"))
            }
        }
        return out
    }

    /// ` — did you mean 'x'?` for the nearest of `names`, when one is close.
    static func suggestion(_ name: String, among names: [String]) -> String {
        nearest(name, among: names).map { " — did you mean '\($0)'?" } ?? ""
    }

    /// The name closest to `name` by edit distance, when it is close (a third of its length).
    public static func nearest(_ name: String, among names: [String]) -> String? {
        let limit = max(1, name.count / 3)
        return names.map { ($0, distance(name, $0)) }.filter { $0.1 <= limit && $0.0 != name }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Levenshtein distance, by characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// The file's listing (what it assigns and reads), or why it does not compile; compiled by
    /// the Lua kehu links (nothing installed beside kehu is needed).
    static func listing(_ url: URL) -> Result<ChunkListing, Finding> {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(Finding(severity: .error, location: url.path, message: "cannot be read"))
        }
        do {
            return .success(try ChunkListing(source: [UInt8](data), chunkName: "@f"))
        } catch let e as LuaError {
            // Lua's message starts with the chunk's name and the line ("f:3: 'end' expected"); the
            // name is short so that Lua does not cut it, and the file's path replaces it here.
            var message = e.message, location = url.path
            if message.hasPrefix("f:"), let colon = message.dropFirst(2).firstIndex(of: ":") {
                location = url.path + ":" + message[message.index(message.startIndex, offsetBy: 2)..<colon]
                message = String(message[message.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            }
            return .failure(Finding(severity: .error, location: location, message: "does not compile: " + message.escapedForTerminal))
        } catch {
            return .failure(Finding(severity: .error, location: url.path, message: "does not compile: \(error)"))
        }
    }
}
