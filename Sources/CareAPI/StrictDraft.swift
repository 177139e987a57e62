import CareModel

/// A request body, or an object nested in one, whose fields are checked by name at every depth:
/// an unknown key is a 422 naming its full path (`address.lat`, `emergencyContacts[0].nmae`), so
/// a misspelt field is never silently dropped. The accepted keys are the stored properties of
/// an empty value; a property whose type is itself strict (or an optional or array of one) is
/// checked the same way, so nested types only have to conform.
protocol StrictDraft: StrictField {
    init()
}

/// A property type whose JSON value is checked as a strict object: a strict draft itself, or
/// an optional or array of one.
protocol StrictField {
    static var strictType: any StrictDraft.Type { get }
}

extension StrictDraft {
    static var strictType: any StrictDraft.Type { Self.self }

    /// Each accepted JSON key with the static type of its property.
    static var fieldTypes: [String: Any.Type] {
        var types: [String: Any.Type] = [:]
        for child in Mirror(reflecting: Self()).children {
            if let label = child.label { types[label] = type(of: child.value) }
        }
        return types
    }
}

extension Optional: StrictField where Wrapped: StrictField {
    static var strictType: any StrictDraft.Type { Wrapped.strictType }
}

extension Array: StrictField where Element: StrictField {
    static var strictType: any StrictDraft.Type { Element.strictType }
}

enum UnknownFields {
    /// The unknown keys in `value` (parsed JSON) against `type`, with their full paths. Only
    /// declared nested types are descended into, so the walk is as deep as the types, not as
    /// deep as whatever the sender nests.
    static func find(in value: Any, as type: any StrictDraft.Type, path: String = "") -> [FieldError] {
        guard let object = value as? [String: Any] else { return [] }
        let fields = type.fieldTypes
        var errors: [FieldError] = []
        for key in object.keys.sorted() {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard let fieldType = fields[key] else {
                let expected = fields.keys.sorted().joined(separator: ", ")
                errors.append(FieldError(field: keyPath, Label(
                    en: "unknown field '\(keyPath)'; expected one of: \(expected)",
                    zh: "未知字段“\(keyPath)”，可用字段：\(expected)")))
                continue
            }
            guard let nested = (fieldType as? any StrictField.Type)?.strictType else { continue }
            if let array = object[key] as? [Any] {
                for (index, element) in array.enumerated() {
                    errors += find(in: element, as: nested, path: "\(keyPath)[\(index)]")
                }
            } else if let inner = object[key] {
                errors += find(in: inner, as: nested, path: keyPath)
            }
        }
        return errors
    }
}

extension Elder.Draft: StrictDraft {}
extension Elder.Draft.AddressDraft: StrictDraft {
    init() { self.init(text: nil) }
}
extension Elder.Draft.ContactDraft: StrictDraft {
    init() { self.init(name: nil) }
}
extension Device.Draft: StrictDraft {}
extension ServiceOrganisation.Draft: StrictDraft {}
extension Staff.Draft: StrictDraft {}
extension ServiceOrder.Draft: StrictDraft {}
extension Evaluation.Draft: StrictDraft {}
extension OrderEvent.Draft: StrictDraft {}
extension Checkup.Draft: StrictDraft {}
extension Checkup.Draft.ItemDraft: StrictDraft {}
extension ChronicCondition.Draft: StrictDraft {}
extension FollowUp.Draft: StrictDraft {}
extension OrderEvent.LocationDraft: StrictDraft {
    init() { self.init(latitude: nil) }
}
extension OrderEvent.FaceCheckDraft: StrictDraft {
    init() { self.init(deviceId: nil) }
}
extension OrderEvent.PhotoDraft: StrictDraft {
    init() { self.init(sha256: nil) }
}
extension OrderEvent.RatingDraft: StrictDraft {}
extension OrderEvent.ReturnVisitDraft: StrictDraft {
    init() { self.init(satisfaction: nil) }
}
extension Complaint.Draft: StrictDraft {}
extension ComplaintEvent.Draft: StrictDraft {}
extension WindowCase.Draft: StrictDraft {}
extension CaseEvent.Draft: StrictDraft {}
extension AlertEvent.Draft: StrictDraft {}
extension CallRecord.IncomingDraft: StrictDraft {}
extension CallRecord.OutgoingDraft: StrictDraft {}
extension CallRecord.CompletionDraft: StrictDraft {}
