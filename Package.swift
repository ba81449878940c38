// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Microcheck",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KeyNote", targets: ["KeyNote"]),
        .library(name: "MicrocheckCrypto", targets: ["MicrocheckCrypto"]),
        .executable(name: "keynote", targets: ["KeyNoteTool"]),
        .executable(name: "keynote-bench", targets: ["KeyNoteBenchmark"]),
        // For tools/fuzz, a package of its own so that CI never builds it with the fuzzer.
        .library(name: "KeyNoteFuzzHarness", targets: ["KeyNoteFuzzHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Layer 1: C system libraries behind thin shims.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Layer 2: Swift wrappers with no C types in their public API.
        .target(
            name: "MicrocheckCrypto",
            dependencies: ["COpenSSL"]
        ),
        // Layer 3: pure libraries, no I/O.
        .target(
            name: "KeyNote",
            dependencies: ["MicrocheckCrypto"]
        ),
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
            name: "KeyNoteToolTests",
            dependencies: ["KeyNote", "KeyNoteTool", "KeyNoteVectors"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
