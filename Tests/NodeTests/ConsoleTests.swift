import CareAPI
import CareModel
import CareNode
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The console's files as the node serves them; what the pages do is checked in a real browser
/// by Tests/Browser (scripts/test runs it after swift test).
@Suite(.serialized) struct ConsoleTests {
    @Test func consolePageComesFromTheBundleWithAStrictPolicy() async throws {
        try await NodeHarness.with("420107001001") { node in
            let page = try await node.client.send(.GET, "/console/")
            #expect(page.status == 200)
            #expect(page.version == .http2)
            #expect(page.headers.first(name: "content-type")?.hasPrefix("text/html") == true)
            #expect(page.headers.first(name: "cache-control") == "no-store")
            let policy = try #require(page.headers.first(name: "content-security-policy"))
            #expect(policy.contains("script-src 'self';"))
            #expect(policy.contains("style-src 'self';"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(!policy.contains("unsafe-eval"))
            // The page is a shell: every script is an external module, none is inline.
            #expect(page.text.contains(#"<script type="module" src="/console/js/main.js"></script>"#))
            #expect(!page.text.contains("<script>"))
            #expect(!page.text.contains("style="))
        }
    }

    @Test func modulesAndStylesAreServedWithTheirTypes() async throws {
        try await NodeHarness.with("420107001001") { node in
            let script = try await node.client.send(.GET, "/console/js/main.js")
            #expect(script.status == 200)
            #expect(script.headers.first(name: "content-type")?.hasPrefix("text/javascript") == true)
            #expect(script.headers.first(name: "x-content-type-options") == "nosniff")
            #expect(script.text.contains("import"))
            let style = try await node.client.send(.GET, "/console/css/console.css")
            #expect(style.status == 200)
            #expect(style.headers.first(name: "content-type")?.hasPrefix("text/css") == true)
        }
    }

    @Test func pathsOutsideTheConsoleAndItsLibrariesAreNotServed() async throws {
        try await NodeHarness.with("420107001001") { node in
            for path in ["/console/.hidden", "/console/js/%2E%2E/%2E%2E/ConsoleController.swift", "/console/lib/popper.js/popper.js",
                         "/console/lib/../../etc/passwd", "/console/nothing.js", "/console/js"] {
                let reply = try await node.client.send(.GET, path)
                #expect(reply.status == 404, "\(path) answered \(reply.status)")
            }
        }
    }

    @Test func configurationSaysWhichLibrariesAreInstalled() async throws {
        try await NodeHarness.with("420107001001") { node in
            let reply = try await node.client.send(.GET, "/console/config.json")
            #expect(reply.status == 200)
            let libraries = try #require(reply.json["libraries"] as? [[String: Any]])
            #expect(Set(libraries.compactMap { $0["name"] as? String }) == ["bootstrap5", "leaflet", "markercluster", "chart.js"])
            for library in libraries {
                let name = library["name"] as? String ?? ""
                let probe = ["bootstrap5": "bootstrap5/css/bootstrap.min.css", "leaflet": "leaflet/leaflet.js",
                             "markercluster": "leaflet/leaflet.markercluster.js", "chart.js": "chart.js/chart.min.js"][name]!
                let installed = FileManager.default.fileExists(atPath: "/usr/share/javascript/" + probe)
                #expect(library["installed"] as? Bool == installed, "\(name)")
                if installed {
                    let file = try await node.client.send(.GET, "/console/lib/" + probe)
                    #expect(file.status == 200, "\(probe)")
                }
            }
            // No tile source unless one is configured: the map never reaches the internet.
            #expect(reply.json["tileURL"] == nil || reply.json["tileURL"] is NSNull)
        }
    }

    @Test func rootLeadsToTheConsole() async throws {
        try await NodeHarness.with("420107001001") { node in
            let root = try await node.client.send(.GET, "/")
            #expect(root.status == 200)
            #expect(root.headers.first(name: "content-security-policy") != nil)
            #expect(root.text.contains("/console/js/main.js"))
        }
    }

    @Test func codeTablesCarryBothLanguages() async throws {
        try await NodeHarness.with("420107001001") { node in
            let reply = try await node.client.send(.GET, "/api/v1/codes", token: node.token)
            #expect(reply.status == 200)
            let tables = try #require(reply.json["tables"] as? [String: [[String: String]]])
            let categories = try #require(tables["serviceCategory"])
            #expect(categories.count == ServiceCategory.allCases.count)
            #expect(categories.first { $0["code"] == "meals" }?["zh"] == "助餐")
            #expect(tables["operatorRole"]?.count == OperatorRole.allCases.count)
            let unauthenticated = try await node.client.send(.GET, "/api/v1/codes")
            #expect(unauthenticated.status == 401)
        }
    }

    @Test func listsCountEveryMatchingRecord() async throws {
        try await NodeHarness.with("420107001001") { node in
            for serial in 1...3 {
                let created = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: serial))
                #expect(created.status == 201)
            }
            let page = try await node.client.send(.GET, "/api/v1/elders?limit=2", token: node.token)
            #expect((page.json["items"] as? [Any])?.count == 2)
            #expect(page.json["total"] as? Int == 3)
            let next = try #require(page.json["next"] as? String)
            let second = try await node.client.send(.GET, "/api/v1/elders?limit=2&cursor=\(next)", token: node.token)
            #expect((second.json["items"] as? [Any])?.count == 1)
            #expect(second.json["total"] as? Int == 3)
            let none = try await node.client.send(.GET, "/api/v1/elders?q=%E6%97%A0%E6%AD%A4%E4%BA%BA", token: node.token)
            #expect(none.json["total"] as? Int == 0)
        }
    }
}
