import CareModel

extension WireNodeRole {
    /// The wire form of a node's tier.
    public init(_ role: NodeRole) {
        self = switch role {
        case .county: .county
        case .street: .street
        case .community: .community
        }
    }
}

extension NodeRole {
    /// A node's tier from a peer's `Hello`.
    /// - Throws: `WireError` for `NODE_ROLE_UNSPECIFIED` and for numbers this node does not know.
    public init(wire: WireNodeRole) throws(WireError) {
        switch wire {
        case .county: self = .county
        case .street: self = .street
        case .community: self = .community
        case .unspecified, .UNRECOGNIZED:
            throw WireError(field: "", problem: "unknown node role \(wire.rawValue)")
        }
    }
}
