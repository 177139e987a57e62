import CareModel
import Foundation
import Testing

@Suite struct InspectionModelTests {
    static let station = DivisionCode("420107001001")!
    static let hour: Int64 = 3_600_000

    static func event(_ step: InspectionStep, _ n: Int64, finding: UUID? = nil, severity: FindingSeverity? = nil, due: Int64? = nil) -> InspectionEvent {
        InspectionEvent(
            inspectionId: UUID(), home: station, step: step, version: Version(hlc: HLC(millis: 1_000_000 + n, counter: 0), origin: "420107"),
            findingId: finding, item: step == .finding ? "A1" : nil, severity: severity, note: "n\(n)", dueAtMillis: due, actor: "督查员",
            atMillis: 1_000_000 + n)
    }

    @Test func findingsAreRectifiedAnsweredAndAcceptedOrSentBackAndTheInspectionClosesWhenAllAreAccepted() {
        let a = Self.event(.finding, 1, severity: .serious, due: 72 * Self.hour)
        let b = Self.event(.finding, 2, severity: .minor, due: 360 * Self.hour)
        let steps = [
            a, b, Self.event(.conclude, 3),
            Self.event(.answer, 4, finding: a.id), Self.event(.reject, 5, finding: a.id, due: 500 * Self.hour),
            Self.event(.answer, 6, finding: b.id), Self.event(.accept, 7, finding: b.id),
        ]
        for order in [steps, steps.reversed(), steps.shuffled()] {
            let state = InspectionState.fold(order)
            #expect(state.status == .rectifying && state.openFindings == 1 && state.ignored.isEmpty)
            #expect(state.finding(a.id)?.state == .open && state.finding(a.id)?.dueAtMillis == 500 * Self.hour && state.finding(a.id)?.rejections == 1)
            #expect(state.finding(b.id)?.state == .accepted)
        }
        let closed = InspectionState.fold(steps + [Self.event(.answer, 8, finding: a.id), Self.event(.accept, 9, finding: a.id)])
        #expect(closed.status == .closed && closed.openFindings == 0)
        // A second verdict written apart does not fit: kept, not applied.
        let twice = InspectionState.fold(steps + [Self.event(.accept, 10, finding: b.id)])
        #expect(twice.ignored.count == 1 && twice.status == .rectifying)
    }

    @Test func aVisitWithoutFindingsClosesAndACancelledPlanTakesNoMoreSteps() {
        #expect(InspectionState.fold([Self.event(.conclude, 1)]).status == .closed)
        let cancelled = InspectionState.fold([Self.event(.cancel, 1), Self.event(.finding, 2, severity: .minor, due: 1)])
        #expect(cancelled.status == .cancelled && cancelled.ignored.map(\.step) == [.finding])
        #expect(cancelled.refusal(of: Self.event(.conclude, 3))?.en.contains("cancelled") == true)
    }

    @Test func aDeadlineReminderADayBeforeAndAnEscalationOnceItHasPassed() {
        let finding = FindingState(finding: Self.event(.finding, 0, severity: .critical, due: 48 * Self.hour))
        #expect(finding.urgency(nowMillis: 10 * Self.hour) == .none)
        #expect(finding.urgency(nowMillis: 30 * Self.hour) == .dueSoon)
        #expect(finding.urgency(nowMillis: 49 * Self.hour) == .overdue)
        var answered = finding
        answered.state = .answered
        #expect(answered.urgency(nowMillis: 49 * Self.hour) == .none, "an answered finding awaits the re-inspection, not the organisation")
        #expect(RectificationDeadlines.standard.dueAtMillis(.critical, fromMillis: 0) == 24 * Self.hour)
        #expect(RectificationDeadlines.standard.dueAtMillis(.minor, fromMillis: 0) == 15 * 24 * Self.hour)
    }

    @Test func aStepIsCheckedAgainstItsChecklist() throws {
        let template = InspectionTemplate(
            home: DivisionCode("420107")!, title: "居家养老服务机构检查表", target: .organisation, items: [ChecklistItem(code: "A1", text: "服务人员持证上岗")])
        let inspection = Inspection(
            home: Self.station, target: .organisation, organisationId: UUID(), templateId: template.id, plannedOn: "2026-12-01", inspector: "督查员",
            plannedBy: "县级", plannedAtMillis: 0)
        var draft = InspectionEvent.Draft()
        draft.step = "finding"
        draft.item = "Z9"
        draft.severity = "serious"
        draft.note = "两名护理员无证"
        let failure = #expect(throws: ValidationFailure.self) {
            try InspectionEvent(validating: draft, inspection: inspection, template: template, state: InspectionState(), deadlines: .standard, actor: "督查员", nowMillis: 0)
        }
        #expect(failure?.errors.map(\.field) == ["item"])
        draft.item = "A1"
        let event = try InspectionEvent(validating: draft, inspection: inspection, template: template, state: InspectionState(), deadlines: .standard, actor: "督查员", nowMillis: 0)
        #expect(event.dueAtMillis == 72 * Self.hour && event.validationErrors.isEmpty)
        #expect(template.validationErrors.isEmpty && inspection.validationErrors.isEmpty)
    }
}
