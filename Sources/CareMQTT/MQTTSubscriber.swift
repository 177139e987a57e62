import CMosquitto
import Logging

/// An MQTT client on libmosquitto that subscribes to a fixed list of topic filters and delivers
/// what arrives as an `AsyncStream`.
///
/// Threading model: one network thread per client (`NetworkLoop`), which drives libmosquitto's
/// read, write and keep-alive steps with poll(2) and reconnects with backoff. It replaces
/// `mosquitto_loop_start`, whose select(2) loop gives up on a socket numbered 1024 or more.
///
/// The first connection is a blocking `mosquitto_connect` made before the loop starts. A refused
/// first connect is not an error here; the loop keeps retrying. Blocking calls run on a
/// dedicated thread, never on the concurrency pool.
public actor MQTTSubscriber {
    public nonisolated let configuration: MQTTConfiguration
    public nonisolated let topicFilters: [String]
    /// Every message received, in arrival order. Single consumer; finishes on `stop()`.
    public nonisolated let messages: AsyncStream<MQTTMessage>
    /// Connect/subscribe/disconnect events. Single consumer; keeps the newest 64 if unread.
    public nonisolated let connectionEvents: AsyncStream<MQTTConnectionEvent>

    private let context: CallbackContext
    private let logger: Logger
    private var phase: Phase = .idle

    private enum Phase: Sendable {
        case idle
        /// The task runs the blocking first connect + loop start and yields its failure, if any.
        case starting(MosquittoHandle, Task<MQTTError?, Never>)
        case running(MosquittoHandle)
        case stopping(Task<Void, Never>)
        case stopped
    }

    public init(configuration: MQTTConfiguration, topicFilters: [String], logger: Logger = Logger(label: "CareMQTT")) {
        self.configuration = configuration
        self.topicFilters = topicFilters
        self.logger = logger
        let (messages, messageContinuation) = AsyncStream.makeStream(of: MQTTMessage.self)
        let (events, eventContinuation) = AsyncStream.makeStream(
            of: MQTTConnectionEvent.self, bufferingPolicy: .bufferingNewest(64))
        self.messages = messages
        self.connectionEvents = events
        self.context = CallbackContext(
            topicFilters: topicFilters,
            subscriptionQoS: configuration.subscriptionQoS,
            logger: logger,
            messages: messageContinuation,
            events: eventContinuation
        )
    }

    /// True while a CONNACK has been accepted and the connection has not dropped since.
    public nonisolated var isConnected: Bool {
        context.connected.current
    }

    /// Creates the client, makes the first connection attempt and starts the network thread.
    /// Returns once the thread runs; it does not wait for CONNACK (watch `connectionEvents`).
    /// Throws for bad configuration or library failures, not for an unreachable broker; after a
    /// library failure the subscriber is stopped (streams finished) and cannot be restarted.
    public func start() async throws(MQTTError) {
        switch phase {
        case .idle: break
        case .starting, .running: throw .alreadyStarted
        case .stopping, .stopped: throw .stopped
        }
        try configuration.validate()
        try MosquittoLibrary.ensureInitialised()
        let handle = try makeHandle()

        let config = configuration
        let log = logger
        // A task, so that a concurrent stop() can wait for this blocking section before destroying.
        let connectTask = Task<MQTTError?, Never> {
            await runOnDedicatedThread(name: "mqtt-connect") { () -> MQTTError? in
                let rc = mosquitto_connect(handle.raw, config.host, Int32(config.port), Int32(config.keepAliveSeconds))
                switch rc {
                case MOSQ_ERR_SUCCESS.rawValue:
                    break
                case MOSQ_ERR_INVAL.rawValue, MOSQ_ERR_NOMEM.rawValue, MOSQ_ERR_NOT_SUPPORTED.rawValue:
                    return .library(function: "mosquitto_connect", code: rc, message: MQTTError.text(for: rc))
                default:
                    // Refused, unreachable, DNS failure...: the loop thread retries with backoff.
                    log.warning("MQTT broker not reachable yet: \(MQTTError.text(for: rc)); will retry",
                                metadata: ["host": "\(config.host)", "port": "\(config.port)"])
                }
                handle.loop.start()
                return nil
            }
        }
        phase = .starting(handle, connectTask)
        let failure = await connectTask.value

        // stop() may have run while we were suspended; it then owns the teardown.
        guard case .starting = phase else { throw .stopped }
        if let failure {
            // Mark as stopping before suspending again, so a concurrent stop() waits instead of
            // tearing down a second time.
            let context = self.context
            let teardown = Task { await Self.teardown(handle, context: context) }
            phase = .stopping(teardown)
            await teardown.value
            phase = .stopped
            throw failure
        }
        phase = .running(handle)
    }

    /// Disconnects (sending DISCONNECT, so the broker keeps a persistent session), stops the
    /// network thread, destroys the handle and finishes both streams. Safe to call repeatedly
    /// and concurrently; later calls wait for the first one to finish.
    public func stop() async {
        let teardown: Task<Void, Never>
        switch phase {
        case .idle:
            phase = .stopped
            context.finishStreams()
            return
        case .stopped:
            return
        case let .stopping(task):
            await task.value
            return
        case let .starting(handle, connectTask):
            let context = self.context
            teardown = Task {
                _ = await connectTask.value
                await Self.teardown(handle, context: context)
            }
        case let .running(handle):
            let context = self.context
            teardown = Task { await Self.teardown(handle, context: context) }
        }
        phase = .stopping(teardown)
        await teardown.value
        phase = .stopped
    }

    /// Queues a message for publishing and returns its message id. QoS > 0 messages are kept
    /// and sent by the library once (re)connected; this does not wait for PUBACK.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false) throws(MQTTError) -> Int32 {
        guard case let .running(handle) = phase else {
            if case .stopped = phase { throw .stopped }
            throw .notStarted
        }
        guard payload.count <= Int(Int32.max) else { throw .invalidConfiguration("payload too large") }
        var mid: Int32 = 0
        let rc = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle.raw, &mid, topic, Int32(bytes.count), bytes.baseAddress, qos.rawValue, retain)
        }
        try MQTTError.check(rc, "mosquitto_publish")
        return mid
    }

    @discardableResult
    public func publish(topic: String, string: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false) throws(MQTTError) -> Int32 {
        try publish(topic: topic, payload: Array(string.utf8), qos: qos, retain: retain)
    }

    /// Creates and configures the `struct mosquitto *`; `context` rides along as userdata.
    private func makeHandle() throws(MQTTError) -> MosquittoHandle {
        let userdata = Unmanaged.passRetained(context).toOpaque()
        guard let raw = mosquitto_new(configuration.clientID, configuration.cleanSession, userdata) else {
            Unmanaged<CallbackContext>.fromOpaque(userdata).release()
            throw .couldNotCreateClient
        }
        let handle: MosquittoHandle
        do {
            handle = MosquittoHandle(raw: raw, loop: try NetworkLoop(raw: raw, configuration: configuration, logger: logger))
            MosquittoCallbacks.install(on: handle)
            if let username = configuration.username {
                try MQTTError.check(
                    mosquitto_username_pw_set(raw, username, configuration.password), "mosquitto_username_pw_set")
            }
        } catch {
            mosquitto_destroy(raw)
            Unmanaged<CallbackContext>.fromOpaque(userdata).release()
            throw error
        }
        return handle
    }

    /// Disconnect, join the network thread, destroy, then drop the userdata reference.
    /// The order matters: no callback may run once the context is released.
    private static func teardown(_ handle: MosquittoHandle, context: CallbackContext) async {
        await runOnDedicatedThread(name: "mqtt-stop") {
            destroySynchronously(handle)
        }
        Unmanaged.passUnretained(context).release()
        context.finishStreams()
    }

    /// Blocking part of the teardown. The loop is told to stop first, so it cannot reconnect
    /// behind our back; `mosquitto_disconnect` sends DISCONNECT (NO_CONN while reconnecting is
    /// fine); `join` waits while the loop sees the broker close the connection, then ends it.
    private static func destroySynchronously(_ handle: MosquittoHandle) {
        handle.loop.requestStop()
        _ = mosquitto_disconnect(handle.raw)
        handle.loop.join()
        mosquitto_destroy(handle.raw)
    }

    deinit {
        // Last resort if the owner never called stop(): tear down synchronously (blocks briefly).
        // `.starting`/`.stopping` cannot be seen here: start()/stop() keep the actor alive.
        if case let .running(handle) = phase {
            Self.destroySynchronously(handle)
            Unmanaged.passUnretained(context).release()
        }
        context.finishStreams()
    }
}
