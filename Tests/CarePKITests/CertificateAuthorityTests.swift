import CarePKI
import Foundation
import Testing
import X509

@Suite("Certificate authority")
struct CertificateAuthorityTests {
    @Test("a created CA names its county and is a CA")
    func createdCANamesCounty() throws {
        // given / when
        let authority = try CertificateAuthority.create(county: "420107")

        // then
        #expect(authority.county == "420107")
        #expect(authority.certificate.subject.description.contains("CN=carenode county CA 420107"))
        #expect(authority.certificate.subject.description.contains("O=carenode"))
        #expect(authority.certificate.issuer == authority.certificate.subject)
        let basicConstraints = try authority.certificate.extensions.basicConstraints
        #expect(basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        let keyUsage = try #require(try authority.certificate.extensions.keyUsage)
        #expect(keyUsage.keyCertSign && keyUsage.cRLSign)
    }

    @Test("a CA written to disk loads back unchanged, with its key readable by the owner only")
    func writeLoadRoundTrip() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let authority = try CertificateAuthority.create(county: "420107")

            // when
            try authority.write(to: directory)
            let loaded = try CertificateAuthority.load(from: directory)

            // then
            #expect(loaded.county == "420107")
            #expect(loaded.certificate == authority.certificate)
            #expect(loaded.certificatePEM == authority.certificatePEM)
            #expect(try permissions(of: directory.appendingPathComponent("ca-key.pem")) == 0o600)
            #expect(try permissions(of: directory.appendingPathComponent("ca.pem")) == 0o644)
            #expect(CertificateAuthority.exists(in: directory))
        }
    }

    @Test("rewriting over a world-readable key file leaves it 0600")
    func rewriteResetsKeyMode() async throws {
        try await withTemporaryDirectory { directory in
            // given a key file someone made world-readable
            let authority = try CertificateAuthority.create(county: "420107")
            try authority.write(to: directory)
            let key = directory.appendingPathComponent("ca-key.pem")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)

            // when
            try authority.write(to: directory)

            // then
            #expect(try permissions(of: key) == 0o600)
        }
    }

    @Test("loading a CA whose key file is missing names the missing file")
    func missingKeyIsNamed() async throws {
        try await withTemporaryDirectory { directory in
            // given
            try CertificateAuthority.create(county: "420107").write(to: directory)
            try FileManager.default.removeItem(at: directory.appendingPathComponent("ca-key.pem"))

            // when
            let error = #expect(throws: PKIError.self) { try CertificateAuthority.load(from: directory) }

            // then
            #expect(error?.description == "CA key file \(directory.appendingPathComponent("ca-key.pem").path) is missing")
        }
    }

    @Test("loading a CA with another CA's key says they do not belong together")
    func mismatchedKeyIsRefused() throws {
        // given
        let one = try CertificateAuthority.create(county: "420107")
        let other = try CertificateAuthority.create(county: "420107")
        let otherKey = try #require(
            try withTemporaryDirectoryContents(of: other, file: "ca-key.pem"))

        // when
        let error = #expect(throws: PKIError.self) {
            try CertificateAuthority(certificatePEM: one.certificatePEM, privateKeyPEM: otherKey)
        }

        // then
        #expect(error?.description.contains("does not belong to") == true)
    }

    @Test("a county code that is not 6 digits is refused", arguments: ["4201", "420107001", "42010x", ""])
    func invalidCountyIsRefused(county: String) {
        let error = #expect(throws: PKIError.self) { try CertificateAuthority.create(county: county) }
        #expect(error?.description == "county code '\(county)' must be exactly 6 digits")
    }
}

/// Reads one file of a CA written to a scratch directory (the key is not public API).
private func withTemporaryDirectoryContents(of authority: CertificateAuthority, file: String) throws -> String? {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("carepki-tests-\(UUID().uuidString)", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try authority.write(to: directory)
    return try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
}
