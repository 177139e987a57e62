import CareModel
import Foundation
import GRDB

/// What `AppDatabase.backup` made and how long it took.
public struct BackupFigures: Sendable {
    public let source: URL
    public let target: URL
    public let bytes: Int64
    public let seconds: Double
    /// The change-log position the copy holds: every change up to it, none after.
    public let changeLogHead: Int64
    /// Migrations the copy carries, so a restore knows which schema it is.
    public let migrations: Int
    /// The blob folder beside the database, which the copy does not hold (see `backup`).
    public let blobDirectory: URL
}

/// Why a backup was not made; nothing is left behind at the target.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension AppDatabase {
    /// Copies the node's database at `directory` to `target` while the node may be serving,
    /// with SQLite's `VACUUM INTO`: one read transaction, so the copy is one consistent moment
    /// of the database (WAL readers never block the node's writer, nor it them), compacted, in
    /// a file of its own. The copy is owner-only like the database, checked with
    /// `PRAGMA integrity_check` before it is reported, and never overwrites a file.
    ///
    /// Blobs (photos, recordings, documents) are files named by their SHA-256 beside the
    /// database; they never change once written, so copying that folder at any time after the
    /// database copy gives every blob the copy names.
    public static func backup(directory: URL, node: DivisionCode, to target: URL) throws -> BackupFigures {
        let source = directory.appendingPathComponent("\(node.rawValue).sqlite")
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw BackupError(description: "no database for node \(node) at \(source.path)")
        }
        if FileManager.default.fileExists(atPath: target.path) {
            throw BackupError(description: "\(target.path) already exists; a backup never overwrites a file")
        }
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw BackupError(description: "the folder \(folder.path) does not exist")
        }
        let started = ContinuousClock.now
        do {
            // An empty owner-only file first: VACUUM INTO writes into an empty file and keeps its mode.
            try PrivateFiles.prepareDatabase(target.path)
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(5)
            let reader = try DatabaseQueue(path: source.path, configuration: configuration)
            try reader.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [target.path]) }
            try reader.close()
            let copy = try DatabaseQueue(path: target.path, configuration: configuration)
            let (integrity, head, migrations) = try copy.read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try ChangeLog.head(db), try migrator.appliedIdentifiers(db).count)
            }
            try copy.close()
            guard integrity == ["ok"] else {
                throw BackupError(description: "the copy failed its integrity check: \(integrity.prefix(3).joined(separator: "; "))")
            }
            let elapsed = (ContinuousClock.now - started).components
            let size = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value ?? 0
            return BackupFigures(
                source: source, target: target, bytes: size,
                seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, changeLogHead: head, migrations: migrations,
                blobDirectory: directory.appendingPathComponent("blobs-\(node.rawValue)"))
        } catch {
            try? FileManager.default.removeItem(at: target)
            if let error = error as? BackupError { throw error }
            throw BackupError(description: "backup of \(source.path) failed: \(error)")
        }
    }
}
