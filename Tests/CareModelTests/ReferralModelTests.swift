import CareModel
import Foundation
import Testing

/// Referrals as pure rules: where one may go, which order it may carry, the reply and the
/// feedback, the derived status and the answer window; and the order's `referred` status.
@Suite struct ReferralModelTests {
    let street = DivisionCode("420107001")!
    let elder = Fixtures.elder()
    let organisation = ServiceOrganisation(
        home: DivisionCode("420107")!, name: "青山区幸福居家养老服务中心", type: .homeCareCenter, categories: [.meals],
        communities: [Fixtures.community], address: Address(text: "青山区和平大道1号"))

    func draft(_ edit: (inout Referral.Draft) -> Void = { _ in }) -> Referral.Draft {
        var d = Referral.Draft()
        d.elderId = elder.id.uuidString
        d.reason = "本街道助餐点满员"
        d.toOrganisationId = organisation.id.uuidString
        edit(&d)
        return d
    }

    func order(_ status: OrderStatus, elderId: UUID? = nil) -> (order: ServiceOrder, status: OrderStatus) {
        (ServiceOrder(
            home: Fixtures.community, elderId: elderId ?? elder.id, category: .meals, channel: .window, takenAt: Fixtures.community,
            takenBy: "t", requestedAtMillis: 1), status)
    }

    func make(_ d: Referral.Draft, order: (order: ServiceOrder, status: OrderStatus)? = nil, organisation: ServiceOrganisation? = nil, at: DivisionCode? = nil) throws(ValidationFailure) -> Referral {
        try Referral(
            validating: d, elder: elder, order: order, caseId: nil, organisation: organisation, street: at ?? street, referredBy: "窗口",
            nowMillis: 1_764_000_000_000)
    }

    static func fields(_ body: () throws -> Referral) -> Set<String> {
        do {
            _ = try body()
            return []
        } catch let failure as ValidationFailure {
            return Set(failure.errors.map(\.field))
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func aReferralGoesToExactlyOneOrganisationOrThirdParty() throws {
        let made = try make(draft(), order: order(.requested), organisation: organisation)
        #expect(made.home == Fixtures.community && made.fromStreet == street && made.status == .pending && made.toOrganisationId == organisation.id)
        #expect(made.validationErrors.isEmpty)
        #expect(Self.fields { try make(draft { $0.toOrganisationId = nil }) } == ["toOrganisationId"])
        #expect(Self.fields { try make(draft { $0.toThirdParty = "区法律援助中心" }, organisation: organisation) } == ["toThirdParty"])
        #expect(Self.fields { try make(draft()) } == ["toOrganisationId"], "an organisation this node does not hold")
        let third = try make(draft { $0.toOrganisationId = nil; $0.toThirdParty = "区法律援助中心"; $0.toPhone = "027-8888 1234" })
        #expect(third.toThirdParty == "区法律援助中心" && third.validationErrors.isEmpty)
        #expect(Self.fields { try make(draft { $0.toPhone = "027-8888 1234" }, organisation: organisation) } == ["toPhone"], "a phone is the third party's")
    }

    @Test func onlyTheElderOwnOrderWaitingForDispatchGoesWithIt() {
        let ordered: (OrderStatus) -> Set<String> = { status in Self.fields { try make(draft { $0.orderId = UUID().uuidString }, order: order(status), organisation: organisation) } }
        #expect(ordered(.requested).isEmpty)
        #expect(ordered(.dispatched) == ["orderId"] && ordered(.referred) == ["orderId"] && ordered(.completed) == ["orderId"])
        #expect(Self.fields { try make(draft { $0.orderId = UUID().uuidString }, order: order(.requested, elderId: UUID()), organisation: organisation) } == ["orderId"])
        #expect(Self.fields { try make(draft { $0.orderId = UUID().uuidString }, organisation: organisation) } == ["orderId"], "an order this node does not hold")
        #expect(Self.fields {
            try make(draft { $0.orderId = UUID().uuidString; $0.toOrganisationId = nil; $0.toThirdParty = "区人民医院" }, order: order(.requested))
        } == ["orderId"], "a third party takes no order")
    }

