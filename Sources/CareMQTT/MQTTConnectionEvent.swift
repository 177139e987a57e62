/// Connection life-cycle changes, in the order the network thread saw them.
public enum MQTTConnectionEvent: Sendable, Hashable {
    /// CONNACK accepted. `sessionPresent` tells whether the broker still had our persistent session.
    case connected(sessionPresent: Bool)
    /// CONNACK refused (bad credentials, client id rejected, ...). The library keeps retrying.
    case connectionRefused(code: Int32, reason: String)
    /// SUBACK for the topic filters (re)subscribed after a connect; 128 (0x80) marks a rejected filter.
    case subscribed(grantedQoS: [Int32])
    /// Connection gone. Code 0 means we asked for it (`stop()`); anything else is unexpected and
    /// the library reconnects with backoff.
    case disconnected(code: Int32, reason: String)
}
