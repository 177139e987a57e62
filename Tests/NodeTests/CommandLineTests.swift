import CareTesting
import Foundation
import Testing

/// The `carenode` binary itself, run as a user would: errors name the real problem, and the demo
/// topology ships inside the binary.
@Suite struct CommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome {
        let status: Int32
        let output: String
    }

    /// Runs the `carenode` this package built with `arguments` in `directory`; output is stdout
    /// and stderr together.
    static func carenode(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("carenode"),
            root.appendingPathComponent(".build/debug/carenode"),
        ]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw NoExecutable(candidates: candidates.map(\.path))
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    struct NoExecutable: Error, CustomStringConvertible {
        let candidates: [String]
        var description: String { "no carenode executable at \(candidates.joined(separator: " or ")); build it with `swift build`" }
    }

    /// Each command has checks or required options that ArgumentParser would report first.
    @Test(arguments: [
        (["serve", "--lisen", "127.0.0.1:1"], "--lisen"),
        (["serve", "--code", "420107", "--bogus"], "--bogus"),
        (["pki", "issue", "--ca", "ca", "--out", "out", "--cod", "420107"], "--cod"),
        (["pki", "init", "--county", "12", "--out", "out", "--force-it"], "--force-it"),
        (["user", "add", "--name", "a", "--role", "admin", "--pasword", "x"], "--pasword"),
        (["import", "elders", "--code", "420107001001", "--bogus"], "--bogus"),
        (["demo", "--topologies", "x.yaml"], "--topologies"),
        (["chaos", "--seeds", "3"], "--seeds"),
    ])
    func anUnknownOptionIsReportedAsUnknown(arguments: [String], option: String) throws {
        let outcome = try Self.carenode(arguments)
        #expect(outcome.status == 64, "\(outcome.output)")
        #expect(outcome.output.contains("Error: Unknown option '\(option)'"), "\(outcome.output)")
        #expect(!outcome.output.contains("required") && !outcome.output.contains("Missing"), "\(outcome.output)")
    }

    @Test(arguments: [
        (["serve"], "Error: --code is required (or --config FILE)", "carenode serve"),
        (["serve", "--code", "4201"], "Error: --code:", "carenode serve"),
        (["pki", "init", "--county", "12", "--out", "out"], "Error: --county must be 6 digits", "carenode pki init"),
        (["pki", "issue", "--ca", "ca", "--out", "out"], "Error: Missing expected argument '--code <code>'", "carenode pki issue"),
    ])
    func aRealMistakeIsStillReportedWithItsCommandsUsage(arguments: [String], message: String, usage: String) throws {
        let outcome = try Self.carenode(arguments)
        #expect(outcome.status == 64, "\(outcome.output)")
        #expect(outcome.output.contains(message), "\(outcome.output)")
        #expect(outcome.output.contains("Usage: \(usage)"), "\(outcome.output)")
    }

    @Test func theBuiltInDemoTopologyIsTopologiesDemoYAML() throws {
        let builtIn = try Topology.demo()
        let file = try Topology.load(Self.root.appendingPathComponent("Topologies/demo.yaml"))
        #expect(builtIn.name == file.name)
        #expect(builtIn.codes == file.codes && builtIn.codes.count == 7)
        #expect(builtIn.codes.map(builtIn.name(of:)) == file.codes.map(file.name(of:)))
    }

    @Test(.timeLimit(.minutes(2))) func theDemoRunsFromAnyDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-demo-cwd-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try Self.carenode(["demo", "--elders", "1", "--seconds", "1", "--data", directory.appendingPathComponent("data").path], in: directory)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("starting 7 nodes of 'demo'"), "\(outcome.output)")
        #expect(outcome.output.contains("operator login on every node"), "\(outcome.output)")

        let missing = try Self.carenode(["demo", "--topology", "no-such.yaml"], in: directory)
        #expect(missing.status == 64 && missing.output.contains("--topology: cannot load no-such.yaml"), "\(missing.output)")
    }
}
