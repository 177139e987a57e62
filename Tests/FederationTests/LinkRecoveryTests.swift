import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import NIOHTTP1
import Testing

/// Issue 21: a link that comes back carries changes within seconds, however many outages came
/// before, and whether the link was cut (connections closed) or blackholed (bytes vanish,
/// connections hang). The only timed assertions are the issue's own bounds.
@Suite(.serialized) struct LinkRecoveryTests {
    /// How an outage looks to the nodes.
    enum Outage: String {
        case cut, blackhole
    }

    /// Outage lengths in seconds, cut and blackhole alternating. The issue asks for 1–20 s;
    /// mostly up to 8 s keeps the suite short. Cuts of 6 s and more outlast a connection
    /// attempt, so failures pile up in a row; blackholes past a few seconds leave what was in
    /// flight to TCP's backed-off retransmissions, and the 15 s one outlasts the long poll's
    /// keepalive, so its connection is given up as dead and the link comes back on a new one.
    static let outageSeconds: [Double] = [1, 4, 6, 6, 2, 15, 8, 5, 6, 3]

    /// The bound of the issue: changes flow both ways within 5 s of the link's return.
    static let recoveryBound: Duration = .seconds(5)

    @Test(.timeLimit(.minutes(4)))
    func tenOutagesInARowEachRecoverWithinFiveSecondsBothWays() async throws {
        try await Federation.withSmall { federation in
            // Given a county, a street and a community that replicate both ways…
            let county = federation.db(Codes.county)
            let community = federation.db(Codes.community1)
            let first = try county.createElder(Samples.elder(900, home: Codes.community1), actor: "county")
            let firstUp = try community.createElder(Samples.elder(901, home: Codes.community1), actor: "community")
            try await federation.converge("both first edits arrive") {
                try community.elder(id: first.model.id) != nil && county.elder(id: firstUp.model.id) != nil
            }
            var report: [String] = []
            var slowest: Duration = .zero
            for (index, seconds) in Self.outageSeconds.enumerated() {
                // …when the county's link flaps (both links between county and community at once)…
                let outage: Outage = index % 2 == 0 ? .cut : .blackhole
                for link in [Codes.street1, Codes.community1] {
                    outage == .cut ? federation.cut(link) : federation.blackhole(link)
                }
                try await Task.sleep(for: .seconds(seconds / 2))
                // …and an operator at each end edits during the outage…
                let down = try county.createElder(Samples.elder(1000 + index, home: Codes.community1), actor: "county")
                let up = try community.createElder(Samples.elder(2000 + index, home: Codes.community1), actor: "community")
                try await Task.sleep(for: .seconds(seconds / 2))
                for link in [Codes.street1, Codes.community1] { federation.restore(link) }
                let returned = ContinuousClock.now

                // …then both edits arrive within 5 s of the link's return.
                async let downDelay = Self.delay(since: returned) { try community.elder(id: down.model.id) != nil }
                async let upDelay = Self.delay(since: returned) { try county.elder(id: up.model.id) != nil }
                let (downward, upward) = try await (downDelay, upDelay)
                let line = "outage \(index + 1) (\(outage.rawValue), \(seconds) s): county→community \(Self.text(downward)), community→county \(Self.text(upward))"
                print(line)
                report.append(line)
                #expect(downward.map { $0 <= Self.recoveryBound } == true, "\(line)")
                #expect(upward.map { $0 <= Self.recoveryBound } == true, "\(line)")
                slowest = max(slowest, downward ?? .seconds(99), upward ?? .seconds(99))
            }
            print("slowest recovery over \(Self.outageSeconds.count) outages: \(slowest)")
        }
    }

    /// How long after `start` the condition first held, or nil if not within twice the bound
    /// (waiting longer than the bound tells a slow recovery from a lost change).
    static func delay(since start: ContinuousClock.Instant, _ condition: () throws -> Bool) async throws -> Duration? {
        let held = try await Federation.eventually(timeout: recoveryBound * 2, condition)
        return held ? ContinuousClock.now - start : nil
    }

    static func text(_ delay: Duration?) -> String {
        guard let delay else { return "not within \(recoveryBound * 2)" }
        return String(format: "%.2f s", Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
    }
}
