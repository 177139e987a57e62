import CareModel
import CareStore
import CareTesting
import Foundation
import Testing

/// What nodes write themselves passes the record rules that sync and imports apply: otherwise
/// a parent would refuse a child's ordinary changes.
@Suite(.serialized) struct RecordRulesTests {
    @Test func everyRecordTheDemoSeedWritesPassesTheRecordRules() async throws {
        // Given a county, a street and a community seeded as `carenode demo` seeds them
        let federation = try await Federation.start(try Topology(name: "rules", nodes: [
            .init(code: "420107", name: "青山区"), .init(code: "420107001", name: "红卫路街道"),
            .init(code: "420107001001", name: "和平社区"),
        ]))
        defer { try? FileManager.default.removeItem(at: federation.directory) }
        do {
            let summary = try DemoSeed.seed(federation, eldersPerCommunity: 10)
            #expect(summary.orders > 0 && summary.evaluations > 0 && summary.stays > 0)

            // When every record each node holds is checked
            var checked = 0
            for code in federation.topology.codes {
                let db = federation.db(code)
                let all = ListFilter(limit: 10_000)
                var records: [any ValidatedRecord] = []
                records += try db.elders(all).items.map(\.model)
                records += try db.devices(all).items.map(\.model)
                records += try db.organisations(all).items.map(\.model)
                records += try db.staffList(all).items.map(\.model)
                records += try db.evaluations(all).items.map(\.model)
                records += try db.conflicts(all).items.map(\.model)
                for order in try db.orders(all).items {
                    records.append(order.order)
                    records += try db.orderHistory(id: order.order.id).applied
                }
                records += try db.complaints(all).items.map(\.complaint)
                for stay in try db.stays(all).items {
                    records.append(stay.stay)
                    records += try #require(try db.stay(id: stay.stay.id, in: nil)).state.applied
                }

                // Then none breaks a rule
                for record in records {
                    #expect(record.validationErrors.isEmpty, "\(code) \(type(of: record)): \(record.validationErrors)")
                }
                checked += records.count
            }
            #expect(checked > 50)
        } catch {
            await federation.shutdown()
            throw error
        }
        await federation.shutdown()
    }
}
