import Foundation

/// Where the console's own files and the Debian JavaScript libraries come from, and which map
/// tiles it may show.
public struct ConsoleSettings: Sendable {
    /// The console's HTML, CSS and JS. Nil: the copy built into the binary's resource bundle.
    /// A folder here serves edits at once, without a rebuild (development).
    public var directory: URL?
    /// Debian's `libjs-*` packages install their files here (bootstrap5, leaflet, chart.js).
    public var libraryDirectory: URL
    /// A tile URL template such as `https://tiles.example.cn/{z}/{x}/{y}.png`. Nil (the default):
    /// no tiles at all, so a county intranet never makes the browser reach the internet.
    public var tileURL: String?
    public var tileAttribution: String?

    public static let defaultLibraryDirectory = URL(fileURLWithPath: "/usr/share/javascript")

    public init(directory: URL? = nil, libraryDirectory: URL = Self.defaultLibraryDirectory, tileURL: String? = nil, tileAttribution: String? = nil) {
        self.directory = directory
        self.libraryDirectory = libraryDirectory
        self.tileURL = tileURL
        self.tileAttribution = tileAttribution
    }

    /// The folder the console is served from: the override, else the resource bundle.
    var resolvedDirectory: URL? {
        if let directory { return directory }
        return Bundle.module.url(forResource: "Console", withExtension: nil)
    }

    /// The origin (scheme, host, port) of the tile source, for the page's image policy.
    var tileOrigin: String? {
        guard let tileURL, let url = URL(string: tileURL.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
            let scheme = url.scheme, scheme == "https" || scheme == "http", let host = url.host
        else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// Checks a tile template given on the command line or in a file.
    public static func checkTileURL(_ text: String) throws(ConsoleSettingsError) -> String {
        let probe = text.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        guard let url = URL(string: probe), url.scheme == "https" || url.scheme == "http", url.host != nil,
            text.contains("{z}"), text.contains("{x}"), text.contains("{y}")
        else {
            throw ConsoleSettingsError("map-tiles: '\(text)' is not an http(s) URL template with {z}, {x} and {y}")
        }
        return text
    }
}

public struct ConsoleSettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
