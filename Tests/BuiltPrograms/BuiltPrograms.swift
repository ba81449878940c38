import Foundation

/// Finds the package's built executables for the tests that run them as
/// processes (`keynote`, the simulators, the agents).
public enum BuiltPrograms {
    /// The package's root directory (…/Tests/BuiltPrograms/BuiltPrograms.swift → …).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable `name`: the path in the environment variable
    /// `override`, when given and set (the executable, or a folder holding
    /// it); otherwise the one next to the test
    /// executable (`swift test` builds every product of the package into the
    /// same folder, whatever `--scratch-path` is); otherwise under
    /// `.build/debug` or `.build-cli/debug` of the package. Nil when none is executable.
    public static func url(of name: String, override: String? = nil) -> URL? {
        var candidates: [URL] = []
        if let override, let path = ProcessInfo.processInfo.environment[override], !path.isEmpty {
            var isFolder: ObjCBool = false
            let url = URL(fileURLWithPath: path)
            let isDirectory = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            candidates.append(isDirectory ? url.appendingPathComponent(name) : url)
        }
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles { folders.append(bundle.bundleURL.deletingLastPathComponent()) }
        for scratch in [".build", ".build-cli"] {
            folders.append(packageRoot.appendingPathComponent(scratch).appendingPathComponent("debug"))
        }
        candidates += folders.map { $0.appendingPathComponent(name) }
        return candidates.first { $0.lastPathComponent == name && FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
