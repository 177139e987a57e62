import CareModel
import Foundation

/// Turns one wire value into its model value through the model's own validating types, or
/// fails naming the field as the `.proto` spells it. Callers add the enclosing path.
enum FieldCheck {
    /// A string proto3 cannot tell from absent, so empty means missing.
    static func required(_ text: String, _ field: String) throws(WireError) -> String {
        guard !text.isEmpty else { throw WireError(field: field, problem: "is required") }
        return text
    }

    static func uuid(_ text: String, _ field: String) throws(WireError) -> UUID {
        guard let id = try UUID(canonical: required(text, field)) else {
            throw WireError(field: field, problem: "'\(text)' is not a UUID")
        }
        return id
    }

    /// An `optional string` field holding a UUID.
    static func uuid(_ text: String, present: Bool, _ field: String) throws(WireError) -> UUID? {
        present ? try uuid(text, field) : nil
    }

    static func division(_ text: String, _ field: String) throws(WireError) -> DivisionCode {
        let text = try required(text, field)
        do {
            return try DivisionCode(validating: text)
        } catch {
            throw WireError(field: field, problem: error.description)
        }
    }

    static func citizenID(_ text: String, _ field: String) throws(WireError) -> CitizenID {
        do {
            return try CitizenID(validating: text)
        } catch {
            throw WireError(field: field, problem: error.description)
        }
    }

    static func code<T: CodeTable>(_ text: String, _ field: String, as type: T.Type = T.self) throws(WireError) -> T {
        guard let value = try T(rawValue: required(text, field)) else {
            throw WireError(field: field, problem: "'\(text)' is not one of: \(T.codeList)")
        }
        return value
    }

    /// An `optional string` field holding a code.
    static func code<T: CodeTable>(_ text: String, present: Bool, _ field: String, as type: T.Type = T.self) throws(WireError) -> T? {
        present ? try code(text, field, as: type) : nil
    }

    static func range(_ value: Int32, _ field: String, _ bounds: ClosedRange<Int>) throws(WireError) -> Int {
        guard bounds.contains(Int(value)) else {
            throw WireError(field: field, problem: "\(value) is outside \(bounds.lowerBound)–\(bounds.upperBound)")
        }
        return Int(value)
    }

    /// An `optional int32` field with bounds.
    static func range(_ value: Int32, present: Bool, _ field: String, _ bounds: ClosedRange<Int>) throws(WireError) -> Int? {
        present ? try range(value, field, bounds) : nil
    }

    /// A version sub-message that must be there. The zero version means "never written": fine
    /// as a stamp's `previous` or a conflict's empty side, never as the version of a write.
    static func version(_ wire: WireVersion, present: Bool, _ field: String, allowZero: Bool) throws(WireError) -> Version {
        guard present else { throw WireError(field: field, problem: "is missing") }
        let version: Version
        do {
            version = try Version(wire: wire)
        } catch {
            throw error.within(field)
        }
        if !allowZero && version == .zero {
            throw WireError(field: field, problem: "is the zero version, which no write carries")
        }
        return version
    }

    /// Runs `body` and places any error it throws under `parent`, which is only built then:
    /// paths like `stamps[7]` would otherwise cost a string per element of every change.
    static func nested<T>(_ parent: @autoclosure () -> String, _ body: () throws(WireError) -> T) throws(WireError) -> T {
        do {
            return try body()
        } catch {
            throw error.within(parent())
        }
    }
}
