import Foundation

/// Publishes one message with the real `mosquitto_pub` client
/// (`mosquitto_pub -h HOST -p PORT -t TOPIC -m MSG -q QOS`); throws with its stderr on failure.
public func mosquittoPublish(
    host: String = "127.0.0.1",
    port: UInt16,
    topic: String,
    message: String,
    qos: Int = 1,
    executable: String = "/usr/bin/mosquitto_pub"
) async throws {
    try await runMosquittoPub(
        executable: executable,
        arguments: ["-h", host, "-p", String(port), "-t", topic, "-m", message, "-q", String(qos)],
        standardInput: nil
    )
}

/// Publishes every line of `lines` as its own message with one `mosquitto_pub -l` process
/// (it reads stdin, one message per line). Lines must not contain newlines.
public func mosquittoPublishLines(
    host: String = "127.0.0.1",
    port: UInt16,
    topic: String,
    lines: [String],
    qos: Int = 1,
    executable: String = "/usr/bin/mosquitto_pub"
) async throws {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("mosquitto-pub-\(UUID().uuidString).txt")
    try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: input) }
    try await runMosquittoPub(
        executable: executable,
        arguments: ["-h", host, "-p", String(port), "-t", topic, "-l", "-q", String(qos)],
        standardInput: input
    )
}

/// Runs the client to completion without blocking a concurrency thread. Output goes to a file
/// rather than a pipe so a chatty process can never fill the pipe and stall.
private func runMosquittoPub(executable: String, arguments: [String], standardInput: URL?) async throws {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw MosquittoTestError.executableMissing(executable)
    }
    let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("mosquitto-pub-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorURL) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = try standardInput.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: errorURL)

    // The handler is set before launching, so a fast exit cannot be missed.
    let (exits, exit) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
    process.terminationHandler = { finished in
        exit.yield(finished.terminationStatus)
        exit.finish()
    }
    do {
        try await launchWithDefaultSignalMask(process)
    } catch {
        process.terminationHandler = nil
        throw error
    }
    var status: Int32 = -1
    for await code in exits { status = code }
    guard status == 0 else {
        let stderr = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        throw MosquittoTestError.commandFailed(
            command: ([executable] + arguments).joined(separator: " "), status: status, stderr: stderr)
    }
}
