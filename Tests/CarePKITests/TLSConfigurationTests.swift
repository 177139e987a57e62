import CarePKI
import NIOCore
import NIOSSL
import Testing

@Suite("TLS configurations")
struct TLSConfigurationTests {
    let authority: CertificateAuthority
    let server: NodeIdentity
    let client: NodeIdentity

    init() throws {
        authority = try CertificateAuthority.create(county: "420107")
        server = try authority.issue(code: "420107")
        client = try authority.issue(code: "420107001")
    }

    @Test("server and client configurations load into BoringSSL contexts")
    func contextsLoad() throws {
        _ = try NIOSSLContext(configuration: server.serverTLSConfiguration())
        _ = try NIOSSLContext(configuration: client.clientTLSConfiguration())
        #expect(server.serverTLSConfiguration().applicationProtocols == ["h2", "http/1.1"])
        #expect(client.clientTLSConfiguration().applicationProtocols == ["h2", "http/1.1"])
        #expect(server.serverTLSConfiguration().certificateVerification == .optionalVerification)
        #expect(client.clientTLSConfiguration().certificateVerification == .fullVerification)
    }

    @Test("a node's client certificate is verified and its division code read on the server's channel")
    func peerNodeIsIdentified() async throws {
        try await LoopbackHandshake.run(
            server: server.serverTLSConfiguration(), client: client.clientTLSConfiguration()
        ) { outcome in
            let connection = try outcome.server.get()
            _ = try outcome.client.get()
            #expect(await PeerIdentity.divisionCode(on: connection) == "420107001")
        }
    }

    @Test("on a stream channel without TLS, the peer is found on the parent connection (HTTP/2)")
    func peerIsFoundOnParent() async throws {
        try await LoopbackHandshake.run(
            server: server.serverTLSConfiguration(), client: client.clientTLSConfiguration()
        ) { outcome in
            let stream = StreamChannelStandIn(base: outcome.listener, parent: try outcome.server.get())
            #expect(await PeerIdentity.divisionCode(on: stream) == "420107001")
            #expect(await PeerIdentity.peerCertificate(on: outcome.listener) == nil)
        }
    }

    @Test("the client sees the server's division code too")
    func serverIsIdentifiedByClient() async throws {
        try await LoopbackHandshake.run(
            server: server.serverTLSConfiguration(), client: client.clientTLSConfiguration()
        ) { outcome in
            let connection = try outcome.client.get()
            #expect(await PeerIdentity.divisionCode(on: connection) == "420107")
        }
    }

    @Test("a browser without a client certificate connects, and has no division code")
    func clientWithoutCertificateIsAccepted() async throws {
        var browser = TLSConfiguration.makeClientConfiguration()
        browser.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(authority.certificatePEM.utf8)))

        try await LoopbackHandshake.run(server: server.serverTLSConfiguration(), client: browser) { outcome in
            let connection = try outcome.server.get()
            #expect(await PeerIdentity.peerCertificate(on: connection) == nil)
            #expect(await PeerIdentity.divisionCode(on: connection) == nil)
        }
    }

    @Test("a client certificate from another CA is refused in the handshake")
    func foreignClientCertificateIsRefused() async throws {
        let intruder = try CertificateAuthority.create(county: "420107").issue(code: "420107001")
        var configuration = intruder.clientTLSConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(authority.certificatePEM.utf8)))

        try await LoopbackHandshake.run(server: server.serverTLSConfiguration(), client: configuration) { outcome in
            #expect(throws: (any Error).self) { try outcome.server.get() }
        }
    }

    // NIOSSL accepts a server certificate when a SAN matches either the name dialled or the IP
    // address connected to, so these tests use a certificate without loopback addresses.
    @Test("the client refuses a server whose certificate names neither the host dialled nor its address")
    func wrongHostnameIsRefused() async throws {
        let namedServer = try authority.issue(code: "420107", hosts: ["county.example.org"])
        try await LoopbackHandshake.run(
            server: namedServer.serverTLSConfiguration(), client: client.clientTLSConfiguration(),
            serverHostname: "elsewhere.example.org"
        ) { outcome in
            #expect(throws: (any Error).self) { try outcome.client.get() }
        }
    }

    @Test("the client accepts a server reached by a host name its certificate names")
    func namedHostIsAccepted() async throws {
        let namedServer = try authority.issue(code: "420107", hosts: ["county.example.org"])
        try await LoopbackHandshake.run(
            server: namedServer.serverTLSConfiguration(), client: client.clientTLSConfiguration(),
            serverHostname: "county.example.org"
        ) { outcome in
            _ = try outcome.client.get()
        }
    }
}
