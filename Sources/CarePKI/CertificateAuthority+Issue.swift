import CareModel
import Crypto
import Foundation
import SwiftASN1
import X509

extension CertificateAuthority {
    /// Hosts a node answers on when nothing else is said: enough for nodes and tests on one machine.
    public static let defaultHosts = ["localhost", "127.0.0.1", "::1"]

    /// Issues a node certificate and key for the division `code`.
    ///
    /// The certificate names the code as subject common name (that is how peers recognise the
    /// node), carries the hosts as subject alternative names, and is usable both as TLS server
    /// and TLS client certificate, because every node both serves its children and calls its parent.
    ///
    /// - Parameters:
    ///   - code: a 6, 9 or 12-digit division code inside this CA's county.
    ///   - hosts: DNS names and IP addresses the node is reached at.
    ///   - now: the start of validity (minus a small clock-skew allowance).
    ///   - validityDays: requested validity; never extends past the CA's own expiry.
    /// - Throws: ``PKIError`` naming the invalid code, host or validity.
    public func issue(
        code: String, hosts: [String] = CertificateAuthority.defaultHosts, now: Date = Date(),
        validityDays: Int = 825
    ) throws -> NodeIdentity {
        let division: DivisionCode
        do {
            division = try DivisionCode(validating: code)
        } catch {
            throw PKIError.invalidDivisionCode(error)
        }
        guard division.county.rawValue == county else {
            throw PKIError.codeOutsideCounty(code: code, county: county)
        }
        guard validityDays > 0 else { throw PKIError.invalidValidity(days: validityDays) }
        let alternativeNames = try HostNames.generalNames(for: hosts)

        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        // A leaf outliving its CA would be rejected by every verifier anyway; clamp so the dates
        // printed to the operator are the ones that count.
        let notAfter = min(now + TimeInterval(validityDays) * 86_400, certificate.notValidAfter)
        do {
            let subject = try DistinguishedName {
                OrganizationName(Self.organization)
                CommonName(division.rawValue)
            }
            let authorityKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                // ECDSA keys only sign in TLS (ECDHE does the key exchange).
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames(alternativeNames)
                SubjectKeyIdentifier(hash: key.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
            }
            let leaf = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: key.publicKey,
                notValidBefore: now - Self.clockSkewAllowance,
                notValidAfter: notAfter,
                issuer: certificate.subject,
                subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: privateKey
            )
            return try NodeIdentity(
                certificatePEM: leaf.serializeAsPEM().pemString,
                privateKeyPEM: key.serializeAsPEM().pemString,
                caCertificatePEM: certificatePEM)
        } catch let error as PKIError {
            throw error
        } catch {
            throw PKIError.certificateCreationFailed(reason: String(describing: error))
        }
    }
}
