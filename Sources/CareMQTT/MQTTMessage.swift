/// MQTT delivery guarantee for a publish or a subscription.
public enum MQTTQoS: Int32, Sendable, Hashable, CaseIterable {
    case atMostOnce = 0
    case atLeastOnce = 1
    case exactlyOnce = 2
}

/// One application message as received from (or sent to) the broker.
///
/// The payload is plain bytes so this module needs no `Data`; decode JSON or protobuf on top.
public struct MQTTMessage: Sendable, Hashable {
    public var topic: String
    public var payload: [UInt8]
    public var qos: MQTTQoS
    public var retain: Bool

    public init(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
    }

    /// The payload decoded as UTF-8 (invalid sequences are repaired), handy for logs and tests.
    public var payloadString: String {
        String(decoding: payload, as: UTF8.self)
    }
}
