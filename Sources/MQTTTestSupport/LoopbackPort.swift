import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// TCP helpers on 127.0.0.1 for starting throw-away servers in tests.
public enum LoopbackPort {
    /// Asks the kernel for a free port by binding port 0, then closes the socket.
    /// Another process could grab the port before the caller binds it; acceptable for tests.
    public static func free() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MosquittoTestError.socket("socket", errno) }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw MosquittoTestError.socket("bind", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw MosquittoTestError.socket("getsockname", errno) }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A free port below the kernel's ephemeral range (`ip_local_port_range`), for a server
    /// that restarts on the same port: a port from the ephemeral range can be taken by an
    /// outgoing connection while the server is down, and the restart would fail to bind.
    public static func outsideEphemeralRange() throws -> UInt16 {
        let ephemeralStart = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { UInt16($0) } } ?? 32768
        let range = UInt16(10_000)..<max(10_001, ephemeralStart)
        for _ in 0..<200 {
            let port = UInt16.random(in: range)
            if canBind(port) { return port }
        }
        throw MosquittoTestError.socket("bind (no free port below \(ephemeralStart))", EADDRINUSE)
    }

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
