import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Referral (服务转介, Anhui §5.2.2.4) across the tiers: the street refers a community's order to
/// an organisation, which answers at its station; a refusal sends the order back to the
/// dispatch queue everywhere; a third party's acceptance and the feedback reach the county; the
/// street's queue shows what waits past its answer window on the street's clock.
@Suite(.serialized) struct ReferralFederationTests {
    typealias Desk = WindowCaseFederationTests.Desk

    static func orderStatus(_ db: AppDatabase, _ id: UUID) -> OrderStatus? { (try? db.order(id: id))?.status }
    static func referral(_ db: AppDatabase, _ id: UUID) -> Referral? { (try? db.referral(id: id, in: nil))?.model }

    @Test func anOrderReferredAtTheStreetIsRefusedAtTheStationAndReturnsToTheDispatchQueueEverywhere() async throws {
        try await Federation.withSmall { federation in
            let county = federation.db(Codes.county)
            let organisation = try county.createOrganisation(Samples.organisation(), actor: "t").model
            let community = federation.db(Codes.community1)
            let elder = try community.createElder(Samples.elder(71, home: Codes.community1), actor: "t").model
            let order = try community.createOrder(ServiceOrder(
                home: Codes.community1, elderId: elder.id, category: .meals, channel: .window, takenAt: Codes.community1, takenBy: "t",
                requestedAtMillis: community.clock.wallMillis), actor: "t").model
            try await federation.converge("the elder, the order and the organisation at the street and the station") {
                try federation.db(Codes.street1).order(id: order.id) != nil && community.organisation(id: organisation.id) != nil
            }
            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            try community.addOperator(Operator(
                name: "org-admin", role: .organisationAdmin, home: Codes.community1, organisationId: organisation.id,
                passwordHash: PasswordHashing.hash("case password")))
            let adminClient = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
            let admin = Desk(client: adminClient, name: "org-admin", token: try await adminClient.login(name: "org-admin", password: "case password"))
            defer { Task { await clerk.client.shutdown(); await adminClient.shutdown() } }

            let made = try await clerk.send(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(elder.id.uuidString), "orderId": .init(order.id.uuidString),
                "toOrganisationId": .init(organisation.id.uuidString), "reason": .init("本街道助餐点满员，转介邻近服务中心"),
            ])
            #expect(made.status == 201 && made.json["status"] as? String == "pending", "\(made.text)")
            #expect(made.json["toOrganisationName"] as? String == organisation.name && made.json["elderName"] as? String == elder.name)
            let id = try #require(UUID(uuidString: made.json["id"] as? String ?? ""))
            #expect(Self.orderStatus(federation.db(Codes.street1), order.id) == .referred, "the order shows referred at once")

            // A second referral of the same order is refused: it is no longer waiting for dispatch.
            let twice = try await clerk.raw(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(elder.id.uuidString), "orderId": .init(order.id.uuidString),
                "toOrganisationId": .init(organisation.id.uuidString), "reason": .init("再次转介"),
            ])
            #expect(twice.status == 422 && twice.text.contains("orderId"), "\(twice.text)")

            try await federation.converge("the referral and the referred order at the station and the county") {
                Self.referral(community, id) != nil && Self.orderStatus(community, order.id) == .referred
                    && Self.referral(county, id) != nil && Self.orderStatus(county, order.id) == .referred
            }
            let offered = try await admin.send(.GET, "/api/v1/referrals?status=pending")
            #expect((offered.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id.uuidString], "\(offered.text)")

            // The organisation refuses at its station with the station's link down.
            federation.cut(Codes.community1)
            let noReason = try await admin.raw(.POST, "/api/v1/referrals/\(id)/answer", ["answer": AnyJSON("refused")])
            #expect(noReason.status == 422 && noReason.text.contains("note"), "a refusal names its reason: \(noReason.text)")
            let refused = try await admin.send(.POST, "/api/v1/referrals/\(id)/answer", ["answer": AnyJSON("refused"), "note": .init("本周送餐车辆检修")])
            #expect(refused.json["status"] as? String == "refused", "\(refused.text)")
            #expect(Self.orderStatus(community, order.id) == .requested)
            federation.restore(Codes.community1)

