import CareModel
import Foundation
import Testing

/// GB/T 42195-2022 scoring as pure rules: the item table's shape, a case scored by hand, each
/// band edge, each adjustment rule, and the assessment's steps.
@Suite struct AssessmentModelTests {
    static let community = DivisionCode("420107001001")!
    static let elderId = UUID()
    static let assessors = [UUID(), UUID()]

    /// A fixture case: a woman of 82 after a stroke, answered item by item.
    static let fixture: [String: Int] = [
        // B.1 self-care: eating 4, grooming 3, bathing 2, upper dressing 3, lower dressing 2,
        // bladder 3, bowel 4, toilet 3
        "B.1.1": 4, "B.1.2": 3, "B.1.3": 2, "B.1.4": 3, "B.1.5": 2, "B.1.6": 3, "B.1.7": 4, "B.1.8": 3,
        // B.2 motor: bed 4, bed-chair 3, walking 3, stairs 1
        "B.2.1": 4, "B.2.2": 3, "B.2.3": 3, "B.2.4": 1,
        // B.3 mental: time 3, place 2, people 4, memory 2, understanding 3, expression 3,
        // aggression none (1), depressive symptoms seen (0), alert (2)
        "B.3.1": 3, "B.3.2": 2, "B.3.3": 4, "B.3.4": 2, "B.3.5": 3, "B.3.6": 3, "B.3.7": 1, "B.3.8": 0, "B.3.9": 2,
        // B.4 perception: vision 1, hearing 1, daily affairs 2, transport 1, social 3
        "B.4.1": 1, "B.4.2": 1, "B.4.3": 2, "B.4.4": 1, "B.4.5": 3,
    ]

    @Test func theItemTableHas26ItemsWorth90Points() {
        #expect(AbilityItems.all.count == 26)
        #expect(AbilityDomain.allCases.map { AbilityItems.items(of: $0).count } == [8, 4, 9, 5])
        // 8 × 4 = 32; 4 + 4 + 4 + 3 = 15; 6 × 4 + 1 + 1 + 2 = 28; 2 + 2 + 4 + 3 + 4 = 15.
        #expect(AbilityDomain.allCases.map { AbilityItems.maxScore(of: $0) } == [32, 15, 28, 15])
        #expect(AbilityItems.maxTotal == 90)
        #expect(Set(AbilityItems.all.map(\.id)).count == 26)
        for item in AbilityItems.all {
            #expect(item.options.map(\.score) == Array((0...item.maxScore).reversed()), "\(item.id) offers every score from its top down to 0")
        }
    }

    @Test func theFixtureCaseScoredByHandAgrees() {
        // By hand: self-care 4+3+2+3+2+3+4+3 = 24; motor 4+3+3+1 = 11;
        // mental 3+2+4+2+3+3+1+0+2 = 20; perception 1+1+2+1+3 = 8; total 24+11+20+8 = 63,
        // which lies in 46–65: 中度失能 (level 2).
        let score = AbilityScore(answers: Self.fixture, adjustments: .none)
        #expect(score.domains == [.selfCare: 24, .motor: 11, .mental: 20, .perception: 8])
        #expect(score.total == 63 && score.complete)
        #expect(score.levelByTotal == .moderate && score.level == .moderate && score.applied.isEmpty)
    }

