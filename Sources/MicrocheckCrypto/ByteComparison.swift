#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array<UInt8> {
    /// Whether both arrays hold the same bytes, compared with `memcmp`
    /// (`==` on arrays compares element by element).
    package func hasSameBytes(as other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { lhs in
            other.withUnsafeBytes { rhs in
                guard let left = lhs.baseAddress, let right = rhs.baseAddress, left != right else { return true }
                return memcmp(left, right, lhs.count) == 0
            }
        }
    }

    /// Whether the array holds the bytes of `other`, compared with `memcmp`.
    package func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { lhs in
            guard let left = lhs.baseAddress, let right = other.baseAddress, left != UnsafeRawPointer(right) else { return true }
            return memcmp(left, right, lhs.count) == 0
        }
    }
}
