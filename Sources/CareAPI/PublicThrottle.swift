import CareModel
import Foundation
import Hummingbird
import Synchronization

/// Token buckets per client address, plus one for everyone, for the public channel: a
/// family's form and the tracking lookup are open without an account, so a flood from one
/// address (or from many) is refused with 429 and how long to wait.
final class PublicThrottle: Sendable {
    struct Rule: Sendable {
        /// Requests allowed at once.
        let capacity: Double
        /// Requests given back per millisecond.
        let refillPerMilli: Double

        /// `count` requests per `seconds`.
        init(_ count: Int, per seconds: Int) {
            capacity = Double(count)
            refillPerMilli = Double(count) / (Double(seconds) * 1000)
        }
    }

    private struct Bucket {
        var tokens: Double
        var atMillis: Int64
    }

    private let perAddress: Rule
    private let overall: Rule
    private let clock: @Sendable () -> Int64
    private let state = Mutex<(buckets: [String: Bucket], overall: Bucket?)>(([:], nil))
    /// Past this many addresses, those whose buckets are full again are forgotten.
    private static let addressesKept = 10_000

    init(perAddress: Rule, overall: Rule, clock: @escaping @Sendable () -> Int64) {
        self.perAddress = perAddress
        self.overall = overall
        self.clock = clock
    }

    /// Takes a token for `address` (and one from the overall bucket); nil when allowed, else
    /// the seconds to wait.
    func take(_ address: String) -> Int? {
        let now = clock()
        return state.withLock { state -> Int? in
            var mine = Self.refilled(state.buckets[address], perAddress, now)
            var all = Self.refilled(state.overall, overall, now)
            if mine.tokens < 1 { return Self.wait(mine, perAddress) }
            if all.tokens < 1 { return Self.wait(all, overall) }
            mine.tokens -= 1
            all.tokens -= 1
            if state.buckets.count >= Self.addressesKept {
                state.buckets = state.buckets.filter { Self.refilled($0.value, perAddress, now).tokens < perAddress.capacity }
            }
            state.buckets[address] = mine
            state.overall = all
            return nil
        }
    }

    private static func refilled(_ bucket: Bucket?, _ rule: Rule, _ now: Int64) -> Bucket {
        guard let bucket else { return Bucket(tokens: rule.capacity, atMillis: now) }
        let elapsed = Double(max(0, now - bucket.atMillis))
        return Bucket(tokens: min(rule.capacity, bucket.tokens + elapsed * rule.refillPerMilli), atMillis: now)
    }

    private static func wait(_ bucket: Bucket, _ rule: Rule) -> Int {
        max(1, Int(((1 - bucket.tokens) / rule.refillPerMilli / 1000).rounded(.up)))
    }
}

extension PublicThrottle {
    /// Submissions: 5 per 10 minutes from one address, 200 per 10 minutes in all.
    static func submissions(clock: @escaping @Sendable () -> Int64) -> PublicThrottle {
        PublicThrottle(perAddress: Rule(5, per: 600), overall: Rule(200, per: 600), clock: clock)
    }

    /// Tracking lookups: 30 a minute from one address, 600 a minute in all.
    static func lookups(clock: @escaping @Sendable () -> Int64) -> PublicThrottle {
        PublicThrottle(perAddress: Rule(30, per: 60), overall: Rule(600, per: 60), clock: clock)
    }

    /// Throws 429 with Retry-After and a message in English and Chinese when `address` is over its limit.
    func check(_ address: String?) throws {
        guard let seconds = take(address ?? "unknown") else { return }
        var error = APIError(
            .tooManyRequests, en: "too many requests from this address; try again in \(seconds) seconds",
            zh: "请求过于频繁，请\(seconds)秒后再试")
        error.headers[.retryAfter] = String(seconds)
        throw error
    }
}
