import CareModel
import Crypto
import Foundation
import GRDB

/// Photos and voice ratings: content-addressed files beside the database, a row per blob, and
/// a queue of blobs still to send to the parent. Blobs travel separately from records and
/// after them, so a slow link never holds up the change log behind a photo.
extension AppDatabase {
    public static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Stores an upload after checking its type, signature and size. Storing the same bytes
    /// again changes nothing. `expectedSHA256`, when given (a child's upload), must match.
    /// - Parameter source: "operator" or the child node's code, for the record.
    /// `queueUpload` false for a blob fetched from the parent, which holds it already.
    public func storeBlob(_ bytes: Data, mediaType: String?, expectedSHA256: String? = nil, source: String, queueUpload: Bool = true) throws -> BlobInfo {
        if let problem = BlobType.problem(mediaType: mediaType, bytes: bytes) {
            throw StoreError.invalid(ValidationFailure([FieldError(field: "body", Label(en: problem, zh: "文件类型或大小不符合要求"))]))
        }
        let type = BlobType(mediaType: mediaType!)!
        let hash = Self.sha256(bytes)
        if let expectedSHA256, expectedSHA256 != hash {
            throw StoreError.invalid(ValidationFailure([FieldError(field: "sha256", Label(
                en: "the body's SHA-256 is \(hash), not \(expectedSHA256)", zh: "文件内容与SHA-256不符"))]))
        }
        if let existing = try blobInfo(sha256: hash) { return existing }
        // The file first, then the row: a row always names bytes that are on disk.
        let url = blobURL(hash)
        try PrivateFiles.write(bytes, to: url)
        let info = BlobInfo(sha256: hash, type: type, size: bytes.count, storedAtMillis: clock.wallMillis)
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO blob (sha256, type, size, stored_at, source) VALUES (?, ?, ?, ?, ?)",
                arguments: [hash, type.rawValue, bytes.count, info.storedAtMillis, source])
            if node.role != .county && queueUpload {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO blob_upload (sha256, queued_at) VALUES (?, ?)", arguments: [hash, info.storedAtMillis])
            }
        }
        return info
    }

    public func blobInfo(sha256: String) throws -> BlobInfo? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM blob WHERE sha256 = ?", arguments: [sha256]).flatMap { row in
                BlobType(rawValue: row["type"]).map {
                    BlobInfo(sha256: row["sha256"], type: $0, size: row["size"], storedAtMillis: row["stored_at"])
                }
            }
        }
    }

    /// The bytes of a stored blob, or nil when it is not here.
    public func blobBytes(sha256: String) throws -> (info: BlobInfo, bytes: Data)? {
        guard BlobHash.isValid(sha256), let info = try blobInfo(sha256: sha256) else { return nil }
        return (info, try Data(contentsOf: blobURL(sha256)))
    }

    /// Blobs still to send to the parent, oldest first.
    public func pendingBlobUploads(limit: Int) throws -> [BlobInfo] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT blob.* FROM blob_upload JOIN blob USING (sha256) ORDER BY blob_upload.queued_at, sha256 LIMIT ?
                """, arguments: [limit]).compactMap { row in
                BlobType(rawValue: row["type"]).map {
                    BlobInfo(sha256: row["sha256"], type: $0, size: row["size"], storedAtMillis: row["stored_at"])
                }
            }
        }
    }

    public func blobUploadBacklog() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM blob_upload") ?? 0 }
    }

    public func markBlobUploaded(sha256: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM blob_upload WHERE sha256 = ?", arguments: [sha256]) }
    }

    func blobURL(_ sha256: String) -> URL {
        blobDirectory.appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }
}
