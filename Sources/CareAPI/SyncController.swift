import CareModel
import CarePKI
import CareStore
import CareSync
import CareWire
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import Prometheus
import SwiftProtobuf

/// A sync refusal: an HTTP status with a protobuf `Refusal` body a peer can show its operator.
struct SyncRefusal: HTTPResponseError {
    let status: HTTPResponse.Status
    let refusal: WireRefusal

    init(_ status: HTTPResponse.Status, _ code: SyncProtocol.RefusalCode, _ message: String) {
        self.status = status
        refusal = WireRefusal(code, message)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: SyncProtocol.contentType],
            body: .init(byteBuffer: ByteBuffer(data: try refusal.serializedData())))
    }
}

/// The parent end of node links: handshake, push and pull, for direct children that present a
/// certificate from our county CA naming their division code.
struct SyncController {
    let db: AppDatabase
    let status: SyncStatusBoard
    let metrics: SyncMetrics

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.post("hello") { request, context in try await hello(request, context) }
        routes.post("push") { request, context in try await push(request, context) }
        routes.post("pull") { request, context in try await pull(request, context) }
        routes.put("blobs/:sha256") { request, context in
            let code = try await child(context)
            let hash = try context.parameters.require("sha256")
            guard BlobHash.isValid(hash) else { throw APIError.badRequest("'\(hash)' is not a SHA-256 in lowercase hex") }
            let info = try await BlobController.receive(request, db: db, expectedSHA256: hash, source: code.rawValue)
            status.succeeded(code.rawValue, relation: "child")
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: info.sha256)))
        }
        return routes
    }

    /// The certificate's division code, which must be one of our direct children.
    private func child(_ context: NodeRequestContext) async throws -> DivisionCode {
        guard let text = await PeerIdentity.divisionCode(on: context.channel) else {
            throw SyncRefusal(.forbidden, .noCertificate, "no client certificate: only carenode nodes with a certificate from the county CA may sync")
        }
        guard let code = DivisionCode(text), db.node.isParent(of: code) else {
            throw SyncRefusal(.forbidden, .notAChild, "node \(text) is not a direct child of \(db.node): a node syncs only with its parent and its children")
        }
        // A request that arrives is the evidence the parent has of a child's link.
        status.heard(code.rawValue)
        return code
    }

    private func rawBody(_ request: Request) async throws -> Data {
        // The media type alone decides: parameters such as a charset do not change protobuf.
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == SyncProtocol.contentType else {
            throw SyncRefusal(
                .unsupportedMediaType, .unsupportedMediaType,
                "body is \(request.headers[.contentType].map { "'\($0)'" } ?? "without a Content-Type"): sync bodies are \(SyncProtocol.contentType)")
        }
        var request = request
        do {
            return Data(buffer: try await request.collectBody(upTo: SyncProtocol.maxBodyBytes))
        } catch let error where Self.isTooLarge(error) {
            throw SyncRefusal(.contentTooLarge, .tooLarge, "body is larger than \(SyncProtocol.maxBodyBytes) bytes: send smaller batches")
        }
    }

    /// Collecting a body past its limit throws HTTPError(413) on some paths and NIO's
    /// too-many-bytes error on others (HTTP/2).
    private static func isTooLarge(_ error: any Error) -> Bool {
        if error is NIOTooManyBytesError { return true }
        return (error as? HTTPError)?.status == .contentTooLarge
    }

    private func body<M: SwiftProtobuf.Message>(_ request: Request, as: M.Type) async throws -> M {
        let data = try await rawBody(request)
        do {
            return try M(serializedBytes: data)
        } catch {
            throw SyncRefusal(.badRequest, .badRequest, "body is not a valid \(M.protoMessageName): \(error)")
        }
    }

    private func reply(_ message: some SwiftProtobuf.Message) throws -> Response {
        try reply(bytes: message.serializedData())
    }

    private func reply(bytes: Data) -> Response {
        Response(status: .ok, headers: [.contentType: SyncProtocol.contentType], body: .init(byteBuffer: ByteBuffer(data: bytes)))
    }

    private func hello(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        let code = try await child(context)
        let hello = try await body(request, as: WireHello.self)
        guard hello.nodeCode == code.rawValue else {
            throw SyncRefusal(.forbidden, .codeMismatch, "hello says node \(hello.nodeCode) but the certificate is for \(code)")
        }
        let offset = hello.wallMillis - db.clock.wallMillis
        status.update(code.rawValue, relation: "child") { $0.clockOffsetMillis = offset }
        if let refusal = Handshake.refusal(of: hello, schemaVersion: AppDatabase.schemaVersion, clock: db.clock) {
            status.failed(code.rawValue, relation: "child", refusal.message, kind: .refused)
            throw SyncRefusal(.conflict, SyncProtocol.RefusalCode(rawValue: refusal.code) ?? .badRequest, refusal.message)
        }
        try? db.clock.observe(HLC(packed: hello.hlc))  // skew checked just above
        status.succeeded(code.rawValue, relation: "child")
        return try reply(Handshake.hello(node: db.node, schemaVersion: AppDatabase.schemaVersion, clock: db.clock, software: NodeInfo.softwareVersion))
    }

    private func push(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        let code = try await child(context)
        let decoded: PushDecoding.Decoded
        do {
            decoded = try PushDecoding.decode(try await rawBody(request))
        } catch let refusal as SyncRefusal {
            throw refusal
        } catch {
            throw SyncRefusal(.badRequest, .badRequest, "body is not a valid \(WirePushRequest.protoMessageName): \(error)")
        }
        guard decoded.request.sender == code.rawValue else {
            throw SyncRefusal(.forbidden, .codeMismatch, "push says sender \(decoded.request.sender) but the certificate is for \(code)")
        }
        let outcome = try db.apply(decoded.changes, from: .child(code))
        let ack = PushDecoding.acknowledgement(decoded, outcome, hlc: db.clock.current)
        metrics.receivedChanges.increment(by: Int64(outcome.applied))
        metrics.rejectedChanges.increment(by: Int64(ack.rejected.count))
        metrics.conflicts.increment(by: Int64(outcome.conflicts))
        status.succeeded(code.rawValue, relation: "child", received: decoded.received)
        return try reply(ack)
    }

    private func pull(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        let code = try await child(context)
        let pull = try await body(request, as: WirePullRequest.self)
        let cursor = LogCursor(pull.cursor)
        let limit = Int(min(max(pull.limit, 1), UInt32(SyncProtocol.maxBatch)))
        let wait = Duration.milliseconds(Int(min(pull.waitMillis, SyncProtocol.maxWaitMillis)))
        let deadline = ContinuousClock.now + wait
        status.heard(code.rawValue, allowance: wait + .seconds(5))
        var seen = db.changes.generation
        var pending = try db.pendingChanges(after: cursor, scope: .toChild(code), limit: limit)
        // Long poll: hold the request until a change for this child is committed or time is up.
        while pending.entries.isEmpty && ContinuousClock.now < deadline && !Task.isCancelled && !db.changes.isClosed {
            await db.changes.wait(after: seen, timeout: deadline - ContinuousClock.now)
            seen = db.changes.generation
            pending = try db.pendingChanges(after: pending.next, scope: .toChild(code), limit: limit)
        }
        status.served(code.rawValue, sent: pending.entries.count, cursor: pending.next)
        metrics.servedChanges.increment(by: Int64(pending.entries.count))
        return reply(bytes: try BatchEncoding.pullBatch(
            changes: pending.entries.map(\.payload), next: WireCursor(pending.next), hasMore: pending.hasMore,
            hlc: db.clock.current.packed))
    }
}
