import CarePKI
import Foundation
import Testing

@Suite("Development identity")
struct DevelopmentIdentityTests {
    @Test("a development identity is created on first use and reused afterwards")
    func createdOnceThenReused() async throws {
        try await withTemporaryDirectory { directory in
            // when
            let first = try NodeIdentity.developmentIdentity(code: "420107001", in: directory)
            let second = try NodeIdentity.developmentIdentity(code: "420107001", in: directory)

            // then
            #expect(first.created)
            #expect(!second.created)
            #expect(second.identity.code == "420107001")
            #expect(second.identity.certificatePEM == first.identity.certificatePEM)
            #expect(try permissions(of: directory.appendingPathComponent("node-key.pem")) == 0o600)
            #expect(try permissions(of: directory.appendingPathComponent("ca-key.pem")) == 0o600)
            // The throwaway CA stays next to it, so a developer can issue children from it.
            #expect(try CertificateAuthority.load(from: directory).county == "420107")
        }
    }

    @Test("a directory holding another division's identity is not silently reused")
    func otherCodeIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            // given
            _ = try NodeIdentity.developmentIdentity(code: "420107001", in: directory)

            // when
            let error = #expect(throws: PKIError.self) {
                try NodeIdentity.developmentIdentity(code: "420107002", in: directory)
            }

            // then
            #expect(error?.description.contains("holds the identity of division 420107001, not 420107002") == true)
        }
    }

    @Test("a node identity written to disk loads back with its code")
    func writeLoadRoundTrip() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let identity = try CertificateAuthority.create(county: "420107").issue(code: "420107001001")

            // when
            try identity.write(to: directory)
            let loaded = try NodeIdentity.load(from: directory)

            // then
            #expect(loaded.code == "420107001001")
            #expect(loaded.certificatePEM == identity.certificatePEM)
            #expect(try permissions(of: directory.appendingPathComponent("node-key.pem")) == 0o600)
            #expect(try permissions(of: directory.appendingPathComponent("node.pem")) == 0o644)
        }
    }

    @Test("a node certificate stored with another CA's certificate is refused at load")
    func foreignCAIsRefused() throws {
        let identity = try CertificateAuthority.create(county: "420107").issue(code: "420107001")
        let otherCA = try CertificateAuthority.create(county: "420107")
        let error = #expect(throws: PKIError.self) {
            try NodeIdentity(
                certificatePEM: identity.certificatePEM, privateKeyPEM: identity.privateKeyPEM,
                caCertificatePEM: otherCA.certificatePEM)
        }
        #expect(error?.description.contains("was not issued by") == true)
    }
}
