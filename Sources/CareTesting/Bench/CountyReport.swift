import CareStore
import Foundation

extension Benchmarks.CountyFigures {
    /// Target p99 of every console query, milliseconds (issue 20).
    public static let targetMillis = 100.0
    /// Target start-up of a county node, seconds.
    public static let targetStartup = 2.0

    /// The county scenario's figures: the database, start-up, each query's p50 and p99 against
    /// the target, backup, and every query plan that reads a whole table.
    public var table: String {
        func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count) }
        func ms(_ value: Double) -> String { String(format: value >= 100 ? "%.0f ms" : "%.1f ms", value) }
        var lines = [
            "county: \(scale.description)",
            "  build: \(rows) rows in \(buildSeconds > 0 ? String(format: "%.1f s", buildSeconds) : "— (reused)"); database \(String(format: "%.1f", Double(databaseBytes) / 1_048_576)) MB",
            "  start-up of the county node: \(String(format: "%.2f s", startupSeconds)) (target ≤ \(Self.targetStartup) s: \(startupSeconds <= Self.targetStartup ? "pass" : "FAIL"))",
            "  backup (VACUUM INTO + integrity check): \(String(format: "%.1f s", backupSeconds)), \(String(format: "%.1f", Double(backupBytes) / 1_048_576)) MB",
            "",
            "  " + pad("query (\(clients) operators at once, HTTP/2 + TLS)", 44) + pad("n", 6) + pad("p50", 11) + pad("p99", 11) + "p99 ≤ \(Int(Self.targetMillis)) ms",
        ]
        for q in queries {
            var verdict = q.p99 <= Self.targetMillis ? "pass" : "FAIL"
            if !q.failures.isEmpty { verdict += " (\(q.failures.count) errors: \(q.failures[0]))" }
            if q.empty > 0 { verdict += " (\(q.empty) empty)" }
            lines.append("  " + pad(q.name, 44) + pad("\(q.latencies.count)", 6) + pad(ms(q.p50), 11) + pad(ms(q.p99), 11) + verdict)
        }
        lines.append("")
        lines.append("  query plans (EXPLAIN QUERY PLAN of each SELECT the node ran for the query):")
        for query in queries.map(\.name) {
            let mine = plans.filter { $0.query == query }
            let scans = mine.flatMap { plan in plan.plan.fullScans.map { (plan.plan.sql, $0) } }
            let indexScans = mine.flatMap { plan in plan.plan.indexScans.map { (plan.plan.sql, $0) } }
            let sorts = mine.flatMap { plan in plan.plan.steps.filter { $0.contains("TEMP B-TREE") }.map { (plan.plan.sql, $0) } }
            lines.append("  - \(query): \(mine.count) statements, \(scans.isEmpty ? "no full scan" : "\(scans.count) FULL SCAN")"
                + (indexScans.isEmpty ? "" : ", \(indexScans.count) whole-index scan") + (sorts.isEmpty ? "" : ", \(sorts.count) temp b-tree"))
            for (sql, step) in scans + indexScans + sorts {
                lines.append("      \(step)  ←  \(sql.prefix(300))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
