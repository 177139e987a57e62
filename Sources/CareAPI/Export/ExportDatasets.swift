import CareModel
import CareStore
import Foundation

/// What one export reads: the part of the tree, the caller's jurisdiction, the period, and
/// whether personal data is shown unmasked (a reason was given, see `RevealRequest`).
struct ExportQuery: Sendable {
    var within: DivisionCode?
    var scope: Jurisdiction?
    /// Milliseconds, from inclusive, to exclusive; only for datasets with a time.
    var period: Range<Int64>?
    var reveal = false
    var pageSize = 500
}

/// One record of an export: its JSON as the API shows it.
struct ExportItem: Sendable {
    let id: UUID
    let json: Data
}

/// A page of an export and the cursor of the next one (nil at the end).
struct ExportPage: Sendable {
    var items: [ExportItem]
    var next: String?
}

/// A dataset that can be exported: the permission that reads it, its CSV columns, whether it
/// has a time that a period selects by, and how to read it a page at a time, so that a
/// county-size export never sits in memory.
struct ExportDataset: Sendable {
    let name: String
    let read: Permission
    let columns: [ExportColumn]
    /// What the period selects by, for the error that names it; nil when the dataset has none.
    let periodBy: String?
    /// Whether the dataset holds personal data (masked unless revealed; the export is audited
    /// per record when revealed).
    let personal: Bool
    let page: @Sendable (AppDatabase, ExportQuery, String?) throws -> ExportPage

    static func named(_ name: String) -> ExportDataset? { all.first { $0.name == name } }

    static var all: [ExportDataset] { [elders, organisations, staff, orders, orderEvents, evaluations, complaints] }

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private static func filter(_ query: ExportQuery, _ cursor: String?, scoped: Bool = true) -> ListFilter {
        var filter = ListFilter(limit: query.pageSize, after: cursor)
        filter.within = query.within
        if scoped { filter.scope = query.scope }
        return filter
    }

    private static func inPeriod(_ millis: Int64, _ query: ExportQuery) -> Bool {
        query.period?.contains(millis) ?? true
    }

    /// Elders, in the columns the elder import reads (`ElderImport.columns`) plus the id, so
    /// that an export imports back at another node as it is.
    static let elders = ExportDataset(
        name: "elders", read: .elderRead,
        columns: [ExportColumn("id")] + ["name", "gender", "birthDate", "citizenId", "phone"].map { ExportColumn($0) } + [
            ExportColumn("address", "address.text"), ExportColumn("latitude", "address.latitude"),
            ExportColumn("longitude", "address.longitude"), ExportColumn("livingSituation"), ExportColumn("abilityLevel"),
            ExportColumn("chronicConditions"),
        ] + (0..<3).flatMap { n in
            ["name", "relation", "phone", "holdsKey"].map { field in
                ExportColumn("contact\(n + 1)\(field.prefix(1).uppercased())\(field.dropFirst())", "emergencyContacts.\(n).\(field)")
            }
        } + [ExportColumn("home")],
        periodBy: nil, personal: true,
        page: { db, query, cursor in
            let page = try db.elders(filter(query, cursor))
            let encoder = encoder()
            return ExportPage(
                items: try page.items.map { ExportItem(id: $0.model.id, json: try encoder.encode(ElderView($0, reveal: query.reveal))) },
                next: page.next)
        })

    static let organisations = ExportDataset(
        name: "organisations", read: .registryRead,
        columns: ["id", "home", "name", "type", "categories", "communities"].map { ExportColumn($0) } + [
            ExportColumn("address", "address.text"), ExportColumn("phone"), ExportColumn("creditStatus"),
        ],
        periodBy: nil, personal: false,
        page: { db, query, cursor in
            let page = try db.organisations(filter(query, cursor, scoped: false))
            let encoder = encoder()
            return ExportPage(items: try page.items.map { ExportItem(id: $0.model.id, json: try encoder.encode(OrganisationView($0))) }, next: page.next)
        })

    static let staff = ExportDataset(
        name: "staff", read: .registryRead,
        columns: ["id", "home", "name", "role", "organisationId", "phone", "certificates"].map { ExportColumn($0) },
        periodBy: nil, personal: false,
        page: { db, query, cursor in
            let page = try db.staffList(filter(query, cursor, scoped: false))
            let encoder = encoder()
            return ExportPage(items: try page.items.map { ExportItem(id: $0.model.id, json: try encoder.encode(StaffView($0))) }, next: page.next)
        })

