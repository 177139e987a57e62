import AsyncHTTPClient
import CareWire
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import Synchronization
import SwiftProtobuf

/// The child end of a node link: protobuf requests over HTTP/2 with mutual TLS.
///
/// The long poll is the link's keepalive: the parent answers it within its wait, so a pull
/// without an answer `keepaliveTimeout` after that means the connection is dead, and the client
/// closes it (`LinkConnections`), failing the push on it too, rather than waiting for a request
/// deadline or a TCP timeout. HTTP/2 PING cannot do this job here: the parent's server
/// (Hummingbird 2) accepts one client PING per 30 s and closes the connection after a few early
/// ones. A failed connection attempt fails the request at once rather than being retried
/// inside the client's pool: the sync loop owns retries, with its own low cap and jitter, and
/// each failure reaches the status page under its real name.
public final class ParentClient: Sendable {
    public let baseURL: URL
    let client: HTTPClient
    let settings: SyncSettings
    private let probe: LinkProbe?
    private let connections: LinkConnections
    /// Why the client last dropped its connections, and when: requests that fail because of
    /// that close are explained by it rather than as a bare closed connection.
    private let dropped = DropRecord()

    public init(baseURL: URL, tls: TLSConfiguration, settings: SyncSettings = SyncSettings()) {
        let connections = LinkConnections()
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .automatic
        configuration.timeout = .init(connect: TimeAmount(settings.connectTimeout), read: TimeAmount(settings.requestTimeout))
        configuration.connectionPool.idleTimeout = .seconds(120)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.http2ConnectionDebugInitializer = { channel in connections.opened(channel) }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL
        self.settings = settings
        self.connections = connections
        probe = (try? NIOSSLContext(configuration: tls)).flatMap { context in
            baseURL.host.map { LinkProbe(host: $0, port: baseURL.port ?? 443, context: context, connectTimeout: settings.connectTimeout) }
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func hello(_ hello: WireHello) async throws -> WireHello {
        try await call(SyncProtocol.helloPath, hello, as: WireHello.self)
    }

    public func push(_ body: Data) async throws -> WirePushAck {
        try await call(SyncProtocol.pushPath, bytes: body, as: WirePushAck.self)
    }

    /// A pull: the batch's other fields, and each change's bytes as the parent sent them.
    /// A long poll that gets no answer `keepaliveTimeout` after its wait drops the connection.
    public func pull(_ request: WirePullRequest) async throws -> (batch: WirePullBatch, changes: [Data]) {
        let wait = Duration.milliseconds(Int(request.waitMillis))
        let body: Data
        do {
            body = try await exchange(SyncProtocol.pullPath, bytes: try request.canonicalBytes(), timeout: wait + settings.keepaliveTimeout)
        } catch let error as SyncError where error.kind == .timedOut {
            let reason = "the parent did not answer a long poll within \(wait + settings.keepaliveTimeout): the link is down or blackholed; dropped the connection"
            dropped.record(reason)
            connections.closeAll()
            throw SyncError(reason, kind: .noAnswer)
        }
        do {
            let split = try BatchDecoding.pullBatch(body)
            return (try WirePullBatch(serializedBytes: split.rest), split.changes)
        } catch {
            throw SyncError("parent sent an unreadable \(WirePullBatch.protoMessageName) for \(SyncProtocol.pullPath): \(error)", kind: .badAnswer)
        }
    }

    /// Sends one blob; the parent checks its hash, type and size and stores it once.
    public func putBlob(sha256: String, contentType: String, bytes: Data) async throws {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent(SyncProtocol.blobPath + "/" + sha256).absoluteString)
        request.method = .PUT
        request.headers.add(name: "content-type", value: contentType)
        request.body = .bytes(ByteBuffer(data: bytes))
        let response = try await execute(request, timeout: settings.requestTimeout)
        let body = try await response.body.collect(upTo: 1 << 16)
        guard (200..<300).contains(response.status.code) else {
            if let refusal = try? WireRefusal(serializedBytes: Data(buffer: body)), !refusal.message.isEmpty {
                // A refused upload is an HTTP error of that blob, not a refusal of the link.
                throw SyncError("parent refused blob \(sha256) (\(response.status.code) \(refusal.code)): \(refusal.message)", kind: .httpError)
            }
            throw SyncError("parent answered \(response.status.code) \(response.status.reasonPhrase) to blob \(sha256)", kind: .httpError)
        }
    }

    /// Fetches a course material from the parent: its media type and bytes, or nil when the
    /// parent does not hold it (yet).
    public func getBlob(sha256: String, maxBytes: Int) async throws -> (contentType: String, bytes: Data)? {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent(SyncProtocol.blobPath + "/" + sha256).absoluteString)
        request.method = .GET
        let response = try await execute(request, timeout: settings.requestTimeout)
        let body = try await response.body.collect(upTo: maxBytes)
        if response.status.code == 404 { return nil }
        guard response.status.code == 200, let type = response.headers.first(name: "content-type") else {
            throw SyncError("parent answered \(response.status.code) \(response.status.reasonPhrase) to blob \(sha256)", kind: .httpError)
        }
        return (type, Data(buffer: body))
    }

