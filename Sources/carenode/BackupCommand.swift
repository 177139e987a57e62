import ArgumentParser
import CareNode
import CareStore
import Foundation

/// `carenode backup --to FILE`: a consistent copy of a node's database, made while it serves.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a node's database to a new file while the node serves (SQLite VACUUM INTO); report its size and time.")

    @OptionGroup var node: NodeLocation

    @Option(help: "The file to write; it must not exist yet.")
    var to: String

    func run() throws {
        let configuration = try node.configuration()
        let figures: BackupFigures
        do {
            figures = try AppDatabase.backup(
                directory: configuration.dataDirectory, node: configuration.code, to: URL(fileURLWithPath: to))
        } catch let error as BackupError {
            throw ValidationError("--to: \(error.description)")
        }
        let megabytes = Double(figures.bytes) / 1_048_576
        print("""
            backup of node \(configuration.code) (\(figures.source.path)) to \(figures.target.path)
              \(String(format: "%.1f", megabytes)) MB in \(String(format: "%.2f", figures.seconds)) s; integrity ok; change log up to \(figures.changeLogHead); \(figures.migrations) migrations
              blobs are files in \(figures.blobDirectory.path): copy that folder too, after this copy (blobs never change once written)
            """)
    }
}
