import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the hosts a node answers on into subject-alternative-name entries.
///
/// TLS clients match an IP literal only against an `iPAddress` SAN (4 or 16 raw bytes), never
/// against a DNS name holding the same text, so each host must land in the right kind of entry.
enum HostNames {
    static func generalNames(for hosts: [String]) throws -> [GeneralName] {
        var names: [GeneralName] = []
        for host in hosts {
            let name = try generalName(for: host)
            if !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else { throw PKIError.noHosts }
        return names
    }

    static func generalName(for host: String) throws -> GeneralName {
        var text = host.trimmingWhitespace()
        // Accept the URL form "[::1]" as well as the bare literal.
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let bytes = ipBytes(text) {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
        }
        guard let dnsName = validDNSName(text) else { throw PKIError.invalidHost(host) }
        return .dnsName(dnsName)
    }

    /// The network-order bytes of an IPv4 or IPv6 literal, or nil when `text` is neither.
    static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if text.withCString({ inet_pton(AF_INET, $0, &v4) }) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if text.withCString({ inet_pton(AF_INET6, $0, &v6) }) == 1 { return v6 }
        return nil
    }

    /// A lower-cased host name of letters, digits and hyphens (RFC 1123), or nil.
    private static func validDNSName(_ text: String) -> String? {
        let name = text.lowercased()
        guard !name.isEmpty, name.utf8.count <= 253 else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count),
                label.utf8.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }),
                label.utf8.first != UInt8(ascii: "-"), label.utf8.last != UInt8(ascii: "-")
            else { return nil }
        }
        // No real top-level domain is numeric: "10.0.0.256" is a mistyped address, not a name.
        if let last = labels.last, last.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return nil }
        return name
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 122)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