    /// Service orders; in JSON Lines each carries its events, as `GET /orders/{id}` shows them.
    static let orders = ExportDataset(
        name: "orders", read: .orderRead,
        columns: [
            "id", "home", "elderId", "category", "channel", "wantedAt", "notes", "takenAt", "takenBy", "requestedAt", "status",
            "organisationId", "workerId", "dueAt", "dispatchedAt", "acceptedAt", "checkedInAt", "completedAt",
        ].map { ExportColumn($0, "order.\($0)") } + [ExportColumn("events", "eventKinds")],
        periodBy: "the order's request time", personal: false,
        page: { db, query, cursor in
            let page = try db.orders(filter(query, cursor))
            let encoder = encoder()
            let items = try page.items.filter { inPeriod($0.order.requestedAtMillis, query) }.map { summary in
                let history = try db.orderHistory(id: summary.order.id)
                let events = history.applied.map(OrderController.EventView.init)
                return ExportItem(id: summary.order.id, json: try encoder.encode(OrderExportView(
                    order: OrderView(summary), events: events, eventKinds: events.map(\.kind))))
            }
            return ExportPage(items: items, next: page.next)
        })

    /// Every step of every order, one line each, for systems that keep service records flat.
    static let orderEvents = ExportDataset(
        name: "order-events", read: .orderRead,
        columns: ["orderId", "id", "kind", "actor", "node", "channel", "reason", "organisationId", "workerId", "details"].map { ExportColumn($0) },
        periodBy: "the order's request time", personal: false,
        page: { db, query, cursor in
            let page = try db.orders(filter(query, cursor))
            let encoder = encoder()
            var items: [ExportItem] = []
            for summary in page.items where inPeriod(summary.order.requestedAtMillis, query) {
                for event in try db.orderHistory(id: summary.order.id).applied {
                    items.append(ExportItem(id: event.id, json: try encoder.encode(
                        OrderEventExportView(orderId: summary.order.id, event: OrderController.EventView(event)))))
                }
            }
            return ExportPage(items: items, next: page.next)
        })

    static let evaluations = ExportDataset(
        name: "evaluations", read: .evaluationRead,
        columns: [
            "id", "home", "orderId", "organisationId", "stars", "attitude", "quality", "punctuality", "comment", "evaluator",
            "evaluatorName", "createdAt",
        ].map { ExportColumn($0) },
        periodBy: "the evaluation's time", personal: false,
        page: { db, query, cursor in
            let page = try db.evaluations(filter(query, cursor))
            let encoder = encoder()
            return ExportPage(
                items: try page.items.filter { inPeriod($0.model.createdAtMillis, query) }.map {
                    ExportItem(id: $0.model.id, json: try encoder.encode(EvaluationView($0)))
                },
                next: page.next)
        })

    static let complaints = ExportDataset(
        name: "complaints", read: .complaintRead,
        columns: [
            "id", "home", "orderId", "organisationId", "complainant", "channel", "description", "takenAt", "takenBy", "receivedAt",
            "status", "dueAt", "overdue",
        ].map { ExportColumn($0) },
        periodBy: "the complaint's time", personal: false,
        page: { db, query, cursor in
            let page = try db.complaints(filter(query, cursor))
            let encoder = encoder()
            return ExportPage(
                items: try page.items.filter { inPeriod($0.complaint.receivedAtMillis, query) }.map {
                    ExportItem(id: $0.complaint.id, json: try encoder.encode(ComplaintController.ComplaintView($0)))
                },
                next: page.next)
        })
}

/// An order with its events, one line of the orders export.
struct OrderExportView: Codable {
    let order: OrderView
    let events: [OrderController.EventView]
    /// The steps' kinds in order, the CSV's `events` column.
    let eventKinds: [String]
}

/// One step of an order, one line of the order-events export.
struct OrderEventExportView: Codable {
    let orderId: UUID
    let id: UUID
    let kind: String
    let actor: String
    let node: String
    let channel: String?
    let reason: String?
    let organisationId: UUID?
    let workerId: UUID?
    let details: [String: String]
    let version: String

    init(orderId: UUID, event: OrderController.EventView) {
        self.orderId = orderId
        id = event.id
        kind = event.kind
        actor = event.actor
        node = event.node
        channel = event.channel
        reason = event.reason
        organisationId = event.organisationId
        workerId = event.workerId
        details = event.details
        version = event.version
    }
}
