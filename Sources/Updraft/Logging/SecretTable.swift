import Foundation

/// The secrets a ``SecretMasker`` replaces, as UTF-8 bytes, indexed by their first byte so that masking a line
/// costs one look-up per byte rather than one search per secret.
///
/// Matching bytes is matching Unicode scalars: UTF-8 is self-synchronising, so the bytes of a whole scalar
/// sequence can only match at a scalar boundary.
struct SecretTable: Sendable {
    private static let mask = Array("***".utf8)

    /// For each first byte, the secrets starting with it, longest first (a secret containing another is replaced
    /// whole).
    private var byFirstByte = [[[UInt8]]](repeating: [], count: 256)
    private(set) var isEmpty = true
    /// Whether some secret contains `*`, the character of the mask.
    private(set) var hasSecretWithMaskCharacter = false

    /// Adds `secret` unless it is already known or is part of the mask itself (such a secret can never vanish).
    mutating func insert(_ secret: [UInt8]) {
        let isPartOfMask = secret.count <= Self.mask.count && secret.allSatisfy { $0 == UInt8(ascii: "*") }
        guard let first = secret.first, !isPartOfMask, !byFirstByte[Int(first)].contains(secret) else { return }
        byFirstByte[Int(first)].append(secret)
        byFirstByte[Int(first)].sort { $0.count > $1.count }
        isEmpty = false
        if secret.contains(UInt8(ascii: "*")) { hasSecretWithMaskCharacter = true }
    }

    /// `text` with each secret found in one left-to-right scan replaced by `***`; nil when none was found.
    func replacingSecrets(in text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBufferPointer { bytes -> [UInt8]? in
            var output: [UInt8] = []
            var copiedUpTo = 0
            var index = 0
            while index < bytes.count {
                guard let length = longestSecret(at: index, in: bytes) else {
                    index += 1
                    continue
                }
                if output.isEmpty { output.reserveCapacity(bytes.count) }
                output.append(contentsOf: bytes[copiedUpTo..<index])
                output.append(contentsOf: Self.mask)
                index += length
                copiedUpTo = index
            }
            guard copiedUpTo > 0 else { return nil }
            output.append(contentsOf: bytes[copiedUpTo...])
            return output
        }
    }

    private func longestSecret(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let remaining = bytes.count - index
        for secret in byFirstByte[Int(bytes[index])] where secret.count <= remaining {
            if secret.withUnsafeBufferPointer({ candidate in
                memcmp(candidate.baseAddress!, bytes.baseAddress! + index, candidate.count) == 0
            }) {
                return secret.count
            }
        }
        return nil
    }
}
