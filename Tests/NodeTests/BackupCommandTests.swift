import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// `carenode backup` against a node that is serving and writing: the copy is one consistent
/// moment (it passes SQLite's integrity check and holds whole writes only), owner-only, and a
/// second backup never overwrites it.
@Suite(.serialized) struct BackupCommandTests {
    @Test func aBackupTakenWhileTheNodeWritesIsConsistentAndNeverOverwrites() async throws {
        try await NodeHarness.with("420107") { node in
            let data = node.db.blobDirectory.deletingLastPathComponent()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let target = folder.appendingPathComponent("county.sqlite")

            // Elders keep arriving through the API while the backup runs.
            let writer = Task { () -> Int in
                var written = 0
                while !Task.isCancelled && written < 400 {
                    let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 500 + written))
                    guard reply.status == 201 else { break }
                    written += 1
                }
                return written
            }
            try await Task.sleep(for: .milliseconds(300))
            let before = try node.db.recordCounts()["elders"] ?? 0
            let outcome = try CommandLineTests.carenode(["backup", "--code", "420107", "--data", data.path, "--to", target.path])
            let after = try node.db.recordCounts()["elders"] ?? 0
            writer.cancel()
            _ = try? await writer.value
            #expect(outcome.status == 0, "\(outcome.output)")
            #expect(outcome.output.contains("integrity ok") && outcome.output.contains(" s;"), "\(outcome.output)")

            let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "the copy holds personal data: owner-only")
            var configuration = Configuration()
            configuration.readonly = true
            let copy = try DatabaseQueue(path: target.path, configuration: configuration)
            let (elders, logged, integrity) = try await copy.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM elder WHERE deleted = 0") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT count(DISTINCT entity_id) FROM change_log WHERE kind = 'elder'") ?? -1,
                 try String.fetchOne(db, sql: "PRAGMA integrity_check"))
            }
            try copy.close()
            #expect(integrity == "ok")
            #expect(elders >= before && elders <= after, "the copy is a moment between the start and the end: \(before) ≤ \(elders) ≤ \(after)")
            #expect(logged == elders, "each elder in the copy with its change, none without")

            let again = try CommandLineTests.carenode(["backup", "--code", "420107", "--data", data.path, "--to", target.path])
            #expect(again.status != 0 && again.output.contains("--to") && again.output.contains("already exists"), "\(again.output)")
            let nowhere = try CommandLineTests.carenode(["backup", "--code", "420107", "--data", data.path, "--to", "/nonexistent-folder/x.sqlite"])
            #expect(nowhere.status != 0 && nowhere.output.contains("does not exist"), "\(nowhere.output)")
        }
    }
}
