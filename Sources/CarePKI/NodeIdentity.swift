import CareModel
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// What a node presents and trusts on its TLS links: its own certificate and key, and the county CA
/// certificate that signed it (and every peer it may talk to).
///
/// Creating one checks that the three fit together — the key belongs to the certificate, the CA
/// signed the certificate, the certificate names a division code — and that BoringSSL can load
/// them, so a misconfigured node fails at start-up with a message instead of at its first handshake.
public struct NodeIdentity: Sendable {
    /// File name of the node certificate inside a node directory.
    public static let certificateFileName = "node.pem"
    /// File name of the node private key inside a node directory.
    public static let keyFileName = "node-key.pem"
    /// File name of the county CA certificate inside a node directory.
    public static let caCertificateFileName = CertificateAuthority.certificateFileName

    /// The node certificate in PEM (`node.pem`).
    public let certificatePEM: String
    /// The node private key in PEM (`node-key.pem`).
    public let privateKeyPEM: String
    /// The county CA certificate in PEM (`ca.pem`).
    public let caCertificatePEM: String
    /// The division code named by the certificate's subject common name.
    public let code: String
    /// The node certificate.
    public let certificate: Certificate
    /// The county CA certificate.
    public let caCertificate: Certificate

    /// When the node certificate expires.
    public var notValidAfter: Date { certificate.notValidAfter }

    let nioCertificate: NIOSSLCertificate
    let nioPrivateKey: NIOSSLPrivateKey
    let nioCACertificate: NIOSSLCertificate

    /// Builds an identity from PEM text, checking that the parts belong together.
    public init(certificatePEM: String, privateKeyPEM: String, caCertificatePEM: String) throws {
        try self.init(
            certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM, caCertificatePEM: caCertificatePEM,
            names: Names(certificate: "node certificate", key: "node key", ca: "CA certificate"))
    }

    /// How the three parts are named in errors: roles for text in memory, files when loaded.
    struct Names {
        var certificate: String
        var key: String
        var ca: String
    }

    init(certificatePEM: String, privateKeyPEM: String, caCertificatePEM: String, names: Names) throws {
        let certificate = try PEMParsing.certificate(certificatePEM, what: names.certificate)
        let key = try PEMParsing.privateKey(privateKeyPEM, what: names.key)
        let caCertificate = try PEMParsing.certificate(caCertificatePEM, what: names.ca)
        guard key.publicKey == certificate.publicKey else {
            throw PKIError.keyDoesNotMatchCertificate(key: names.key, certificate: names.certificate)
        }
        guard certificate.issuer == caCertificate.subject,
            caCertificate.publicKey.isValidSignature(certificate.signature, for: certificate)
        else {
            throw PKIError.notIssuedByCA(certificate: names.certificate, ca: names.ca)
        }
        guard let code = PeerIdentity.divisionCode(of: certificate) else {
            throw PKIError.certificateHasNoDivisionCode(what: names.certificate)
        }
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.caCertificatePEM = caCertificatePEM
        self.code = code
        self.certificate = certificate
        self.caCertificate = caCertificate
        self.nioCertificate = try PEMParsing.nioCertificate(certificatePEM, what: names.certificate)
        self.nioPrivateKey = try PEMParsing.nioPrivateKey(privateKeyPEM, what: names.key)
        self.nioCACertificate = try PEMParsing.nioCertificate(caCertificatePEM, what: names.ca)
    }

    /// Writes `node.pem` (0644), `node-key.pem` (0600) and `ca.pem` (0644) into `dir`, creating it
    /// if needed and replacing files already there.
    public func write(to dir: URL) throws {
        // node.pem last: its presence is what marks a directory as holding a complete identity.
        try PEMFiles.write(privateKeyPEM, to: dir.appendingPathComponent(Self.keyFileName), mode: PEMFiles.privateMode)
        try PEMFiles.write(
            caCertificatePEM, to: dir.appendingPathComponent(Self.caCertificateFileName), mode: PEMFiles.publicMode)
        try PEMFiles.write(
            certificatePEM, to: dir.appendingPathComponent(Self.certificateFileName), mode: PEMFiles.publicMode)
    }

    /// Reads `node.pem`, `node-key.pem` and `ca.pem` from `dir`.
    public static func load(from dir: URL) throws -> NodeIdentity {
        let certificateURL = dir.appendingPathComponent(certificateFileName)
        let keyURL = dir.appendingPathComponent(keyFileName)
        let caURL = dir.appendingPathComponent(caCertificateFileName)
        return try NodeIdentity(
            certificatePEM: try PEMFiles.read(certificateURL, what: "node certificate file"),
            privateKeyPEM: try PEMFiles.read(keyURL, what: "node key file"),
            caCertificatePEM: try PEMFiles.read(caURL, what: "CA certificate file"),
            names: Names(
                certificate: "node certificate file \(certificateURL.path)",
                key: "node key file \(keyURL.path)",
                ca: "CA certificate file \(caURL.path)"))
    }

    /// True when `dir` already holds a node certificate.
    public static func exists(in dir: URL) -> Bool {
        PEMFiles.exists(dir.appendingPathComponent(certificateFileName))
    }

    /// Returns the identity stored in `dir`, creating a throwaway one first if there is none.
    ///
    /// For development and demos only: the new identity is signed by a fresh CA for the code's
    /// county, written into `dir` as well (`ca.pem`, `ca-key.pem`) so more nodes can be issued from
    /// it. Such a node trusts nobody else's CA. The caller should warn loudly when `created` is true.
    ///
    /// - Returns: the identity, and whether it was created by this call.
    /// - Throws: ``PKIError`` if `code` is invalid, or `dir` holds an identity for another code.
    public static func developmentIdentity(
        code: String, in dir: URL, hosts: [String] = CertificateAuthority.defaultHosts, now: Date = Date()
    ) throws -> (identity: NodeIdentity, created: Bool) {
        let division: DivisionCode
        do {
            division = try DivisionCode(validating: code)
        } catch {
            throw PKIError.invalidDivisionCode(error)
        }
        if exists(in: dir) {
            let identity = try load(from: dir)
            guard identity.code == division.rawValue else {
                throw PKIError.identityCodeMismatch(expected: division.rawValue, found: identity.code, directory: dir.path)
            }
            return (identity, false)
        }
        let authority = try CertificateAuthority.create(county: division.county.rawValue, now: now)
        let identity = try authority.issue(code: division.rawValue, hosts: hosts, now: now)
        try authority.write(to: dir)
        try identity.write(to: dir)
        return (identity, true)
    }
}
