import AsyncHTTPClient
import CareWire
import Foundation
import NIOCore
import NIOHTTP2
import NIOPosix
import NIOSSL

/// What kind of failure ended an exchange with the parent: stable names for the sync status
/// API, so an integrator can tell a network fault from a refusal.
public enum LinkFailureKind: String, Sendable, Codable {
    /// Nothing listens at the parent's address (it is stopped, or a firewall rejects us).
    case connectionRefused = "connection-refused"
    /// The parent or something between reset an open connection.
    case connectionReset = "connection-reset"
    /// The parent's address did not complete a connection in time, or stopped answering.
    case timedOut = "timed-out"
    /// A connection whose long poll went unanswered past its wait, dropped by the client.
    case noAnswer = "no-answer"
    /// The parent's TLS refused us with an alert (our certificate, usually), with its reason.
    case tlsRefused = "tls-refused"
    /// We refused the parent's TLS (its certificate is not from our county CA, or not for its host).
    case tlsFailed = "tls-failed"
    /// The connection was closed without an answer, a TLS alert or an HTTP error.
    case connectionClosed = "connection-closed"
    /// The parent answered with a stated refusal (wrong version, clock skew, not its child…).
    case refused = "refused"
    /// The parent answered with an HTTP error and no refusal.
    case httpError = "http-error"
    /// The parent's answer could not be read, or it is not the node we expect.
    case badAnswer = "bad-answer"
    case other = "error"

    /// A refusal says the peer will not talk to us until someone fixes something; retrying
    /// soon does not help.
    public var isRefusal: Bool { self == .refused || self == .tlsRefused || self == .tlsFailed }
}

/// Why an exchange with the parent failed, in words for the sync status page.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let kind: LinkFailureKind
    /// A refusal the parent stated (wrong version, clock skew…): retrying soon will not help.
    public let refusal: WireRefusal?

    public init(_ description: String, kind: LinkFailureKind = .other, refusal: WireRefusal? = nil) {
        self.description = description
        self.kind = refusal == nil ? kind : .refused
        self.refusal = refusal
    }
}

extension SyncError {
    /// Names what a transport error says happened, without guessing at causes it does not show.
    /// `dropped` is the client's account when it closed the connection itself.
    static func explaining(_ error: any Error, parent url: URL, connectTimeout: Duration, dropped: String?) -> SyncError {
        let parent = "parent \(url.absoluteString)"
        if let error = error as? SyncError { return error }
        if let dropped, Self.isClosure(error) {
            return SyncError(dropped, kind: .noAnswer)
        }
        if let errno = Self.errno(of: error) {
            switch errno {
            case ECONNREFUSED:
                return SyncError("\(parent) refused the connection: nothing listens there (is it running?)", kind: .connectionRefused)
            case ECONNRESET, EPIPE:
                return SyncError("connection to \(parent) was reset", kind: .connectionReset)
            case ETIMEDOUT:
                return SyncError("connection to \(parent) timed out in the network stack", kind: .timedOut)
            case EHOSTUNREACH, ENETUNREACH, ENETDOWN:
                return SyncError("no route to \(parent): \(String(cString: strerror(errno)))", kind: .timedOut)
            default:
                return SyncError("connection to \(parent) failed: \(String(cString: strerror(errno)))", kind: .other)
            }
        }
        if let tls = Self.tlsText(of: error) {
            // An alert is the peer's stated reason; an end of stream is no reason at all; anything
            // else is our own side declining.
            if tls.contains("EOF during handshake") {
                return SyncError("\(parent) closed the connection during the TLS handshake, without a TLS alert: the parent or the network in between is dropping connections", kind: .connectionClosed)
            }
            if let alert = Self.alert(in: tls) {
                return SyncError("\(parent) refused our TLS handshake with the alert \"\(alert)\"", kind: .tlsRefused)
            }
            let reason = Self.reason(in: tls) ?? tls
            return SyncError("we refused the TLS of \(parent): \(reason) — is its certificate from our county CA and for this host?", kind: .tlsFailed)
        }
        switch error as? HTTPClientError {
        case .connectTimeout?:
            return SyncError("could not connect to \(parent) within \(connectTimeout) (no answer: the link is down or blackholed)", kind: .timedOut)
        case .deadlineExceeded?, .readTimeout?, .writeTimeout?:
            return SyncError("\(parent) did not answer in time", kind: .timedOut)
        case .remoteConnectionClosed?:
            return SyncError("\(parent) closed the connection without an answer (no TLS alert, no HTTP error)", kind: .connectionClosed)
        default:
            break
        }
        if case .connectTimeout? = error as? ChannelError {
            return SyncError("could not connect to \(parent) within \(connectTimeout) (no answer: the link is down or blackholed)", kind: .timedOut)
        }
        if let stream = error as? NIOHTTP2Errors.StreamClosed {
            return SyncError("\(parent) reset the request stream (\(stream.errorCode))", kind: .connectionReset)
        }
        return SyncError("exchange with \(parent) failed: \(String(describing: error))", kind: .other)
    }

    private static func isClosure(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .remoteConnectionClosed || error == .cancelled || error == .readTimeout
        }
        if let error = error as? ChannelError { return error == .ioOnClosedChannel || error == .eof || error == .alreadyClosed }
        return error is NIOHTTP2Errors.StreamClosed
    }

    private static func errno(of error: any Error) -> Int32? {
        if let io = error as? IOError { return io.errnoCode }
        if let connection = error as? NIOConnectionError {
            for failure in connection.connectionErrors {
                if let code = errno(of: failure.error) { return code }
            }
        }
        return nil
    }

    private static func tlsText(of error: any Error) -> String? {
        if let error = error as? NIOSSLError {
            if case .uncleanShutdown = error { return nil }
            return String(describing: error)
        }
        if error is BoringSSLError { return String(describing: error) }
        return nil
    }

    /// BoringSSL's reason in an error text, e.g. `…OPENSSL_internal:CERTIFICATE_VERIFY_FAILED` →
    /// "certificate verify failed".
    static func reason(in text: String) -> String? {
        guard let range = text.range(of: #"OPENSSL_internal:[A-Z_]+"#, options: .regularExpression) else { return nil }
        return text[range].dropFirst("OPENSSL_internal:".count).replacingOccurrences(of: "_", with: " ").lowercased()
    }

    /// The alert name in a BoringSSL error text, e.g. `TLSV1_ALERT_UNKNOWN_CA` → "unknown ca".
    static func alert(in text: String) -> String? {
        guard let range = text.range(of: #"(SSLV3|TLSV1|TLSV13)_ALERT_[A-Z_]+"#, options: .regularExpression) else { return nil }
        let name = text[range].split(separator: "_").drop { $0 != "ALERT" }.dropFirst()
        return name.joined(separator: " ").lowercased()
    }
}
