import CareModel
import Foundation
import GRDB

/// Blobs that flow down: the materials (PDF documents, MP4 videos) of the courses a county or
/// street authors, and the PDF attachments of the policies and guides the county publishes. Every other blob (visit photos, voice ratings, case documents) is made at or
/// below the node that needs it and only travels up; a course is made above the stations that
/// study it, so its files are fetched from the parent by the child's blob loop.
extension AppDatabase {
    /// Materials of the live courses and attachments of the live policies this node holds whose
    /// files it does not hold yet.
    public func missingCourseMaterials(limit: Int) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT sha256 FROM (
                  SELECT json_extract(m.value, '$.sha256') AS sha256
                  FROM course c, json_each(c.materials) m WHERE c.deleted = 0
                  UNION
                  SELECT json_extract(a.value, '$.sha256') AS sha256
                  FROM policy p, json_each(p.attachments) a WHERE p.deleted = 0)
                WHERE sha256 NOT IN (SELECT sha256 FROM blob)
                ORDER BY sha256 LIMIT ?
                """, arguments: [limit])
        }
    }

    /// Whether `child` may fetch this blob from here: a material of a live course that the
    /// child holds (homed at or above it, so it flows down, or in its subtree), or an attachment
    /// of a live policy of its county. Nothing else
    /// is served down, so a child cannot read another subtree's photos by guessing hashes.
    public func blobOwedDown(sha256: String, to child: DivisionCode) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (
                  SELECT 1 FROM course c, json_each(c.materials) m
                  WHERE c.deleted = 0 AND json_extract(m.value, '$.sha256') = ?
                    AND (? LIKE c.home || '%' OR c.home LIKE ? || '%'))
                OR EXISTS (
                  SELECT 1 FROM policy p, json_each(p.attachments) a
                  WHERE p.deleted = 0 AND json_extract(a.value, '$.sha256') = ? AND ? LIKE p.home || '%')
                """, arguments: [sha256, child.rawValue, child.rawValue, sha256, child.rawValue]) ?? false
        }
    }
}
