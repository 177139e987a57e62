/// Everything needed to open (and keep re-opening) one MQTT session.
public struct MQTTConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Must be stable across restarts: with `cleanSession == false` the broker keeps the
    /// session (subscriptions and queued QoS 1/2 messages) under this id.
    public var clientID: String
    public var keepAliveSeconds: Int
    /// QoS used for every topic filter subscribed in the connect callback.
    public var subscriptionQoS: MQTTQoS
    /// `false` keeps a persistent session, so QoS 1 messages published while we were
    /// disconnected are delivered on reconnect (as long as the broker itself kept them).
    public var cleanSession: Bool
    /// First reconnect delay, in whole seconds (at least 1); the n-th retry waits
    /// min × n², capped at the maximum (`NetworkLoop`).
    public var reconnectMinDelaySeconds: UInt32
    /// Upper bound for the reconnect delay.
    public var reconnectMaxDelaySeconds: UInt32
    public var username: String?
    public var password: String?

    public init(
        host: String = "127.0.0.1",
        port: Int = 1883,
        clientID: String,
        keepAliveSeconds: Int = 30,
        subscriptionQoS: MQTTQoS = .atLeastOnce,
        cleanSession: Bool = false,
        reconnectMinDelaySeconds: UInt32 = 1,
        reconnectMaxDelaySeconds: UInt32 = 30,
        username: String? = nil,
        password: String? = nil
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.keepAliveSeconds = keepAliveSeconds
        self.subscriptionQoS = subscriptionQoS
        self.cleanSession = cleanSession
        self.reconnectMinDelaySeconds = reconnectMinDelaySeconds
        self.reconnectMaxDelaySeconds = reconnectMaxDelaySeconds
        self.username = username
        self.password = password
    }

    /// Checks what libmosquitto would otherwise reject later with a less helpful error.
    func validate() throws(MQTTError) {
        guard !host.isEmpty else { throw .invalidConfiguration("host is empty") }
        guard (1...65_535).contains(port) else { throw .invalidConfiguration("port \(port) is out of range") }
        guard !clientID.isEmpty, clientID.utf8.count <= 65_535 else {
            throw .invalidConfiguration("clientID must be non-empty (required for a persistent session)")
        }
        guard keepAliveSeconds >= 5, keepAliveSeconds <= 65_535 else {
            throw .invalidConfiguration("keepAliveSeconds must be in 5...65535 (libmosquitto minimum is 5)")
        }
        guard reconnectMinDelaySeconds >= 1, reconnectMaxDelaySeconds >= reconnectMinDelaySeconds else {
            throw .invalidConfiguration("reconnect delays must satisfy 1 <= min <= max")
        }
        if password != nil, username == nil {
            throw .invalidConfiguration("a password needs a username")
        }
    }
}
