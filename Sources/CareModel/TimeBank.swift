import Foundation

/// One ledger entry as a node holds it: the entry and the version it was written at.
public struct LedgerEntry: Hashable, Sendable {
    public var entry: TimeEntry
    public var version: Version

    public init(_ entry: TimeEntry, version: Version) {
        self.entry = entry
        self.version = version
    }
}

/// A volunteer's ledger folded: the balance and what made it, in minutes.
public struct TimeBalance: Hashable, Sendable {
    public var minutes = 0
    public var earned = 0
    public var redeemed = 0
    public var adjusted = 0
    /// The entries that took or left the balance below zero when they were folded in
    /// (overdrafts), in fold order.
    public var overdrafts: [LedgerEntry] = []

    public init() {}
}

/// The time bank's rules: the balance is a fold over the entries, the same on every node
/// that holds the same entries, whatever order they arrived in.
public enum TimeBank {
    /// Entries in fold order: by version (the hybrid clock, then the writing node), then id.
    public static func ordered(_ entries: [LedgerEntry]) -> [LedgerEntry] {
        entries.sorted { ($0.version, $0.entry.id.canonicalString) < ($1.version, $1.entry.id.canonicalString) }
    }

    /// Folds the entries of one volunteer. Every entry counts: an entry that overdraws is not
    /// dropped (it was written, and may already have paid for a service) but listed in
    /// `overdrafts` for the street to settle. An overdraft is an entry that lowers the balance
    /// and leaves it below zero; an entry that lowers a balance already below zero is one
    /// too, since the earlier settlement (or acceptance) did not cover it.
    public static func fold(_ entries: [LedgerEntry]) -> TimeBalance {
        var balance = TimeBalance()
        for held in ordered(entries) {
            let delta = held.entry.signedMinutes
            balance.minutes += delta
            switch held.entry.kind {
            case .earn: balance.earned += delta
            case .redeem: balance.redeemed -= delta
            case .adjust: balance.adjusted += delta
            }
            if delta < 0, balance.minutes < 0 { balance.overdrafts.append(held) }
        }
        return balance
    }

    /// Why redeeming (or adjusting by) `delta` minutes now may not be written here, given the
    /// balance this node knows, or nil when it may.
    public static func overdrawRefusal(balance: Int, delta: Int) -> Label? {
        guard delta < 0, balance + delta < 0 else { return nil }
        return Label(
            en: "the volunteer's balance here is \(balance) minutes: \(-delta) minutes would overdraw it",
            zh: "该志愿者在本节点的时间余额为\(balance)分钟，不足以扣除\(-delta)分钟")
    }
}

extension Conflict {
    /// The `field` of an overdraft conflict on a volunteer.
    public static let overdraftField = "overdraft"

    /// An entry that overdrew its volunteer's balance, typically one of two redemptions of the
    /// same hours made at two stations while they were offline. Its content depends on the
    /// entry alone and its id on the entry's id, so every node that folds the same entries
    /// raises the same one conflict; it is homed with the volunteer (the county), so every node
    /// of the county holds it, and the street settles it.
    public init(overdraft held: LedgerEntry, volunteer: Volunteer) {
        let entry = held.entry
        self.init(
            home: volunteer.home, entityKind: .volunteer, entityId: volunteer.id, field: Self.overdraftField,
            winnerValue: entry.id.canonicalString,
            loserValue: "\(entry.kind.rawValue) of \(entry.minutes) min at \(entry.node) by \(entry.operator)",
            winner: .zero, loser: held.version,
            reason: "the volunteer's time-bank balance went below zero: hours were spent twice where their stations could not see each other; settle it with an adjustment or accept it")
        id = StableID.make("conflict", Self.overdraftField, entry.id.canonicalString)
    }

    /// For an overdraft conflict, the entry that overdrew.
    public var overdraftEntry: UUID? {
        field == Self.overdraftField ? UUID(uuidString: winnerValue) : nil
    }
}
