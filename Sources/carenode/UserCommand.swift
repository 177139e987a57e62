import ArgumentParser
import CareAPI
import CareModel
import CareNode
import CareStore
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage operator accounts.", subcommands: [Add.self])

    /// For the first administrator of a node, before anyone can sign in to make accounts
    /// through the API. The password is the operator's own (typed or from the environment),
    /// so it need not be changed at first sign-in, but it meets the same strength rule.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an operator account on a node.")

        @OptionGroup var node: NodeLocation

        @Option(help: "Login name.")
        var name: String

        @Option(help: "Role: \(OperatorRole.codeList).")
        var role: String

        @Option(help: "Jurisdiction: a division code at or below the node (default: the node's own).")
        var division: String?

        @Option(help: "The service organisation's id, for a caregiver or organisationAdmin.")
        var organisation: String?

        @Option(help: "The staff record's id, for a caregiver.")
        var staff: String?

        @Option(help: "Password (or set CARENODE_PASSWORD, or type it on standard input).")
        var password: String?

        func run() throws {
            guard let role = OperatorRole(rawValue: role) else {
                throw ValidationError("--role '\(role)' is not one of: \(OperatorRole.codeList)")
            }
            let secret = password ?? ProcessInfo.processInfo.environment["CARENODE_PASSWORD"] ?? readLine(strippingNewline: true)
            var v = Validator()
            _ = Operator.checkName(name, "--name", &v)
            _ = Operator.checkPassword(secret, "--password", &v)
            let division = v.division(division, "--division", optional: true)
            let organisationId = v.uuid(organisation, "--organisation", optional: true)
            let staffId = v.uuid(staff, "--staff", optional: true)
            if let problem = v.errors.first { throw ValidationError(problem.message) }
            let configuration = try node.configuration()
            if let division, !configuration.code.contains(division) {
                throw ValidationError("--division \(division) is not at or below the node \(configuration.code)")
            }
            let db = try AppDatabase.open(directory: configuration.dataDirectory, node: configuration.code)
            let account = Operator(
                name: name, role: role, home: division ?? configuration.code, organisationId: organisationId, staffId: staffId,
                passwordHash: PasswordHashing.hash(secret!))
            if let problem = account.validationErrors.first { throw ValidationError("--\(problem.field == "organisationId" ? "organisation" : problem.field == "staffId" ? "staff" : problem.field): \(problem.message)") }
            do {
                try db.addOperator(account)
            } catch let error as StoreError {
                throw ValidationError("--name: \(error.description)")
            }
            print("added \(role.rawValue) '\(name)' to node \(configuration.code)")
        }
    }
}
