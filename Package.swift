// swift-tools-version: 6.1
import PackageDescription

/// One set of compiler settings for every target, ours and tests alike.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "carenode",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carenode", targets: ["carenode"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.38.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Eclipse Mosquitto's client library from Debian (libmosquitto-dev): MQTT without a
        // hand-written protocol client.
        .systemLibrary(
            name: "CMosquitto",
            path: "Sources/CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .target(
            name: "CareMQTT",
            dependencies: ["CMosquitto", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "MQTTTestSupport", swiftSettings: strict),
        .testTarget(name: "CareMQTTTests", dependencies: ["CareMQTT", "MQTTTestSupport"], swiftSettings: strict),
        .target(
            name: "CareModel",
            swiftSettings: strict
        ),
        .target(
            name: "CareStore",
            dependencies: [
                "CareModel", "CareWire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CareWire",
            dependencies: [
                "CareModel",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CarePKI",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "CareModel",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CareSync",
            dependencies: [
                "CareModel", "CareStore", "CareWire", "CarePKI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // What comes in from outside the federation: device reports over HTTP and MQTT, the
        // alert rules that fire as time passes, and elder import from files.
        .target(
            name: "CareIngest",
            dependencies: [
                "CareModel", "CareStore", "CareMQTT",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CareAPI",
            dependencies: [
                "CareModel", "CareStore", "CareSync", "CareIngest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The console's HTML, CSS and ES modules, copied as they are next to the binary, so
            // `carenode serve` finds them from any directory (`--console-dir` serves a working copy).
            resources: [.copy("Console")],
            swiftSettings: strict
        ),
        .target(
            name: "CareNode",
            dependencies: [
                "CareMQTT", "CareIngest",
                "CareModel", "CareStore", "CareWire", "CareSync", "CareAPI", "CarePKI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        // The topologies in Topologies/: demo.yaml compiled into the binary, so that `carenode demo`
        // and `carenode chaos` work from any directory. The tests load the others by path.
        .target(
            name: "CareTopologies",
            path: "Topologies",
            exclude: ["ci-small.yaml"],
            resources: [.embedInCode("demo.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "CareTesting",
            dependencies: [
                "CareTopologies", "CareNode", "CarePKI", "CareStore", "CareModel", "CareAPI", "CareSync", "CareWire", "CareMQTT", "MQTTTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "carenode",
            dependencies: [
                "CareNode", "CareIngest", "CareTesting", "CareModel", "CareStore", "CareAPI", "CarePKI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareModelTests",
            dependencies: [
                "CareModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CarePKITests",
            dependencies: ["CarePKI"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareWireTests",
            dependencies: ["CareWire", "CareModel"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareStoreTests",
            dependencies: [
                "CareStore", "CareModel", "CareWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "CareTesting", "CareNode", "CareIngest", "CareModel", "CareStore", "CareSync", "CareWire", "CarePKI", "CareAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FederationTests",
            dependencies: [
                "CareTesting", "CareNode", "CareIngest", "CareModel", "CareStore", "CareSync", "CareWire", "CarePKI", "CareAPI", "MQTTTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
    ]
)
