import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One measured figure of `carenode bench`.
public struct BenchFigure: Codable, Sendable {
    public let scenario: String
    public let name: String
    public let value: Double
    public let unit: String
    /// value / the machine's limit, where that comparison means something.
    public let ratioToLimit: Double?
    public let note: String

    public init(scenario: String, name: String, value: Double, unit: String, ratioToLimit: Double?, note: String) {
        self.scenario = scenario
        self.name = name
        self.value = value
        self.unit = unit
        self.ratioToLimit = ratioToLimit
        self.note = note
    }
}

/// Everything one run measured, printable as a table or JSON.
public struct BenchReport: Codable, Sendable {
    public var cores: Int = ProcessInfo.processInfo.activeProcessorCount
    public var build: String = {
        #if DEBUG
        "debug (numbers are not representative: use -c release)"
        #else
        "release"
        #endif
    }()
    public var figures: [BenchFigure] = []

    public init() {}

    public var table: String {
        var lines = ["carenode bench — \(cores) cores, \(build) build", ""]
        // The figure column is as wide as its longest name, so every column lines up.
        let nameWidth = max(34, (figures.map(\.name.count).max() ?? 0) + 2)
        lines.append(pad("scenario", 12) + pad("figure", nameWidth) + pad("value", 22) + pad("vs limit", 10) + "note")
        for figure in figures {
            let value = figure.value >= 100 ? String(format: "%.0f", figure.value) : String(format: "%.3g", figure.value)
            let ratio = figure.ratioToLimit.map { String(format: "%.2f", $0) } ?? "—"
            lines.append(pad(figure.scenario, 12) + pad(figure.name, nameWidth) + pad("\(value) \(figure.unit)", 22) + pad(ratio, 10) + figure.note)
        }
        return lines.joined(separator: "\n")
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

/// Peak resident memory of this process so far (VmHWM), in megabytes.
public func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kilobytes / 1024
}

/// Resident memory now (VmRSS), in megabytes.
public func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
}

/// CPU time this process has used so far (user + system, every thread), in seconds. Wall time
/// on a shared machine depends on what else runs; CPU time per change does not.
public func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return 0 }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
