import CareModel
import Foundation
import Testing

/// Proactive care's pure rules: who is in which group, when care falls due, is overdue and is
/// escalated, and what a contact draft may carry.
@Suite struct ProactiveCareModelTests {
    static let county = DivisionCode("420107")!
    /// 2026-12-01 10:00 China Standard Time.
    static let day0: Int64 = 1_796_090_400_000
    static let day: Int64 = 86_400_000

    static func plan(startsOn: String = "2026-12-01", kind: CareContactKind? = nil, interval: Int? = nil, group: CareGroup = .livingAlone) -> CarePlan {
        CarePlan(
            home: Fixtures.community, elderId: UUID(uuidString: "E1E2E3E4-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, group: group, contactKind: kind,
            intervalDays: interval, assignee: "worker", startsOn: startsOn, setBy: "staff", setAtMillis: day0)
    }

    static func effective(_ plan: CarePlan, grace: Int? = nil) -> EffectiveCarePlan {
        var defaults: [CareGroup: CareDefault] = [:]
        if let grace { defaults[plan.group] = CareDefault(home: county, group: plan.group, contactKind: .homeVisit, intervalDays: 7, graceDays: grace) }
        return EffectiveCarePlan(plan, defaults: defaults, county: county)
    }

    @Test func anEldersGroupsComeFromLivingSituationAbilityAndDementia() {
        var elder = Fixtures.elder()
        #expect(CareGroup.groups(of: elder, activeConditions: []) == [.livingAlone, .disabled])
        elder.livingSituation = .withFamily
        elder.abilityLevel = 1
        #expect(CareGroup.groups(of: elder, activeConditions: []).isEmpty)
        #expect(CareGroup.groups(of: elder, activeConditions: [.dementia]) == [.dementia])
        elder.livingSituation = .emptyNest
        elder.chronicConditions = ["dementia"]
        #expect(CareGroup.groups(of: elder, activeConditions: []) == [.emptyNest, .dementia])
    }

    @Test func thePlanFollowsTheCountysRuleUnlessItSetsItsOwn() {
        let shipped = Self.effective(Self.plan())
        #expect(shipped.contactKind == .homeVisit && shipped.intervalDays == 7 && shipped.graceDays == CareDefault.shippedGraceDays)
        #expect(!shipped.ownKind && !shipped.ownInterval)
        let county = CareDefault(home: Self.county, group: .livingAlone, contactKind: .phoneCall, intervalDays: 5, graceDays: 1)
        let edited = EffectiveCarePlan(Self.plan(), defaults: [.livingAlone: county], county: Self.county)
        #expect(edited.contactKind == .phoneCall && edited.intervalDays == 5 && edited.graceDays == 1)
        let own = EffectiveCarePlan(Self.plan(kind: .video, interval: 3), defaults: [.livingAlone: county], county: Self.county)
        #expect(own.contactKind == .video && own.intervalDays == 3 && own.graceDays == 1 && own.ownKind && own.ownInterval)
    }

    @Test func aWeeklyVisitIsDueOverdueAndThenEscalatedAfterTheGracePeriod() {
        let plan = Self.effective(Self.plan(), grace: 3)
        let visited = Self.day0
        func state(onDay n: Int64) -> CareState { CareDue.of(plan, lastContactMillis: visited, inactivityMillis: nil, nowMillis: Self.day0 + n * Self.day).state }
        #expect(state(onDay: 0) == .later && state(onDay: 5) == .later)
        #expect(state(onDay: 6) == .due && state(onDay: 7) == .due)
        #expect(state(onDay: 8) == .overdue && state(onDay: 10) == .overdue)
        #expect(state(onDay: 11) == .escalated && state(onDay: 30) == .escalated)
        let due = CareDue.of(plan, lastContactMillis: visited, inactivityMillis: nil, nowMillis: Self.day0 + 9 * Self.day)
        #expect(due.dueOn == "2026-12-08" && due.daysLate == 2 && due.lastContactOn == "2026-12-01")
    }

    @Test func aNewPlanIsDueOnItsFirstDayAndAContactThatMissedTheElderDoesNotCount() {
        let plan = Self.effective(Self.plan(startsOn: "2026-12-03"), grace: 0)
        #expect(CareDue.of(plan, lastContactMillis: nil, inactivityMillis: nil, nowMillis: Self.day0).state == .later)
        #expect(CareDue.of(plan, lastContactMillis: nil, inactivityMillis: nil, nowMillis: Self.day0 + Self.day).state == .due)
        #expect(CareDue.of(plan, lastContactMillis: nil, inactivityMillis: nil, nowMillis: Self.day0 + 3 * Self.day).state == .escalated)
        #expect(!CareOutcome.notReached.counts && CareOutcome.reached.counts && CareOutcome.concernFound.counts)
    }

    @Test func anInactivityAlertAfterTheLastContactMakesCareDueAtOnce() {
        let plan = Self.effective(Self.plan(), grace: 3)
        let raised = Self.day0 + 2 * Self.day
        let due = CareDue.of(plan, lastContactMillis: Self.day0, inactivityMillis: raised, nowMillis: raised + 60_000)
        #expect(due.state == .due && due.dueOn == "2026-12-03" && due.signalledAtMillis == raised)
        // The next day it is overdue, and after the grace period it escalates like any other.
        #expect(CareDue.of(plan, lastContactMillis: Self.day0, inactivityMillis: raised, nowMillis: raised + Self.day).state == .overdue)
        #expect(CareDue.of(plan, lastContactMillis: Self.day0, inactivityMillis: raised, nowMillis: raised + 4 * Self.day).state == .escalated)
        // A contact made after the alert answers it.
        let answered = CareDue.of(plan, lastContactMillis: raised + 3_600_000, inactivityMillis: raised, nowMillis: raised + 2 * Self.day)
        #expect(answered.state == .later && answered.signalledAtMillis == nil)
    }

    @Test func aContactDraftIsCheckedBeforeAnythingIsWritten() throws {
        let elder = UUID()
        var draft = CareContact.Draft()
        draft.kind = "homeVisit"
        draft.outcome = "reached"
        draft.raise = CareContact.Raise()
        draft.raise?.kind = "order"
        draft.raise?.category = "meals"
        let failure = #expect(throws: ValidationFailure.self) {
            try CareContact.validate(draft, elderId: elder, home: Fixtures.community, by: "w", nowMillis: Self.day0)
        }
        #expect(failure?.errors.map(\.field) == ["raise"])
        #expect(failure?.errors.first?.messageZh.isEmpty == false)

        draft.outcome = "concernFound"
        let noNotes = #expect(throws: ValidationFailure.self) {
            try CareContact.validate(draft, elderId: elder, home: Fixtures.community, by: "w", nowMillis: Self.day0)
        }
        #expect(noNotes?.errors.map(\.field) == ["notes"])

