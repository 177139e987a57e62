import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import GRDB
import NIOHTTP1
import SwiftProtobuf
import Testing

/// Alert thresholds and risk reminders across the tiers: an elder's own bounds set at the
/// station decide its alerts there and reach the county; a default the county sets reaches the
/// station and decides alerts there; the county sees an elder whose blood pressure rises.
@Suite(.serialized) struct ThresholdFederationTests {
    typealias J = HealthFederationTests.J

    /// A device report of one systolic reading, taken now.
    static func systolic(_ value: Int) -> Data {
        Data(#"{"readings":[{"measure":"systolic","value":\#(value),"unit":"mmHg","timestamp":"\#(Date().formatted(.iso8601))"}]}"#.utf8)
    }

    /// Posts a report as the device over the station's HTTP ingest.
    static func report(_ federation: Federation, _ code: DivisionCode, serial: String, token: String, _ body: Data) async throws -> (raised: [String], repeated: [String]) {
        let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
        defer { Task { await client.shutdown() } }
        let reply = try await client.send(.POST, "/api/v1/devices/\(serial)/readings", token: token, body: body)
        #expect(reply.status == 201, "\(reply.text)")
        return (reply.json["alertsRaised"] as? [String] ?? [], reply.json["alertsRepeated"] as? [String] ?? [])
    }

    static func systolicOrigin(_ db: AppDatabase, _ elder: UUID) throws -> (ThresholdOrigin, Threshold)? {
        try db.effectiveThresholds(elderId: elder).entries.first { $0.measure == .systolic }.map { ($0.origin, $0.threshold) }
    }

    @Test func aHypertensiveElderOwnThresholdRaisesAnAlertAHealthyElderDoesNotAndRemovingItRestoresTheDefault() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let units = try AlertFederationTests.devices(community, count: 2, from: 41)
            let (hypertensive, healthy) = (units[0], units[1])
            let station = try await HealthFederationTests.Staff.open(federation, Codes.community1)
            let client = station.client
            defer { Task { await client.shutdown() } }

            _ = try await station.send(.POST, "/api/v1/elders/\(hypertensive.elder.id)/conditions", ["disease": J("hypertension")])
            let before = try await station.send(.GET, "/api/v1/elders/\(hypertensive.elder.id)/thresholds")
            let rows = try #require(before.json["thresholds"] as? [[String: Any]])
            let systolic = try #require(rows.first { $0["measure"] as? String == "systolic" })
            #expect(systolic["origin"] as? String == "condition" && (systolic["bounds"] as? [String: Any])?["high"] as? Double == 150)

            // The doctor asks for 130 for this elder: the station sets it.
            let set = try await station.send(.PUT, "/api/v1/elders/\(hypertensive.elder.id)/thresholds/systolic", [
                "low": J(90), "high": J(130), "criticalLow": J(70), "criticalHigh": J(170), "note": J("医嘱：收缩压控制在130mmHg以下"),
            ])
            let after = try #require((set.json["thresholds"] as? [[String: Any]])?.first { $0["measure"] as? String == "systolic" })
            #expect(after["origin"] as? String == "elder" && after["setBy"] as? String == "health-\(Codes.community1)")

            // 135 mmHg alerts for this elder, not for a healthy one (whose warning is above 140).
            let own = try await Self.report(federation, Codes.community1, serial: hypertensive.device.serial, token: hypertensive.token, Self.systolic(135))
            #expect(own.raised.count == 1)
            let other = try await Self.report(federation, Codes.community1, serial: healthy.device.serial, token: healthy.token, Self.systolic(135))
            #expect(other.raised.isEmpty && other.repeated.isEmpty)
            let alert = try #require(try community.alerts(ListFilter(equals: [.elderId: hypertensive.elder.id.uuidString])).items.first)
            #expect(alert.alert.condition == "systolic.high")

            // The override set at the station reaches the county.
            try await federation.converge("the override at the county") {
                try Self.systolicOrigin(county, hypertensive.elder.id)?.0 == .elder
                    && Self.systolicOrigin(county, hypertensive.elder.id)?.1.high == 130
            }

            // Removed: the hypertension default (150) applies again and 135 raises nothing,
            // neither a new alert nor a repeat of the open one.
            _ = try await station.send(.DELETE, "/api/v1/elders/\(hypertensive.elder.id)/thresholds/systolic")
            #expect(try Self.systolicOrigin(community, hypertensive.elder.id)?.0 == .condition)
            let again = try await Self.report(federation, Codes.community1, serial: hypertensive.device.serial, token: hypertensive.token, Self.systolic(135))
            #expect(again.raised.isEmpty && again.repeated.isEmpty)
            try await federation.converge("the removal at the county") {
                try Self.systolicOrigin(county, hypertensive.elder.id)?.0 == .condition
            }
            // Set again after removal: the same record comes back to life.
            _ = try await station.send(.PUT, "/api/v1/elders/\(hypertensive.elder.id)/thresholds/systolic", ["high": J(132)])
            try await federation.converge("the override set again at the county") {
                try Self.systolicOrigin(county, hypertensive.elder.id)?.1 == Threshold(high: 132)
            }
        }
    }

    @Test func aDefaultSetAtTheCountyReachesTheStationAndDecidesItsAlerts() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let unit = try AlertFederationTests.devices(community, count: 1, from: 51)[0]
            let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
            _ = try community.createCondition(
                ChronicCondition(home: Codes.community1, elderId: unit.elder.id, disease: .hypertension, registeredOn: today), actor: "t")
            #expect(try Self.systolicOrigin(community, unit.elder.id)?.1.high == 150, "the shipped hypertension default")
            let before = try await Self.report(federation, Codes.community1, serial: unit.device.serial, token: unit.token, Self.systolic(142))
            #expect(before.raised.isEmpty, "142 is within the shipped elderly target")

            let desk = try await WorkOrderFederationTests.Desk.open(federation, Codes.county)
            defer { Task { await desk.client.shutdown() } }
            let set = try await desk.send(.PUT, "/api/v1/thresholds/defaults/hypertension/systolic", [
                "low": J(90), "high": J(140), "criticalLow": J(70), "criticalHigh": J(180), "source": J("县卫健委：能耐受者降至<140/90mmHg"),
            ])
            #expect(set.json["edited"] as? Bool == true && (set.json["shipped"] as? [String: Any])?["high"] as? Double == 150)

            try await federation.converge("the county default at the station") {
                try Self.systolicOrigin(community, unit.elder.id)?.1.high == 140
            }
            let after = try await Self.report(federation, Codes.community1, serial: unit.device.serial, token: unit.token, Self.systolic(142))
            #expect(after.raised.count == 1, "the county's 140 applies at the station")
            // The station lists the default as the county's edit.
            let station = try await HealthFederationTests.Staff.open(federation, Codes.community1)
            let client = station.client
            defer { Task { await client.shutdown() } }
            let list = try await station.send(.GET, "/api/v1/thresholds/defaults")
            let row = try #require((list.json["items"] as? [[String: Any]])?.first { $0["condition"] as? String == "hypertension" && $0["measure"] as? String == "systolic" })
            #expect(row["edited"] as? Bool == true && row["source"] as? String == "县卫健委：能耐受者降至<140/90mmHg")

            // Removed at the county: the shipped default is back at the station.
            _ = try await desk.send(.DELETE, "/api/v1/thresholds/defaults/hypertension/systolic")
            try await federation.converge("the shipped default back at the station") {
                try Self.systolicOrigin(community, unit.elder.id)?.1.high == 150
            }
        }
    }

    @Test func theCountySeesAnElderWhoseBloodPressureRisesAtRisingRiskAndNotOneWhoseIsFlat() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let units = try AlertFederationTests.devices(community, count: 2, from: 61)
            let (rising, flat) = (units[0], units[1])
            let now = HybridLogicalClock.systemMillis()
            for day in 0..<30 {
                let at = now - Int64(29 - day) * 86_400_000
                _ = try community.ingest(
                    DeviceReport(readings: [Reading(measure: .systolic, value: 128 + Double(day) * 0.6, atMillis: at)], signals: []),
                    device: rising.device, elder: rising.elder, nowMillis: now)
                _ = try community.ingest(
                    DeviceReport(readings: [Reading(measure: .systolic, value: 126, atMillis: at)], signals: []),
                    device: flat.device, elder: flat.elder, nowMillis: now)
            }
            let desk = try await WorkOrderFederationTests.Desk.open(federation, Codes.county)
            defer { Task { await desk.client.shutdown() } }
            var items: [[String: Any]] = []
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                items = try await desk.send(.GET, "/api/v1/health/risks").json["items"] as? [[String: Any]] ?? []
                if items.contains(where: { $0["elderId"] as? String == rising.elder.id.uuidString }) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let row = try #require(items.first { $0["elderId"] as? String == rising.elder.id.uuidString }, "\(items)")
            #expect(row["rising"] as? Bool == true && row["home"] as? String == Codes.community1.rawValue)
            let findings = try #require(row["findings"] as? [[String: Any]])
            let trend = try #require(findings.first { $0["rule"] as? String == "risingBloodPressure" })
            #expect((trend["figure"] as? Double ?? 0) >= RiskRules.risingSlopePerWeek && (trend["messageZh"] as? String)?.contains("收缩压") == true)
            #expect(!items.contains { $0["elderId"] as? String == flat.elder.id.uuidString }, "a flat series raises no reminder")
        }
    }

    @Test func anElderOwnThresholdMovesWithTheElderAndLeavesTheOldSubtree() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let elder = try community1.createElder(Samples.elder(71, home: Codes.community1), actor: "t").model
            _ = try community1.setThresholdOverride(
                ThresholdOverride(home: Codes.community1, elderId: elder.id, measure: .glucose, threshold: Threshold(low: 4.4, high: 9), setBy: "t", setAtMillis: HybridLogicalClock.systemMillis()),
                actor: "t")
            try await federation.converge("the override at the county") {
                try county.elder(id: elder.id) != nil && county.effectiveThresholds(elderId: elder.id).entries.first { $0.measure == .glucose }?.origin == .elder
            }
            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")

            let community2 = federation.db(Codes.community2)
            func glucose(_ db: AppDatabase) throws -> EffectiveThreshold? { try db.effectiveThresholds(elderId: elder.id).entries.first { $0.measure == .glucose } }
            try await federation.converge("the override only in the new subtree") {
                try glucose(community2)?.origin == .elder && glucose(community2)?.override?.home == Codes.community2
                    && glucose(community1)?.origin == .builtIn && glucose(federation.db(Codes.street1))?.origin == .builtIn
            }
            #expect(try glucose(county)?.override?.home == Codes.community2)
        }
    }
}
