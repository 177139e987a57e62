import CMosquitto
import Foundation

/// Process-wide libmosquitto set-up.
enum MosquittoLibrary {
    /// `static let` is initialised lazily and exactly once (thread-safe), which is what
    /// `mosquitto_lib_init` needs. `mosquitto_lib_cleanup` is never called: the library lives
    /// as long as the process.
    private static let initResult: Int32 = mosquitto_lib_init()

    static func ensureInitialised() throws(MQTTError) {
        try MQTTError.check(initResult, "mosquitto_lib_init")
    }

    /// "major.minor.revision" of the libmosquitto actually loaded.
    static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = mosquitto_lib_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}

/// The `struct mosquitto *` handle and the loop that serves it, made sendable so they can
/// cross to the helper threads.
///
/// libmosquitto guards its packet queues with its own mutexes, so a publish or disconnect
/// from another thread while the loop runs is allowed. The owner (`MQTTSubscriber`)
/// guarantees `mosquitto_destroy` runs only after the loop's thread has ended.
struct MosquittoHandle: @unchecked Sendable {
    let raw: OpaquePointer
    let loop: NetworkLoop
}

/// Runs a blocking C call on a fresh OS thread and awaits its result.
///
/// `mosquitto_connect` (DNS lookup + TCP connect) and `NetworkLoop.join` (thread join) can
/// block for a long time; doing that on a Swift-concurrency pool thread (only 2 on this
/// machine) would stall unrelated tasks.
func runOnDedicatedThread<Result: Sendable>(
    name: String,
    _ body: @escaping @Sendable () -> Result
) async -> Result {
    await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
        let thread = Thread {
            continuation.resume(returning: body())
        }
        thread.name = name
        thread.start()
    }
}
