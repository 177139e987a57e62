import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import Testing

/// The county scenario of `carenode bench` at a tiny scale, so that it keeps working: the bulk
/// build gives a store a real node serves, every console query answers 200 with something
/// listed, each leaves query plans, and the backup is made. Timings are not checked.
@Suite(.serialized) struct CountyBenchTests {
    static var tiny: CountyScale {
        var scale = CountyScale()
        scale.elders = 400
        scale.communities = 8
        scale.streets = 2
        scale.orders = 3_000
        scale.alerts = 600
        scale.vitalsElders = 10
        scale.vitalsDays = 20
        scale.auditEntries = 2_000
        scale.organisations = 6
        scale.days = 30
        return scale
    }

    @Test func theCountyScenarioAnswersEveryConsoleQueryOnABulkBuiltCounty() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-county-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = Benchmarks(directory: folder) { _ in }
        let figures = try await bench.county(Self.tiny, clients: 3, rounds: 2)

        #expect(figures.rows > 3_000 + 400 + 600 + 200 + 2_000)
        #expect(figures.databaseBytes > 0 && figures.backupBytes > 0)
        #expect(figures.queries.count == 16)
        for query in figures.queries {
            #expect(query.latencies.count == 3 * 2, "\(query.name)")
            #expect(query.failures.isEmpty, "\(query.name): \(query.failures.prefix(2))")
            #expect(query.empty == 0, "\(query.name) listed nothing \(query.empty) times, e.g. \(query.example)")
            #expect(figures.plans.contains { $0.query == query.name && !$0.plan.steps.isEmpty }, "\(query.name) has no plan")
        }
        // The lists the indexes of v24 serve read no whole table.
        for name in ["elders: last 4 digits of citizen ID", "elders: by phone", "orders: by organisation", "candidates for an order"] {
            // The registry of organisations is read whole: every one is a possible candidate.
            // The node's device sweep (its own timer, every few seconds) can run while a
            // request is traced; its statements are not the query's.
            let scans = figures.plans.filter { $0.query == name && !$0.plan.sql.contains("device_activity") }
                .flatMap(\.plan.fullScans).filter { $0 != "SCAN organisation" }
            #expect(scans.isEmpty, "\(name): \(scans)")
        }
        #expect(figures.table.contains("service quality by street, 12 calendar months"))
        // A year of quality figures reads the kept monthly sums by street (v32), not the year's records.
        let quality = figures.plans.filter { $0.query == "service quality by street, 12 calendar months" }.map(\.plan.sql)
        #expect(quality.contains { $0.contains("FROM quality_street_month") }, "\(quality)")
        #expect(!quality.contains { $0.contains("FROM service_order") }, "\(quality)")
    }

    /// What the bulk load writes is what the store holds for the same history: the order's
    /// state is folded from its events, a rating becomes an evaluation, an alert's status
    /// follows its handling, and a record the rules refuse is not written.
    @Test func aBulkLoadFoldsOrdersAndAlertsAndRefusesBrokenRecords() throws {
        let community = DivisionCode("420107001001")!
        let db = try AppDatabase.inMemory(node: DivisionCode("420107")!)
        let organisation = try db.createOrganisation(ServiceOrganisation(
            home: DivisionCode("420107")!, name: "幸福居家养老服务中心", type: .homeCareCenter, categories: [.meals], communities: [community],
            address: Address(text: "青山区和平大道1号")), actor: "admin").model
        let elder = Elder(
            home: community, name: "王秀英", gender: .female, birthDate: "1940-03-02",
            citizenId: try CitizenID(validating: "42010719400302002" + String(try #require(CitizenID.checkCharacter(for: "42010719400302002")))), phone: "13900001111", address: Address(text: "青山区红卫路3号"),
            livingSituation: .alone, abilityLevel: 2, chronicConditions: [],
            emergencyContacts: [EmergencyContact(name: "李建国", relation: "儿子", phone: "13900002222")])
        let t0: Int64 = 1_760_000_000_000
        func v(_ minutes: Int64) -> Version { Version(hlc: HLC(millis: t0 + minutes * 60_000, counter: 0), origin: community.rawValue) }
        let order = ServiceOrder(home: community, elderId: elder.id, category: .meals, channel: .phone, takenAt: community, takenBy: "op", requestedAtMillis: t0)
        var batch = BulkBatch()
        batch.elders = [(elder, v(-100))]
        batch.orders = [(order, v(0))]
        batch.orderEvents = [
            OrderEvent(orderId: order.id, home: community, kind: .dispatch, version: v(5), actor: "op", organisationId: organisation.id),
            OrderEvent(orderId: order.id, home: community, kind: .accept, version: v(10), actor: "op", workerId: UUID()),
            OrderEvent(orderId: order.id, home: community, kind: .checkIn, version: v(40), actor: "op"),
            OrderEvent(orderId: order.id, home: community, kind: .complete, version: v(90), actor: "op", details: [StepDetail.durationMinutes: "45"]),
            OrderEvent(orderId: order.id, home: community, kind: .rate, version: v(100), actor: "op", details: [StepDetail.stars: "5"]),
        ]
        let reading = Reading(measure: .heartRate, value: 150, atMillis: t0)
        let alert = Alert(home: community, elderId: elder.id, deviceSerial: "DEV-1", condition: try #require(AlertRules.evaluate(reading)), place: "家中", raisedAtMillis: t0)
        batch.alerts = [(alert, v(0))]
        batch.alertEvents = [AlertEvent(alertId: alert.id, home: community, step: .resolve, version: v(3), actor: "op", atMillis: t0 + 180_000)]
        try db.bulkLoad(batch)

        let summary = try #require(try db.order(id: order.id))
        #expect(summary.status == .rated)
        #expect(summary.organisationId == organisation.id)
        #expect(summary.completedAt == t0 + 90 * 60_000)
        #expect(try db.evaluations(ListFilter()).items.map(\.model.stars) == [5])
        #expect(try db.alert(id: alert.id)?.summary.status == .resolved)
        let stored = try #require(try db.elder(id: elder.id))
        #expect(stored.model == elder && stored.meta.version == v(-100))
        var byTail = ListFilter()
        let id = elder.citizenId.rawValue
        byTail.citizenIdTail = String(id.suffix(4))
        #expect(try db.elders(byTail).items.map(\.model.id) == [elder.id])
        byTail.citizenIdTail = String(id.suffix(6))
        #expect(try db.elders(byTail).items.map(\.model.id) == [elder.id])
        byTail.citizenIdTail = "9" + String(id.suffix(4))
        #expect(try db.elders(byTail).items.isEmpty)
        var byPhone = ListFilter()
        byPhone.phone = "13900001111"
        #expect(try db.elders(byPhone).total == 1)

        var broken = BulkBatch()
        var bad = elder
        bad.id = UUID()
        bad.name = ""
        broken.elders = [(bad, v(0))]
        #expect(throws: BulkLoadError.self) { try db.bulkLoad(broken) }
        #expect(try db.elder(id: bad.id) == nil)
    }
}
