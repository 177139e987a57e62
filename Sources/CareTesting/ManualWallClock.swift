import CareModel
import Foundation
import Synchronization

/// A wall clock a test moves forward by hand: the account clock of a node under test, so
/// that a lockout or an idle session ends without waiting for it.
public final class ManualWallClock: Sendable {
    private let offset = Mutex<Int64>(0)

    public init() {}

    /// System time plus everything `advance` added.
    @Sendable public func now() -> Int64 { HybridLogicalClock.systemMillis() + offset.withLock { $0 } }

    public func advance(minutes: Int64) { offset.withLock { $0 += minutes * 60_000 } }
}
