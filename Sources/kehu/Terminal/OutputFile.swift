import Foundation

/// Writes a command's output file the way `cp` or a shell redirection would: through a
/// symbolic link (the link stays, its target gets the data), into a FIFO or a device as it
/// is, and over a regular file (or where none is) atomically, so that an interrupted write
/// never leaves half a file. Nothing but a regular file is ever replaced by a rename.
enum OutputFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var st = stat()
        if lstat(target.path, &st) != 0 || (st.st_mode & S_IFMT) == S_IFREG {
            do {
                try data.write(to: target, options: .atomic)
            } catch {
                throw Failure(description: "cannot write \(path): \((error as NSError).localizedDescription)")
            }
            return
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(description: "cannot write \(path): it is a folder") }
        // A FIFO, a terminal or another device: write into it, in place.
        let fd = open(target.path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }
}
