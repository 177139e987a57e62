import ArgumentParser
import CareIngest
import CareNode
import CareStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import records from files.", subcommands: [Elders.self])

    struct Elders: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "elders",
            abstract: "Import elders from a CSV file; valid rows in one transaction, rejected rows to a rejects file.",
            discussion: "Columns: \(ElderImport.columns.joined(separator: ","))")

        @OptionGroup var node: NodeLocation

        @Argument(help: "The CSV file (UTF-8, header row).")
        var file: String

        @Option(help: "Where to write rejected rows (default FILE.rejects.txt).")
        var rejects: String?

        @Option(help: "Operator name recorded in the audit log.")
        var actor: String = "import"

        func run() throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationError("FILE: cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
            }
            let configuration = try node.configuration()
            let db = try AppDatabase.open(directory: configuration.dataDirectory, node: configuration.code)
            let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
            let started = Date()
            let report: ElderImport.Report
            do {
                report = try ElderImport(db: db).run(csv: text, actor: actor) { done, total in bar.show(done, total) }
            } catch let error as ElderImport.FileError {
                throw ValidationError("FILE: \(error.description)")
            }
            bar.finish()
            let seconds = Date().timeIntervalSince(started)
            print("imported \(report.imported) elders in \(String(format: "%.2f", seconds)) s; rejected \(report.rejected.count)")
            if !report.rejected.isEmpty {
                let path = rejects ?? file + ".rejects.txt"
                let lines = report.rejected.map { "line \($0.line): \($0.reasons.joined(separator: "; "))" }
                try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                // The reasons quote what was wrong in the rows: personal data, for the owner only.
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
                for line in lines.prefix(10) { print("  " + line) }
                if lines.count > 10 { print("  … \(lines.count - 10) more") }
                print("rejected rows are listed in \(path)")
                throw ExitCode(2)
            }
        }
    }
}

/// A one-line progress bar on standard error, only when it is a terminal.
final class ProgressBar {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
