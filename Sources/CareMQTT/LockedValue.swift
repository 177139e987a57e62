import Foundation

/// A value guarded by a lock, shared between the libmosquitto network thread and Swift code.
///
/// `Synchronization.Mutex` would do, but it needs macOS 15 and the host package targets macOS 14.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value {
        withLock { $0 }
    }
}
