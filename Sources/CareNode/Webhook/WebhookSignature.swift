import Crypto
import Foundation

/// How a receiver knows a notice came from this node and was not replayed: every POST carries
/// `X-Carenode-Timestamp` (Unix seconds when it was sent) and, when the node has a webhook
/// secret, `X-Carenode-Signature: sha256=<hex>`, the HMAC-SHA256 with that secret of the
/// timestamp, a full stop and the body bytes exactly as sent (`1767225600.{"id":…}`). A
/// receiver recomputes it, compares in constant time, and refuses a timestamp more than a few
/// minutes from its clock, which stops a captured notice from being sent again later.
public enum WebhookSignature {
    public static let signatureHeader = "X-Carenode-Signature"
    public static let timestampHeader = "X-Carenode-Timestamp"
    /// What the notice is: `alert` or `order.dispatched`.
    public static let eventHeader = "X-Carenode-Event"
    /// The same for every attempt at one notice, so a receiver can drop a repeat.
    public static let deliveryHeader = "X-Carenode-Delivery"
    public static let nodeHeader = "X-Carenode-Node"

    /// `sha256=<hex>` for `body` sent at `timestamp`.
    public static func sign(body: Data, timestamp: Int64, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is this body's at `timestamp`, and the timestamp within `tolerance`
    /// seconds of `now`: the check a receiver makes.
    public static func verify(
        body: Data, timestamp: String, signature: String, secret: String, now: Int64 = Int64(Date().timeIntervalSince1970), tolerance: Int64 = 300
    ) -> Bool {
        guard let sent = Int64(timestamp), abs(now - sent) <= tolerance, signature.hasPrefix("sha256=") else { return false }
        let hex = signature.dropFirst("sha256=".count)
        guard hex.count == 64 else { return false }
        var given: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return false }
            given.append(byte)
            index = next
        }
        var message = Data("\(sent).".utf8)
        message.append(body)
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message, using: SymmetricKey(data: Data(secret.utf8)))
    }
}
