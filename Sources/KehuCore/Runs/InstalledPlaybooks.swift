import Foundation
import GRDB

/// A playbook version installed in the dealer's database.
public struct InstalledPlaybook: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var version: String
    public var hash: String
    public var description: String
    public var installedAt: String
    public var installedBy: String
    /// Whether it is the version runs use when no `--playbook` is given.
    public var active: Bool

    public var label: String { "\(name)@\(version)" }
}

/// One entry of the activation history: who made which version active, when, and how.
public struct PlaybookActivation: Sendable, Equatable {
    public var playbook: String
    public var action: String
    public var at: String
    public var by: String
    public var undone: Bool
}

/// The playbooks installed in a dealer's database and which one is active. Knows nothing of
/// Lua: the pack is stored as the bytes that were checked when it was installed.
public enum InstalledPlaybooks {
    public enum Outcome: Sendable, Equatable {
        case installed(InstalledPlaybook)
        /// The same name, version and content were installed already.
        case alreadyInstalled(InstalledPlaybook)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// Stores a checked pack. The same name and version with other content is refused: a
    /// changed playbook needs a new version, so that runs name what they used.
    public static func install(_ connection: StoreConnection, name: String, version: String, hash: String, description: String,
                               pack: Data, by: String) throws -> Outcome {
        let db = connection.db
        if let existing = try list(connection).first(where: { $0.name == name && $0.version == version }) {
            guard existing.hash == hash else {
                throw KehuError.invalid("\(name)@\(version) is installed already with other content (\(existing.hash.prefix(12)), this one \(hash.prefix(12))) — give the changed playbook a new version in its manifest.lua")
            }
            return .alreadyInstalled(existing)
        }
        try db.execute(sql: """
            INSERT INTO playbook_version (name, version, hash, description, pack, installed_at, installed_by)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [name, version, hash, description, pack, now(), by])
        let id = db.lastInsertedRowID
        return .installed(try list(connection).first { $0.id == id }!)
    }

    /// Every installed version, by name and then installation order.
    public static func list(_ connection: StoreConnection) throws -> [InstalledPlaybook] {
        let db = connection.db
        let active = try activeId(db)
        return try Row.fetchAll(db, sql: """
            SELECT id, name, version, hash, description, installed_at, installed_by FROM playbook_version ORDER BY name, id
            """).map { r in
            InstalledPlaybook(id: r["id"], name: r["name"], version: r["version"], hash: r["hash"], description: r["description"],
                              installedAt: r["installed_at"], installedBy: r["installed_by"], active: r["id"] == active)
        }
    }

    /// The pack of an installed version.
    public static func pack(_ connection: StoreConnection, id: Int64) throws -> Data {
        let db = connection.db
        guard let data = try Data.fetchOne(db, sql: "SELECT pack FROM playbook_version WHERE id = ?", arguments: [id]) else {
            throw KehuError.invalid("no installed playbook with id \(id)")
        }
        return data
    }

    static func activeId(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT playbook_id FROM playbook_activation WHERE action = 'use' AND undone = 0 ORDER BY id DESC LIMIT 1")
    }

    /// The active version, or nil when runs use the shipped standard playbook.
    public static func active(_ connection: StoreConnection) throws -> InstalledPlaybook? {
        try list(connection).first(where: \.active)
    }

    /// Finds `NAME` (its highest installed version) or `NAME@VERSION`.
    public static func find(_ connection: StoreConnection, _ spec: String) throws -> InstalledPlaybook {
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        let name = parts.first ?? "", version = parts.count > 1 ? parts[1] : nil
        let all = try list(connection)
        let candidates = all.filter { $0.name == name && (version == nil || $0.version == version) }
        guard let found = candidates.max(by: { versionOrder($0.version, $1.version) }) else {
            let installed = all.map(\.label)
            throw KehuError.invalid("no installed playbook \(spec) — "
                + (installed.isEmpty ? "none is installed yet: kehu playbook install FILE" : "installed: \(installed.joined(separator: ", "))"))
        }
        return found
    }

    /// Whether version `a` comes before `b`: dot-separated parts compared as numbers where both
    /// are numbers (1.10.0 after 1.9.2), else as text.
    public static func versionOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "."), y = b.split(separator: ".")
        for (p, q) in zip(x, y) where p != q {
            if let m = Int(p), let n = Int(q) { return m < n }
            return p < q
        }
        return x.count < y.count
    }

    /// Makes a version the active one.
    public static func use(_ connection: StoreConnection, _ playbook: InstalledPlaybook, by: String) throws {
        let db = connection.db
        try db.execute(sql: "INSERT INTO playbook_activation (playbook_id, action, at, by) VALUES (?, 'use', ?, ?)",
                       arguments: [playbook.id, now(), by])
    }

    /// Goes back to the version that was active before the current one.
    /// - Returns: the version now active, or nil when that is the shipped standard playbook.
    public static func rollback(_ connection: StoreConnection, by: String) throws -> InstalledPlaybook? {
        let db = connection.db
        guard let top = try Row.fetchOne(db, sql: """
            SELECT id, playbook_id FROM playbook_activation WHERE action = 'use' AND undone = 0 ORDER BY id DESC LIMIT 1
            """) else {
            throw KehuError.invalid("nothing to roll back: runs use the shipped standard playbook already (kehu playbook use NAME makes an installed one active)")
        }
        try db.execute(sql: "UPDATE playbook_activation SET undone = 1 WHERE id = ?", arguments: [top["id"] as Int64])
        let now = try active(connection)
        // The rollback is recorded against the version it left.
        try db.execute(sql: "INSERT INTO playbook_activation (playbook_id, action, at, by) VALUES (?, 'rollback', ?, ?)",
                       arguments: [top["playbook_id"] as Int64, self.now(), by])
        return now
    }

    /// The activation history, newest first.
    public static func history(_ connection: StoreConnection) throws -> [PlaybookActivation] {
        let db = connection.db
        return try Row.fetchAll(db, sql: """
            SELECT v.name || '@' || v.version AS playbook, a.action, a.at, a.by, a.undone
            FROM playbook_activation a JOIN playbook_version v ON v.id = a.playbook_id ORDER BY a.id DESC
            """).map { PlaybookActivation(playbook: $0["playbook"], action: $0["action"], at: $0["at"], by: $0["by"], undone: $0["undone"]) }
    }
}
