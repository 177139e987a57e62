import CareModel
@testable import CareStore
import Foundation
import GRDB
import Testing

/// A candidate list's recent work read from the kept days (v30 `organisation_day`) equals what
/// the ratings and visits themselves give, from any start, after loads and after the edits,
/// moves and deletes the triggers must follow.
@Suite struct MatchingSummaryTests {
    static func organisations(_ db: AppDatabase) throws {
        for (index, id) in QualitySummaryTests.organisations.enumerated() {
            _ = try db.createOrganisation(ServiceOrganisation(
                id: id, home: DivisionCode("420107")!, name: "青山区第\(index + 1)养老服务中心", type: .homeCareCenter, categories: [.meals],
                communities: QualitySummaryTests.communities, address: Address(text: "青山区和平大道\(index + 1)号")), actor: "t")
        }
    }

    static func differences(_ db: AppDatabase) throws -> [String] {
        let day = QualitySummaryTests.day, t0 = QualitySummaryTests.t0
        let order = ServiceOrder(
            home: QualitySummaryTests.communities[0], elderId: UUID(), category: .meals, channel: .phone,
            takenAt: QualitySummaryTests.communities[0], takenBy: "op", requestedAtMillis: t0)
        var found: [String] = []
        for since in [t0 - 5 * day, t0 + 7_654_321, t0 + 30 * day, QualitySummaryTests.november + 1, 0, -day, db.clock.wallMillis - 3_600_000, db.clock.wallMillis + day] {
            let kept = try db.candidateFacts(for: order, sinceMillis: since)
            let raw = try db.candidateFacts(for: order, sinceMillis: since, summary: false)
            if kept != raw { found.append("since \(since):\n\(kept)\n\(raw)") }
        }
        return found
    }

    @Test func theKeptDaysGiveWhatTheRecordsGive() throws {
        let db = try AppDatabase.inMemory(node: DivisionCode("420107")!)
        try Self.organisations(db)
        var dice = QualitySummaryTests.Dice(state: 20261208)
        let orders = try QualitySummaryTests.history(db, dice: &dice)
        let order = orders[0]
        let all = try db.candidateFacts(for: order, sinceMillis: 0)
        #expect(all.count == 3 && all.allSatisfy { $0.ratingCount > 0 && $0.timedVisits > 0 && $0.meanStars != nil })
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM organisation_day") ?? 0 } > 30)
        let differences = try Self.differences(db)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")

        try db.write { db in
            let organisations = QualitySummaryTests.organisations
            for (index, order) in orders.enumerated() where index % 7 == 0 {
                try db.execute(sql: "UPDATE service_order SET organisation_id = ? WHERE id = ?", arguments: [organisations[index % 3].uuidString, order.id.uuidString])
            }
            try db.execute(sql: "UPDATE service_order SET checked_in_at = checked_in_at + 5000000, due_at_millis = checked_in_at WHERE rowid % 5 = 1")
            try db.execute(sql: "UPDATE service_order SET organisation_id = NULL WHERE rowid % 17 = 2")
            try db.execute(sql: "DELETE FROM service_order WHERE rowid % 13 = 4")
            try db.execute(sql: "UPDATE evaluation SET stars = 1, organisation_id = ? WHERE rowid % 4 = 0", arguments: [organisations[0].uuidString])
            try db.execute(sql: "UPDATE evaluation SET organisation_id = NULL WHERE rowid % 4 = 3")
            try db.execute(sql: "UPDATE evaluation SET created_at_millis = created_at_millis - 86400000 WHERE rowid % 3 = 2")
            try db.execute(sql: "DELETE FROM evaluation WHERE rowid % 4 = 1")
        }
        let after = try Self.differences(db)
        #expect(after.isEmpty, "\(after.joined(separator: "\n"))")
    }
}
