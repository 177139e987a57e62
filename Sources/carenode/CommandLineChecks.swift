import ArgumentParser

/// A command whose settings are checked before it runs, but only once the parser has accepted
/// every argument.
///
/// ArgumentParser (1.8.2) calls a command's `validate()`, and fails on a missing required option,
/// before it looks for arguments that no option took; so `carenode serve --lisen :8443` used to
/// say "--code is required" instead of naming `--lisen`. `CareNodeCommand.main` therefore parses
/// once with these checks deferred, reports what the parser alone finds, and only then parses
/// again with them. Conform, and put the checks in `check()` rather than `validate()`.
protocol CheckedCommand: ParsableCommand {
    /// Throws a `ValidationError` naming the setting at fault; it is reported with this
    /// command's usage, before `run()`.
    func check() throws
}

extension CheckedCommand {
    func validate() throws {
        guard !CommandLineChecks.deferred else { return }
        try check()
    }
}

enum CommandLineChecks {
    /// True during the parse that only looks for arguments nobody takes.
    @TaskLocal static var deferred = false

    /// The error that names the real problem with `arguments`, given the first error the parser
    /// reported with checks deferred.
    ///
    /// When that error is a missing required option or argument, an unknown option may still be
    /// hiding behind it (a typo of the very option that is missing: `--cod` for `--code`). Probe
    /// by supplying a stand-in for each missing one in turn: if the parser then reports an unknown
    /// option, that is the real problem; otherwise the missing one is.
    static func realProblem<Root: AsyncParsableCommand>(
        _ error: any Error, arguments: [String], root: Root.Type
    ) async -> any Error {
        var probe = arguments
        var latest = error
        for _ in 0..<16 {
            let message = root.message(for: latest)
            if message.hasPrefix("Unknown option") { return latest }
            guard let stand = standIn(missing: message) else { return error }
            probe += stand
            do {
                _ = try await $deferred.withValue(true) { try await root.asyncParseAsRoot(probe) }
                return error
            } catch let next {
                latest = next
            }
        }
        return error
    }

    /// Arguments that supply the option or argument a "Missing expected argument '…'" message
    /// names: `["--code", "0"]` for `'--code <code>'`, `["0"]` for `'<file>'`.
    static func standIn(missing message: String) -> [String]? {
        let prefix = "Missing expected argument '"
        guard message.hasPrefix(prefix), message.hasSuffix("'") else { return nil }
        let synopsis = message.dropFirst(prefix.count).dropLast()
        let words = synopsis.split(separator: " ")
        switch words.count {
        case 1 where words[0].hasPrefix("<"): return ["0"]
        case 2 where words[0].hasPrefix("-"): return [String(words[0]), "0"]
        default: return nil
        }
    }
}
