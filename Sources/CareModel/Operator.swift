import Foundation

/// What an operator account may do; jurisdiction is the node's subtree.
public enum OperatorRole: String, CodeTable {
    case admin, dispatcher, clerk, caregiver, inspector, viewer

    public var label: Label {
        switch self {
        case .admin: Label(en: "administrator", zh: "系统管理员")
        case .dispatcher: Label(en: "dispatcher", zh: "调度员")
        case .clerk: Label(en: "service window clerk", zh: "窗口受理员")
        case .caregiver: Label(en: "caregiver / service worker", zh: "服务人员")
        case .inspector: Label(en: "inspector", zh: "监管人员")
        case .viewer: Label(en: "viewer", zh: "只读用户")
        }
    }
}

/// An operator account on one node.
public struct Operator: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var name: String
    public var role: OperatorRole
    public var passwordHash: String

    public init(id: UUID = UUID(), name: String, role: OperatorRole, passwordHash: String) {
        self.id = id
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }
}
