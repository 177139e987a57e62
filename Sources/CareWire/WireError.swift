/// Something a peer sent that this node cannot accept: bytes that are not protobuf, or a change
/// whose content breaks the model's rules. The description names the change, the field (by its
/// name in the `.proto`) and the problem, so an operator reading a sync status or a `Refusal`
/// can tell which record and which value to look at:
/// `change 3F2A…: elder.citizen_id: citizen ID check character is wrong (GB 11643 mod-11)`.
public struct WireError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The id of the change the problem is in, as received; nil when not inside a change.
    public var change: String?
    /// Path of the field in `.proto` names (`elder.emergency_contacts[1].phone`); empty when the
    /// problem is with the message as a whole.
    public var field: String
    /// What is wrong, in words.
    public var problem: String

    public init(change: String? = nil, field: String, problem: String) {
        self.change = change
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var text = ""
        if let change { text += change.isEmpty ? "change without id: " : "change \(change): " }
        if !field.isEmpty { text += "\(field): " }
        return text + problem
    }

    /// The same problem seen from an enclosing message: `within("elder")` turns `citizen_id`
    /// into `elder.citizen_id`.
    func within(_ parent: String) -> WireError {
        var copy = self
        copy.field = field.isEmpty ? parent : "\(parent).\(field)"
        return copy
    }

    /// The same problem, attributed to the change with this id.
    func inChange(_ id: String) -> WireError {
        var copy = self
        copy.change = id
        return copy
    }
}
