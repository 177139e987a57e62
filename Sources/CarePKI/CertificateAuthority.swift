import CareModel
import Crypto
import Foundation
import SwiftASN1
import X509

/// A county's certificate authority: the root every node certificate of the county chains to.
///
/// The county guidance center runs `carenode pki init` once, keeps `ca-key.pem` offline or at least
/// private, and issues one certificate per node with `carenode pki issue`. Nodes trust only this CA,
/// so a certificate's subject common name (the division code) is what identifies a peer.
public struct CertificateAuthority: Sendable {
    /// File name of the CA certificate inside a CA directory.
    public static let certificateFileName = "ca.pem"
    /// File name of the CA private key inside a CA directory.
    public static let keyFileName = "ca-key.pem"

    /// Subject common names read "carenode county CA 420107"; the county is parsed back from it.
    static let commonNamePrefix = "carenode county CA "
    static let organization = "carenode"

    /// Backdating notBefore absorbs clock skew between nodes: a certificate issued on a machine
    /// whose clock runs a little fast is still valid on its peers straight away.
    static let clockSkewAllowance: TimeInterval = 60 * 60

    /// The 6-digit county code this CA issues for.
    public let county: String
    /// The CA certificate.
    public let certificate: Certificate
    /// The CA certificate in PEM, as written to `ca.pem`.
    public let certificatePEM: String
    let privateKey: Certificate.PrivateKey
    let privateKeyPEM: String

    /// When the CA certificate expires; no node certificate it issues outlives it.
    public var notValidAfter: Date { certificate.notValidAfter }

    /// Creates a new self-signed P-256 CA for `county`.
    ///
    /// - Parameters:
    ///   - county: the 6-digit county division code.
    ///   - now: the start of validity (minus a small clock-skew allowance).
    ///   - validityDays: how long the CA is valid.
    /// - Throws: ``PKIError/invalidCountyCode(_:)`` or ``PKIError/invalidValidity(days:)``.
    public static func create(county: String, now: Date = Date(), validityDays: Int = 3650) throws
        -> CertificateAuthority
    {
        guard (try? DivisionCode(validating: county))?.role == .county else {
            throw PKIError.invalidCountyCode(county)
        }
        guard validityDays > 0 else { throw PKIError.invalidValidity(days: validityDays) }

        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        do {
            let name = try DistinguishedName {
                OrganizationName(organization)
                CommonName(commonNamePrefix + county)
            }
            let extensions = try Certificate.Extensions {
                // Path length 0: the county CA signs node certificates only, never another CA.
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: key.publicKey,
                notValidBefore: now - clockSkewAllowance,
                notValidAfter: now + TimeInterval(validityDays) * 86_400,
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: key
            )
            return try CertificateAuthority(certificate: certificate, privateKey: key)
        } catch let error as PKIError {
            throw error
        } catch {
            throw PKIError.certificateCreationFailed(reason: String(describing: error))
        }
    }

    /// Builds a CA from PEM text, checking that the key belongs to the certificate and that the
    /// certificate is a carenode county CA.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        try self.init(
            certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM,
            certificateWhat: "CA certificate", keyWhat: "CA key")
    }

    init(certificatePEM: String, privateKeyPEM: String, certificateWhat: String, keyWhat: String) throws {
        let certificate = try PEMParsing.certificate(certificatePEM, what: certificateWhat)
        let key = try PEMParsing.privateKey(privateKeyPEM, what: keyWhat)
        guard key.publicKey == certificate.publicKey else {
            throw PKIError.keyDoesNotMatchCertificate(key: keyWhat, certificate: certificateWhat)
        }
        try self.init(certificate: certificate, privateKey: key, what: certificateWhat)
    }

    init(certificate: Certificate, privateKey: Certificate.PrivateKey, what: String = "CA certificate") throws {
        self.county = try Self.county(of: certificate, what: what)
        self.certificate = certificate
        self.privateKey = privateKey
        do {
            self.certificatePEM = try certificate.serializeAsPEM().pemString
            self.privateKeyPEM = try privateKey.serializeAsPEM().pemString
        } catch {
            throw PKIError.certificateCreationFailed(reason: String(describing: error))
        }
    }

    /// Writes `ca.pem` (mode 0644) and `ca-key.pem` (mode 0600) into `dir`, creating it if needed
    /// and replacing files already there.
    public func write(to dir: URL) throws {
        // Key first: a directory holding ca.pem alone would look like a CA that lost its key.
        try PEMFiles.write(privateKeyPEM, to: dir.appendingPathComponent(Self.keyFileName), mode: PEMFiles.privateMode)
        try PEMFiles.write(
            certificatePEM, to: dir.appendingPathComponent(Self.certificateFileName), mode: PEMFiles.publicMode)
    }

    /// Reads `ca.pem` and `ca-key.pem` back from `dir`.
    public static func load(from dir: URL) throws -> CertificateAuthority {
        let certificateURL = dir.appendingPathComponent(certificateFileName)
        let keyURL = dir.appendingPathComponent(keyFileName)
        let certificateWhat = "CA certificate file \(certificateURL.path)"
        let keyWhat = "CA key file \(keyURL.path)"
        return try CertificateAuthority(
            certificatePEM: try PEMFiles.read(certificateURL, what: "CA certificate file"),
            privateKeyPEM: try PEMFiles.read(keyURL, what: "CA key file"),
            certificateWhat: certificateWhat, keyWhat: keyWhat)
    }

    /// True when `dir` already holds a CA certificate or key, so a caller can refuse to replace it.
    public static func exists(in dir: URL) -> Bool {
        PEMFiles.exists(dir.appendingPathComponent(certificateFileName))
            || PEMFiles.exists(dir.appendingPathComponent(keyFileName))
    }

    /// The county code named in a CA certificate's subject, after checking it is a CA at all.
    static func county(of certificate: Certificate, what: String) throws -> String {
        guard case .isCertificateAuthority = try? certificate.extensions.basicConstraints else {
            throw PKIError.notACountyCA(what: what, reason: "its basic constraints do not allow signing certificates")
        }
        let names = PeerIdentity.commonNames(of: certificate)
        guard names.count == 1, let name = names.first, name.hasPrefix(commonNamePrefix) else {
            throw PKIError.notACountyCA(
                what: what, reason: "its subject is not 'CN=\(commonNamePrefix)<6-digit county code>'")
        }
        let county = String(name.dropFirst(commonNamePrefix.count))
        guard (try? DivisionCode(validating: county))?.role == .county else {
            throw PKIError.notACountyCA(what: what, reason: "'\(county)' in its subject is not a 6-digit county code")
        }
        return county
    }
}
