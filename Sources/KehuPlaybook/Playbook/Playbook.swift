import Foundation
import KehuCore
import LuaEngine

/// A playbook folder: its manifest, its files' hash and where its hooks live.
///
/// ```swift
/// let pb = try Playbook.load(folder: URL(fileURLWithPath: "Plugins/fmcg"))
/// pb.name      // "fmcg"
/// pb.hash      // SHA-256 over its files, recorded with every run
/// ```
public struct Playbook: Sendable {
    public var folder: URL
    public var name: String
    public var version: String
    /// The `kehu` API version it targets.
    public var api: Int
    public var description: String
    public var author: String
    public var permissions: [String]
    /// SHA-256 over the relative paths and contents of its `.lua` and `.txt` files.
    public var hash: String

    /// The API version this build offers.
    public static let apiVersion = 1
    /// Permissions a playbook may ask for. Hooks only return values, so they need none.
    public static let knownPermissions: Set<String> = []

    /// Reads `manifest.lua` (run in a tiny sandbox) and hashes the folder.
    /// - Throws: ``PlaybookError/invalid(folder:_:)`` with what is wrong and how to fix it.
    public static func load(folder: URL) throws -> Playbook {
        let folder = folder.standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw PlaybookError.invalid(folder: folder.path, "no playbook folder at \(folder.path)")
        }
        let manifestURL = folder.appendingPathComponent("manifest.lua")
        guard let source = FileManager.default.contents(atPath: manifestURL.path) else {
            throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path) is missing: a playbook needs a manifest.lua that returns { name = …, version = …, api = 1 }")
        }
        let lua = try LuaState(profile: .sandboxed, limits: LuaLimits(memory: 8 << 20, instructions: 1_000_000, timeout: .seconds(2)))
        let values: [LuaValue]
        do {
            let chunk = try lua.load(bytes: Array(source), chunkName: "@" + manifestURL.path)
            values = try lua.call(chunk)
        } catch let e as LuaError {
            throw PlaybookError.invalid(folder: folder.path, e.message)
        }
        guard case .table(let t)? = values.first else {
            throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): the manifest must return a table")
        }
        func text(_ key: String, required: Bool) throws -> String {
            switch t[key] {
            case .string(let s): return s.description
            case .nil where !required: return ""
            case let other:
                throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): field '\(key)' must be a string, found \(other.typeName)")
            }
        }
        let name = try text("name", required: true)
        guard isPlainName(name) else {
            throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): 'name' must be letters, digits, '-', '_' or '.' (it names files and folders), found \"\(name.escapedForTerminal)\"")
        }
        let api: Int
        switch t["api"] {
        case .integer(let i): api = Int(i)
        case .nil: api = apiVersion
        case let other: throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): field 'api' must be an integer, found \(other.typeName)")
        }
        guard api <= apiVersion else {
            throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): targets API \(api), this kehu offers API \(apiVersion) — upgrade kehu")
        }
        var permissions: [String] = []
        if case .table(let p) = t["permissions"] {
            permissions = p.array.compactMap(\.stringValue)
            if let unknown = permissions.first(where: { !knownPermissions.contains($0) }) {
                throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): unknown permission '\(unknown)' — playbooks return values and need no permission")
            }
        }
        let version = try text("version", required: true)
        guard isVersion(version) else {
            throw PlaybookError.invalid(folder: folder.path, "\(manifestURL.path): 'version' must be MAJOR.MINOR.PATCH (like 1.2.0), found \"\(version.escapedForTerminal)\"")
        }
        return Playbook(folder: folder, name: name, version: version, api: api,
                        description: try text("description", required: false), author: try text("author", required: false),
                        permissions: permissions, hash: try hashFolder(folder))
    }

    /// `MAJOR.MINOR.PATCH`, each a number without leading zeros (`1.2.0`, `0.10.3`): what a
    /// manifest's `version` must be, so that a version names one release and sorts as one.
    public static func isVersion(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 9 && p.allSatisfy { $0.isASCII && $0.isNumber } && (p == "0" || !p.hasPrefix("0"))
        }
    }

    /// The identity runs record for this playbook: its version, or — when an installed pack
    /// of the same name and version holds other code — `VERSION+dev.HASH12`, so that one
    /// version never names two pieces of code in `kehu runs`.
    public func marked(against installed: [(name: String, version: String, hash: String)]) -> Playbook {
        guard installed.contains(where: { $0.name == name && $0.version == version && $0.hash != hash }) else { return self }
        var copy = self
        copy.version = "\(version)+dev.\(hash.prefix(12))"
        return copy
    }

    /// A name or version safe in a file name: `[A-Za-z0-9._-]`, not starting with a dot, at
    /// most 64 characters. Packs and caches are named by them.
    public static func isPlainName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && !s.hasPrefix(".")
            && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    /// The playbook's files that make its behaviour, relative to the folder, sorted.
    /// `includingMeta`: declaration files too, as builds before they were left out hashed them.
    static func files(in folder: URL, includingMeta: Bool = false) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var out: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".lua") || path.hasSuffix(".txt") {
                // An editor's declaration file (`---@meta`, such as kehu.d.lua) is not the playbook's code.
                if !includingMeta, path.hasSuffix(".lua"), isMeta(folder.appendingPathComponent(path)) { continue }
                out.append(path)
            }
        }
        return out.sorted()
    }

    /// Whether a Lua file is a LuaLS declaration file: its first line starts with `---@meta`.
    /// A file that cannot be read is taken for code: the hash (``hashFolder(_:includingMeta:)``),
    /// `check` and `pack` then read it and refuse it with its path.
    static func isMeta(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return String(decoding: head, as: UTF8.self).hasPrefix("---@meta")
    }

    /// Whether `hash` names this playbook's code: its hash, or — for a pack made before
    /// declaration files were left out, which hashed them — the hash with them, which it then
    /// takes as its own (runs keep recording the identity it was installed under).
    mutating func answers(to hash: String) -> Bool {
        if hash == self.hash { return true }
        // Only a folder with declaration files has another hash to answer to. Its own hash was
        // made when it loaded, so every file is readable: a failure here is a file that went
        // away since, and is answered as a mismatch, which the caller reports.
        guard Self.files(in: folder, includingMeta: true) != Self.files(in: folder),
              (try? Self.hashFolder(folder, includingMeta: true)) == hash else { return false }
        self.hash = hash
        return true
    }

    static func hashFolder(_ folder: URL, includingMeta: Bool = false) throws -> String {
        var bytes: [UInt8] = []
        for path in files(in: folder, includingMeta: includingMeta) {
            bytes += Array(path.utf8) + [0]
            // A file that cannot be read is an error with its path, never hashed as empty.
            let url = folder.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
                throw PlaybookError.invalid(folder: folder.path, "\(url.path) "
                    + (isFolder.boolValue ? "is a folder named like a playbook file: rename it" : exists ? "cannot be read" : "went away while the playbook was read"))
            }
            bytes += Array(data)
            bytes.append(0)
        }
        return SHA256.hex(bytes)
    }

    /// Finds a playbook by path, or by name among the shipped ones (`standard`, `fmcg`).
    public static func locate(_ nameOrPath: String) throws -> URL {
        let direct = URL(fileURLWithPath: nameOrPath)
        if FileManager.default.fileExists(atPath: direct.appendingPathComponent("manifest.lua").path) { return direct }
        if !nameOrPath.contains("/"), let plugins = pluginsFolder() {
            let named = plugins.appendingPathComponent(nameOrPath)
            if FileManager.default.fileExists(atPath: named.appendingPathComponent("manifest.lua").path) { return named }
        }
        throw PlaybookError.invalid(folder: nameOrPath,
            "no playbook at '\(nameOrPath)' — give a folder with a manifest.lua, or a shipped one's name (\(shippedNames().joined(separator: ", ")))")
    }

    /// The standard playbook shipped with kehu.
    public static func standardFolder() throws -> URL {
        guard let plugins = pluginsFolder() else {
            throw PlaybookError.invalid(folder: "standard",
                "cannot find the shipped playbooks (Plugins/standard)" + (EmbeddedPlugins.problem.map { " (\($0))" } ?? "")
                    + " — set KEHU_PLUGINS to a Plugins folder, or XDG_CACHE_HOME to a folder kehu may write")
        }
        return plugins.appendingPathComponent("standard")
    }

    /// `KEHU_PLUGINS`, else a `Plugins` folder beside or above the executable (a source
    /// checkout's `.build/…/kehu`, so that edits there take effect), else `share/kehu/Plugins`
    /// of an installed prefix, else the copy built into the binary (``EmbeddedPlugins``).
    public static func pluginsFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        func ok(_ url: URL) -> Bool {
            FileManager.default.fileExists(atPath: url.appendingPathComponent("standard/manifest.lua").path)
        }
        if let env = environment["KEHU_PLUGINS"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            return ok(url) ? url : nil
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [dir.appendingPathComponent("Plugins"), dir.appendingPathComponent("share/kehu/Plugins")] where ok(candidate) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return EmbeddedPlugins.folder(environment: environment).flatMap { ok($0) ? $0 : nil }
    }

    /// The shipped playbook of this name, if there is one.
    public static func shippedFolder(named name: String) -> URL? {
        guard let plugins = pluginsFolder() else { return nil }
        let folder = plugins.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.lua").path) ? folder.standardizedFileURL : nil
    }

    static func shippedNames() -> [String] {
        guard let plugins = pluginsFolder(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: plugins.path) else { return [] }
        return names.filter {
            FileManager.default.fileExists(atPath: plugins.appendingPathComponent($0).appendingPathComponent("manifest.lua").path)
        }.sorted()
    }
}
