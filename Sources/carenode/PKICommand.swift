import ArgumentParser
import CarePKI
import Foundation

/// `carenode pki …`: the county's certificate authority on the command line.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create the county CA and issue node certificates for mutual TLS.",
        subcommands: [Init.self, Issue.self])

    /// `carenode pki init --county 420107 --out DIR`
    struct Init: CheckedCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a county certificate authority (ca.pem, ca-key.pem).")

        @Option(help: "The 6-digit county division code, e.g. 420107.")
        var county: String

        @Option(help: "Directory to write ca.pem and ca-key.pem into (created if missing).")
        var out: String

        @Option(help: "How many days the CA certificate is valid.")
        var validityDays: Int = 3650

        @Flag(help: "Replace a CA already in --out. Certificates it issued will no longer verify.")
        var force = false

        func check() throws {
            guard county.count == 6, county.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ValidationError("--county must be 6 digits (a county division code), got '\(county)'")
            }
            guard validityDays > 0 else {
                throw ValidationError("--validity-days must be at least 1, got \(validityDays)")
            }
        }

        func run() throws {
            let directory = URL(fileURLWithPath: out, isDirectory: true)
            // Replacing a CA silently would orphan every node certificate it issued.
            if CertificateAuthority.exists(in: directory), !force {
                throw ValidationError(
                    "--out \(directory.path) already holds a CA (\(CertificateAuthority.certificateFileName) "
                        + "or \(CertificateAuthority.keyFileName)); pass --force to replace it")
            }
            let authority = try CertificateAuthority.create(county: county, validityDays: validityDays)
            try authority.write(to: directory)
            let certificate = directory.appendingPathComponent(CertificateAuthority.certificateFileName)
            let key = directory.appendingPathComponent(CertificateAuthority.keyFileName)
            print("Created the CA of county \(authority.county), valid until \(authority.notValidAfter).")
            print("Wrote \(certificate.path) (CA certificate, 0644: give it to every node)")
            print("Wrote \(key.path) (CA private key, 0600: keep it secret, off the nodes)")
        }
    }

    /// `carenode pki issue --ca DIR --code 420107001 --out DIR [--host NAME ...]`
    struct Issue: CheckedCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a node certificate (node.pem, node-key.pem, ca.pem) signed by the county CA.")

        @Option(help: "Directory holding the CA's ca.pem and ca-key.pem.")
        var ca: String

        @Option(help: "The node's division code: 6 (county), 9 (street) or 12 (community) digits.")
        var code: String

        @Option(help: "Directory to write node.pem, node-key.pem and ca.pem into (created if missing).")
        var out: String

        @Option(
            name: .customLong("host"),
            help: "A DNS name or IP address the node is reached at (repeatable; default localhost, 127.0.0.1, ::1).")
        var hosts: [String] = []

        @Option(help: "How many days the node certificate is valid (never beyond the CA's expiry).")
        var validityDays: Int = 825

        @Flag(help: "Replace a node certificate already in --out.")
        var force = false

        func check() throws {
            guard code.allSatisfy({ $0.isASCII && $0.isNumber }), [6, 9, 12].contains(code.count) else {
                throw ValidationError(
                    "--code must be 6 (county), 9 (street) or 12 (community) digits, got '\(code)'")
            }
            guard validityDays > 0 else {
                throw ValidationError("--validity-days must be at least 1, got \(validityDays)")
            }
        }

        func run() throws {
            let caDirectory = URL(fileURLWithPath: ca, isDirectory: true)
            let directory = URL(fileURLWithPath: out, isDirectory: true)
            if NodeIdentity.exists(in: directory), !force {
                throw ValidationError(
                    "--out \(directory.path) already holds a node certificate "
                        + "(\(NodeIdentity.certificateFileName)); pass --force to replace it")
            }
            let authority = try CertificateAuthority.load(from: caDirectory)
            let identity: NodeIdentity
            do {
                identity = try authority.issue(
                    code: code, hosts: hosts.isEmpty ? CertificateAuthority.defaultHosts : hosts,
                    validityDays: validityDays)
            } catch PKIError.codeOutsideCounty(let code, let county) {
                throw ValidationError(
                    "--code \(code) is not in county \(county), the county of the CA in --ca \(caDirectory.path)")
            } catch PKIError.invalidHost(let host) {
                throw ValidationError("--host '\(host)' is neither a DNS name nor an IPv4/IPv6 address")
            }
            try identity.write(to: directory)
            let names = hosts.isEmpty ? CertificateAuthority.defaultHosts : hosts
            print(
                "Issued the certificate of division \(identity.code) for \(names.joined(separator: ", ")), "
                    + "valid until \(identity.notValidAfter).")
            print("Wrote \(directory.appendingPathComponent(NodeIdentity.certificateFileName).path) (node certificate, 0644)")
            print("Wrote \(directory.appendingPathComponent(NodeIdentity.keyFileName).path) (node private key, 0600)")
            print("Wrote \(directory.appendingPathComponent(NodeIdentity.caCertificateFileName).path) (CA certificate, 0644)")
        }
    }
}
