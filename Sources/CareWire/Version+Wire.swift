import CareModel

extension WireVersion {
    /// The wire form of a version: the packed clock reading and the writing node's code.
    public init(_ version: Version) {
        self.init()
        hlc = version.hlc.packed
        origin = version.origin
    }
}

extension Version {
    /// A version from a peer. Every version but `Version.zero` ("never written") names the
    /// node that wrote it, by its division code, and carries a clock reading that is not
    /// negative; anything else would sort wrongly against real writes.
    public init(wire: WireVersion) throws(WireError) {
        guard wire.hlc >= 0 else {
            throw WireError(field: "hlc", problem: "clock reading \(wire.hlc) is negative")
        }
        if wire.hlc == 0 && wire.origin.isEmpty {
            self = .zero
            return
        }
        do {
            _ = try DivisionCode(validating: wire.origin)
        } catch {
            throw WireError(field: "origin", problem: error.description)
        }
        self.init(hlc: HLC(packed: wire.hlc), origin: wire.origin)
    }
}

extension WireFieldStamp {
    /// The stamp of one field; `previous` is left out when it is the zero version.
    init(field: String, _ stamp: FieldStamp) {
        self.init()
        self.field = field
        version = WireVersion(stamp.version)
        if stamp.previous != .zero { previous = WireVersion(stamp.previous) }
    }
}

extension FieldStamp {
    init(wire: WireFieldStamp) throws(WireError) {
        let version = try FieldCheck.version(wire.version, present: wire.hasVersion, "version", allowZero: false)
        let previous = try wire.hasPrevious
            ? FieldCheck.version(wire.previous, present: true, "previous", allowZero: true) : .zero
        self.init(version: version, previous: previous)
    }
}
