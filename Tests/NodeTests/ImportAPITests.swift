import CareAPI
import CareIngest
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Imports through the operator API (数据交换, Anhui §4.2.1): a CSV body, the rejects report of
/// the command line (line, field, reason in English and Chinese), nothing written from a
/// rejected row, a preview that writes nothing, and the refusals.
@Suite(.serialized) struct ImportAPITests {
    static func post(_ node: NodeHarness, _ dataset: String, _ text: String, token: String? = nil, preview: Bool = false) async throws -> OperatorClient.Reply {
        try await node.client.send(
            .POST, "/api/v1/imports/\(dataset)\(preview ? "?preview=true" : "")", token: token ?? node.token, body: Data(text.utf8),
            contentType: "text/csv; charset=utf-8")
    }

    static func rejected(_ reply: OperatorClient.Reply) -> [(line: Int, fields: [String], zh: [String])] {
        (reply.json["rejected"] as? [[String: Any]] ?? []).map { row in
            let errors = row["errors"] as? [[String: Any]] ?? []
            return (row["line"] as? Int ?? -1, errors.compactMap { $0["field"] as? String }, errors.compactMap { $0["messageZh"] as? String })
        }
    }

    @Test func aPreviewWritesNothingAndTheImportWritesEveryRowWithOneAuditEntry() async throws {
        try await NodeHarness.with("420107001001") { node in
            let text = "\u{FEFF}" + ElderImportTests.csv(rows: 250, bad: [:])
            let before = try node.logCount()

            let preview = try await Self.post(node, "elders", text, preview: true)
            #expect(preview.status == 200, "\(preview.text.prefix(300))")
            #expect(preview.json["preview"] as? Bool == true && preview.json["rows"] as? Int == 250)
            #expect(preview.json["valid"] as? Int == 250 && preview.json["imported"] as? Int == 0)
            #expect(preview.headers["cache-control"].first == "no-store")
            #expect(try node.db.recordCounts()["elders"] == 0 && node.logCount() == before)

            let done = try await Self.post(node, "elders", text)
            #expect(done.status == 200, "\(done.text.prefix(300))")
            #expect(done.json["imported"] as? Int == 250 && Self.rejected(done).isEmpty)
            #expect(try node.db.recordCounts()["elders"] == 250)
            var filter = AuditFilter()
            filter.action = AuditAction.dataImport
            let entries = try node.db.auditEntries(filter).items
            #expect(entries.count == 1)
            #expect(entries.first?.actor == "admin" && entries.first?.subject == "elders" && entries.first?.detail?.hasPrefix("250 of 250 rows imported") == true)
        }
    }

    @Test func badRowsAreReportedInBothLanguagesAndNothingOfThemIsWritten() async throws {
        try await NodeHarness.with("420107001001") { node in
            // One elder already registered here, whose citizen ID the file repeats
            let existing = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 9))
            #expect(existing.status == 201, "\(existing.text)")
            let taken = try #require(node.elderJSON(serial: 9)["citizenId"]).encodeText
            let good = ElderImportTests.csv(rows: 6, bad: [:]).split(separator: "\n").map(String.init)
            let text = [
                good[0], good[1],
                "坏行一,unknown,\(good[2].split(separator: ",")[2]),13800000000,地址,,,alone,1,,家属,儿子,13912345678,false",  // line 3
                good[3],
                "坏行二,female,\(taken),13800000000,地址,,,alone,1,,家属,儿子,13912345678,false",  // line 5
                good[4].replacingOccurrences(of: "30.64", with: "北纬30"),  // line 6
                good[5], good[6],
                good[5].replacingOccurrences(of: "老人4", with: "坏行三"),  // line 9: the citizen ID of line 7 again
            ].joined(separator: "\r\n") + "\r\n"

