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
    let router = Router(context: NodeRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BodyLimitMiddleware { path in
        if BodyLimitMiddleware<NodeRequestContext>.isDeviceReport(path) { try await db.perform({ try $0.countIngestRejection("too-large") }) }
    })
    router.get("/healthz") { _, _ in "ok" }
    router.get("/metrics") { _, _ in sync.metrics.exposition() }
    router.addRoutes(ConsoleController(settings: console).endpoints)
    router.addRoutes(SessionController(db: db, clock: clock).endpoints, atPath: "/api/v1/session")
    router.addRoutes(SyncEndpoints<NodeRequestContext>(db: db, status: sync.status, metrics: sync.metrics).endpoints, atPath: "/sync/v1")
    // Devices authenticate with their own token, not an operator session.
    let devices = DeviceController(db: db, ingest: DeviceIngest(db: db))
    router.post("/api/v1/devices/:id/readings") { request, context in try await devices.ingestRoute(request, context) }
    // The public channel's read-only pages, at the county only and without sign-in.
    if info.role == .county {
        router.addRoutes(PublicController(db: db).endpoints, atPath: "/api/v1/public")
        router.addRoutes(PublicRequestController(db: db, clock: clock).endpoints, atPath: "/api/v1/public")
    }

    // Every route in this group names the permission it needs (see PermissionRoutes.swift).
    let api = router.group("/api/v1").add(middleware: AuthMiddleware(db: db, clock: clock))
    api.addRoutes(MeController(db: db, info: info, clock: clock).endpoints)
    api.addRoutes(OperatorController(db: db, clock: clock).endpoints, atPath: "/operators")
    api.addRoutes(AuditController(db: db).endpoints, atPath: "/audit")
    api.addRoutes(NodeController(db: db, info: info).endpoints, atPath: "/node")
    api.addRoutes(CodeTablesController().endpoints, atPath: "/codes")
    api.addRoutes(PublicSubmissionController(db: db).endpoints, atPath: "/public-submissions")
    api.addRoutes(RecordControllers.elders(db, clock: clock).endpoints, atPath: "/elders")
    api.addRoutes(ElderIdentityController(db: db, clock: clock).endpoints, atPath: "/elders")
    api.addRoutes(RecordControllers.devices(db).endpoints, atPath: "/devices")
    api.addRoutes(devices.endpoints, atPath: "/devices")
    api.addRoutes(AlertController(db: db).endpoints, atPath: "/alerts")
    api.addRoutes(CallController(db: db, clock: clock).endpoints, atPath: "/calls")
    api.addRoutes(VitalsController(db: db).endpoints, atPath: "/elders")
    api.addRoutes(HealthController(db: db, clock: clock).endpoints)
    api.addRoutes(ThresholdController(db: db, clock: clock).endpoints)
    api.addRoutes(CareController(db: db, clock: clock).endpoints)
    api.addRoutes(StayController(db: db, clock: clock).endpoints)
    api.addRoutes(InspectionController(db: db, info: info, clock: clock).endpoints)
    api.addRoutes(PerformanceController(db: db, clock: clock).endpoints)
    api.addRoutes(RecordControllers.organisations(db).endpoints, atPath: "/organisations")
    api.addRoutes(RecordControllers.staff(db).endpoints, atPath: "/staff")
    api.addRoutes(OrderController(db: db, info: info).endpoints, atPath: "/orders")
    api.addRoutes(OrderMatchingController(db: db).endpoints, atPath: "/orders")
    api.addRoutes(WorkListController(db: db).endpoints)
    api.addRoutes(BlobController(db: db).endpoints, atPath: "/blobs")
    api.addRoutes(ComplaintController(db: db).endpoints, atPath: "/complaints")
    api.addRoutes(CaseController(db: db, info: info, clock: clock).endpoints, atPath: "/cases")
    api.addRoutes(ReferralController(db: db, info: info, clock: clock).endpoints, atPath: "/referrals")
    api.addRoutes(AssessmentController(db: db, info: info, clock: clock).endpoints)
    api.addRoutes(TimeBankController(db: db, info: info, clock: clock).endpoints)
    api.addRoutes(TrainingController(db: db, info: info, clock: clock).endpoints)
    api.addRoutes(ActivityController(db: db, info: info, clock: clock).endpoints)
    api.addRoutes(CreditController(db: db, info: info, clock: clock).endpoints, atPath: "/credit")
    api.addRoutes(PolicyController(db: db, info: info, clock: clock).endpoints, atPath: "/policies")
    api.addRoutes(QualityController(db: db).endpoints, atPath: "/stats")
    api.addRoutes(EvaluationController(db: db).endpoints, atPath: "/evaluations")
    api.addRoutes(ConflictController(db: db).endpoints, atPath: "/conflicts")
    api.addRoutes(ExportController(db: db, clock: clock).endpoints, atPath: "/exports")
    api.addRoutes(ImportController(db: db, clock: clock).endpoints, atPath: "/imports")
    api.addRoutes(SyncStatusController(db: db, status: sync.status, parent: sync.parent).endpoints, atPath: "/sync/status")
    return router
}
