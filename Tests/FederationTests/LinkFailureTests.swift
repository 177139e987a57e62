import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import MQTTTestSupport
import NIOHTTP1
import NIOSSL
import Testing

/// Issue 21: a failed exchange with the parent is named for what happened, not guessed at.
@Suite(.serialized) struct LinkFailureTests {
    /// Says hello to `url` as `identity` and returns how it failed.
    static func failure(at url: URL, as identity: NodeIdentity, from federation: Federation) async throws -> SyncError {
        try await failure(at: url, tls: identity.clientTLSConfiguration(), from: federation)
    }

    static func failure(at url: URL, tls: TLSConfiguration, from federation: Federation) async throws -> SyncError {
        let client = ParentClient(baseURL: url, tls: tls)
        defer { Task { await client.shutdown() } }
        let node = federation.db(Codes.community1)
        do {
            _ = try await client.hello(Handshake.hello(node: node.node, schemaVersion: 1, clock: node.clock, software: "test"))
        } catch let error as SyncError {
            return error
        }
        Issue.record("hello to \(url) succeeded")
        throw ConvergenceFailure(what: "a failure")
    }

    @Test func eachKindOfFailureIsNamedForWhatHappened() async throws {
        try await Federation.withSmall { federation in
            let identity = federation.node(Codes.community1).identity

            // Nothing listening: connection refused.
            let closedPort = try LoopbackPort.outsideEphemeralRange()
            let refused = try await Self.failure(at: URL(string: "https://127.0.0.1:\(closedPort)")!, as: identity, from: federation)
            #expect(refused.kind == .connectionRefused, "\(refused)")

            // Our certificate from another CA: the parent's TLS refuses it with an alert, whose
            // reason we report.
            let rogue = try CertificateAuthority.create(county: "420107").issue(code: Codes.community1.rawValue)
            var rogueTLS = rogue.clientTLSConfiguration()
            rogueTLS.trustRoots = identity.clientTLSConfiguration().trustRoots
            let theirs = try await Self.failure(at: federation.url(Codes.street1), tls: rogueTLS, from: federation)
            print("parent refuses our certificate: \(theirs.description)")
            #expect(theirs.kind == .tlsRefused && theirs.description.contains("alert"), "\(theirs)")

            // The parent's certificate is not from the CA we trust: we refuse it.
            let ours = try await Self.failure(at: federation.url(Codes.street1), as: rogue, from: federation)
            print("we refuse the parent's certificate: \(ours.description)")
            #expect(ours.kind == .tlsFailed, "\(ours)")

            // A node that is not the parent's child: refused with the parent's stated reason.
            let sibling = try await Self.failure(at: federation.url(Codes.street1), as: federation.node(Codes.community2).identity, from: federation)
            #expect(sibling.kind == .refused && sibling.refusal?.code == "not-a-child", "\(sibling)")

            // A blackholed link: the connection attempt times out after the short connect timeout.
            let proxy = try await LinkProxy.start(to: federation.port(Codes.street1))
            proxy.blackhole()
            let start = ContinuousClock.now
            let hung = try await Self.failure(at: URL(string: "https://127.0.0.1:\(proxy.port)")!, as: identity, from: federation)
            print("blackholed connect failed after \(ContinuousClock.now - start): \(hung.description)")
            #expect(hung.kind == .timedOut, "\(hung)")
            await proxy.close()

            // A link that closes connections before TLS is done: closed (or reset, when our
            // ClientHello reaches the closed socket first), not "probably the certificate".
            let cut = try await LinkProxy.start(to: federation.port(Codes.street1))
            cut.cut()
            let closed = try await Self.failure(at: URL(string: "https://127.0.0.1:\(cut.port)")!, as: identity, from: federation)
            print("cut link: \(closed.description)")
            #expect([.connectionClosed, .connectionReset].contains(closed.kind) && !closed.description.contains("certificate"), "\(closed)")
            await cut.close()
        }
    }

    @Test func backoffGrowsToItsCapAndStartsAgainAfterWork() {
        var backoff = RetryBackoff(minimum: .milliseconds(200), maximum: .milliseconds(1500))
        let delays = (0..<6).map { _ in backoff.failed(random: 1) }
        #expect(delays == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1500), .milliseconds(1500), .milliseconds(1500)])
        #expect(backoff.failed(random: 0.5) == .milliseconds(750))
        backoff.succeeded()
        #expect(backoff.failed(random: 1) == .milliseconds(200))
        #expect(backoff.failed(cap: .seconds(30), random: 1) == .milliseconds(400))
        for _ in 0..<10 { _ = backoff.failed(cap: .seconds(30)) }
        #expect(backoff.failed(cap: .seconds(30), random: 1) == .seconds(30))
    }
}
