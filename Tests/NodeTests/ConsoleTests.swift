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

@Suite(.serialized) struct ConsoleTests {
    @Test func consolePageIsServedWithAStrictPolicy() async throws {
        try await NodeHarness.with("420107001001") { node in
            let page = try await node.client.send(.GET, "/console")
            #expect(page.status == 200)
            #expect(page.version == .http2)
            #expect(page.headers.first(name: "content-type")?.hasPrefix("text/html") == true)
            #expect(page.headers.first(name: "cache-control") == "no-store")
            let policy = try #require(page.headers.first(name: "content-security-policy"))
            #expect(policy.contains("default-src 'self'"))
            #expect(page.text.contains("/api/v1/session"))
            #expect(page.text.contains("sessionStorage"))
            #expect(!page.text.contains("innerHTML ="))
            #expect(!page.text.contains("innerHTML="))
        }
    }

    /// `GET /` answers 303 with `location: /console`. The operator client follows redirects (as a
    /// browser does), so what this test sees is where the redirect leads: the console page.
    @Test func rootLeadsToTheConsole() async throws {
        try await NodeHarness.with("420107001001") { node in
            let root = try await node.client.send(.GET, "/")
            #expect(root.status == 200)
            #expect(root.headers.first(name: "content-security-policy") != nil)
            #expect(root.text.contains("/api/v1/session"))
        }
    }
}
