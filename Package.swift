// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Microcheck",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KeyNote", targets: ["KeyNote"]),
        .library(name: "MicrocheckCrypto", targets: ["MicrocheckCrypto"]),
        .library(name: "Microbilling", targets: ["Microbilling"]),
        .library(name: "MicrobillingStorage", targets: ["MicrobillingStorage"]),
        .library(name: "MicrobillingPostgres", targets: ["MicrobillingPostgres"]),
        .library(name: "SerialLink", targets: ["SerialLink"]),
        .library(name: "MicrocheckWire", targets: ["MicrocheckWire"]),
        .library(name: "MicrocheckLink", targets: ["MicrocheckLink"]),
        .library(name: "MicrocheckAgents", targets: ["MicrocheckAgents"]),
        .library(name: "MicrocheckCompression", targets: ["MicrocheckCompression"]),
        .library(name: "DeviceDiscovery", targets: ["DeviceDiscovery"]),
        .library(name: "VendingController", targets: ["VendingController"]),
        .library(name: "ClearingAPI", targets: ["ClearingAPI"]),
        .library(name: "MicrocheckHTTP", targets: ["MicrocheckHTTP"]),
        .library(name: "ClearingService", targets: ["ClearingService"]),
        .library(name: "GatewayService", targets: ["GatewayService"]),
        .library(name: "ProvisioningAPI", targets: ["ProvisioningAPI"]),
        .library(name: "ProvisioningService", targets: ["ProvisioningService"]),
        .executable(name: "vending-sim", targets: ["VendingSim"]),
        .executable(name: "irlink-sim", targets: ["IRLinkSim"]),
        .executable(name: "keynote", targets: ["KeyNoteTool"]),
        .executable(name: "keynote-bench", targets: ["KeyNoteBenchmark"]),
        .executable(name: "clearing-bench", targets: ["ClearingBenchmark"]),
        .executable(name: "wire-bench", targets: ["WireBenchmark"]),
        .executable(name: "payer-agent", targets: ["PayerAgent"]),
        .executable(name: "merchant-terminal", targets: ["MerchantTerminalAgent"]),
        .executable(name: "microcheck-demo", targets: ["MicrocheckDemo"]),
        .executable(name: "clearing", targets: ["ClearingServerCommand"]),
        .executable(name: "gateway", targets: ["GatewayCommand"]),
        .executable(name: "provisioning", targets: ["ProvisioningServer"]),
        // For tools/fuzz, a package of its own so that CI never builds it with the fuzzer.
        .library(name: "KeyNoteFuzzHarness", targets: ["KeyNoteFuzzHarness"]),
        .library(name: "WireFuzzHarness", targets: ["WireFuzzHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Layer 1: C system libraries behind thin shims.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CUdev",
            pkgConfig: "libudev",
            providers: [.apt(["libudev-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Layer 2: Swift wrappers with no C types in their public API.
        // zlib raw deflate with preset dictionaries, bounded expansion.
        .target(name: "MicrocheckCompression", dependencies: ["CZlib"]),
        // Serial and IR devices found and followed through libudev.
        .target(name: "DeviceDiscovery", dependencies: ["CUdev"]),
        .target(
            name: "MicrocheckCrypto",
            dependencies: ["COpenSSL"]
        ),
        // Layer 3: pure libraries, no I/O.
        .target(
            name: "KeyNote",
            dependencies: ["MicrocheckCrypto"]
        ),
        // The paper's microbilling rules: risk strategies, offers, microchecks,
        // acceptance, escalation, clearing. Storage through protocols.
        .target(
            name: "Microbilling",
            dependencies: ["KeyNote", "MicrocheckCrypto", .product(name: "Yams", package: "Yams")]
        ),
        // Layer 4: the microbilling stores on embedded SQLite (GRDB), key files on disk.
        .target(
            name: "MicrobillingStorage",
            dependencies: ["Microbilling", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Layer 4: clearing's ledger on PostgreSQL (postgres-nio), same behaviour as on SQLite.
        .target(
            name: "MicrobillingPostgres",
            dependencies: ["Microbilling", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // The same ledger tests against SQLite and PostgreSQL.
        .testTarget(
            name: "ClearingStoreTests",
            dependencies: ["Microbilling", "MicrobillingStorage", "MicrobillingPostgres", "MicrocheckCrypto",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // Layer 4: clearing's HTTP API, types, server stubs and client generated from its OpenAPI document.
        .target(
            name: "ClearingAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Layer 4: what every HTTP server and client of ours shares: signed requests, metrics.
        .target(
            name: "MicrocheckHTTP",
            dependencies: ["Microbilling", "MicrocheckCrypto", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                           .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        // Layer 4: the Clearing and Settlement Center as an HTTP service (Hummingbird).
        .target(
            name: "ClearingService",
            dependencies: [
                "ClearingAPI", "Microbilling", "MicrocheckAgents", "MicrocheckHTTP", "MicrocheckCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Layer 4: the store-and-forward gateway: spool in, uploads to clearing out.
        .target(
            name: "GatewayService",
            dependencies: [
                "ClearingAPI", "Microbilling", "MicrocheckAgents", "MicrocheckCrypto",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Layer 4: the provisioning service's HTTP API, types, server stubs and client generated from its OpenAPI document.
        .target(
            name: "ProvisioningAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Layer 4: the provisioning agent as an HTTP service (Hummingbird): enrollment registry,
        // signed credential refresh against clearing's standing feed, escalation, lost devices,
        // PA key rotation, the merchant policy bundle, metrics.
        .target(
            name: "ProvisioningService",
            dependencies: [
                "Microbilling", "MicrobillingStorage", "MicrocheckCrypto", "MicrocheckHTTP", "KeyNote",
                "ProvisioningAPI", "ClearingAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Serial lines: termios, ptys, byte channels with timeouts.
        .target(name: "SerialLink"),
        // The vending controller's line protocol, both sides, and its host transport over any byte channel.
        .target(name: "VendingController", dependencies: ["SerialLink"]),
        // hardware-sim/: the paper's vending machine, the IR link, a hot-plugged dongle.
        .target(name: "HardwareSim", dependencies: ["SerialLink", "VendingController"], path: "hardware-sim/Sources/HardwareSim"),
        .executableTarget(name: "VendingSim", dependencies: ["HardwareSim", "SerialLink", "VendingController",
                                                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "hardware-sim/Sources/VendingSim"),
        .executableTarget(name: "IRLinkSim", dependencies: ["HardwareSim", "SerialLink",
                                                          .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "hardware-sim/Sources/IRLinkSim"),
        // The wire protocol: frames, messages, no I/O.
        .target(name: "MicrocheckWire"),
        // Layer 4: reliable messages over a half-duplex serial line.
        .target(name: "MicrocheckLink", dependencies: ["MicrocheckWire", "SerialLink"]),
        // The payer's and the merchant's sides of a purchase over a link.
        .target(
            name: "MicrocheckAgents",
            dependencies: ["Microbilling", "MicrocheckWire", "MicrocheckLink", "MicrocheckCompression", "MicrocheckCrypto", "SerialLink"]
        ),
        // Turns arbitrary bytes into a KeyNote session and query (fuzzing, regression replay).
        .target(
            name: "KeyNoteFuzzHarness",
            dependencies: ["KeyNote"]
        ),
        // A small world (PA, payer, one machine) for demos and benchmarks.
        .target(
            name: "MicrocheckScenarios",
            dependencies: ["Microbilling", "MicrobillingStorage", "MicrocheckAgents", "MicrocheckCrypto", "MicrocheckLink", "SerialLink"]
        ),
        // Runs arbitrary bytes through the wire decoders and deposit uploads (fuzzing, regression replay).
        .target(name: "WireFuzzHarness", dependencies: ["MicrocheckWire", "MicrocheckCompression", "MicrocheckAgents"]),
        // Layer 5: executables.
        .executableTarget(
            name: "KeyNoteTool",
            dependencies: [
                "KeyNote",
                "MicrocheckCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "PayerAgent",
            dependencies: [
                "DeviceDiscovery", "Microbilling", "MicrobillingStorage", "MicrocheckAgents", "MicrocheckCrypto", "MicrocheckLink",
                "SerialLink", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "MerchantTerminalAgent",
            dependencies: [
                "Microbilling", "MicrobillingStorage", "MicrocheckAgents", "MicrocheckCrypto", "MicrocheckLink", "SerialLink",
                "VendingController", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ClearingServerCommand",
            dependencies: [
                "ClearingService", "Microbilling", "MicrobillingStorage", "MicrobillingPostgres", "MicrocheckAgents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "GatewayCommand",
            dependencies: [
                "GatewayService", "ClearingAPI", "Microbilling", "MicrobillingStorage", "MicrocheckAgents", "MicrocheckLink", "SerialLink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            ]
        ),
        .executableTarget(
            name: "ProvisioningServer",
            dependencies: [
                "ProvisioningService", "Microbilling", "MicrobillingStorage", "MicrocheckAgents", "MicrocheckCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "MicrocheckDemo",
            dependencies: ["Microbilling", "MicrobillingStorage", "MicrocheckScenarios"]
        ),
        .executableTarget(
            name: "WireBenchmark",
            dependencies: ["Microbilling", "MicrocheckAgents", "MicrocheckCrypto", "MicrocheckLink", "MicrocheckScenarios", "SerialLink"]
        ),
        .executableTarget(
            name: "KeyNoteBenchmark",
            dependencies: ["KeyNote", "MicrocheckCrypto"]
        ),
        .executableTarget(
            name: "ClearingBenchmark",
            dependencies: ["KeyNote", "Microbilling", "MicrobillingStorage", "MicrobillingPostgres", "MicrocheckCrypto", "MicrocheckScenarios",
                           "ClearingAPI", "ClearingService", "MicrocheckAgents",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                           .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // The reference's conformance vectors, for the test targets.
        .target(
            name: "KeyNoteVectors",
            path: "Tests/KeyNoteVectors"
        ),
        // Finds the built executables for the tests that run them as processes.
        .target(
            name: "BuiltPrograms",
            path: "Tests/BuiltPrograms"
        ),
        .testTarget(
            name: "MicrocheckCryptoTests",
            dependencies: ["MicrocheckCrypto"]
        ),
        .testTarget(
            name: "KeyNoteTests",
            dependencies: ["KeyNote", "MicrocheckCrypto", "KeyNoteFuzzHarness", "KeyNoteVectors"]
        ),
        .testTarget(
            name: "MicrobillingTests",
            dependencies: ["Microbilling", "MicrobillingStorage", "KeyNote", "MicrocheckCrypto"]
        ),
        .testTarget(
            name: "MicrocheckWireTests",
            dependencies: ["MicrocheckWire", "MicrocheckCompression", "MicrocheckLink", "SerialLink", "MicrocheckAgents", "WireFuzzHarness", "MicrocheckScenarios",
                           "Microbilling", "MicrobillingStorage", "MicrocheckCrypto"]
        ),
        .testTarget(
            name: "AgentProcessTests",
            dependencies: ["Microbilling", "MicrobillingStorage", "MicrocheckScenarios", "BuiltPrograms",
                           "VendingSim", "IRLinkSim", "MerchantTerminalAgent", "PayerAgent"]
        ),
        .testTarget(
            name: "GatewayClearingTests",
            dependencies: [
                "ClearingAPI", "ClearingService", "GatewayService", "Microbilling", "MicrobillingStorage", "MicrocheckAgents",
                "MicrocheckCompression", "MicrocheckCrypto", "MicrocheckHTTP", "MicrocheckScenarios", "MicrocheckWire", "BuiltPrograms",
                "ClearingServerCommand", "GatewayCommand",
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "DeviceDiscoveryTests",
            dependencies: ["DeviceDiscovery"]
        ),
        .testTarget(
            name: "HardwareSimTests",
            dependencies: ["HardwareSim", "SerialLink", "VendingController", "VendingSim", "IRLinkSim", "MicrocheckScenarios", "BuiltPrograms"],
            path: "hardware-sim/Tests/HardwareSimTests"
        ),
        .testTarget(
            name: "ProvisioningServiceTests",
            dependencies: [
                "ProvisioningService", "ProvisioningAPI", "ClearingAPI", "Microbilling", "MicrobillingStorage",
                "MicrocheckCrypto", "MicrocheckHTTP", "KeyNote",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "KeyNoteToolTests",
            dependencies: ["KeyNote", "KeyNoteTool", "KeyNoteVectors", "BuiltPrograms"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
