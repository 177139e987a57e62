import CarePKI
import NIOSSL
import Testing

@Suite("Peer identity")
struct PeerIdentityTests {
    @Test("the division code is read from a certificate loaded by NIOSSL")
    func codeFromNIOSSLCertificate() throws {
        // given
        let identity = try CertificateAuthority.create(county: "420107").issue(code: "420107001001")
        let certificate = try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem)

        // when
        let code = PeerIdentity.divisionCode(of: certificate)

        // then
        #expect(code == "420107001001")
    }

    @Test("a CA certificate names no division code")
    func caCertificateHasNoCode() throws {
        let authority = try CertificateAuthority.create(county: "420107")
        let certificate = try NIOSSLCertificate(bytes: Array(authority.certificatePEM.utf8), format: .pem)
        #expect(PeerIdentity.divisionCode(of: certificate) == nil)
    }
}
