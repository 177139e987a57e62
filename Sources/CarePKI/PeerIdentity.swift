import CareModel
// `NIOCore.Channel` is spelled out below: CareModel has a `Channel` too (how a request came in).
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// Finds out which division is at the other end of a TLS connection.
public enum PeerIdentity {
    /// The division code named by a certificate's subject common name, or nil when the subject has
    /// no single common name or it is not a valid 6, 9 or 12-digit division code.
    ///
    /// This reads the name only; trust comes from the TLS handshake having verified the
    /// certificate against the county CA.
    public static func divisionCode(of certificate: NIOSSLCertificate) -> String? {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
            return nil
        }
        return divisionCode(of: parsed)
    }

    /// The division code named by a swift-certificates `Certificate`'s subject common name, under
    /// the same rules as the `NIOSSLCertificate` overload.
    public static func divisionCode(of certificate: Certificate) -> String? {
        let names = commonNames(of: certificate)
        // Several common names would make "which one is the code" a guess; refuse instead.
        guard names.count == 1, let name = names.first, let code = DivisionCode(name) else { return nil }
        return code.rawValue
    }

    /// The certificate the peer presented on `channel`'s TLS connection, or nil if it presented
    /// none (an operator's browser) or the channel carries no TLS.
    ///
    /// Under HTTP/1.1 the TLS handler sits on the request's own channel; under HTTP/2 the request
    /// runs on a stream channel whose parent (the connection) carries it, so the lookup walks up
    /// the parents. Safe from any thread: the handler is only touched on its event loop.
    ///
    /// The certificate has been verified against the county CA by the handshake when the
    /// connection uses ``NodeIdentity/serverTLSConfiguration()`` or
    /// ``NodeIdentity/clientTLSConfiguration()``; with a configuration that does not verify
    /// presented certificates it proves nothing.
    public static func peerCertificate(on channel: any NIOCore.Channel) async -> NIOSSLCertificate? {
        var current: (any NIOCore.Channel)? = channel
        while let candidate = current {
            do {
                // Fails only when this pipeline has no NIOSSLHandler; then try the parent.
                return try await candidate.nioSSL_peerCertificate().get()
            } catch {
                current = candidate.parent
            }
        }
        return nil
    }

    /// The division code of the peer on `channel`, or nil for a peer without a certificate.
    public static func divisionCode(on channel: any NIOCore.Channel) async -> String? {
        guard let certificate = await peerCertificate(on: channel) else { return nil }
        return divisionCode(of: certificate)
    }

    /// All subject common names, in order.
    static func commonNames(of certificate: Certificate) -> [String] {
        certificate.subject.flatMap { rdn in
            rdn.compactMap { attribute in
                attribute.type == .RDNAttributeType.commonName ? String(attribute.value) : nil
            }
        }
    }
}
