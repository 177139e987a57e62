import CareIngest
import CareModel
import CareStore
import CareSync
import Hummingbird

/// What the sync side shares with the routes.
public struct SyncContext: Sendable {
    public let status: SyncStatusBoard
    public let metrics: SyncMetrics
    public let parent: DivisionCode?

    public init(status: SyncStatusBoard, metrics: SyncMetrics, parent: DivisionCode?) {
        self.status = status
        self.metrics = metrics
        self.parent = parent
    }
}

/// The node's routes: health, metrics, sign-in, the authenticated operator API and the sync
/// endpoints (mutual TLS, children only). `clock` is the wall clock of sign-ins, sessions and
/// the audit trail, which tests advance instead of waiting out a lockout or an idle session.
public func buildRouter(
    db: AppDatabase, info: NodeInfo, sync: SyncContext, console: ConsoleSettings = ConsoleSettings(),
    clock: @escaping HybridLogicalClock.WallClock = HybridLogicalClock.systemMillis
) -> Router<NodeRequestContext> {
    documentedRouter(db: db, info: info, sync: sync, console: console, clock: clock).router
}

/// The node's router with its API document at `GET /api/v1/openapi.json`, and the ledger the
/// document is built from.
func documentedRouter(
    db: AppDatabase, info: NodeInfo, sync: SyncContext, console: ConsoleSettings, clock: @escaping HybridLogicalClock.WallClock
) -> (router: Router<NodeRequestContext>, ledger: RouteLedger) {
    let ledger = RouteLedger()
    let router = RouteLedger.$current.withValue(ledger) {
        addRoutes(db: db, info: info, sync: sync, console: console, clock: clock)
    }
    let document = APIDocumentCache(ledger: ledger, info: info)
    router.get("/api/v1/openapi.json") { _, _ in try document.response() }
    return (router, ledger)
}

