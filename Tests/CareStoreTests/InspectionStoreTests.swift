import CareModel
import CareStore
import CareWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

/// Inspections in the store: a step that does not fit writes nothing; a station may send its
/// inspector's findings up but never a verdict, which is the street's or the county's.
@Suite struct InspectionStoreTests {
    static let street = StoreFixtures.street
    static let community = StoreFixtures.community

    @Test func aStationsFindingsGoUpButItsVerdictIsRefused() throws {
        let streetDB = try AppDatabase.inMemory(node: Self.street)
        let inspection = Inspection(
            home: Self.community, target: .facility, organisationId: nil, templateId: UUID(), plannedOn: "2026-12-01", inspector: "督查员",
            plannedBy: "街道", plannedAtMillis: 1_764_000_000_000)
        _ = try streetDB.planInspection(inspection, actor: "街道")
        func change(_ event: InspectionEvent) throws -> IncomingChange {
            let envelope = ChangeEnvelope(id: event.id, home: Self.community, version: event.version, body: RecordBody(event))
            return IncomingChange(envelope: envelope, payload: try WireChange(envelope).serializedData())
        }
        let v = { (n: Int64) in Version(hlc: HLC(millis: 1_764_000_000_000 + n, counter: 0), origin: Self.community.rawValue) }
        let finding = InspectionEvent(
            inspectionId: inspection.id, home: Self.community, step: .finding, version: v(1), item: "A1", severity: .minor, note: "消防通道堵塞",
            dueAtMillis: 1_764_000_000_000 + 15 * 86_400_000, actor: "督查员", atMillis: 1_764_000_000_001)
        let answer = InspectionEvent(
            inspectionId: inspection.id, home: Self.community, step: .answer, version: v(2), findingId: finding.id, note: "已清理", actor: "站长",
            atMillis: 1_764_000_000_002)
        let verdict = InspectionEvent(
            inspectionId: inspection.id, home: Self.community, step: .accept, version: v(3), findingId: finding.id, note: "", actor: "站长",
            atMillis: 1_764_000_000_003)
        let outcome = try streetDB.apply([try change(finding), try change(answer), try change(verdict)], from: .child(Self.community))
        #expect(outcome.applied == 2 && outcome.rejected.count == 1, "\(outcome.rejected)")
        let held = try #require(try streetDB.inspection(id: inspection.id, in: nil))
        #expect(held.state.finding(finding.id)?.state == .answered && held.summary.status == .inspecting)

        // Nor may a station plan an inspection of its own (a clean one would lift its organisation's score).
        let forged = Inspection(
            home: Self.community, target: .facility, organisationId: nil, templateId: UUID(), plannedOn: "2026-12-01", inspector: "站长",
            plannedBy: "站长", plannedAtMillis: 1_764_000_000_000)
        let plan = ChangeEnvelope(id: forged.id, home: Self.community, version: v(4), body: RecordBody(forged))
        let refusedPlan = try streetDB.apply([IncomingChange(envelope: plan, payload: try WireChange(plan).serializedData())], from: .child(Self.community))
        #expect(refusedPlan.applied == 0 && refusedPlan.rejected.count == 1)
        #expect(try streetDB.inspection(id: forged.id, in: nil) == nil)

        // At the store, a step that does not fit is refused and writes nothing.
        let before = try StoreFixtures.logCount(streetDB)
        let again = InspectionEvent(inspectionId: inspection.id, home: Self.community, step: .answer, findingId: finding.id, note: "再次反馈", actor: "x", atMillis: 0)
        #expect(throws: InspectionRefusal.self) { try streetDB.appendInspectionEvent(again, actor: "x") }
        #expect(try StoreFixtures.logCount(streetDB) == before)
    }
}
