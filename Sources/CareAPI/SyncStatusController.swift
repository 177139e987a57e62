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

    struct LinkView: ResponseEncodable {
        let peer: String
        let relation: String
        let connected: Bool
        let lastSuccess: Date?
        let lastError: String?
        let lastErrorAt: Date?
        let changesSent: Int
        let changesReceived: Int
        /// Changes this node still owes the peer (null where only the peer knows).
        let waitingToSend: Int?
        let oldestWaitingSeconds: Double?
    }

    struct View: ResponseEncodable {
        let node: String
        let links: [LinkView]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self).get { _, _ in try view() }
    }

    func view() throws -> View {
        var peers = status.snapshot
        if let parent, !peers.contains(where: { $0.peer == parent.rawValue }) {
            peers.insert(PeerStatus(peer: parent.rawValue, relation: "parent"), at: 0)
        }
        let now = HybridLogicalClock.systemMillis()
        let links = try peers.map { peer -> LinkView in
            var backlog: (count: Int, oldestLoggedAt: Int64?)?
            if peer.relation == "parent", let code = DivisionCode(peer.peer) {
                backlog = try db.backlog(after: db.cursor(peer: peer.peer, direction: "push"), scope: .toParent(code))
            } else if let cursor = peer.servedCursor, let code = DivisionCode(peer.peer) {
                backlog = try db.backlog(after: cursor, scope: .toChild(code))
            }
            return LinkView(
                peer: peer.peer, relation: peer.relation, connected: peer.connected, lastSuccess: peer.lastSuccess,
                lastError: peer.lastError, lastErrorAt: peer.lastErrorAt, changesSent: peer.changesSent,
                changesReceived: peer.changesReceived, waitingToSend: backlog?.count,
                oldestWaitingSeconds: backlog?.oldestLoggedAt.map { Double(now - $0) / 1000 })
        }
        return View(node: db.node.rawValue, links: links)
    }
}