/// The routes of `buildRouter`, each collection mounted so that the ledger learns its paths.
private func addRoutes(
    db: AppDatabase, info: NodeInfo, sync: SyncContext, console: ConsoleSettings, clock: @escaping HybridLogicalClock.WallClock
) -> Router<NodeRequestContext> {
    let router = Router(context: NodeRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BodyLimitMiddleware { path in
        if BodyLimitMiddleware<NodeRequestContext>.isDeviceReport(path) { try await db.perform({ try $0.countIngestRejection("too-large") }) }
    })
    router.get("/healthz") { _, _ in "ok" }
    router.get("/metrics") { _, _ in sync.metrics.exposition() }
    router.mount(ConsoleController(settings: console).endpoints)
    router.mount(SessionController(db: db, clock: clock).endpoints, at: "/api/v1/session")
    router.mount(SyncEndpoints<NodeRequestContext>(db: db, status: sync.status, metrics: sync.metrics).endpoints, at: "/sync/v1")
    // Devices authenticate with their own token, not an operator session.
    let devices = DeviceController(db: db, ingest: DeviceIngest(db: db))
    router.post("/api/v1/devices/:id/readings") { request, context in try await devices.ingestRoute(request, context) }
    // The public channel's read-only pages, at the county only and without sign-in.
    for pages in [PublicController(db: db).endpoints, PublicRequestController(db: db, clock: clock).endpoints] {
        if info.role == .county {
            router.mount(pages, at: "/api/v1/public")
        } else {
            // Described in this node's document as the county's, not served here.
            RouteLedger.current?.place(pages, under: "/api/v1/public", served: false)
        }
    }

    // Every route in this group names the permission it needs (see PermissionRoutes.swift).
    let api = router.group("/api/v1").add(middleware: AuthMiddleware(db: db, clock: clock))
    api.mount(MeController(db: db, info: info, clock: clock).endpoints, base: "/api/v1")
    api.mount(OperatorController(db: db, clock: clock).endpoints, at: "/operators", base: "/api/v1")
    api.mount(AuditController(db: db).endpoints, at: "/audit", base: "/api/v1")
    api.mount(NodeController(db: db, info: info).endpoints, at: "/node", base: "/api/v1")
    api.mount(CodeTablesController().endpoints, at: "/codes", base: "/api/v1")
    api.mount(PublicSubmissionController(db: db).endpoints, at: "/public-submissions", base: "/api/v1")
    api.mount(RecordControllers.elders(db, clock: clock).endpoints, at: "/elders", base: "/api/v1")
    api.mount(ElderIdentityController(db: db, clock: clock).endpoints, at: "/elders", base: "/api/v1")
    api.mount(RecordControllers.devices(db).endpoints, at: "/devices", base: "/api/v1")
    api.mount(devices.endpoints, at: "/devices", base: "/api/v1")
    api.mount(AlertController(db: db).endpoints, at: "/alerts", base: "/api/v1")
    api.mount(CallController(db: db, clock: clock).endpoints, at: "/calls", base: "/api/v1")
    api.mount(VitalsController(db: db).endpoints, at: "/elders", base: "/api/v1")
    api.mount(HealthController(db: db, clock: clock).endpoints, base: "/api/v1")
    api.mount(ThresholdController(db: db, clock: clock).endpoints, base: "/api/v1")
    api.mount(CareController(db: db, clock: clock).endpoints, base: "/api/v1")
    api.mount(StayController(db: db, clock: clock).endpoints, base: "/api/v1")
    api.mount(InspectionController(db: db, info: info, clock: clock).endpoints, base: "/api/v1")
    api.mount(PerformanceController(db: db, clock: clock).endpoints, base: "/api/v1")
    api.mount(RecordControllers.organisations(db).endpoints, at: "/organisations", base: "/api/v1")
    api.mount(RecordControllers.staff(db).endpoints, at: "/staff", base: "/api/v1")
    api.mount(OrderController(db: db, info: info).endpoints, at: "/orders", base: "/api/v1")
    api.mount(OrderMatchingController(db: db).endpoints, at: "/orders", base: "/api/v1")
    api.mount(WorkListController(db: db).endpoints, base: "/api/v1")
    api.mount(BlobController(db: db).endpoints, at: "/blobs", base: "/api/v1")
    api.mount(ComplaintController(db: db).endpoints, at: "/complaints", base: "/api/v1")
    api.mount(CaseController(db: db, info: info, clock: clock).endpoints, at: "/cases", base: "/api/v1")
    api.mount(ReferralController(db: db, info: info, clock: clock).endpoints, at: "/referrals", base: "/api/v1")
    api.mount(AssessmentController(db: db, info: info, clock: clock).endpoints, base: "/api/v1")
    api.mount(TimeBankController(db: db, info: info, clock: clock).endpoints, base: "/api/v1")
    api.mount(TrainingController(db: db, info: info, clock: clock).endpoints, base: "/api/v1")
    api.mount(ActivityController(db: db, info: info, clock: clock).endpoints, base: "/api/v1")
    api.mount(CreditController(db: db, info: info, clock: clock).endpoints, at: "/credit", base: "/api/v1")
    api.mount(PolicyController(db: db, info: info, clock: clock).endpoints, at: "/policies", base: "/api/v1")
    api.mount(QualityController(db: db).endpoints, at: "/stats", base: "/api/v1")
    api.mount(MapController(db: db).endpoints, at: "/map", base: "/api/v1")
    api.mount(EvaluationController(db: db).endpoints, at: "/evaluations", base: "/api/v1")
    api.mount(ConflictController(db: db).endpoints, at: "/conflicts", base: "/api/v1")
    api.mount(ExportController(db: db, clock: clock).endpoints, at: "/exports", base: "/api/v1")
    api.mount(ImportController(db: db, clock: clock).endpoints, at: "/imports", base: "/api/v1")
    api.mount(SyncStatusController(db: db, status: sync.status, parent: sync.parent).endpoints, at: "/sync/status", base: "/api/v1")
    return router
}
