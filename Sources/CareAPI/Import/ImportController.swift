import CareIngest
import CareModel
import CareStore
import Foundation
import Hummingbird
import NIOCore

/// `POST /api/v1/imports/{dataset}[?preview=true]` — a CSV file of elders (any tier), or of
/// organisations or staff (the county's registry, at the county only), in the columns of the
/// matching export (数据交换, Anhui §4.2.1). The body is the file itself (`text/csv`, UTF-8, an
/// optional byte-order mark, at most `maxBytes`). Every row is checked; the valid rows are
/// written in one transaction and each rejected row is reported with its line and what was
/// wrong, in English and Chinese; nothing of a rejected row is written. A preview checks the
/// same and writes nothing. Elders need `elder.write` and land within this node's subtree and
/// the caller's jurisdiction; the registry needs `registry.write`. An import is audited.
struct ImportController {
    /// The largest file accepted: 100,000 elders in the export's columns take about 30 MiB.
    static let maxBytes = 64 << 20

    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        // What may be imported here, for the console and integrators: each dataset says the
        // permission it needs, so the list itself needs none beyond signing in.
        routes.routeForAnyAccount(.get) { (_: Request, context: NodeRequestContext) -> ImportListView in
            ImportListView(datasets: ImportDataset.all.map { dataset in
                .init(
                    name: dataset.name, columns: dataset.columns, required: dataset.required, permission: dataset.permission.rawValue,
                    allowed: context.has(dataset.permission) && dataset.writableAt(db.node.role))
            })
        }
        routes.routeRequiringPermissionOfBody(.post, ":dataset") { (request: Request, context: NodeRequestContext) -> Response in
            try await importFile(request, context)
        }
        return routes
    }

    private func importFile(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        let name = try context.parameters.require("dataset")
        guard let dataset = ImportDataset.named(name) else {
            throw APIError(
                .notFound, en: "no import of '\(name)'; what can be imported: \(ImportDataset.all.map(\.name).joined(separator: ", "))",
                zh: "不支持导入“\(name)”，可导入：\(ImportDataset.all.map(\.name).joined(separator: "、"))")
        }
        try context.require(dataset.permission)
        guard dataset.writableAt(db.node.role) else {
            throw APIError(
                .forbidden, en: "\(dataset.name) belong to the county registry: import them on the county node, not on this \(db.node.role.rawValue) node",
                zh: "\(dataset.label)属于县级登记信息，请在县级节点导入")
        }
        let preview = try request.query("preview") { ["true": true, "false": false, "1": true, "0": false][$0] } ?? false
        try Self.checkContentType(request)
        let buffer = try await request.body(upTo: Self.maxBytes, what: "the import file")
        guard buffer.readableBytes > 0 else {
            throw Self.invalidFile(en: "the body is empty: send the CSV file as the body", zh: "请求体为空，请上传CSV文件")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw Self.invalidFile(en: "the file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8", zh: "文件不是UTF-8编码，请在表格软件中另存为“CSV UTF-8”格式")
        }
        let options = ImportOptions(actor: context.actor, scope: context.scope, preview: preview)
        let started = ContinuousClock.now
        let report: ImportReport
        do {
            report = try await db.perform { db in try dataset.run(db, text, options) }
        } catch let error as ImportFileError {
            throw Self.invalidFile(en: error.description, zh: error.zh)
        }
        let elapsed = ContinuousClock.now - started
        if !preview {
            let entry = AuditEntry(
                home: db.node, atMillis: clock(), actor: context.actor, action: AuditAction.dataImport, subjectKind: dataset.kind.rawValue,
                subject: dataset.name,
                detail: "\(report.imported) of \(report.rows) rows imported, \(report.rejected.count) rejected; \(buffer.readableBytes) bytes",
                source: context.sourceAddress)
            try await db.perform { db in try db.recordAudit(entry) }
        }
        let view = ImportReportView(dataset: dataset.name, report, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        var response = try view.response(from: request, context: context)
        // The reasons quote what was wrong in the rows: personal data, not for caches.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// 422 for the file as a whole, in English and Chinese, at the top and as the `file` field.
    static func invalidFile(en: String, zh: String) -> APIError {
        var error = APIError.invalid("file", en: en, zh: zh)
        error.messageZh = zh
        return error
    }

    /// A CSV body (`text/csv`; `text/plain`, as some systems label a .csv file) in UTF-8.
    static func checkContentType(_ request: Request) throws {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard media == "text/csv" || media == "text/plain" else {
            throw APIError(
                .unsupportedMediaType, en: "send the file as text/csv (got '\(type.isEmpty ? "no content type" : type)')",
                zh: "请以 text/csv 格式上传CSV文件")
        }
        if let charset = type.split(separator: ";").dropFirst().map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("charset=") }),
            !["charset=utf-8", "charset=\"utf-8\"", "charset=utf8"].contains(charset)
        {
            throw APIError(.unsupportedMediaType, en: "the file must be UTF-8 (got \(charset))", zh: "文件须为UTF-8编码")
        }
    }
}

/// What one import reads and writes.
struct ImportDataset: Sendable {
    let name: String
    let label: String
    let kind: EntityKind
    let permission: Permission
    let columns: [String]
    let required: [String]
    /// Registry records are the county's.
    let countyOnly: Bool
    let run: @Sendable (AppDatabase, String, ImportOptions) throws -> ImportReport

    func writableAt(_ role: NodeRole) -> Bool { !countyOnly || role == .county }

    static func named(_ name: String) -> ImportDataset? { all.first { $0.name == name } }

    static let all: [ImportDataset] = [
        ImportDataset(
            name: "elders", label: "老人档案", kind: .elder, permission: .elderWrite, columns: ElderImport.columns,
            required: ElderImport.requiredColumns, countyOnly: false,
            run: { db, text, options in try ElderImport(db: db).run(csv: text, options) }),
        ImportDataset(
            name: "organisations", label: "服务组织", kind: .organisation, permission: .registryWrite, columns: OrganisationImport.columns,
            required: OrganisationImport.requiredColumns, countyOnly: true,
            run: { db, text, options in try OrganisationImport(db: db).run(csv: text, options) }),
        ImportDataset(
            name: "staff", label: "从业人员", kind: .staff, permission: .registryWrite, columns: StaffImport.columns,
            required: StaffImport.requiredColumns, countyOnly: true,
            run: { db, text, options in try StaffImport(db: db).run(csv: text, options) }),
    ]
}

struct ImportListView: ResponseEncodable, Decodable {
    struct Dataset: Codable {
        let name: String
        let columns: [String]
        let required: [String]
        let permission: String
        /// Whether the caller may import it at this node.
        let allowed: Bool
    }
    let datasets: [Dataset]
}

struct ImportReportView: ResponseEncodable, Decodable {
    struct Row: Codable {
        let line: Int
        let errors: [FieldError]
    }
    let dataset: String
    let preview: Bool
    /// Data rows read.
    let rows: Int
    /// Rows that passed every check.
    let valid: Int
    /// Rows written (0 for a preview).
    let imported: Int
    let rejected: [Row]
    let seconds: Double

    init(dataset: String, _ report: ImportReport, seconds: Double) {
        self.dataset = dataset
        preview = report.preview
        rows = report.rows
        valid = report.imported
        imported = report.preview ? 0 : report.imported
        rejected = report.rejected.map { Row(line: $0.line, errors: $0.errors) }
        self.seconds = (seconds * 1000).rounded() / 1000
    }
}
