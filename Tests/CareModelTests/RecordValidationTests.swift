import CareModel
import Foundation
import Testing

/// The record checks that sync and the CSV import apply: a finished record is held to the
/// rules the operator API applies to its draft.
@Suite struct RecordValidationTests {
    static let county = DivisionCode("420107")!
    static let street = DivisionCode("420107001")!
    static let community = Fixtures.community
    static let v1 = Fixtures.version(1_764_000_000_000, "420107001001")

    static func order() -> ServiceOrder {
        ServiceOrder(
            home: community, elderId: UUID(), category: .meals, channel: .phone, wantedAt: "2026-11-24T09:30:00+08:00",
            notes: "需要两人协助\n上午到", takenAt: street, takenBy: "dispatcher-07", requestedAtMillis: 1_763_950_000_123)
    }

    static func organisation() -> ServiceOrganisation {
        ServiceOrganisation(
            home: county, name: "青山区幸福居家养老服务中心", type: .homeCareCenter, categories: [.meals, .bathing],
            communities: [community], address: Address(text: "青山区和平大道1号"), phone: "027-8688 0000")
    }

    @Test func recordsMadeByTheRulesPassTheirOwnCheck() throws {
        let order = Self.order()
        let complaint = Complaint(
            home: Self.community, orderId: order.id, organisationId: nil, complainant: "李明（儿子）", channel: .phone,
            description: "护理员迟到四十分钟\n希望改进", takenAt: Self.street, takenBy: "window-2", receivedAtMillis: 1_764_010_000_000)
        var draft = OrderEvent.Draft()
        draft.kind = "complete"
        draft.location = .init(latitude: 30.6449, longitude: 114.39, note: "信号弱")
        draft.faceCheck = .init(deviceId: "FACE-1", score: 0.93, passed: true)
        draft.items = ["助浴", "理发"]
        draft.photos = [.init(sha256: String(repeating: "a", count: 64), stage: "before")]
        draft.details = ["eta": "09:20"]
        let complete = try OrderEvent(validating: draft, order: order, actor: "worker-1", site: VisitSite(home: Coordinates(latitude: 30.64, longitude: 114.39)))
        var rate = OrderEvent.Draft()
        rate.kind = "rate"
        rate.rating = .init()
        rate.rating?.stars = 5
        rate.rating?.comment = "很耐心\n谢谢"
        let rated = try OrderEvent(validating: rate, order: order, actor: "family")
        let conflict = Conflict(
            home: Self.community, entityKind: .elder, entityId: UUID(), field: "phone", winnerValue: "\"010-6512 3456\"",
            loserValue: "\"13900000000\"", winner: Self.v1, loser: Fixtures.version(1_763_999_000_000, "420107"), reason: "concurrent edits of phone")
        let alert = Alert(
            id: UUID(), home: Self.community, elderId: UUID(), deviceSerial: "HC-2024-0017", condition: "spo2.low", measure: "spo2",
            value: 87, severity: .critical, message: "blood oxygen low: 87 %", messageZh: "血氧饱和度偏低：87 %",
            place: "永安里社区3号楼2单元401", raisedAtMillis: 1_764_030_000_000)
        let records: [any ValidatedRecord] = [
            Fixtures.elder(), Device(home: Self.community, type: .callTerminal, serial: "CT-2025-000417"), Self.organisation(),
            Staff(home: Self.county, name: "陈晓燕", role: .caregiver, phone: "13700001111", certificates: ["养老护理员（四级）"]),
            order, complete, rated,
            Evaluation(home: Self.community, orderId: order.id, organisationId: nil, stars: 5, comment: "好", evaluator: .family, createdAtMillis: 1),
            complaint,
            ComplaintEvent(complaintId: complaint.id, home: Self.community, step: .acknowledge, version: Self.v1, actor: "window-2", note: "已受理"),
            alert,
            AlertEvent(alertId: alert.id, home: Self.community, step: .escalate, version: Self.v1, actor: "escalation@420107001", tier: .street),
            VitalsSummary(home: Self.community, elderId: UUID(), measure: .heartRate, day: "2026-11-24", count: 2, minimum: 60, maximum: 80, mean: 70, abnormal: 0),
            conflict, Conflict(rejected: { var stamped = complete; stamped.version = Self.v1; return stamped }()),
            Operator(name: "admin", role: .admin, home: Self.community, passwordHash: "$2b$10$abc"),
        ]
        for record in records {
            #expect(record.validationErrors.isEmpty, "\(type(of: record)): \(record.validationErrors)")
        }
    }

    @Test func anElderRecordIsHeldToTheOperatorAPIsRules() {
        var elder = Fixtures.elder()
        elder.home = Self.street
        elder.name = "王\u{0}桂兰"
        elder.abilityLevel = 7
        elder.emergencyContacts = Array(repeating: elder.emergencyContacts[0], count: 4)
        let fields = Set(elder.validationErrors.map(\.field))
        #expect(fields == ["home", "name", "abilityLevel", "emergencyContacts"])
        #expect(throws: ValidationFailure.self) { try elder.validate() }
    }

    @Test func aRecordTheRulesWouldHaveChangedIsRefusedNamingTheField() {
        var organisation = Self.organisation()
        organisation.categories = [.meals, .meals]
        #expect(organisation.validationErrors.map(\.field) == ["categories"])
        var staff = Staff(home: Self.community, name: " 陈晓燕", role: .caregiver)
        staff.certificates = ["证\n书"]
        #expect(Set(staff.validationErrors.map(\.field)) == ["home", "name", "certificates[0]"])
        let device = Device(home: Self.community, type: .callTerminal, serial: "CT 417")
        #expect(device.validationErrors.map(\.field) == ["serial"])
    }

    @Test func lifecycleRecordsNameWhatTheirKindRequires() {
        let order = Self.order()
        var dispatch = OrderEvent(orderId: order.id, home: Self.community, kind: .dispatch, version: Self.v1, actor: "d")
        dispatch.details = ["stars": "9", "note": "a\u{1B}[2J"]
        #expect(Set(dispatch.validationErrors.map(\.field)) == ["organisationId", "details.stars", "details.note"])
        let rate = OrderEvent(orderId: order.id, home: Self.community, kind: .rate, version: Self.v1, actor: "d", details: ["stars": "9"])
        #expect(rate.validationErrors.map(\.field) == ["details.stars"])
        let cancel = OrderEvent(orderId: order.id, home: Self.community, kind: .cancel, version: Self.v1, actor: "d")
        #expect(cancel.validationErrors.map(\.field) == ["reason"])
        let handle = AlertEvent(alertId: UUID(), home: Self.community, step: .handle, actor: "d")
        #expect(handle.validationErrors.map(\.field) == ["action"])
        var badOrder = order
        badOrder.notes = ""
        badOrder.home = Self.county
        #expect(Set(badOrder.validationErrors.map(\.field)) == ["notes", "home"])
        let evaluation = Evaluation(home: Self.community, orderId: nil, organisationId: nil, stars: 0, evaluator: .elder, createdAtMillis: 1)
        #expect(evaluation.validationErrors.map(\.field) == ["stars"])
        let summary = VitalsSummary(home: Self.community, elderId: UUID(), measure: .heartRate, day: "2026-13-01", count: 1, minimum: 1, maximum: 2, mean: 5, abnormal: 3)
        #expect(Set(summary.validationErrors.map(\.field)) == ["day", "abnormal", "mean"])
    }
}
