import CareModel
@testable import CareStore
import Foundation
import GRDB
import Testing

/// The map's kept sums per community (v27 `community_elders`) equal the sums of the live elder
/// rows, through creates, edits, moves, deletes and replicated replacements.
@Suite struct MapSummaryTests {
    /// Each home's row: its counts, and its coordinate sums to a millionth of a degree (sums
    /// kept by adding and taking away round differently in the last bits from a fresh sum).
    static func rows(_ db: AppDatabase, _ sql: String) throws -> [String] {
        try db.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                let sums = ["latitude_total", "longitude_total"].map { String(format: "%.6f", row[$0] as Double) }
                return "\(row["home"] as String) \(row["elders"] as Double) \(row["located"] as Double) \(sums.joined(separator: " ")) \(row["alone"] as Double)"
            }
        }
    }

    static func kept(_ db: AppDatabase) throws -> [String] {
        try rows(db, "SELECT home, elders, located, latitude_total, longitude_total, alone FROM community_elders WHERE elders > 0 ORDER BY home")
    }

    static func summed(_ db: AppDatabase) throws -> [String] {
        try rows(db, MapSummary.summed(where: "1") + " ORDER BY home")
    }

    static func elder(_ serial: Int, home: DivisionCode, at place: (Double, Double)?, alone: Bool) -> Elder {
        var elder = StoreFixtures.elder(serial: serial, home: home)
        elder.address = Address(text: "青山区红卫路\(serial)号", location: place.map { Coordinates(latitude: $0.0, longitude: $0.1) })
        elder.livingSituation = alone ? .alone : .withFamily
        return elder
    }

    @Test func theKeptSumsAreTheLiveEldersSums() throws {
        let other = DivisionCode("420107001002")!
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        var elders: [Elder] = []
        for serial in 1...12 {
            let place: (Double, Double)? = serial % 4 == 0 ? nil : (30.5 + Double(serial) / 100, 114.3 + Double(serial) / 50)
            elders.append(try community.createElder(Self.elder(serial, home: StoreFixtures.community, at: place, alone: serial % 3 == 0), actor: "t").model)
        }
        _ = try street.apply(try StoreFixtures.outgoing(community, scope: .toParent(StoreFixtures.street)), from: .child(StoreFixtures.community))
        #expect(try Self.kept(street) == Self.summed(street))
        #expect(try Self.kept(street).first?.hasPrefix("\(StoreFixtures.community.rawValue) 12.0 9.0") == true)

        // Edits at the community (moved, no longer alone, coordinates removed, deleted) reach the street as replacements.
        let head = try community.logHead()
        var moved = elders[0]
        moved.address = Address(text: "新址", location: Coordinates(latitude: 31.0, longitude: 115.0))
        moved.livingSituation = .alone
        _ = try community.updateElder(moved, ifMatch: nil, actor: "t")
        var unplaced = elders[1]
        unplaced.address = Address(text: "未定位")
        _ = try community.updateElder(unplaced, ifMatch: nil, actor: "t")
        try community.deleteElder(id: elders[2].id, ifMatch: nil, actor: "t")
        _ = try street.apply(try StoreFixtures.incoming(community.pendingChanges(after: head, scope: .toParent(StoreFixtures.street), limit: 100).entries), from: .child(StoreFixtures.community))
        // Another community's elders at the street, one re-homed by a direct write.
        for serial in 20...23 { _ = try street.createElder(Self.elder(serial, home: other, at: (30.7, 114.4), alone: true), actor: "t") }
        try street.write { db in
            try db.execute(sql: "UPDATE elder SET home = ? WHERE rowid = (SELECT max(rowid) FROM elder)", arguments: [StoreFixtures.community.rawValue])
        }
        for db in [community, street] {
            #expect(try Self.kept(db) == Self.summed(db))
        }
        let onMap = try street.communitiesOnMap(within: StoreFixtures.street, scope: nil, orders: true, alerts: true)
        #expect(onMap.map(\.code) == [StoreFixtures.community.rawValue, other.rawValue])
        #expect(onMap.map(\.elders) == [12, 3] && onMap[1].livingAlone == 3 && abs((onMap[1].latitude ?? 0) - 30.7) < 1e-9 && onMap[0].openOrders == 0)
    }
}
