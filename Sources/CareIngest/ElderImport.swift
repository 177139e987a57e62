import CareModel
import CareStore
import Foundation

/// Imports elders from a CSV file (数据汇集 by file import, 001 §5.1.2.2), from the command line
/// (`carenode import elders`) and the operator API (`POST /api/v1/imports/elders`): every row is
/// validated, the valid ones are written in one transaction, and each rejected row is reported
/// with its line number and reasons; nothing of a rejected row is written.
public struct ElderImport {
    /// The columns understood, those of the elders export; `home` may be left out on a
    /// community node (or by an operator whose jurisdiction is one community), and an `id`
    /// column (the export has one) is ignored: an import registers new records.
    public static let columns = [
        "name", "gender", "birthDate", "citizenId", "phone", "address", "latitude", "longitude", "livingSituation",
        "abilityLevel", "chronicConditions", "contact1Name", "contact1Relation", "contact1Phone", "contact1HoldsKey",
        "contact2Name", "contact2Relation", "contact2Phone", "contact2HoldsKey", "contact3Name", "contact3Relation",
        "contact3Phone", "contact3HoldsKey", "home",
    ]
    public static let requiredColumns = ["name", "gender", "citizenId", "address", "livingSituation", "abilityLevel", "contact1Name", "contact1Relation", "contact1Phone"]

    public typealias FileError = ImportFileError
    public typealias Rejected = ImportRejected
    public typealias Report = ImportReport

    let db: AppDatabase

    public init(db: AppDatabase) { self.db = db }

    /// Parses and imports `text` as the node itself (no jurisdiction); `progress` is called
    /// with (rows checked, rows expected).
    public func run(csv text: String, actor: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        try run(csv: text, ImportOptions(actor: actor), progress: progress)
    }

    /// Parses `text`, checks every row (the record rules, this node's subtree, the caller's
    /// jurisdiction, one citizen ID per person in the file and on this node) and, unless this
    /// is a preview, writes the valid rows in one transaction.
    public func run(csv text: String, _ options: ImportOptions, progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        let rows = try CSVRows(text, required: Self.requiredColumns, known: Self.columns)
        let node = db.node
        // An operator of one community may leave out the home, as a community node may.
        let defaultHome = options.scope.flatMap { $0.division.role == .community ? $0.division : nil } ?? (node.role == .community ? node : nil)
        var elders: [(line: Int, elder: Elder)] = []
        var rejected: [Rejected] = []
        var seenCitizenIds = Set<String>()
        var count = 0
        try rows.forEach { line, cells in
            if count % 500 == 0 { progress(count, max(count, rows.estimatedCount)) }
            count += 1
            do throws(ValidationFailure) {
                let elder = try Elder(validating: Self.draft(cells, defaultHome: defaultHome))
                // The record rules every way in shares (sync applies the same check).
                try elder.validate()
                if let outside = Rejected.outside(elder.home, node: node, scope: options.scope, line: line) {
                    rejected.append(outside)
                } else if !seenCitizenIds.insert(elder.citizenId.rawValue).inserted {
                    rejected.append(Rejected(
                        line: line, "citizenId", en: "the same citizen ID appears on an earlier line", zh: "身份证号与前面某行重复"))
                } else {
                    elders.append((line, elder))
                }
            } catch {
                rejected.append(Rejected(line: line, errors: error.errors))
            }
        }
        // One person, one record: a citizen ID this node already holds is that row's refusal,
        // not the whole file's.
        let registered = try db.registeredCitizenIDs(elders.map(\.elder.citizenId.rawValue))
        if !registered.isEmpty {
            for (line, elder) in elders {
                guard let holder = registered[elder.citizenId.rawValue] else { continue }
                rejected.append(Rejected(
                    line: line, "citizenId", en: "citizen ID \(elder.citizenId.masked) is already registered as elder \(holder.uuidString)",
                    zh: "身份证号\(elder.citizenId.masked)已登记（老人档案\(holder.uuidString)）"))
            }
            elders.removeAll { registered[$0.elder.citizenId.rawValue] != nil }
            rejected.sort { $0.line < $1.line }
        }
        progress(count, count)
        if !options.preview { try db.importElders(elders.map(\.elder), actor: options.actor) }
        return Report(rows: count, imported: elders.count, rejected: rejected, preview: options.preview)
    }

    private static func draft(_ row: CSVRows.Cells, defaultHome: DivisionCode?) -> Elder.Draft {
        func value(_ key: String) -> String? { row.value(key) }
        var d = Elder.Draft()
        d.home = value("home") ?? defaultHome?.rawValue
        d.name = value("name")
        d.gender = value("gender")
        d.birthDate = value("birthDate")
        d.citizenId = value("citizenId")
        d.phone = value("phone")
        d.address = .init(text: value("address"), latitude: value("latitude").flatMap(Double.init), longitude: value("longitude").flatMap(Double.init))
        if value("latitude") != nil && d.address?.latitude == nil { d.address?.latitude = .nan }
        if value("longitude") != nil && d.address?.longitude == nil { d.address?.longitude = .nan }
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
