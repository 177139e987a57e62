import CareModel
@testable import CareStore
import Foundation
import GRDB
import Testing

/// Elder search by a part of the name reads the elders whose names hold the query's first
/// pair of characters (v25's grams), and finds exactly what `name LIKE '%q%'` finds, through
/// renames, replicated replacements and deletes.
@Suite struct NameSearchTests {
    static func names(_ db: AppDatabase, _ query: String) throws -> [String] {
        var filter = ListFilter(limit: 500)
        filter.nameContains = query
        return try db.elders(filter).items.map(\.model.name).sorted()
    }

    /// What a scan of every live elder with SQLite's own LIKE finds: the answer the grams must give.
    static func scanned(_ db: AppDatabase, _ query: String) throws -> [String] {
        let escaped = query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try db.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM elder WHERE deleted = 0 AND name LIKE ? ESCAPE '\\' ORDER BY name", arguments: ["%" + escaped + "%"])
        }.sorted()
    }

    static func elder(_ serial: Int, _ name: String) -> Elder {
        var elder = StoreFixtures.elder(serial: serial)
        elder.name = name
        return elder
    }

    @Test func aPartOfANameFindsWhatAScanFinds() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        let given = ["张伟", "张伟华", "李张氏", "王小伟", "Anna Li", "anNA", "欧阳娜娜", "100%张", "张_三", "🧓🏻陈"]
        for (serial, name) in given.enumerated() { _ = try db.createElder(Self.elder(serial + 1, name), actor: "t") }
        for query in ["张", "张伟", "伟华", "伟", "ann", "ANNA", "a l", "娜娜", "欧阳娜", "%", "0%张", "_", "张_", "🧓🏻", "🏻陈", "赵", "x"] {
            #expect(try Self.names(db, query) == Self.scanned(db, query), "\(query)")
        }
        #expect(try Self.names(db, "张伟") == ["张伟", "张伟华"])
        #expect(try Self.names(db, "ann") == ["Anna Li", "anNA"])
        #expect(try Self.names(db, "%") == ["100%张"])
    }

    @Test func renamesReplicatedReplacementsAndDeletesKeepTheGramsCurrent() throws {
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        let first = try community.createElder(Self.elder(1, "刘德华"), actor: "t")
        let second = try community.createElder(Self.elder(2, "刘备"), actor: "t")
        // Repeated characters and pairs, and letters in both cases: their grams go by key (v28).
        let third = try community.createElder(Self.elder(3, "AnNa 娜娜娜"), actor: "t")
        _ = try street.apply(try StoreFixtures.outgoing(community, scope: .toParent(StoreFixtures.street)), from: .child(StoreFixtures.community))
        #expect(try Self.names(street, "德华") == ["刘德华"])

        // A rename at the community reaches the street as a replacement of the whole row.
        let head = try community.logHead()
        var renamed = first.model
        renamed.name = "周华健"
        _ = try community.updateElder(renamed, ifMatch: nil, actor: "t")
        try community.deleteElder(id: second.model.id, ifMatch: nil, actor: "t")
        var plain = third.model
        plain.name = "王五"
        _ = try community.updateElder(plain, ifMatch: nil, actor: "t")
        let changes = try community.pendingChanges(after: head, scope: .toParent(StoreFixtures.street), limit: 100).entries
        _ = try street.apply(try StoreFixtures.incoming(changes), from: .child(StoreFixtures.community))

        for db in [community, street] {
            #expect(try Self.names(db, "德华").isEmpty && Self.names(db, "刘").isEmpty)
            #expect(try Self.names(db, "华健") == ["周华健"] && Self.names(db, "华") == ["周华健"])
            let grams = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM elder_name_gram WHERE elder_id = ?", arguments: [first.model.id.uuidString]) }
            #expect(grams == 5, "周 华 健 周华 华健")
            let renamed = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM elder_name_gram WHERE elder_id = ?", arguments: [third.model.id.uuidString]) }
            #expect(renamed == 3, "王 五 王五: every gram of the old name went")
        }
    }

    /// Names that share common pairs: the search reads the elders of the rarest pair and
    /// probes the others, whichever of the query's pairs that is, and pages and counts what a
    /// scan finds.
    @Test func commonAndRarePairsInAnyPlaceFindWhatAScanFinds() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        let surnames = ["王", "李", "张", "刘", "陈", "杨"], given = ["秀英", "桂兰", "建国", "秀兰", "英华"]
        var serial = 0
        for surname in surnames {
            for (index, name) in given.enumerated() {
                for _ in 0..<(surname == "王" ? 12 : 1 + index) {
                    serial += 1
                    _ = try db.createElder(Self.elder(serial, surname + name), actor: "t")
                }
            }
        }
        _ = try db.createElder(Self.elder(serial + 1, "王秀英秀兰英华"), actor: "t")
        _ = try db.createElder(Self.elder(serial + 2, "秀英王"), actor: "t")
        for query in ["王秀英", "秀英", "李秀英", "陈英华", "秀兰英", "王秀英秀兰英华", "英秀", "王秀英秀", "秀英王", "杨建国", "国", "英王", "王杨"] {
            #expect(try Self.names(db, query) == Self.scanned(db, query), "\(query)")
            // Page by page, seven at a time, with the count on every page.
            var filter = ListFilter(limit: 7)
            filter.nameContains = query
            var paged: [String] = []
            while true {
                let page = try db.elders(filter)
                #expect(page.total == (try Self.scanned(db, query).count), "\(query)")
                paged += page.items.map(\.model.name)
                guard let next = page.next else { break }
                filter.after = next
            }
            #expect(paged.sorted() == (try Self.scanned(db, query)), "\(query)")
        }
        #expect(try Self.names(db, "王秀英").count == 13)
    }
}