    @Test func theBandsMeetAtTheirEdges() {
        let edges: [(Int, AbilityLevel)] = [
            (90, .intact), (89, .mild), (66, .mild), (65, .moderate), (46, .moderate), (45, .severe), (30, .severe), (29, .complete), (0, .complete),
        ]
        for (total, level) in edges { #expect(AbilityLevel.byTotal(total) == level, "\(total)") }
    }

    @Test func aDementiaDiagnosisRaisesTheLevelOneStep() {
        let score = AbilityScore(answers: Self.fixture, adjustments: AbilityAdjustments(dementia: true))
        #expect(score.levelByTotal == .moderate && score.level == .severe && score.applied == [.dementia])
        let other = AbilityScore(answers: Self.fixture, adjustments: AbilityAdjustments(mentalDisorder: true))
        #expect(other.level == .severe && other.applied == [.mentalDisorder])
    }

    @Test func twoCareRiskEventsIn30DaysRaiseTheLevelButOneDoesNot() {
        let one = AbilityScore(answers: Self.fixture, adjustments: AbilityAdjustments(riskEvents: [.fall: 1]))
        #expect(one.level == .moderate && one.applied.isEmpty)
        // A fall and a choking: two events of different kinds count together.
        let two = AbilityScore(answers: Self.fixture, adjustments: AbilityAdjustments(riskEvents: [.fall: 1, .choking: 1]))
        #expect(two.level == .severe && two.applied == [.riskEvents])
        let twoFalls = AbilityScore(answers: Self.fixture, adjustments: AbilityAdjustments(riskEvents: [.fall: 2]))
        #expect(twoFalls.level == .severe)
    }

    @Test func severalRaisesStillRaiseOneStepAndNeverPastFullyDependent() {
        let both = AbilityScore(answers: Self.fixture, adjustments: AbilityAdjustments(dementia: true, riskEvents: [.wandering: 3]))
        #expect(both.level == .severe && both.applied == [.dementia, .riskEvents])
        var low = Self.fixture
        for id in ["B.1.1", "B.1.7", "B.2.1", "B.3.3", "B.3.5", "B.3.6", "B.4.5", "B.1.2", "B.1.4", "B.1.6", "B.1.8", "B.2.2", "B.2.3", "B.3.1"] { low[id] = 0 }
        let bottom = AbilityScore(answers: low, adjustments: AbilityAdjustments(dementia: true))
        #expect(bottom.levelByTotal == .complete && bottom.level == .complete)
    }

    @Test func comaIsFullyDependentDirectly() {
        var answers = Self.fixture
        answers["B.3.9"] = 0
        // 63 − 2 = 61 would be 中度失能; coma makes it 完全失能 whatever the total.
        let score = AbilityScore(answers: answers, adjustments: AbilityAdjustments(comatose: true))
        #expect(score.total == 61 && score.levelByTotal == .moderate && score.level == .complete && score.applied == [.coma])
    }

    @Test func aPartialSheetHasATotalButNoLevel() {
        var answers = Self.fixture
        answers["B.4.5"] = nil
        let score = AbilityScore(answers: answers, adjustments: .none)
        #expect(score.total == 60 && !score.complete && score.level == nil)
    }

    @Test func unknownItemsAndScoresAnItemDoesNotOfferAreNamed() {
        let problems = AbilityScore.problems(["B.9.9": 1, "B.2.4": 4, "B.3.7": 2, "B.1.1": 4])
        #expect(Set(problems.map(\.field)) == ["answers.B.9.9", "answers.B.2.4", "answers.B.3.7"])
        #expect(problems.allSatisfy { !$0.message.isEmpty && !$0.messageZh.isEmpty })
    }

    static func draft(answers: [String: Int] = fixture) -> Assessment.Draft {
        var draft = Assessment.Draft()
        draft.reason = "first"
        draft.assessorIds = assessors.map(\.uuidString)
        draft.answers = answers
        return draft
    }

    static func make(_ draft: Assessment.Draft = draft()) throws(ValidationFailure) -> Assessment {
        try Assessment(validating: draft, elderId: elderId, home: community, createdBy: "评估员01", today: "2026-03-01")
    }

    @Test func aDraftNeedsTwoDistinctAssessorsAndValidFacts() {
        var draft = Self.draft(answers: ["B.1.1": 5])
        draft.assessorIds = [Self.assessors[0].uuidString, Self.assessors[0].uuidString]
        draft.reason = "whim"
        draft.assessedOn = "2026-03-02"
        var adjustments = Assessment.AdjustmentsDraft()
        adjustments.riskEvents = ["fall": 4, "earthquake": 1]
        adjustments.comatose = true
        draft.adjustments = adjustments
        do {
            _ = try Self.make(draft)
            Issue.record("a bad draft was accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == [
                "assessorIds", "reason", "assessedOn", "answers.B.1.1", "adjustments.riskEvents.fall", "adjustments.riskEvents.earthquake",
            ], "\(error.errors)")
        }
        var one = Self.draft()
        one.assessorIds = [Self.assessors[0].uuidString]
        #expect(throws: ValidationFailure.self) { try Self.make(one) }
    }

