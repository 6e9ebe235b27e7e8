import Updraft

/// Masks secrets inside JSON values (run conf, XCom) before they are shown.
enum MaskedJSON {
    static func mask(_ value: JSONValue, with masker: SecretMasker) -> JSONValue {
        switch value {
        case .string(let text): .string(masker.mask(text))
        case .array(let items): .array(items.map { mask($0, with: masker) })
        case .object(let fields): .object(fields.mapValues { mask($0, with: masker) })
        default: value
        }
    }
}
