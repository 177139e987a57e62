import CMosquitto
import Logging

// C callbacks registered with libmosquitto. They run on the library's network thread (the one
// `NetworkLoop` runs) with the library's callback mutex held, so they must not block
// and must not join the loop or call `mosquitto_destroy`. They only copy data out of C
// memory and hand it to thread-safe AsyncStream continuations.
//
// They are plain global functions (no captures), which Swift converts to C function pointers;
// per-client state arrives through libmosquitto's `userdata` pointer.

enum MosquittoCallbacks {
    static func install(on handle: MosquittoHandle) {
        mosquitto_connect_with_flags_callback_set(handle.raw, onConnect)
        mosquitto_disconnect_callback_set(handle.raw, onDisconnect)
        mosquitto_subscribe_callback_set(handle.raw, onSubscribe)
        mosquitto_message_callback_set(handle.raw, onMessage)
        mosquitto_log_callback_set(handle.raw, onLog)
    }
}

private func context(from userdata: UnsafeMutableRawPointer?) -> CallbackContext? {
    guard let userdata else { return nil }
    return Unmanaged<CallbackContext>.fromOpaque(userdata).takeUnretainedValue()
}

/// CONNACK received. `flags` bit 0 is "session present".
private func onConnect(_ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ rc: Int32, _ flags: Int32) {
    guard let mosq, let ctx = context(from: userdata) else { return }
    guard rc == 0 else {
        let reason = String(cString: mosquitto_connack_string(rc))
        ctx.logger.warning("MQTT connection refused: \(reason)", metadata: ["code": "\(rc)"])
        ctx.events.yield(.connectionRefused(code: rc, reason: reason))
        return
    }
    let sessionPresent = flags & 1 != 0
    ctx.connected.withLock { $0 = true }
    ctx.logger.info("MQTT connected", metadata: ["sessionPresent": "\(sessionPresent)"])
    ctx.events.yield(.connected(sessionPresent: sessionPresent))
    ctx.subscribeAll(mosq)
}

private func onDisconnect(_ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ rc: Int32) {
    guard let ctx = context(from: userdata) else { return }
    ctx.connected.withLock { $0 = false }
    ctx.pendingSubscribeMID.withLock { $0 = nil }
    let reason = rc == 0 ? "disconnect requested" : MQTTError.text(for: rc)
    if rc == 0 {
        ctx.logger.info("MQTT disconnected")
    } else {
        ctx.logger.warning("MQTT connection lost: \(reason); reconnecting with backoff", metadata: ["code": "\(rc)"])
    }
    ctx.events.yield(.disconnected(code: rc, reason: reason))
}

private func onSubscribe(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?,
    _ mid: Int32, _ count: Int32, _ granted: UnsafePointer<Int32>?
) {
    guard let ctx = context(from: userdata) else { return }
    let isOurs = ctx.pendingSubscribeMID.withLock { pending in
        defer { if pending == mid { pending = nil } }
        return pending == mid
    }
    guard isOurs else { return }
    let grantedQoS = granted.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
    if grantedQoS.contains(0x80) {
        ctx.logger.error("MQTT broker rejected a topic filter", metadata: [
            "filters": "\(ctx.topicFilters)", "granted": "\(grantedQoS)",
        ])
    }
    ctx.events.yield(.subscribed(grantedQoS: grantedQoS))
}

/// Copies topic and payload out of library-owned memory, which is freed when this returns.
private func onMessage(
    _ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ message: UnsafePointer<mosquitto_message>?
) {
    guard let ctx = context(from: userdata), let message = message?.pointee, let topic = message.topic else { return }
    var payload: [UInt8] = []
    if let bytes = message.payload, message.payloadlen > 0 {
        payload = Array(UnsafeRawBufferPointer(start: bytes, count: Int(message.payloadlen)))
    }
    let received = MQTTMessage(
        topic: String(cString: topic),
        payload: payload,
        qos: MQTTQoS(rawValue: message.qos) ?? .atMostOnce,
        retain: message.retain
    )
    // Unbounded buffer: dropping here would silently lose QoS 1 messages the broker already
    // considers delivered (PUBACK is sent by the library regardless of our consumer).
    ctx.messages.yield(received)
}

/// Forwards libmosquitto's own log lines: errors/warnings as such, the chatty rest at trace.
private func onLog(_ mosq: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ level: Int32, _ text: UnsafePointer<CChar>?) {
    guard let ctx = context(from: userdata), let text else { return }
    switch level {
    case MOSQ_LOG_ERR: ctx.logger.error("libmosquitto: \(String(cString: text))")
    case MOSQ_LOG_WARNING: ctx.logger.warning("libmosquitto: \(String(cString: text))")
    default: ctx.logger.trace("libmosquitto: \(String(cString: text))")
    }
}
