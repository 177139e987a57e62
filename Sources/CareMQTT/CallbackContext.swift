import CMosquitto
import Foundation
import Logging

/// What the C callbacks need, handed to libmosquitto as its `void *userdata`.
///
/// The subscriber passes it retained (`Unmanaged.passRetained`) to `mosquitto_new` and releases
/// it only after `NetworkLoop.join` has ended the network thread and `mosquitto_destroy`
/// ran, so a callback can never see a freed context. Every member is itself thread-safe:
/// `AsyncStream.Continuation` may be used from any thread, and the mutable bits are locked.
final class CallbackContext: Sendable {
    let topicFilters: [String]
    let subscriptionQoS: MQTTQoS
    let logger: Logger
    let messages: AsyncStream<MQTTMessage>.Continuation
    let events: AsyncStream<MQTTConnectionEvent>.Continuation
    /// True between an accepted CONNACK and the next disconnect.
    let connected = LockedValue(false)
    /// Message id of the SUBSCRIBE sent by the latest connect callback.
    let pendingSubscribeMID = LockedValue<Int32?>(nil)

    init(
        topicFilters: [String],
        subscriptionQoS: MQTTQoS,
        logger: Logger,
        messages: AsyncStream<MQTTMessage>.Continuation,
        events: AsyncStream<MQTTConnectionEvent>.Continuation
    ) {
        self.topicFilters = topicFilters
        self.subscriptionQoS = subscriptionQoS
        self.logger = logger
        self.messages = messages
        self.events = events
    }

    /// Ends both streams; later yields from a late callback are ignored by AsyncStream.
    func finishStreams() {
        connected.withLock { $0 = false }
        messages.finish()
        events.finish()
    }

    /// Sends one SUBSCRIBE carrying every topic filter. Called on the network thread from the
    /// connect callback, so it runs after every (re)connect: with `persistence false` or a
    /// restarted broker the old session (and its subscriptions) may be gone.
    func subscribeAll(_ mosq: OpaquePointer) {
        guard !topicFilters.isEmpty else {
            events.yield(.subscribed(grantedQoS: []))
            return
        }
        // mosquitto_subscribe_multiple wants `char *const *`; strdup gives stable C strings.
        var cFilters: [UnsafeMutablePointer<CChar>?] = topicFilters.map { strdup($0) }
        defer { cFilters.forEach { free($0) } }
        var mid: Int32 = 0
        let rc = cFilters.withUnsafeMutableBufferPointer { buffer in
            mosquitto_subscribe_multiple(
                mosq, &mid, Int32(buffer.count), buffer.baseAddress, subscriptionQoS.rawValue, 0, nil)
        }
        if rc == MOSQ_ERR_SUCCESS.rawValue {
            pendingSubscribeMID.withLock { $0 = mid }
            logger.debug("MQTT subscribing", metadata: ["filters": "\(topicFilters)", "mid": "\(mid)"])
        } else {
            // The connection dropped again in between; the next connect callback retries.
            logger.error("MQTT subscribe failed: \(MQTTError.text(for: rc))", metadata: ["code": "\(rc)"])
        }
    }
}
