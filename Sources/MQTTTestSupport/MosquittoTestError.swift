/// Failures of the test-support helpers, with enough text to diagnose them from a test log.
public enum MosquittoTestError: Error, Sendable, CustomStringConvertible {
    case executableMissing(String)
    case socket(String, Int32)
    case brokerDidNotStart(port: UInt16, reason: String, log: String)
    case commandFailed(command: String, status: Int32, stderr: String)

    public var description: String {
        switch self {
        case let .executableMissing(path):
            "\(path) not found (apt-get install -y mosquitto mosquitto-clients)"
        case let .socket(call, code):
            "\(call) failed with errno \(code)"
        case let .brokerDidNotStart(port, reason, log):
            "mosquitto did not start on 127.0.0.1:\(port): \(reason)\n\(log)"
        case let .commandFailed(command, status, stderr):
            "\(command) exited with \(status): \(stderr)"
        }
    }
}
