import CareModel

/// The per-field stamps of a profile row as compact text, one field per record:
/// `field␟hlc␟origin␟previousHlc␟previousOrigin␞…`, sorted by field so equal stamps give equal
/// text. JSON would work, but it was the largest cost of applying a change.
enum StampColumn {
    private static let unit: Character = "\u{1F}"
    private static let record: Character = "\u{1E}"

    static func encode(_ stamps: [String: FieldStamp]) -> String {
        var text = ""
        text.reserveCapacity(stamps.count * 48)
        for (field, stamp) in stamps.sorted(by: { $0.key < $1.key }) {
            if !text.isEmpty { text.append(record) }
            text += field
            text.append(unit)
            text += String(stamp.version.hlc.packed)
            text.append(unit)
            text += stamp.version.origin
            text.append(unit)
            text += String(stamp.previous.hlc.packed)
            text.append(unit)
            text += stamp.previous.origin
        }
        return text
    }

    static func decode(_ text: String) throws -> [String: FieldStamp] {
        var stamps: [String: FieldStamp] = [:]
        guard !text.isEmpty else { return stamps }
        for entry in text.split(separator: record, omittingEmptySubsequences: false) {
            let parts = entry.split(separator: unit, omittingEmptySubsequences: false)
            guard parts.count == 5, let hlc = Int64(parts[1]), let previous = Int64(parts[3]) else {
                throw StoreError.corrupt("column stamps holds an unreadable entry '\(entry)'")
            }
            stamps[String(parts[0])] = FieldStamp(
                version: Version(hlc: HLC(packed: hlc), origin: String(parts[2])),
                previous: Version(hlc: HLC(packed: previous), origin: String(parts[4])))
        }
        return stamps
    }
}
