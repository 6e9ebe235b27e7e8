import Foundation
import Updraft

/// The secret masker. Input: a byte choosing the minimum length, then three secrets and a text, one per line.
enum MaskerFuzzing {
    static func masker(_ input: FuzzInput) {
        guard let first = input.bytes.first else { return }
        let minimumLength = Int(first % 8) + 1
        let fields = FuzzInput(bytes: Array(input.bytes.dropFirst())).fields(4)
        let masker = SecretMasker(minimumLength: minimumLength)
        let secrets = Array(fields.prefix(3))
        masker.register(secrets[0])
        masker.register(secrets[1])
        masker.registerBasicCredentials(username: "svc", password: secrets[2])
        let text = fields[3]
        let masked = Array(masker.mask(text).utf8)
        var expectedGone = secrets
        if secrets[2].unicodeScalars.count >= minimumLength {
            expectedGone.append(Data("svc:\(secrets[2])".utf8).base64EncodedString())
        }
        for secret in expectedGone where secret.unicodeScalars.count >= minimumLength && !isPartOfMask(secret) {
            require(!contains(masked, Array(secret.utf8)),
                    "\(secret.debugDescription) survives masking \(text.debugDescription)")
        }
    }

    static func isPartOfMask(_ secret: String) -> Bool { secret.count <= 3 && secret.allSatisfy { $0 == "*" } }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
