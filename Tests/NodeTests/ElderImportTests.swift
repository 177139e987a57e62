import CareAPI
import CareIngest
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

@Suite struct ElderImportTests {
    /// A CSV of `rows` elders at one community; `bad` maps a row index to a broken line.
    static func csv(rows: Int, bad: [Int: String]) -> String {
        var lines = ["name,gender,citizenId,phone,address,latitude,longitude,livingSituation,abilityLevel,chronicConditions,contact1Name,contact1Relation,contact1Phone,contact1HoldsKey"]
        for index in 0..<rows {
            if let broken = bad[index] {
                lines.append(broken)
                continue
            }
            let month = 1 + index / 1000  // with the serial below, unique for up to 12,000 rows
            let body = "420107" + "1940" + String(format: "%02d", month) + "15" + String(format: "%03d", index % 1000)
            let id = body + String(CitizenID.checkCharacter(for: body)!)
            lines.append("老人\(index),\(index % 2 == 0 ? "female" : "male"),\(id),1387\(String(format: "%07d", index)),青山区红卫路\(index)号,30.64,114.39,alone,\(index % 5),高血压;糖尿病,家属\(index),儿子,1391234\(String(format: "%04d", index % 10000)),true")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func tenThousandRowsWithThreeBadOnesImportAllButTheThree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-import-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try AppDatabase.open(directory: directory, node: DivisionCode("420107001001")!)
        let bad = [
            10: "坏行,female,110105194912310021,13800000000,地址,,,alone,1,,家属,儿子,13912345678,false",
            5000: "坏行,unknown,11010519491231002X,13800000000,地址,,,alone,1,,家属,儿子,13912345678,false",
            9998: "坏行,female,11010519491231002X,13800000000,地址,,,alone,9,,家属,儿子,13912345678,false",
        ]
        let text = Self.csv(rows: 10_000, bad: bad)
        let report = try ElderImport(db: db).run(csv: text, actor: "test")
        #expect(report.imported == 9_997)
        #expect(report.rejected.map(\.line) == [12, 5002, 10000])
        #expect(report.rejected[0].reasons.first?.hasPrefix("citizenId:") == true)
        #expect(report.rejected[1].reasons.first?.hasPrefix("gender:") == true)
        #expect(report.rejected[2].reasons.first?.hasPrefix("abilityLevel:") == true)
        #expect(try db.recordCounts()["elders"] == 9_997)
        #expect(try db.recordCounts()["changeLog"] == 9_997)
    }

    @Test func aFileWithoutTheRequiredColumnsIsRefusedBeforeAnythingIsWritten() throws {
        let db = try AppDatabase.inMemory(node: DivisionCode("420107001001")!)
        #expect(throws: ElderImport.FileError.self) { try ElderImport(db: db).run(csv: "name,gender\n张三,male\n", actor: "t") }
        #expect(try db.recordCounts()["elders"] == 0)
    }

    @Test func aRowWhoseTextWouldNotBeStoredExactlyIsRejectedNamingTheField() throws {
        // Given a file whose second row hides a NUL in the name and third a bell in a contact
        let db = try AppDatabase.inMemory(node: DivisionCode("420107001001")!)
        let good = Self.csv(rows: 3, bad: [:]).split(separator: "\n").map(String.init)
        let nul = good[2].replacingOccurrences(of: "老人1,", with: "老\u{0}人1,")
        let bell = good[3].replacingOccurrences(of: "家属2,", with: "家\u{7}属2,")
        let text = [good[0], good[1], nul, bell].joined(separator: "\n") + "\n"
        #expect(text.contains("\u{0}") && text.contains("\u{7}"))

        // When it is imported
        let report = try ElderImport(db: db).run(csv: text, actor: "test")

        // Then only the clean row is written, and each other row is rejected naming its field
        #expect(report.imported == 1)
        #expect(report.rejected.map(\.line) == [3, 4])
        #expect(report.rejected.first?.reasons.first?.hasPrefix("name:") == true, "\(report.rejected)")
        #expect(report.rejected.last?.reasons.first?.hasPrefix("emergencyContacts[0].name:") == true, "\(report.rejected)")
        #expect(try db.recordCounts()["elders"] == 1)
        #expect(try db.recordCounts()["changeLog"] == 1)
    }
}
