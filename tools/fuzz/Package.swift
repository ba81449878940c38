// swift-tools-version: 6.1
// The libFuzzer targets (KeyNote engine, wire decoders), a package of its own so that CI
// never builds it with the fuzzer. Build and run it with `tools/fuzz/run`.
import PackageDescription

let package = Package(
    name: "KeyNoteFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The repository root, named so that the product reference below does not
        // depend on the folder the repository was cloned into.
        .package(name: "Microcheck", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "WireFuzz",
            dependencies: [
                .product(name: "WireFuzzHarness", package: "Microcheck"),
            ]
        ),
        .executableTarget(
            name: "KeyNoteFuzz",
            dependencies: [
                .product(name: "KeyNoteFuzzHarness", package: "Microcheck"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
