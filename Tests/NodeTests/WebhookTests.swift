import CareModel
import CareNode
import CareStore
import CareTesting
import Crypto
import Foundation
import Logging
import NIOHTTP1
import Testing

/// Outgoing notices (#19): signed so that a receiver can tell they are this node's and fresh,
/// retried with backoff after a receiver's failures, dropped after their attempts; alert
/// changes to the alert webhook and dispatched orders to the organisation's own system. Every
/// test POSTs to a real HTTP server on loopback.
@Suite(.serialized) struct WebhookTests {
    static let secret = "receiver-shares-this-0123456789"

    static func poster(attempts: Int = 6, secret: String? = WebhookTests.secret, timeout: Duration = .seconds(5)) -> WebhookPoster {
        var settings = WebhookSettings(secret: secret)
        settings.attempts = attempts
        settings.firstDelay = .milliseconds(50)
        settings.timeout = timeout
        return WebhookPoster(settings: settings, node: "420107001001", logger: Logger(label: "test.webhook"))
    }

    @Test func aSignedNoticeVerifiesWithTheNodesSecretOnlyAndOnlyWhileFresh() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let body = Data(#"{"id":"a1","message":"心率过高"}"#.utf8)
        let outcome = await Self.poster().post(body, to: receiver.url(), event: "alert", delivery: "a1-7")
        #expect(outcome == .delivered(attempts: 1))
        let got = try #require(try await receiver.wait(for: 1).first)
        #expect(got.body == body)
        #expect(got.header("X-Carenode-Event") == "alert" && got.header("X-Carenode-Delivery") == "a1-7" && got.header("X-Carenode-Node") == "420107001001")
        let timestamp = try #require(got.header("X-Carenode-Timestamp"))
        let signature = try #require(got.header("X-Carenode-Signature"))

        // What a receiver computes on its own: HMAC-SHA256 of "timestamp.body" with the secret
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + body, using: SymmetricKey(data: Data(Self.secret.utf8)))
        #expect(signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
        #expect(WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: Self.secret))
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: "another-secret-0123456789"))
        #expect(!WebhookSignature.verify(body: body + Data(" ".utf8), timestamp: timestamp, signature: signature, secret: Self.secret))
        // A captured notice sent again ten minutes later, or with its timestamp changed, fails
        #expect(!WebhookSignature.verify(body: body, timestamp: timestamp, signature: signature, secret: Self.secret, now: Int64(timestamp)! + 600))
        #expect(!WebhookSignature.verify(body: body, timestamp: String(Int64(timestamp)! + 1), signature: signature, secret: Self.secret))

        // Without a secret nothing is signed, and the timestamp still goes
        _ = await Self.poster(secret: nil).post(body, to: receiver.url(), event: "alert", delivery: "a1-8")
        let unsigned = try await receiver.wait(for: 2)
        #expect(unsigned.count == 2 && unsigned[1].header("X-Carenode-Signature") == nil && unsigned[1].header("X-Carenode-Timestamp") != nil)
    }

    @Test func aReceiverThatAnswers500TwiceGetsTheNoticeOnTheThirdAttemptAfterGrowingWaits() async throws {
        let receiver = try await WebhookReceiver.start(answers: [500, 503])
        defer { Task { await receiver.stop() } }
        let outcome = await Self.poster().post(Data("{}".utf8), to: receiver.url(), event: "alert", delivery: "d-1")
        #expect(outcome == .delivered(attempts: 3))
        let got = try await receiver.wait(for: 3)
        #expect(got.count == 3)
        #expect(Set(got.compactMap { $0.header("X-Carenode-Delivery") }) == ["d-1"])
        // Waits of 50 ms, then 100 ms
        #expect(got[1].at - got[0].at >= .milliseconds(50))
        #expect(got[2].at - got[1].at >= .milliseconds(100))
        #expect(got.allSatisfy { WebhookSignature.verify(body: $0.body, timestamp: $0.header("X-Carenode-Timestamp") ?? "", signature: $0.header("X-Carenode-Signature") ?? "", secret: Self.secret) })
    }

    @Test func aNoticeThatKeepsFailingIsDroppedAfterItsAttemptsAndARefusalAtOnce() async throws {
        let receiver = try await WebhookReceiver.start(answers: Array(repeating: 500, count: 10) + [401])
        defer { Task { await receiver.stop() } }
        let dropped = await Self.poster(attempts: 4).post(Data("{}".utf8), to: receiver.url(), event: "alert", delivery: "d-2")
        #expect(dropped == .dropped(attempts: 4, reason: "answered 500"))
        #expect(try await receiver.wait(for: 4).count == 4)
        try await Task.sleep(for: .milliseconds(300))
        #expect(receiver.received.count == 4, "a dropped notice is not sent again")

        // A refusal (401, the receiver's verdict on the notice) is not retried
        let fresh = try await WebhookReceiver.start(answers: [401])
        defer { Task { await fresh.stop() } }
        let refused = await Self.poster(attempts: 4).post(Data("{}".utf8), to: fresh.url(), event: "alert", delivery: "d-3")
        #expect(refused == .dropped(attempts: 1, reason: "answered 401"))

        // Nobody listening: every attempt fails to connect, then the notice is dropped
        let closed = URL(string: "http://127.0.0.1:\(receiver.port)/hook")!
        await receiver.stop()
        let unreachable = await Self.poster(attempts: 3, timeout: .seconds(1)).post(Data("{}".utf8), to: closed, event: "alert", delivery: "d-4")
        guard case .dropped(attempts: 3, _) = unreachable else { Issue.record("\(unreachable)"); return }
    }

    @Test func anAlertRaisedAtTheStationReachesTheAlertWebhookSigned() async throws {
        let receiver = try await WebhookReceiver.start(answers: [500])
        defer { Task { await receiver.stop() } }
        try await NodeHarness.with("420107001001", configure: { configuration in
            configuration.alertWebhook = receiver.url("/alerts")
            configuration.webhooks.secret = Self.secret
            configuration.webhooks.firstDelay = .milliseconds(50)
        }) { node in
            let station = try await DeviceIngestTests.Station.open(node)
            let high = try await station.report(DeviceIngestTests.heartRate(150))
            let alertId = try #require((high.json["alertsRaised"] as? [String])?.first, "\(high.text)")
            let got = try await receiver.wait(for: 2)
            #expect(got.count == 2, "the first answer was 500: the notice is sent again")
            let notice = try #require(got.last)
            #expect(notice.path == "/alerts" && notice.header("X-Carenode-Event") == "alert")
            #expect(WebhookSignature.verify(
                body: notice.body, timestamp: notice.header("X-Carenode-Timestamp") ?? "", signature: notice.header("X-Carenode-Signature") ?? "",
                secret: Self.secret))
            let json = try #require(try JSONSerialization.jsonObject(with: notice.body) as? [String: Any])
            #expect((json["id"] as? String)?.lowercased() == alertId.lowercased(), "\(json)")
        }
    }

    @Test func anOrderDispatchedToAnOrganisationIsAnnouncedToItsOwnSystemOnly() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let hooked = UUID()
        try await NodeHarness.with("420107", configure: { configuration in
            configuration.organisationWebhooks[hooked] = receiver.url("/orders")
            configuration.webhooks.secret = Self.secret
        }) { node in
            let work = try await WorkOrderFixture(node)
            let created = try await node.client.send(.POST, "/api/v1/organisations", token: node.token, json: [
                "id": AnyEncodable(hooked.uuidString), "name": .init("有系统的服务中心"), "type": .init("homeCareCenter"),
                "categories": .init(["bathing"]), "communities": .init([WorkOrderFixture.community]),
                "address": .init(Address(text: "青山区", location: WorkOrderFixture.north(300))),
            ])
            #expect(created.status == 201, "\(created.text)")
            let other = try await work.organisation("没有系统的服务中心", at: WorkOrderFixture.north(200))
            let first = try await work.order()
            let second = try await work.order()
            #expect(try await work.step(first, ["kind": .init("dispatch"), "organisationId": .init(hooked.uuidString)]).status == 201)
            #expect(try await work.step(second, ["kind": .init("dispatch"), "organisationId": .init(other)]).status == 201)

            let got = try await receiver.wait(for: 1)
            try await Task.sleep(for: .milliseconds(500))
            #expect(receiver.received.count == 1, "only the organisation with a webhook hears, once")
            let notice = try #require(got.first)
            #expect(notice.path == "/orders" && notice.header("X-Carenode-Event") == "order.dispatched")
            #expect(WebhookSignature.verify(
                body: notice.body, timestamp: notice.header("X-Carenode-Timestamp") ?? "", signature: notice.header("X-Carenode-Signature") ?? "",
                secret: Self.secret))
            let json = try #require(try JSONSerialization.jsonObject(with: notice.body) as? [String: Any])
            #expect((json["orderId"] as? String)?.lowercased() == first.lowercased(), "\(json)")
            #expect(json["event"] as? String == "order.dispatched" && json["category"] as? String == "bathing" && json["elderName"] as? String == "王桂兰")
            #expect(notice.header("X-Carenode-Delivery") == (json["dispatchId"] as? String)?.lowercased())
        }
    }
}
