import Foundation

/// What a playbook calls its quadrants, follow-up kinds and resources, in one language: the
/// one-line templates `[quadrant.key]`, `[kind.birthday]`, `[resource.gifts]` of its message
/// files, and the standard playbook's for what it does not name. The host shows these names
/// (report, agenda, command tables) and holds none of its own.
public struct Names: Sendable {
    let book: MessageBook
    public let language: String

    /// The names of `playbook` (nil: the standard playbook) in `language`.
    /// - Throws: a message file that cannot be read (the same error a run of it would give).
    public static func of(_ playbook: Playbook?, language: String) throws -> Names {
        var book = MessageBook()
        if let playbook { try book.add(folder: playbook.folder) }
        let standard = try Playbook.standardFolder()
        if standard.standardizedFileURL != playbook?.folder.standardizedFileURL { try book.add(folder: standard) }
        return Names(book: book, language: language)
    }

    /// The name of `code` in `group` (`quadrant`, `kind`, `resource`), or nil when neither the
    /// playbook nor the standard names it.
    public func name(_ group: String, _ code: String) -> String? {
        guard let t = book.template("\(group).\(code)", language: language) else { return nil }
        let line = t.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return line.isEmpty ? nil : line
    }

    public func quadrant(_ code: String) -> String { name("quadrant", code) ?? code }
    public func kind(_ code: String) -> String { name("kind", code) ?? code }
    public func resource(_ code: String) -> String { name("resource", code) ?? code }
}
