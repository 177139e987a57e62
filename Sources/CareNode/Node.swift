import CareAPI
import CareIngest
import CareModel
import CarePKI
import CareStore
import CareSync
import Foundation
import Hummingbird
import HummingbirdHTTP2
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// A running carenode: its database, identity and the services of its `ServiceGroup`.
public struct CareNodeServer: Sendable {
    public let configuration: NodeConfiguration
    public let db: AppDatabase
    public let identity: NodeIdentity
    public let info: NodeInfo
    public let listening: ListeningSignal
    /// The server plus, when the node has a parent, the sync loop.
    public let services: [any Service]
    public let status: SyncStatusBoard
    public let logger: Logger

    /// The node's services in one group; `triggerGracefulShutdown()` stops them in order.
    public func serviceGroup(signals: Bool) -> ServiceGroup {
        ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [],
            logger: logger))
    }

    /// Runs every service until SIGTERM or SIGINT asks for a graceful shutdown.
    public func run() async throws {
        try await serviceGroup(signals: true).run()
    }
}

/// Assembles a node from its configuration: opens the database, loads (or in development
/// creates) its certificate, builds the router and the HTTP/2 + TLS server, and the sync loop.
public func buildNode(_ configuration: NodeConfiguration, logger: Logger? = nil) throws -> CareNodeServer {
    try configuration.validate()
    var logger = logger ?? Logger(label: "carenode.\(configuration.code)")
    logger[metadataKey: "node"] = .string(configuration.code.rawValue)

    let identity = try loadIdentity(configuration, logger: logger)
    let db = try AppDatabase.open(
        directory: configuration.dataDirectory, node: configuration.code, maxSkewMillis: configuration.maxClockSkewMillis)
    let info = {
        var info = NodeInfo(
            code: configuration.code, name: configuration.name, parentURL: configuration.parentURL?.absoluteString,
            visitRadiusMeters: configuration.visitRadiusMeters)
        info.caseDeadlines = configuration.caseDeadlines
        info.rectificationDeadlines = configuration.rectificationDeadlines
        info.reassessment = configuration.reassessment
        return info
    }()
    let listening = ListeningSignal()

    let status = SyncStatusBoard()
    let metrics = SyncMetrics()
    let parent = configuration.code.parent
    let router = buildRouter(
        db: db, info: info, sync: SyncContext(status: status, metrics: metrics, parent: configuration.parentURL == nil ? nil : parent),
        console: configuration.console, clock: configuration.accountClock)
    let app = Application(
        router: router,
        server: try .http2Upgrade(
            tlsConfiguration: identity.serverTLSConfiguration(),
            // An idle connection is closed after five minutes (children's clients drop theirs
            // after two), and at shutdown a peer gets a few seconds to finish its streams after
            // the GOAWAY before the connection is closed.
            configuration: .init(idleTimeout: .seconds(300), gracefulCloseTimeout: .seconds(5))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "carenode"),
        onServerRunning: { channel in
            listening.announce(channel.localAddress?.port ?? configuration.port)
        },
        logger: logger)
    logger.info("carenode \(NodeInfo.softwareVersion) \(configuration.role.rawValue) node \(configuration.code) (\(configuration.name)), data in \(configuration.dataDirectory.path)")
    var services: [any Service] = [app]
    if let parentURL = configuration.parentURL, let parent, configuration.runSync {
        let settings = SyncSettings(batchSize: configuration.batchSize)
        let client = ParentClient(baseURL: parentURL, tls: identity.clientTLSConfiguration(), settings: settings)
        services.append(SyncService(
            db: db, parent: parent, client: client, settings: settings,
            status: status, metrics: metrics, clock: ContinuousClock(), logger: logger))
    }
    services.append(AlertTicker(db: db, interval: configuration.alertTick, retentionDays: configuration.readingRetentionDays, logger: logger))
    var sinks: [any AlertSink] = []
    if configuration.role == .community { sinks.append(SMSGatewaySink(db: db)) }
    let poster = WebhookPoster(settings: configuration.webhooks, node: configuration.code.rawValue, logger: logger)
    if let webhook = configuration.alertWebhook { sinks.append(WebhookSink(url: webhook, poster: poster)) }
    // A service that returns ends the node's ServiceGroup, so a notifier runs only with sinks.
    if !sinks.isEmpty { services.append(AlertNotifier(db: db, sinks: sinks, logger: logger)) }
    if !configuration.organisationWebhooks.isEmpty {
        services.append(OrderWebhooks(db: db, hooks: configuration.organisationWebhooks, poster: poster, logger: logger))
    }
    if let mqtt = configuration.mqtt {
        services.append(MQTTIngestService(db: db, host: mqtt.host, port: mqtt.port, logger: logger))
    }
    // Last in the group, so the first to hear of a graceful shutdown: it ends long polls, which
    // would otherwise hold the server's shutdown for up to their full wait.
    services.append(ChangeSignalCloser(db: db))
    return CareNodeServer(
        configuration: configuration, db: db, identity: identity, info: info, listening: listening,
        services: services, status: status, logger: logger)
}

private func loadIdentity(_ configuration: NodeConfiguration, logger: Logger) throws -> NodeIdentity {
    let directory = configuration.certificatesDirectory
    if NodeIdentity.exists(in: directory) {
        let identity = try NodeIdentity.load(from: directory)
        guard identity.code == configuration.code.rawValue else {
            throw ConfigurationError("certificates: \(directory.path)/node.pem is for \(identity.code), not \(configuration.code)")
        }
        return identity
    }
    guard configuration.allowDevelopmentIdentity else {
        throw ConfigurationError("certificates: no node.pem in \(directory.path); issue one with `carenode pki issue`")
    }
    let (identity, created) = try NodeIdentity.developmentIdentity(code: configuration.code.rawValue, in: directory)
    if created {
        logger.warning("""
            ************************************************************************
            DEVELOPMENT CERTIFICATE: no certificate was found in \(directory.path),
            so this node made its own CA and certificate. No other node trusts it.
            For a real federation run `carenode pki init` at the county and
            `carenode pki issue` for every node.
            ************************************************************************
            """)
    }
    return identity
}

/// Closes the database's change signal when the node begins a graceful shutdown.
struct ChangeSignalCloser: Service {
    let db: AppDatabase

    func run() async throws {
        try? await gracefulShutdown()
        db.changes.close()
    }
}