    @Test func onlyAStreetCoveringTheElderRefers() {
        #expect(Self.fields { try make(draft(), organisation: organisation, at: DivisionCode("420107002")!) } == ["elderId"])
        #expect(Self.fields { try make(draft(), organisation: organisation, at: DivisionCode("420107")!) } == ["elderId"])
    }

    @Test func aReplyComesOnceARefusalNamesItsReasonAndFeedbackFollowsAnAcceptance() throws {
        let made = try make(draft(), organisation: organisation)
        #expect(Self.fields { try made.replied(.init(answer: "refused"), by: "机构", nowMillis: 2) } == ["note"])
        #expect(Self.fields { try made.replied(.init(answer: "maybe"), by: "机构", nowMillis: 2) } == ["answer"])
        #expect(Self.fields { try made.fedBack(.init(feedback: "已办结"), by: "机构", nowMillis: 2) } == ["feedback"])
        let accepted = try made.replied(.init(answer: "accepted"), by: "机构", nowMillis: 2)
        #expect(accepted.status == .accepted && accepted.reply?.by == "机构")
        #expect(Self.fields { try accepted.replied(.init(answer: "refused", note: "改口"), by: "机构", nowMillis: 3) } == ["answer"])
        let done = try accepted.fedBack(.init(feedback: "已安排每周二送餐"), by: "机构", nowMillis: 4)
        #expect(done.status == .completed && done.validationErrors.isEmpty)
        #expect(Self.fields { try done.fedBack(.init(feedback: "再次反馈"), by: "机构", nowMillis: 5) } == ["feedback"])
        let refused = try made.replied(.init(answer: "refused", note: "满员"), by: "机构", nowMillis: 2)
        #expect(refused.status == .refused)
        var forged = refused
        forged.feedback = ReferralFeedback(text: "x", by: "y", atMillis: 3)
        #expect(forged.validationErrors.map(\.field).contains("feedback"), "a peer's feedback on a refused referral is refused")
    }

    @Test func anUnansweredReferralIsOverdueAfterThreeDays() throws {
        let made = try make(draft(), organisation: organisation)
        let due = made.referredAtMillis + 3 * 24 * 3_600_000
        #expect(made.answerDueAtMillis == due)
        #expect(!made.isOverdue(nowMillis: due) && made.isOverdue(nowMillis: due + 1))
        #expect(!(try made.replied(.init(answer: "accepted"), by: "机构", nowMillis: 2)).isOverdue(nowMillis: due + 1))
    }

    @Test func aReferStepLeavesTheOrderReferredUntilAcceptedOrRefused() {
        let orderId = UUID()
        let a = UUID()
        func event(_ kind: OrderEventKind, _ millis: Int64, organisation: UUID? = nil, worker: UUID? = nil, supersedes: UUID? = nil, id: UUID = UUID()) -> OrderEvent {
            OrderEvent(
                id: id, orderId: orderId, home: Fixtures.community, kind: kind, version: Fixtures.version(millis, "420107001"), actor: "t",
                reason: kind == .refuse ? "满员" : nil, organisationId: organisation, workerId: worker, supersedes: supersedes)
        }
        let refer = event(.refer, 1, organisation: a)
        #expect(OrderLifecycle.fold([refer]).status == .referred)
        #expect(OrderLifecycle.fold([refer, event(.accept, 2, worker: UUID())]).status == .accepted)
        #expect(OrderLifecycle.fold([refer, event(.refuse, 2)]).status == .requested)
        #expect(OrderLifecycle.fold([refer, event(.cancel, 2)]).status == .cancelled)
        // A county dispatch made while the street referred: the earlier stands, the later is a conflict.
        let raced = OrderLifecycle.fold([refer, event(.dispatch, 2, organisation: UUID())])
        #expect(raced.status == .referred && raced.rejected.count == 1)
        #expect(OrderStatus.isOverdue(.referred, dueAtMillis: 1, nowMillis: 2), "a referred order that has not begun is overdue past its time")
    }
}
