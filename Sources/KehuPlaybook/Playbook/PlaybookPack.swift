import Foundation
import KehuCore

/// One file that carries a playbook from a consultant to a dealer: its name, version and
/// content hash, and its files (the ones the hash covers). JSON, so that it can be read.
///
/// ```swift
/// let pack = try PlaybookPack.make(from: try Playbook.load(folder: acme))
/// try pack.encoded().write(to: URL(fileURLWithPath: "acme-1.2.0.kehupack"))
/// let outcome = try PlaybookPack.install(data, source: "acme-1.2.0.kehupack", into: store, by: "王顾问")
/// ```
public struct PlaybookPack: Sendable {
    public static let format = "kehu-playbook-pack"
    public static let formatVersion = 1
    public static let fileExtension = "kehupack"

    public var name: String
    public var version: String
    public var api: Int
    public var description: String
    /// What the pack says its files hash to (``Playbook/hash``).
    public var hash: String
    /// Relative path → contents.
    public var files: [String: Data]

    struct Document: Codable {
        var format: String
        var format_version: Int
        var name: String
        var version: String
        var api: Int
        var description: String
        var hash: String
        var files: [String: String]  // base64
    }

    /// Limits on what a pack may carry, named in the refusal: a playbook is code and
    /// message files, not a place for data.
    public enum Limits {
        /// The pack file itself (its files are base64 inside it).
        public static let packBytes = 16 << 20
        /// One file of the playbook.
        public static let fileBytes = 4 << 20
        /// Files in the playbook.
        public static let files = 500
        /// Folders one inside the other below the playbook's own.
        public static let depth = 8
    }

    /// Refuses files beyond ``Limits`` (by relative path and size), naming the limit.
    static func checkLimits(_ files: [(path: String, size: Int)], source: String) throws {
        if files.count > Limits.files {
            throw PlaybookError.invalid(folder: source, "\(source): \(files.count) files; a playbook may have at most \(Limits.files)")
        }
        for f in files.sorted(by: { $0.path < $1.path }) {
            let depth = f.path.split(separator: "/").count - 1
            if depth > Limits.depth {
                throw PlaybookError.invalid(folder: source, "\(source): \(f.path) is \(depth) folders deep; a playbook may nest at most \(Limits.depth)")
            }
            if f.size > Limits.fileBytes {
                throw PlaybookError.invalid(folder: source, "\(source): \(f.path) is \(f.size) bytes; a playbook's file may have at most \(Limits.fileBytes) (4 MiB)")
            }
        }
    }

    /// The suggested file name: `NAME-VERSION.kehupack`.
    public var fileName: String { "\(name)-\(version).\(Self.fileExtension)" }

    public static func make(from playbook: Playbook) throws -> PlaybookPack {
        var files: [String: Data] = [:]
        let paths = Playbook.files(in: playbook.folder)
        if paths.count > Limits.files {
            throw PlaybookError.invalid(folder: playbook.folder.path, "\(playbook.folder.path): \(paths.count) files; a playbook may have at most \(Limits.files)")
        }
        for path in paths {
            files[path] = try Data(contentsOf: playbook.folder.appendingPathComponent(path))
        }
        try checkLimits(files.map { ($0.key, $0.value.count) }, source: playbook.folder.path)
        let total = files.values.reduce(0) { $0 + ($1.count + 2) / 3 * 4 }
        if total > Limits.packBytes {
            throw PlaybookError.invalid(folder: playbook.folder.path, "\(playbook.folder.path): its files would make a pack of \(total) bytes; a pack may have at most \(Limits.packBytes) (16 MiB)")
        }
        return PlaybookPack(name: playbook.name, version: playbook.version, api: playbook.api,
                            description: playbook.description, hash: playbook.hash, files: files)
    }

    public func encoded() throws -> Data {
        let doc = Document(format: Self.format, format_version: Self.formatVersion, name: name, version: version, api: api,
                           description: description, hash: hash, files: files.mapValues { $0.base64EncodedString() })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(doc) + Data("\n".utf8)
    }

