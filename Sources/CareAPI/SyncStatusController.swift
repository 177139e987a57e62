import CareModel
import CareStore
import CareSync
import Foundation
import Hummingbird

/// GET /api/v1/sync/status: every link of this node, with what is still waiting each way.
struct SyncStatusController {
    let db: AppDatabase
    let status: SyncStatusBoard
    let parent: DivisionCode?

    struct LinkView: ResponseEncodable, Decodable {
        let peer: String
        let relation: String
        /// `idle` or `draining` (connected, with nothing or something waiting to go to the
        /// peer), `retrying`, `refused`, `silent` (a child not heard from when it should have
        /// been) or `starting`.
        let state: String
        let connected: Bool
        /// The last evidence from the peer: an answered request, or a child's request.
        let lastContact: Date?
        let lastSuccess: Date?
        /// While retrying or refused: since when, and when the next attempt is due (parent only).
        let failingSince: Date?
        let nextAttemptAt: Date?
        let lastError: String?
        /// What kind of failure the last error was: connection-refused, connection-reset,
        /// timed-out, no-answer, tls-refused, tls-failed, connection-closed, refused…
        let lastErrorKind: String?
        let lastErrorAt: Date?
        let changesSent: Int
        let changesReceived: Int
        /// Changes this node still owes the peer (null where only the peer knows).
        let waitingToSend: Int?
        let oldestWaitingSeconds: Double?
        /// The peer's wall clock minus ours at its last handshake, in milliseconds.
        let clockOffsetMillis: Int64?
    }

    struct View: ResponseEncodable, Decodable {
        let node: String
        /// This node's clock against its parent's and its own versions, with a warning when wrong.
        let clock: ClockHealth
        let links: [LinkView]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self).route(.get, requires: .syncRead) { (_: Request, _: NodeRequestContext) -> View in
            try await view()
        }
    }

    func view() async throws -> View {
        var peers = status.snapshot
        if let parent, !peers.contains(where: { $0.peer == parent.rawValue }) {
            peers.insert(PeerStatus(peer: parent.rawValue, relation: "parent"), at: 0)
        }
        let now = db.clock.wallMillis
        var links: [LinkView] = []
        for peer in peers {
            var backlog: (count: Int, oldestLoggedAt: Int64?)?
            if peer.relation == "parent", let code = DivisionCode(peer.peer) {
                backlog = try await db.perform { try $0.backlog(after: $0.cursor(peer: peer.peer, direction: "push"), scope: .toParent(code)) }
            } else if let cursor = peer.servedCursor, let code = DivisionCode(peer.peer) {
                backlog = try await db.perform { try $0.backlog(after: cursor, scope: .toChild(code)) }
            }
            let draining = (backlog?.count ?? 0) > 0 || peer.parentHasMore
            let failing = peer.state == .retrying || peer.state == .refused
            links.append(LinkView(
                peer: peer.peer, relation: peer.relation,
                state: peer.state == .connected ? (draining ? "draining" : "idle") : peer.state.rawValue,
                connected: peer.connected, lastContact: peer.lastContact, lastSuccess: peer.lastSuccess,
                failingSince: failing ? peer.failingSince : nil, nextAttemptAt: failing ? peer.nextAttemptAt : nil,
                lastError: peer.lastError, lastErrorKind: peer.lastErrorKind?.rawValue, lastErrorAt: peer.lastErrorAt,
                changesSent: peer.changesSent, changesReceived: peer.changesReceived, waitingToSend: backlog?.count,
                oldestWaitingSeconds: backlog?.oldestLoggedAt.map { Double(now - $0) / 1000 },
                clockOffsetMillis: peer.clockOffsetMillis))
        }
        let parentOffset = parent.flatMap { code in peers.first { $0.peer == code.rawValue }?.clockOffsetMillis }
        let clock = ClockHealth(
            wallMillis: db.clock.wallMillis, hybridMillis: db.clock.current.millis, parentOffsetMillis: parentOffset,
            limitMillis: db.clock.maxSkewMillis, parent: parent)
        return View(node: db.node.rawValue, clock: clock, links: links)
    }
}
