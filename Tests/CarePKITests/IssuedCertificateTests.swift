import CarePKI
import Foundation
import SwiftASN1
import Testing
import X509

@Suite("Issued node certificates")
struct IssuedCertificateTests {
    let authority: CertificateAuthority

    init() throws {
        authority = try CertificateAuthority.create(county: "420107")
    }

    @Test("an issued certificate names the division code and is a non-CA TLS server and client certificate")
    func issuedCertificateNamesCode() throws {
        // when
        let identity = try authority.issue(code: "420107001")

        // then
        #expect(identity.code == "420107001")
        let extensions = identity.certificate.extensions
        #expect(identity.certificate.subject.description.contains("CN=420107001"))
        #expect(identity.certificate.subject.description.contains("O=carenode"))
        #expect(try extensions.basicConstraints == .notCertificateAuthority)
        let usages = try #require(try extensions.extendedKeyUsage)
        #expect(usages.contains(.serverAuth) && usages.contains(.clientAuth))
        #expect(identity.caCertificatePEM == authority.certificatePEM)
        #expect(identity.certificate.serialNumber != (try authority.issue(code: "420107001").certificate.serialNumber))
    }

    @Test("hosts become DNS names and raw IPv4/IPv6 addresses in the subject alternative names")
    func hostsAreParsed() throws {
        // when
        let identity = try authority.issue(code: "420107", hosts: ["Node-1.example.org", "10.0.0.7", "[fe80::1]"])

        // then
        let names = try #require(try identity.certificate.extensions.subjectAlternativeNames)
        #expect(Array(names) == [
            .dnsName("node-1.example.org"),
            .ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 7])),
            .ipAddress(ASN1OctetString(contentBytes: [0xfe, 0x80] + Array(repeating: 0, count: 13) + [1])),
        ])
    }

    @Test("a host that is neither a name nor an address is refused by name", arguments: ["bad host", "10.0.0.256", "-x.org", ""])
    func invalidHostIsNamed(host: String) {
        let error = #expect(throws: PKIError.self) { try authority.issue(code: "420107001", hosts: [host]) }
        #expect(error?.description == "host '\(host)' is neither a DNS name nor an IPv4/IPv6 address")
    }

    @Test("an issued certificate verifies against its CA under the RFC 5280 policy")
    func verifiesAgainstItsCA() async throws {
        // given
        let identity = try authority.issue(code: "420107001001")
        var verifier = Verifier(rootCertificates: CertificateStore([authority.certificate])) { RFC5280Policy() }

        // when
        let result = await verifier.validate(leaf: identity.certificate, intermediates: CertificateStore())

        // then
        guard case .validCertificate(let chain) = result else {
            Issue.record("expected a valid chain, got \(result)")
            return
        }
        #expect(Array(chain) == [identity.certificate, authority.certificate])
    }

    @Test("an issued certificate does not verify against another county's CA, nor another CA of the same county")
    func doesNotVerifyAgainstAnotherCA() async throws {
        // given
        let identity = try authority.issue(code: "420107001")
        for other in [try CertificateAuthority.create(county: "420108"), try CertificateAuthority.create(county: "420107")] {
            var verifier = Verifier(rootCertificates: CertificateStore([other.certificate])) { RFC5280Policy() }

            // when
            let result = await verifier.validate(leaf: identity.certificate, intermediates: CertificateStore())

            // then
            guard case .couldNotValidate = result else {
                Issue.record("certificate unexpectedly verified against \(other.certificate.subject)")
                return
            }
        }
    }

    @Test("a node certificate never outlives its CA")
    func validityIsClampedToCA() throws {
        let now = Date()
        let shortLived = try CertificateAuthority.create(county: "420107", now: now, validityDays: 10)
        let identity = try shortLived.issue(code: "420107001", now: now, validityDays: 825)
        #expect(identity.notValidAfter == shortLived.notValidAfter)
    }
}

@Suite("Division code validation when issuing")
struct DivisionCodeValidationTests {
    let authority: CertificateAuthority

    init() throws {
        authority = try CertificateAuthority.create(county: "420107")
    }

    @Test("a code of the wrong length names the allowed lengths", arguments: ["4201", "4201070011", "42010700100101"])
    func wrongLength(code: String) {
        let error = #expect(throws: PKIError.self) { try authority.issue(code: code) }
        #expect(error?.description == "division code '\(code)' must have 6 (county), 9 (street) or 12 (community) digits")
    }

    @Test("a code with other characters than digits says so", arguments: ["42010700a", "420 107", "４２０１０７"])
    func nonDigits(code: String) {
        let error = #expect(throws: PKIError.self) { try authority.issue(code: code) }
        #expect(error?.description == "division code '\(code)' must contain digits only")
    }

    @Test("a code in another county names both the code and the CA's county")
    func otherCounty() {
        let error = #expect(throws: PKIError.self) { try authority.issue(code: "420108001") }
        #expect(error?.description.hasPrefix("division code '420108001' is not in county 420107") == true)
    }
}
