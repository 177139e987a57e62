import CareModel
import Foundation
import Testing

/// Check-ups, chronic conditions and follow-ups as pure rules: flags from the reference table,
/// BMI computed, bilingual refusals naming the field, and when a follow-up falls due.
@Suite struct HealthModelTests {
    static let community = DivisionCode("420107001001")!
    /// 2026-03-01 12:00 China Standard Time.
    static let now: Int64 = 1_772_337_600_000

    static func draft(_ items: [(String, Double?, String?)], date: String = "2026-02-28") -> Checkup.Draft {
        var draft = Checkup.Draft()
        draft.date = date
        draft.place = "永安里社区卫生服务站"
        draft.items = items.map { item, value, code in
            var entry = Checkup.Draft.ItemDraft()
            entry.item = item
            entry.value = value
            entry.code = code
            return entry
        }
        return draft
    }

    static func checkup(_ draft: Checkup.Draft) throws(ValidationFailure) -> Checkup {
        try Checkup(validating: draft, elderId: UUID(), home: community, station: community, enteredBy: "医生", nowMillis: now)
    }

    @Test func eachResultIsFlaggedByTheReferenceTableAndBMIIsComputed() throws {
        let checkup = try Self.checkup(Self.draft([
            ("systolic", 152, nil), ("diastolic", 84, nil), ("fastingGlucose", 5.4, nil), ("totalCholesterol", 5.6, nil),
            ("hdlCholesterol", 0.9, nil), ("urineProtein", nil, "negative"), ("urineGlucose", nil, "plus2"), ("ecg", nil, "normal"),
            ("weight", 70, nil), ("height", 160, nil),
        ]))
        #expect(checkup.result(.systolic)?.abnormal == true)
        #expect(checkup.result(.diastolic)?.abnormal == false)
        #expect(checkup.result(.fastingGlucose)?.abnormal == false)
        #expect(checkup.result(.totalCholesterol)?.abnormal == true)
        #expect(checkup.result(.hdlCholesterol)?.abnormal == true)
        #expect(checkup.result(.urineProtein)?.abnormal == false && checkup.result(.urineGlucose)?.abnormal == true)
        #expect(checkup.result(.ecg)?.abnormal == false)
        #expect(checkup.result(.weight)?.abnormal == false && checkup.result(.weight)?.unit == "kg")
        // 70 / 1.6² = 27.34 → 27.3, overweight (≥ 24)
        #expect(checkup.result(.bmi)?.value == 27.3 && checkup.result(.bmi)?.abnormal == true && checkup.result(.bmi)?.unit == "kg/m²")
        #expect(checkup.abnormalCount == 5)
        #expect(checkup.validationErrors.isEmpty, "\(checkup.validationErrors)")
        // The boundary of a "below" bound is abnormal: 140 is hypertensive, 139 is not.
        #expect(CheckupReference.isAbnormal(.systolic, value: 140, code: nil) && !CheckupReference.isAbnormal(.systolic, value: 139, code: nil))
        #expect(CheckupReference.table.values.allSatisfy { !$0.source.isEmpty })
    }

