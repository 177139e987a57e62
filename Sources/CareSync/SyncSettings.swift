/// Tunables of the sync loop and its link to the parent.
///
/// The defaults are chosen so that a link that returns carries changes within 5 s and a dead
/// link is reported within 15 s (issue 21): a hung connection attempt gives up after
/// `connectTimeout`, the next attempt follows within `maximumBackoff`, and an established
/// connection that stops answering is dropped `longPoll + keepaliveTimeout` after its last
/// long poll was sent at most.
public struct SyncSettings: Sendable {
    /// Changes per push or pull batch: bounds memory however long the node was offline.
    public var batchSize: Int = 1000
    /// How long a pull waits at the parent for news. The long poll doubles as the link's
    /// keepalive at both ends: the child expects its answer by `longPoll + keepaliveTimeout`, and
    /// the parent counts a child silent when its next pull is that late.
    public var longPoll: Duration = .seconds(8)
    /// Retry delays after a failure: doubling from `minimumBackoff` up to `maximumBackoff`, each
    /// drawn at random from the upper half so that children of a parent that comes back do not
    /// all reconnect in the same instant. The cap is low because a retry is one short connect
    /// attempt, and it is what notices a link that has returned.
    public var minimumBackoff: Duration = .milliseconds(200)
    public var maximumBackoff: Duration = .milliseconds(1500)
    /// The cap while the parent refuses us for a stated reason (wrong version, clock skew…):
    /// retrying soon will not help, and an operator has to act first.
    public var refusedBackoff: Duration = .seconds(30)
    /// The longest a new connection (TCP and TLS) may take. A blackholed link hangs connection
    /// attempts, so this bounds how long after the link's return the last hung attempt ends.
    public var connectTimeout: Duration = .seconds(2)
    /// How late the answer to a long poll may be before the connection is given up as dead.
    public var keepaliveTimeout: Duration = .seconds(4)
    /// How long a push or blob upload may take before it is abandoned. Generous: a connection
    /// that stops answering is caught by the keepalive long before this.
    public var requestTimeout: Duration = .seconds(60)
    /// How often the blob uploader looks for photos and recordings to send.
    public var blobPollInterval: Duration = .milliseconds(500)

    public init(batchSize: Int = 1000) {
        self.batchSize = batchSize
    }
}
