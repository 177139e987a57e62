import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// The operator console: static HTML, CSS and ES modules under `/console`, the Debian
/// JavaScript libraries under `/console/lib`, and `/console/config.json` saying which of those
/// libraries are installed and which map tiles may be shown. The files need no sign-in;
/// everything they show comes from the authenticated API.
struct ConsoleController {
    let settings: ConsoleSettings

    /// The libraries the console uses, by the folder their Debian package installs, and the
    /// file that proves the package is there.
    static let libraries: [(name: String, package: String, probe: String)] = [
        ("bootstrap5", "libjs-bootstrap5", "bootstrap5/css/bootstrap.min.css"),
        ("leaflet", "libjs-leaflet", "leaflet/leaflet.js"),
        ("markercluster", "libjs-leaflet.markercluster", "leaflet/leaflet.markercluster.js"),
        ("chart.js", "libjs-chart.js", "chart.js/chart.min.js"),
    ]
    /// Top-level folders of the library directory that may be served; nothing else there is.
    static let servedLibraryFolders: Set<String> = ["bootstrap5", "leaflet", "chart.js"]

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8", "json": "application/json", "png": "image/png", "svg": "image/svg+xml",
        "wav": "audio/wav", "map": "application/json", "ico": "image/x-icon",
    ]

    /// Scripts, styles and fetches only from this node; images also from the configured tile
    /// source, and from photos the caregiver picked (blob: URLs for previews).
    var contentSecurityPolicy: String {
        let tiles = settings.tileOrigin.map { " \($0)" } ?? ""
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:\(tiles); "
            + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.get("/") { _, _ in Response.redirect(to: "/console", type: .normal) }
        // The router treats `/console` and `/console/` alike; the page's own URLs are absolute.
        routes.get("/console") { _, _ in try file("index.html", in: settings.resolvedDirectory, cache: "no-store") }
        routes.get("/console/config.json") { _, _ in try configuration() }
        routes.get("/console/lib/**") { _, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let top = path.split(separator: "/").first, Self.servedLibraryFolders.contains(String(top)) else {
                throw APIError(.notFound, "no such library file: \(path)")
            }
            return try file(path, in: settings.libraryDirectory, cache: "public, max-age=86400")
        }
        routes.get("/console/**") { _, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            // The console's own files change with each release: revalidate, never guess.
            return try file(path, in: settings.resolvedDirectory, cache: "no-cache")
        }
        return routes
    }

    struct ConfigView: ResponseEncodable, Decodable {
        struct Library: Codable {
            let name: String
            let package: String
            let installed: Bool
        }
        let libraries: [Library]
        let libraryDirectory: String
        let tileURL: String?
        let tileAttribution: String?
    }

    private func configuration() throws -> Response {
        let libraries = Self.libraries.map { library in
            ConfigView.Library(
                name: library.name, package: library.package,
                installed: FileManager.default.isReadableFile(atPath: settings.libraryDirectory.appendingPathComponent(library.probe).path))
        }
        let view = ConfigView(libraries: libraries, libraryDirectory: settings.libraryDirectory.path, tileURL: settings.tileURL, tileAttribution: settings.tileAttribution)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(view))))
    }

    /// A file below `root`, refusing any path that could leave it (`..`, hidden names).
    private func file(_ path: String, in root: URL?, cache: String) throws -> Response {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let root, !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") || $0.contains("\\") }) else {
            throw APIError(.notFound, "no such console file: \(path)")
        }
        let url = parts.reduce(root) { $0.appendingPathComponent(String($1)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: url.path)
        else { throw APIError(.notFound, "no such console file: \(path)") }
        let type = Self.contentTypes[url.pathExtension.lowercased()] ?? "application/octet-stream"
        var headers: HTTPFields = [.contentType: type, .cacheControl: cache, .init("X-Content-Type-Options")!: "nosniff"]
        if type.hasPrefix("text/html") {
            headers[.contentSecurityPolicy] = contentSecurityPolicy
            headers[.init("Referrer-Policy")!] = "no-referrer"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
