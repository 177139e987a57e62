import Foundation

/// Whether this node's wall clock can be trusted, judged against its parent's (the county is the
/// time reference of its tree) and against its own hybrid clock. A wrong clock does no harm at
/// once — versions are bounded at every batch — but past the allowed skew its links stop, so an
/// operator must hear of it early.
public struct ClockHealth: Sendable, Codable, Equatable {
    /// This node's wall clock, milliseconds since 1970.
    public var wallMillis: Int64
    /// The physical part of its hybrid logical clock: ahead of the wall clock after the wall
    /// clock was set back, or after a peer's version from the future was followed.
    public var hybridMillis: Int64
    /// The parent's wall clock minus ours at the last handshake (half the round trip allowed
    /// for), nil before the first one or at the county.
    public var parentOffsetMillis: Int64?
    /// The skew at which links are refused.
    public var limitMillis: Int64
    /// What is wrong, in English and Chinese; nil when the clock looks right.
    public var warning: Label?

    /// A clock that differs from its parent's by more than this fraction of the limit is reported.
    public static let warnFraction: Int64 = 2

    public init(wallMillis: Int64, hybridMillis: Int64, parentOffsetMillis: Int64?, limitMillis: Int64, parent: DivisionCode?) {
        self.wallMillis = wallMillis
        self.hybridMillis = hybridMillis
        self.parentOffsetMillis = parentOffsetMillis
        self.limitMillis = limitMillis
        warning = Self.judge(wallMillis: wallMillis, hybridMillis: hybridMillis, parentOffsetMillis: parentOffsetMillis, limitMillis: limitMillis, parent: parent)
    }

    static func judge(wallMillis: Int64, hybridMillis: Int64, parentOffsetMillis: Int64?, limitMillis: Int64, parent: DivisionCode?) -> Label? {
        if let offset = parentOffsetMillis, abs(offset) * warnFraction > limitMillis {
            let seconds = abs(offset) / 1000
            let limit = limitMillis / 1000
            let parentName = parent.map { "parent \($0)" } ?? "parent"
            return offset > 0
                ? Label(en: "this node's clock is \(seconds) s behind its \(parentName)'s: fix the time (NTP) before the difference reaches \(limit) s, when sync stops",
                        zh: "本节点时钟比上级节点慢\(seconds)秒：请校准时间（NTP），相差超过\(limit)秒将无法同步")
                : Label(en: "this node's clock is \(seconds) s ahead of its \(parentName)'s: fix the time (NTP) before the difference reaches \(limit) s, when sync stops",
                        zh: "本节点时钟比上级节点快\(seconds)秒：请校准时间（NTP），相差超过\(limit)秒将无法同步")
        }
        let ahead = hybridMillis - wallMillis
        if ahead * warnFraction > limitMillis {
            return Label(
                en: "this node's versions run \(ahead / 1000) s ahead of its wall clock: the wall clock was set back; check the time (NTP)",
                zh: "本节点数据版本领先系统时钟\(ahead / 1000)秒：系统时钟可能被调慢，请校准时间（NTP）")
        }
        return nil
    }
}