    public static func decode(_ data: Data, source: String) throws -> PlaybookPack {
        if data.count > Limits.packBytes {
            throw PlaybookError.invalid(folder: source, "\(source): \(data.count) bytes; a pack may have at most \(Limits.packBytes) (16 MiB)")
        }
        guard let doc = try? JSONDecoder().decode(Document.self, from: data), doc.format == format else {
            throw PlaybookError.invalid(folder: source, "\(source) is not a kehu playbook pack (make one with: kehu playbook pack DIR)")
        }
        guard doc.format_version <= formatVersion else {
            throw PlaybookError.invalid(folder: source, "\(source) is a pack of format \(doc.format_version); this kehu reads format \(formatVersion) — upgrade kehu")
        }
        guard Playbook.isPlainName(doc.name), Playbook.isPlainName(doc.version) else {
            throw PlaybookError.invalid(folder: source, "\(source): refused the pack's name or version (\"\(doc.name.escapedForTerminal)\" \"\(doc.version.escapedForTerminal)\"): letters, digits, '-', '_' and '.' only")
        }
        guard Playbook.isVersion(doc.version) else {
            throw PlaybookError.invalid(folder: source, "\(source): the pack's version must be MAJOR.MINOR.PATCH (like 1.2.0), found \"\(doc.version.escapedForTerminal)\"")
        }
        try checkLimits(doc.files.map { ($0.key, $0.value.utf8.count / 4 * 3) }, source: source)
        var files: [String: Data] = [:]
        for (path, text) in doc.files {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.hasPrefix("/"), !path.contains("\\"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
                  path.hasSuffix(".lua") || path.hasSuffix(".txt") else {
                throw PlaybookError.invalid(folder: source, "\(source): refused the file path \"\(path.escapedForTerminal)\" (only .lua and .txt files inside the playbook)")
            }
            guard let bytes = Data(base64Encoded: text) else {
                throw PlaybookError.invalid(folder: source, "\(source): the contents of \(path) are damaged")
            }
            files[path] = bytes
        }
        return PlaybookPack(name: doc.name, version: doc.version, api: doc.api, description: doc.description, hash: doc.hash, files: files)
    }

    /// Writes the files into `folder` (created) and loads them, refusing a pack whose files
    /// do not hash to what it says or whose manifest names another playbook.
    public func unpack(into folder: URL, source: String) throws -> Playbook {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = folder.standardizedFileURL.path + "/"
        for (path, data) in files {
            let url = folder.appendingPathComponent(path).standardizedFileURL
            guard url.path.hasPrefix(root) else {
                throw PlaybookError.invalid(folder: source, "\(source): refused the file path \"\(path)\" (outside the playbook)")
            }
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        var playbook = try Playbook.load(folder: folder)
        guard playbook.answers(to: hash) else {
            throw PlaybookError.invalid(folder: source, "\(source): content hash mismatch — the pack says \(hash.prefix(12)), its files hash to \(playbook.hash.prefix(12)): it was changed after it was packed; ask for a fresh pack")
        }
        guard playbook.name == name, playbook.version == version else {
            throw PlaybookError.invalid(folder: source, "\(source): the pack says \(name)@\(version) but its manifest says \(playbook.name)@\(playbook.version)")
        }
        return playbook
    }

    /// Checks a pack (hash, manifest, `kehu playbook check`) and stores it in the dealer's
    /// database. Nothing runs against the data. A pack with check errors is refused with them.
    /// - Parameter use: make it the active version too, in the same transaction.
    public static func install(_ data: Data, source: String, into store: KehuDatabase, by: String,
                               use: Bool = false) throws -> InstalledPlaybooks.Outcome {
        let pack = try decode(data, source: source)
        if Playbook.shippedNames().contains(pack.name) {
            throw PlaybookError.invalid(folder: source, "\(source): '\(pack.name)' is the name of a playbook shipped with kehu; give yours a name of its own in its manifest.lua (kehu playbook new NAME --from \(pack.name))")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = scratch.appendingPathComponent(pack.name)
        let playbook = try pack.unpack(into: folder, source: source)
        let errors = PlaybookCheck.run(folder: folder).filter { $0.severity == .error }
        guard errors.isEmpty else {
            let reasons = errors.map { "  " + $0.description.replacingOccurrences(of: scratch.path + "/", with: "") }
            throw PlaybookError.invalid(folder: source, "\(source): \(pack.name)@\(pack.version) fails its check, so it was not installed:\n" + reasons.joined(separator: "\n"))
        }
        do {
            return try store.write { db in
                // Runs already name this version: the pack must be the code they ran.
                if let run = try RunStore.list(db, limit: Int.max).first(where: {
                    $0.playbook == playbook.name && $0.version == playbook.version && $0.hash != playbook.hash }) {
                    throw KehuError.invalid("\(playbook.name)@\(playbook.version) names other code in stored runs (run \(run.id), \(run.hash.prefix(12)); this pack \(playbook.hash.prefix(12))) — give the changed playbook a new version in its manifest.lua")
                }
                let outcome = try InstalledPlaybooks.install(db, name: playbook.name, version: playbook.version, hash: playbook.hash,
                                                             description: playbook.description, pack: data, by: by)
                if use {
                    switch outcome {
                    case .installed(let p), .alreadyInstalled(let p): try InstalledPlaybooks.use(db, p, by: by)
                    }
                }
                return outcome
            }
        } catch let e as KehuError {
            throw PlaybookError.invalid(folder: source, e.description)
        }
    }

    /// A playbook loaded from a folder, with the identity its runs record in `store`: marked
    /// `VERSION+dev.HASH12` when an installed pack of its name and version, or a stored run
    /// under that name and version, was other code (see ``Playbook/marked(against:)``).
    public static func identify(_ playbook: Playbook, in store: KehuDatabase?) throws -> Playbook {
        guard let store else { return playbook }
        let known = try store.read { db in
            try InstalledPlaybooks.list(db).map { ($0.name, $0.version, $0.hash) }
                + RunStore.list(db, limit: Int.max).map { ($0.playbook, $0.version, $0.hash) }
        }
        return playbook.marked(against: known)
    }

    /// Where installed versions are unpacked: `$XDG_CACHE_HOME/kehu/playbooks`, else
    /// `~/.cache/kehu/playbooks`, else (no writable home) a folder of this user's in the
    /// temporary directory; readable by its owner only.
    static func cacheFolder(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let fm = FileManager.default
        let home = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? fm.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        let candidates = [home.appendingPathComponent("kehu/playbooks"),
                          fm.temporaryDirectory.appendingPathComponent("kehu-playbooks-\(getuid())")]
        var lastError: Error?
        for folder in candidates {
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                let owner = (try fm.attributesOfItem(atPath: folder.path)[.ownerAccountID] as? NSNumber)?.uint32Value
                guard owner == getuid() else { continue }   // someone else's folder: not ours to run code from
                try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
                return folder
            } catch {
                lastError = error
            }
        }
        throw PlaybookError.run("no folder to unpack installed playbooks into (set XDG_CACHE_HOME): \(lastError.map { "\($0)" } ?? "not owned by you")")
    }

    /// The installed version as a folder to load: unpacked once into a cache folder named by
    /// its hash, and checked against the hash again every time it is used.
    public static func folder(of installed: InstalledPlaybook, in store: KehuDatabase) throws -> Playbook {
        let cache = try cacheFolder().appendingPathComponent("\(installed.name)-\(installed.version)-\(installed.hash.prefix(16))")
        if var ready = try? Playbook.load(folder: cache), ready.answers(to: installed.hash) { return ready }
        try? FileManager.default.removeItem(at: cache)
        let data = try store.read { db in try InstalledPlaybooks.pack(db, id: installed.id) }
        let playbook = try decode(data, source: installed.label).unpack(into: cache, source: installed.label)
        guard playbook.hash == installed.hash else {
            throw PlaybookError.invalid(folder: installed.label, "\(installed.label): the stored pack no longer hashes to \(installed.hash.prefix(12)) — reinstall it")
        }
        return playbook
    }
}
