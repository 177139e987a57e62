import Foundation

extension Conflict {
    /// The `field` of a conflict between two elder records of one citizen ID.
    public static let duplicatePersonField = "duplicatePerson"

    /// Two live elders with one citizen ID, met where both records are held (typically two
    /// stations registered the same person while offline). The record registered first (by the
    /// version that set its citizen ID) is the suggested one to keep; the conflict is about the
    /// other, and homed with it. The values are the two elder ids; the id depends on the pair
    /// alone, so every node that meets the two records holds one conflict.
    public init(duplicate a: Elder, registered aVersion: Version, _ b: Elder, registered bVersion: Version) {
        let aFirst = (aVersion, a.id.canonicalString) < (bVersion, b.id.canonicalString)
        let (kept, keptVersion, other, otherVersion) = aFirst ? (a, aVersion, b, bVersion) : (b, bVersion, a, aVersion)
        self.init(
            home: other.home, entityKind: .elder, entityId: other.id, field: Self.duplicatePersonField,
            winnerValue: kept.id.canonicalString, loserValue: other.id.canonicalString, winner: keptVersion, loser: otherVersion,
            reason: "citizen ID \(other.citizenId.masked) is registered twice, at \(kept.home) and \(other.home): keep one record; the other's orders, alerts and summaries move to it")
        let pair = [a.id.canonicalString, b.id.canonicalString].sorted()
        id = StableID.make("conflict", Self.duplicatePersonField, pair[0], pair[1])
    }

    /// For a duplicate-person conflict, the two elder ids (suggested keep first).
    public var duplicatePair: (UUID, UUID)? {
        guard field == Self.duplicatePersonField, let first = UUID(uuidString: winnerValue), let second = UUID(uuidString: loserValue) else { return nil }
        return (first, second)
    }
}
