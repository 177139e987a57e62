import AsyncHTTPClient
import CareWire
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import SwiftProtobuf

/// Why an exchange with the parent failed, in words for the sync status page.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// A refusal the parent stated (wrong version, clock skew…): retrying soon will not help.
    public let refusal: WireRefusal?

    public init(_ description: String, refusal: WireRefusal? = nil) {
        self.description = description
        self.refusal = refusal
    }
}

/// The child end of a node link: protobuf requests over HTTP/2 with mutual TLS.
public final class ParentClient: Sendable {
    public let baseURL: URL
    let client: HTTPClient
    let timeout: TimeAmount

    public init(baseURL: URL, tls: TLSConfiguration, timeout: TimeAmount = .seconds(60)) {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .automatic
        configuration.timeout = .init(connect: .seconds(5), read: timeout)
        configuration.connectionPool.idleTimeout = .seconds(120)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL
        self.timeout = timeout
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
    public func pull(_ request: WirePullRequest) async throws -> (batch: WirePullBatch, changes: [Data]) {
        let body = try await exchange(SyncProtocol.pullPath, bytes: try request.serializedData())
        do {
            let split = try BatchDecoding.pullBatch(body)
            return (try WirePullBatch(serializedBytes: split.rest), split.changes)
        } catch {
            throw SyncError("parent sent an unreadable \(WirePullBatch.protoMessageName) for \(SyncProtocol.pullPath): \(error)")
        }
    }

    /// Sends one blob; the parent checks its hash, type and size and stores it once.
    public func putBlob(sha256: String, contentType: String, bytes: Data) async throws {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent(SyncProtocol.blobPath + "/" + sha256).absoluteString)
        request.method = .PUT
        request.headers.add(name: "content-type", value: contentType)
        request.body = .bytes(ByteBuffer(data: bytes))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw Self.explain(error, url: baseURL)
        }
        let body = try await response.body.collect(upTo: 1 << 16)
        guard (200..<300).contains(response.status.code) else {
            throw SyncError("parent answered \(response.status.code) to blob \(sha256): \(String(buffer: body))")
        }
    }

    private func call<Answer: SwiftProtobuf.Message>(_ path: String, _ message: some SwiftProtobuf.Message, as: Answer.Type) async throws -> Answer {
        try await call(path, bytes: try message.serializedData(), as: Answer.self)
    }

    private func call<Answer: SwiftProtobuf.Message>(_ path: String, bytes: Data, as: Answer.Type) async throws -> Answer {
        let data = try await exchange(path, bytes: bytes)
        do {
            return try Answer(serializedBytes: data)
        } catch {
            throw SyncError("parent sent an unreadable \(Answer.protoMessageName) for \(path): \(error)")
        }
    }

    /// Posts `bytes` and returns the body of a 200 answer; any other answer throws.
    private func exchange(_ path: String, bytes: Data) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent(path).absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: SyncProtocol.contentType)
        request.headers.add(name: "accept", value: SyncProtocol.contentType)
        request.body = .bytes(ByteBuffer(data: bytes))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw Self.explain(error, url: baseURL)
        }
        let body = try await response.body.collect(upTo: SyncProtocol.maxBodyBytes)
        let data = Data(buffer: body)
        guard response.status == .ok else {
            if let refusal = try? WireRefusal(serializedBytes: data), !refusal.message.isEmpty {
                throw SyncError("parent refused (\(response.status.code) \(refusal.code)): \(refusal.message)", refusal: refusal)
            }
            throw SyncError("parent answered \(response.status.code) \(response.status.reasonPhrase) to \(path)")
        }
        return data
    }

    /// Turns transport errors into what an operator can act on.
    static func explain(_ error: any Error, url: URL) -> SyncError {
        let clientError = error as? HTTPClientError
        if clientError == .remoteConnectionClosed {
            return SyncError("parent \(url.absoluteString) closed the connection during the TLS handshake: it probably refused our certificate (issued by another CA, or for a node that is not its child)")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return SyncError("TLS with parent \(url.absoluteString) failed: \(error) — is its certificate from our county CA and for this host?")
        }
        if clientError == .connectTimeout || clientError == .deadlineExceeded || clientError == .readTimeout {
            return SyncError("parent \(url.absoluteString) did not answer in time (network down?)")
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return SyncError("parent \(url.absoluteString) is unreachable: connection refused (is it running?)")
        }
        return SyncError("exchange with parent \(url.absoluteString) failed: \(text)")
    }
}
