import CMosquitto

/// Errors raised by this module. Library failures carry libmosquitto's own text.
public enum MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A libmosquitto call returned a non-zero `mosq_err_t`; `message` is `mosquitto_strerror(code)`.
    case library(function: String, code: Int32, message: String)
    case invalidConfiguration(String)
    /// `mosquitto_new` returned NULL (out of memory or invalid arguments).
    case couldNotCreateClient
    case notStarted
    case alreadyStarted
    case stopped

    public var description: String {
        switch self {
        case let .library(function, code, message): "\(function) failed (\(code)): \(message)"
        case let .invalidConfiguration(reason): "invalid MQTT configuration: \(reason)"
        case .couldNotCreateClient: "mosquitto_new failed"
        case .notStarted: "MQTT client is not started"
        case .alreadyStarted: "MQTT client was already started"
        case .stopped: "MQTT client was stopped"
        }
    }

    /// Turns a libmosquitto return code into `MQTTError.library`, or returns on success.
    static func check(_ code: Int32, _ function: String) throws(MQTTError) {
        guard code != MOSQ_ERR_SUCCESS.rawValue else { return }
        throw .library(function: function, code: code, message: Self.text(for: code))
    }

    /// `mosquitto_strerror` returns a static string, so copying it is always safe.
    static func text(for code: Int32) -> String {
        String(cString: mosquitto_strerror(code))
    }
}
