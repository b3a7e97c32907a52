import CLua
import CLuaSupport
import Foundation

/// Owns a state's `clua_Control` (limits, counters, the thread to arm) and its lock.
///
/// It outlives the `lua_State` when a ``LuaInterruptHandle`` or the ``Watchdog`` still
/// holds it; after ``LuaState/close()`` its `current` is nil and nothing touches Lua.
final class ControlBlock: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<clua_Control>
    /// Set once the watchdog knows this block (guarded by the watchdog's lock).
    var watched = false

    init() {
        pointer = UnsafeMutablePointer<clua_Control>.allocate(capacity: 1)
        memset(pointer, 0, MemoryLayout<clua_Control>.size)
        pthread_mutex_init(&pointer.pointee.lock, nil)
    }

    deinit {
        pthread_mutex_destroy(&pointer.pointee.lock)
        pointer.deallocate()
    }

    func withLock<R>(_ body: (UnsafeMutablePointer<clua_Control>) -> R) -> R {
        pthread_mutex_lock(&pointer.pointee.lock)
        defer { pthread_mutex_unlock(&pointer.pointee.lock) }
        return body(pointer)
    }
}

/// One thread for the whole process that arms the hook of states whose deadline passed.
///
/// Arming costs the running call nothing until the deadline: the hook stays off (or at the
/// instruction budget's granularity) on the fast path, as `lua.c` does for Ctrl-C. The
/// watchdog wakes every few milliseconds while any state with a deadline is open.
final class Watchdog: @unchecked Sendable {
    static let shared = Watchdog()
    private let condition = NSCondition()
    private var blocks: [ObjectIdentifier: ControlBlock] = [:]
    private var started = false
    /// How often deadlines are checked; a deadline fires at most this much late.
    static let tick: TimeInterval = 0.002

    func register(_ block: ControlBlock) {
        condition.lock()
        defer { condition.unlock() }
        if block.watched { return }
        block.watched = true
        blocks[ObjectIdentifier(block)] = block
        if !started {
            started = true
            let thread = Thread { [unowned self] in self.loop() }
            thread.name = "lua-watchdog"
            thread.stackSize = 64 << 10
            thread.start()
        }
        condition.signal()
    }

    func unregister(_ block: ControlBlock) {
        condition.lock()
        defer { condition.unlock() }
        if block.watched {
            block.watched = false
            blocks[ObjectIdentifier(block)] = nil
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while blocks.isEmpty { condition.wait() }
            let now = clua_monotonic_ns()
            for block in blocks.values {
                let c = block.pointer
                let deadline = clua_get_deadline(c)
                if deadline != 0 && now >= deadline && clua_is_armed(c) == 0 {
                    block.withLock { c in
                        if c.pointee.current != nil { clua_arm_locked(c) }
                    }
                }
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Watchdog.tick))
            condition.unlock()
        }
    }
}
