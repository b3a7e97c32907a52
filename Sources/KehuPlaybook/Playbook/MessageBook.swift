import Foundation

/// Message templates per language, from `messages/<language>.txt` files: a `[name]` line
/// starts a template, `#` at the start of a line is a comment, `{var}` is filled in.
/// The playbook's own file comes first; what it lacks comes from the standard playbook's.
struct MessageBook: Sendable {
    /// Language → name → template, in lookup order (playbook first, then standard).
    private var layers: [[String: [String: String]]] = []

    init() {}

    /// Adds the templates of a playbook folder (a lower layer than those added before).
    mutating func add(folder: URL) throws {
        var layer: [String: [String: String]] = [:]
        let dir = folder.appendingPathComponent("messages")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".txt") {
            let language = String(file.dropLast(4))
            let url = dir.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw PlaybookError.invalid(folder: folder.path, "\(url.path) is not UTF-8 text")
            }
            layer[language] = try Self.parse(text, file: url.path)
        }
        layers.append(layer)
    }

    /// The template `name` in `language`, or nil.
    func template(_ name: String, language: String) -> String? {
        for layer in layers {
            if let t = layer[language]?[name] { return t }
        }
        return nil
    }

    static func parse(_ text: String, file: String) throws -> [String: String] {
        var out: [String: String] = [:]
        var name: String?
        var lines: [String] = []
        func flush() {
            guard let name else { return }
            while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
            out[name] = lines.joined(separator: "\n")
        }
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix("#") { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") && trimmed.count > 2 {
                flush()
                name = String(trimmed.dropFirst().dropLast())
                lines = []
                if out[name!] != nil {
                    throw PlaybookError.invalid(folder: file, "\(file):\(n + 1): template [\(name!)] defined twice")
                }
                continue
            }
            if name == nil {
                if trimmed.isEmpty { continue }
                throw PlaybookError.invalid(folder: file, "\(file):\(n + 1): text before the first [name] line")
            }
            if lines.isEmpty && trimmed.isEmpty { continue }
            lines.append(line)
        }
        flush()
        return out
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