    @Test func stepsGoDraftSubmittedApprovedAndAnAssessorCannotApprove() throws {
        let partial = try Self.make(Self.draft(answers: ["B.1.1": 4]))
        #expect(throws: ValidationFailure.self) { try partial.submitted(nowMillis: 1) }
        let draft = try Self.make()
        #expect(draft.status == .draft && draft.validationErrors.isEmpty)
        let submitted = try draft.submitted(nowMillis: 1_000)
        #expect(submitted.status == .submitted && submitted.validationErrors.isEmpty)
        #expect(throws: ValidationFailure.self) { try submitted.edited(Assessment.Draft(), today: "2026-03-01") }
        #expect(throws: ValidationFailure.self) { try submitted.approved(by: "评估员02", approverStaffId: Self.assessors[1], nowMillis: 2_000) }
        #expect(throws: ValidationFailure.self) { try submitted.returned(Assessment.Return(note: nil), by: "审核员", approverStaffId: nil, nowMillis: 2_000) }
        let returned = try submitted.returned(Assessment.Return(note: "B.2.4 请复核"), by: "审核员", approverStaffId: nil, nowMillis: 2_000)
        #expect(returned.status == .returned && returned.validationErrors.isEmpty)
        var fix = Assessment.Draft()
        fix.answers = Self.fixture.merging(["B.2.4": 2]) { $1 }
        let corrected = try returned.edited(fix, today: "2026-03-01")
        #expect(corrected.status == .draft && corrected.returnNote == nil && corrected.score.total == 64 && corrected.validationErrors.isEmpty)
        let approved = try corrected.submitted(nowMillis: 3_000).approved(by: "审核员", approverStaffId: UUID(), nowMillis: 4_000)
        #expect(approved.status == .approved && approved.decidedBy == "审核员" && approved.validationErrors.isEmpty)
        #expect(throws: ValidationFailure.self) { try approved.approved(by: "审核员", approverStaffId: nil, nowMillis: 5_000) }
    }

    @Test func theStandingLevelIsTheLatestApprovedAssessments() throws {
        let older = try Self.make().submitted(nowMillis: 1).approved(by: "a", approverStaffId: nil, nowMillis: 2)
        var laterDraft = Self.draft()
        laterDraft.assessedOn = "2026-02-01"
        laterDraft.adjustments = { var a = Assessment.AdjustmentsDraft(); a.dementia = true; return a }()
        var newer = try Self.make(laterDraft).submitted(nowMillis: 3)
        var olderDated = older
        olderDated.assessedOn = "2025-06-01"
        #expect(Assessment.standing([olderDated, newer])?.id == olderDated.id, "a submitted one does not stand")
        newer = try newer.approved(by: "a", approverStaffId: nil, nowMillis: 4)
        #expect(Assessment.standing([newer, olderDated])?.score.level == .severe)
    }

    @Test func aReassessmentIsDueAYearLaterOr30DaysAfterAFall() {
        let routine = ReassessmentDue.of(lastAssessedOn: "2025-03-10", events: [], today: "2026-02-20")
        #expect(routine.dueOn == "2026-03-10" && routine.trigger == .routine && routine.state == .due && routine.daysLate == -18)
        let later = ReassessmentDue.of(lastAssessedOn: "2025-06-10", events: [], today: "2026-02-20")
        #expect(later.state == .later)
        let fall = ReassessmentDue.of(lastAssessedOn: "2025-06-10", events: [(.fall, "2026-01-05")], today: "2026-02-20")
        #expect(fall.dueOn == "2026-02-04" && fall.trigger == .fall && fall.state == .overdue && fall.daysLate == 16)
        #expect(fall.trigger.reason == .immediate)
        let before = ReassessmentDue.of(lastAssessedOn: "2025-06-10", events: [(.fall, "2025-06-01")], today: "2026-02-20")
        #expect(before.trigger == .routine, "a fall before the last assessment was already seen by it")
        let never = ReassessmentDue.of(lastAssessedOn: nil, events: [], today: "2026-02-20")
        #expect(never.trigger == .first && never.dueOn == "2026-02-20" && never.state == .due)
        let planned = ReassessmentDue.of(lastAssessedOn: "2025-06-10", events: [], planned: ["2026-03-01"], today: "2026-02-20")
        #expect(planned.trigger == .planned && planned.dueOn == "2026-03-01")
        let policy = ReassessmentDue.of(
            lastAssessedOn: "2025-06-10", events: [(.fall, "2026-01-05")], today: "2026-02-20", policy: ReassessmentPolicy(intervalMonths: 6, afterEventDays: 60))
        #expect(policy.dueOn == "2025-12-10" && policy.trigger == .routine)
        #expect(CalendarDate.adding(months: 12, to: "2024-02-29") == "2025-02-28")
    }
}
