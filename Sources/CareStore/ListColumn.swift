/// A column a list can be filtered on by exact value. Its SQL name stays in CareStore: the API
/// names a filter by its Swift name (`filter.equals[.status] = "open"`), never by text.
public struct ListColumn: Hashable, Sendable, Comparable {
    let name: String

    private init(_ name: String) { self.name = name }

    public static func < (lhs: ListColumn, rhs: ListColumn) -> Bool { lhs.name < rhs.name }

    public static let abilityLevel = ListColumn("ability_level")
    public static let category = ListColumn("category")
    public static let creditStatus = ListColumn("credit_status")
    public static let elderId = ListColumn("elder_id")
    public static let entityId = ListColumn("entity_id")
    public static let entityKind = ListColumn("entity_kind")
    public static let escalatedTo = ListColumn("escalated_to")
    public static let kind = ListColumn("kind")
    public static let livingSituation = ListColumn("living_situation")
    public static let orderId = ListColumn("order_id")
    public static let organisationId = ListColumn("organisation_id")
    public static let role = ListColumn("role")
    public static let serial = ListColumn("serial")
    public static let severity = ListColumn("severity")
    public static let status = ListColumn("status")
    public static let takenAt = ListColumn("taken_at")
    public static let type = ListColumn("type")
    public static let workerId = ListColumn("worker_id")
}
