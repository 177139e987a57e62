import AsyncHTTPClient
import CarePKI
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// An HTTP/2 client for the operator API, as a console or integrator would use it: it trusts
/// the federation's CA and presents no certificate (or, for sync tests, a node's).
public final class OperatorClient: Sendable {
    public struct Reply: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: Data
        public let version: HTTPVersion

        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object, or an empty one.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
    }

    let client: HTTPClient
    public let baseURL: URL

    /// - Parameters:
    ///   - caPEM: the CA to trust.
    ///   - identity: a node identity to present, for testing the sync endpoints; nil for an operator.
    public init(baseURL: URL, caPEM: String, identity: NodeIdentity? = nil) throws {
        var tls = identity?.clientTLSConfiguration() ?? TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        tls.applicationProtocols = ["h2", "http/1.1"]
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL
    }

    public func shutdown() async { try? await client.shutdown() }

    /// Sends a request; `json` is encoded as the body. A `streamed` body is sent in chunks
    /// without a Content-Length, as a client that does not know its size sends it.
    public func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: (any Encodable)? = nil, body: Data? = nil,
        contentType: String = "application/json", headers extra: [(String, String)] = [], streamed: Bool = false,
        timeout: Int64 = 30
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = method
        if let token { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let json {
            let encoder = JSONEncoder()
            request.body = .bytes(ByteBuffer(data: try encoder.encode(json)))
            request.headers.add(name: "content-type", value: contentType)
        } else if let body, streamed {
            let chunks = stride(from: 0, to: body.count, by: 64 << 10).map { ByteBuffer(data: body[$0..<min($0 + (64 << 10), body.count)]) }
            let stream = AsyncStream<ByteBuffer> { continuation in
                for chunk in chunks { continuation.yield(chunk) }
                continuation.finish()
            }
            request.body = .stream(stream, length: .unknown)
            request.headers.add(name: "content-type", value: contentType)
        } else if let body {
            request.body = .bytes(ByteBuffer(data: body))
            request.headers.add(name: "content-type", value: contentType)
        }
        let client = self.client
        let exchange = { @Sendable [request] () async throws -> Reply in
            let response = try await client.execute(request, timeout: .seconds(timeout))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes), version: response.version)
        }
        return try await RequestDeadline.within(.seconds(max(90, timeout + 30)), "\(method) \(path)", exchange)
    }

    /// Reads a server-sent event stream until `until` holds for the text received so far, or
    /// the time is up; returns the text. The connection is closed either way.
    public func readEvents(_ path: String, token: String, timeout: Duration = .seconds(10), until: @escaping @Sendable (String) -> Bool) async throws -> String {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.headers.add(name: "authorization", value: "Bearer \(token)")
        request.headers.add(name: "accept", value: "text/event-stream")
        let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds) + 5))
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    if until(text) { return text }
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let text = first else { throw ConfigurationErrorText("no matching server-sent event within \(timeout)") }
            return text
        }
    }

    /// Signs in and returns the bearer token.
    public func login(name: String, password: String) async throws -> String {
        struct Credentials: Encodable {
            let name: String
            let password: String
        }
        let reply = try await send(.POST, "/api/v1/session", json: Credentials(name: name, password: password))
        guard reply.status == 201, let token = reply.json["token"] as? String else {
            throw ConfigurationErrorText("login as \(name) failed: \(reply.status) \(reply.text)")
        }
        return token
    }
}
