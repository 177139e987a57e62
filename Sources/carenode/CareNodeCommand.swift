import ArgumentParser

/// carenode: one binary for the county, street and community nodes of a smart home-care federation.
@main
struct CareNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carenode",
        abstract: "A node of the smart community home-based elderly care federation (county / street / community).",
        subcommands: [
            ServeCommand.self, DemoCommand.self, BenchCommand.self, ChaosCommand.self, PKICommand.self, UserCommand.self, ImportCommand.self, VersionCommand.self,
        ])
}
