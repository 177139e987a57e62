import ArgumentParser
import CareAPI
import CareModel
import CareNode
import CareStore
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage operator accounts.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an operator account on a node.")

        @OptionGroup var node: NodeLocation

        @Option(help: "Login name.")
        var name: String

        @Option(help: "Role: \(OperatorRole.codeList).")
        var role: String

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
            if let problem = v.errors.first { throw ValidationError(problem.message) }
            let configuration = try node.configuration()
            let db = try AppDatabase.open(directory: configuration.dataDirectory, node: configuration.code)
            do {
                try db.addOperator(Operator(name: name, role: role, passwordHash: PasswordHashing.hash(secret!)))
            } catch let error as StoreError {
                throw ValidationError("--name: \(error.description)")
            }
            print("added \(role.rawValue) '\(name)' to node \(configuration.code)")
        }
    }
}