            try await federation.converge("refused and back in the dispatch queue at the street and the county") {
                [Codes.street1, Codes.county].allSatisfy { code in
                    Self.referral(federation.db(code), id)?.status == .refused && Self.orderStatus(federation.db(code), order.id) == .requested
                }
            }
            let queue = try await clerk.send(.GET, "/api/v1/referrals?status=refused")
            let listed = try #require((queue.json["items"] as? [[String: Any]])?.first)
            #expect((listed["reply"] as? [String: Any])?["note"] as? String == "本周送餐车辆检修", "\(queue.text)")
            #expect(try federation.db(Codes.street2).referral(id: id, in: nil) == nil, "the other street never sees it")
        }
    }

    @Test func aThirdPartysAnswerAndTheFeedbackReachTheCountyAndTheQueueShowsWhatIsOverdue() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.street1 { config.accountClock = clock.now }
        }) { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(72, home: Codes.community1), actor: "t").model
            try await federation.converge("elder at the street") { try federation.db(Codes.street1).elder(id: elder.id) != nil }
            var clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let client = clerk.client
            defer { Task { await client.shutdown() } }
            func refer(_ party: String) async throws -> String {
                try await clerk.send(.POST, "/api/v1/referrals", [
                    "elderId": AnyJSON(elder.id.uuidString), "toThirdParty": .init(party), "toPhone": .init("027-8888 1234"),
                    "reason": .init("咨询遗产和赡养纠纷"),
                ]).json["id"] as! String
            }
            // Two minutes apart (the street's clock stays within the skew its parent accepts).
            let legal = try await refer("青山区法律援助中心")
            clock.advance(minutes: 2)
            try await clerk.signInAgain()
            let hospital = try await refer("青山区人民医院康复科")
            let all = try await clerk.send(.GET, "/api/v1/referrals?status=pending")
            #expect((all.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [legal, hospital], "oldest unanswered first")

            // Feedback before an answer is refused; then the street records the party's answer and feedback.
            let early = try await clerk.raw(.POST, "/api/v1/referrals/\(legal)/feedback", ["feedback": AnyJSON("已办结")])
            #expect(early.status == 422 && early.text.contains("feedback"), "\(early.text)")
            _ = try await clerk.send(.POST, "/api/v1/referrals/\(legal)/answer", ["answer": AnyJSON("accepted"), "note": .init("电话确认受理")])
            let again = try await clerk.raw(.POST, "/api/v1/referrals/\(legal)/answer", ["answer": AnyJSON("refused"), "note": .init("改口")])
            #expect(again.status == 422, "a referral is answered once: \(again.text)")
            let done = try await clerk.send(.POST, "/api/v1/referrals/\(legal)/feedback", ["feedback": AnyJSON("律师已上门，调解完成")])
            #expect(done.json["status"] as? String == "completed", "\(done.text)")

            let id = try #require(UUID(uuidString: legal))
            try await federation.converge("the answer and the feedback at the county and the community") {
                [Codes.county, Codes.community1].allSatisfy { code in
                    let found = Self.referral(federation.db(code), id)
                    return found?.reply?.answer == .accepted && found?.feedback?.text == "律师已上门，调解完成"
                }
            }

            // Three days and an hour on, the unanswered one is overdue; the answered one is not.
            clock.advance(minutes: 3 * 24 * 60 + 60)
            try await clerk.signInAgain()
            let overdue = try await clerk.send(.GET, "/api/v1/referrals?overdue=true")
            #expect((overdue.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [hospital], "\(overdue.text)")
            let shown = try await clerk.send(.GET, "/api/v1/referrals/\(hospital)")
            #expect(shown.json["overdue"] as? Bool == true && shown.json["status"] as? String == "pending", "\(shown.text)")
        }
    }

    @Test func aReferralIsMadeOnlyAtAStreetAndBadInputWritesNothing() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(73, home: Codes.community1), actor: "t").model
            let other = try federation.db(Codes.community2).createElder(Samples.elder(74, home: Codes.community2), actor: "t").model
            try await federation.converge("both elders at the county") {
                try federation.db(Codes.county).elder(id: other.id) != nil && federation.db(Codes.street1).elder(id: elder.id) != nil
            }
            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let countyDesk = try await Desk.open(federation, at: Codes.county, role: .admin)
            defer { Task { await clerk.client.shutdown(); await countyDesk.client.shutdown() } }
            let street = federation.db(Codes.street1)
            let before = try street.recordCounts()

            let atCounty = try await countyDesk.raw(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(other.id.uuidString), "toThirdParty": .init("区法律援助中心"), "reason": .init("咨询"),
            ])
            #expect(atCounty.status == 403 && (atCounty.json["error"] as? [String: Any])?["messageZh"] as? String != nil, "\(atCounty.text)")
            let both = try await clerk.raw(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(elder.id.uuidString), "toThirdParty": .init("区法律援助中心"), "toOrganisationId": .init(UUID().uuidString),
                "reason": .init(""), "toPhone": .init("not a phone"),
            ])
            #expect(both.status == 422, "\(both.text)")
            let fields = Set(((both.json["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["reason", "toThirdParty", "toPhone"], "\(both.text)")
            let thirdPartyWithOrder = try await clerk.raw(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(elder.id.uuidString), "toThirdParty": .init("区法律援助中心"), "orderId": .init(UUID().uuidString),
                "reason": .init("咨询"),
            ])
            #expect(thirdPartyWithOrder.status == 422 && thirdPartyWithOrder.text.contains("orderId"), "\(thirdPartyWithOrder.text)")
            let unknownKey = try await clerk.raw(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(elder.id.uuidString), "toThirdParty": .init("区法律援助中心"), "reason": .init("咨询"), "urgent": .init(true),
            ])
            #expect(unknownKey.status == 422 && unknownKey.text.contains("urgent"), "\(unknownKey.text)")
            let elsewhere = try await clerk.raw(.POST, "/api/v1/referrals", [
                "elderId": AnyJSON(other.id.uuidString), "toThirdParty": .init("区法律援助中心"), "reason": .init("咨询"),
            ])
            #expect(elsewhere.status == 422 || elsewhere.status == 404, "another street's elder: \(elsewhere.text)")
            #expect(try street.recordCounts() == before, "nothing was written")
        }
    }
}
