import Foundation

/// A record another record depends on: an order event's order, an evaluation's order, a
/// conflict's entity. A dependent record is homed where its parent is.
public struct RecordReference: Hashable, Sendable, CustomStringConvertible {
    public var kind: EntityKind
    public var id: UUID

    public init(_ kind: EntityKind, _ id: UUID) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue) \(id.canonicalString)" }
}

extension ChangeEnvelope {
    /// The furthest-ahead clock reading the change carries: its version, every field stamp
    /// and what the record itself carries (a conflict's both sides and its resolution). Any of them could pin a value
    /// against later writes if it lay in the future.
    public var newestMillis: Int64 {
        var newest = version.hlc.millis
        for stamp in stamps.values {
            newest = max(newest, stamp.version.hlc.millis, stamp.previous.hlc.millis)
        }
        for reading in body.record.clockReadings {
            newest = max(newest, reading)
        }
        return newest
    }
}

/// The rules of the sync boundary: what a peer may send, judged against what this node already
/// holds as well as what the change claims. Pure, so the store and its tests share one rule.
public enum SyncScope {
    /// Why a direct child `child` may not write this change, or nil when it may.
    ///
    /// - Parameters:
    ///   - storedHome: the home of the record as this node holds it, nil when it holds none.
    ///   - movedOut: whether this node purged the record because it moved out of its subtree
    ///     (and holds no newer copy): its owner now lies outside every child's subtree.
    ///   - stored: the record as this node holds it, where the caller has it at hand (a
    ///     county-wide record's part of the county is judged on both copies).
    public static func childRefusal(
        _ change: ChangeEnvelope, child: DivisionCode, storedHome: DivisionCode?, movedOut: Bool = false,
        stored: (any ReplicatedRecord)? = nil
    ) -> String? {
        if change.kind.mergeClass == .registry {
            return "\(change.kind.label.en) records belong to the county registry and flow down only"
        }
        if change.body.record.isSharedAcrossCounty {
            return countyWideRefusal(change, child: child, storedHome: storedHome, stored: stored)
        }
        if !child.contains(change.home) {
            return "home \(change.home) is outside the subtree of \(child)"
        }
        if let storedHome {
            if !child.contains(storedHome) {
                let verb = change.deleted ? "delete" : "change"
                return "\(change.kind.rawValue) \(change.id.canonicalString) is held here with home \(storedHome), outside the subtree of \(child): a child may not \(verb) it"
            }
        } else if movedOut {
            return "\(change.kind.rawValue) \(change.id.canonicalString) has moved out of this subtree: change it where it is homed now"
        }
        if child.role == .community, change.kind == .inspection {
            return "inspection \(change.id.canonicalString) is planned at a street or the county, not at community \(child): a station may not plan its own inspections"
        }
        if child.role == .community, let event = change.body.as(InspectionEvent.self), event.step.isVerdict {
            return "inspection step \(change.id.canonicalString) is a re-inspection's verdict (\(event.step.rawValue)): it is taken at a street or the county, not at community \(child)"
        }
        return nil
    }

    /// Why a child may not send a change of a county-wide record (the time bank), or nil: it
    /// must be homed at the child's own county, and stay there; it must have been written in
    /// the child's subtree (its version's origin); and the part of the county it belongs to —
    /// a volunteer's community, the node that wrote a ledger entry — must lie in the child's
    /// subtree, as the change claims it and as this node holds it. So a station can register
    /// and edit its own volunteers and write its own entries, but not edit another station's
    /// volunteer, claim one for itself, or write an entry in another node's name; and only a
    /// street or the county settles an overdraft.
    static func countyWideRefusal(
        _ change: ChangeEnvelope, child: DivisionCode, storedHome: DivisionCode?, stored: (any ReplicatedRecord)? = nil
    ) -> String? {
        if change.home != child.county {
            return "\(change.kind.label.en) \(change.id.canonicalString) claims home \(change.home): records shared across a county are homed at the county (\(child.county))"
        }
        if let storedHome, storedHome != change.home {
            return "\(change.kind.rawValue) \(change.id.canonicalString) is held here with home \(storedHome): a record shared across the county is not re-homed"
        }
        guard let origin = DivisionCode(change.version.origin), child.contains(origin) else {
            return "\(change.kind.rawValue) \(change.id.canonicalString) was written at \(change.version.origin), outside the subtree of \(child)"
        }
        for writer in [change.body.record.countyWideWriter, stored?.countyWideWriter].compactMap({ $0 }) where !child.contains(writer) {
            return "\(change.kind.rawValue) \(change.id.canonicalString) belongs to \(writer), outside the subtree of \(child): only that part of the county sends it up"
        }
        if let conflict = change.body.as(Conflict.self), conflict.resolution != nil, origin.role == .community {
            return "conflict \(change.id.canonicalString) is settled at a street or the county, not at community \(origin)"
        }
        return nil
    }

