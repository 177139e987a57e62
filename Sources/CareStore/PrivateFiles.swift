import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The node's files hold personal data (GB/T 35273): the database, its WAL and shared-memory
/// files, and blobs are readable by the owner only, whatever the process umask.
enum PrivateFiles {
    static let fileMode: mode_t = 0o600
    static let directoryMode: mode_t = 0o700

    /// Creates `url` (and its parents) owner-only, or makes an existing one owner-only.
    static func directory(_ url: URL) throws {
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(directoryMode)])
        try restrict(url.path, directoryMode)
    }

    /// Makes sure the SQLite file at `path` exists owner-only before SQLite opens it: SQLite
    /// gives the WAL and shared-memory files it creates the mode of the database file.
    static func prepareDatabase(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw StoreError.corrupt("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(fd)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try restrict(file, fileMode)
        }
    }

    /// Writes `data` to `url` atomically and leaves it owner-only. The folder is owner-only
    /// too, so the bytes are never reachable by others, not even before the mode is set.
    static func write(_ data: Data, to url: URL) throws {
        try directory(url.deletingLastPathComponent())
        try data.write(to: url, options: .atomic)
        try restrict(url.path, fileMode)
    }

    private static func restrict(_ path: String, _ mode: mode_t) throws {
        guard chmod(path, mode) == 0 else {
            throw StoreError.corrupt("cannot make \(path) owner-only: \(String(cString: strerror(errno)))")
        }
    }
}
