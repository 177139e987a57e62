import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// The call center over the operator API at one node: refusals that write nothing, a device's
/// one-key call as an alert and a call, the queue of callbacks due, figures, and numbers
/// masked for roles without identity.
@Suite(.serialized) struct CallAPITests {
    typealias J = AnyEncodable

    static func elder(_ node: NodeHarness, _ token: String, serial: Int = 1) async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/elders", token: token, json: node.elderJSON(serial: serial))
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"] as? String)
    }

    static func counts(_ node: NodeHarness) throws -> [String: Int] { try node.db.recordCounts() }

    static func fields(_ reply: OperatorClient.Reply) -> [String] {
        ((reply.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    @Test func badCallsAndCompletionsAreRefusedNamingTheFieldAndWriteNothing() async throws {
        try await NodeHarness.with("420107") { node in
            let agent = try await node.signIn("agent1", role: .callAgent)
            _ = try await Self.elder(node, node.token)
            let before = try Self.counts(node)
            for body: [String: J] in [["number": J("call me")], [:], ["number": J("13912345678"), "caller": J("x")]] {
                let reply = try await node.client.send(.POST, "/api/v1/calls/incoming", token: agent, json: body)
                #expect(reply.status == 422, "\(reply.text)")
                let fields = (reply.json["error"] as? [String: Any])?["fields"] as? [[String: Any]]
                #expect((fields?.first?["messageZh"] as? String)?.isEmpty == false, "\(reply.text)")
            }
            #expect(try Self.counts(node) == before)

            let rang = try await node.client.send(.POST, "/api/v1/calls/incoming", token: agent, json: ["number": J("139-1234-5678")])
            #expect(rang.status == 201, "\(rang.text)")
            let call = try #require((rang.json["call"] as? [String: Any])?["id"] as? String)
            let after = try Self.counts(node)
            for (body, field) in [
                (["outcome": J("answered")], "purpose"),
                (["outcome": J("hungUp")], "outcome"),
                (["outcome": J("answered"), "purpose": J("serviceRequest"), "order": J(["category": J("flying")])], "order.category"),
                (["outcome": J("missed"), "durationSeconds": J(40)], "durationSeconds"),
                (["outcome": J("answered"), "purpose": J("consultation"), "recording": J("abc")], "recording"),
                (["outcome": J("answered"), "purpose": J("consultation"), "alertId": J(UUID().uuidString)], "alertId"),
            ] as [([String: J], String)] {
                let reply = try await node.client.send(.PATCH, "/api/v1/calls/\(call)", token: agent, json: body)
                #expect(reply.status == 422 && Self.fields(reply).contains(field), "\(field): \(reply.text)")
            }
            #expect(try Self.counts(node) == after, "no order and no change to the call")
            let still = try await node.client.send(.GET, "/api/v1/calls/\(call)", token: agent)
            #expect((still.json["call"] as? [String: Any])?["open"] as? Bool == true, "\(still.text)")
        }
    }

    @Test func aOneKeyCallFromADeviceIsAnAlertAndAnOpenCallForTheElder() async throws {
        try await NodeHarness.with("420107001001") { node in
            let station = try await DeviceIngestTests.Station.open(node)
            let report = #"{"events":[{"event":"call","timestamp":"\#(Date().formatted(.iso8601))"}]}"#
            let reply = try await station.report(report)
            let alertId = try #require((reply.json["alertsRaised"] as? [String])?.first, "\(reply.text)")
            let calls = try await node.client.send(.GET, "/api/v1/calls?elderId=\(station.elderId)", token: node.token)
            let items = try #require(calls.json["items"] as? [[String: Any]], "\(calls.text)")
            #expect(items.count == 1, "\(calls.text)")
            let call = try #require(items.first)
            #expect(call["alertId"] as? String == alertId && call["deviceSerial"] as? String == station.serial)
            #expect(call["purpose"] as? String == "emergency" && call["matchedBy"] as? String == "device" && call["open"] as? Bool == true)
            let queue = try await node.client.send(.GET, "/api/v1/calls/queue", token: node.token)
            #expect(((queue.json["open"] as? [[String: Any]])?.compactMap { $0["id"] as? String }) == [call["id"] as? String ?? ""], "\(queue.text)")
            // A repeat folds into the open alert: no second call.
            _ = try await station.report(report)
            let again = try await node.client.send(.GET, "/api/v1/calls?elderId=\(station.elderId)", token: node.token)
            #expect((again.json["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func aMissedCallIsDueForACallbackUntilOneIsMadeAndTheFiguresCountBoth() async throws {
        try await NodeHarness.with("420107") { node in
            let agent = try await node.signIn("agent2", role: .callAgent)
            let elder = try await Self.elder(node, node.token)
            let missed = try await node.client.send(.POST, "/api/v1/calls/incoming", token: agent, json: ["number": J("+86 138 7123 4567")])
            let missedId = try #require((missed.json["call"] as? [String: Any])?["id"] as? String, "\(missed.text)")
            let callers = try #require(missed.json["callers"] as? [[String: Any]])
            #expect(callers.count == 1 && callers.first?["matchedBy"] as? String == "elderPhone")
            let done = try await node.client.send(.PATCH, "/api/v1/calls/\(missedId)", token: agent, json: ["outcome": J("missed")])
            #expect(done.status == 200, "\(done.text)")
            var queue = try await node.client.send(.GET, "/api/v1/calls/queue", token: agent)
            #expect((queue.json["callbacksDue"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [missedId], "\(queue.text)")

            let back = try await node.client.send(.POST, "/api/v1/calls/outgoing", token: agent, json: [
                "elderId": J(elder), "purpose": J("callback"), "callbackOf": J(missedId),
            ])
            #expect(back.status == 201 && back.json["number"] as? String == "13871234567", "\(back.text)")
            let backId = try #require(back.json["id"] as? String)
            let answered = try await node.client.send(.PATCH, "/api/v1/calls/\(backId)", token: agent, json: [
                "outcome": J("answered"), "purpose": J("callback"), "durationSeconds": J(90), "note": J("已回电，老人无事"),
            ])
            #expect(answered.status == 200, "\(answered.text)")
            queue = try await node.client.send(.GET, "/api/v1/calls/queue", token: agent)
            #expect((queue.json["callbacksDue"] as? [[String: Any]])?.isEmpty == true && (queue.json["open"] as? [[String: Any]])?.isEmpty == true, "\(queue.text)")

            let figures = try await node.client.send(.GET, "/api/v1/calls/figures", token: agent)
            let rows = try #require(figures.json["rows"] as? [[String: Any]], "\(figures.text)")
            #expect(rows.count == 1 && rows.first?["agent"] as? String == "agent2")
            #expect(rows.first?["calls"] as? Int == 2 && rows.first?["answered"] as? Int == 1 && rows.first?["missed"] as? Int == 1)
            #expect(rows.first?["averageHandlingSeconds"] as? Double == 90)
            let bad = try await node.client.send(.GET, "/api/v1/calls/figures?from=2026-13-01", token: agent)
            #expect(bad.status == 422 && Self.fields(bad) == ["from"], "\(bad.text)")

            // A viewer sees the calls with the number masked; the agent sees it whole.
            let viewer = try await node.signIn("viewer2", role: .viewer)
            let masked = try await node.client.send(.GET, "/api/v1/calls", token: viewer)
            let numbers = (masked.json["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
            #expect(numbers.count == 2 && numbers.allSatisfy { $0.contains("*") }, "\(masked.text)")
            let refused = try await node.client.send(.POST, "/api/v1/calls/incoming", token: viewer, json: ["number": J("13912345678")])
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "call.handle")
        }
    }
}
