import NIOSSL

extension NodeIdentity {
    /// Protocols offered in ALPN: HTTP/2 for node links, HTTP/1.1 for browsers and tools that lack it.
    public static let applicationProtocols = ["h2", "http/1.1"]

    /// TLS for the node's listener.
    ///
    /// Client certificates are *optional but verified* (`.optionalVerification`): an operator's
    /// browser connects without one and must log in, while a peer node that presents a certificate
    /// is refused during the handshake unless it chains to our county CA. Handlers then read the
    /// peer's division code with ``PeerIdentity/divisionCode(on:)``; a request without one is not
    /// a node and must not be allowed to sync. The CA name is sent in the certificate request so
    /// browsers offer only matching certificates instead of every one the user has.
    public func serverTLSConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(nioCertificate)],
            privateKey: .privateKey(nioPrivateKey))
        configuration.trustRoots = .certificates([nioCACertificate])
        configuration.certificateVerification = .optionalVerification
        configuration.sendCANameList = true
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = Self.applicationProtocols
        return configuration
    }

    /// TLS for calls to the parent node: presents our certificate, trusts only the county CA and
    /// checks that the parent's certificate names the host we dialled.
    public func clientTLSConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = [.certificate(nioCertificate)]
        configuration.privateKey = .privateKey(nioPrivateKey)
        configuration.trustRoots = .certificates([nioCACertificate])
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = Self.applicationProtocols
        return configuration
    }
}
