import CareModel
import Foundation

/// Finds numbers that parse as JSON but fit no field: Foundation's decoder reports them as
/// "not valid JSON" without a path, which would make a 3.5 for an integer look like a broken
/// body. These checks name the field instead, so the answer is a 422 the sender can act on.
enum JSONNumberCheck {
    /// Integer fields in `value` (parsed JSON) holding a fraction or a number beyond `Int`,
    /// against the draft `type` and its nested drafts.
    static func misfitIntegers(in value: Any, as type: any StrictDraft.Type, path: String = "") -> [FieldError] {
        guard let object = value as? [String: Any] else { return [] }
        var errors: [FieldError] = []
        for (key, fieldType) in type.fieldTypes.sorted(by: { $0.key < $1.key }) {
            guard let inner = object[key] else { continue }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if fieldType == Int?.self || fieldType == Int.self {
                if inner is NSNumber, !(inner is Bool), (inner as? Int) == nil { errors.append(misfit(keyPath, integer: true)) }
            } else if let nested = (fieldType as? any StrictField.Type)?.strictType {
                if let array = inner as? [Any] {
                    for (index, element) in array.enumerated() { errors += misfitIntegers(in: element, as: nested, path: "\(keyPath)[\(index)]") }
                } else {
                    errors += misfitIntegers(in: inner, as: nested, path: keyPath)
                }
            }
        }
        return errors
    }

    /// The path of the first number literal no Swift number holds (1e309), found by a scan of
    /// the bytes that keeps only a stack of keys and indices: it runs only when a body failed
    /// to parse, and never recurses, however deep the body nests.
    static func unrepresentableNumber(in data: Data) -> FieldError? {
        enum Frame { case object(key: String?, expectingKey: Bool), array(index: Int) }
        var stack: [Frame] = []
        let bytes = [UInt8](data)
        var i = 0
        func currentPath() -> String {
            var text = ""
            for frame in stack {
                switch frame {
                case .object(let key?, _): text += text.isEmpty ? key : ".\(key)"
                case .array(let index): text += "[\(index)]"
                case .object(nil, _): break
                }
            }
            return text.isEmpty ? "body" : text
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): stack.append(.object(key: nil, expectingKey: true))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","):
                switch stack.last {
                case .array(let index): stack[stack.count - 1] = .array(index: index + 1)
                case .object(let key, _): stack[stack.count - 1] = .object(key: key, expectingKey: true)
                case nil: break
                }
            case UInt8(ascii: "\""):
                var end = i + 1
                while end < bytes.count && bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                if case .object(_, true) = stack.last {
                    let key = String(decoding: bytes[(i + 1)..<min(end, bytes.count)], as: UTF8.self)
                    stack[stack.count - 1] = .object(key: key, expectingKey: false)
                }
                i = end
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = i
                while end < bytes.count, "+-.eE0123456789".utf8.contains(bytes[end]) { end += 1 }
                let literal = String(decoding: bytes[i..<end], as: UTF8.self)
                if let number = Double(literal), !number.isFinite { return misfit(currentPath(), integer: false) }
                i = end - 1
            default: break
            }
            i += 1
        }
        return nil
    }

    private static func misfit(_ field: String, integer: Bool) -> FieldError {
        FieldError(field: field, Label(
            en: integer ? "\(field) must be a whole number within range" : "\(field) is a number beyond the range of any number a field holds",
            zh: integer ? "\(field) 应为整数，且不能超出范围" : "\(field) 数值超出范围"))
    }
}
