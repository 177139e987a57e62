import Foundation

/// What one operator account may see and change: a subtree of the division tree, narrowed for
/// the roles that act for a service organisation. The store applies it to every query that
/// lists, reads or counts elders, devices, alerts, orders, complaints, evaluations and
/// conflicts, so a handler cannot forget it.
public struct Jurisdiction: Hashable, Sendable {
    /// Records homed here or below.
    public var division: DivisionCode
    /// Only this organisation's orders, and what hangs off them (organisation admins).
    public var organisationId: UUID?
    /// Only orders assigned to this staff member, and what hangs off them (caregivers).
    public var workerId: UUID?

    public init(division: DivisionCode, organisationId: UUID? = nil, workerId: UUID? = nil) {
        self.division = division
        self.organisationId = organisationId
        self.workerId = workerId
    }

    /// The whole of a node's subtree, for the node's own work (sync, timers, imports).
    public static func node(_ code: DivisionCode) -> Jurisdiction { Jurisdiction(division: code) }

    /// Whether the account sees records by order only (an organisation's or a worker's).
    public var isByOrder: Bool { organisationId != nil || workerId != nil }

    /// Whether a record homed at `home` lies in the subtree. Records narrowed by order need the
    /// store to tell (`AppDatabase.isVisible`).
    public func contains(_ home: DivisionCode) -> Bool { division.contains(home) }

    /// A staff id no staff record has, for a caregiver account that names none: it sees nothing.
    public static let nobody = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}
