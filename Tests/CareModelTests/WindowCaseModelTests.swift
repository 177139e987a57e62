import CareModel
import Foundation
import Testing

/// The window case's table of steps, its deadlines and its fold.
@Suite struct WindowCaseModelTests {
    static let home = DivisionCode("420107001001")!
    static let elder = UUID()

    static func application() -> WindowCase {
        WindowCase(
            home: home, elderId: elder, kind: .application, channel: .window, summary: "申请居家养老服务补贴",
            takenAt: DivisionCode("420107001")!, takenBy: "窗口", receivedAtMillis: 1_000, dueAtMillis: CaseDeadlines.standard.dueAtMillis(.application, receivedAtMillis: 1_000))
    }

    static func event(_ step: CaseStep, _ millis: Int64, at origin: String, note: String = "说明") -> CaseEvent {
        CaseEvent(
            caseId: UUID(), elderId: elder, home: home, step: step, version: Version(hlc: HLC(millis: millis, counter: 0), origin: origin),
            actor: origin, note: note)
    }

    @Test func anApplicationTravelsStreetCountyStreetAndOtherKindsNeverGoToTheCounty() {
        #expect(CaseStep.allowed(from: .received, kind: .application) == [.handle, .note, .submit])
        #expect(CaseStep.allowed(from: .submitted, kind: .application) == [.note, .approve, .return])
        #expect(CaseStep.allowed(from: .returned, kind: .application) == [.note, .submit, .close])
        #expect(CaseStep.allowed(from: .received, kind: .consultation) == [.handle, .note, .close])
        #expect(CaseStep.allowed(from: .handling, kind: .booking) == [.note, .toOrder, .close])
        #expect(CaseStep.allowed(from: .closed, kind: .booking).isEmpty)
        for kind in CaseKind.allCases where kind != .application {
            #expect(!CaseStep.allowed(from: .received, kind: kind).contains(.submit))
        }
        #expect(Permission.forCaseStep(.approve) == .caseApprove && Permission.forCaseStep(.return) == .caseApprove)
        #expect(Permission.forCaseStep(.submit) == .caseHandle && Permission.forCaseStep(.close) == .caseHandle)
    }

    @Test func deadlinesByKindHaveStatedDefaultsAndMayBeSetPerNode() {
        let day: Int64 = 86_400_000
        #expect(CaseDeadlines.standard.dueAtMillis(.consultation, receivedAtMillis: 0) == day)
        #expect(CaseDeadlines.standard.dueAtMillis(.application, receivedAtMillis: 0) == 20 * day)
        #expect(CaseDeadlines.standard.days(for: .complaint) == 15 && CaseDeadlines.standard.days(for: .booking) == 3)
        let county = CaseDeadlines(days: [.consultation: 2])
        #expect(county.days(for: .consultation) == 2 && county.days(for: .application) == 20)
    }

    @Test func aDecisionIsNeverLostToAStepTakenAtTheStreetMeanwhile() {
        let submit = Self.event(.submit, 10, at: "420107001")
        let note = Self.event(.note, 30, at: "420107001")
        let approve = Self.event(.approve, 20, at: "420107")
        // Whatever order the events arrive in, the fold gives the same state.
        for events in [[submit, note, approve], [approve, note, submit], [note, approve, submit]] {
            let state = CaseState.fold(events, kind: .application)
            #expect(state.status == .approved && state.decision?.id == approve.id && state.ignored.isEmpty)
        }
        // A second decision on a decided application is kept, not applied.
        let secondReturn = Self.event(.return, 40, at: "420107", note: "材料不全")
        let state = CaseState.fold([submit, approve, secondReturn], kind: .application)
        #expect(state.status == .approved && state.ignored.map(\.id) == [secondReturn.id])
    }

    @Test func aRecordIsCheckedAsTheDraftIs() throws {
        var record = Self.application()
        #expect(record.validationErrors.isEmpty)
        record.documents = ["scan.pdf"]
        record.summary = ""
        #expect(Set(record.validationErrors.map(\.field)) == ["documents[0]", "summary"])
        var complaint = Self.application()
        complaint.kind = .complaint
        #expect(complaint.validationErrors.map(\.field).contains("complaintId"))
        complaint.complaintId = UUID()
        #expect(complaint.validationErrors.isEmpty)
        var draft = WindowCase.Draft()
        draft.kind = "application"
        draft.channel = "window"
        draft.summary = "申请"
        #expect(throws: ValidationFailure.self) { try WindowCase.validate(draft) }
        #expect(Set(Self.event(.close, 1, at: "x", note: " ").validationErrors.map(\.field)) == ["note"])
        var order = Self.event(.toOrder, 1, at: "x")
        #expect(order.validationErrors.map(\.field) == ["orderId"])
        order.orderId = UUID()
        #expect(order.validationErrors.isEmpty)
    }
}
