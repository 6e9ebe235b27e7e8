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
        let masked = masker.mask(text)
        var expectedGone = secrets
        if secrets[2].unicodeScalars.count >= minimumLength {
            expectedGone.append(Data("svc:\(secrets[2])".utf8).base64EncodedString())
        }
        for secret in expectedGone where secret.unicodeScalars.count >= minimumLength && !isPartOfMask(secret) {
            require(!holds(masked, secret),
                    "\(secret.debugDescription) survives masking \(text.debugDescription)")
        }
    }

    static func isPartOfMask(_ secret: String) -> Bool {
        secret.utf8.count <= 3 && secret.utf8.allSatisfy { $0 == UInt8(ascii: "*") }
    }
}
