import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts `process` so that the child begins with an empty signal mask.
///
/// Foundation's `Process` on Linux passes on the signal mask of the calling thread
/// (swift-corelibs-foundation issue #4772). Swift concurrency runs on Dispatch worker threads,
/// which block almost every signal, so a child started from a task ignores SIGTERM/SIGINT:
/// `terminate()` then does nothing. Launching from a fresh thread whose mask we clear first
/// gives the child the default mask.
public func launchWithDefaultSignalMask(_ process: Process) async throws {
    let box = UncheckedProcess(process)
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let thread = Thread {
            var empty = sigset_t()
            sigemptyset(&empty)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            do {
                try box.process.run()
                continuation.resume()
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.name = "process-launch"
        thread.start()
    }
}

/// `Process` is not Sendable; it is handed to exactly one launcher thread while the caller waits.
private struct UncheckedProcess: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}
