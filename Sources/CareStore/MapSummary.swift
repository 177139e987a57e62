import CareModel
import GRDB

/// The map's communities (v27 `community_elders`): per home, its live elders, how many have
/// coordinates, the sums of those coordinates (the community's centre is their mean) and how
/// many live alone, kept by triggers on `elder` so the county's map reads one row per
/// community instead of every elder's address.
enum MapSummary {
    /// What elder `e` adds to its home's row (when it is live).
    static func values(_ e: String) -> [(column: String, value: String)] {
        let latitude = "json_extract(\(e).address, '$.latitude')", longitude = "json_extract(\(e).address, '$.longitude')"
        let located = "(\(latitude) IS NOT NULL AND \(longitude) IS NOT NULL)"
        return [
            ("elders", "1"), ("located", located),
            ("latitude_total", "CASE WHEN \(located) THEN \(latitude) ELSE 0 END"),
            ("longitude_total", "CASE WHEN \(located) THEN \(longitude) ELSE 0 END"),
            ("alone", "\(e).living_situation = '\(LivingSituation.alone.rawValue)'"),
        ]
    }

    static func elders(_ e: String) -> SummaryPart {
        SummaryPart(table: "community_elders", keys: [("home", "\(e).home")], values: values(e), conditions: ["\(e).deleted = 0"])
    }

    /// The same sums from the elder rows themselves, for the elders `condition` keeps.
    static func summed(where condition: String) -> String {
        let sums = values("elder").map { "total(\($0.value)) AS \($0.column)" }.joined(separator: ", ")
        return "SELECT home, \(sums) FROM elder WHERE deleted = 0 AND \(condition) GROUP BY home"
    }

    /// v27: the table, its triggers and the elders already here; alerts by status, which the
    /// map counts per community, and by the time they were raised, which the dashboard counts.
    static var migration: String {
        """
        CREATE TABLE community_elders (
          home TEXT PRIMARY KEY NOT NULL, elders INTEGER NOT NULL DEFAULT 0, located INTEGER NOT NULL DEFAULT 0,
          latitude_total REAL NOT NULL DEFAULT 0, longitude_total REAL NOT NULL DEFAULT 0, alone INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        \(SummaryPart.triggers(on: "elder", named: "map_elders", columns: ["home", "address", "deleted", "living_situation"], counts: { "\($0).deleted = 0" }) {
            [elders($0)]
        })
        \(elders("e").with(from: ["elder e"]).upsert(1))
        CREATE INDEX alert_status_home ON alert(status, home);
        -- The dashboard's alerts by condition over a period.
        CREATE INDEX alert_raised ON alert(raised_at_millis, condition, severity, home);
        """
    }
}

/// One community on the map: its elders, where they are on average, and its open work.
public struct CommunityOnMap: Sendable, Codable, Equatable {
    public var code: String
    public var elders: Int
    /// Elders whose address has coordinates; the centre is their mean (nil when none has).
    public var located: Int
    public var latitude: Double?
    public var longitude: Double?
    public var livingAlone: Int
    /// Orders not yet completed or cancelled, and alerts not yet resolved (nil for an account that may not see them).
    public var openOrders: Int?
    public var openAlerts: Int?
}

extension AppDatabase {
    /// The map's communities within `within` and the account's jurisdiction. An account that
    /// sees elders by order only (an organisation's, a caregiver's) gets its own elders counted
    /// from their records; everyone else reads the kept sums.
    public func communitiesOnMap(within: DivisionCode, scope: Jurisdiction?, orders: Bool, alerts: Bool) throws -> [CommunityOnMap] {
        let prefix = within.rawValue + "%"
        func restricted(_ table: String) -> (String, [any DatabaseValueConvertible]) {
            let (condition, arguments) = scope?.condition(table: table) ?? ("1", [])
            return ("home LIKE ? AND (\(condition))", [prefix] + arguments)
        }
        return try read { db in
            var found: [String: CommunityOnMap] = [:]
            func entry(_ home: String) -> CommunityOnMap {
                found[home] ?? CommunityOnMap(code: home, elders: 0, located: 0, livingAlone: 0, openOrders: orders ? 0 : nil, openAlerts: alerts ? 0 : nil)
            }
            let (elderScope, elderArguments) = restricted(ElderTable.table)
            let sql = scope?.isByOrder == true
                ? MapSummary.summed(where: elderScope)
                : "SELECT home, elders, located, latitude_total, longitude_total, alone FROM community_elders WHERE elders > 0 AND \(elderScope)"
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(elderArguments)) {
                var community = entry(row["home"])
                community.elders = Int(row["elders"] as Double)
                community.located = Int(row["located"] as Double)
                community.livingAlone = Int(row["alone"] as Double)
                if community.located > 0 {
                    community.latitude = (row["latitude_total"] as Double) / Double(community.located)
                    community.longitude = (row["longitude_total"] as Double) / Double(community.located)
                }
                found[community.code] = community
            }
            func count(_ table: String, statuses: String, into path: WritableKeyPath<CommunityOnMap, Int?>) throws {
                let (condition, arguments) = restricted(table)
                let rows = try Row.fetchAll(
                    db, sql: "SELECT home, count(*) AS n FROM \(table) WHERE status IN \(statuses) AND \(condition) GROUP BY home",
                    arguments: StatementArguments(arguments))
                for row in rows {
                    var community = entry(row["home"])
                    community[keyPath: path] = row["n"]
                    found[community.code] = community
                }
            }
            if orders { try count(OrderTable.table, statuses: SQLList.codes(OrderStatus.open), into: \.openOrders) }
            if alerts { try count(AlertTable.table, statuses: SQLList.codes(AlertStatus.open), into: \.openAlerts) }
            return found.values.sorted { $0.code < $1.code }
        }
    }
}
