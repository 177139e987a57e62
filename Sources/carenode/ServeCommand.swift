import ArgumentParser
import CareAPI
import CareModel
import CareNode
import Foundation

/// Where a command finds a node's database: a config file, or --code and --data.
struct NodeLocation: ParsableArguments {
    @Option(help: "Division code of the node (6, 9 or 12 digits).")
    var code: String?

    @Option(help: "Data directory holding <code>.sqlite.")
    var data: String = "./data"

    @Option(help: "A node configuration file (YAML) instead of --code/--data.")
    var config: String?

    func configuration() throws -> NodeConfiguration {
        if let config {
            do { return try NodeConfiguration.load(yaml: URL(fileURLWithPath: config)) } catch {
                throw ValidationError("--config: \(error)")
            }
        }
        guard let code else { throw ValidationError("--code is required (or --config FILE)") }
        do {
            var configuration = NodeConfiguration(code: try NodeConfiguration.parseCode(code, role: nil), dataDirectory: URL(fileURLWithPath: data))
            configuration.runSync = false
            return configuration
        } catch {
            throw ValidationError("--code: \(error)")
        }
    }
}

struct ServeCommand: AsyncParsableCommand, CheckedCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run one node.")

    @Option(help: "county, street or community (must match the length of --code).")
    var role: String?

    @Option(help: "Division code: county 6 digits, street 9, community 12.")
    var code: String?

    @Option(help: "Display name of the node.")
    var name: String?

    @Option(help: "Parent node's URL, e.g. https://127.0.0.1:8443 (street and community nodes).")
    var parent: String?

    @Option(help: "Data directory.")
    var data: String = "./data"

    @Option(help: "HOST:PORT to listen on.")
    var listen: String = "127.0.0.1:8443"

    @Option(help: "Directory with node.pem, node-key.pem and ca.pem (default <data>/certs).")
    var certs: String?

    @Option(help: "Metres from the elder's home within which a check-in counts as verified (default 200).")
    var visitRadius: Double?

    @Option(help: "MQTT broker HOST:PORT whose device topics this community node ingests.")
    var mqtt: String?

    @Option(help: "URL to POST alert notices to as JSON.")
    var alertWebhook: String?

    @Option(help: "Serve the console from this folder instead of the copy built into carenode (development).")
    var consoleDir: String?

    @Option(help: "Folder of the Debian JavaScript libraries (libjs-bootstrap5, libjs-leaflet, libjs-chart.js; default /usr/share/javascript).")
    var jsLibDir: String?

    @Option(help: "Map tile URL template, e.g. https://tiles.example.cn/{z}/{x}/{y}.png (default: no tiles, points and outlines only).")
    var mapTiles: String?

    @Option(help: "Attribution shown with the map tiles.")
    var mapAttribution: String?

    @Option(help: "Days raw device readings are kept at the community (default 180).")
    var readingRetentionDays: Int?

    @Option(help: "A YAML configuration file instead of the flags above.")
    var config: String?

    /// Bad flags are reported before anything starts, with this command's usage.
    func check() throws {
        _ = try makeConfiguration()
    }

    func run() async throws {
        let configuration = try makeConfiguration()
        let node = try buildNode(configuration)
        try await node.run()
    }

    func makeConfiguration() throws -> NodeConfiguration {
        if let config {
            do { return try NodeConfiguration.load(yaml: URL(fileURLWithPath: config)) } catch {
                throw ValidationError("--config: \(error)")
            }
        }
        guard let code else { throw ValidationError("--code is required (or --config FILE)") }
        do {
            let listen = try NodeConfiguration.parseListen(listen)
            var configuration = NodeConfiguration(
                code: try NodeConfiguration.parseCode(code, role: role), name: name,
                parentURL: try parent.map(NodeConfiguration.parseURL), dataDirectory: URL(fileURLWithPath: data),
                host: listen.host, port: listen.port, certificatesDirectory: certs.map { URL(fileURLWithPath: $0) })
            if let visitRadius { configuration.visitRadiusMeters = visitRadius }
            if let mqtt {
                let broker = try NodeConfiguration.parseBroker(mqtt)
                configuration.mqtt = (broker.host, broker.port)
            }
            if let readingRetentionDays { configuration.readingRetentionDays = readingRetentionDays }
            if let alertWebhook { configuration.alertWebhook = try NodeConfiguration.parseWebhook(alertWebhook) }
            if let consoleDir { configuration.console.directory = URL(fileURLWithPath: consoleDir) }
            if let jsLibDir { configuration.console.libraryDirectory = URL(fileURLWithPath: jsLibDir) }
            if let mapTiles { configuration.console.tileURL = try NodeConfiguration.parseTiles(mapTiles) }
            configuration.console.tileAttribution = mapAttribution
            try configuration.validate()
            return configuration
        } catch let error as ConfigurationError {
            throw ValidationError("--\(error.description)")
        }
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the software, protocol and schema versions.")

    func run() {
        print(CareNodeVersion.summary)
    }
}
