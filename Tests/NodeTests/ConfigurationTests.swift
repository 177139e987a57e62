import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import GRDB
import NIOHTTP1
import SwiftProtobuf
import Testing

@Suite struct ConfigurationTests {
    func write(_ yaml: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-\(UUID()).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aYAMLFileGivesTheSameSettingsAsTheFlags() throws {
        let url = try write("""
            role: street
            code: "420107001"
            name: 红卫路街道养老服务中心
            parent: https://127.0.0.1:9443
            data: ./street-data
            listen: 0.0.0.0:9444
            batchSize: 500
            maxClockSkewSeconds: 60
            rectificationHours: {critical: 12, minor: 240}
            """)
        let configuration = try NodeConfiguration.load(yaml: url)
        #expect(configuration.code == DivisionCode("420107001"))
        #expect(configuration.port == 9444 && configuration.host == "0.0.0.0")
        #expect(configuration.parentURL?.absoluteString == "https://127.0.0.1:9443")
        #expect(configuration.dataDirectory.lastPathComponent == "street-data")
        #expect(configuration.batchSize == 500 && configuration.maxClockSkewMillis == 60_000)
        #expect(configuration.rectificationDeadlines.hours(for: .critical) == 12 && configuration.rectificationDeadlines.hours(for: .minor) == 240)
        #expect(configuration.rectificationDeadlines.hours(for: .serious) == 72, "unset severities keep the default")
    }

    @Test func webhooksComeFromTheYAML() throws {
        let organisation = UUID()
        let configuration = try NodeConfiguration.load(yaml: try write("""
            code: "420107"
            alertWebhook: https://dispatch.example.cn/alerts
            organisationWebhooks:
              \(organisation.uuidString.lowercased()): https://erp.example.cn/orders
            webhookSecret: "0123456789abcdef-receivers"
            webhookAttempts: 3
            """))
        #expect(configuration.alertWebhook?.absoluteString == "https://dispatch.example.cn/alerts")
        #expect(configuration.organisationWebhooks == [organisation: URL(string: "https://erp.example.cn/orders")!])
        #expect(configuration.webhooks.secret == "0123456789abcdef-receivers" && configuration.webhooks.attempts == 3)
    }

    @Test func mistakesNameTheSettingAtFault() throws {
        let cases: [(String, String)] = [
            ("role: county\ncode: \"420107001\"", "role:"),
            ("code: \"4201\"", "code:"),
            ("code: \"420107001\"", "parent:"),
            ("code: \"420107\"\nparent: https://x:1", "parent:"),
            ("code: \"420107001\"\nparent: http://127.0.0.1:1", "parent:"),
            ("code: \"420107\"\nlisten: nowhere", "listen:"),
            ("code: \"420107\"\nrectificationHours: {urgent: 5}", "rectificationHours:"),
            ("code: \"420107\"\nrectificationHours: {minor: 0}", "rectificationHours.minor:"),
            ("code: \"420107\"\norganisationWebhooks:\n  not-an-id: https://x.cn/h", "organisationWebhooks:"),
            ("code: \"420107\"\norganisationWebhooks:\n  \(UUID()): ftp://x.cn/h", "organisationWebhooks."),
            ("code: \"420107\"\nwebhookSecret: short", "webhookSecret:"),
            ("code: \"420107\"\nwebhookAttempts: 0", "webhookAttempts:"),
        ]
        for (yaml, field) in cases {
            #expect {
                try NodeConfiguration.load(yaml: try write(yaml))
            } throws: { error in
                String(describing: error).hasPrefix(field)
            }
        }
    }
}

@Suite(.serialized) struct PaginationTests {
    @Test func listsPageByCursorUntilTheLastPage() async throws {
        try await NodeHarness.with("420107001001") { node in
            for serial in 1...5 {
                let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: serial))
                #expect(reply.status == 201)
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/elders?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await node.client.send(.GET, path, token: node.token)
                seen += ((page.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                cursor = page.json["next"] as? String
            } while cursor != nil && seen.count < 10
            #expect(seen.count == 5 && Set(seen).count == 5)
            let bad = try await node.client.send(.GET, "/api/v1/elders?limit=0", token: node.token)
            #expect(bad.status == 400 && bad.text.contains("limit"))
        }
    }
}
