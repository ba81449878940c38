// swift-tools-version: 6.1
// A developer tool, not part of the Microcheck package or its CI: measures the
// worst cases of KeyNote's `~=` matcher within RegexLimits. See README.md.
import PackageDescription

let package = Package(
    name: "regex-worst-case",
    targets: [
        // Sources/RegexWorstCase/Regex is a symlink to Sources/KeyNote/Regex of the
        // repository, so the tool measures the engine's own code.
        .executableTarget(name: "RegexWorstCase")
    ],
    swiftLanguageModes: [.v6]
)
