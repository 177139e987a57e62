import CareModel
import CareStore
import Foundation

/// A realistic mix of work for benchmarks: elders, service orders with their lifecycle events,
/// and evaluations, written at a community the way its operators would.
enum Workload {
    /// Writes about `changes` changes at `db` (a community); returns how many were logged.
    /// - Parameters:
    ///   - firstSerial: where elder serials start, so that several communities of one county
    ///     get distinct citizen IDs.
    ///   - progress: called with the count written so far, every `progressEvery` changes.
    static func write(
        changes: Int, at db: AppDatabase, seed: UInt64 = 7, firstSerial: Int = 0,
        progressEvery: Int = 100_000, progress: (Int) -> Void = { _ in }
    ) throws -> Int {
        var random = SplitMix64(seed: seed)
        let community = db.node
        var written = 0
        // Ids only: a million-change run must not hold half a million elders in memory.
        var elders: [UUID] = []
        var serial = firstSerial
        var nextReport = progressEvery
        let organisation = UUID()
        while written < changes {
            serial += 1
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 55 || elders.isEmpty {
                var elder = DemoSeed.makeElder(community, serial: serial, &random)
                elder.citizenId = uniqueID(community, serial: serial)
                elder.birthDate = elder.citizenId.birthDate
                elders.append(try db.createElder(elder, actor: "bench").model.id)
                written += 1
            } else if roll < 65 {
                let id = elders.randomElement(using: &random)!
                guard var elder = try db.elder(id: id)?.model else { throw StoreError.notFound(.elder, id) }
                elder.phone = "139\(String(format: "%08d", Int.random(in: 0...99_999_999, using: &random)))"
                _ = try db.updateElder(elder, ifMatch: nil, actor: "bench")
                written += 1
            } else if roll < 95 {
                let elder = elders.randomElement(using: &random)!
                let order = try db.createOrder(ServiceOrder(
                    home: community, elderId: elder, category: .meals, channel: .phone, takenAt: community, takenBy: "bench",
                    requestedAtMillis: HybridLogicalClock.systemMillis()), actor: "bench").model
                written += 1
                // An acceptance names its worker, as the record rules require wherever it arrives.
                for (kind, org, worker) in [(OrderEventKind.dispatch, organisation as UUID?, nil as UUID?), (.accept, nil, UUID()), (.checkIn, nil, nil), (.complete, nil, nil)] {
                    _ = try db.appendOrderEvent(OrderEvent(orderId: order.id, home: community, kind: kind, version: .zero, actor: "bench", organisationId: org, workerId: worker), actor: "bench")
                    written += 1
                }
            } else {
                _ = try db.createEvaluation(Evaluation(
                    home: community, orderId: nil, organisationId: organisation, stars: Int.random(in: 1...5, using: &random),
                    evaluator: .family, createdAtMillis: HybridLogicalClock.systemMillis()), actor: "bench")
                written += 1
            }
            if written >= nextReport {
                progress(written)
                nextReport += progressEvery
            }
        }
        return written
    }

    /// Writes `changes` new elders at `db` in transactions of `chunk`: the quick way to give a
    /// community a backlog of a million changes (one transaction per change would take longer
    /// than the catch-up it prepares). Elders are the largest records of the mix.
    static func importElders(changes: Int, at db: AppDatabase, chunk: Int = 5_000, progress: (Int) -> Void = { _ in }) throws -> Int {
        var random = SplitMix64(seed: 13)
        var written = 0
        while written < changes {
            let count = min(chunk, changes - written)
            let elders = (0..<count).map { offset in
                var elder = DemoSeed.makeElder(db.node, serial: written + offset, &random)
                elder.citizenId = uniqueID(db.node, serial: written + offset)
                elder.birthDate = elder.citizenId.birthDate
                return elder
            }
            try db.importElders(elders, actor: "bench")
            written += count
            if written % 100_000 < chunk { progress(written) }
        }
        return written
    }

    /// Citizen IDs unique for up to a few million elders: serial spread over birth dates.
    static func uniqueID(_ community: DivisionCode, serial: Int) -> CitizenID {
        let day = serial / 1000
        let year = 1930 + day / 336
        let month = 1 + (day / 28) % 12
        let date = String(format: "%04d%02d%02d", year, month, 1 + day % 28)
        let body = community.county.rawValue + date + String(format: "%03d", serial % 1000)
        return try! CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!))
    }
}