    /// Whether a logged change is owed to the child `child` (the pull scope): records homed in
    /// its subtree, records homed above it (registry data) of kinds that flow down, and records that moved out of it
    /// (so it learns to purge them), except what came from that child. CareStore's
    /// `ChangeLog.scopeSQL` is this rule as a query; a test holds the two together.
    public static func owes(child: DivisionCode, kind: EntityKind, home: DivisionCode, movedFrom: DivisionCode?, source: String?) -> Bool {
        source != child.rawValue
            && (child.contains(home) || (kind.flowsDown && home.contains(child)) || movedFrom.map(child.contains) == true)
    }

    /// The kinds that flow up only (`ReplicatedRecord.flowsDown` false).
    public static let upOnly: [EntityKind] = EntityKind.allCases.filter { !$0.flowsDown }

    /// Whether a logged change is owed to the parent `parent`: everything it did not send us.
    public static func owes(parent: DivisionCode, source: String?) -> Bool {
        source != parent.rawValue
    }

    /// Why the child `child` may not send this account change, judged against the account as
    /// held here (nil: not held), or nil when it may. A street writes the accounts of its
    /// subtree; below the county's and a street's own writing, a node may change only an
    /// account's password (an operator signing in at their station for the first time must
    /// change it there, offline or not) and never makes, moves, re-roles or re-enables one.
    public static func accountRefusal(_ change: ChangeEnvelope, child: DivisionCode, stored: Operator?) -> String? {
        guard let incoming = change.body.as(Operator.self) else { return nil }
        if child.role == .street && change.version.origin == child.rawValue { return nil }
        let writer = change.version.origin
        guard let stored else {
            return "operator account \(incoming.name) is new here but was written at \(writer): accounts are made at the county or at a street"
        }
        var passwordOnly = incoming
        passwordOnly.passwordHash = stored.passwordHash
        passwordOnly.mustChangePassword = stored.mustChangePassword
        guard passwordOnly == stored, !change.deleted else {
            return "operator account \(stored.name) was changed at \(writer) beyond its password: its role, jurisdiction, organisation and status are set at the county or at a street"
        }
        return nil
    }

    /// Why a dependent record may not be stored with this home, or nil when it may: its
    /// parent, when held here, must have the same home.
    public static func dependentRefusal(_ change: ChangeEnvelope, parent: RecordReference, parentHome: DivisionCode) -> String? {
        guard parentHome != change.home else { return nil }
        return "\(change.kind.rawValue) \(change.id.canonicalString) claims home \(change.home) but its \(parent) is homed at \(parentHome): a dependent record lives with its parent"
    }

    /// Why a change may not be accepted by a node whose wall clock reads `nowMillis`, or nil:
    /// a version further ahead than the allowed skew would outrank every later write.
    public static func clockRefusal(_ change: ChangeEnvelope, nowMillis: Int64, maxSkewMillis: Int64) -> String? {
        let ahead = change.newestMillis - nowMillis
        guard ahead > maxSkewMillis else { return nil }
        return "\(change.kind.rawValue) \(change.id.canonicalString) carries a version \(ahead / 1000) s ahead of this node's clock (limit \(maxSkewMillis / 1000) s): fix the sender's clock (NTP)"
    }
}
