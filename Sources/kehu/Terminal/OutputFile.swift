import Foundation

/// Writes a command's output file the way `cp` or a shell redirection would: through a
/// symbolic link (the link stays, its target gets the data, and a link to nothing yet creates
/// its target), into a FIFO or a device as it is, and over a regular file (or where none is)
/// atomically, so that an interrupted write never leaves half a file. A file that is replaced
/// keeps its permissions (and its owner, when Kehu may set it). Nothing but a regular file is
/// ever replaced by a rename.
enum OutputFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ data: Data, to path: String) throws {
        let target = try followLinks(path)
        var st = stat()
        let exists = lstat(target, &st) == 0
        let kind = st.st_mode & S_IFMT
        if exists && kind == S_IFDIR { throw Failure(description: "cannot write \(path): it is a folder") }
        if !exists || kind == S_IFREG {
            try replace(target, with: data, keeping: exists ? st : nil, shownAs: path)
            return
        }
        // A FIFO, a terminal or another device: write into it, in place.
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        try writeAll(data, to: fd, shownAs: path)
    }

    /// The path that `path` names once every symbolic link is followed (the last one may
    /// point at nothing yet).
    private static func followLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw failure(path) }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let folder = (current as NSString).deletingLastPathComponent
            current = link.hasPrefix("/") || folder.isEmpty ? link : folder + "/" + link
        }
        throw Failure(description: "cannot write \(path): too many levels of symbolic links")
    }

    /// Writes `data` to a new file beside `target` and renames it over `target`, giving it the
    /// old file's mode and owner (or, for a new file, what the umask allows).
    private static func replace(_ target: String, with data: Data, keeping old: stat?, shownAs path: String) throws {
        let folder = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + base + ".kehu-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var done = false
        defer {
            close(fd)
            if !done { unlink(temp) }
        }
        if let old {
            _ = fchown(fd, old.st_uid, old.st_gid)  // only root, or the owner keeping its group, may
            guard fchmod(fd, old.st_mode & 0o7777) == 0 else { throw failure(path) }
        } else {
            let mask = umask(0)
            umask(mask)
            guard fchmod(fd, 0o666 & ~mask) == 0 else { throw failure(path) }
        }
        try writeAll(data, to: fd, shownAs: path)
        guard fsync(fd) == 0, rename(temp, target) == 0 else { throw failure(path) }
        done = true
    }

    private static func writeAll(_ data: Data, to fd: Int32, shownAs path: String) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(path)
                }
                offset += n
            }
        }
    }

    private static func failure(_ path: String) -> Failure {
        Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