            let preview = try await Self.post(node, "elders", text, preview: true)
            let done = try await Self.post(node, "elders", text)
            for reply in [preview, done] {
                #expect(reply.status == 200, "\(reply.text.prefix(400))")
                let rows = Self.rejected(reply)
                #expect(rows.map(\.line) == [3, 5, 6, 9], "\(reply.text)")
                #expect(rows.map { $0.fields.first ?? "" } == ["gender", "citizenId", "address", "citizenId"], "\(reply.text)")
                #expect(rows.allSatisfy { !$0.zh.isEmpty && $0.zh.allSatisfy { !$0.isEmpty } })
                #expect(reply.json["rows"] as? Int == 8 && reply.json["valid"] as? Int == 4)
            }
            #expect(done.json["imported"] as? Int == 4)
            let names = Set(try node.db.elders(ListFilter(limit: 100)).items.map(\.model.name))
            #expect(names.count == 5)
            #expect(names.isDisjoint(with: ["坏行一", "坏行二", "坏行三", "老人3"]), "\(names)")
        }
    }

    @Test func refusalsAnswerInChineseAndWriteNothing() async throws {
        try await NodeHarness.with("420107001001") { node in
            let text = ElderImportTests.csv(rows: 3, bad: [:])
            func zh(_ reply: OperatorClient.Reply) -> String? { (reply.json["error"] as? [String: Any])?["messageZh"] as? String }

            let viewer = try await node.signIn("viewer1", role: .viewer)
            let before = try node.logCount()
            let forbidden = try await Self.post(node, "elders", text, token: viewer)
            #expect(forbidden.status == 403 && zh(forbidden)?.isEmpty == false, "\(forbidden.text)")
            #expect((forbidden.json["error"] as? [String: Any])?["permission"] as? String == "elder.write")

            let registry = try await Self.post(node, "organisations", "name,type,categories,address\n甲,homeCareCenter,meals,地址\n")
            #expect(registry.status == 403 && zh(registry)?.contains("县级") == true, "\(registry.text)")

            let columns = try await Self.post(node, "elders", "name,gender\n张三,male\n")
            #expect(columns.status == 422 && zh(columns)?.contains("表头缺少列") == true, "\(columns.text)")
            let notUTF8 = try await node.client.send(
                .POST, "/api/v1/imports/elders", token: node.token, body: Data(text.utf8) + Data([0xC3, 0x28]), contentType: "text/csv")
            #expect(notUTF8.status == 422 && zh(notUTF8)?.contains("UTF-8") == true, "\(notUTF8.text)")
            let json = try await node.client.send(.POST, "/api/v1/imports/elders", token: node.token, json: ["name": "张三"])
            #expect(json.status == 415 && zh(json)?.isEmpty == false, "\(json.text)")
            let unknown = try await Self.post(node, "vitals", text)
            #expect(unknown.status == 404 && zh(unknown)?.isEmpty == false, "\(unknown.text)")

            let large = try await node.client.send(
                .POST, "/api/v1/imports/elders", token: node.token, body: Data(count: (64 << 20) + 1), contentType: "text/csv")
            #expect(large.status == 413 && zh(large)?.isEmpty == false, "\(large.text)")
            #expect(try node.db.recordCounts()["elders"] == 0 && node.logCount() == before)
        }
    }

    @Test func aStreetOperatorImportsOnlyWithinTheirCommunity() async throws {
        try await NodeHarness.with("420107001") { node in
            let station = try await node.signIn("station1", role: .stationStaff, division: DivisionCode("420107001001")!)
            var lines = ElderImportTests.csv(rows: 4, bad: [:]).split(separator: "\n").map(String.init)
            lines[0] += ",home"
            lines[1] += ""  // no home: the operator's own community
            lines[2] += ",420107001001"
            lines[3] += ",420107001002"  // line 4: another community of this street
            lines[4] += ",420107002001"  // line 5: outside this street
            let reply = try await Self.post(node, "elders", lines.joined(separator: "\n") + "\n", token: station)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(Self.rejected(reply).map(\.line) == [4, 5], "\(reply.text)")
            #expect(Self.rejected(reply).allSatisfy { $0.fields == ["home"] })
            let homes = try node.db.elders(ListFilter(limit: 10)).items.map(\.model.home.rawValue)
            #expect(homes == ["420107001001", "420107001001"])
        }
    }

    @Test func theCountyImportsOrganisationsAndStaffAndAnExportImportsBackAsTaken() async throws {
        try await NodeHarness.with("420107") { node in
            let first = UUID(), second = UUID()
            let organisations = """
                id,name,type,categories,communities,address,phone,creditStatus
                \(first),青山区居家养老服务中心,homeCareCenter,meals;bathing,420107001001;420107001002,"青山区红卫路8号, 二楼",027-86861234,good
                \(second),红钢城日间照料中心,dayCareCenter,meals,420107002001,红钢城街12号,,
                ,坏组织,notAType,meals,,地址,,
                ,外县组织,homeCareCenter,meals,420106001001,地址,,

                """
            let done = try await Self.post(node, "organisations", organisations)
            #expect(done.status == 200, "\(done.text)")
            #expect(Self.rejected(done).map(\.line) == [4, 5], "\(done.text)")
            #expect(Self.rejected(done).map { $0.fields.first ?? "" } == ["type", "communities[0]"], "\(done.text)")
            let stored = try #require(try node.db.organisation(id: first)?.model)
            #expect(stored.categories == [.meals, .bathing] && stored.address.text == "青山区红卫路8号, 二楼" && stored.communities.count == 2)

            let staff = """
                name,role,organisationId,phone,certificates
                张护理,caregiver,\(first),13912340001,养老护理员四级;健康证
                李医生,doctor,,13912340002,
                王某,caregiver,\(UUID()),13912340003,
                赵某,astronaut,,13912340004,

                """
            let preview = try await Self.post(node, "staff", staff, preview: true)
            #expect(preview.status == 200 && preview.json["valid"] as? Int == 2, "\(preview.text)")
            #expect(try node.db.recordCounts()["staff"] == 0)
            let staffDone = try await Self.post(node, "staff", staff)
            #expect(Self.rejected(staffDone).map(\.line) == [4, 5], "\(staffDone.text)")
            #expect(Self.rejected(staffDone).map { $0.fields.first ?? "" } == ["organisationId", "role"])
            let members = try node.db.staffList(ListFilter(limit: 10)).items.map(\.model)
            #expect(Set(members.map(\.name)) == ["张护理", "李医生"])
            #expect(members.first { $0.name == "张护理" }?.certificates == ["养老护理员四级", "健康证"])

            // The registry's own export imports back row for row, and every row is taken
            let export = try await node.client.send(.GET, "/api/v1/exports/organisations?format=csv", token: node.token)
            #expect(export.status == 200)
            let again = try await Self.post(node, "organisations", export.text, preview: true)
            #expect(again.json["rows"] as? Int == 2 && again.json["valid"] as? Int == 0, "\(again.text)")
            #expect(Self.rejected(again).allSatisfy { $0.fields == ["id"] && $0.zh.first?.contains("已存在") == true })
        }
    }
}

extension AnyEncodable {
    /// The JSON text of a string value, without its quotes.
    var encodeText: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
}
