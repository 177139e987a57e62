import CareModel
import CareTopologies
import Foundation
import Yams

/// A federation described in `Topologies/*.yaml`: the nodes, each named by its division code;
/// a node's parent is the node whose code is its prefix.
public struct Topology: Sendable {
    public struct Node: Sendable, Decodable {
        public let code: String
        public let name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public let name: String
    public let nodes: [Node]

    struct File: Decodable {
        let name: String
        let nodes: [Node]
    }

    public init(name: String, nodes: [Node]) throws {
        self.name = name
        self.nodes = nodes
        try validate()
    }

    public static func load(_ url: URL) throws -> Topology {
        try parse(yaml: try String(contentsOf: url, encoding: .utf8))
    }

    public static func parse(yaml text: String) throws -> Topology {
        let file = try YAMLDecoder().decode(File.self, from: text)
        return try Topology(name: file.name, nodes: file.nodes)
    }

    /// `Topologies/demo.yaml` as compiled into the binary: one county, two streets, four communities.
    public static func demo() throws -> Topology {
        try parse(yaml: BuiltInTopologies.demo)
    }

    /// Codes in start order: parents before children.
    public var codes: [DivisionCode] {
        nodes.compactMap { DivisionCode($0.code) }.sorted { ($0.rawValue.count, $0.rawValue) < ($1.rawValue.count, $1.rawValue) }
    }

    /// The node's parent when it is part of this topology; a node without one runs alone.
    public func parent(of code: DivisionCode) -> DivisionCode? {
        code.parent.flatMap { parent in codes.contains(parent) ? parent : nil }
    }

    /// The nodes whose parent is `code`.
    public func children(of code: DivisionCode) -> [DivisionCode] {
        codes.filter { parent(of: $0) == code }
    }

    public func name(of code: DivisionCode) -> String {
        nodes.first { $0.code == code.rawValue }?.name ?? code.rawValue
    }

    private func validate() throws {
        var seen = Set<String>()
        guard !nodes.isEmpty else { throw ConfigurationErrorText("a topology needs at least one node") }
        for node in nodes {
            guard DivisionCode(node.code) != nil else { throw ConfigurationErrorText("node '\(node.code)' is not a 6, 9 or 12 digit division code") }
            guard seen.insert(node.code).inserted else { throw ConfigurationErrorText("node \(node.code) appears twice") }
        }
        let counties = Set(codes.map(\.county))
        guard counties.count == 1 else { throw ConfigurationErrorText("all nodes must belong to one county, found \(counties.count)") }
    }
}

struct ConfigurationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
