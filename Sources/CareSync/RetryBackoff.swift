/// The delay before the next attempt of a sync loop after failures in a row.
///
/// It doubles from `minimum` up to `maximum`, and starts again from `minimum` as soon as an
/// attempt did some work: a link that flapped eight times must not wait longer after the eighth
/// outage than after the first. Each delay is drawn from the upper half of its range so that the
/// children of a parent that returns spread their reconnects out.
public struct RetryBackoff: Sendable {
    public let minimum: Duration
    public let maximum: Duration
    /// Failures since the last attempt that did some work.
    public private(set) var failures = 0

    public init(minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// An attempt did some work (an answered exchange): the next failure waits `minimum` again.
    public mutating func succeeded() { failures = 0 }

    /// Records a failure and returns how long to wait before the next attempt; `cap` lowers or
    /// raises the ceiling for this failure (a stated refusal waits longer).
    public mutating func failed(cap: Duration? = nil, random: Double = Double.random(in: 0.5...1.0)) -> Duration {
        failures += 1
        let ceiling = max(minimum, cap ?? maximum)
        let exponent = min(failures - 1, 20)
        let delay = min(ceiling, minimum * Double(1 << exponent))
        return delay * min(1, max(0, random))
    }
}
