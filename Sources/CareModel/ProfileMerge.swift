import Foundation

/// When a field was last written, and the version of the value that write replaced. The
/// second tells a later writer's edit (it replaced ours) from a concurrent one (it did not).
public struct FieldStamp: Hashable, Codable, Sendable {
    public var version: Version
    public var previous: Version

    public init(version: Version, previous: Version = .zero) {
        self.version = version
        self.previous = previous
    }
}

/// One mergeable field of a profile record.
public struct MergeField<Record>: Sendable {
    public let name: String
    let isEqual: @Sendable (Record, Record) -> Bool
    let take: @Sendable (inout Record, Record) -> Void
    let render: @Sendable (Record) -> String

    public init<Value: Equatable & Encodable & Sendable>(_ name: String, _ path: any WritableKeyPath<Record, Value> & Sendable) {
        self.name = name
        isEqual = { $0[keyPath: path] == $1[keyPath: path] }
        take = { $0[keyPath: path] = $1[keyPath: path] }
        render = { record in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? String(decoding: encoder.encode(record[keyPath: path]), as: UTF8.self)) ?? "?"
        }
    }
}

/// A record merged field by field (elder, device).
public protocol ProfileRecord: ReplicatedRecord {
    static var mergeFields: [MergeField<Self>] { get }
}

/// The name of the pseudo-field that carries deletion, so a delete and a concurrent edit merge
/// like any two field writes.
public let deletedField = "deleted"

/// A profile record with its per-field stamps.
public struct ProfileState<Record: ProfileRecord>: Sendable, Equatable {
    public var record: Record
    public var stamps: [String: FieldStamp]
    public var deleted: Bool

    public init(record: Record, stamps: [String: FieldStamp], deleted: Bool = false) {
        self.record = record
        self.stamps = stamps
        self.deleted = deleted
    }

    /// The version of the newest field write.
    public var version: Version { stamps.values.map(\.version).max() ?? .zero }

    func stamp(_ field: String) -> FieldStamp { stamps[field] ?? FieldStamp(version: .zero) }
}

/// Two concurrent writes of the same field: the winner stays, the loser is kept for review.
public struct FieldConflict: Hashable, Sendable {
    public let field: String
    public let winnerValue: String
    public let loserValue: String
    public let winner: Version
    public let loser: Version
}

public enum ProfileMerge {
    /// A local write: fields whose value changed get `version`, stamped with the version they
    /// replaced; unchanged fields keep their stamps.
    public static func edit<R: ProfileRecord>(_ current: ProfileState<R>?, to record: R, deleted: Bool = false, at version: Version) -> ProfileState<R> {
        guard let current else {
            var stamps = Dictionary(uniqueKeysWithValues: R.mergeFields.map { ($0.name, FieldStamp(version: version)) })
            stamps[deletedField] = FieldStamp(version: version)
            return ProfileState(record: record, stamps: stamps, deleted: deleted)
        }
        var next = current
        next.record = record
        next.deleted = deleted
        for field in R.mergeFields where !field.isEqual(current.record, record) {
            next.stamps[field.name] = FieldStamp(version: version, previous: current.stamp(field.name).version)
        }
        if deleted != current.deleted {
            next.stamps[deletedField] = FieldStamp(version: version, previous: current.stamp(deletedField).version)
        }
        return next
    }

    /// Merges two states of one record. Commutative, associative and idempotent: each field
    /// takes the value with the greater stamp, and a stamp's value is the same on every node.
    public static func merge<R: ProfileRecord>(_ local: ProfileState<R>, _ incoming: ProfileState<R>) -> (state: ProfileState<R>, conflicts: [FieldConflict]) {
        var result = local
        var conflicts: [FieldConflict] = []
        for field in R.mergeFields {
            let ours = local.stamp(field.name)
            let theirs = incoming.stamp(field.name)
            guard ours.version != theirs.version else { continue }
            let incomingWins = theirs.version > ours.version
            let (winner, loser) = incomingWins ? (theirs, ours) : (ours, theirs)
            if incomingWins {
                field.take(&result.record, incoming.record)
                result.stamps[field.name] = theirs
            }
            // Concurrent when the winning write replaced something older than the loser, i.e.
            // its writer never saw the losing value.
            if loser.version > winner.previous && loser.version != .zero && !field.isEqual(local.record, incoming.record) {
                let (winRecord, loseRecord) = incomingWins ? (incoming.record, local.record) : (local.record, incoming.record)
                conflicts.append(FieldConflict(
                    field: field.name, winnerValue: field.render(winRecord), loserValue: field.render(loseRecord),
                    winner: winner.version, loser: loser.version))
            }
        }
        let ours = local.stamp(deletedField)
        let theirs = incoming.stamp(deletedField)
        if theirs.version > ours.version {
            result.deleted = incoming.deleted
            result.stamps[deletedField] = theirs
        }
        return (result, conflicts)
    }
}

extension Elder: ProfileRecord {
    public static let mergeFields: [MergeField<Elder>] = [
        MergeField("home", \.home), MergeField("name", \.name), MergeField("gender", \.gender),
        MergeField("birthDate", \.birthDate), MergeField("citizenId", \.citizenId), MergeField("phone", \.phone),
        MergeField("address", \.address), MergeField("livingSituation", \.livingSituation),
        MergeField("abilityLevel", \.abilityLevel), MergeField("chronicConditions", \.chronicConditions),
        MergeField("emergencyContacts", \.emergencyContacts), MergeField("mergedInto", \.mergedInto),
    ]
}

extension Device: ProfileRecord {
    public static let mergeFields: [MergeField<Device>] = [
        MergeField("home", \.home), MergeField("type", \.type), MergeField("serial", \.serial),
        MergeField("elderId", \.elderId), MergeField("status", \.status),
    ]
}

extension ProfileRecord {
    /// The names of the fields merged one by one.
    public static var mergeFieldNames: Set<String> { Set(mergeFields.map(\.name)) }
}
