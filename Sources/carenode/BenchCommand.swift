import ArgumentParser
import CareModel
import CareTesting
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure storage and sync against this machine's raw SQLite rate (build with -c release).")

    @Option(help: "Scenarios to run, comma-separated: limit, apply, catch-up, propagation, fan-in, memory, ingest, county.")
    var scenarios: String = "limit,apply,catch-up,propagation,fan-in"

    @Option(help: "Changes accumulated at the offline community for catch-up.")
    var changes: Int = 100_000

    @Option(help: "Changes caught up in the memory scenario (new elders, written in bulk), which reports peak resident memory.")
    var memoryChanges: Int = 1_000_000

    @Option(help: "Streets under the county in the fan-in scenario.")
    var streets: Int = 4

    @Option(help: "Communities under each street in the fan-in scenario.")
    var communities: Int = 10

    @Option(help: "Changes each community writes while offline in the fan-in scenario.")
    var fanInChanges: Int = 2_500

    @Option(help: "Changes pushed in the apply scenario.")
    var applyChanges: Int = 20_000

    @Option(help: "Writes timed in the propagation scenario.")
    var writes: Int = 1_000

    @Option(help: "Device readings sent in the ingest scenario, over HTTP and again over MQTT.")
    var readings: Int = 100_000

    @Option(help: "Readings per device report in the ingest scenario.")
    var readingsPerBatch: Int = 100

    @Option(help: "Changes per push or pull batch.")
    var batch: Int = 1_000

    @Option(help: "County scenario: divide every count below by this (30 builds a thirtieth of a county).")
    var countyScale: Int = 1

    @Option(help: "County scenario: elders (default 300000).")
    var countyElders: Int?

    @Option(help: "County scenario: communities, under --county-streets streets.")
    var countyCommunities: Int = 200

    @Option(help: "County scenario: streets.")
    var countyStreets: Int = 8

    @Option(help: "County scenario: service orders over three years, with their events (default 3000000).")
    var countyOrders: Int?

    @Option(help: "County scenario: alerts with their events (default 1000000).")
    var countyAlerts: Int?

    @Option(help: "County scenario: elders with a year of daily vitals summaries (default 50000).")
    var countyVitalsElders: Int?

    @Option(help: "County scenario: days of vitals summaries per elder.")
    var countyVitalsDays: Int = 365

    @Option(help: "County scenario: audit entries (default 3000000).")
    var countyAudit: Int?

    @Option(help: "County scenario: concurrent operators.")
    var countyClients: Int = 20

    @Option(help: "County scenario: rounds of every query per operator.")
    var countyRounds: Int = 10

    @Option(help: "County scenario: seconds each query is measured for at most.")
    var countyPhaseSeconds: Double = 20

    @Option(help: "County scenario: build the database in this folder and keep it; a folder built before is reused.")
    var countyDatabase: String?

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() async throws {
        let wanted = Set(scenarios.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let known: Set<String> = ["limit", "apply", "catch-up", "propagation", "fan-in", "memory", "ingest", "county"]
        guard wanted.isSubset(of: known) else {
            throw ValidationError("--scenarios: unknown \(wanted.subtracting(known).sorted().joined(separator: ", ")); choose from \(known.sorted().joined(separator: ", "))")
        }
        for (flag, value) in [("--changes", changes), ("--apply-changes", applyChanges), ("--writes", writes), ("--readings", readings), ("--memory-changes", memoryChanges), ("--fan-in-changes", fanInChanges)] {
            guard value > 0 else { throw ValidationError("\(flag) must be positive, not \(value)") }
        }
        guard (1...99).contains(streets) else { throw ValidationError("--streets must be 1–99, not \(streets)") }
        guard (1...99).contains(communities) else { throw ValidationError("--communities must be 1–99, not \(communities)") }
        guard (1...DeviceReport.maxBatch).contains(readingsPerBatch) else { throw ValidationError("--readings-per-batch must be 1–\(DeviceReport.maxBatch)") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1–10000") }
        let county = try countyScaleChosen()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var bench = Benchmarks(directory: directory) { line in FileHandle.standardError.write(Data("  … \(line)\n".utf8)) }
        bench.applyChanges = applyChanges
        bench.propagationWrites = writes
        bench.batchSize = batch
        bench.countyPhaseSeconds = countyPhaseSeconds

        var report = BenchReport()
        FileHandle.standardError.write(Data("limit: raw SQLite inserts\n".utf8))
        let limit = try bench.limit()
        report.figures.append(.init(scenario: "limit", name: "SQLite insert, statement reused", value: limit, unit: "rows/s", ratioToLimit: 1, note: "one transaction, 200k rows shaped like a change"))
        if wanted.contains("apply") {
            FileHandle.standardError.write(Data("apply\n".utf8))
            let apply = try bench.apply()
            report.figures.append(.init(scenario: "apply", name: "one push applied at a parent", value: apply.rate, unit: "changes/s", ratioToLimit: apply.rate / limit, note: "decode + validate + merge + store + log; \(Int(apply.bytesPerChange)) B/change"))
        }
        if wanted.contains("catch-up") {
            FileHandle.standardError.write(Data("catch-up\n".utf8))
            report.add(catchUp: try await bench.catchUp(changes: changes), scenario: "catch-up", limit: limit)
        }
        if wanted.contains("propagation") {
            FileHandle.standardError.write(Data("propagation\n".utf8))
            let latencies = try await bench.propagation()
            for p in [50.0, 90, 99] {
                report.figures.append(.init(scenario: "propagation", name: "community → county p\(Int(p))", value: percentile(latencies, p), unit: "ms", ratioToLimit: nil, note: "\(latencies.count) writes, links up"))
            }
        }
        if wanted.contains("fan-in") {
            FileHandle.standardError.write(Data("fan-in\n".utf8))
            let fanIn = try await bench.fanIn(streets: streets, communities: communities, changesPerCommunity: fanInChanges)
            report.figures.append(.init(
                scenario: "fan-in", name: "county intake, all pushing", value: fanIn.rate, unit: "changes/s", ratioToLimit: fanIn.rate / limit,
                note: "\(fanIn.streets) streets × \(fanIn.communities) communities, \(fanIn.written) changes in \(String(format: "%.1f", fanIn.seconds)) s"))
            let cpuRate = Double(fanIn.written) / max(fanIn.cpuSeconds, 1e-9)
            report.figures.append(.init(
                scenario: "fan-in", name: "changes per CPU-second", value: cpuRate, unit: "changes/CPU-s", ratioToLimit: cpuRate / limit,
                note: "every node, both hops: \(String(format: "%.1f", fanIn.cpuSeconds)) CPU-s in all"))
            for p in [50.0, 99] {
                report.figures.append(.init(
                    scenario: "fan-in", name: "operator API p\(Int(p)) while children reconnect", value: percentile(fanIn.operatorLatencies, p),
                    unit: "ms", ratioToLimit: nil, note: "GET /api/v1/elders at the county (audited: a read and a write), \(fanIn.operatorLatencies.count) requests"))
            }
            for p in [50.0, 99] {
                report.figures.append(.init(
                    scenario: "fan-in", name: "operator read p\(Int(p)) while children reconnect", value: percentile(fanIn.readLatencies, p),
                    unit: "ms", ratioToLimit: nil, note: "GET /api/v1/orders at the county (a read only), \(fanIn.readLatencies.count) requests"))
            }
        }
        if wanted.contains("memory") {
            FileHandle.standardError.write(Data("memory: catch-up of \(memoryChanges) changes (minutes)\n".utf8))
            report.add(catchUp: try await bench.catchUp(changes: memoryChanges, bulk: true), scenario: "memory", limit: limit)
        }
        if wanted.contains("ingest") {
            FileHandle.standardError.write(Data("ingest\n".utf8))
            let ingest = try await bench.ingest(readings: readings, perBatch: readingsPerBatch)
            report.figures.append(.init(scenario: "ingest", name: "device readings over HTTP", value: ingest.httpRate, unit: "readings/s", ratioToLimit: ingest.httpRate / limit, note: "\(ingest.readings) readings, \(ingest.perBatch) per report, 4 concurrent, HTTP/2 + TLS"))
            if let mqtt = ingest.mqttRate {
                report.figures.append(.init(scenario: "ingest", name: "device readings over MQTT", value: mqtt, unit: "readings/s", ratioToLimit: mqtt / limit, note: "\(ingest.readings) readings, \(ingest.perBatch) per message, QoS 1 via mosquitto"))
            } else {
                report.figures.append(.init(scenario: "ingest", name: "device readings over MQTT", value: 0, unit: "readings/s", ratioToLimit: nil, note: "skipped: /usr/sbin/mosquitto is not installed"))
            }
        }
        var countyTable: String?
        if wanted.contains("county") {
            FileHandle.standardError.write(Data("county: \(county.description)\n".utf8))
            let figures = try await bench.county(
                county, clients: countyClients, rounds: countyRounds, reuse: countyDatabase.map { URL(fileURLWithPath: $0) })
            report.add(county: figures)
            countyTable = figures.table
        }
        print(json ? report.json : report.table)
        if let countyTable, !json { print("\n" + countyTable) }
    }

    /// The county scenario's sizes from the options: issue 20's county, divided by --county-scale.
    func countyScaleChosen() throws -> CountyScale {
        guard countyScale >= 1 else { throw ValidationError("--county-scale must be 1 or more") }
        guard (1...99).contains(countyStreets) else { throw ValidationError("--county-streets must be 1–99") }
        guard countyCommunities >= countyStreets, countyCommunities <= countyStreets * 999 else {
            throw ValidationError("--county-communities must be from --county-streets to 999 per street")
        }
        guard (1...500).contains(countyClients), countyRounds >= 1 else { throw ValidationError("--county-clients must be 1–500 and --county-rounds positive") }
        var scale = CountyScale()
        scale.communities = countyCommunities
        scale.streets = countyStreets
        scale.vitalsDays = countyVitalsDays
        scale = scale.divided(by: countyScale)
        for (flag, value, path) in [
            ("--county-elders", countyElders, \CountyScale.elders), ("--county-orders", countyOrders, \.orders), ("--county-alerts", countyAlerts, \.alerts),
            ("--county-vitals-elders", countyVitalsElders, \.vitalsElders), ("--county-audit", countyAudit, \.auditEntries),
        ] {
            guard let value else { continue }
            guard value > 0 else { throw ValidationError("\(flag) must be positive, not \(value)") }
            scale[keyPath: path] = value
        }
        guard scale.elders >= scale.communities else { throw ValidationError("the county needs at least one elder per community") }
        guard (1...3650).contains(scale.vitalsDays) else { throw ValidationError("--county-vitals-days must be 1–3650") }
        return scale
    }
}

extension BenchReport {
    /// The county scenario's figures in the common table; `CountyFigures.table` has the detail.
    mutating func add(county: Benchmarks.CountyFigures) {
        figures.append(.init(scenario: "county", name: "bulk build", value: county.buildSeconds, unit: "s", ratioToLimit: nil, note: "\(county.rows) rows"))
        figures.append(.init(scenario: "county", name: "database size", value: Double(county.databaseBytes) / 1_048_576, unit: "MB", ratioToLimit: nil, note: county.scale.description))
        figures.append(.init(scenario: "county", name: "node start-up", value: county.startupSeconds, unit: "s", ratioToLimit: nil, note: "target ≤ 2 s"))
        for query in county.queries {
            figures.append(.init(scenario: "county", name: "\(query.name) p50", value: query.p50, unit: "ms", ratioToLimit: nil, note: "\(county.clients) operators, \(query.latencies.count) requests"))
            figures.append(.init(scenario: "county", name: "\(query.name) p99", value: query.p99, unit: "ms", ratioToLimit: nil, note: query.p99 <= 100 ? "≤ 100 ms: pass" : "> 100 ms: FAIL"))
        }
        figures.append(.init(scenario: "county", name: "backup", value: county.backupSeconds, unit: "s", ratioToLimit: nil, note: "VACUUM INTO + integrity check, \(county.backupBytes / 1_048_576) MB, node serving"))
    }

    /// The figures of one catch-up run: its time, its rate and the memory it took.
    mutating func add(catchUp: Benchmarks.CatchUpFigures, scenario: String, limit: Double) {
        figures.append(.init(
            scenario: scenario, name: "\(catchUp.written) changes over two hops", value: catchUp.seconds, unit: "s", ratioToLimit: nil,
            note: "community offline, then back online; HTTP/2 + mTLS on loopback"))
        figures.append(.init(scenario: scenario, name: "catch-up rate", value: catchUp.rate, unit: "changes/s", ratioToLimit: catchUp.rate / limit, note: "end to end, both hops"))
        let cpuRate = Double(catchUp.written) / max(catchUp.cpuSeconds, 1e-9)
        figures.append(.init(
            scenario: scenario, name: "changes per CPU-second", value: cpuRate, unit: "changes/CPU-s", ratioToLimit: cpuRate / limit,
            note: "three nodes, both hops: \(String(format: "%.1f", catchUp.cpuSeconds)) CPU-s in all"))
        figures.append(.init(
            scenario: scenario, name: "peak resident, \(catchUp.written) changes", value: catchUp.peakMegabytes, unit: "MB", ratioToLimit: nil,
            note: "whole process, three nodes; \(Int(catchUp.baselineMegabytes)) MB before the link came back"))
    }
}
