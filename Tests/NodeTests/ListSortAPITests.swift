import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// `?sort=` on the lists the console sorts: the whole list in that order page by page, and a
/// sort or cursor the list does not know is a 400 naming the parameter and what it allows.
@Suite(.serialized) struct ListSortAPITests {
    @Test func eldersComeInNameOrderAcrossPagesOverHTTP() async throws {
        try await NodeHarness.with("420107001001") { node in
            let names = ["王五", "张三", "李四", "张三", "Anna", "张三"]
            for (index, name) in names.enumerated() {
                var body = node.elderJSON(serial: index + 1)
                body["name"] = .init(name)
                let created = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: body)
                #expect(created.status == 201, "\(created.text)")
            }
            for sort in ["name", "-name"] {
                var seen: [(String, String)] = []
                var cursor: String?
                repeat {
                    let page = try await node.client.send(
                        .GET, "/api/v1/elders?sort=\(sort)&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: node.token)
                    #expect(page.status == 200 && page.json["total"] as? Int == names.count, "\(page.text)")
                    seen += (page.json["items"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["id"] as? String ?? "") }
                    cursor = page.json["next"] as? String
                } while cursor != nil && seen.count <= names.count
                #expect(seen.count == names.count && Set(seen.map(\.1)).count == names.count)
                let ascending = sort == "name"
                let expected = seen.sorted { a, b in
                    let (x, y) = (Array(a.0.utf8), Array(b.0.utf8))
                    if x != y { return ascending ? x.lexicographicallyPrecedes(y) : y.lexicographicallyPrecedes(x) }
                    return ascending ? a.1 < b.1 : a.1 > b.1
                }
                #expect(seen.map(\.1) == expected.map(\.1), "\(sort): \(seen.map(\.0))")
            }
        }
    }

    @Test func anUnknownSortOrAForeignCursorIsRefusedInBothLanguages() async throws {
        try await NodeHarness.with("420107001001") { node in
            for (path, allowed) in [
                ("/api/v1/orders?sort=createdOn", ["requestedAt", "-requestedAt", "dueAt", "-dueAt"]),
                ("/api/v1/orders?sort=name", ["requestedAt", "-requestedAt", "dueAt", "-dueAt"]),
                ("/api/v1/alerts?sort=dueAt", ["raisedAt", "-raisedAt"]),
                ("/api/v1/elders?sort=-birthDate", ["name", "-name"]),
            ] {
                let refused = try await node.client.send(.GET, path, token: node.token)
                let error = refused.json["error"] as? [String: Any]
                #expect(refused.status == 400, "\(path): \(refused.text)")
                #expect((error?["message"] as? String)?.contains("query parameter sort=") == true, "\(refused.text)")
                #expect((error?["messageZh"] as? String)?.contains("查询参数 sort") == true, "\(refused.text)")
                #expect(error?["allowed"] as? [String] == allowed)
            }
            for sort in ["requestedAt", "-dueAt"] {
                #expect(try await node.client.send(.GET, "/api/v1/orders?sort=\(sort)", token: node.token).status == 200)
            }
            #expect(try await node.client.send(.GET, "/api/v1/alerts?sort=-raisedAt", token: node.token).status == 200)

            for serial in 1...3 {
                #expect(try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: serial)).status == 201)
            }
            let first = try await node.client.send(.GET, "/api/v1/elders?sort=name&limit=1", token: node.token)
            let cursor = try #require(first.json["next"] as? String)
            // A cursor belongs to the sort that gave it out.
            for path in ["/api/v1/elders?sort=-name&cursor=\(cursor)", "/api/v1/elders?cursor=\(cursor)"] {
                let refused = try await node.client.send(.GET, path, token: node.token)
                #expect(refused.status == 400 && refused.text.contains("cursor"), "\(path): \(refused.text)")
            }
            #expect(try await node.client.send(.GET, "/api/v1/elders?sort=name&limit=1&cursor=\(cursor)", token: node.token).status == 200)
        }
    }
}
