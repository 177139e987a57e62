import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import GRDB
import NIOHTTP1
import SwiftProtobuf
import Testing

enum Codes {
    static let county = DivisionCode("420107")!
    static let street1 = DivisionCode("420107001")!
    static let street2 = DivisionCode("420107002")!
    static let community1 = DivisionCode("420107001001")!
    static let community2 = DivisionCode("420107002001")!
}

extension Federation {
    /// Starts `Topologies/ci-small.yaml`, runs `body`, and always shuts the federation down.
    static func withSmall(batchSize: Int = 200, configure: @escaping @Sendable (inout NodeConfiguration) -> Void = { _ in }, _ body: (Federation) async throws -> Void) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let topology = try Topology.load(root.appendingPathComponent("Topologies/ci-small.yaml"))
        let federation = try await Federation.start(topology, batchSize: batchSize, configure: configure)
        do {
            try await body(federation)
        } catch {
            await federation.shutdown()
            try? FileManager.default.removeItem(at: federation.directory)
            throw error
        }
        await federation.shutdown()
        try? FileManager.default.removeItem(at: federation.directory)
    }

    func count(_ code: DivisionCode, _ kind: String) -> Int {
        (try? db(code).recordCounts()[kind]) ?? -1
    }

    /// Waits until `condition` holds, failing the test with `what` if it never does.
    /// `explain` describes the nodes' state when the condition never holds.
    func converge(_ what: String, timeout: Duration = .seconds(30), explain: () -> String = { "" }, _ condition: () throws -> Bool) async throws {
        let held = try await Federation.eventually(timeout: timeout, condition)
        #expect(held, "did not converge: \(what) \(explain())")
        if !held { throw ConvergenceFailure(what: what) }
    }
}

struct ConvergenceFailure: Error, CustomStringConvertible {
    let what: String
    var description: String { "did not converge: \(what)" }
}

enum Samples {
    static func elder(_ serial: Int, home: DivisionCode) -> Elder {
        let body = "420107" + "1946" + String(format: "%02d", 1 + serial / 1000 % 12) + "20" + String(format: "%03d", serial % 1000)
        return Elder(
            home: home, name: "老人\(serial)", gender: serial % 2 == 0 ? .female : .male, birthDate: "1946-\(String(format: "%02d", 1 + serial / 1000 % 12))-20",
            citizenId: try! CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!)), phone: "13871234567",
            address: Address(text: "青山区\(serial)号", location: Coordinates(latitude: 30.64, longitude: 114.39)),
            livingSituation: .alone, abilityLevel: serial % 5,
            emergencyContacts: [EmergencyContact(name: "家属\(serial)", relation: "女儿", phone: "13912345678", holdsKey: true)])
    }

    static func organisation() -> ServiceOrganisation {
        ServiceOrganisation(
            home: Codes.county, name: "青山区幸福居家养老服务中心", type: .homeCareCenter, categories: [.meals, .homeCare],
            communities: [Codes.community1, Codes.community2], address: Address(text: "青山区和平大道1号"))
    }
}
