import CareModel
import CareStore
import Foundation
import Hummingbird

/// `GET /api/v1/exports/{dataset}?format=csv|jsonl&within=&from=&to=` — a dataset of this
/// node, within the caller's jurisdiction, as a file (数据交换, Anhui §4.2.1).
///
/// The file is streamed a page at a time: a county-size export holds one page in memory, and
/// the first bytes leave before the last page is read. It needs `data.export` and the
/// dataset's read permission; personal data is masked unless the caller has `elder.identity`
/// and gives a reason (`reveal=identity&reason=…`). Every export is audited with the caller,
/// the query and the count of records once it has been written; an unmasked one also names
/// every record shown.
struct ExportController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: .dataExport) { (_: Request, context: NodeRequestContext) -> ExportListView in
            ExportListView(datasets: ExportDataset.all.filter { context.has($0.read) }.map {
                .init(name: $0.name, columns: $0.columns.map(\.header), periodBy: $0.periodBy, personal: $0.personal)
            })
        }
        routes.route(.get, ":dataset", requires: .dataExport) { (request: Request, context: NodeRequestContext) -> Response in
            try await export(request, context)
        }
        return routes
    }

    struct ExportListView: ResponseEncodable, Decodable {
        struct Dataset: Codable {
            let name: String
            let columns: [String]
            let periodBy: String?
            let personal: Bool
        }
        let datasets: [Dataset]
    }

    private func export(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        let name = try context.parameters.require("dataset")
        guard let dataset = ExportDataset.named(name) else {
            throw APIError(
                .notFound, en: "no dataset '\(name)'; the datasets are: \(ExportDataset.all.map(\.name).joined(separator: ", "))",
                zh: "没有名为“\(name)”的数据集")
        }
        try context.require(dataset.read)
        var query = ExportQuery()
        query.scope = context.scope
        let format = try request.query("format", ExportFormat.init(rawValue:)) ?? .csv
        if let within = try request.query("within", DivisionCode.init) {
            guard db.node.contains(within) || within.contains(db.node) else {
                throw APIError(.forbidden, en: "within \(within) is outside this node (\(db.node))", zh: "\(within) 不在本节点（\(db.node)）范围之内")
            }
            if let scope = context.scope, !scope.contains(within) {
                throw APIError(.forbidden, en: "within \(within) is outside your jurisdiction (\(scope.division))", zh: "\(within) 不在您的辖区（\(scope.division)）之内")
            }
            query.within = within
        }
        query.period = try period(request, dataset)
        let reason = dataset.personal ? try RevealRequest.reason(request, context) : nil
        query.reveal = reason != nil

        let db = db
        let selection = query
        let audit = ExportAudit(db: db, clock: clock, dataset: dataset, query: request.uri.query, reason: reason, actor: context.actor, source: context.sourceAddress)
        let body = ResponseBody { writer in
            var cursor: String?
            var count = 0
            var revealed: [UUID] = []
            var started = false
            repeat {
                let page = try await db.perform { [cursor] db in try dataset.page(db, selection, cursor) }
                var text = ""
                if !started, format == .csv {
                    text = ExportFormat.byteOrderMark + CSVText.line(dataset.columns.map(\.header))
                }
                started = true
                for item in page.items {
                    switch format {
                    case .jsonl:
                        text += String(decoding: item.json, as: UTF8.self) + "\n"
                    case .csv:
                        let record = try JSONDecoder().decode(ExportValue.self, from: item.json)
                        text += CSVText.line(dataset.columns.map { record.value(at: $0.path[...])?.cell ?? "" })
                    }
                }
                count += page.items.count
                if selection.reveal { revealed += page.items.map(\.id) }
                if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
                cursor = page.next
            } while cursor != nil && !Task.isCancelled
            try await audit.record(count: count, revealed: revealed)
            try await writer.finish(nil)
        }
        let stamp = VitalsSummary.day(clock())
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: "attachment; filename=\"\(db.node)-\(dataset.name)-\(stamp).\(format.rawValue)\"",
                .cacheControl: "no-store",
            ],
            body: body)
    }

    /// `from` and `to` (YYYY-MM-DD, China Standard Time, both included) for a dataset with a
    /// time; an error for one without.
    private func period(_ request: Request, _ dataset: ExportDataset) throws -> Range<Int64>? {
        let from = try request.textQuery("from")
        let to = try request.textQuery("to")
        guard from != nil || to != nil else { return nil }
        guard dataset.periodBy != nil else {
            throw APIError.invalid(
                from != nil ? "from" : "to", en: "the \(dataset.name) dataset has no time to select a period by; leave out from and to",
                zh: "该数据集没有时间字段，不能按时段导出")
        }
        var v = Validator()
        for (field, day) in [("from", from), ("to", to)] {
            if let day, !CalendarDate.isValid(day) { v.fail(field, en: "\(field) '\(day)' must be a date YYYY-MM-DD", zh: "日期格式应为YYYY-MM-DD") }
        }
        if let from, let to, CalendarDate.isValid(from), CalendarDate.isValid(to), from > to {
            v.fail("to", en: "to must not come before from", zh: "结束日期不能早于开始日期")
        }
        try v.check()
        return CalendarDate.chinaMillis(from: from ?? "1970-01-01", through: to ?? "9999-12-31")
    }
}

/// The audit entries of one export, written when it has been sent.
struct ExportAudit: Sendable {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock
    let dataset: ExportDataset
    let query: String?
    let reason: String?
    let actor: String
    let source: String?

    func record(count: Int, revealed: [UUID]) async throws {
        let now = clock()
        let node = db.node
        let kind = dataset.personal ? EntityKind.elder.rawValue : dataset.name
        var entries = [AuditEntry(
            home: node, atMillis: now, actor: actor, action: AuditAction.dataExport, subjectKind: kind,
            subject: dataset.name, detail: "\(count) records; query: \(query ?? "")", reason: reason, source: source)]
        entries += revealed.map { id in
            AuditEntry(
                home: node, atMillis: now, actor: actor, action: AuditAction.elderRevealed, subjectKind: kind,
                subject: id.uuidString, detail: "in an export", reason: reason, source: source)
        }
        try await db.perform { [entries] db in try db.recordAudit(entries) }
    }
}
