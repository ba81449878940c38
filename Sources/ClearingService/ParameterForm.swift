import ClearingAPI

/// The forms the API document gives its parameters (the generated code
/// does not check `pattern`s): a key fingerprint, 16 to 64 lowercase hex
/// digits; a merchant id or flag subject, 1 to 64 letters, digits, '.', '_' or '-'.
enum ParameterForm {
    static func isFingerprint(_ text: String) -> Bool {
        (16...64).contains(text.utf8.count) && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func isName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 46 || $0 == 95 || $0 == 45
        }
    }

    static func problem(_ name: String, _ value: String) -> Components.Schemas.Problem {
        .init(code: "bad-parameter", message: "\(name) '\(value.prefix(80))' does not have the documented form")
    }
}
