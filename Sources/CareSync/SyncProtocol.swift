import CareModel
import CareWire
import Foundation

/// Constants of sync protocol v1 (Proto/carenode/sync/v1).
public enum SyncProtocol {
    public static let version: UInt32 = 1
    /// This build's version, which each end of a link names in its hello.
    public static let softwareVersion = "0.1.0"
    public static let contentType = "application/x-protobuf"
    public static let helloPath = "/sync/v1/hello"
    public static let pushPath = "/sync/v1/push"
    public static let pullPath = "/sync/v1/pull"
    /// `PUT <blobPath>/<sha256>` with the blob's own Content-Type sends a photo or recording up.
    public static let blobPath = "/sync/v1/blobs"
    /// Largest push or pull body accepted.
    public static let maxBodyBytes = 32 << 20
    /// Largest batch a parent serves, whatever the child asks for.
    public static let maxBatch = 5000
    /// Longest long-poll a parent holds.
    public static let maxWaitMillis: UInt32 = 30_000

    /// Refusal codes, stable for integrators.
    public enum RefusalCode: String, Sendable {
        case noCertificate = "no-certificate"
        case notAChild = "not-a-child"
        case codeMismatch = "code-mismatch"
        case protocolVersion = "protocol-version"
        case schemaVersion = "schema-version"
        case clockSkew = "clock-skew"
        case badRequest = "bad-request"
        case tooLarge = "too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case notFound = "not-found"
    }
}

/// The handshake rules, the same on both ends.
public enum Handshake {
    /// Our side of the handshake.
    public static func hello(node: DivisionCode, schemaVersion: Int, clock: HybridLogicalClock, software: String) -> WireHello {
        var hello = WireHello()
        hello.nodeCode = node.rawValue
        hello.role = WireNodeRole(node.role)
        hello.protocolVersion = SyncProtocol.version
        hello.schemaVersion = UInt32(schemaVersion)
        hello.wallMillis = clock.wallMillis
        hello.hlc = clock.current.packed
        hello.softwareVersion = software
        return hello
    }

    /// Why we cannot sync with a peer that sent `hello`, or nil when we can.
    public static func refusal(of hello: WireHello, schemaVersion: Int, clock: HybridLogicalClock) -> WireRefusal? {
        if hello.protocolVersion != SyncProtocol.version {
            return .init(.protocolVersion, "peer speaks sync protocol v\(hello.protocolVersion), this node speaks v\(SyncProtocol.version): upgrade the older node")
        }
        if hello.schemaVersion != UInt32(schemaVersion) {
            return .init(.schemaVersion, "peer database schema is version \(hello.schemaVersion), this node's is \(schemaVersion): run the same carenode release on both")
        }
        do {
            try clock.checkSkew(peerMillis: hello.wallMillis)
        } catch {
            return .init(.clockSkew, "clocks disagree: \(error.description); fix the time (NTP) on one of the nodes")
        }
        return nil
    }
}

extension WireRefusal {
    public init(_ code: SyncProtocol.RefusalCode, _ message: String) {
        self.init()
        self.code = code.rawValue
        self.message = message
    }
}
