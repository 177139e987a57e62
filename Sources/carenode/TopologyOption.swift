import ArgumentParser
import CareTesting
import Foundation

extension Topology {
    /// The topology named by `--topology FILE`, or the demo topology built into this binary, so
    /// that `carenode demo` and `carenode chaos` work from any directory.
    static func fromOption(_ file: String?) throws -> Topology {
        guard let file else {
            do { return try Topology.demo() } catch {
                throw ValidationError("the built-in demo topology does not load: \(error)")
            }
        }
        do { return try Topology.load(URL(fileURLWithPath: file)) } catch {
            throw ValidationError("--topology: cannot load \(file): \(error)")
        }
    }
}
