import Foundation

/// A real Eclipse Mosquitto broker (`/usr/sbin/mosquitto`) running as a child process on a
/// loopback port, with its own config in a temporary directory. For tests only.
public actor MosquittoBroker {
    public nonisolated let host = "127.0.0.1"
    public nonisolated let port: UInt16
    /// Where the broker's stdout/stderr go; read it with `log()` when a test fails.
    public nonisolated let logURL: URL

    private let process: Process
    private let directory: URL

    /// Starts a broker and waits (polling) until its port accepts connections.
    /// Pass `port` to restart a broker on the port of an earlier one; `extraConfig` lines are
    /// appended to the generated mosquitto.conf (e.g. "max_queued_messages 0").
    public static func start(
        port: UInt16? = nil,
        extraConfig: [String] = [],
        executable: String = "/usr/sbin/mosquitto",
        startupTimeout: Duration = .seconds(5)
    ) async throws -> MosquittoBroker {
        let broker = try MosquittoBroker(port: port ?? LoopbackPort.outsideEphemeralRange(), extraConfig: extraConfig, executable: executable)
        do {
            try await broker.launch()
            try await broker.waitUntilAccepting(timeout: startupTimeout)
        } catch {
            await broker.stop()
            throw error
        }
        return broker
    }

    private init(port: UInt16, extraConfig: [String], executable: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw MosquittoTestError.executableMissing(executable)
        }
        self.port = port
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mosquitto-test-\(port)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configURL = directory.appendingPathComponent("mosquitto.conf")
        logURL = directory.appendingPathComponent("mosquitto.log")
        // persistence false: a restarted broker forgets sessions, so clients must resubscribe.
        let config = """
            listener \(port) 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information

            """ + extraConfig.map { $0 + "\n" }.joined()
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)

        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", configURL.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
    }

    private func launch() async throws {
        try await launchWithDefaultSignalMask(process)
    }

    private func waitUntilAccepting(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !LoopbackPort.isAccepting(port) {
            guard process.isRunning else {
                throw MosquittoTestError.brokerDidNotStart(
                    port: port, reason: "exited with \(process.terminationStatus)", log: log())
            }
            guard ContinuousClock.now < deadline else {
                throw MosquittoTestError.brokerDidNotStart(port: port, reason: "timed out after \(timeout)", log: log())
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Something accepts: make sure it is this broker, not another server on the port.
        try await Task.sleep(for: .milliseconds(50))
        guard process.isRunning else {
            throw MosquittoTestError.brokerDidNotStart(port: port, reason: "exited with \(process.terminationStatus)", log: log())
        }
    }

    /// SIGTERM (a clean shutdown, which closes client connections), then SIGKILL if it has not
    /// exited after 5 s; removes the temporary directory.
    public func stop() async {
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    public var pid: Int32 { process.processIdentifier }

    public var isRunning: Bool {
        process.isRunning
    }

    /// The broker's log so far (empty once stopped, as the directory is removed).
    public nonisolated func log() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    deinit {
        // Backstop for a test that failed before stop(): never leave a broker behind.
        if process.isRunning {
            process.terminate()
        }
    }
}
