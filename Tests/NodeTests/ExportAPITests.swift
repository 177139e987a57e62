import CareAPI
import CareIngest
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Exports (数据交换, Anhui §4.2.1) on a real node: CSV with a byte-order mark that the elder
/// import reads back field for field, JSON Lines, masking, the audit trail, and refusals.
@Suite(.serialized) struct ExportAPITests {
    static let reason = "reason=%E6%B0%91%E6%94%BF%E6%8A%A5%E9%80%81"  // 民政报送

    @Test func anUnmaskedCSVExportOfEldersImportsBackFieldForField() async throws {
        try await NodeHarness.with("420107001001") { node in
            let report = try ElderImport(db: node.db).run(csv: ElderImportTests.csv(rows: 1_201, bad: [:]), actor: "seed")
            #expect(report.imported == 1_201 && report.rejected.isEmpty)
            // A cell with a comma and quotes, and one with no phone and two contacts.
            var tricky = node.elderJSON(serial: 7)
            tricky["address"] = .init(["text": "红卫路8号, \"A\"栋 二单元"])
            tricky["phone"] = nil
            tricky["emergencyContacts"] = .init([
                Contact(name: "李强", relation: "女婿", phone: "13912345678", holdsKey: true),
                Contact(name: "王芳", relation: "女儿", phone: "13812345678", holdsKey: nil),
            ])
            let created = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: tricky)
            #expect(created.status == 201, "\(created.text)")

            let export = try await node.client.send(.GET, "/api/v1/exports/elders?format=csv&reveal=identity&\(Self.reason)", token: node.token)
            #expect(export.status == 200, "\(export.text.prefix(300))")
            #expect(export.headers["content-type"].first?.hasPrefix("text/csv") == true)
            #expect(export.headers["content-disposition"].first?.contains("420107001001-elders-") == true)
            #expect(export.body.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "no UTF-8 byte-order mark")
            #expect(export.text.dropFirst().hasPrefix("id,name,gender,birthDate,citizenId,phone,address,latitude,longitude,"))

            // Another system imports the file
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-export-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let other = try AppDatabase.open(directory: directory, node: node.code)
            let back = try ElderImport(db: other).run(csv: export.text, actor: "import")
            #expect(back.imported == 1_202 && back.rejected.isEmpty, "\(back.rejected.prefix(3))")
            let source = try node.db.elders(ListFilter(limit: 2_000)).items.map(\.model)
            let target = Dictionary(uniqueKeysWithValues: try other.elders(ListFilter(limit: 2_000)).items.map { ($0.model.citizenId, $0.model) })
            #expect(source.count == 1_202)
            for elder in source {
                let copy = try #require(target[elder.citizenId], "\(elder.name) did not come back")
                #expect(copy.name == elder.name && copy.gender == elder.gender && copy.birthDate == elder.birthDate && copy.phone == elder.phone)
                #expect(copy.address == elder.address && copy.livingSituation == elder.livingSituation && copy.abilityLevel == elder.abilityLevel)
                #expect(copy.chronicConditions == elder.chronicConditions && copy.emergencyContacts == elder.emergencyContacts && copy.home == elder.home)
            }

            // One audit entry for the export, and one per record shown unmasked
            var filter = AuditFilter()
            filter.action = AuditAction.dataExport
            let entry = try #require(try node.db.auditEntries(filter).items.first)
            #expect(entry.actor == "admin" && entry.detail?.hasPrefix("1202 records") == true && entry.reason == "民政报送")
            filter.action = AuditAction.elderRevealed
            filter.limit = 2_000
            #expect(try node.db.auditEntries(filter).items.count == 1_202)
        }
    }

    struct Contact: Encodable {
        let name, relation, phone: String
        let holdsKey: Bool?
    }

    @Test func maskedJSONLinesAndRefusals() async throws {
        try await NodeHarness.with("420107001001") { node in
            for serial in 1...3 {
                _ = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: serial))
            }
            let lines = try await node.client.send(.GET, "/api/v1/exports/elders?format=jsonl", token: node.token)
            #expect(lines.status == 200 && lines.headers["content-type"].first?.hasPrefix("application/jsonl") == true)
            let records = lines.text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(records.count == 3 && records.allSatisfy { ($0?["citizenId"] as? String)?.contains("********") == true }, "\(lines.text)")
            #expect(!lines.text.contains("13871234567"))

            let viewer = try await node.signIn("viewer1", role: .viewer)
            let refused = try await node.client.send(.GET, "/api/v1/exports/elders", token: viewer)
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "data.export")
            #expect(try await node.client.send(.GET, "/api/v1/exports/elders?format=xml", token: node.token).status == 400)
            let unknown = try await node.client.send(.GET, "/api/v1/exports/pets", token: node.token)
            #expect(unknown.status == 404 && unknown.text.contains("elders, organisations"))
            let noTime = try await node.client.send(.GET, "/api/v1/exports/elders?from=2026-01-01", token: node.token)
            #expect(noTime.status == 422 && noTime.errorFields == ["from"])
            let badDay = try await node.client.send(.GET, "/api/v1/exports/orders?from=2026-13-01", token: node.token)
            #expect(badDay.status == 422 && badDay.errorFields == ["from"])
            let outside = try await node.client.send(.GET, "/api/v1/exports/elders?within=420107002001", token: node.token)
            #expect(outside.status == 403)
            let orders = try await node.client.send(.GET, "/api/v1/exports/orders?format=csv&from=2026-01-01&to=2026-12-31", token: node.token)
            #expect(orders.status == 200 && orders.text.dropFirst().hasPrefix("id,home,elderId,category"))

            var filter = AuditFilter()
            filter.action = AuditAction.dataExport
            #expect(try node.db.auditEntries(filter).items.count == 2, "a refused export is not audited as one")
        }
    }
}
