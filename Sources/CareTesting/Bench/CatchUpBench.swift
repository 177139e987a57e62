import CareModel
import CareStore
import Foundation
import GRDB
import Logging

/// A community offline while changes accumulate comes back: time until the county holds them
/// all (two hops), and the process's peak resident memory meanwhile.
///
/// The community node is stopped while it writes, not merely cut off: a node whose link was
/// down for minutes sits in its retry backoff (up to 30 s), which would be measured instead of
/// the transfer. The clock starts when the node starts again.
extension Benchmarks {
    public struct CatchUpFigures: Sendable {
        public var written: Int
        public var seconds: Double
        public var rate: Double
        /// Peak resident memory of the whole process (three nodes) while catching up.
        public var peakMegabytes: Double
        /// Resident memory just before the link came back.
        public var baselineMegabytes: Double
        /// CPU time the process (all three nodes) used meanwhile.
        public var cpuSeconds: Double
    }

    /// Catch-up of `changes` changes over community → street → county.
    /// - Parameter bulk: write the backlog as new elders in large transactions (for a million
    ///   changes) instead of the operators' mix of elders, orders and evaluations.
    public func catchUp(changes: Int, bulk: Bool = false) async throws -> CatchUpFigures {
        let topology = try Topology(name: "bench", nodes: [
            .init(code: Self.county.rawValue, name: "county"), .init(code: Self.street.rawValue, name: "street"),
            .init(code: Self.community.rawValue, name: "community"),
        ])
        let folder = directory.appendingPathComponent("catch-up-\(changes)")
        let federation = try await Federation.start(topology, directory: folder, batchSize: batchSize, logLevel: .error)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let figures = try await catchUp(federation, changes: changes, bulk: bulk)
            await federation.shutdown()
            return figures
        } catch {
            await federation.shutdown()
            throw error
        }
    }

    private func catchUp(_ federation: Federation, changes: Int, bulk: Bool) async throws -> CatchUpFigures {
        await federation.stop(Self.community)
        progress("catch-up: writing \(changes) \(bulk ? "new elders" : "changes") at an offline community")
        let report: (Int) -> Void = { count in progress("catch-up: written \(count)/\(changes)") }
        let community = federation.db(Self.community)
        let written = bulk
            ? try Workload.importElders(changes: changes, at: community, progress: report)
            : try Workload.write(changes: changes, at: community, progressEvery: max(changes / 10, 1), progress: report)
        let baseline = residentMegabytes()
        let sampler = MemorySampler()
        let sampling = Task { await sampler.run() }
        progress("catch-up: community back online (resident \(Int(baseline)) MB)")
        let started = ContinuousClock.now
        let cpuBefore = processCPUSeconds()
        try await federation.restart(Self.community)
        let seconds = try await waitForLog(at: federation.db(Self.county), count: written, since: started, label: "catch-up")
        let cpu = processCPUSeconds() - cpuBefore
        sampling.cancel()
        let peak = max(await sampler.peak, baseline)
        return CatchUpFigures(
            written: written, seconds: seconds, rate: Double(written) / seconds, peakMegabytes: peak, baselineMegabytes: baseline,
            cpuSeconds: cpu)
    }

    /// Waits until `db`'s change log holds `count` entries; returns the seconds since `started`.
    /// Counts incrementally, so checking a log of a million entries costs little.
    func waitForLog(at db: AppDatabase, count: Int, since started: ContinuousClock.Instant, label: String) async throws -> Double {
        var counter = LogCounter()
        var lastReport = ContinuousClock.now
        while try counter.update(db) < count {
            try await Task.sleep(for: .milliseconds(20))
            if ContinuousClock.now - lastReport > .seconds(2) {
                lastReport = ContinuousClock.now
                let elapsed = (ContinuousClock.now - started).seconds
                progress("\(label): county has \(counter.count)/\(count) after \(String(format: "%.1f", elapsed)) s, resident \(Int(residentMegabytes())) MB")
            }
        }
        return (ContinuousClock.now - started).seconds
    }
}

/// Counts change-log entries, reading only those logged since the last look.
struct LogCounter {
    private(set) var count = 0
    private var lastSeq: Int64 = 0

    mutating func update(_ db: AppDatabase) throws -> Int {
        let (added, newest) = try db.read { db -> (Int, Int64?) in
            guard let row = try Row.fetchOne(db, sql: "SELECT count(*), max(seq) FROM change_log WHERE seq > ?", arguments: [lastSeq]) else {
                return (0, nil)
            }
            return (row[0], row[1])
        }
        count += added
        if let newest { lastSeq = newest }
        return count
    }
}

/// Samples resident memory until cancelled.
actor MemorySampler {
    private(set) var peak: Double = 0

    func run() async {
        while !Task.isCancelled {
            peak = max(peak, residentMegabytes())
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