    @Test func aBadEntryIsRefusedFieldByFieldInBothLanguages() {
        #expect {
            try Self.checkup(Self.draft([("systolic", 400, nil), ("urineProtein", 1, nil), ("bmi", 22, nil), ("pulse", 70, nil), ("ecg", nil, "fine")], date: "2026-03-09"))
        } throws: { error in
            let fields = Set((error as! ValidationFailure).errors.map(\.field))
            let zh = (error as! ValidationFailure).errors.allSatisfy { !$0.messageZh.isEmpty && !$0.message.isEmpty }
            return zh && fields == ["date", "items[0].value", "items[1].value", "items[1].code", "items[2].item", "items[3].item", "items[4].code"]
        }
        #expect(throws: ValidationFailure.self) { try Self.checkup(Self.draft([])) }
        #expect(throws: ValidationFailure.self) { try Self.checkup(Self.draft([("weight", 60, nil), ("weight", 61, nil)])) }
    }

    @Test func aStoredCheckupWithABMIThatDoesNotMatchIsRefused() throws {
        var checkup = try Self.checkup(Self.draft([("weight", 70, nil), ("height", 160, nil)]))
        checkup.results[2].value = 22
        #expect(checkup.validationErrors.map(\.field) == ["results"])
    }

    static func condition(_ disease: ChronicDisease = .diabetesType2, registeredOn: String = "2026-01-01") -> ChronicCondition {
        ChronicCondition(home: community, elderId: UUID(uuidString: "3F2A9C1E-7B4D-4E2A-9F10-6C8D2B1A0E55")!, disease: disease, registeredOn: registeredOn)
    }

    @Test func hypertensionAndDiabetesAreFollowedUpEveryThreeMonths() {
        #expect(ChronicDisease.hypertension.defaultIntervalDays == 90 && ChronicDisease.diabetesType2.defaultIntervalDays == 90)
        #expect(ChronicDisease.allCases.filter(\.scheduledByNationalSpecification) == [.hypertension, .diabetesType2])
        #expect(ChronicDisease.copd.label.zh == "慢性阻塞性肺疾病")
        let c = Self.condition()
        #expect(c.id == ChronicCondition.id(elderId: c.elderId, disease: .diabetesType2))
        #expect(c.validationErrors.isEmpty)
    }

    @Test func aFollowUpFallsDueAfterTheIntervalAndOverdueTheDayAfter() throws {
        let c = Self.condition()
        #expect(FollowUpDue.of(c, lastFollowUp: nil, today: "2026-02-01").state == .later)
        #expect(FollowUpDue.of(c, lastFollowUp: nil, today: "2026-03-20") == FollowUpDue(dueOn: "2026-04-01", state: .due, daysLate: -12))
        #expect(FollowUpDue.of(c, lastFollowUp: nil, today: "2026-04-01").state == .due)
        #expect(FollowUpDue.of(c, lastFollowUp: nil, today: "2026-04-02") == FollowUpDue(dueOn: "2026-04-01", state: .overdue, daysLate: 1))
        var draft = FollowUp.Draft()
        draft.date = "2026-03-31"
        draft.method = "home"
        draft.outcome = "controlled"
        draft.fastingGlucose = 6.8
        let followUp = try FollowUp(validating: draft, condition: c, by: "医生", today: "2026-04-02", nowMillis: Self.now)
        #expect(followUp.nextDue == "2026-06-29" && followUp.home == c.home && followUp.elderId == c.elderId)
        #expect(FollowUpDue.of(c, lastFollowUp: followUp, today: "2026-04-02").state == .later)
        #expect(followUp.validationErrors.isEmpty)
    }

    @Test func aFollowUpOfAClosedEntryOrWithBadFiguresIsRefused() {
        var closed = Self.condition()
        closed.status = .resolved
        var draft = FollowUp.Draft()
        draft.date = "2026-03-31"
        draft.method = "letter"
        draft.outcome = "controlled"
        draft.systolic = 900
        draft.nextDue = "2026-03-01"
        #expect {
            try FollowUp(validating: draft, condition: closed, by: "医生", today: "2026-04-02", nowMillis: Self.now)
        } throws: { error in
            Set((error as! ValidationFailure).errors.map(\.field)) == ["method", "systolic", "nextDue", "conditionId"]
        }
    }

    @Test func anEntryIsPatchedFieldByFieldButNeverChangesDisease() throws {
        let c = Self.condition(.hypertension)
        var patch = ChronicCondition.Draft()
        patch.intervalDays = 30
        patch.note = "血压波动"
        let next = try c.patched(patch, today: "2026-04-01")
        #expect(next.intervalDays == 30 && next.note == "血压波动" && next.status == .active && next.id == c.id)
        var other = ChronicCondition.Draft()
        other.disease = "copd"
        other.intervalDays = 3
        #expect { try c.patched(other, today: "2026-04-01") } throws: { error in
            Set((error as! ValidationFailure).errors.map(\.field)) == ["disease", "intervalDays"]
        }
    }
}
