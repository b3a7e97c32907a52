import Foundation
import GRDB

/// The few writes a person's script may make (with `kehu run --allow-write`): tags, notes,
/// interactions. Each checks its input and says what is wrong; the caller's transaction makes
/// a script's writes land together or not at all.
public enum ClientEdits {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    static func id(_ db: Database, _ code: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM client WHERE code = ?", arguments: [code]) else {
            throw Problem(description: "no client with code \(code)")
        }
        return id
    }

    /// Adds a tag (no change if the client has it already). Returns whether it was added.
    @discardableResult
    public static func tag(_ connection: StoreConnection, code: String, _ tag: String) throws -> Bool {
        let db = connection.db
        let clean = tag.trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty, !clean.contains(";") else { throw Problem(description: "a tag is a non-empty word without ';', found \"\(tag)\"") }
        let id = try id(db, code)
        let tags = try String.fetchOne(db, sql: "SELECT tags FROM client WHERE id = ?", arguments: [id]) ?? ""
        var list = tags.split(separator: ";").map(String.init)
        guard !list.contains(clean) else { return false }
        list.append(clean)
        try db.execute(sql: "UPDATE client SET tags = ? WHERE id = ?", arguments: [list.joined(separator: ";"), id])
        return true
    }

    /// Removes a tag. Returns whether the client had it.
    @discardableResult
    public static func untag(_ connection: StoreConnection, code: String, _ tag: String) throws -> Bool {
        let db = connection.db
        let id = try id(db, code)
        let tags = try String.fetchOne(db, sql: "SELECT tags FROM client WHERE id = ?", arguments: [id]) ?? ""
        var list = tags.split(separator: ";").map(String.init)
        guard let i = list.firstIndex(of: tag.trimmingCharacters(in: .whitespaces)) else { return false }
        list.remove(at: i)
        try db.execute(sql: "UPDATE client SET tags = ? WHERE id = ?", arguments: [list.joined(separator: ";"), id])
        return true
    }

    /// Records an interaction (a visit, a call, a complaint, …). Amounts are fen.
    public static func addInteraction(_ connection: StoreConnection, code: String, date: String, kind: String, contact: String?,
                                      cost: Int64, summary: String) throws {
        let db = connection.db
        let id = try id(db, code)
        guard let day = Day(iso: date) else { throw Problem(description: "expected a date like 2026-11-25, found \"\(date.escapedForTerminal)\"") }
        guard Day.supported.contains(day) else {
            throw Problem(description: "expected a date from \(Day.supported.lowerBound) to \(Day.supported.upperBound), found \(day)")
        }
        guard let k = try? InteractionKind(parsing: kind) else {
            throw Problem(description: "expected an interaction kind (\(InteractionKind.allCases.map(\.rawValue).joined(separator: ", "))), found \"\(kind)\"")
        }
        guard cost >= 0 else { throw Problem(description: "a cost is zero or more") }
        var contactId: Int64?
        if let contact, !contact.isEmpty {
            contactId = try Int64.fetchOne(db, sql: "SELECT id FROM contact WHERE client_id = ? AND name = ?", arguments: [id, contact])
            if contactId == nil { throw Problem(description: "client \(code) has no contact named \(contact)") }
        }
        try db.execute(sql: """
            INSERT INTO interaction (client_id, date, kind, contact_id, cost, summary) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [id, date, k.rawValue, contactId, cost, summary])
    }

    /// Appends a dated note to the client's free attributes (`attributes.notes`).
    public static func addNote(_ connection: StoreConnection, code: String, date: String, text: String) throws {
        let db = connection.db
        let id = try id(db, code)
        guard !text.isEmpty else { throw Problem(description: "a note needs some text") }
        guard let day = Day(iso: date), Day.supported.contains(day) else {
            throw Problem(description: "expected a date from \(Day.supported.lowerBound) to \(Day.supported.upperBound) like 2026-11-25, found \"\(date.escapedForTerminal)\"")
        }
        let json = try String.fetchOne(db, sql: "SELECT attributes FROM client WHERE id = ?", arguments: [id]) ?? "{}"
        // Never replace what is there: attributes that are not an object, or notes that are not a
        // list, are an error for a person to look at.
        guard let attributes0 = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            throw Problem(description: "client \(code)'s attributes are not a JSON object; fix them before adding notes")
        }
        var attributes = attributes0
        var notes: [[String: Any]] = []
        if let existing = attributes["notes"] {
            guard let list = existing as? [[String: Any]] else {
                throw Problem(description: "client \(code)'s attributes.notes is not a list of notes; fix it before adding one")
            }
            notes = list
        }
        notes.append(["date": date, "text": text])
        attributes["notes"] = notes
        let data = try JSONSerialization.data(withJSONObject: attributes, options: [.sortedKeys, .withoutEscapingSlashes])
        try db.execute(sql: "UPDATE client SET attributes = ? WHERE id = ?", arguments: [String(decoding: data, as: UTF8.self), id])
    }

    /// Sets one of the client's free attributes to a JSON value, replacing what it was (`json`
    /// nil removes it). The notes are kehu.note's: a name of `notes` is refused.
    public static func setAttribute(_ connection: StoreConnection, code: String, name: String, json: String?) throws {
        let db = connection.db
        let id = try id(db, code)
        guard !name.isEmpty, name.count <= 64 else { throw Problem(description: "an attribute's name is 1 to 64 characters") }
        guard name != "notes" else { throw Problem(description: "attributes.notes are kept by kehu.note; give this attribute another name") }
        let stored = try String.fetchOne(db, sql: "SELECT attributes FROM client WHERE id = ?", arguments: [id]) ?? "{}"
        // What is stored was written by kehu as a JSON object; anything else was written behind
        // its back and is said, with why, rather than overwritten.
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(stored.utf8)) } catch {
            throw Problem(description: "client \(code)'s stored attributes are not JSON (\(error)); fix them before setting one")
        }
        guard var attributes = parsed as? [String: Any] else {
            throw Problem(description: "client \(code)'s stored attributes are JSON but not an object; fix them before setting one")
        }
        if let json {
            do { attributes[name] = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) } catch {
                throw Problem(description: "the value of attributes.\(name) cannot be stored as JSON: \(error)")
            }
        } else {
            attributes.removeValue(forKey: name)
        }
        let data = try JSONSerialization.data(withJSONObject: attributes, options: [.sortedKeys, .withoutEscapingSlashes])
        try db.execute(sql: "UPDATE client SET attributes = ? WHERE id = ?", arguments: [String(decoding: data, as: UTF8.self), id])
    }

    /// Empties the database of its data — clients with everything that hangs off them, and
    /// runs — keeping the installed playbooks (a playbook test's fixture starts from this).
    public static func removeEverything(_ connection: StoreConnection) throws {
        for table in ["client", "run"] { try connection.db.execute(sql: "DELETE FROM \(table)") }  // the rest cascades
    }
}
