import CareAPI
import CareModel
import Foundation
import Yams

/// Everything a node needs to start, from flags or a YAML file.
public struct NodeConfiguration: Sendable {
    public var code: DivisionCode
    public var name: String
    /// The parent's base URL (https://host:port); nil for a county.
    public var parentURL: URL?
    public var dataDirectory: URL
    public var host: String
    /// 0 picks a free port (tests, demo).
    public var port: Int
    /// Where node.pem, node-key.pem and ca.pem live; defaults to `<data>/certs`.
    public var certificatesDirectory: URL
    /// Without certificates, create a throwaway CA and certificate (development only).
    public var allowDevelopmentIdentity: Bool
    public var maxClockSkewMillis: Int64
    /// Changes per push or pull batch.
    public var batchSize: Int
    /// Whether to run the sync loop to the parent (tests switch it off to drive sync by hand).
    public var runSync: Bool
    /// How close (metres) a worker's reported position must be to the elder's home for a
    /// check-in to count as verified.
    public var visitRadiusMeters: Double = VisitSite.defaultRadiusMeters
    /// Days a window case of each kind may stay open before it is overdue (`case-deadline-days`
    /// in the YAML, by kind); `CaseDeadlines.standard` states the defaults and their sources.
    public var caseDeadlines: CaseDeadlines = .standard
    /// Hours a rectification may take, by the finding's severity (`rectificationHours` in the
    /// YAML); `RectificationDeadlines.standard` states the defaults.
    public var rectificationDeadlines: RectificationDeadlines = .standard
    /// When an ability re-assessment falls due (`reassessment-months`, `reassessment-after-event-days`
    /// in the YAML); `ReassessmentPolicy` states the defaults and why.
    public var reassessment: ReassessmentPolicy = .standard
    /// An MQTT broker (HOST:PORT) whose device topics a community node ingests.
    public var mqtt: (host: String, port: Int)?
    /// Where alert notices are POSTed as JSON, if anywhere.
    public var alertWebhook: URL?
    /// Each organisation's own system, told of every order dispatched to it (organisation id →
    /// URL; `organisationWebhooks` in the YAML). Node configuration, not a replicated field:
    /// the node that sends is the one configured, so configure one node per organisation.
    public var organisationWebhooks: [UUID: URL] = [:]
    /// The secret webhook notices are signed with (`webhookSecret` in the YAML, or the
    /// environment's `CARENODE_WEBHOOK_SECRET`), and their retries.
    public var webhooks = WebhookSettings(secret: ProcessInfo.processInfo.environment["CARENODE_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 })
    /// How long raw device readings are kept at the community.
    public var readingRetentionDays = 180
    /// How often time-based alert rules (escalation, out of bed, inactivity) run.
    public var alertTick: Duration = .seconds(15)
    /// The wall clock of sign-ins, lockouts, sessions and the audit trail; tests advance their
    /// own instead of waiting out a lockout or an idle session. Record versions keep the
    /// database's hybrid logical clock.
    public var accountClock: HybridLogicalClock.WallClock = HybridLogicalClock.systemMillis
    /// The console's files, the JavaScript libraries' folder and the map tile source.
    public var console = ConsoleSettings()

    public init(
        code: DivisionCode, name: String? = nil, parentURL: URL? = nil, dataDirectory: URL, host: String = "127.0.0.1",
        port: Int = 8443, certificatesDirectory: URL? = nil, allowDevelopmentIdentity: Bool = true,
        maxClockSkewMillis: Int64 = 5 * 60 * 1000, batchSize: Int = 1000, runSync: Bool = true
    ) {
        self.code = code
        self.name = name ?? "\(code.role.label.zh) \(code.rawValue)"
        self.parentURL = parentURL
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.certificatesDirectory = certificatesDirectory ?? dataDirectory.appendingPathComponent("certs")
        self.allowDevelopmentIdentity = allowDevelopmentIdentity
        self.maxClockSkewMillis = maxClockSkewMillis
        self.batchSize = batchSize
        self.runSync = runSync
    }

    public var role: NodeRole { code.role }

    /// Checks that the pieces fit together; the message names the setting.
    public func validate() throws(ConfigurationError) {
        if role == .county && parentURL != nil {
            throw ConfigurationError("parent: a county node has no parent; remove --parent")
        }
        if role != .county && parentURL == nil && runSync {
            throw ConfigurationError("parent: a \(role.rawValue) node needs --parent https://HOST:PORT of its \(role == .community ? "street" : "county") node")
        }
        if let parentURL, parentURL.scheme != "https" {
            throw ConfigurationError("parent: '\(parentURL.absoluteString)' must be an https:// URL (node links are mutual TLS)")
        }
        if !(0...65535).contains(port) { throw ConfigurationError("listen: port \(port) is outside 0–65535") }
        if !(1...10_000).contains(batchSize) { throw ConfigurationError("batchSize: \(batchSize) must be 1–10000") }
        if mqtt != nil && role != .community {
            throw ConfigurationError("mqtt: devices report to a community node; a \(role.rawValue) node does not subscribe")
        }
        if !(1...20).contains(webhooks.attempts) { throw ConfigurationError("webhookAttempts: \(webhooks.attempts) must be 1–20") }
        if let secret = webhooks.secret, secret.utf8.count < 16 {
            throw ConfigurationError("webhookSecret: use at least 16 characters (a random string the receivers are given)")
        }
        if !(1...3650).contains(readingRetentionDays) { throw ConfigurationError("reading-retention-days: \(readingRetentionDays) must be 1–3650") }
        if !(10...5_000).contains(visitRadiusMeters) {
            throw ConfigurationError("visit-radius: \(visitRadiusMeters) m must be 10–5000")
        }
        for (kind, days) in caseDeadlines.days where !(1...365).contains(days) {
            throw ConfigurationError("caseDeadlineDays.\(kind.rawValue): \(days) must be 1–365")
        }
        for (severity, hours) in rectificationDeadlines.hours where !(1...(24 * 365)).contains(hours) {
            throw ConfigurationError("rectificationHours.\(severity.rawValue): \(hours) must be 1–8760")
        }
        if !(1...60).contains(reassessment.intervalMonths) {
            throw ConfigurationError("reassessmentMonths: \(reassessment.intervalMonths) must be 1–60")
        }
        if !(1...365).contains(reassessment.afterEventDays) {
            throw ConfigurationError("reassessmentAfterEventDays: \(reassessment.afterEventDays) must be 1–365")
        }
    }

    /// The YAML shape of `carenode serve --config FILE`.
    struct File: Decodable {
        var role: String?
        var code: String
        var name: String?
        var parent: String?
        var data: String?
        var listen: String?
        var certificates: String?
        var maxClockSkewSeconds: Int?
        var batchSize: Int?
        var visitRadiusMeters: Double?
        var caseDeadlineDays: [String: Int]?
        var rectificationHours: [String: Int]?
        var reassessmentMonths: Int?
        var reassessmentAfterEventDays: Int?
        var mqtt: String?
        var alertWebhook: String?
        var organisationWebhooks: [String: String]?
        var webhookSecret: String?
        var webhookAttempts: Int?
        var readingRetentionDays: Int?
        var consoleDirectory: String?
        var javascriptDirectory: String?
        var mapTiles: String?
        var mapAttribution: String?
    }

    /// Reads a YAML configuration file; relative paths are taken from the file's folder.
    public static func load(yaml url: URL) throws -> NodeConfiguration {
        let text = try String(contentsOf: url, encoding: .utf8)
        let file: File
        do { file = try YAMLDecoder().decode(File.self, from: text) } catch {
            throw ConfigurationError("\(url.path): \(error)")
        }
        let base = url.deletingLastPathComponent()
        let code = try parseCode(file.code, role: file.role)
        let listen = try parseListen(file.listen ?? "127.0.0.1:8443")
        var config = NodeConfiguration(
            code: code, name: file.name, parentURL: try file.parent.map(parseURL),
            dataDirectory: URL(fileURLWithPath: file.data ?? "./data", relativeTo: base).standardizedFileURL,
            host: listen.host, port: listen.port,
            certificatesDirectory: file.certificates.map { URL(fileURLWithPath: $0, relativeTo: base).standardizedFileURL })
        if let seconds = file.maxClockSkewSeconds { config.maxClockSkewMillis = Int64(seconds) * 1000 }
        if let size = file.batchSize { config.batchSize = size }
        if let radius = file.visitRadiusMeters { config.visitRadiusMeters = radius }
        for (name, days) in file.caseDeadlineDays ?? [:] {
            guard let kind = CaseKind(rawValue: name) else {
                throw ConfigurationError("caseDeadlineDays: '\(name)' is not one of: \(CaseKind.codeList)")
            }
            config.caseDeadlines.days[kind] = days
        }
        for (name, hours) in file.rectificationHours ?? [:] {
            guard let severity = FindingSeverity(rawValue: name) else {
                throw ConfigurationError("rectificationHours: '\(name)' is not one of: \(FindingSeverity.codeList)")
            }
            config.rectificationDeadlines.hours[severity] = hours
        }
        if let months = file.reassessmentMonths { config.reassessment.intervalMonths = months }
        if let days = file.reassessmentAfterEventDays { config.reassessment.afterEventDays = days }
        if let mqtt = file.mqtt {
            let broker = try parseBroker(mqtt)
            config.mqtt = (broker.host, broker.port)
        }
        if let days = file.readingRetentionDays { config.readingRetentionDays = days }
        if let webhook = file.alertWebhook { config.alertWebhook = try parseWebhook(webhook) }
        for (id, text) in file.organisationWebhooks ?? [:] {
            guard let organisation = UUID(uuidString: id) else {
                throw ConfigurationError("organisationWebhooks: '\(id)' is not an organisation id (a UUID)")
            }
            config.organisationWebhooks[organisation] = try parseWebhook(text, setting: "organisationWebhooks.\(id)")
        }
        if let secret = file.webhookSecret { config.webhooks.secret = secret }
        if let attempts = file.webhookAttempts { config.webhooks.attempts = attempts }
        if let folder = file.consoleDirectory { config.console.directory = URL(fileURLWithPath: folder, relativeTo: base).standardizedFileURL }
        if let folder = file.javascriptDirectory { config.console.libraryDirectory = URL(fileURLWithPath: folder, relativeTo: base).standardizedFileURL }
        if let tiles = file.mapTiles { config.console.tileURL = try parseTiles(tiles) }
        config.console.tileAttribution = file.mapAttribution
        try config.validate()
        return config
    }

    public static func parseTiles(_ text: String) throws -> String {
        do { return try ConsoleSettings.checkTileURL(text) } catch { throw ConfigurationError(error.description) }
    }

    public static func parseWebhook(_ text: String, setting: String = "alert-webhook") throws -> URL {
        guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ConfigurationError("\(setting): '\(text)' is not an http(s) URL")
        }
        return url
    }

    /// An MQTT broker address, HOST:PORT; errors name the mqtt setting.
    public static func parseBroker(_ text: String) throws -> (host: String, port: Int) {
        do { return try parseListen(text) } catch let error as ConfigurationError {
            throw ConfigurationError("mqtt: '\(text)' is not HOST:PORT (\(error.description))")
        }
    }

    public static func parseCode(_ text: String, role: String?) throws -> DivisionCode {
        let code: DivisionCode
        do { code = try DivisionCode(validating: text) } catch { throw ConfigurationError("code: \(error.description)") }
        if let role {
            guard let parsed = NodeRole(rawValue: role) else { throw ConfigurationError("role: '\(role)' is not county, street or community") }
            guard parsed == code.role else {
                throw ConfigurationError("role: a \(parsed.rawValue) code has \(parsed.codeLength) digits, but --code \(text) has \(text.count)")
            }
        }
        return code
    }

    public static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationError("listen: '\(text)' must be HOST:PORT, e.g. 127.0.0.1:8443")
        }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    public static func parseURL(_ text: String) throws -> URL {
        guard let url = URL(string: text), url.scheme == "https", url.host != nil else {
            throw ConfigurationError("parent: '\(text)' must be an https:// URL such as https://127.0.0.1:8443")
        }
        return url
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
