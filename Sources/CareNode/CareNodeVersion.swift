import CareAPI
import CareStore

/// The versions a node reports: software, sync protocol and database schema.
public enum CareNodeVersion {
    public static var summary: String {
        "carenode \(NodeInfo.softwareVersion) (sync protocol v1, schema \(AppDatabase.schemaVersion))"
    }
}
