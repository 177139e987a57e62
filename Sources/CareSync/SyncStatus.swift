import CareStore
import Foundation
import Synchronization

/// Where a sync link stands, as the operator sees it.
public enum LinkState: String, Sendable, Codable {
    /// Nothing has been heard from the peer yet since the node started.
    case starting
    /// The peer answered recently (parent), or its requests arrive when due (child).
    case connected
    /// The last exchange failed; the loop tries again at `nextAttemptAt`.
    case retrying
    /// The peer refused us for a stated reason (or we refused it); an operator has to act.
    case refused
    /// A child that has not been heard from for longer than its long poll should take.
    case silent
}

/// What the operator sees of one sync link (GET /api/v1/sync/status).
public struct PeerStatus: Sendable, Codable, Equatable {
    public var peer: String
    /// "parent" or "child".
    public var relation: String
    /// For the parent link, set by the sync loop; for a child, derived from `lastContact` and
    /// `quietUntil` when read (see `SyncStatusBoard.snapshot(at:)`).
    public var state: LinkState = .starting
    public var connected: Bool { state == .connected }
    /// The last evidence from the peer: an answered request (parent), a request (child).
    public var lastContact: Date?
    /// The last exchange that moved or checked data.
    public var lastSuccess: Date?
    /// For a retrying or refused link: since when it has been failing, and when the next attempt is due.
    public var failingSince: Date?
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var lastErrorKind: LinkFailureKind?
    public var lastErrorAt: Date?
    /// Changes sent and received over this link since the node started.
    public var changesSent: Int = 0
    public var changesReceived: Int = 0
    /// For a child: the cursor of its last pull, i.e. what it has received from us.
    public var servedCursor: LogCursor?
    /// For a child: the latest time by which its next request is due if the link is up.
    public var quietUntil: Date?
    /// For the parent: whether its last pull answer said more is waiting there.
    public var parentHasMore: Bool = false
    /// The peer's wall clock minus ours at its last handshake (half the round trip allowed for
    /// at the child): how far apart the two clocks are.
    public var clockOffsetMillis: Int64?

    public init(peer: String, relation: String) {
        self.peer = peer
        self.relation = relation
    }
}

/// Live link states, shared by the sync loop (parent link), the sync endpoints (child links)
/// and the status route.
public final class SyncStatusBoard: Sendable {
    private let peers = Mutex<[String: PeerStatus]>([:])
    /// How long after a child's request its next one is due when nothing says otherwise.
    public static let childQuietAllowance: Duration = .seconds(15)

    public init() {}

    public func update(_ peer: String, relation: String, _ change: (inout PeerStatus) -> Void) {
        peers.withLock { peers in
            var status = peers[peer] ?? PeerStatus(peer: peer, relation: relation)
            change(&status)
            peers[peer] = status
        }
    }

    /// The peer answered an exchange: the link is connected, and a failure streak is over.
    public func succeeded(_ peer: String, relation: String, sent: Int = 0, received: Int = 0) {
        let now = Date()
        update(peer, relation: relation) {
            $0.state = .connected
            $0.lastContact = now
            $0.lastSuccess = now
            $0.failingSince = nil
            $0.nextAttemptAt = nil
            $0.changesSent += sent
            $0.changesReceived += received
        }
    }

    /// A child's request arrived; its next one is due within `allowance` if the link stays up.
    public func heard(_ peer: String, allowance: Duration = SyncStatusBoard.childQuietAllowance) {
        let now = Date()
        update(peer, relation: "child") {
            $0.lastContact = now
            $0.quietUntil = max($0.quietUntil ?? now, now.addingTimeInterval(allowance.seconds))
        }
    }

    /// A child's pull was answered with `sent` changes, leaving it at `cursor`.
    public func served(_ peer: String, sent: Int, cursor: LogCursor) {
        update(peer, relation: "child") {
            $0.servedCursor = cursor
            $0.changesSent += sent
            $0.lastSuccess = Date()
        }
    }

    /// An exchange failed. A refusal puts the link in `refused`, anything else in `retrying`.
    public func failed(_ peer: String, relation: String, _ message: String, kind: LinkFailureKind = .other, nextAttempt: Date? = nil) {
        let now = Date()
        update(peer, relation: relation) {
            $0.state = kind.isRefusal ? .refused : .retrying
            if $0.failingSince == nil { $0.failingSince = now }
            $0.nextAttemptAt = nextAttempt
            $0.lastError = message
            $0.lastErrorKind = kind
            $0.lastErrorAt = now
        }
    }

    /// Every link, with each child's state worked out for the moment `now`.
    public func snapshot(at now: Date = Date()) -> [PeerStatus] {
        peers.withLock { Array($0.values) }.map { peer in
            guard peer.relation == "child" else { return peer }
            var child = peer
            if let errorAt = child.lastErrorAt, child.lastErrorKind?.isRefusal == true, errorAt >= (child.lastContact ?? .distantPast).addingTimeInterval(-0.001) {
                child.state = .refused
            } else if let quietUntil = child.quietUntil {
                child.state = now <= quietUntil ? .connected : .silent
            }
            return child
        }.sorted { $0.peer < $1.peer }
    }

    public var snapshot: [PeerStatus] { snapshot() }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
