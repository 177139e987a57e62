import CareModel
import CareStore
import Foundation
import Testing

/// Lists sorted by a field across pages: keyset paging over (key, id) keeps the order of the
/// whole list, and where many rows share a key no row is skipped or repeated at a page edge.
@Suite struct ListSortTests {
    static func database() throws -> (AppDatabase, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("listsort-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try AppDatabase.open(directory: directory, node: StoreFixtures.community), directory)
    }

    /// Every page of a list under `order`, `limit` rows a page, with each page's total.
    static func walk<T>(_ list: (ListFilter) throws -> Page<T>, _ order: ListOrder, limit: Int) throws -> (items: [T], totals: Set<Int>) {
        var items: [T] = []
        var totals: Set<Int> = []
        var after: String?
        repeat {
            var filter = ListFilter(limit: limit, after: after)
            filter.order = order
            let page = try list(filter)
            items += page.items
            totals.insert(page.total ?? -1)
            after = page.next
        } while after != nil && items.count < 1000
        return (items, totals)
    }

    /// The order SQLite gives text (its bytes) and ids, in either direction.
    static func expected<T>(_ rows: [T], key: (T) -> [UInt8], id: (T) -> UUID, descending: Bool) -> [UUID] {
        rows.sorted { a, b in
            let (x, y) = (key(a), key(b))
            if x != y { return descending ? y.lexicographicallyPrecedes(x) : x.lexicographicallyPrecedes(y) }
            return descending ? id(a).uuidString > id(b).uuidString : id(a).uuidString < id(b).uuidString
        }.map(id)
    }

    static func bytes(_ n: Int64) -> [UInt8] { withUnsafeBytes(of: (n ^ Int64.min).bigEndian) { Array($0) } }

    @Test func eldersByNameAcrossPagesWithManySharingAName() throws {
        let (db, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        var elders: [Elder] = []
        for (serial, name) in ["张三", "李四", "张三", "王五", "张三", "李四", "Anna", "张三", "王五"].enumerated() {
            var elder = StoreFixtures.elder(serial: serial + 1)
            elder.name = name
            elders.append(try db.createElder(elder, actor: "test").model)
        }
        for descending in [false, true] {
            for limit in [1, 2, 3, 4] {
                let (items, totals) = try Self.walk(db.elders, ListSort(ElderSortField.name, descending: descending).order, limit: limit)
                #expect(items.map(\.model.id) == Self.expected(elders, key: { Array($0.name.utf8) }, id: \.id, descending: descending),
                        "descending \(descending), \(limit) a page")
                #expect(totals == [elders.count])
            }
        }
    }

    @Test func ordersByRequestAndDueTimeAcrossPagesWithEqualTimes() throws {
        let (db, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let elder = try db.createElder(StoreFixtures.elder(), actor: "test").model
        var orders: [ServiceOrder] = []
        // Requests at three moments; bookings that share a due time with each other and with
        // the unbooked ones (due a day after their request).
        let base: Int64 = 1_764_000_000_000
        let wanted = [nil, "2025-11-25T16:00:00Z", nil, "2025-11-25T16:00:00Z", nil, nil, "2025-11-24T00:00:00Z", nil]
        for (index, wantedAt) in wanted.enumerated() {
            let order = ServiceOrder(
                home: StoreFixtures.community, elderId: elder.id, category: .meals, channel: .phone, wantedAt: wantedAt,
                takenAt: StoreFixtures.community, takenBy: "test", requestedAtMillis: base + Int64(index % 3) * 60_000)
            orders.append(try db.createOrder(order, actor: "test").model)
        }
        #expect(Set(orders.map(\.dueAtMillis)).count < orders.count)
        for descending in [false, true] {
            for limit in [1, 2, 3] {
                let byRequest = try Self.walk(db.orders, ListSort(OrderSortField.requestedAt, descending: descending).order, limit: limit)
                #expect(byRequest.items.map(\.order.id) == Self.expected(orders, key: { Self.bytes($0.requestedAtMillis) }, id: \.id, descending: descending))
                let byDue = try Self.walk(db.orders, ListSort(OrderSortField.dueAt, descending: descending).order, limit: limit)
                #expect(byDue.items.map(\.order.id) == Self.expected(orders, key: { Self.bytes($0.dueAtMillis) }, id: \.id, descending: descending))
                #expect(byRequest.totals == [orders.count] && byDue.totals == [orders.count])
            }
        }
    }

    @Test func alertsByRaisedTimeAcrossPagesWithEqualTimes() throws {
        let (db, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now: Int64 = 1_764_000_000_000
        for serial in 1...7 {
            let elder = try db.createElder(StoreFixtures.elder(serial: serial), actor: "test").model
            let device = try db.createDevice(
                Device(home: StoreFixtures.community, type: .smartHome, serial: "FALL-\(serial)", elderId: elder.id), actor: "test").model
            // Falls at two moments only: most alerts share their raised time.
            let fall = SignalReport(signal: .fall, atMillis: now - Int64(serial % 2) * 60_000, location: nil)
            _ = try db.ingest(DeviceReport(readings: [], signals: [fall]), device: device, elder: elder, nowMillis: now)
        }
        let alerts = try db.alerts(ListFilter(limit: 100)).items.map(\.alert)
        #expect(alerts.count == 7)
        for descending in [false, true] {
            for limit in [1, 2, 3] {
                let (items, totals) = try Self.walk(db.alerts, ListSort(AlertSortField.raisedAt, descending: descending).order, limit: limit)
                #expect(items.map(\.alert.id) == Self.expected(alerts, key: { Self.bytes($0.raisedAtMillis) }, id: \.id, descending: descending))
                #expect(totals == [7])
            }
        }
    }

    @Test func aCursorBelongsToItsSort() throws {
        let (db, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        for serial in 1...3 { _ = try db.createElder(StoreFixtures.elder(serial: serial), actor: "test") }
        var filter = ListFilter(limit: 1)
        filter.order = ListSort(ElderSortField.name).order
        let cursor = try #require(try db.elders(filter).next)
        #expect(ListSort(ElderSortField.name).accepts(cursor: cursor))
        #expect(!ListSort(ElderSortField.name, descending: true).accepts(cursor: cursor))
        #expect(!ListSort(OrderSortField.dueAt).accepts(cursor: cursor))
        #expect(!ListSort(ElderSortField.name).accepts(cursor: UUID().uuidString))
        #expect(!ListSort(ElderSortField.name).accepts(cursor: "bmFtZQp4"))
        #expect(ListSort<OrderSortField>(parsing: "-dueAt") == ListSort(.dueAt, descending: true))
        #expect(ListSort<OrderSortField>(parsing: "due_at") == nil && ListSort<OrderSortField>(parsing: "--dueAt") == nil)
        #expect(ListSort<OrderSortField>.allowed == ["requestedAt", "-requestedAt", "dueAt", "-dueAt"])
    }

    /// A list stops counting one past the limit: past it the page says "more than 10,000"
    /// and still pages; at the limit it is exact; a filter narrows the count again.
    @Test func aListCountsUpToTheLimitAndSaysWhenThereAreMore() throws {
        let (db, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each elder a citizen ID of its own: born on day 1 + serial / 1000 of March 1945.
        func elder(_ serial: Int) throws -> (Elder, Version) {
            let day = String(format: "%02d", 1 + serial / 1000)
            let body = "420107194503" + day + String(format: "%03d", serial % 1000)
            var elder = StoreFixtures.elder(serial: serial)
            elder.name = serial % 1000 == 0 ? "千\(serial)" : "老人\(serial)"
            elder.birthDate = "1945-03-\(day)"
            elder.citizenId = try CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!))
            return (elder, Version(hlc: HLC(millis: 1_800_000_000_000 + Int64(serial), counter: 0), origin: StoreFixtures.community.rawValue))
        }
        var batch = BulkBatch()
        batch.elders = try (1...ListFilter.countLimit).map(elder)
        try db.bulkLoad(batch)
        let exact = try db.elders(ListFilter(limit: 5))
        #expect(exact.total == ListFilter.countLimit && !exact.totalCapped)

        _ = try db.createElder(try elder(ListFilter.countLimit + 1).0, actor: "test")
        let first = try db.elders(ListFilter(limit: 5))
        #expect(first.total == ListFilter.countLimit && first.totalCapped)
        let second = try db.elders(ListFilter(limit: 5, after: first.next))
        #expect(second.items.count == 5 && second.totalCapped)
        var named = ListFilter(limit: 5)
        named.nameContains = "千"
        let few = try db.elders(named)
        #expect(few.total == ListFilter.countLimit / 1000 && !few.totalCapped)
    }
}
