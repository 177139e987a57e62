import Synchronization

/// A hybrid logical clock reading: wall-clock milliseconds and a counter for events within the
/// same millisecond. Packed into one `Int64` (millis << 16 | counter) so SQLite can index and
/// compare it as an integer.
public struct HLC: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let millis: Int64
    public let counter: UInt16

    public static let zero = HLC(millis: 0, counter: 0)

    public init(millis: Int64, counter: UInt16) {
        self.millis = millis
        self.counter = counter
    }

    public init(packed: Int64) {
        millis = packed >> 16
        counter = UInt16(truncatingIfNeeded: packed & 0xFFFF)
    }

    public var packed: Int64 { millis << 16 | Int64(counter) }

    public static func < (lhs: HLC, rhs: HLC) -> Bool { lhs.packed < rhs.packed }

    public var description: String { "\(millis).\(counter)" }

    /// The reading just after this one.
    public var successor: HLC {
        counter == .max ? HLC(millis: millis + 1, counter: 0) : HLC(millis: millis, counter: counter + 1)
    }

    public init(from decoder: any Decoder) throws {
        self.init(packed: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(packed)
    }
}

/// The version of a change: when (HLC) and where (the writing node's code). Ordered by clock,
/// then by node code, so every node breaks ties the same way.
public struct Version: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let hlc: HLC
    public let origin: String

    public static let zero = Version(hlc: .zero, origin: "")

    public init(hlc: HLC, origin: String) {
        self.hlc = hlc
        self.origin = origin
    }

    public static func < (lhs: Version, rhs: Version) -> Bool {
        lhs.hlc != rhs.hlc ? lhs.hlc < rhs.hlc : lhs.origin < rhs.origin
    }

    public var description: String { "\(hlc)@\(origin)" }
}

/// Thrown when a peer's clock is too far from ours to order its changes safely.
public struct ClockSkewError: Error, Sendable, CustomStringConvertible {
    public let skewMillis: Int64
    public let limitMillis: Int64

    public var description: String {
        "peer clock differs from ours by \(skewMillis / 1000) s, more than the allowed \(limitMillis / 1000) s"
    }
}

/// A hybrid logical clock (Kulkarni et al.): readings follow the wall clock when it moves
/// forward and never go backwards when it does not, and they move past every reading observed
/// from a peer, so a change made after seeing another always sorts after it.
public final class HybridLogicalClock: Sendable {
    public typealias WallClock = @Sendable () -> Int64

    private let state: Mutex<HLC>
    private let wallClock: WallClock
    /// Largest accepted distance between a peer reading and our wall clock.
    public let maxSkewMillis: Int64

    /// - Parameters:
    ///   - last: the largest reading this node ever issued or saw (persisted by the store), so
    ///     a restart with the wall clock set back still moves forward.
    public init(last: HLC = .zero, maxSkewMillis: Int64 = 5 * 60 * 1000, wallClock: @escaping WallClock = HybridLogicalClock.systemMillis) {
        state = Mutex(last)
        self.wallClock = wallClock
        self.maxSkewMillis = maxSkewMillis
    }

    /// A new reading for a local event.
    public func now() -> HLC {
        let physical = wallClock()
        return state.withLock { last in
            let next = physical > last.millis ? HLC(millis: physical, counter: 0) : last.successor
            last = next
            return next
        }
    }

    /// The latest reading issued, without advancing.
    public var current: HLC { state.withLock { $0 } }

    /// Moves the clock past a reading received from a peer.
    /// - Throws: `ClockSkewError` when the reading is further ahead of our wall clock than allowed;
    ///   the clock is not moved then.
    public func observe(_ remote: HLC) throws(ClockSkewError) {
        let physical = wallClock()
        if remote.millis - physical > maxSkewMillis {
            throw ClockSkewError(skewMillis: remote.millis - physical, limitMillis: maxSkewMillis)
        }
        state.withLock { last in
            if remote > last { last = remote }
        }
    }

    /// Checks a peer's wall-clock reading against ours, in either direction.
    public func checkSkew(peerMillis: Int64) throws(ClockSkewError) {
        // A peer's reading is any Int64 it likes: the difference is taken without overflow.
        let (difference, overflow) = peerMillis.subtractingReportingOverflow(wallClock())
        let skew = overflow ? Int64.max : Int64(clamping: difference.magnitude)
        if skew > maxSkewMillis { throw ClockSkewError(skewMillis: skew, limitMillis: maxSkewMillis) }
    }

    public var wallMillis: Int64 { wallClock() }

    @Sendable public static func systemMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
