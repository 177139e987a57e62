import CMosquitto
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// libmosquitto's network loop, run on a thread of ours that waits with poll(2).
///
/// Why not `mosquitto_loop_start`: libmosquitto 2.0's loop waits with select(2), and once the
/// client's socket number is 1024 (FD_SETSIZE) or more it returns MOSQ_ERR_INVAL, after which
/// its thread ends without a word. A node that holds many connections and SQLite files passes
/// that number — the full test suite did, and the station stopped hearing its devices while
/// the log said it was subscribed. poll has no such limit.
///
/// This does what `mosquitto_loop_forever` does: read what arrives, write what is queued, keep
/// the connection alive, and after a drop reconnect with the configured backoff
/// (min × (n + 1)², capped at max, as libmosquitto computes it). Its sleeps end at once when
/// told to stop. Callbacks run on this thread.
final class NetworkLoop: @unchecked Sendable {
    private let raw: OpaquePointer
    private let minDelay: UInt32
    private let maxDelay: UInt32
    private let logger: Logger
    /// A pipe whose read end the loop polls too, so `requestStop` wakes it out of any wait.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// Guards the three flags below.
    private let state = NSCondition()
    private var started = false
    private var stopping = false
    private var finished = false

    /// How long a stopping loop waits for the broker to close the connection after DISCONNECT,
    /// so that the disconnect callback reports it as requested.
    static let closeGrace: Duration = .seconds(2)
    /// The longest poll: a publish queued from another thread while the socket was full is
    /// written within this time.
    static let pollMilliseconds: Int32 = 100

    init(raw: OpaquePointer, configuration: MQTTConfiguration, logger: Logger) throws(MQTTError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw .library(function: "pipe", code: errno, message: String(cString: strerror(errno)))
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        self.raw = raw
        self.minDelay = configuration.reconnectMinDelaySeconds
        self.maxDelay = configuration.reconnectMaxDelaySeconds
        self.logger = logger
        self.wakeRead = ends[0]
        self.wakeWrite = ends[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Starts the thread. Call once, after the first connection attempt (good or not).
    func start() {
        state.withLock { started = true }
        let thread = Thread { [self] in
            run()
            state.withLock {
                finished = true
                state.broadcast()
            }
        }
        thread.name = "mqtt-network"
        thread.start()
    }

    /// Tells the loop to stop: it reconnects no more, and ends once the connection is closed
    /// or `closeGrace` has passed. Returns at once.
    func requestStop() {
        state.withLock { stopping = true }
        wake()
    }

    /// Blocks until the loop's thread has ended (asking it to stop first); returns at once if
    /// it never started. Blocking: call it from a thread of its own, never the concurrency pool.
    func join() {
        requestStop()
        state.withLock {
            while started && !finished { state.wait() }
        }
    }

    private var isStopping: Bool {
        state.withLock { stopping }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func drainWake() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    /// The reconnect delay after `failures` failed attempts, in seconds.
    static func delay(afterFailures failures: UInt32, min: UInt32, max: UInt32) -> UInt32 {
        let grown = UInt64(min) * UInt64(failures + 1) * UInt64(failures + 1)
        return UInt32(Swift.min(grown, UInt64(max)))
    }

    private func run() {
        var failures: UInt32 = 0
        var closeDeadline: ContinuousClock.Instant?
        while true {
            let socket = mosquitto_socket(raw)
            if isStopping {
                let deadline = closeDeadline ?? ContinuousClock.now + Self.closeGrace
                closeDeadline = deadline
                if socket < 0 || ContinuousClock.now >= deadline { return }
            } else if socket < 0 {
                waitForWake(seconds: Self.delay(afterFailures: failures, min: minDelay, max: maxDelay))
                if isStopping { return }
                failures = Swift.min(failures + 1, 1_000)
                let rc = mosquitto_reconnect(raw)
                if rc != MOSQ_ERR_SUCCESS.rawValue {
                    logger.debug("MQTT reconnect failed: \(MQTTError.text(for: rc))", metadata: ["attempt": "\(failures)"])
                }
                continue
            }
            var polled = [
                pollfd(fd: socket, events: Int16(POLLIN) | (mosquitto_want_write(raw) ? Int16(POLLOUT) : 0), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&polled, nfds_t(polled.count), Self.pollMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                logger.error("MQTT: poll failed: \(String(cString: strerror(errno)))")
                waitForWake(seconds: 1)
                continue
            }
            if polled[1].revents != 0 { drainWake() }
            // An error below closes the socket and calls the disconnect callback; the next round
            // then reconnects.
            var rc = MOSQ_ERR_SUCCESS.rawValue
            if polled[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rc = mosquitto_loop_read(raw, 1)
                if rc == MOSQ_ERR_SUCCESS.rawValue { failures = 0 }
            }
            if rc == MOSQ_ERR_SUCCESS.rawValue, mosquitto_socket(raw) >= 0,
               polled[0].revents & Int16(POLLOUT) != 0 || mosquitto_want_write(raw) {
                rc = mosquitto_loop_write(raw, 1)
            }
            if rc == MOSQ_ERR_SUCCESS.rawValue, mosquitto_socket(raw) >= 0 {
                _ = mosquitto_loop_misc(raw)
            }
        }
    }

    /// Sleeps up to `seconds`, or until `requestStop` wakes the loop.
    private func waitForWake(seconds: UInt32) {
        var polled = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let deadline = ContinuousClock.now + .seconds(Int(seconds))
        while !isStopping, ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            let milliseconds = Int32(clamping: left.components.seconds * 1_000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            if poll(&polled, 1, milliseconds) > 0 { drainWake() }
        }
    }
}
