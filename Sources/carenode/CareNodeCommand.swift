import ArgumentParser

/// carenode: one binary for the county, street and community nodes of a smart home-care federation.
@main
struct CareNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carenode",
        abstract: "A node of the smart community home-based elderly care federation (county / street / community).",
        subcommands: [
            ServeCommand.self, DemoCommand.self, BenchCommand.self, ChaosCommand.self, PKICommand.self, UserCommand.self, ImportCommand.self, BackupCommand.self, VersionCommand.self,
        ])

    /// ArgumentParser's `main`, but an argument that no option takes is reported as such before
    /// any command's checks or required options (see `CheckedCommand`).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            _ = try await CommandLineChecks.$deferred.withValue(true) { try await asyncParseAsRoot(arguments) }
        } catch {
            exit(withError: await CommandLineChecks.realProblem(error, arguments: arguments, root: self))
        }
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
