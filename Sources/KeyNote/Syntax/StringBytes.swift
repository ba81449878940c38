extension String {
    /// The string's UTF-8 bytes, copied from its contiguous storage in one
    /// pass (`Array(utf8)` may go through the view a byte at a time).
    var utf8Bytes: [UInt8] {
        var text = self
        return text.withUTF8 { Array($0) }
    }
}
