import CareModel
import CareStore
import Foundation
import SwiftCSV

/// Imports elders from a CSV file (数据汇集 by file import, 001 §5.1.2.2): every row is
/// validated, the valid ones are written in one transaction, and each rejected row is reported
/// with its line number and reasons.
public struct ElderImport {
    /// The columns understood; `home` may be left out on a community node.
    public static let columns = [
        "name", "gender", "birthDate", "citizenId", "phone", "address", "latitude", "longitude", "livingSituation",
        "abilityLevel", "chronicConditions", "contact1Name", "contact1Relation", "contact1Phone", "contact1HoldsKey",
        "contact2Name", "contact2Relation", "contact2Phone", "contact2HoldsKey", "contact3Name", "contact3Relation",
        "contact3Phone", "contact3HoldsKey", "home",
    ]

    /// The file as a whole cannot be imported: not CSV, or a required column is missing.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public struct Rejected: Sendable, Equatable {
        public let line: Int
        public let reasons: [String]
    }

    public struct Report: Sendable {
        public var imported: Int
        public var rejected: [Rejected]
    }

    let db: AppDatabase

    public init(db: AppDatabase) { self.db = db }

    /// Parses and imports `text`; `progress` is called with (rows checked, rows total).
    public func run(csv text: String, actor: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        let csv: CSV<Named>
        // A byte-order mark (Excel writes one, and so does carenode's export) is not part of
        // the first column's name.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do { csv = try CSV<Named>(string: text, delimiter: .comma, loadColumns: false) } catch {
            throw ElderImport.FileError("the file is not valid CSV: \(error)")
        }
        let missing = ["name", "gender", "citizenId", "address", "livingSituation", "abilityLevel", "contact1Name", "contact1Relation", "contact1Phone"]
            .filter { !csv.header.contains($0) }
        if !missing.isEmpty {
            throw ElderImport.FileError("the header lacks column(s) \(missing.joined(separator: ", ")); expected columns: \(Self.columns.joined(separator: ","))")
        }
        var elders: [Elder] = []
        var rejected: [Rejected] = []
        var seenCitizenIds = Set<String>()
        let total = csv.rows.count
        for (index, row) in csv.rows.enumerated() {
            let line = index + 2  // line 1 is the header
            if index % 500 == 0 { progress(index, total) }
            do {
                let elder = try Elder(validating: draft(row))
                // The record rules every way in shares (sync applies the same check).
                try elder.validate()
                guard db.node.contains(elder.home) else {
                    rejected.append(Rejected(line: line, reasons: ["home: \(elder.home) is outside this node (\(db.node))"]))
                    continue
                }
                guard seenCitizenIds.insert(elder.citizenId.rawValue).inserted else {
                    rejected.append(Rejected(line: line, reasons: ["citizenId: the same citizen ID appears on an earlier line"]))
                    continue
                }
                elders.append(elder)
            } catch {
                rejected.append(Rejected(line: line, reasons: error.errors.map { "\($0.field): \($0.message)" }))
            }
        }
        progress(total, total)
        try db.importElders(elders, actor: actor)
        return Report(imported: elders.count, rejected: rejected)
    }

    private func draft(_ row: [String: String]) -> Elder.Draft {
        // Padding around a cell is spreadsheet layout, not content: it is the one thing removed.
        // Everything inside a cell (control characters included) reaches the record rules.
        func value(_ key: String) -> String? {
            guard let text = row[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var d = Elder.Draft()
        d.home = value("home") ?? (db.node.role == .community ? db.node.rawValue : nil)
        d.name = value("name")
        d.gender = value("gender")
        d.birthDate = value("birthDate")
        d.citizenId = value("citizenId")
        d.phone = value("phone")
        d.address = .init(text: value("address"), latitude: value("latitude").flatMap(Double.init), longitude: value("longitude").flatMap(Double.init))
        if value("latitude") != nil && d.address?.latitude == nil { d.address?.latitude = .nan }
        d.livingSituation = value("livingSituation")
        d.abilityLevel = value("abilityLevel").map { Int($0) ?? -1 }
        d.chronicConditions = value("chronicConditions")?.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        d.emergencyContacts = (1...3).compactMap { n in
            guard value("contact\(n)Name") != nil || value("contact\(n)Phone") != nil else { return nil }
            return .init(
                name: value("contact\(n)Name"), relation: value("contact\(n)Relation"), phone: value("contact\(n)Phone"),
                holdsKey: value("contact\(n)HoldsKey").map { ["1", "true", "yes", "是"].contains($0.lowercased()) })
        }
        return d
    }
}
