import CareModel
import CarePKI
import CareStore
import CareWire
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import Prometheus
import SwiftProtobuf

/// A request context that knows its connection, so the sync endpoints can read the peer's
/// certificate. The node's own context conforms; so can a test's.
public protocol PeerChannelContext: RequestContext {
    var channel: any Channel { get }
}

/// The parent end of node links: handshake, push, pull and blob upload, for direct children that
/// present a certificate from our county CA naming their division code. The router mounts
/// `endpoints` at `/sync/v1`; `ParentClient` is the other end.
public struct SyncEndpoints<Context: PeerChannelContext>: Sendable {
    let db: AppDatabase
    let status: SyncStatusBoard
    let metrics: SyncMetrics

    public init(db: AppDatabase, status: SyncStatusBoard, metrics: SyncMetrics) {
        self.db = db
        self.status = status
        self.metrics = metrics
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("hello") { request, context in try await hello(request, context) }
        routes.post("push") { request, context in try await push(request, context) }
        routes.post("pull") { request, context in try await pull(request, context) }
        routes.put("blobs/:sha256") { request, context in try await blob(request, context) }
        routes.get("blobs/:sha256") { request, context in try await blobDown(request, context) }
        return routes
    }

    /// The certificate's division code, which must be one of our direct children.
    private func child(_ context: Context) async throws -> DivisionCode {
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

    private func hello(_ request: Request, _ context: Context) async throws -> Response {
        let code = try await child(context)
        let hello = try await SyncBody.message(request, as: WireHello.self)
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
        return try SyncBody.reply(Handshake.hello(node: db.node, schemaVersion: AppDatabase.schemaVersion, clock: db.clock, software: SyncProtocol.softwareVersion))
    }

    private func push(_ request: Request, _ context: Context) async throws -> Response {
        let code = try await child(context)
        let decoded: PushDecoding.Decoded
        do {
            decoded = try PushDecoding.decode(try await SyncBody.protobuf(request))
        } catch let refusal as SyncRefusal {
            throw refusal
        } catch {
            throw SyncRefusal(.badRequest, .badRequest, "body is not a valid \(WirePushRequest.protoMessageName): \(error)")
        }
        guard decoded.request.sender == code.rawValue else {
            throw SyncRefusal(.forbidden, .codeMismatch, "push says sender \(decoded.request.sender) but the certificate is for \(code)")
        }
        let outcome = try await db.applyInTurn(decoded.changes, from: .child(code))
        let ack = PushDecoding.acknowledgement(decoded, outcome, hlc: db.clock.current)
        metrics.receivedChanges.increment(by: Int64(outcome.applied))
        metrics.rejectedChanges.increment(by: Int64(ack.rejected.count))
        metrics.conflicts.increment(by: Int64(outcome.conflicts))
        status.succeeded(code.rawValue, relation: "child", received: decoded.received)
        return try SyncBody.reply(ack)
    }

    private func pull(_ request: Request, _ context: Context) async throws -> Response {
        let code = try await child(context)
        let pull = try await SyncBody.message(request, as: WirePullRequest.self)
        let cursor = LogCursor(pull.cursor)
        let limit = Int(min(max(pull.limit, 1), UInt32(SyncProtocol.maxBatch)))
        let wait = Duration.milliseconds(Int(min(pull.waitMillis, SyncProtocol.maxWaitMillis)))
        let deadline = ContinuousClock.now + wait
        status.heard(code.rawValue, allowance: wait + .seconds(5))
        var seen = db.changes.generation
        var pending = try await db.perform { try $0.pendingChanges(after: cursor, scope: .toChild(code), limit: limit) }
        // Long poll: hold the request until a change for this child is committed or time is up.
        while pending.entries.isEmpty && ContinuousClock.now < deadline && !Task.isCancelled && !db.changes.isClosed {
            await db.changes.wait(after: seen, timeout: deadline - ContinuousClock.now)
            seen = db.changes.generation
            pending = try await db.perform { [next = pending.next] db in try db.pendingChanges(after: next, scope: .toChild(code), limit: limit) }
        }
        status.served(code.rawValue, sent: pending.entries.count, cursor: pending.next)
        metrics.servedChanges.increment(by: Int64(pending.entries.count))
        return SyncBody.reply(bytes: try BatchEncoding.pullBatch(
            changes: pending.entries.map(\.payload), next: WireCursor(pending.next), hasMore: pending.hasMore,
            hlc: db.clock.current.packed))
    }

    /// A photo or recording sent up by a child, under the SHA-256 it must hash to.
    private func blob(_ request: Request, _ context: Context) async throws -> Response {
        let code = try await child(context)
        let hash = try context.parameters.require("sha256")
        guard BlobHash.isValid(hash) else {
            throw SyncRefusal(.badRequest, .badRequest, "'\(hash)' is not a SHA-256 in lowercase hex")
        }
        let bytes = try await SyncBody.blob(request)
        let info: BlobInfo
        do {
            info = try await db.perform { try $0.storeBlob(bytes, mediaType: request.headers[.contentType], expectedSHA256: hash, source: code.rawValue) }
        } catch StoreError.invalid(let failure) {
            throw SyncRefusal(.unprocessableContent, .badRequest, failure.description)
        }
        status.succeeded(code.rawValue, relation: "child")
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: info.sha256)))
    }

    /// A course material fetched by a child that holds the course (`blobOwedDown`); any other
    /// hash is answered as not here, whether this node holds it or not.
    private func blobDown(_ request: Request, _ context: Context) async throws -> Response {
        let code = try await child(context)
        let hash = try context.parameters.require("sha256")
        guard BlobHash.isValid(hash) else {
            throw SyncRefusal(.badRequest, .badRequest, "'\(hash)' is not a SHA-256 in lowercase hex")
        }
        guard try await db.perform({ try $0.blobOwedDown(sha256: hash, to: code) }),
            let (info, bytes) = try await db.perform({ try $0.blobBytes(sha256: hash) })
        else {
            throw SyncRefusal(.notFound, .notFound, "no course material \(hash) here for \(code)")
        }
        return Response(status: .ok, headers: [.contentType: info.type.rawValue], body: .init(byteBuffer: ByteBuffer(data: bytes)))
    }
}
