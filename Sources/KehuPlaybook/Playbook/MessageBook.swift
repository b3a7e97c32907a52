import Foundation

/// Message templates per language, from `messages/<language>.txt` files: a `[name]` line
/// starts a template, `#` at the start of a line is a comment, `{var}` is filled in.
/// The playbook's own file comes first; what it lacks comes from the standard playbook's.
struct MessageBook: Sendable {
    /// Language → name → template, in lookup order (playbook first, then standard).
    private var layers: [[String: [String: String]]] = []

    init() {}

    /// Adds the templates of a playbook folder (a lower layer than those added before). A
    /// template defined twice, or text before the first name, stops a run; the other problems
    /// (an empty template, a `{` without `}`, which render as written) are `playbook check`'s.
    mutating func add(folder: URL) throws {
        if let first = try addReporting(folder: folder).first(where: \.fatal) {
            throw PlaybookError.invalid(folder: first.file, "\(first.file):\(first.line): \(first.message)")
        }
    }

    /// One thing wrong in a message file, where it is.
    struct Problem: Sendable, Equatable {
        var file: String
        var line: Int
        var message: String
        /// Whether a run refuses the file for it (besides `playbook check`).
        var fatal = false
    }

    /// Adds the templates of a playbook folder and returns every problem of its files (what
    /// `playbook check` reports); the templates that could be read are added all the same.
    @discardableResult
    mutating func addReporting(folder: URL) throws -> [Problem] {
        var layer: [String: [String: String]] = [:]
        var problems: [Problem] = []
        let dir = folder.appendingPathComponent("messages")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".txt") {
            let language = String(file.dropLast(4))
            let url = dir.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw PlaybookError.invalid(folder: folder.path, "\(url.path) is not UTF-8 text")
            }
            let (templates, found) = Self.parse(text, file: url.path)
            layer[language] = templates
            problems += found
        }
        layers.append(layer)
        return problems
    }

    /// The template `name` in `language`, or nil.
    func template(_ name: String, language: String) -> String? {
        for layer in layers {
            if let t = layer[language]?[name] { return t }
        }
        return nil
    }

    /// The templates of a file, and what is wrong in it: a header without its `]`, a name
    /// defined twice (the first is kept), an empty template, a `{` without its `}`.
    static func parse(_ text: String, file: String) -> ([String: String], [Problem]) {
        var out: [String: String] = [:]
        var problems: [Problem] = []
        var name: String?
        var start = 0
        var lines: [(Int, String)] = []
        func flush() {
            guard let name else { return }
            while let last = lines.last, last.1.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
            if lines.isEmpty { problems.append(Problem(file: file, line: start, message: "template [\(name)] is empty")) }
            for (n, line) in lines {
                if let col = unclosedBrace(line) {
                    problems.append(Problem(file: file, line: n, message: "'{' at column \(col) of [\(name)] has no '}' (write {{ for a brace)"))
                }
            }
            if out[name] == nil { out[name] = lines.map(\.1).joined(separator: "\n") }
        }
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix("#") { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") && trimmed.count > 2 {
                flush()
                let next = String(trimmed.dropFirst().dropLast())
                if out[next] != nil || next == name {
                    problems.append(Problem(file: file, line: n + 1, message: "template [\(next)] defined twice", fatal: true))
                }
                name = next
                start = n + 1
                lines = []
                continue
            }
            if trimmed.wholeMatch(of: /\[[^\]\[\s]+/) != nil {
                // Read on as the template it meant to start, so that its text is not glued onto the one before.
                problems.append(Problem(file: file, line: n + 1, message: "\(trimmed) has no closing ']' (a template's name is written [name])"))
                flush()
                name = String(trimmed.dropFirst())
                start = n + 1
                lines = []
                continue
            }
            if name == nil {
                if trimmed.isEmpty { continue }
                problems.append(Problem(file: file, line: n + 1, message: "text before the first [name] line", fatal: true))
                continue
            }
            if lines.isEmpty && trimmed.isEmpty { continue }
            lines.append((n + 1, line))
        }
        flush()
        return (out, problems.sorted { $0.line < $1.line })
    }

    /// The column of a `{` that no `}` closes (`{{` is a literal brace), or nil.
    static func unclosedBrace(_ line: String) -> Int? {
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            if chars[i] == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" { i += 2; continue }
                guard let close = chars[(i + 1)...].firstIndex(of: "}"), !chars[(i + 1)..<close].contains("{") else { return i + 1 }
                i = close + 1
                continue
            }
            i += 1
        }
        return nil
    }
}

/// `{name}` placeholders filled from a dictionary; `{{` and `}}` are literal braces.
enum Template {
    struct Missing: Error { var name: String }

    static func render(_ template: String, _ vars: [String: String]) throws(Missing) -> String {
        var out = ""
        var i = template.startIndex
        while i < template.endIndex {
            let ch = template[i]
            let next = template.index(after: i)
            if ch == "{" && next < template.endIndex && template[next] == "{" {
                out.append("{"); i = template.index(after: next); continue
            }
            if ch == "}" && next < template.endIndex && template[next] == "}" {
                out.append("}"); i = template.index(after: next); continue
            }
            if ch == "{", let close = template[next...].firstIndex(of: "}") {
                let name = String(template[next..<close])
                guard let value = vars[name] else { throw Missing(name: name) }
                out.append(value)
                i = template.index(after: close)
                continue
            }
            out.append(ch)
            i = next
        }
        return out
    }
}
