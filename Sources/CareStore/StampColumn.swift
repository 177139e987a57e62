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

    /// Reads the text back, scanning its UTF-8 bytes once (splitting it into substrings was a
    /// fifth of an elder search's time).
    static func decode(_ text: String) throws -> [String: FieldStamp] {
        guard !text.isEmpty else { return [:] }
        var text = text
        return try text.withUTF8 { bytes in
            var stamps: [String: FieldStamp] = [:]
            stamps.reserveCapacity(16)
            var entry = Entry()
            var start = 0, entryStart = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : recordByte
                guard byte == unitByte || byte == recordByte else { continue }
                guard entry.take(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { throw unreadable(bytes, from: entryStart) }
                start = index + 1
                if byte == recordByte {
                    guard let (field, stamp) = entry.finish() else { throw unreadable(bytes, from: entryStart) }
                    stamps[field] = stamp
                    entry = Entry()
                    entryStart = start
                }
            }
            return stamps
        }
    }

    private static let unitByte: UInt8 = 0x1F
    private static let recordByte: UInt8 = 0x1E

    /// The five parts of one entry as they are read.
    private struct Entry {
        var count = 0
        var field = "", origin = "", previousOrigin = ""
        var hlc: Int64 = 0, previous: Int64 = 0

        mutating func take(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
            defer { count += 1 }
            switch count {
            case 0: field = String(decoding: part, as: UTF8.self)
            case 1: guard let value = StampColumn.integer(part) else { return false }; hlc = value
            case 2: origin = String(decoding: part, as: UTF8.self)
            case 3: guard let value = StampColumn.integer(part) else { return false }; previous = value
            case 4: previousOrigin = String(decoding: part, as: UTF8.self)
            default: return false
            }
            return true
        }

        func finish() -> (String, FieldStamp)? {
            guard count == 5 else { return nil }
            return (field, FieldStamp(
                version: Version(hlc: HLC(packed: hlc), origin: origin),
                previous: Version(hlc: HLC(packed: previous), origin: previousOrigin)))
        }
    }

    /// A decimal Int64 as `Int64(_:)` reads one: an optional sign, then at least one digit.
    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { index = 1 }
        guard index < digits.count else { return nil }
        var value: Int64 = 0
        while index < digits.count {
            let digit = digits[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !overflowTimes, !overflowAdd else { return nil }
            value = next
            index += 1
        }
        return value
    }

    private static func unreadable(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> StoreError {
        let rest = bytes[min(start, bytes.count)...].prefix { $0 != recordByte }
        return StoreError.corrupt("column stamps holds an unreadable entry '\(String(decoding: rest, as: UTF8.self))'")
    }
}
