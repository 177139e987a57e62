/// The parts of a device topic: `carenode/<community>/devices/<serial>/<kind>`.
public struct DeviceTopic: Sendable, Hashable, CustomStringConvertible {
    public static let root = "carenode"
    public static let devicesSegment = "devices"

    public var community: String
    public var serial: String
    /// Last segment, e.g. "readings" or "events".
    public var kind: String

    public init(community: String, serial: String, kind: String) {
        self.community = community
        self.serial = serial
        self.kind = kind
    }

    /// Parses a concrete topic (as delivered by the broker). Returns nil unless it has exactly
    /// five non-empty segments, the fixed words in place, and no wildcard characters.
    public init?(parsing topic: String) {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5,
              parts[0] == Self.root,
              parts[2] == Self.devicesSegment,
              parts.allSatisfy(Self.isPlainSegment)
        else { return nil }
        self.init(community: String(parts[1]), serial: String(parts[3]), kind: String(parts[4]))
    }

    /// The topic string this value stands for.
    public var topic: String {
        "\(Self.root)/\(community)/\(Self.devicesSegment)/\(serial)/\(kind)"
    }

    public var description: String { topic }

    /// Subscription filter for every device topic of one community: `carenode/<community>/devices/+/#`.
    public static func filter(community: String) -> String {
        "\(root)/\(community)/\(devicesSegment)/+/#"
    }

    private static func isPlainSegment(_ segment: Substring) -> Bool {
        !segment.isEmpty && !segment.contains(where: { $0 == "+" || $0 == "#" || $0 == "\0" })
    }
}
