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
}
