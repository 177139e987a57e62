import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing the PEM files of a CA or node directory.
///
/// Writes go to a temporary file created with its final permissions and are then renamed into
/// place, so a private key is never readable by others, not even for an instant, and a crash never
/// leaves a half-written file behind. Replacing an existing file this way also resets its mode,
/// which an in-place overwrite would not.
enum PEMFiles {
    /// Mode of certificates: anyone may read them.
    static let publicMode: mode_t = 0o644
    /// Mode of private keys: the owner only.
    static let privateMode: mode_t = 0o600

    static func write(_ text: String, to url: URL, mode: mode_t) throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw PKIError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        // O_EXCL: never write through a file (or symlink) someone else prepared. The mode given to
        // open() applies at creation, so the key is never world-readable.
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PKIError.cannotWrite(path: url.path, reason: lastErrorText()) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary.path) }
        }
        do {
            defer { close(fd) }
            // The umask may have cleared bits we want (ca.pem must be readable by all); fchmod
            // sets the exact mode on the file we own before it gets its real name.
            guard fchmod(fd, mode) == 0 else { throw PKIError.cannotWrite(path: url.path, reason: lastErrorText()) }
            try writeAll(Array(text.utf8), to: fd, path: url.path)
            guard fsync(fd) == 0 else { throw PKIError.cannotWrite(path: url.path, reason: lastErrorText()) }
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw PKIError.cannotWrite(path: url.path, reason: lastErrorText())
        }
        succeeded = true
    }

    /// Reads a PEM file; `what` names it in errors ("CA key file").
    static func read(_ url: URL, what: String) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PKIError.missingFile(what: what, path: url.path)
        }
        do {
            let data = try Data(contentsOf: url)
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw PKIError.unreadableFile(what: what, path: url.path, reason: error.localizedDescription)
        }
    }

    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress, buffer.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw PKIError.cannotWrite(path: path, reason: lastErrorText())
            }
            offset += written
        }
    }

    private static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}

/// The C `write(2)`; a file-level function because inside `PEMFiles` the name `write` means ours.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}
