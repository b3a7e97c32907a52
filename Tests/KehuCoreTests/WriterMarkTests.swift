import Foundation
import Testing
@testable import KehuCore

/// The mark that says who is writing, and the wait that reads it.
@Suite struct WriterMarkTests {
    @Test func aWriterRemovesOnlyItsOwnMark() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-mark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("kehu.db").path
        let path = WriterMark.path(for: db)

        // The next writer (pid 1, which is always running) has written its mark after ours ended.
        let other = WriterMark(pid: 1, user: "王伟", command: "kehu score", since: "2026-11-25T08:00:01Z")
        let observer = WriterMarkObserver(database: db)
        observer.marked = true
        #expect(FileManager.default.createFile(atPath: path, contents: try JSONEncoder().encode(other)))
        observer.clear()
        #expect(WriterMark.read(database: db) == other)

        // Our own mark goes.
        var mine = other
        mine.pid = getpid()
        #expect(FileManager.default.createFile(atPath: path, contents: try JSONEncoder().encode(mine)))
        observer.marked = true
        observer.clear()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func eachWaitIsToldOnce() {
        let state = KehuDatabase.BusyState()
        let first = state.wait(first: true)
        #expect(first.tell(false) == false)
        #expect(first.tell(true) == true)
        #expect(state.wait(first: false).tell(true) == false)
        // A new wait (SQLite starts counting tries from 0 again) is told again.
        #expect(state.wait(first: true).tell(true) == true)
    }

    @Test func waitsOnOtherThreadsAreTheirOwn() {
        let state = KehuDatabase.BusyState()
        #expect(state.wait(first: true).tell(true) == true)
        // Another connection, on another thread, in the middle of its own wait: told too.
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var told = false
        let thread = Thread {
            told = state.wait(first: false).tell(true)
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(told)
        // This thread's wait is still told only once.
        #expect(state.wait(first: false).tell(true) == false)
    }
}
