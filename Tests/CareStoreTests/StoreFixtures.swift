import SwiftProtobuf
import CareModel
import CareStore
import CareWire
import Foundation
import GRDB

enum StoreFixtures {
    static let county = DivisionCode("420107")!
    static let street = DivisionCode("420107001")!
    static let community = DivisionCode("420107001001")!

    static func elder(serial: Int = 1, home: DivisionCode = community) -> Elder {
        let body = "420107" + "19450302" + String(format: "%03d", serial % 1000)
        return Elder(
            home: home, name: "老人\(serial)", gender: .female, birthDate: "1945-03-02",
            citizenId: try! CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!)), phone: "13871234567",
            address: Address(text: "青山区红卫路\(serial)号"), livingSituation: .alone, abilityLevel: 1,
            emergencyContacts: [EmergencyContact(name: "李明", relation: "儿子", phone: "13912345678")])
    }

    static func organisation() -> ServiceOrganisation {
        ServiceOrganisation(
            home: county, name: "青山区幸福居家养老服务中心", type: .homeCareCenter, categories: [.meals, .cleaning],
            communities: [community], address: Address(text: "青山区和平大道1号"))
    }

    /// Every change in `db`'s log that `scope` is owed, as a peer would receive it.
    static func outgoing(_ db: AppDatabase, scope: LogScope) throws -> [IncomingChange] {
        try incoming(db.pendingChanges(after: .start, scope: scope, limit: 10_000).entries)
    }

    /// Log entries as their receiver decodes them.
    static func incoming(_ entries: [LogEntry]) throws -> [IncomingChange] {
        try entries.map { entry in
            let wire = try WireChange(serializedBytes: entry.payload)
            return IncomingChange(envelope: try ChangeEnvelope(wire: wire), payload: entry.payload)
        }
    }

    static func logCount(_ db: AppDatabase) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM change_log") ?? 0 }
    }
}
