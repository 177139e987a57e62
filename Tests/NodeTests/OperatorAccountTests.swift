import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The account API: administrators make, list, edit, disable and reset accounts within their
/// jurisdiction; every change is audited; `GET /api/v1/me` answers the console's shape.
@Suite(.serialized) struct OperatorAccountTests {
    @Test func meAnswersTheAccountRolePermissionsJurisdictionAndNode() async throws {
        try await NodeHarness.with("420107") { node in
            let me = try await node.client.send(.GET, "/api/v1/me", token: node.token)
            #expect(me.status == 200, "\(me.text)")
            let object = try JSONSerialization.jsonObject(with: me.body) as? [String: Any]
            #expect(Set((object ?? [:]).keys) == ["account", "role", "permissions", "jurisdiction", "node", "mustChangePassword"])
            let account = try #require(me.json["account"] as? [String: Any])
            #expect(account["name"] as? String == "admin" && account.keys.contains("displayName") && account["displayName"] is NSNull)
            #expect(UUID(uuidString: account["id"] as? String ?? "") != nil)
            let role = try #require(me.json["role"] as? [String: Any])
            #expect(role["code"] as? String == "admin" && (role["label"] as? [String: String])?["zh"] == "系统管理员")
            #expect(me.json["permissions"] as? [String] == Permission.allCases.map(\.rawValue).sorted())
            let jurisdiction = try #require(me.json["jurisdiction"] as? [String: Any])
            #expect(jurisdiction["division"] as? String == "420107" && jurisdiction["organisation"] is NSNull)
            #expect(me.json["node"] as? [String: String] == ["code": "420107", "role": "county"])
            #expect(me.json["mustChangePassword"] as? Bool == false)

            let dispatcher = try await node.signIn("dispatcher1", role: .dispatcher)
            let theirs = try await node.client.send(.GET, "/api/v1/me", token: dispatcher)
            #expect(theirs.json["permissions"] as? [String] == OperatorRole.dispatcher.permissions.sorted().map(\.rawValue))
            #expect((theirs.json["role"] as? [String: Any])?["label"] as? [String: String] == ["en": "dispatcher", "zh": "调度员"])
        }
    }

    @Test func anAdministratorManagesAccountsAndEveryChangeIsAudited() async throws {
        try await NodeHarness.with("420107001") { node in
            let created = try await node.client.send(.POST, "/api/v1/operators", token: node.token, json: [
                "name": "clerk1", "displayName": "张三", "role": "clerk", "password": "Initial-pass-1", "division": "420107001001",
            ])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["division"] as? String == "420107001001" && created.json["mustChangePassword"] as? Bool == true)

            // Outside the street's subtree, a weak password, a role that needs an organisation:
            // 422 each, in both languages, and no account.
            let count = try node.db.operatorCount()
            for (body, field) in [
                (["name": "x1", "role": "clerk", "password": "Initial-pass-1", "division": "420107002001"], "division"),
                (["name": "x2", "role": "clerk", "password": "weakpassword"], "password"),
                (["name": "x3", "role": "organisationAdmin", "password": "Initial-pass-1"], "organisationId"),
                (["name": "x4", "role": "chief", "password": "Initial-pass-1"], "role"),
                (["name": "clerk1", "role": "clerk", "password": "Initial-pass-1"], ""),
            ] {
                let refused = try await node.client.send(.POST, "/api/v1/operators", token: node.token, json: body)
                if field.isEmpty {
                    #expect(refused.status == 409, "\(refused.text)")
                } else {
                    #expect(refused.status == 422 && refused.errorFields == [field], "\(body): \(refused.text)")
                }
            }
            #expect(try node.db.operatorCount() == count)

            let listed = try await node.client.send(.GET, "/api/v1/operators?role=clerk", token: node.token)
            #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["clerk1"])

            let edited = try await node.client.send(.PATCH, "/api/v1/operators/\(id)", token: node.token, json: [
                "role": "inspector", "division": "420107001002",
            ])
            #expect(edited.status == 200 && edited.json["role"] as? String == "inspector" && edited.json["displayName"] as? String == "张三", "\(edited.text)")

            // The operator changes the initial password, is disabled (the session ends), enabled,
            // reset (the session ends again, and the new password must be changed).
            let session = try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk1", "password": "Initial-pass-1"])
            let token = try #require(session.json["token"] as? String)
            _ = try await node.client.send(.POST, "/api/v1/session/password", token: token, json: [
                "currentPassword": "Initial-pass-1", "newPassword": "Own-pass-2026",
            ])
            #expect(try await node.client.send(.GET, "/api/v1/node", token: token).status == 200)
            #expect(try await node.client.send(.POST, "/api/v1/operators/\(id)/disable", token: node.token).status == 200)
            #expect(try await node.client.send(.GET, "/api/v1/node", token: token).status == 401)
            let disabled = try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk1", "password": "Own-pass-2026"])
            #expect(disabled.status == 403, "\(disabled.text)")
            #expect(try await node.client.send(.POST, "/api/v1/operators/\(id)/enable", token: node.token).status == 200)
            let again = try await node.client.login(name: "clerk1", password: "Own-pass-2026")
            let reset = try await node.client.send(.POST, "/api/v1/operators/\(id)/password", token: node.token, json: ["password": "Reset-pass-3"])
            #expect(reset.status == 200 && reset.json["mustChangePassword"] as? Bool == true)
            #expect(try await node.client.send(.GET, "/api/v1/node", token: again).status == 401)
            let afterReset = try await node.client.login(name: "clerk1", password: "Reset-pass-3")
            #expect(try await node.client.send(.GET, "/api/v1/node", token: afterReset).status == 403)

            // The administrator cannot lock themselves out.
            let me = try await node.client.send(.GET, "/api/v1/me", token: node.token)
            let myId = try #require((me.json["account"] as? [String: Any])?["id"] as? String)
            #expect(try await node.client.send(.POST, "/api/v1/operators/\(myId)/disable", token: node.token).status == 409)

            var filter = AuditFilter()
            filter.subject = "clerk1"
            filter.actor = "admin"
            let actions = Set(try node.db.auditEntries(filter).items.map(\.action))
            #expect(actions == [
                AuditAction.operatorCreated, AuditAction.operatorUpdated, AuditAction.operatorDisabled, AuditAction.operatorEnabled,
                AuditAction.passwordReset,
            ])
        }
    }

    @Test func anAdministratorBoundToACommunityManagesOnlyItsAccounts() async throws {
        try await NodeHarness.with("420107001") { node in
            let local = try await node.signIn("local-admin", role: .admin, division: DivisionCode("420107001001"))
            let outside = try await node.client.send(.POST, "/api/v1/operators", token: local, json: [
                "name": "v1", "role": "viewer", "password": "Initial-pass-1", "division": "420107001002",
            ])
            #expect(outside.status == 422 && outside.errorFields == ["division"])
            let inside = try await node.client.send(.POST, "/api/v1/operators", token: local, json: [
                "name": "v2", "role": "viewer", "password": "Initial-pass-1",
            ])
            #expect(inside.status == 201 && inside.json["division"] as? String == "420107001001", "\(inside.text)")
            let list = try await node.client.send(.GET, "/api/v1/operators", token: local)
            #expect(Set((list.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []) == ["local-admin", "v2"])
            let me = try await node.client.send(.GET, "/api/v1/me", token: node.token)
            let streetAdmin = try #require((me.json["account"] as? [String: Any])?["id"] as? String)
            #expect(try await node.client.send(.GET, "/api/v1/operators/\(streetAdmin)", token: local).status == 404)
        }
    }
}
