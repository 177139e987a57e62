import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// TCP helpers on 127.0.0.1 for starting throw-away servers in tests.
public enum LoopbackPort {
    /// A free port below the kernel's ephemeral range (`ip_local_port_range`), for a server
    /// that restarts on the same port: a port from the ephemeral range can be taken by an
    /// outgoing connection while the server is down, and the restart would fail to bind.
    ///
    /// No port is handed out twice in one process. Tests run in parallel and bind some time
    /// after they ask (a node binds when it starts, and again on the same port after a cut), so
    /// without this two of them could both be told a port is free and one would fail with
    /// "Address already in use" — or, worse, a broker that failed to bind would look up
    /// because another test's node accepts on its port.
    public static func outsideEphemeralRange() throws -> UInt16 {
        let ephemeralStart = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { UInt16($0) } } ?? 32768
        let range = UInt16(10_000)..<max(10_001, ephemeralStart)
        for _ in 0..<200 {
            let port = UInt16.random(in: range)
            if handedOut.claim(port), canBind(port) { return port }
        }
        throw MosquittoTestError.socket("bind (no free port below \(ephemeralStart))", EADDRINUSE)
    }

    /// The ports `outsideEphemeralRange` has handed out in this process.
    private static let handedOut = PortLedger()

    /// True if a listening socket could bind 127.0.0.1:`port` right now.
    static func canBind(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    /// True if something accepts a TCP connection on 127.0.0.1:`port` right now.
    public static func isAccepting(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1
        return address
    }
}

/// A set of ports under a lock: `claim` is true for a port once per process.
private final class PortLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var ports: Set<UInt16> = []

    func claim(_ port: UInt16) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return ports.insert(port).inserted
    }
}
