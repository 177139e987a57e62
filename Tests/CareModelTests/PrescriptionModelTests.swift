import CareModel
import Foundation
import Testing

/// Health prescriptions as pure rules: a draft's refusals name their fields in both languages,
/// the status follows what was recorded, and an acknowledgement and a withdrawal merge as
/// separate fields.
@Suite struct PrescriptionModelTests {
    static let community = DivisionCode("420107001001")!
    static let elderId = UUID()

    static func draft(kind: String? = "diet", doctor: String? = "王医生", advice: String? = "少盐少油") -> Prescription.Draft {
        var draft = Prescription.Draft()
        draft.kind = kind
        draft.doctor = doctor
        draft.advice = advice
        return draft
    }

    static func issue(_ draft: Prescription.Draft, condition: ChronicCondition? = nil) throws(ValidationFailure) -> Prescription {
        try Prescription(validating: draft, elderId: elderId, home: community, condition: condition, issuedBy: "站点医生", today: "2026-03-01")
    }

    @Test func aDraftIsIssuedTodayForItsElder() throws {
        let p = try Self.issue(Self.draft())
        #expect(p.issuedOn == "2026-03-01" && p.status == .issued && p.validationErrors.isEmpty && p.home == Self.community)
    }

    @Test func eachBadFieldIsNamedInBothLanguages() {
        var draft = Self.draft(kind: "surgery", doctor: nil, advice: "  少盐")
        draft.issuedOn = "2026-03-02"
        draft.validUntil = "2026-02-01"
        draft.conditionId = UUID().uuidString
        do {
            _ = try Self.issue(draft)
            Issue.record("a bad draft was accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["kind", "doctor", "advice", "issuedOn", "validUntil", "conditionId"], "\(error.errors)")
            #expect(error.errors.allSatisfy { !$0.messageZh.isEmpty && !$0.message.isEmpty })
        }
    }

    @Test func aConditionOfAnotherElderIsRefused() throws {
        let other = ChronicCondition(home: Self.community, elderId: UUID(), disease: .hypertension, registeredOn: "2026-01-01")
        var draft = Self.draft()
        draft.conditionId = other.id.uuidString
        #expect(throws: ValidationFailure.self) { try Self.issue(draft, condition: other) }
        let own = ChronicCondition(home: Self.community, elderId: Self.elderId, disease: .hypertension, registeredOn: "2026-01-01")
        draft.conditionId = own.id.uuidString
        #expect(try Self.issue(draft, condition: own).conditionId == own.id)
    }

    @Test func acknowledgingAndWithdrawingFollowTheStatus() throws {
        let issued = try Self.issue(Self.draft())
        let acknowledged = try issued.acknowledged(.init(by: "本人"), nowMillis: 1_772_337_600_000)
        #expect(acknowledged.status == .acknowledged && acknowledged.acknowledgedBy == "本人")
        #expect(throws: ValidationFailure.self) { try acknowledged.acknowledged(.init(by: "家属"), nowMillis: 1_772_337_700_000) }
        let withdrawn = try acknowledged.withdrawn(.init(reason: "复诊后调整"), nowMillis: 1_772_337_800_000)
        #expect(withdrawn.status == .withdrawn && withdrawn.clockReadings == [1_772_337_600_000, 1_772_337_800_000])
        #expect(throws: ValidationFailure.self) { try withdrawn.acknowledged(.init(by: "本人"), nowMillis: 1_772_337_900_000) }
        #expect(throws: ValidationFailure.self) { try issued.withdrawn(.init(reason: nil), nowMillis: 1_772_337_900_000) }
    }

    @Test func aRecordWithHalfAnAcknowledgementBreaksTheRules() throws {
        var p = try Self.issue(Self.draft())
        p.acknowledgedAtMillis = 1_772_337_600_000
        #expect(p.validationErrors.map(\.field) == ["acknowledgedBy"])
        p.acknowledgedBy = "本人"
        p.withdrawnReason = "无"
        #expect(p.validationErrors.map(\.field) == ["withdrawnReason"])
    }
}
