import NIOSSL
import SwiftASN1
import X509

/// Parses PEM text into swift-certificates and NIOSSL objects, turning library errors into
/// ``PKIError/malformedPEM(what:reason:)`` naming the file or role the text came from.
enum PEMParsing {
    static func certificate(_ pem: String, what: String) throws -> Certificate {
        do {
            return try Certificate(pemEncoded: pem)
        } catch {
            throw PKIError.malformedPEM(what: what, reason: String(describing: error))
        }
    }

    static func privateKey(_ pem: String, what: String) throws -> Certificate.PrivateKey {
        do {
            return try Certificate.PrivateKey(pemEncoded: pem)
        } catch {
            throw PKIError.malformedPEM(what: what, reason: String(describing: error))
        }
    }

    /// Loading into BoringSSL up front means a file it cannot use is reported when the node
    /// starts, not at the first TLS handshake.
    static func nioCertificate(_ pem: String, what: String) throws -> NIOSSLCertificate {
        do {
            return try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)
        } catch {
            throw PKIError.malformedPEM(what: what, reason: "BoringSSL cannot load it (\(error))")
        }
    }

    static func nioPrivateKey(_ pem: String, what: String) throws -> NIOSSLPrivateKey {
        do {
            return try NIOSSLPrivateKey(bytes: Array(pem.utf8), format: .pem)
        } catch {
            throw PKIError.malformedPEM(what: what, reason: "BoringSSL cannot load it (\(error))")
        }
    }
}
