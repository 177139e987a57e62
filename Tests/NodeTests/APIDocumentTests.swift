import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The API document against the router: every route a node of each tier serves is documented
/// with its methods and no documented route is missing, every answer and body type has a
/// schema, the committed copy is the one the code writes, and the permission each route names
/// is the one it demands.
@Suite struct APIDocumentTests {
    static func report(_ code: String) throws -> APIDocumentReport {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = try DivisionCode(validating: code)
        let db = try AppDatabase.open(directory: directory, node: node)
        return try APIDocumentReport(db: db, info: NodeInfo(code: node, name: "document test", parentURL: nil))
    }

    @Test(arguments: ["420107", "420107001", "420107001001"])
    func everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed(code: String) throws {
        let report = try Self.report(code)
        #expect(report.problems == [], "\(report.problems.joined(separator: "\n"))")
        let served = Set(report.served)
        #expect(served.count == report.served.count, "a route served twice")
        #expect(Set(report.documentedServed) == served, """
            served, not documented: \(served.subtracting(report.documentedServed).sorted())
            documented, not served: \(Set(report.documentedServed).subtracting(served).sorted())
            """)
        let county = try Self.report("420107")
        #expect(Set(report.documented) == Set(county.documented), "each tier documents the same API")
        #expect(report.data.count > 100_000)
    }

    @Test func theCommittedCopyIsTheOneTheCodeWrites() throws {
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/openapi.json").standardized
        let written = try Self.report("420107").data
        if ProcessInfo.processInfo.environment["CARENODE_WRITE_OPENAPI"] == "1" { try written.write(to: committed) }
        let held = try Data(contentsOf: committed)
        // Compared as a Bool: a failing comparison of two large Data values takes minutes to print.
        let same = held == written
        #expect(same, "docs/openapi.json (\(held.count) bytes) is stale against the code (\(written.count) bytes): run scripts/generate-openapi")
    }
}