/// v31: the entries hold each live elder's home and name, so a search within a division or a
/// jurisdiction is answered from them alone; moves, deletes, restores and whole-row
/// replacements keep them to exactly what a recount of the live elders gives.
@Suite struct NameSearchScopeTests {
    static let streets = [DivisionCode("420107001")!, DivisionCode("420107002")!]
    static let communities = [DivisionCode("420107001001")!, DivisionCode("420107001002")!, DivisionCode("420107002001")!]

    static func search(_ db: AppDatabase, _ query: String, within: DivisionCode? = nil, scope: Jurisdiction? = nil, limit: Int = 4) throws -> (names: [String], total: Int?) {
        var filter = ListFilter(within: within, nameContains: query, limit: limit)
        filter.scope = scope
        var found: [String] = []
        var total: Int?
        while true {
            let page = try db.elders(filter)
            total = page.total
            found += page.items.map { "\($0.model.home.rawValue) \($0.model.name)" }
            guard let next = page.next else { break }
            filter.after = next
        }
        return (found.sorted(), total)
    }

    static func scanned(_ db: AppDatabase, _ query: String, under division: DivisionCode) throws -> [String] {
        try db.read { db in
            try String.fetchAll(
                db, sql: "SELECT home || ' ' || name FROM elder WHERE deleted = 0 AND home LIKE ? AND name LIKE ?",
                arguments: [division.rawValue + "%", "%" + query + "%"])
        }.sorted()
    }

    static func entries(_ db: AppDatabase) throws -> (kept: [[String]], recounted: [[String]]) {
        try db.read { db in
            let kept = try Row.fetchAll(db, sql: "SELECT gram, elder_id, home, name FROM elder_name_gram ORDER BY gram, elder_id").map { row in
                (0..<4).map { row[$0] as String }
            }
            let recounted = try Row.fetchAll(db, sql: ElderNameGrams.recount).map { row in (0..<4).map { row[$0] as String } }
            return (kept, recounted)
        }
    }

    @Test func searchesInADivisionFindWhatAScanFindsThroughMovesDeletesAndReplacements() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.county)
        var elders: [Stored<Elder>] = []
        for serial in 0..<36 {
            var elder = StoreFixtures.elder(serial: serial + 1, home: Self.communities[serial % 3])
            elder.name = ["王秀英", "李秀兰", "王建国", "秀英"][serial % 4]
            elders.append(try db.createElder(elder, actor: "t"))
        }
        func check(_ label: String) throws {
            for query in ["秀英", "王", "王秀", "建国", "兰", "赵"] {
                for division in [StoreFixtures.county] + Self.streets + Self.communities {
                    let expected = try Self.scanned(db, query, under: division)
                    let within = try Self.search(db, query, within: division)
                    #expect(within.names == expected && within.total == expected.count, "\(label) \(query) within \(division)")
                    let scoped = try Self.search(db, query, within: StoreFixtures.county, scope: Jurisdiction(division: division))
                    #expect(scoped.names == expected && scoped.total == expected.count, "\(label) \(query) scoped to \(division)")
                }
            }
            let entries = try Self.entries(db)
            #expect(entries.kept == entries.recounted, "\(label): the entries are the live elders' grams")
        }
        try check("created")

        // Moved to another street, renamed, deleted, replaced whole, and a deleted row replaced.
        for (index, stored) in elders.enumerated() where index % 5 == 0 {
            var moved = stored.model
            moved.home = Self.communities[(index + 2) % 3]
            if index % 10 == 0 { moved.name = "赵秀英" }
            _ = try db.updateElder(moved, ifMatch: nil, actor: "t")
        }
        for stored in elders.enumerated().filter({ $0.offset % 7 == 3 }).map(\.element) {
            try db.deleteElder(id: stored.model.id, ifMatch: nil, actor: "t")
        }
        try check("moved and deleted")
        let writes = [
            "INSERT OR REPLACE INTO elder SELECT * FROM elder WHERE rowid % 4 = 1",
            "UPDATE elder SET home = '420107001002' WHERE rowid % 5 = 3",
            "UPDATE elder SET name = '王秀兰' WHERE rowid % 6 = 1",
            "UPDATE elder SET deleted = 0 WHERE rowid % 7 = 4",
            "UPDATE elder SET deleted = 1, home = '420107002001' WHERE rowid % 9 = 2",
            "DELETE FROM elder WHERE rowid % 11 = 5",
        ]
        try db.write { db in for sql in writes { try db.execute(sql: sql) } }
        try check("replaced, restored and purged")
        #expect(try Self.search(db, "赵", within: StoreFixtures.county).names.count > 0)
    }
}
