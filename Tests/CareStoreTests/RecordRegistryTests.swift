import CareModel
import CareStore
import CareWire
import Foundation
import GRDB
import Testing

/// The registry of record kinds is complete: every kind has a model, a wire mapping, one
/// table that the migrations create, and the rules the registry names for it.
@Suite struct RecordRegistryTests {
    @Test func everyKindHasExactlyOneTableAndTheMigrationsCreateIt() throws {
        #expect(ReplicatedTable.all.map(\.kind).sorted { $0.rawValue < $1.rawValue } == EntityKind.allCases.sorted { $0.rawValue < $1.rawValue })
        #expect(Set(ReplicatedTable.all.map(\.name)).count == ReplicatedTable.all.count)
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        try db.read { db in
            for table in ReplicatedTable.all {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.name))").map { $0["name"] as String }
                #expect(columns.contains("id") && columns.contains("home") && columns.contains("version"), "\(table.name): \(columns)")
            }
        }
    }

    @Test func everyKindTravelsAsItsOwnWireKind() throws {
        var numbers = Set<Int>()
        for kind in EntityKind.allCases {
            let wire = WireEntityKind(kind)
            #expect(try EntityKind(wire: wire) == kind)
            numbers.insert(wire.rawValue)
            #expect(kind.recordType.kind == kind)
        }
        #expect(numbers.count == EntityKind.allCases.count)
        #expect(throws: WireError.self) { try EntityKind(wire: .unspecified) }
    }

    @Test func theRegistryDeclaresEachKindsRules() {
        #expect(EntityKind.organisation.mergeClass == .registry && EntityKind.staff.mergeClass == .registry)
        #expect(EntityKind.elder.mergeClass == .profile && EntityKind.device.mergeClass == .profile)
        #expect(EntityKind.vitalsSummary.mergeClass == .summary && EntityKind.conflict.mergeClass == .conflict)
        #expect(Set(EntityKind.allCases.filter { $0.lane == .urgent }) == [.order, .orderEvent, .alert, .alertEvent, .callRecord])
        #expect(ReplicatedTable.all.filter(\.everywhere).map(\.kind) == [.organisation, .staff, .thresholdDefault, .careDefault, .inspectionTemplate, .performanceWeights, .creditRecord, .policy])
        #expect(EntityKind.thresholdDefault.mergeClass == .registry && EntityKind.thresholdOverride.mergeClass == .profile)
        #expect(ReplicatedTable.all.filter(\.countyWide).map(\.kind) == [.volunteer, .timeEntry])
    }
}
