import KeyNote
import MicrocheckCrypto

/// Wording of engine errors for people: what, and where.
enum ErrorText {
    /// `reason (code), line L, column C` for an error in `text`, or without
    /// the place when the error has none. `base` is the offset of `text` in
    /// the file it came from, so that lines count from the start of the file.
    static func describe(_ error: KeyNoteError, inFile file: [UInt8]? = nil, base: Int = 0) -> String {
        var text = "\(error.reason) (\(error.code))"
        if var location = error.location {
            if let file, base > 0 {
                location = SourceLocation(offset: base + location.offset, in: file)
            }
            text = "line \(location.line), column \(location.column): " + text
        }
        return text
    }

    /// `<file>, line L, column C: reason (code)`, or `<file>: reason (code)`
    /// when the error has no place.
    static func describe(_ error: KeyNoteError, file name: String, bytes: [UInt8]? = nil, base: Int = 0) -> String {
        "<\(name)>" + (error.location == nil ? ": " : ", ") + describe(error, inFile: bytes, base: base)
    }

    /// `reason (code)` for a crypto error.
    static func describe(_ error: KeyNoteCryptoError) -> String {
        "\(error.reason) (\(error.code))"
    }
}
