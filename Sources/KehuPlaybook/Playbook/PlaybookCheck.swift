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

    /// Checks a playbook folder: manifest, loading in the sandbox, hook shapes, templates for
    /// every message used in each language, unknown `kehu.` names, assignments to globals.
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
        do {
            let session = try PlaybookSession(playbook: playbook, asOf: Day(iso: "2026-01-01")!)
            _ = session
        } catch let e as PlaybookError {
            findings.append(Finding(severity: .error, location: folder.appendingPathComponent("init.lua").path, message: e.description))
        } catch {
            findings.append(Finding(severity: .error, location: folder.path, message: "\(error)"))
        }
        let known = Set(KehuAPI.functions.filter { !$0.isMethod }.map(\.name) + ["kehu.out", "kehu.api_version"])
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
            findings += globalAssignments(url)
        }
        return findings
    }

    /// Assignments to globals, from `luac5.4 -l` (SETTABUP on _ENV); none when luac is absent.
    static func globalAssignments(_ url: URL) -> [Finding] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["luac5.4", "-p", "-l", url.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return [] }
        let listing = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        var findings: [Finding] = []
        for line in listing.split(separator: "\n") where line.contains("SETTABUP") && line.contains("_ENV") {
            // e.g. "	3	[12]	SETTABUP 	0 0 1k	; _ENV "helper" 2"
            guard let lineNo = line.firstMatch(of: /\[(\d+)\]/)?.1, let name = line.firstMatch(of: /_ENV "([^"]+)"/)?.1 else { continue }
            findings.append(Finding(severity: .warning, location: "\(url.path):\(lineNo)",
                                    message: "assigns the global '\(name)' (make it local)"))
        }
        return findings
    }
}
