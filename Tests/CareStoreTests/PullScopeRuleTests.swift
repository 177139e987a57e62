@testable import CareStore
import CareModel
import Foundation
import GRDB
import Testing

/// The pull scope is written twice, as a pure rule (`SyncScope.owes`) and as the query the
/// change log runs: on every combination of home, previous home and source they agree.
@Suite struct PullScopeRuleTests {
    static let codes = ["420107", "420107001", "420107001001", "420107001002", "420107002", "420107002001"].map { DivisionCode($0)! }

    @Test func theQueryOwesAChildExactlyWhatTheRuleDoes() throws {
        let db = try AppDatabase.inMemory(node: Self.codes[0])
        var rows: [(seq: Int64, kind: EntityKind, home: DivisionCode, movedFrom: DivisionCode?, source: String?)] = []
        try db.write { db in
            // A kind that flows down, a registry kind and one that flows up only.
            for kind in [EntityKind.elder, .organisation, .auditEntry] {
                for home in Self.codes {
                    for movedFrom in [nil] + Self.codes {
                        for source in [nil] + Self.codes.map(\.rawValue) {
                            try db.execute(sql: """
                                INSERT INTO change_log (lane, kind, entity_id, home, moved_from, version, origin, source, logged_at, payload)
                                VALUES (1, ?, ?, ?, ?, 1, 'x', ?, 0, x'')
                                """, arguments: [kind.rawValue, UUID().uuidString, home.rawValue, movedFrom?.rawValue, source])
                            rows.append((db.lastInsertedRowID, kind, home, movedFrom, source))
                        }
                    }
                }
            }
        }
        for peer in Self.codes {
            let child = try db.read { db in
                Set(try ChangeLog.entries(lane: .bulk, after: 0, scope: .toChild(peer), limit: 100_000, db).map(\.seq))
            }
            let expected = Set(rows.filter { SyncScope.owes(child: peer, kind: $0.kind, home: $0.home, movedFrom: $0.movedFrom, source: $0.source) }.map(\.seq))
            #expect(child == expected, "child \(peer)")
            let parent = try db.read { db in
                Set(try ChangeLog.entries(lane: .bulk, after: 0, scope: .toParent(peer), limit: 100_000, db).map(\.seq))
            }
            #expect(parent == Set(rows.filter { SyncScope.owes(parent: peer, source: $0.source) }.map(\.seq)), "parent \(peer)")
        }
    }
}