    private func call<Answer: SwiftProtobuf.Message>(_ path: String, _ message: some SwiftProtobuf.Message, as: Answer.Type) async throws -> Answer {
        try await call(path, bytes: try message.canonicalBytes(), as: Answer.self)
    }

    private func call<Answer: SwiftProtobuf.Message>(_ path: String, bytes: Data, as: Answer.Type) async throws -> Answer {
        let data = try await exchange(path, bytes: bytes, timeout: settings.requestTimeout)
        do {
            return try Answer(serializedBytes: data)
        } catch {
            throw SyncError("parent sent an unreadable \(Answer.protoMessageName) for \(path): \(error)", kind: .badAnswer)
        }
    }

    /// Posts `bytes` and returns the body of a 200 answer; any other answer throws.
    private func exchange(_ path: String, bytes: Data, timeout: Duration) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent(path).absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: SyncProtocol.contentType)
        request.headers.add(name: "accept", value: SyncProtocol.contentType)
        request.body = .bytes(ByteBuffer(data: bytes))
        let response = try await execute(request, timeout: timeout)
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: SyncProtocol.maxBodyBytes)
        } catch {
            throw await explain(error)
        }
        let data = Data(buffer: body)
        guard response.status == .ok else {
            if let refusal = try? WireRefusal(serializedBytes: data), !refusal.message.isEmpty {
                throw SyncError("parent refused (\(response.status.code) \(refusal.code)): \(refusal.message)", refusal: refusal)
            }
            throw SyncError("parent answered \(response.status.code) \(response.status.reasonPhrase) to \(path)", kind: .httpError)
        }
        return data
    }

    private func execute(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, timeout: TimeAmount(timeout))
        } catch {
            throw await explain(error)
        }
    }

    /// Turns a transport error into what happened, probing the parent once when the client only
    /// saw a closed connection.
    private func explain(_ error: any Error) async -> SyncError {
        let explained = SyncError.explaining(error, parent: baseURL, connectTimeout: settings.connectTimeout, dropped: dropped.recent)
        guard explained.kind == .connectionClosed, let probe, !Task.isCancelled else { return explained }
        return await probe.diagnose(parent: baseURL) ?? explained
    }
}

/// The keepalive's account of the last connection it dropped, and when.
private final class DropRecord: Sendable {
    private let last = Mutex<(reason: String, at: ContinuousClock.Instant)?>(nil)

    func record(_ reason: String) { last.withLock { $0 = (reason, .now) } }

    /// The reason, if the drop was so recent that a request failing now failed because of it.
    var recent: String? {
        last.withLock { last in
            guard let last, ContinuousClock.now - last.at < .seconds(1) else { return nil }
            return last.reason
        }
    }
}