        draft.notes = "冰箱里没有食物"
        draft.at = "2026-12-01T09:00:00+08:00"
        let (contact, followUp) = try CareContact.validate(draft, elderId: elder, home: Fixtures.community, by: "w", nowMillis: Self.day0)
        #expect(contact.atMillis == Self.day0 - 3_600_000 && contact.followUpKind == .order)
        #expect(followUp == CareContact.FollowUpRequest(kind: .order, category: .meals, severity: .warning))

        draft.at = "2026-12-02T09:00:00+08:00"
        draft.raise?.severity = "critical"
        let later = #expect(throws: ValidationFailure.self) {
            try CareContact.validate(draft, elderId: elder, home: Fixtures.community, by: "w", nowMillis: Self.day0)
        }
        #expect(Set(later?.errors.map(\.field) ?? []) == ["at", "raise.severity"])
    }

    @Test func aPlanNeedsAGroupTheElderIsInAndAVolunteerWithAPhone() throws {
        var draft = CarePlan.Draft()
        draft.group = "dementia"
        draft.assignee = "worker"
        draft.volunteerName = "李志愿"
        let failure = #expect(throws: ValidationFailure.self) {
            try CarePlan(validating: draft, elderId: UUID(), home: Fixtures.community, elderGroups: [.livingAlone], setBy: "s", today: "2026-12-01", nowMillis: Self.day0)
        }
        #expect(Set(failure?.errors.map(\.field) ?? []) == ["group", "volunteerPhone"])
        draft.group = "livingAlone"
        draft.volunteerPhone = "13800138001"
        draft.intervalDays = 3
        let plan = try CarePlan(
            validating: draft, elderId: UUID(), home: Fixtures.community, elderGroups: [.livingAlone], setBy: "s", today: "2026-12-01", nowMillis: Self.day0)
        #expect(plan.startsOn == "2026-12-01" && plan.intervalDays == 3 && plan.contactKind == nil && plan.validationErrors.isEmpty)
        draft.intervalDays = 0
        #expect(throws: ValidationFailure.self) {
            try CarePlan(validating: draft, elderId: UUID(), home: Fixtures.community, elderGroups: [.livingAlone], setBy: "s", today: "2026-12-01", nowMillis: Self.day0)
        }
    }

    @Test func aConcernAlertIsAValidAlertNamingProactiveCare() {
        let contact = CareContact(
            home: Fixtures.community, elderId: UUID(), kind: .phoneCall, outcome: .concernFound, atMillis: Self.day0, by: "worker",
            notes: "说话含糊", recordedAtMillis: Self.day0)
        let alert = contact.concernAlert(severity: .critical, place: "红卫路12号", nowMillis: Self.day0)
        #expect(alert.validationErrors.isEmpty && alert.deviceSerial == CareContact.alertSource && alert.severity == .critical)
        #expect(alert.messageZh.contains("说话含糊"))
    }
}
