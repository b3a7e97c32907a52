import Foundation

/// The shipped playbooks and scripts (`Plugins/` of the source tree), built into the binary
/// by the EmbedPlugins build plugin, so that a `kehu` copied anywhere has them.
///
/// Playbooks are folders to the rest of kehu, so the embedded files are written out once into
/// a folder of the user's cache named by their content hash
/// (`$XDG_CACHE_HOME/kehu/plugins-HASH`, else `~/.cache/…`, else the temporary directory),
/// checked against the embedded copy on every use and rewritten if anything there differs.
enum EmbeddedPlugins {
    /// The folder holding the embedded files, written out if needed; nil if none can be written.
    static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let cached = written { return cached }
        let decoded = files.compactMap { f in Data(base64Encoded: f.base64).map { (f.path, $0) } }
        guard decoded.count == files.count, !decoded.isEmpty else { return nil }
        var all: [UInt8] = []
        for (path, data) in decoded { all += Array(path.utf8) + [0] + Array(data) + [0] }
        let name = "plugins-" + SHA256.hex(all).prefix(16)
        for base in cacheBases(environment) {
            let target = base.appendingPathComponent(name)
            if holds(target, decoded) || write(decoded, to: target) {
                written = target
                return target
            }
        }
        return nil
    }

    nonisolated(unsafe) private static var written: URL?
    /// Why the files could not be written out, for the error that follows.
    nonisolated(unsafe) static var problem: String?

    static func cacheBases(_ environment: [String: String]) -> [URL] {
        var bases: [URL] = []
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { bases.append(URL(fileURLWithPath: xdg).appendingPathComponent("kehu")) }
        if let home = environment["HOME"], home.hasPrefix("/") { bases.append(URL(fileURLWithPath: home).appendingPathComponent(".cache/kehu")) }
        bases.append(FileManager.default.temporaryDirectory.appendingPathComponent("kehu-\(getuid())"))
        return bases
    }

    /// Whether `folder` holds exactly these files with these contents.
    static func holds(_ folder: URL, _ files: [(String, Data)]) -> Bool {
        guard let walk = FileManager.default.enumerator(atPath: folder.path) else { return false }
        var present = 0
        for case let path as String in walk {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDir) else { return false }
            if !isDir.boolValue { present += 1 }
        }
        guard present == files.count else { return false }
        return files.allSatisfy { FileManager.default.contents(atPath: folder.appendingPathComponent($0.0).path) == $0.1 }
    }

    /// Writes the files into a new folder beside `target` and renames it into place, so that
    /// another kehu never sees a half-written folder.
    static func write(_ files: [(String, Data)], to target: URL) -> Bool {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent)-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for (path, data) in files {
                let url = staging.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            if fm.fileExists(atPath: target.path) {
                // Damaged or edited by hand: put it aside, then take its place.
                let old = parent.appendingPathComponent(".\(target.lastPathComponent)-old-\(getpid())-\(UUID().uuidString.prefix(8))")
                try? fm.moveItem(at: target, to: old)
                try? fm.removeItem(at: old)
            }
            if rename(staging.path, target.path) != 0 {
                try? fm.removeItem(at: staging)
                return holds(target, files)   // another kehu put the same files there first
            }
            return true
        } catch {
            // The next cache folder is tried; if none can be written, the error says why.
            problem = "cannot write the built-in playbooks to \(parent.path): \(error.localizedDescription)"
            try? fm.removeItem(at: staging)
            return false
        }
    }
}
