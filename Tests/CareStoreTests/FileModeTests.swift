import CareModel
import CareStore
import Foundation
import Testing

/// The database, its WAL and shared-memory files and the blobs hold personal data: owner-only,
/// even under a permissive umask.
@Suite(.serialized) struct FileModeTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func theDatabaseItsJournalsAndBlobsAreOwnerOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let previous = umask(0o000)  // the worst case: every file would be world-writable
        defer { umask(previous) }
        let db = try AppDatabase.open(directory: directory, node: StoreFixtures.community)
        _ = try db.createElder(StoreFixtures.elder(), actor: "test")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(count: 64)
        let blob = try db.storeBlob(png, mediaType: "image/png", source: "test")

        let sqlite = directory.appendingPathComponent("\(StoreFixtures.community.rawValue).sqlite").path
        #expect(try Self.mode(directory.path) == 0o700)
        for path in [sqlite, sqlite + "-wal", sqlite + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path) missing")
            #expect(try Self.mode(path) == 0o600, "\(path)")
        }
        let blobFile = db.blobDirectory.appendingPathComponent(String(blob.sha256.prefix(2))).appendingPathComponent(blob.sha256).path
        #expect(try Self.mode(blobFile) == 0o600)
        #expect(try Self.mode((blobFile as NSString).deletingLastPathComponent) == 0o700)
    }
}
