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
        .library(name: "SerialLink", targets: ["SerialLink"]),
        .library(name: "DeviceDiscovery", targets: ["DeviceDiscovery"]),
        .library(name: "VendingController", targets: ["VendingController"]),
        .executable(name: "vending-sim", targets: ["VendingSim"]),
        .executable(name: "irlink-sim", targets: ["IRLinkSim"]),
        .executable(name: "keynote", targets: ["KeyNoteTool"]),
        .executable(name: "keynote-bench", targets: ["KeyNoteBenchmark"]),
        // For tools/fuzz, a package of its own so that CI never builds it with the fuzzer.
        .library(name: "KeyNoteFuzzHarness", targets: ["KeyNoteFuzzHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        // Layer 2: Swift wrappers with no C types in their public API.
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
        // Serial lines: termios, ptys, byte channels with timeouts.
        .target(name: "SerialLink"),
        // The vending controller's line protocol, both sides, no I/O.
        .target(name: "VendingController"),
        // hardware-sim/: the paper's vending machine, the IR link, a hot-plugged dongle.
        .target(name: "HardwareSim", dependencies: ["SerialLink", "VendingController"], path: "hardware-sim/Sources/HardwareSim"),
        .executableTarget(name: "VendingSim", dependencies: ["HardwareSim", "SerialLink", "VendingController",
                                                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "hardware-sim/Sources/VendingSim"),
        .executableTarget(name: "IRLinkSim", dependencies: ["HardwareSim", "SerialLink",
                                                          .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "hardware-sim/Sources/IRLinkSim"),
        // Turns arbitrary bytes into a KeyNote session and query (fuzzing, regression replay).
        .target(
            name: "KeyNoteFuzzHarness",
            dependencies: ["KeyNote"]
        ),
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
            name: "KeyNoteBenchmark",
            dependencies: ["KeyNote", "MicrocheckCrypto"]
        ),
        // The reference's conformance vectors, for the test targets.
        .target(
            name: "KeyNoteVectors",
            path: "Tests/KeyNoteVectors"
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
            name: "DeviceDiscoveryTests",
            dependencies: ["DeviceDiscovery"]
        ),
        .testTarget(
            name: "HardwareSimTests",
            dependencies: ["HardwareSim", "SerialLink", "VendingController", "VendingSim", "IRLinkSim"],
            path: "hardware-sim/Tests/HardwareSimTests"
        ),
        .testTarget(
            name: "KeyNoteToolTests",
            dependencies: ["KeyNote", "KeyNoteTool", "KeyNoteVectors"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
