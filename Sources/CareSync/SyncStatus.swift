import CareStore
import Foundation
import Synchronization

/// What the operator sees of one sync link (GET /api/v1/sync/status).
public struct PeerStatus: Sendable, Codable, Equatable {
    public var peer: String
    /// "parent" or "child".
    public var relation: String
    public var connected: Bool = false
    public var lastSuccess: Date?
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Changes sent and received over this link since the node started.
    public var changesSent: Int = 0
    public var changesReceived: Int = 0
    /// For a child: the cursor of its last pull, i.e. what it has received from us.
    public var servedCursor: LogCursor?

    public init(peer: String, relation: String) {
        self.peer = peer
        self.relation = relation
    }
}

/// Live link states, shared by the sync loop (parent link), the sync endpoints (child links)
/// and the status route.
public final class SyncStatusBoard: Sendable {
    private let peers = Mutex<[String: PeerStatus]>([:])

    public init() {}

    public func update(_ peer: String, relation: String, _ change: (inout PeerStatus) -> Void) {
        peers.withLock { peers in
            var status = peers[peer] ?? PeerStatus(peer: peer, relation: relation)
            change(&status)
            peers[peer] = status
        }
    }

    public func succeeded(_ peer: String, relation: String, sent: Int = 0, received: Int = 0) {
        update(peer, relation: relation) {
            $0.connected = true
            $0.lastSuccess = Date()
            $0.changesSent += sent
            $0.changesReceived += received
        }
    }

    public func failed(_ peer: String, relation: String, _ message: String) {
        update(peer, relation: relation) {
            $0.connected = false
            $0.lastError = message
            $0.lastErrorAt = Date()
        }
    }

    public var snapshot: [PeerStatus] { peers.withLock { Array($0.values) }.sorted { $0.peer < $1.peer } }
}
