import Foundation

/// A kind of record the federation replicates.
///
/// A kind is declared in three places, one per layer, and nowhere else: its model conforms
/// here (what it is called, how concurrent changes merge, which lane it travels in, which record
/// it lives with), its wire mapping conforms in CareWire, and its table in CareStore names its
/// columns and fold. `EntityKind` lists the kinds; everything that walks every kind (apply, pull
/// scope, purge, counts, the chaos checker) iterates it.
public protocol ReplicatedRecord: ValidatedRecord, Hashable, Identifiable where ID == UUID {
    static var kind: EntityKind { get }
    static var label: Label { get }
    static var mergeClass: MergeClass { get }
    /// Urgent kinds (alerts, orders and their events) are sent before bulk data when a node
    /// catches up after being offline.
    static var lane: Lane { get }
    /// Whether a parent sends the kind down to its children (records homed above them, such as
    /// the registry). An audit trail flows up only: a child is sent just what is homed in it.
    static var flowsDown: Bool { get }
    /// Whether the kind is homed at the county yet written anywhere in it (the time bank):
    /// every node of the county holds it, and a child may send it up though its home lies
    /// above the child. Such a record is never re-homed.
    static var sharedAcrossCounty: Bool { get }
    /// The kind's name for a list of it: the node page's counts, the API's collections.
    static var collection: String { get }
    /// Where the record lives in the tree: the division whose subtree holds it.
    var home: DivisionCode { get }
    /// The record this one lives with, if any: the change is homed where that record is.
    var parent: RecordReference? { get }
    /// Clock readings the record carries besides its change's version and stamps (a
    /// conflict's two sides and its resolution), in milliseconds: the clock-skew check reads
    /// them too.
    var clockReadings: [Int64] { get }
    /// Whether this record is shared across its county: its kind's `sharedAcrossCounty`, or,
    /// for a record that lives with another, that record's.
    var isSharedAcrossCounty: Bool { get }
    /// For a county-wide record, the part of the county it belongs to (a volunteer's community,
    /// the node that wrote a ledger entry): only a child whose subtree holds it may send it up.
    var countyWideWriter: DivisionCode? { get }
}

extension ReplicatedRecord {
    public static var lane: Lane { .bulk }
    public static var collection: String { kind.rawValue + "s" }
    public static var flowsDown: Bool { true }
    public static var sharedAcrossCounty: Bool { false }
    public var isSharedAcrossCounty: Bool { Self.sharedAcrossCounty }
    public var countyWideWriter: DivisionCode? { nil }
    public var parent: RecordReference? { nil }
    public var clockReadings: [Int64] { [] }
}

/// The state a change carries: one record of any replicated kind.
public struct RecordBody: Hashable, Sendable {
    public let record: any ReplicatedRecord

    public init(_ record: some ReplicatedRecord) {
        self.record = record
    }

    public var kind: EntityKind { type(of: record).kind }

    /// The record, when it is of kind `type`.
    public func `as`<R: ReplicatedRecord>(_ type: R.Type) -> R? { record as? R }

    /// The record this one lives with, if any.
    public var parent: RecordReference? { record.parent }

    /// The rules of the record a change carries: the same ones, written once, whether it came
    /// from an operator, an import or a peer.
    public var validationErrors: [FieldError] { record.validationErrors }

    public static func == (a: RecordBody, b: RecordBody) -> Bool {
        AnyHashable(a.record) == AnyHashable(b.record)
    }

    public func hash(into hasher: inout Hasher) {
        AnyHashable(record).hash(into: &hasher)
    }
}
