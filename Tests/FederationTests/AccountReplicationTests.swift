import CareAPI
import CareModel
import CarePKI
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Accounts made at the county reach the stations their jurisdiction covers, so an operator
/// signs in at a station whose link is down; a disable made at the county ends the session
/// there once the link is back; the station's audit trail reaches the county.
@Suite(.serialized) struct AccountReplicationTests {
    func admin(_ federation: Federation, _ code: DivisionCode) async throws -> (OperatorClient, String) {
        try federation.db(code).addOperator(Operator(name: "admin-\(code)", role: .admin, home: code, passwordHash: PasswordHashing.hash("Correct-horse-1")))
        let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
        return (client, try await client.login(name: "admin-\(code)", password: "Correct-horse-1"))
    }

    @Test func anAccountMadeAtTheCountySignsInAtAnOfflineStationAndItsDisableEndsTheSessionThere() async throws {
        try await Federation.withSmall { federation in
            let (county, countyToken) = try await admin(federation, Codes.county)
            defer { Task { await county.shutdown() } }
            let created = try await county.send(.POST, "/api/v1/operators", token: countyToken, json: [
                "name": "staff1", "displayName": "李四", "role": "stationStaff", "password": "Initial-pass-1", "division": Codes.community1.rawValue,
            ])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
            let station = federation.db(Codes.community1)
            try await federation.converge("the account reaches its station") { try station.operatorAccount(id: id) != nil }
            // Not the other street's station: the account's jurisdiction does not cover it.
            #expect(try federation.db(Codes.community2).operatorAccount(id: id) == nil)

            // The station is cut off; the operator signs in there and changes the initial password.
            federation.cut(Codes.community1)
            let client = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
            defer { Task { await client.shutdown() } }
            let first = try await client.login(name: "staff1", password: "Initial-pass-1")
            #expect(try await client.send(.GET, "/api/v1/elders", token: first).status == 403)
            let changed = try await client.send(.POST, "/api/v1/session/password", token: first, json: [
                "currentPassword": "Initial-pass-1", "newPassword": "Station-pass-2",
            ])
            #expect(changed.status == 200, "\(changed.text)")
            #expect(try await client.send(.GET, "/api/v1/elders", token: first).status == 200)
            // A community may not remake the account: the role stays the county's to set.
            let recast = try await client.send(.PATCH, "/api/v1/operators/\(id)", token: first, json: ["role": "admin"])
            #expect(recast.status == 403, "\(recast.text)")

            // Once the link is back the new password travels up to the county.
            federation.restore(Codes.community1)
            try await federation.converge("the station's password change reaches the county") {
                try federation.db(Codes.county).operatorAccount(id: id)?.mustChangePassword == false
            }
            #expect(try federation.db(Codes.county).operatorAccount(id: id)?.passwordHash == (try station.operatorAccount(id: id))?.passwordHash)

            // The county disables it while the station is offline; the session ends there only
            // when the change arrives.
            federation.cut(Codes.community1)
            #expect(try await county.send(.POST, "/api/v1/operators/\(id)/disable", token: countyToken).status == 200)
            #expect(try await client.send(.GET, "/api/v1/elders", token: first).status == 200)
            federation.restore(Codes.community1)
            try await federation.converge("the disable reaches the station") { try station.operatorAccount(id: id)?.disabled == true }
            #expect(try await client.send(.GET, "/api/v1/elders", token: first).status == 401)
            // An account merges whole, the newest version standing: both nodes agree on every field.
            let countyCopy = try #require(try federation.db(Codes.county).operatorAccount(id: id))
            let stationCopy = try #require(try station.operatorAccount(id: id))
            #expect(countyCopy == stationCopy && countyCopy.disabled)
            let again = try await client.send(.POST, "/api/v1/session", json: ["name": "staff1", "password": "Station-pass-2"])
            #expect(again.status == 403 || again.status == 401, "\(again.text)")
        }
    }

    @Test func anUnmaskedReadAtAStationAppearsInTheCountysAuditTrail() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(71, home: Codes.community1), actor: "t")
            let (station, token) = try await admin(federation, Codes.community1)
            defer { Task { await station.shutdown() } }
            let read = try await station.send(
                .GET, "/api/v1/elders/\(elder.model.id.uuidString)?reveal=identity&reason=%E5%AE%B6%E5%B1%9E%E6%A0%B8%E5%AF%B9", token: token)
            #expect(read.status == 200, "\(read.text)")
            let (county, countyToken) = try await admin(federation, Codes.county)
            defer { Task { await county.shutdown() } }
            let subject = elder.model.id.uuidString
            try await federation.converge("the county holds the station's reveal") {
                var filter = AuditFilter()
                filter.subject = subject
                filter.action = AuditAction.elderRevealed
                return try !federation.db(Codes.county).auditEntries(filter).items.isEmpty
            }
            let trail = try await county.send(.GET, "/api/v1/audit?subject=\(subject)&action=\(AuditAction.elderRevealed)", token: countyToken)
            let items = (trail.json["items"] as? [[String: Any]]) ?? []
            #expect(items.count == 1 && items.first?["actor"] as? String == "admin-\(Codes.community1)", "\(trail.text)")
            #expect(items.first?["reason"] as? String == "家属核对")
            // The county's own trail does not travel down to its stations.
            var own = AuditFilter()
            own.actor = "admin-\(Codes.county)"
            #expect(try !federation.db(Codes.county).auditEntries(own).items.isEmpty)
            #expect(try federation.db(Codes.community1).auditEntries(own).items.isEmpty)
        }
    }
}
